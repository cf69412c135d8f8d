/* fuzz_geocode_answer.c — libFuzzer target for the providers' answers: the
 * bytes are read as the body of an HTTP 200, through the very function the
 * tool uses (yj_geocode_read, geocode.h), as each provider's answer:
 * Amap's geocoder (one address, and a batch of three), Amap's POI search,
 * Baidu, Tianditu and Nominatim — with a key and a secret the input may
 * quote.  Never a crash, a leak or undefined behaviour; and what comes out
 * keeps geocode.h's promises: no form of the key or secret in any text or
 * in what the cache would keep, every text valid UTF-8 without control
 * characters, a point only within ±180, ±90, a precision from our list,
 * nothing but a message when the verdict is not OK.  The seed corpus
 * (tests/fuzz/corpus/geocode_answer/, all SYNTHETIC answers in the
 * providers' formats) replays in every test run. */
#include "geocode.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEY "FuzzKey-0123abcd"
#define SECRET "Fuzz/Secret+99\"q"

/* The forms the filter blanks, in lower case: as sent, URL-encoded (%20
 * and form style agree here), JSON-escaped. */
static const char *const forms[] = {
    "fuzzkey-0123abcd", "fuzz/secret+99\"q", "fuzz%2fsecret%2b99%22q",
    "fuzz/secret+99\\\"q"};

static void check_text(const char *s, size_t cap, bool json)
{
    size_t n = strnlen(s, cap), i;
    char *low;

    if (n == cap || !yj_utf8_valid(NULL, s, n))
        abort();
    if ((low = malloc(n + 1)) == NULL)
        abort();
    for (i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* labels, levels and messages hold no control characters (the
         * cache's JSON escapes its own) */
        if (!json && i < n && (c < 0x20 || c == 0x7F))
            abort();
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (strstr(low, forms[i]) != NULL)
            abort();
    free(low);
}

static void check(const yj_geo_answer *a, size_t n)
{
    static const char *const precisions[] = {"", "door", "poi", "road",
                                             "township", "district"};
    size_t i, k;

    if (a->verdict != YJ_GEO_OK && a->verdict != YJ_GEO_RETRY &&
        a->verdict != YJ_GEO_FAIL && a->verdict != YJ_GEO_FATAL)
        abort();
    check_text(a->message, sizeof a->message, false);
    for (i = 0; i < YJ_GEO_BATCH; i++) {
        const yj_geo_result *r = &a->result[i];
        if (a->verdict != YJ_GEO_OK || i >= n) {
            if (r->found || a->raw[i] != NULL)
                abort();
            continue;
        }
        if (a->raw[i] == NULL)
            abort();
        check_text(a->raw[i], strlen(a->raw[i]) + 1, true);
        check_text(r->label, sizeof r->label, false);
        check_text(r->level, sizeof r->level, false);
        for (k = 0; k < sizeof precisions / sizeof precisions[0]; k++)
            if (strcmp(r->precision, precisions[k]) == 0)
                break;
        if (k == sizeof precisions / sizeof precisions[0])
            abort();
        if (r->found && !(isfinite(r->lon) && isfinite(r->lat) &&
                          fabs(r->lon) <= 180.0 && fabs(r->lat) <= 90.0))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        yj_provider provider;
        bool poi;
        size_t n;
    } runs[] = {
        {YJ_PROVIDER_AMAP, false, 1},     {YJ_PROVIDER_AMAP, false, 3},
        {YJ_PROVIDER_AMAP, true, 1},      {YJ_PROVIDER_BAIDU, false, 1},
        {YJ_PROVIDER_TIANDITU, false, 1}, {YJ_PROVIDER_NOMINATIM, false, 1},
    };
    yj_geocode_options opt;
    yj_geo_answer a;
    yj_error err;
    size_t i;

    memset(&opt, 0, sizeof opt);
    opt.key = KEY;
    opt.secret = SECRET;
    for (i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        opt.provider = runs[i].provider;
        if (yj_geocode_read(&a, &opt, runs[i].poi, runs[i].n,
                            (const char *)data, size, &err) != YJ_OK)
            abort();  /* jansson missing, or out of memory */
        check(&a, runs[i].n);
        yj_geo_answer_clear(&a);
    }
    return 0;
}
