#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
/* Web Push (RFC 8291/8292): P-256 keys, ECDH, ECDSA signatures, HKDF, SubjectPublicKeyInfo. */
#include <openssl/ec.h>
#include <openssl/kdf.h>
#include <openssl/x509.h>
#include <openssl/bn.h>
