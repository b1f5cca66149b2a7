/* Naming threads: pthread_setname_np needs _GNU_SOURCE, which Swift's Glibc module does not set. */
#define _GNU_SOURCE
#include "CShims.h"

#include <pthread.h>
#include <string.h>

void sbs_set_thread_name(const char *name) {
    char cut[16]; /* Linux keeps 15 bytes and the NUL */
    strncpy(cut, name, sizeof cut - 1);
    cut[sizeof cut - 1] = '\0';
    pthread_setname_np(pthread_self(), cut);
}
