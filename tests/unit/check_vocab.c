/* check_vocab.c — the one normaliser of vocabulary values (vocab.c): codes
 * in any case, labels and their parts, the words people use (every entry
 * of the tables), white space and full-width letters; "did you mean" over
 * codes, labels, words and pinyin; lists of amenities; yj_text_fold
 * (text.c), which it and the position parser share.  Issue 18. */
#include "test_util.h"
#include "text.h"
#include "vocab.h"
#include "yijia.h"

#include <string.h>

static void code_is(const yj_term *vocab, const char *text, const char *code)
{
    const char *got = yj_term_code(vocab, text);

    ck_assert_msg(got != NULL && strcmp(got, code) == 0,
                  "'%s' is %s, not %s", text, got ? got : "(none)", code);
}

START_TEST(test_words_of_the_issue)
{
    code_is(yj_amenities(), "卫生间", "toilet");
    code_is(yj_amenities(), "厕所", "toilet");
    code_is(yj_amenities(), "洗手间", "toilet");
    code_is(yj_amenities(), "公厕", "toilet");
    code_is(yj_amenities(), "充电", "phone_charging");
    code_is(yj_amenities(), "充电宝", "phone_charging");
    code_is(yj_amenities(), "充电桩", "ebike_charging");
    code_is(yj_amenities(), "热饭", "food_heating");
    code_is(yj_amenities(), "微波炉", "food_heating");
    code_is(yj_categories(), "银行", "bank");
    code_is(yj_categories(), "社区", "community"); /* a part of 社区/村 */
    code_is(yj_categories(), "村", "community");
    ck_assert_ptr_null(yj_term_code(yj_amenities(), "银行"));
    ck_assert_ptr_null(yj_term_code(yj_categories(), "厕所"));
}
END_TEST

/* Every entry of both tables names a code of its vocabulary, and finds
 * it (no code, label or earlier word shadows it); no word twice. */
START_TEST(test_every_word_of_the_tables)
{
    const yj_term *vocabs[2] = {yj_categories(), yj_amenities()};
    size_t v, words = 0;

    for (v = 0; v < 2; v++) {
        const yj_term_word *w, *x;
        for (w = yj_term_words(vocabs[v]); w->word != NULL; w++, words++) {
            ck_assert_msg(yj_term_label(vocabs[v], w->code) != NULL,
                          "%s: %s is no code", w->word, w->code);
            code_is(vocabs[v], w->word, w->code);
            for (x = w + 1; x->word != NULL; x++)
                ck_assert_msg(strcmp(w->word, x->word) != 0, "%s twice",
                              w->word);
        }
    }
    ck_assert_uint_gt(words, 100);
    ck_assert_ptr_null(yj_term_words(yj_precisions())->word);
}
END_TEST

START_TEST(test_codes_labels_case_space_full_width)
{
    const yj_term *t;

    for (t = yj_amenities(); t->code != NULL; t++) {
        code_is(yj_amenities(), t->code, t->code);
        code_is(yj_amenities(), t->zh, t->code);
    }
    for (t = yj_categories(); t->code != NULL; t++) {
        code_is(yj_categories(), t->code, t->code);
        code_is(yj_categories(), t->zh, t->code);
    }
    code_is(yj_amenities(), "TOILET", "toilet");
    code_is(yj_amenities(), "Drinking-Water", "drinking_water");
    code_is(yj_amenities(), "drinking water", "drinking_water");
    code_is(yj_amenities(), "  卫生间\t", "toilet");
    code_is(yj_amenities(), "\xe3\x80\x80厕所\xe3\x80\x80", "toilet");
    code_is(yj_amenities(), "ｔｏｉｌｅｔ", "toilet");
    code_is(yj_amenities(), "ＷｉＦｉ", "wifi");
    code_is(yj_amenities(), "wifi", "wifi");
    code_is(yj_categories(), " BANK ", "bank");
    ck_assert_ptr_null(yj_term_code(yj_amenities(), ""));
    ck_assert_ptr_null(yj_term_code(yj_amenities(), "   "));
    ck_assert_ptr_null(yj_term_code(yj_amenities(), "sauna"));
    ck_assert_ptr_null(yj_term_code(yj_amenities(), "toi let"));
}
END_TEST

static void guess_is(const yj_term *vocab, const char *text,
                     const char *word, const char *code)
{
    const char *c, *w = yj_term_suggest(&c, vocab, text);

    ck_assert_msg(w != NULL && strcmp(w, word) == 0 && strcmp(c, code) == 0,
                  "'%s' suggests %s (%s), not %s (%s)", text,
                  w ? w : "(none)", c ? c : "", word, code);
}

START_TEST(test_did_you_mean_codes_labels_words_pinyin)
{
    const char *c;
    yj_error err;

    guess_is(yj_amenities(), "卫生问", "卫生间", "toilet");
    guess_is(yj_amenities(), "toilte", "toilet", "toilet");
    guess_is(yj_amenities(), "cesuo", "厕所", "toilet");       /* pinyin */
    guess_is(yj_amenities(), "weishengjian", "卫生间", "toilet");
    guess_is(yj_amenities(), "厕锁", "厕所", "toilet");        /* a slip */
    guess_is(yj_amenities(), "微波护", "微波炉", "food_heating");
    guess_is(yj_categories(), "银航", "银行", "bank");
    guess_is(yj_categories(), "yinhang", "银行", "bank");      /* 行 hang */
    ck_assert_ptr_null(yj_term_suggest(&c, yj_amenities(), "sauna"));
    ck_assert_ptr_null(c);
    ck_assert_ptr_null(yj_term_suggest(&c, yj_amenities(), ""));
    /* one character is no slip, an ASCII word none of 厂 or 村 (not even
     * by its pinyin); two Chinese characters still are */
    ck_assert_ptr_null(yj_term_suggest(&c, yj_categories(), "a"));
    ck_assert_ptr_null(yj_term_suggest(&c, yj_categories(), "hang"));
    ck_assert_ptr_null(yj_term_suggest(&c, yj_categories(), "chang"));
    ck_assert_ptr_null(yj_term_suggest(&c, yj_categories(), "cun"));
    ck_assert_ptr_null(yj_term_suggest(&c, yj_amenities(), "厕"));
    guess_is(yj_categories(), "超是", "超市", "commercial");
    guess_is(yj_categories(), "gongchang", "工厂", "enterprise");

    ck_assert_int_eq(yj_term_resolve(&c, yj_amenities(), "卫生问", &err),
                     YJ_ENOTFOUND);
    ck_assert_int_eq(err.input, YJ_INPUT_AMENITY);
    ck_assert_str_eq(err.message, "unknown amenity '卫生问'; did you mean "
                                  "'卫生间' (toilet)?");
    ck_assert_int_eq(yj_term_resolve(&c, yj_amenities(), "toilte", &err),
                     YJ_ENOTFOUND);
    ck_assert_str_eq(err.message, "unknown amenity 'toilte'; did you mean "
                                  "'toilet' (卫生间)?");
    ck_assert_int_eq(yj_term_resolve(&c, yj_categories(), " castle ", &err),
                     YJ_ENOTFOUND);
    ck_assert_int_eq(err.input, YJ_INPUT_CATEGORY);
    ck_assert_str_eq(err.message, "unknown category 'castle'");
    ck_assert_int_eq(yj_term_resolve(&c, yj_categories(), "银行", &err),
                     YJ_OK);
    ck_assert_str_eq(c, "bank");
}
END_TEST

START_TEST(test_lists_of_amenities)
{
    char out[256];
    yj_error err;

    ck_assert_int_eq(yj_term_list(out, sizeof out, yj_amenities(),
                                  "卫生间,充电", &err), YJ_OK);
    ck_assert_str_eq(out, "toilet;phone_charging");
    ck_assert_int_eq(yj_term_list(out, sizeof out, yj_amenities(),
                                  "饮水、休息；热饭，厕所 / wifi|toilet",
                                  &err), YJ_OK);
    ck_assert_str_eq(out, "drinking_water;rest;food_heating;toilet;wifi");
    ck_assert_int_eq(yj_term_list(out, sizeof out, yj_amenities(), " ,, ",
                                  &err), YJ_OK);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yj_term_list(out, sizeof out, yj_amenities(),
                                  "厕所,卫生问", &err), YJ_ENOTFOUND);
    ck_assert_str_eq(err.message, "unknown amenity '卫生问'; did you mean "
                                  "'卫生间' (toilet)?");
    ck_assert_int_eq(yj_term_list(out, 8, yj_amenities(), "厕所,饮水", &err),
                     YJ_EINVAL);
    /* a space for '_' (yj_term_code's form) is not a separator there */
    ck_assert_int_eq(yj_term_list(out, sizeof out, yj_amenities(),
                                  "phone charging", &err), YJ_OK);
    ck_assert_str_eq(out, "phone_charging");
    ck_assert_int_eq(yj_term_list(out, sizeof out, yj_amenities(),
                                  "wifi phone  charging toilet,Drinking "
                                  "Water\tfirst aid", &err), YJ_OK);
    ck_assert_str_eq(out, "wifi;phone_charging;toilet;drinking_water;"
                          "first_aid");
    ck_assert_int_eq(yj_term_list(out, sizeof out, yj_amenities(),
                                  "wifi toilet 充电", &err), YJ_OK);
    ck_assert_str_eq(out, "wifi;toilet;phone_charging");
    ck_assert_int_eq(yj_term_list(out, sizeof out, yj_amenities(),
                                  "wifi phone chargin", &err), YJ_ENOTFOUND);
    ck_assert_str_eq(err.message, "unknown amenity 'phone chargin'; did you "
                                  "mean 'phone_charging' (手机充电)?");
    ck_assert_int_eq(yj_term_list(out, sizeof out, yj_amenities(),
                                  "wifi sauna toilet", &err), YJ_ENOTFOUND);
    ck_assert_str_eq(err.message, "unknown amenity 'sauna'");
}
END_TEST

START_TEST(test_pinyin_of_vocabularies_and_townships)
{
    char py[64];
    const char *names[] = {"城厢街道", "城厢", "湘湖站", "新街"};

    ck_assert(yj_vocab_pinyin(py, sizeof py, "城厢"));
    ck_assert_str_eq(py, "chengxiang");
    ck_assert(yj_vocab_pinyin(py, sizeof py, "银行"));
    ck_assert_str_eq(py, "yinhang");
    ck_assert(yj_vocab_pinyin(py, sizeof py, "政务服务"));
    ck_assert_str_eq(py, "zhengwufuwu");
    ck_assert(yj_vocab_pinyin(py, sizeof py, "旅游"));
    ck_assert_str_eq(py, "lvyou");
    ck_assert(!yj_vocab_pinyin(py, sizeof py, "火星")); /* not in the table */
    ck_assert(!yj_vocab_pinyin(py, 4, "城厢"));         /* does not fit */
    ck_assert_str_eq(yj_vocab_suggest("城箱", names, 4), "城厢");
    ck_assert_str_eq(yj_vocab_suggest("chengxiang", names, 4), "城厢");
    ck_assert_str_eq(yj_vocab_suggest("xianghuzhan", names, 4), "湘湖站");
    ck_assert_ptr_null(yj_vocab_suggest("火星", names, 4));
    ck_assert_ptr_null(yj_vocab_suggest("城", names, 4));
    ck_assert_ptr_null(yj_vocab_suggest("x", names, 4));
}
END_TEST

static const char *const townships[] = {
    "临浦镇", "义桥镇", "党湾镇", "北干街道", "南阳街道", "城厢街道", "宁围街道",
    "戴村镇", "所前镇", "新塘街道", "新街街道", "楼塔镇", "河上镇", "浦阳镇",
    "瓜沥镇", "益农镇", "红山农场", "萧山商业城", "萧山空港经济区",
    "萧山经济技术开发区", "蜀山街道", "衙前镇", "进化镇", "闻堰街道", "靖江街道",
    "盈丰街道", "湘湖国家旅游度假区", "义蓬街道", "杭州南站", "萧山国际机场",
};

/* Every character of the labels, words and township names romanises. */
START_TEST(test_pinyin_table_covers_the_vocabularies)
{
    const yj_term *vocabs[2] = {yj_categories(), yj_amenities()};
    char py[128];
    size_t v;

    for (v = 0; v < 2; v++) {
        const yj_term *t;
        const yj_term_word *w;
        for (t = vocabs[v]; t->code != NULL; t++) {
            char label[64], *slash;
            snprintf(label, sizeof label, "%s", t->zh);
            while ((slash = strchr(label, '/')) != NULL)
                memmove(slash, slash + 1, strlen(slash));
            ck_assert_msg(yj_vocab_pinyin(py, sizeof py, label), "%s",
                          t->zh);
        }
        for (w = yj_term_words(vocabs[v]); w->word != NULL; w++)
            if (strcmp(w->word, "Wi-Fi") != 0)
                ck_assert_msg(yj_vocab_pinyin(py, sizeof py, w->word), "%s",
                              w->word);
    }
    /* the townships of data/places.csv (the table is searched in code
     * point order: one out of order would be lost) */
    for (v = 0; v < sizeof townships / sizeof *townships; v++)
        ck_assert_msg(yj_vocab_pinyin(py, sizeof py, townships[v]), "%s",
                      townships[v]);
    ck_assert(yj_vocab_pinyin(py, sizeof py, "萧山经济技术开发区"));
    ck_assert_str_eq(py, "xiaoshanjingjijishukaifaqu");
}
END_TEST

START_TEST(test_fold_trims_and_folds)
{
    char buf[64];

    ck_assert(yj_text_fold(buf, sizeof buf, "１２０．２９，３０．１７"));
    ck_assert_str_eq(buf, "120.29,30.17");
    ck_assert(yj_text_fold(buf, sizeof buf, "\xe3\x80\x80 城厢 \t\n"));
    ck_assert_str_eq(buf, "城厢");
    ck_assert(yj_text_fold(buf, sizeof buf, "a\xe3\x80\x80" "b"));
    ck_assert_str_eq(buf, "a b");
    ck_assert(yj_text_fold(buf, sizeof buf, "\xff ok"));
    ck_assert_str_eq(buf, "\xff ok");
    ck_assert(!yj_text_fold(buf, 5, "城厢街道")); /* cut between characters */
    ck_assert_str_eq(buf, "城");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vocab");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_words_of_the_issue);
    tcase_add_test(tc, test_every_word_of_the_tables);
    tcase_add_test(tc, test_codes_labels_case_space_full_width);
    tcase_add_test(tc, test_did_you_mean_codes_labels_words_pinyin);
    tcase_add_test(tc, test_lists_of_amenities);
    tcase_add_test(tc, test_pinyin_of_vocabularies_and_townships);
    tcase_add_test(tc, test_pinyin_table_covers_the_vocabularies);
    tcase_add_test(tc, test_fold_trims_and_folds);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
