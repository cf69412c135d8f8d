/* test_util.h — helpers for the Check suites: scratch directories, files,
 * and a data directory made from strings. */
#ifndef YJ_TEST_UTIL_H
#define YJ_TEST_UTIL_H

#include <check.h>
#include <stddef.h>

/* A fresh scratch directory (removed by tu_rmdir); static storage until the
 * next call. */
const char *tu_tmpdir(void);
/* Remove a scratch directory and everything in it. */
void tu_rmdir(const char *dir);
/* Write `text` to dir/name (aborts the test on failure). */
void tu_write(const char *dir, const char *name, const char *text);
/* Read a whole file; caller frees.  *len may be NULL. */
char *tu_read(const char *path, size_t *len);
/* dir/name in a static buffer. */
const char *tu_path(const char *dir, const char *name);
/* The shipped data directory. */
const char *tu_data_dir(void);
/* Copy the shipped data files into dir. */
void tu_copy_data(const char *dir);
/* Build the database at db_path from the data files in data_dir (aborts
 * the test on failure). */
void tu_build(const char *data_dir, const char *db_path);
/* Run SQL statements on the database file at `path` with plain SQLite, as
 * another program would (aborts the test on failure). */
void tu_sql(const char *path, const char *sql);
/* Assert two long texts are equal, reporting the first difference. */
void tu_assert_same_text(const char *got, const char *want);
/* A deterministic uniform number in [lo, hi) from *state (splitmix64), so
 * that failures of property tests reproduce. */
double tu_uniform(unsigned long long *state, double lo, double hi);
/* Run a Check suite; returns the process exit code. */
int tu_run(Suite *s);

#endif
