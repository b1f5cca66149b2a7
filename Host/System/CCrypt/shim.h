#include <crypt.h>

/* The size crypt_rn needs. Swift never sees struct crypt_data itself: its 30 KiB of char
   arrays would import as enormous tuples, and the host only needs the bytes. */
static inline int sb_crypt_data_size(void) { return (int)sizeof(struct crypt_data); }
