/* test_util.c — the helpers of test_util.h. */
#include "test_util.h"

#include "yijia.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *tu_tmpdir(void)
{
    static char dir[256];
    const char *base = getenv("TMPDIR");

    snprintf(dir, sizeof dir, "%s/yijia-test-XXXXXX", base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    return dir;
}

void tu_rmdir(const char *dir)
{
    char cmd[600];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

const char *tu_path(const char *dir, const char *name)
{
    static char path[512];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

void tu_write(const char *dir, const char *name, const char *text)
{
    FILE *fp = fopen(tu_path(dir, name), "wb");

    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), fp), strlen(text));
    ck_assert_int_eq(fclose(fp), 0);
}

char *tu_read(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(fp != NULL, "cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    if (len != NULL)
        *len = (size_t)n;
    return buf;
}

const char *tu_data_dir(void)
{
    const char *dir = getenv("YIJIA_DATA_DIR");

    ck_assert_msg(dir != NULL, "YIJIA_DATA_DIR is not set (run through ctest)");
    return dir;
}

void tu_copy_data(const char *dir)
{
    static const char *const files[] = {"stations.csv", "places.csv",
                                        "boundaries.csv"};
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *text = tu_read(tu_path(tu_data_dir(), files[i]), NULL);
        tu_write(dir, files[i], text);
        free(text);
    }
}

int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void tu_assert_same_text(const char *got, const char *want)
{
    size_t i = 0;

    while (got[i] != '\0' && got[i] == want[i])
        i++;
    ck_assert_msg(got[i] == want[i],
                  "texts differ at byte %zu: got '%.40s', want '%.40s'", i,
                  got + i, want + i);
}

double tu_uniform(unsigned long long *state, double lo, double hi)
{
    unsigned long long z = (*state += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return lo + (hi - lo) * ((double)(z >> 11) / 9007199254740992.0);
}

void tu_build(const char *data_dir, const char *db_path)
{
    yj_dataset *ds = NULL;
    yj_error err;

    ck_assert_msg(yj_dataset_load(&ds, data_dir, &err) == YJ_OK, "%s",
                  err.message);
    ck_assert_msg(yj_db_build(NULL, db_path, ds, &err) == YJ_OK, "%s",
                  err.message);
    yj_dataset_free(ds);
}

void tu_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;

    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL),
                     SQLITE_OK);
    ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
                  "%s: %s", sql, msg ? msg : "?");
    sqlite3_close(db);
}
