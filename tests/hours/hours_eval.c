/* hours_eval.c — yijia's opening_hours evaluator behind a pipe, for the
 * differential test against opening_hours.js (tests/hours/diff.js): one
 * process answers a whole batch, where `yijia list --open-at` would start
 * a process and open a database per instant.
 *
 * Reads lines from stdin and answers each with one line on stdout:
 *   E<TAB>expression   → "ok", or "error<TAB>message" (yj_hours_parse's)
 *   T<TAB>unix seconds → "open", "closed" or "unknown": yj_hours_status of
 *                        the last expression at that instant, or "-" when
 *                        the last expression did not parse
 * Evaluated without a holiday calendar: public holidays (PH) and China's
 * make-up working days are yijia's own and stay out of the comparison
 * (data/README.md), so no date is a holiday or a make-up working day here.
 * Exit 0 at the end of the input, 1 on a malformed line or a failed call. */
#include "yijia.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    yj_hours *h = NULL;
    long lineno = 0;
    int status = 0;

    while ((len = getline(&line, &cap, stdin)) != -1) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len >= 2 && line[0] == 'E' && line[1] == '\t') {
            yj_error err;
            yj_hours_free(h);
            h = NULL;
            if (yj_hours_parse(&h, line + 2, &err) == YJ_OK)
                fputs("ok\n", stdout);
            else
                printf("error\t%s\n", err.message);
        } else if (len >= 3 && line[0] == 'T' && line[1] == '\t') {
            yj_open_status st;
            yj_error err;
            char *end;
            long long t;

            errno = 0;
            t = strtoll(line + 2, &end, 10);
            if (errno != 0 || *end != '\0' || end == line + 2) {
                fprintf(stderr, "hours_eval: line %ld: bad time '%s'\n",
                        lineno, line + 2);
                status = 1;
                break;
            }
            if (h == NULL) {
                fputs("-\n", stdout);
                continue;
            }
            if (yj_hours_status(&st, h, NULL, (int64_t)t, &err) != YJ_OK) {
                fprintf(stderr, "hours_eval: line %ld: %s\n", lineno,
                        err.message);
                status = 1;
                break;
            }
            puts(yj_hours_state_name(st.state));
        } else {
            fprintf(stderr, "hours_eval: line %ld: expected E<TAB>expression "
                            "or T<TAB>unix time\n", lineno);
            status = 1;
            break;
        }
    }
    yj_hours_free(h);
    free(line);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "hours_eval: cannot write the answers\n");
        status = 1;
    }
    return status;
}
