/* fuzz_hours.c — libFuzzer target for the opening_hours parser and
 * evaluator: any bytes either parse (and then evaluate at a time taken
 * from the input, with the shipped calendar's kinds of day) or fail with
 * YJ_EPARSE and a message naming the character — never a crash, a leak or an
 * out-of-range state.  The corpus replays in every test run. */
#include "yijia.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char holidays[] =
        "date,kind\n2025-10-01,holiday\n2025-10-02,holiday\n"
        "2025-09-28,workday\n";
    yj_calendar *cal = NULL;
    yj_hours *h = NULL;
    yj_open_status st;
    yj_error err;
    char *text, buf[160];
    int64_t t = 1759320000; /* 2025-10-01 20:00 Beijing */
    uint32_t shift = 0;
    size_t i;

    if ((text = malloc(size + 1)) == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* the last 4 bytes also move the time, within about a year */
    for (i = 0; i < 4 && i < size; i++)
        shift = shift << 8 | data[size - 1 - i];
    t += (int64_t)(shift % 31536000u);
    if (yj_calendar_parse(&cal, holidays, sizeof holidays - 1, "fuzz", &err) !=
        YJ_OK)
        abort();
    if (yj_hours_parse(&h, text, &err) == YJ_OK) {
        if (yj_hours_status(&st, h, cal, t, &err) != YJ_OK)
            abort();
        if (st.state != YJ_HOURS_OPEN && st.state != YJ_HOURS_CLOSED &&
            st.state != YJ_HOURS_UNKNOWN)
            abort();
        if (st.has_next && st.next_change <= t)
            abort();
        yj_hours_status_text(buf, sizeof buf, &st, t);
        yj_hours_free(h);
    } else if (strstr(err.message, "character ") == NULL) {
        abort();
    }
    yj_calendar_free(cal);
    free(text);
    return 0;
}
