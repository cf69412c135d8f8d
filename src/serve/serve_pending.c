/* serve_pending.c — PENDING: a stand-in for yj_survey_apply (survey.c)
 * until it arrives; then this file goes. */
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

yj_code yj_survey_apply(yj_survey_result *out, yj_editor *ed,
                        const yj_survey *s, yj_error *err)
{
    (void)ed;
    (void)s;
    memset(out, 0, sizeof *out);
    if (err != NULL) {
        err->code = YJ_ENOTFOUND;
        err->input = YJ_INPUT_NONE;
        snprintf(err->message, sizeof err->message, "pending");
    }
    return YJ_ENOTFOUND;
}
