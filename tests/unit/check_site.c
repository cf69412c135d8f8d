/* check_site.c — the phone page's data files (site.c): the schedule runs
 * on through unknown spans, the places are those --near searches, the
 * page's embedded files are there with their media types. */
#include "dataset.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

static char dir[256];
static char db_path[512];

/* A database of the shipped data, XS001's hours replaced by `hours`. */
static yj_db *database(const char *hours)
{
    yj_dataset *ds = NULL;
    yj_error err;
    yj_db *db = NULL;
    size_t i;

    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    snprintf(db_path, sizeof db_path, "%s/s.sqlite", dir);
    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    for (i = 0; i < ds->n_stations; i++)
        if (strcmp(ds->stations[i].text[YJ_F_ID], "XS001") == 0)
            ck_assert_int_eq(yj_station_set(&ds->stations[i],
                                            YJ_F_OPENING_HOURS, hours, &err),
                             YJ_OK);
    ck_assert_msg(yj_db_build(NULL, db_path, ds, &err) == YJ_OK, "%s",
                  err.message);
    yj_dataset_free(ds);
    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    return db;
}

/* The data file `name` as a string (free it). */
static char *data(yj_db *db, const char *name, int64_t now)
{
    char *text = NULL;
    size_t len = 0;
    yj_error err;
    FILE *fp = open_memstream(&text, &len);

    ck_assert_ptr_nonnull(fp);
    ck_assert_msg(yj_site_write_data(fp, db, name, now, &err) == YJ_OK, "%s",
                  err.message);
    fclose(fp);
    return text;
}

START_TEST(test_schedule_goes_on_after_an_unknown_span)
{
    /* Monday 2026-11-30 00:00 Beijing */
    const int64_t monday = 1795968000;
    yj_db *db = database("Mo-Fr 08:00-17:00; Sa unknown");
    char *text = data(db, "schedule.json", monday + 3600);
    char *xs001 = strstr(text, "\"XS001\": [");
    char *end, *unknown, *open_after;

    ck_assert_ptr_nonnull(xs001);
    end = strchr(xs001, '\n') ? strchr(xs001, '\n') : xs001 + strlen(xs001);
    *end = '\0';
    /* spans from Monday's midnight: closed, open 08:00, closed 17:00 ... */
    ck_assert_ptr_nonnull(strstr(xs001, "[1795968000, \"closed\"]"));
    ck_assert_ptr_nonnull(strstr(xs001, "[1795996800, \"open\"]"));
    /* Saturday is unknown, and the next Monday opens again */
    unknown = strstr(xs001, "\"unknown\"");
    ck_assert_ptr_nonnull(unknown);
    open_after = strstr(unknown, "\"open\"");
    ck_assert_msg(open_after != NULL, "nothing after the unknown Saturday: "
                  "%s", xs001);
    free(text);
    yj_db_close(db);
    tu_rmdir(dir);
}
END_TEST

START_TEST(test_places_hold_townships_landmarks_and_stations)
{
    yj_db *db = database("");
    char *text = data(db, "places.json", 1795968000);

    ck_assert_ptr_nonnull(strstr(text, "\"kind\": \"township\", \"name\": "
                                       "\"城厢街道\", \"short_name\": \"城厢\""));
    ck_assert_ptr_nonnull(strstr(text, "\"kind\": \"landmark\""));
    ck_assert_ptr_nonnull(strstr(text, "\"detail\": \"XS001\""));
    free(text);
    text = data(db, "outlines.json", 1795968000);
    ck_assert_ptr_nonnull(strstr(text, "\"MultiPolygon\""));
    free(text);
    yj_db_close(db);
    tu_rmdir(dir);
}
END_TEST

START_TEST(test_page_files_are_embedded_with_their_types)
{
    const void *bytes;
    const char *type;
    size_t len;

    ck_assert(yj_site_find(&bytes, &len, &type, "index.html"));
    ck_assert_uint_gt(len, 100);
    ck_assert_str_eq(type, "text/html; charset=utf-8");
    ck_assert(yj_site_find(&bytes, &len, &type, "sw.js"));
    ck_assert_str_eq(type, "text/javascript; charset=utf-8");
    ck_assert(!yj_site_find(&bytes, &len, &type, "../etc/passwd"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("site");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_schedule_goes_on_after_an_unknown_span);
    tcase_add_test(tc, test_places_hold_townships_landmarks_and_stations);
    tcase_add_test(tc, test_page_files_are_embedded_with_their_types);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
