/* md5.h — private: MD5 (RFC 1321), for the map providers' request
 * signatures (Amap `sig`, Baidu `sn`).  Not for security: the providers
 * chose it. */
#ifndef YJ_MD5_H
#define YJ_MD5_H

#include <stddef.h>

/* The MD5 of data[0..len) as 32 lower-case hex digits and a NUL. */
void yj_md5_hex(char out[33], const void *data, size_t len);

#endif
