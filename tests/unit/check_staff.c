/* check_staff.c — SHA-256 against the NIST examples (FIPS 180-4), and the
 * staff credentials: the token's shape, add → verify, every refusal with
 * the one message, one active credential a name, revoke, list, names, the
 * CSRF token, and that the database file holds the hash, never the
 * secret. */
#include "dataset.h"
#include "sha256.h"
#include "test_util.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>

static char dir[256];
static char db_path[512];

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    snprintf(db_path, sizeof db_path, "%s/stations.sqlite", dir);
    tu_build(tu_data_dir(), db_path);
}

static void teardown(void)
{
    tu_rmdir(dir);
}

/* ---- SHA-256 --------------------------------------------------------------- */

static void assert_sha256(const char *data, size_t len, const char *want)
{
    char got[65];

    yj_sha256_hex(got, data, len);
    ck_assert_str_eq(got, want);
}

START_TEST(test_sha256_matches_the_nist_examples)
{
    static const char two_blocks[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    yj_sha256_ctx c;
    unsigned char d[YJ_SHA256_SIZE];
    char a[1001], hex[65];
    int i;

    assert_sha256("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
                            "b00361a396177a9cb410ff61f20015ad");
    assert_sha256("", 0, "e3b0c44298fc1c149afbf4c8996fb924"
                         "27ae41e4649b934ca495991b7852b855");
    ck_assert_uint_eq(strlen(two_blocks) * 8, 448);
    assert_sha256(two_blocks, strlen(two_blocks),
                  "248d6a61d20638b8e5c026930c3e6039"
                  "a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a', fed in pieces that straddle the blocks */
    memset(a, 'a', sizeof a);
    yj_sha256_init(&c);
    for (i = 0; i < 1000; i++)
        yj_sha256_update(&c, a, i % 2 ? 999 : 1001);
    yj_sha256_final(&c, d);
    for (i = 0; i < YJ_SHA256_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
                          "f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

/* Lengths around the padding's edge (55, 56, 63, 64 bytes) agree whether
 * hashed at once or byte by byte. */
START_TEST(test_sha256_streamed_equals_one_shot)
{
    unsigned char one[YJ_SHA256_SIZE], streamed[YJ_SHA256_SIZE];
    char buf[130];
    size_t len, i;

    for (i = 0; i < sizeof buf; i++)
        buf[i] = (char)('0' + i % 43);
    for (len = 0; len <= sizeof buf; len++) {
        yj_sha256_ctx c;
        yj_sha256(one, buf, len);
        yj_sha256_init(&c);
        for (i = 0; i < len; i++)
            yj_sha256_update(&c, buf + i, 1);
        yj_sha256_final(&c, streamed);
        ck_assert_mem_eq(one, streamed, sizeof one);
    }
}
END_TEST

/* ---- credentials -------------------------------------------------------------- */

static void open_editor(yj_editor **ed)
{
    yj_error err;

    ck_assert_msg(yj_editor_open(ed, db_path, 1000, false, &err) == YJ_OK,
                  "%s", err.message);
}

/* A credential for `name` in a change of its own; returns its code. */
static yj_code add(char token[YJ_STAFF_TOKEN_MAX], const char *name,
                   yj_error *err)
{
    yj_editor *ed = NULL;
    long long change = -1;
    yj_code rc;

    open_editor(&ed);
    ck_assert_int_eq(yj_editor_begin(ed, "tester", "staff add", err), YJ_OK);
    rc = yj_staff_add(token, YJ_STAFF_TOKEN_MAX, ed, name, err);
    if (rc == YJ_OK) {
        ck_assert_int_eq(yj_editor_commit(&change, ed, err), YJ_OK);
        ck_assert_int_eq(change, 0); /* no history rows: not a station */
    }
    yj_editor_close(ed);
    return rc;
}

static yj_code revoke(const char *name, yj_error *err)
{
    yj_editor *ed = NULL;
    yj_code rc;

    open_editor(&ed);
    ck_assert_int_eq(yj_editor_begin(ed, "tester", "staff revoke", err),
                     YJ_OK);
    if ((rc = yj_staff_revoke(ed, name, err)) == YJ_OK)
        ck_assert_int_eq(yj_editor_commit(NULL, ed, err), YJ_OK);
    yj_editor_close(ed);
    return rc;
}

static yj_code verify(char name[YJ_STAFF_NAME_MAX], const char *token,
                      yj_error *err)
{
    yj_db *db = NULL;
    yj_code rc;

    ck_assert_int_eq(yj_db_open(&db, db_path, err), YJ_OK);
    rc = yj_staff_verify(name, YJ_STAFF_NAME_MAX, db, token, err);
    yj_db_close(db);
    return rc;
}

static void assert_refused(const char *token)
{
    char name[YJ_STAFF_NAME_MAX] = "x";
    yj_error err;

    ck_assert_int_eq(verify(name, token, &err), YJ_EINVAL);
    ck_assert_str_eq(err.message, "not a valid staff credential");
    ck_assert_str_eq(name, "");
}

static bool all_of(const char *s, size_t n, const char *set)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] == '\0' || strchr(set, s[i]) == NULL)
            return false;
    return true;
}

START_TEST(test_add_gives_a_token_of_the_contracted_shape)
{
    char token[YJ_STAFF_TOKEN_MAX], other[YJ_STAFF_TOKEN_MAX];
    yj_error err;

    ck_assert_msg(add(token, "张三", &err) == YJ_OK, "%s", err.message);
    ck_assert_uint_eq(strlen(token), 56);
    ck_assert(all_of(token, 12, "0123456789abcdef"));
    ck_assert_int_eq(token[12], '.');
    ck_assert(all_of(token + 13, 43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijk"
                                     "lmnopqrstuvwxyz0123456789-_"));
    ck_assert_msg(add(other, "李四", &err) == YJ_OK, "%s", err.message);
    ck_assert_int_ne(memcmp(token, other, 12), 0);
    ck_assert_int_ne(memcmp(token + 13, other + 13, 43), 0);
}
END_TEST

START_TEST(test_verify_accepts_the_token_and_names_its_holder)
{
    char token[YJ_STAFF_TOKEN_MAX], name[YJ_STAFF_NAME_MAX];
    yj_error err;

    ck_assert_int_eq(add(token, "  张三 ", &err), YJ_OK);
    ck_assert_msg(verify(name, token, &err) == YJ_OK, "%s", err.message);
    ck_assert_str_eq(name, "张三"); /* trimmed */
}
END_TEST

START_TEST(test_verify_refuses_bad_tokens_with_one_message)
{
    char token[YJ_STAFF_TOKEN_MAX], bad[200];
    yj_error err;

    ck_assert_int_eq(add(token, "张三", &err), YJ_OK);
    /* a wrong secret: the last character changed */
    snprintf(bad, sizeof bad, "%s", token);
    bad[55] = bad[55] == 'A' ? 'B' : 'A';
    assert_refused(bad);
    /* an unknown handle with the right secret */
    snprintf(bad, sizeof bad, "%s", token);
    bad[0] = bad[0] == '0' ? '1' : '0';
    assert_refused(bad);
    /* malformed */
    assert_refused("");
    assert_refused(NULL);
    snprintf(bad, sizeof bad, "%s", token);
    bad[12] = 'x';                          /* no dot */
    assert_refused(bad);
    snprintf(bad, sizeof bad, "%sA", token); /* too long */
    assert_refused(bad);
    snprintf(bad, sizeof bad, "%.55s", token); /* too short */
    assert_refused(bad);
    snprintf(bad, sizeof bad, "%s", token);
    bad[3] = 'g';                           /* not hex */
    assert_refused(bad);
    snprintf(bad, sizeof bad, "%s", token);
    memcpy(bad, "ABCDEF", 6);               /* upper-case hex */
    assert_refused(bad);
    snprintf(bad, sizeof bad, "%s", token);
    bad[20] = '=';                          /* not base64url */
    assert_refused(bad);
    snprintf(bad, sizeof bad, "%s", token);
    bad[30] = '\n';
    assert_refused(bad);
    memset(bad, 'a', sizeof bad - 1);
    bad[sizeof bad - 1] = '\0';
    assert_refused(bad);
    /* the real one still passes */
    ck_assert_int_eq(verify(bad, token, &err), YJ_OK);
    /* revoked */
    ck_assert_int_eq(revoke("张三", &err), YJ_OK);
    assert_refused(token);
}
END_TEST

START_TEST(test_one_active_credential_a_name)
{
    char token[YJ_STAFF_TOKEN_MAX], second[YJ_STAFF_TOKEN_MAX];
    char name[YJ_STAFF_NAME_MAX];
    yj_error err;

    ck_assert_int_eq(add(token, "张三", &err), YJ_OK);
    ck_assert_int_eq(add(second, "张三", &err), YJ_ECONFLICT);
    ck_assert_ptr_nonnull(strstr(err.message, "张三"));
    ck_assert_str_eq(second, "");
    ck_assert_int_eq(add(second, " 张三", &err), YJ_ECONFLICT);
    ck_assert_int_eq(verify(name, token, &err), YJ_OK);
}
END_TEST

typedef struct seen {
    size_t n, active;
    char names[4][YJ_STAFF_NAME_MAX];
    char handles[4][16];
} seen;

static int see(void *payload, const yj_staff_info *s)
{
    seen *v = payload;

    ck_assert_uint_lt(v->n, 4);
    snprintf(v->names[v->n], sizeof v->names[0], "%s", s->name);
    snprintf(v->handles[v->n], sizeof v->handles[0], "%s", s->handle);
    ck_assert_uint_eq(strlen(s->created_at), 16); /* YYYY-MM-DD HH:MM */
    ck_assert_int_eq(s->created_at[10], ' ');
    if (s->revoked_at[0] == '\0')
        v->active++;
    else
        ck_assert_uint_eq(strlen(s->revoked_at), 16);
    v->n++;
    return 0;
}

START_TEST(test_revoke_then_add_again_and_list_shows_both)
{
    char first[YJ_STAFF_TOKEN_MAX], second[YJ_STAFF_TOKEN_MAX];
    char name[YJ_STAFF_NAME_MAX];
    yj_editor *ed = NULL;
    yj_error err;
    seen v;

    ck_assert_int_eq(add(first, "张三", &err), YJ_OK);
    ck_assert_int_eq(revoke("张三", &err), YJ_OK);
    ck_assert_int_eq(revoke("张三", &err), YJ_ENOTFOUND);
    ck_assert_int_eq(revoke("王五", &err), YJ_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.message, "王五"));
    ck_assert_int_eq(add(second, "张三", &err), YJ_OK);
    ck_assert_int_eq(verify(name, second, &err), YJ_OK);
    ck_assert_int_eq(verify(name, first, &err), YJ_EINVAL);
    memset(&v, 0, sizeof v);
    open_editor(&ed);
    ck_assert_int_eq(yj_staff_list(ed, see, &v, &err), YJ_OK);
    yj_editor_close(ed);
    ck_assert_uint_eq(v.n, 2);
    ck_assert_uint_eq(v.active, 1);
    ck_assert_str_eq(v.names[0], "张三");
    ck_assert_str_eq(v.names[1], "张三");
    ck_assert(strncmp(v.handles[0], first, 12) == 0);  /* older first */
    ck_assert(strncmp(v.handles[1], second, 12) == 0);
}
END_TEST

START_TEST(test_names_are_checked)
{
    char token[YJ_STAFF_TOKEN_MAX], long_name[200];
    yj_error err;
    int i;

    ck_assert_int_eq(add(token, "", &err), YJ_EINVAL);
    ck_assert_int_eq(add(token, "   ", &err), YJ_EINVAL);
    ck_assert_int_eq(add(token, "\xe3\x80\x80", &err), YJ_EINVAL); /* U+3000 */
    ck_assert_int_eq(add(token, NULL, &err), YJ_EINVAL);
    ck_assert_int_eq(add(token, "张\n三", &err), YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "control"));
    ck_assert_int_eq(add(token, "a\tb", &err), YJ_EINVAL);
    ck_assert_int_eq(add(token, "a\xe2\x80\xae" "b", &err), YJ_EINVAL); /* RLO */
    ck_assert_int_eq(add(token, "\xff\xfe", &err), YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "UTF-8"));
    /* 40 characters (120 bytes of 汉字) pass, 41 do not */
    for (i = 0; i < 40; i++)
        memcpy(long_name + 3 * i, "汉", 3);
    long_name[120] = '\0';
    ck_assert_msg(add(token, long_name, &err) == YJ_OK, "%s", err.message);
    snprintf(long_name + 120, sizeof long_name - 120, "字");
    ck_assert_int_eq(add(token, long_name, &err), YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "40"));
    ck_assert_int_eq(revoke("", &err), YJ_EINVAL);
}
END_TEST

START_TEST(test_add_needs_an_open_change_and_rolls_back_whole)
{
    char token[YJ_STAFF_TOKEN_MAX], name[YJ_STAFF_NAME_MAX];
    yj_editor *ed = NULL;
    yj_error err;
    seen v;

    open_editor(&ed);
    ck_assert_int_eq(yj_staff_add(token, sizeof token, ed, "张三", &err),
                     YJ_EINVAL);
    ck_assert_int_eq(yj_staff_revoke(ed, "张三", &err), YJ_EINVAL);
    ck_assert_int_eq(yj_editor_begin(ed, "tester", "staff add", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_staff_add(token, 20, ed, "张三", &err), YJ_EINVAL);
    ck_assert_int_eq(yj_staff_add(token, sizeof token, ed, "张三", &err),
                     YJ_OK);
    yj_editor_rollback(ed);
    memset(&v, 0, sizeof v);
    ck_assert_int_eq(yj_staff_list(ed, see, &v, &err), YJ_OK);
    ck_assert_uint_eq(v.n, 0);
    yj_editor_close(ed);
    ck_assert_int_eq(verify(name, token, &err), YJ_EINVAL);
}
END_TEST

static int count_history(void *payload, const yj_history_entry *e)
{
    (void)e;
    ++*(size_t *)payload;
    return 0;
}

/* The file holds the hash of the secret and neither the secret nor the
 * token, in any page (the journal is gone after the commit). */
START_TEST(test_database_keeps_the_hash_never_the_secret)
{
    char token[YJ_STAFF_TOKEN_MAX], hash[65];
    yj_editor *ed = NULL;
    sqlite3 *sql = NULL;
    sqlite3_stmt *st = NULL;
    size_t len, i, history = 0;
    char *bytes;
    yj_error err;

    ck_assert_int_eq(add(token, "张三", &err), YJ_OK);
    bytes = tu_read(db_path, &len);
    for (i = 0; i + 43 <= len; i++)
        ck_assert_msg(memcmp(bytes + i, token + 13, 43) != 0,
                      "the secret is in the file at byte %zu", i);
    free(bytes);
    yj_sha256_hex(hash, token + 13, 43);
    ck_assert_int_eq(sqlite3_open_v2(db_path, &sql, SQLITE_OPEN_READONLY,
                                     NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(sql, "SELECT handle, name, "
                                        "secret_sha256, revoked_at FROM "
                                        "staff", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert(strncmp((const char *)sqlite3_column_text(st, 0), token, 12)
              == 0);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), "张三");
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 2), hash);
    ck_assert_int_eq(sqlite3_column_type(st, 3), SQLITE_NULL);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(sql);
    /* and nothing in the history */
    open_editor(&ed);
    ck_assert_int_eq(yj_editor_history(ed, NULL, count_history, &history,
                                       &err), YJ_OK);
    yj_editor_close(ed);
    ck_assert_uint_eq(history, 0);
}
END_TEST

START_TEST(test_csrf_is_the_hash_of_the_prefixed_token)
{
    char token[YJ_STAFF_TOKEN_MAX], csrf[65], want[65], text[200];
    yj_error err;

    ck_assert_int_eq(add(token, "张三", &err), YJ_OK);
    yj_staff_csrf(csrf, token);
    snprintf(text, sizeof text, "yijia-csrf:%s", token);
    yj_sha256_hex(want, text, strlen(text));
    ck_assert_str_eq(csrf, want);
    ck_assert_uint_eq(strlen(csrf), 64);
    ck_assert_ptr_null(strstr(csrf, token + 13));
    yj_staff_csrf(csrf, "abc");
    assert_sha256("yijia-csrf:abc", 14, csrf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("staff");
    TCase *pure = tcase_create("sha256");
    TCase *tc = tcase_create("credentials");

    tcase_add_test(pure, test_sha256_matches_the_nist_examples);
    tcase_add_test(pure, test_sha256_streamed_equals_one_shot);
    suite_add_tcase(s, pure);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_add_gives_a_token_of_the_contracted_shape);
    tcase_add_test(tc, test_verify_accepts_the_token_and_names_its_holder);
    tcase_add_test(tc, test_verify_refuses_bad_tokens_with_one_message);
    tcase_add_test(tc, test_one_active_credential_a_name);
    tcase_add_test(tc, test_revoke_then_add_again_and_list_shows_both);
    tcase_add_test(tc, test_names_are_checked);
    tcase_add_test(tc, test_add_needs_an_open_change_and_rolls_back_whole);
    tcase_add_test(tc, test_database_keeps_the_hash_never_the_secret);
    tcase_add_test(tc, test_csrf_is_the_hash_of_the_prefixed_token);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
