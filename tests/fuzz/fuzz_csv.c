/* fuzz_csv.c — fuzz target for the CSV reader and the station rules: any
 * bytes must give records or a clean error, never a crash, a leak or an
 * out-of-bounds read.  Built as a libFuzzer target with -DYJ_FUZZ=ON
 * (clang); otherwise replay.c runs it over the corpus as an ordinary test. */
#include "csv.h"
#include "station.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yj_csv_reader *r = NULL;
    const yj_csv_record *rec;
    yj_columns cols;
    yj_error err;
    bool have_header = false;

    if (yj_csv_reader_new(&r, (const char *)data, size, "fuzz.csv", 0, &err)
        != YJ_OK)
        return 0;
    while (yj_csv_read(&rec, r, &err) == YJ_OK && rec != NULL) {
        if (!have_header) {
            have_header = yj_columns_from_header(&cols, rec, "fuzz.csv",
                                                 &err) == YJ_OK;
            if (!have_header)
                break;
            continue;
        }
        {
            yj_station s;
            if (yj_station_from_record(&s, &cols, rec, "fuzz.csv", &err)
                == YJ_OK)
                yj_station_clear(&s);
        }
    }
    yj_csv_reader_free(r);
    return 0;
}
