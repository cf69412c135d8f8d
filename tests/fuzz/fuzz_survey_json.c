/* fuzz_survey_json.c — libFuzzer target for the JSON a phone sends to
 * `yijia serve --staff`: a check on site (yj_survey_from_json) and the
 * sign-in body (yj_json_member_string).  Any bytes either read — a check
 * whose numbers are in the documented ranges and whose strings are valid
 * C strings — or fail with a message; never a crash, a leak or an
 * overflow. */
#include "yijia.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yj_survey_doc *doc = NULL;
    yj_survey s = YJ_SURVEY_INIT;
    yj_error err;
    char token[128];

    memset(&err, 0, sizeof err);
    if (yj_survey_from_json(&doc, &s, (const char *)data, size, &err) ==
        YJ_OK) {
        if (s.submission_id == NULL || s.station_id == NULL ||
            !(fabs(s.point.lon) <= 180) || !(fabs(s.point.lat) <= 90) ||
            !(s.accuracy_m > 0 && s.accuracy_m <= 1000) ||
            strlen(s.submission_id) < 8 || strlen(s.submission_id) > 64)
            abort();
        if (s.amenities != NULL)
            (void)strlen(s.amenities);
        if (s.opening_hours != NULL)
            (void)strlen(s.opening_hours);
        if (s.phone != NULL)
            (void)strlen(s.phone);
        if (s.note != NULL)
            (void)strlen(s.note);
    } else if (err.message[0] == '\0') {
        abort(); /* every refusal says why */
    }
    yj_survey_doc_free(doc);
    memset(&err, 0, sizeof err);
    if (yj_json_member_string(token, sizeof token, (const char *)data, size,
                              "token", &err) == YJ_OK) {
        if (strlen(token) >= sizeof token)
            abort();
    } else if (err.message[0] == '\0') {
        abort();
    }
    return 0;
}
