/* geocode.h — private: reading one provider's answer (geocode.c), apart
 * from the run, so that the unit tests and the fuzzer
 * (tests/fuzz/fuzz_geocode_answer.c) call the very code the tool uses.
 *
 * The secrets policy (issue 19) lives here, in one filter: every string
 * that came from the network — a label, a level, a message quoting the
 * answer or the HTTP layer, the answer kept in the cache — is blanked of
 * the run's key and secret before it leaves: in every form a provider
 * could quote them (as sent, URL-encoded either way, JSON-escaped, in any
 * letter case), as "***".  The same filter replaces control characters
 * and invalid UTF-8, and strings are cut to their fields at character
 * boundaries only.  Every number is checked finite and in range before it
 * is used; a point outside ±180, ±90 makes the answer malformed. */
#ifndef YJ_GEOCODE_H
#define YJ_GEOCODE_H

#include "yijia.h"

/* The most queries one request may carry (Amap's batch limit); every
 * provider's batch is at most this. */
#define YJ_GEO_BATCH 10

typedef enum yj_geo_verdict {
    YJ_GEO_OK,     /* a valid answer (found or not) */
    YJ_GEO_RETRY,  /* malformed, or the provider's "try again later" */
    YJ_GEO_FAIL,   /* this query failed; go on with the next */
    YJ_GEO_FATAL   /* stop the run (key, signature, quota, HTTP error) */
} yj_geo_verdict;

typedef struct yj_geo_answer {
    yj_geo_verdict verdict;
    size_t n;                           /* queries the answer is for */
    yj_geo_result result[YJ_GEO_BATCH]; /* OK: what it said of each */
    /* OK: what the cache keeps for query i — compact JSON of the answer
     * (an Amap batch: of its element i), as jansson writes what it read,
     * filtered; NULL otherwise.  Owned by the answer. */
    char *raw[YJ_GEO_BATCH];
    char message[300];                  /* not OK: why, one line */
} yj_geo_answer;

/* Read body[0..len), the body of a provider's HTTP 200, as the answer to
 * n queries (1, or 2..10 for an Amap batch; `poi`: Amap's POI search) of
 * provider opt->provider, filtering with opt->key and opt->secret.  Fills
 * *out (release with yj_geo_answer_clear) and says in out->verdict what
 * the run should do.  YJ_OK whatever the verdict; YJ_EINVAL for n or poi
 * out of range, YJ_EDEPENDENCY when jansson cannot be loaded, YJ_ENOMEM. */
yj_code yj_geocode_read(yj_geo_answer *out, const yj_geocode_options *opt,
                        bool poi, size_t n, const char *body, size_t len,
                        yj_error *err);
void yj_geo_answer_clear(yj_geo_answer *a);

#endif
