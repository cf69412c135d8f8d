/* sha256.h — private: SHA-256 (FIPS 180-4), for the staff credentials
 * (staff.c keeps the hash of each secret, never the secret) and the CSRF
 * token derived from a session's credential.  One-shot or streamed. */
#ifndef YJ_SHA256_H
#define YJ_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define YJ_SHA256_SIZE 32

typedef struct yj_sha256_ctx {
    uint32_t h[8];
    uint64_t bytes;              /* message length so far */
    unsigned char block[64];     /* the partial block */
    size_t used;                 /* bytes in block */
} yj_sha256_ctx;

void yj_sha256_init(yj_sha256_ctx *c);
void yj_sha256_update(yj_sha256_ctx *c, const void *data,
                      size_t len);
/* The digest; `c` must be initialised again before it is reused. */
void yj_sha256_final(yj_sha256_ctx *c,
                     unsigned char out[YJ_SHA256_SIZE]);

/* The digest of data[0..len), raw and as 64 lower-case hex digits + NUL. */
void yj_sha256(unsigned char out[YJ_SHA256_SIZE], const void *data,
               size_t len);
void yj_sha256_hex(char out[65], const void *data, size_t len);

#endif
