/* staff.c — the credentials of staff who check stations on site (yijia
 * staff; yijia serve --staff).  A credential is a token
 * "<handle>.<secret>": the handle (12 lower-case hex digits, 6 random
 * bytes) is public and names the row; the secret (32 bytes from
 * /dev/urandom, 43 base64url characters) is shown once by `yijia staff
 * add` and then lives only on the phone.  The database keeps the hex
 * SHA-256 of the secret's 43 characters, never the secret, so a copy of
 * the file signs nobody in.  Checking compares the 32 bytes of the hashes
 * without an early exit, and compares an unknown handle's too, so the
 * answer's timing says nothing about the secret.  Every refusal has one
 * message, whichever check failed.  The rows are db_staff.c's; this file
 * has no SQL. */
#include "db_staff.h"

#include "error.h"
#include "i18n.h"
#include "sha256.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
    HANDLE_BYTES = 6,
    HANDLE_LEN = 2 * HANDLE_BYTES,           /* 12 hex digits */
    SECRET_BYTES = 32,
    SECRET_LEN = 43,                         /* base64url, no padding */
    TOKEN_LEN = HANDLE_LEN + 1 + SECRET_LEN, /* 56 */
    NAME_MAX_CHARS = 40
};

/* one message for every way a credential can be wrong (translated where
 * it is reported) */
static const char bad_credential[] = N_("not a valid staff credential");

/* Wipe a buffer that held a secret (not optimised away: volatile). */
static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;

    while (n-- > 0)
        *v++ = 0;
}

static yj_code random_bytes(unsigned char *buf, size_t n, yj_error *err)
{
    size_t got = 0;
    int fd;

    if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0)
        return yj_fail(err, YJ_EIO, "/dev/urandom: %s", strerror(errno));
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : EIO;
            close(fd);
            return yj_fail(err, YJ_EIO, "/dev/urandom: %s", strerror(e));
        }
        got += (size_t)r;
    }
    close(fd);
    return YJ_OK;
}

static void hex_encode(char *out, const unsigned char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        out[i * 2] = hex[p[i] >> 4];
        out[i * 2 + 1] = hex[p[i] & 15];
    }
    out[n * 2] = '\0';
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* 32 bytes from 64 lower-case hex digits; false otherwise. */
static bool hex_decode(unsigned char out[YJ_SHA256_SIZE], const char *hex)
{
    int i;

    for (i = 0; i < YJ_SHA256_SIZE; i++) {
        int hi = hex_digit(hex[i * 2]), lo;
        if (hi < 0 || (lo = hex_digit(hex[i * 2 + 1])) < 0)
            return false;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return hex[64] == '\0';
}

/* RFC 4648 §5 without padding: 32 bytes → 43 characters + NUL. */
static void base64url(char *out, const unsigned char *p, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "abcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t i, o = 0;

    for (i = 0; i + 2 < n; i += 3) {
        unsigned long v = (unsigned long)p[i] << 16 |
                          (unsigned long)p[i + 1] << 8 | p[i + 2];
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = abc[v >> 6 & 63];
        out[o++] = abc[v & 63];
    }
    if (n - i == 1) {
        unsigned long v = (unsigned long)p[i] << 16;
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
    } else if (n - i == 2) {
        unsigned long v = (unsigned long)p[i] << 16 |
                          (unsigned long)p[i + 1] << 8;
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = abc[v >> 6 & 63];
    }
    out[o] = '\0';
}

static bool is_base64url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* "<12 lower-case hex>.<43 base64url>" and nothing more. */
static bool well_formed(const char *token)
{
    size_t i;

    if (token == NULL || strnlen(token, TOKEN_LEN + 1) != TOKEN_LEN)
        return false;
    for (i = 0; i < HANDLE_LEN; i++)
        if (hex_digit(token[i]) < 0)
            return false;
    if (token[HANDLE_LEN] != '.')
        return false;
    for (i = HANDLE_LEN + 1; i < TOKEN_LEN; i++)
        if (!is_base64url(token[i]))
            return false;
    return true;
}

/* Now in Beijing as "YYYY-MM-DD HH:MM". */
static void now_text(char buf[17])
{
    time_t t = time(NULL) + 8 * 3600;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, 17, "%Y-%m-%d %H:%M", &tm);
}

/* Code points a terminal would show escaped (yj_text_escape's set): C0,
 * DEL, C1, the bidirectional controls and the line/paragraph
 * separators. */
static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
           cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* `name` without the spaces around it (ASCII and U+3000) into out[size],
 * checked: 1-40 characters of valid UTF-8 without controls. */
static yj_code clean_name(char *out, size_t size, const char *name,
                          yj_error *err)
{
    const char *s = name, *e;
    size_t len, i, chars = 0;

    if (name == NULL)
        return yj_fail(err, YJ_EINVAL, "staff name is empty");
    len = strnlen(name, 4 * NAME_MAX_CHARS + 64);
    if (name[len] != '\0')
        return yj_fail(err, YJ_EINVAL, "staff name is longer than %d "
                       "characters", NAME_MAX_CHARS);
    e = name + len;
    for (;;) {
        if (s < e && *s == ' ')
            s++;
        else if (e - s >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
            s += 3;
        else
            break;
    }
    for (;;) {
        if (e > s && e[-1] == ' ')
            e--;
        else if (e - s >= 3 && memcmp(e - 3, "\xe3\x80\x80", 3) == 0)
            e -= 3;
        else
            break;
    }
    len = (size_t)(e - s);
    if (len == 0)
        return yj_fail(err, YJ_EINVAL, "staff name is empty");
    if (!yj_utf8_valid(NULL, s, len))
        return yj_fail(err, YJ_EINVAL, "staff name is not valid UTF-8");
    for (i = 0; i < len; chars++) {
        uint32_t cp;
        size_t n = yj_utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return yj_fail(err, YJ_EINVAL, "staff name is not valid UTF-8");
        if (is_control(cp))
            return yj_fail(err, YJ_EINVAL, "staff name contains a control "
                           "character");
        i += n;
    }
    if (chars > NAME_MAX_CHARS)
        return yj_fail(err, YJ_EINVAL, "staff name is longer than %d "
                       "characters", NAME_MAX_CHARS);
    if (len >= size)
        return yj_fail(err, YJ_EINVAL, "staff name is too long");
    memcpy(out, s, len);
    out[len] = '\0';
    return YJ_OK;
}

yj_code yj_staff_add(char *token, size_t size, yj_editor *ed,
                     const char *name, yj_error *err)
{
    char clean[YJ_STAFF_NAME_MAX], at[17], hash[65];
    char handle[HANDLE_LEN + 1], secret[SECRET_LEN + 1];
    unsigned char bytes[SECRET_BYTES];
    bool taken = true;
    yj_code rc = YJ_OK;
    int tries;

    if (size > 0)
        token[0] = '\0';
    if (size <= TOKEN_LEN)
        return yj_fail(err, YJ_EINVAL, "token buffer too small");
    if ((rc = clean_name(clean, sizeof clean, name, err)) != YJ_OK)
        return rc;
    now_text(at);
    /* A handle drawn twice in 2^48 is not expected; draw again if so. */
    for (tries = 0; taken && tries < 3; tries++) {
        if ((rc = random_bytes(bytes, HANDLE_BYTES, err)) != YJ_OK)
            break;
        hex_encode(handle, bytes, HANDLE_BYTES);
        if ((rc = random_bytes(bytes, SECRET_BYTES, err)) != YJ_OK)
            break;
        base64url(secret, bytes, SECRET_BYTES);
        yj_sha256_hex(hash, secret, SECRET_LEN);
        rc = yj_editor_staff_insert(ed, &taken, handle, clean, hash, at,
                                    err);
        if (rc != YJ_OK && !taken)
            break;
    }
    if (rc == YJ_OK) {
        memcpy(token, handle, HANDLE_LEN);
        token[HANDLE_LEN] = '.';
        memcpy(token + HANDLE_LEN + 1, secret, SECRET_LEN + 1);
    }
    wipe(bytes, sizeof bytes);
    wipe(secret, sizeof secret);
    return rc;
}

yj_code yj_staff_revoke(yj_editor *ed, const char *name, yj_error *err)
{
    char clean[YJ_STAFF_NAME_MAX], at[17];
    yj_code rc;

    if ((rc = clean_name(clean, sizeof clean, name, err)) != YJ_OK)
        return rc;
    now_text(at);
    return yj_editor_staff_revoke(ed, clean, at, err);
}

yj_code yj_staff_list(yj_editor *ed, yj_staff_fn fn, void *payload,
                      yj_error *err)
{
    return yj_editor_staff_each(ed, fn, payload, err);
}

yj_code yj_staff_verify(char *name, size_t size, yj_db *db,
                        const char *token, yj_error *err)
{
    char holder[YJ_STAFF_NAME_MAX], stored[65], handle[HANDLE_LEN + 1];
    unsigned char want[YJ_SHA256_SIZE], got[YJ_SHA256_SIZE];
    unsigned diff = 0;
    bool known;
    yj_code rc;
    int i;

    if (size > 0)
        name[0] = '\0';
    if (!well_formed(token))
        return yj_fail(err, YJ_EINVAL, "%s", _(bad_credential));
    memcpy(handle, token, HANDLE_LEN);
    handle[HANDLE_LEN] = '\0';
    rc = yj_db_staff_find(holder, sizeof holder, stored, db, handle, err);
    if (rc != YJ_OK && rc != YJ_ENOTFOUND)
        return rc;
    /* An unknown handle is compared against zeros, as long as a known
     * one takes. */
    known = rc == YJ_OK && hex_decode(want, stored);
    if (!known)
        memset(want, 0, sizeof want);
    yj_sha256(got, token + HANDLE_LEN + 1, SECRET_LEN);
    for (i = 0; i < YJ_SHA256_SIZE; i++)
        diff |= (unsigned)(want[i] ^ got[i]);
    wipe(got, sizeof got);
    if (!known || diff != 0)
        return yj_fail(err, YJ_EINVAL, "%s", _(bad_credential));
    if (size > 0)
        yj_utf8_copy(name, size, holder);
    return YJ_OK;
}

void yj_staff_csrf(char buf[65], const char *token)
{
    static const char prefix[] = "yijia-csrf:";
    unsigned char d[YJ_SHA256_SIZE];
    yj_sha256_ctx c;

    yj_sha256_init(&c);
    yj_sha256_update(&c, prefix, sizeof prefix - 1);
    if (token != NULL)
        yj_sha256_update(&c, token, strlen(token));
    yj_sha256_final(&c, d);
    hex_encode(buf, d, sizeof d);
}
