/* vocab.c — the words people use for the vocabularies' codes, and "did
 * you mean" over them: one normaliser (yj_term_code) that import, edit,
 * the query filters and the server's parameters all go through.
 *
 * A category or amenity is named by its code (any case, '-' or a space for
 * '_'), its Chinese label (or one part of a label such as 社区/村), or one
 * of the words in the tables below, after yj_text_fold (white space
 * trimmed, full-width letters folded).  The words are what a courier or a
 * union staff member types; each names exactly one code.
 *
 * The pinyin table romanises the characters of the labels, the words and
 * the township names, so that "cesuo", "chengxiang" or a homophone slip of
 * a pinyin input method (城箱 for 城厢) finds its word.  It is Hanyu Pinyin
 * without tones, written by hand for these characters with their readings
 * in these words (《现代汉语词典》, 7th edition; 行 is "hang" in 银行 and
 * "xing" elsewhere); ü is written v, as pinyin input methods take it. */
#include "vocab.h"

#include "error.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The words people use, {word, code}.  Compared after folding; ASCII
 * without case. */
static const yj_term_word category_words[] = {
    {"社区", "community"}, {"村", "community"}, {"村委", "community"},
    {"村委会", "community"}, {"居委会", "community"},
    {"社区服务中心", "community"},
    {"党群", "party_mass"}, {"党群中心", "party_mass"},
    {"党群服务站", "party_mass"}, {"党建", "party_mass"},
    {"总工会", "union"}, {"职工之家", "union"},
    {"公司", "enterprise"}, {"工厂", "enterprise"}, {"厂", "enterprise"},
    {"园区", "business_park"}, {"产业园", "business_park"},
    {"工业园", "business_park"}, {"创业园", "business_park"},
    {"商场", "commercial"}, {"商业体", "commercial"},
    {"综合体", "commercial"}, {"购物中心", "commercial"},
    {"超市", "commercial"},
    {"银行网点", "bank"}, {"信用社", "bank"},
    {"保险公司", "insurance"},
    {"政务", "government"}, {"政务中心", "government"},
    {"便民服务中心", "government"}, {"行政服务中心", "government"},
    {"供电", "utility"}, {"供水", "utility"}, {"电力", "utility"},
    {"自来水", "utility"}, {"燃气", "utility"},
    {"加油", "fuel_station"}, {"油站", "fuel_station"},
    {"中石化", "fuel_station"}, {"中石油", "fuel_station"},
    {"环卫所", "sanitation"}, {"环卫站", "sanitation"},
    {"景点", "scenic_area"}, {"旅游区", "scenic_area"},
    {"养老", "elderly_care"}, {"养老院", "elderly_care"},
    {"敬老院", "elderly_care"},
    {"其它", "other"},
    {NULL, NULL},
};

static const yj_term_word amenity_words[] = {
    {"饮用水", "drinking_water"}, {"热水", "drinking_water"},
    {"开水", "drinking_water"}, {"喝水", "drinking_water"},
    {"饮水机", "drinking_water"},
    {"休息区", "rest"}, {"休息室", "rest"}, {"座椅", "rest"},
    {"歇脚", "rest"},
    {"微波炉", "food_heating"}, {"热饭", "food_heating"},
    {"加热", "food_heating"}, {"热菜", "food_heating"},
    {"暖气", "warming"},
    {"乘凉", "cooling"}, {"避暑", "cooling"}, {"降温", "cooling"},
    {"充电", "phone_charging"}, {"充电宝", "phone_charging"},
    {"充手机", "phone_charging"},
    {"躲雨", "rain_shelter"},
    {"厕所", "toilet"}, {"洗手间", "toilet"}, {"公厕", "toilet"},
    {"如厕", "toilet"}, {"WC", "toilet"},
    {"药箱", "first_aid"}, {"医药箱", "first_aid"},
    {"急救箱", "first_aid"}, {"急救", "first_aid"},
    {"常用药", "first_aid"},
    {"血压", "blood_pressure"}, {"量血压", "blood_pressure"},
    {"冷藏", "fridge"},
    {"借伞", "umbrella"}, {"爱心伞", "umbrella"},
    {"头盔", "helmet"},
    {"充电桩", "ebike_charging"}, {"电瓶车充电", "ebike_charging"},
    {"电车充电", "ebike_charging"},
    {"换电柜", "battery_swap"}, {"换电池", "battery_swap"},
    {"WiFi", "wifi"}, {"Wi-Fi", "wifi"}, {"WLAN", "wifi"},
    {"无线", "wifi"}, {"上网", "wifi"},
    {"书报", "reading"}, {"图书", "reading"}, {"看书", "reading"},
    {"阅读", "reading"}, {"报刊", "reading"},
    {"哺乳室", "nursing_room"},
    {"洗澡", "shower"},
    {"停车位", "parking"}, {"停车场", "parking"},
    {NULL, NULL},
};

static const yj_term_word no_words[] = {{NULL, NULL}};

const yj_term_word *yj_term_words(const yj_term *vocab)
{
    if (vocab == yj_categories())
        return category_words;
    if (vocab == yj_amenities())
        return amenity_words;
    return no_words;
}

/* Words whose characters read otherwise than alone: {word, pinyin}. */
static const char *const pinyin_words[][2] = {
    {"银行", "yinhang"},
};

/* {character, pinyin}, in code point order (a binary search): the
 * characters of the labels, the words and the township names. */
static const char *const pinyin_chars[][2] = {
    {"上", "shang"}, {"业", "ye"}, {"中", "zhong"}, {"丰", "feng"},
    {"临", "lin"}, {"义", "yi"}, {"之", "zhi"}, {"乘", "cheng"}, {"书", "shu"},
    {"乳", "ru"}, {"事", "shi"}, {"产", "chan"}, {"享", "xiang"},
    {"仅", "jin"}, {"他", "ta"}, {"企", "qi"}, {"休", "xiu"}, {"会", "hui"},
    {"伞", "san"}, {"位", "wei"}, {"体", "ti"}, {"供", "gong"}, {"便", "bian"},
    {"保", "bao"}, {"信", "xin"}, {"借", "jie"}, {"假", "jia"}, {"停", "ting"},
    {"充", "chong"}, {"党", "dang"}, {"公", "gong"}, {"共", "gong"},
    {"兴", "xing"}, {"其", "qi"}, {"养", "yang"}, {"农", "nong"},
    {"冰", "bing"}, {"冷", "leng"}, {"准", "zhun"}, {"凉", "liang"},
    {"刊", "kan"}, {"创", "chuang"}, {"到", "dao"}, {"前", "qian"},
    {"力", "li"}, {"加", "jia"}, {"务", "wu"}, {"动", "dong"}, {"化", "hua"},
    {"北", "bei"}, {"区", "qu"}, {"医", "yi"}, {"南", "nan"}, {"卫", "wei"},
    {"厂", "chang"}, {"压", "ya"}, {"厕", "ce"}, {"厢", "xiang"},
    {"县", "xian"}, {"发", "fa"}, {"取", "qu"}, {"司", "si"}, {"合", "he"},
    {"哺", "bu"}, {"商", "shang"}, {"喝", "he"}, {"园", "yuan"}, {"围", "wei"},
    {"国", "guo"}, {"图", "tu"}, {"地", "di"}, {"场", "chang"}, {"址", "zhi"},
    {"城", "cheng"}, {"堰", "yan"}, {"塔", "ta"}, {"塘", "tang"},
    {"头", "tou"}, {"如", "ru"}, {"委", "wei"}, {"婴", "ying"}, {"宁", "ning"},
    {"它", "ta"}, {"宝", "bao"}, {"实", "shi"}, {"室", "shi"}, {"家", "jia"},
    {"居", "ju"}, {"山", "shan"}, {"州", "zhou"}, {"工", "gong"},
    {"市", "shi"}, {"常", "chang"}, {"干", "gan"}, {"应", "ying"},
    {"度", "du"}, {"座", "zuo"}, {"建", "jian"}, {"开", "kai"}, {"微", "wei"},
    {"心", "xin"}, {"急", "ji"}, {"总", "zong"}, {"息", "xi"}, {"戴", "dai"},
    {"所", "suo"}, {"手", "shou"}, {"技", "ji"}, {"报", "bao"}, {"换", "huan"},
    {"政", "zheng"}, {"救", "jiu"}, {"敬", "jing"}, {"新", "xin"},
    {"旅", "lv"}, {"无", "wu"}, {"景", "jing"}, {"暑", "shu"}, {"暖", "nuan"},
    {"服", "fu"}, {"未", "wei"}, {"术", "shu"}, {"机", "ji"}, {"村", "cun"},
    {"来", "lai"}, {"杭", "hang"}, {"柜", "gui"}, {"查", "cha"},
    {"标", "biao"}, {"核", "he"}, {"桥", "qiao"}, {"桩", "zhuang"},
    {"椅", "yi"}, {"楼", "lou"}, {"歇", "xie"}, {"母", "mu"}, {"民", "min"},
    {"气", "qi"}, {"水", "shui"}, {"江", "jiang"}, {"池", "chi"}, {"沥", "li"},
    {"河", "he"}, {"油", "you"}, {"波", "bo"}, {"洗", "xi"}, {"济", "ji"},
    {"浦", "pu"}, {"浴", "yu"}, {"淋", "lin"}, {"温", "wen"}, {"港", "gang"},
    {"游", "you"}, {"湖", "hu"}, {"湘", "xiang"}, {"湾", "wan"}, {"澡", "zao"},
    {"炉", "lu"}, {"点", "dian"}, {"热", "re"}, {"燃", "ran"}, {"爱", "ai"},
    {"物", "wu"}, {"环", "huan"}, {"现", "xian"}, {"瓜", "gua"},
    {"瓶", "ping"}, {"生", "sheng"}, {"用", "yong"}, {"电", "dian"},
    {"盈", "ying"}, {"益", "yi"}, {"盔", "kui"}, {"目", "mu"}, {"看", "kan"},
    {"石", "shi"}, {"社", "she"}, {"空", "kong"}, {"站", "zhan"},
    {"箱", "xiang"}, {"精", "jing"}, {"红", "hong"}, {"纳", "na"},
    {"线", "xian"}, {"经", "jing"}, {"络", "luo"}, {"综", "zong"},
    {"网", "wang"}, {"置", "zhi"}, {"群", "qun"}, {"老", "lao"}, {"职", "zhi"},
    {"脚", "jiao"}, {"自", "zi"}, {"药", "yao"}, {"菜", "cai"}, {"萧", "xiao"},
    {"蓬", "peng"}, {"藏", "cang"}, {"蜀", "shu"}, {"血", "xue"},
    {"行", "xing"}, {"街", "jie"}, {"衙", "ya"}, {"计", "ji"}, {"读", "du"},
    {"购", "gou"}, {"超", "chao"}, {"趣", "qu"}, {"路", "lu"}, {"躲", "duo"},
    {"车", "che"}, {"进", "jin"}, {"道", "dao"}, {"避", "bi"}, {"量", "liang"},
    {"银", "yin"}, {"镇", "zhen"}, {"门", "men"}, {"间", "jian"},
    {"闻", "wen"}, {"阅", "yue"}, {"阳", "yang"}, {"际", "ji"},
    {"降", "jiang"}, {"院", "yuan"}, {"险", "xian"}, {"雨", "yu"},
    {"靖", "jing"}, {"项", "xiang"}, {"饭", "fan"}, {"饮", "yin"},
};

bool yj_vocab_pinyin(char *buf, size_t size, const char *text)
{
    size_t used = 0;
    const char *p = text;

    if (size == 0)
        return false;
    buf[0] = '\0';
    while (*p != '\0') {
        const char *syllable = NULL;
        size_t len = 0, i;
        unsigned char c = (unsigned char)*p;

        if (c < 0x80) {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                return false;
            if (used + 1 >= size)
                return false;
            buf[used++] = (char)(c | 0x20);
            buf[used] = '\0';
            p++;
            continue;
        }
        for (i = 0; i < sizeof pinyin_words / sizeof pinyin_words[0]; i++) {
            size_t n = strlen(pinyin_words[i][0]);
            if (strncmp(p, pinyin_words[i][0], n) == 0) {
                syllable = pinyin_words[i][1];
                len = n;
                break;
            }
        }
        if (syllable == NULL) {
            uint32_t cp, at;
            size_t lo = 0, hi = sizeof pinyin_chars / sizeof pinyin_chars[0];
            if ((len = yj_utf8_decode(p, strlen(p), &cp)) == 0)
                return false;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                const char *ch = pinyin_chars[mid][0];
                yj_utf8_decode(ch, strlen(ch), &at);
                if (at < cp)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < sizeof pinyin_chars / sizeof pinyin_chars[0] &&
                strncmp(pinyin_chars[lo][0], p, len) == 0 &&
                pinyin_chars[lo][0][len] == '\0')
                syllable = pinyin_chars[lo][1];
        }
        if (syllable == NULL)
            return false;
        if (used + strlen(syllable) >= size)
            return false;
        used += (size_t)snprintf(buf + used, size - used, "%s", syllable);
        p += len;
    }
    return used > 0;
}

/* How many candidates a suggestion weighs at most (a vocabulary has about
 * 200 in codes, labels, words and their pinyin; the places about 300). */
#define CANDIDATES_MAX 1024
#define PINYIN_MAX 48

typedef struct candidates {
    const char *text[CANDIDATES_MAX];  /* what is compared */
    const char *word[CANDIDATES_MAX];  /* what is shown */
    const char *code[CANDIDATES_MAX];
    const char *usable[CANDIDATES_MAX]; /* text, or NULL when left out */
    char pinyin[CANDIDATES_MAX][PINYIN_MAX];
    size_t n;
} candidates;

static void add(candidates *c, const char *text, const char *word,
                const char *code)
{
    if (c->n < CANDIDATES_MAX) {
        c->text[c->n] = text;
        c->word[c->n] = word;
        c->code[c->n] = code;
        c->n++;
    }
}

/* `word` and, when it romanises, its pinyin. */
static void add_word(candidates *c, const char *word, const char *code)
{
    add(c, word, word, code);
    if (c->n < CANDIDATES_MAX &&
        yj_vocab_pinyin(c->pinyin[c->n], PINYIN_MAX, word) &&
        strcmp(c->pinyin[c->n], word) != 0)
        add(c, c->pinyin[c->n], word, code);
}

/* s is one character that is not ASCII (厂, 村). */
static bool one_wide_char(const char *s)
{
    uint32_t cp;
    size_t len = strlen(s), n = yj_utf8_decode(s, len, &cp);

    return n > 0 && n == len && cp >= 0x80;
}

/* The candidate of c closest to `word`: one whose pinyin the word is or
 * sounds like (城箱 → chengxiang), else the nearest by edit distance;
 * SIZE_MAX when none is close.  A word of one character is no slip of
 * anything, and an ASCII word none of a one-character word, not even by
 * its pinyin ("hang" is not 厂, "a" not 村). */
static size_t closest(candidates *c, const char *word)
{
    char py[PINYIN_MAX];
    const char *found, *s;
    bool ascii = true;
    size_t i;

    for (s = word; *s != '\0'; s++)
        if ((unsigned char)*s >= 0x80)
            ascii = false;
    if (word[0] == '\0' || (ascii && word[1] == '\0') || one_wide_char(word))
        return (size_t)-1;
    for (i = 0; i < c->n; i++)
        c->usable[i] = ascii && one_wide_char(c->word[i]) ? NULL : c->text[i];
    if (yj_vocab_pinyin(py, sizeof py, word))
        for (i = 0; i < c->n; i++)
            if (c->usable[i] != NULL && strcmp(c->usable[i], py) == 0)
                return i;
    found = yj_text_suggest(word, c->usable, c->n);
    for (i = 0; found != NULL && i < c->n; i++)
        if (c->usable[i] == found)
            return i;
    return (size_t)-1;
}

const char *yj_vocab_suggest(const char *word, const char *const *names,
                             size_t n)
{
    candidates *c = malloc(sizeof *c); /* large: not on the stack */
    const char *found = NULL;
    char folded[128];
    size_t i, k;

    if (c == NULL)
        return NULL;
    yj_text_fold(folded, sizeof folded, word);
    c->n = 0;
    for (i = 0; i < n; i++)
        if (names[i] != NULL && names[i][0] != '\0')
            add_word(c, names[i], names[i]);
    k = closest(c, folded);
    if (k != (size_t)-1)
        found = c->word[k];
    free(c);
    return found;
}

/* A code compared with what people type: any case, '-' or ' ' for '_'. */
static bool same_code(const char *code, const char *text)
{
    for (; *code != '\0' && *text != '\0'; code++, text++) {
        char t = *text;
        if (t == '-' || t == ' ')
            t = '_';
        else if (t >= 'A' && t <= 'Z')
            t = (char)(t - 'A' + 'a');
        if (*code != t) /* codes are lower case */
            return false;
    }
    return *code == '\0' && *text == '\0';
}

/* text equals one of the '/'-separated parts of label. */
static bool label_part(const char *label, const char *text)
{
    size_t n = strlen(text);
    const char *p = label;

    if (n == 0)
        return false;
    while (p != NULL) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == n && strncmp(p, text, n) == 0)
            return true;
        p = slash ? slash + 1 : NULL;
    }
    return false;
}

/* The term of vocab that `folded` names exactly, or NULL. */
static const char *exact(const yj_term *vocab, const char *folded)
{
    const yj_term_word *w;
    const yj_term *t;

    if (folded[0] == '\0')
        return NULL;
    for (t = vocab; t->code != NULL; t++)
        if (same_code(t->code, folded) || strcmp(t->zh, folded) == 0)
            return t->code;
    for (t = vocab; t->code != NULL; t++)
        if (label_part(t->zh, folded))
            return t->code;
    for (w = yj_term_words(vocab); w->word != NULL; w++)
        if (strcasecmp(w->word, folded) == 0)
            return w->code;
    return NULL;
}

const char *yj_term_code(const yj_term *vocab, const char *text)
{
    char folded[128];

    if (!yj_text_fold(folded, sizeof folded, text))
        return NULL;
    return exact(vocab, folded);
}

/* The codes, labels (and their parts), words and pinyin of vocab. */
static void vocab_candidates(candidates *c, const yj_term *vocab)
{
    const yj_term_word *w;
    const yj_term *t;

    c->n = 0;
    for (t = vocab; t->code != NULL; t++) {
        add(c, t->code, t->code, t->code);
        add_word(c, t->zh, t->code);
    }
    for (w = yj_term_words(vocab); w->word != NULL; w++)
        add_word(c, w->word, w->code);
}

const char *yj_term_suggest(const char **code, const yj_term *vocab,
                            const char *text)
{
    candidates *c;
    const char *found = NULL;
    char folded[128];
    size_t k;

    *code = NULL;
    yj_text_fold(folded, sizeof folded, text);
    if (folded[0] == '\0' || (c = malloc(sizeof *c)) == NULL)
        return NULL;
    vocab_candidates(c, vocab); /* the words are static: c may go */
    k = closest(c, folded);
    if (k != (size_t)-1) {
        *code = c->code[k];
        found = c->word[k];
    }
    free(c);
    return found;
}

/* YJ_ENOTFOUND for `word` of vocab, with the guess when there is one. */
static yj_code unknown(yj_error *err, const yj_term *vocab, const char *word)
{
    const char *code, *guess = yj_term_suggest(&code, vocab, word);
    /* the guess's other name: the label of a code, the code of a word */
    const char *other = guess == NULL ? NULL
                        : strcmp(guess, code) == 0 ? yj_term_label(vocab, code)
                                                   : code;

    if (vocab == yj_amenities()) {
        if (guess != NULL)
            return yj_fail_input(err, YJ_INPUT_AMENITY, YJ_ENOTFOUND,
                                 "unknown amenity '%s'; did you mean '%s' "
                                 "(%s)?", word, guess, other);
        return yj_fail_input(err, YJ_INPUT_AMENITY, YJ_ENOTFOUND,
                             "unknown amenity '%s'", word);
    }
    if (vocab == yj_categories()) {
        if (guess != NULL)
            return yj_fail_input(err, YJ_INPUT_CATEGORY, YJ_ENOTFOUND,
                                 "unknown category '%s'; did you mean '%s' "
                                 "(%s)?", word, guess, other);
        return yj_fail_input(err, YJ_INPUT_CATEGORY, YJ_ENOTFOUND,
                             "unknown category '%s'", word);
    }
    if (guess != NULL)
        return yj_fail(err, YJ_ENOTFOUND, "unknown value '%s'; did you mean "
                       "'%s' (%s)?", word, guess, other);
    return yj_fail(err, YJ_ENOTFOUND, "unknown value '%s'", word);
}

yj_code yj_term_resolve(const char **code, const yj_term *vocab,
                        const char *text, yj_error *err)
{
    char folded[128];

    *code = NULL;
    yj_text_fold(folded, sizeof folded, text); /* a long one cut */
    if ((*code = exact(vocab, folded)) != NULL)
        return YJ_OK;
    return unknown(err, vocab, folded);
}

/* Where the next list separator starts in p (; ； 、 , ， / |; the
 * full-width ones folded already), its length in *sep_len (0 at the end).
 * White space separates too, but only words that are not one name
 * together ("phone charging"): see words(). */
static size_t next_separator(const char *p, size_t *sep_len)
{
    static const char *const seps[] = {";", "、", ",", "/", "|"};
    size_t best = strlen(p), i;

    *sep_len = 0;
    for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        const char *at = strstr(p, seps[i]);
        if (at != NULL && (size_t)(at - p) < best) {
            best = (size_t)(at - p);
            *sep_len = strlen(seps[i]);
        }
    }
    return best;
}

/* code is one of the ';'-separated entries of list. */
static bool in_list(const char *list, const char *code)
{
    size_t n = strlen(code);
    const char *p = list;

    while ((p = strstr(p, code)) != NULL) {
        if ((p == list || p[-1] == ';') && (p[n] == ';' || p[n] == '\0'))
            return true;
        p += n;
    }
    return false;
}

/* code appended to out[size] (*used bytes so far) unless it is there. */
static yj_code append(char *out, size_t size, size_t *used, const char *code,
                      yj_error *err)
{
    if (in_list(out, code))
        return YJ_OK;
    if (*used + strlen(code) + 2 > size)
        return yj_fail(err, YJ_EINVAL, "the list is too long");
    *used += (size_t)snprintf(out + *used, size - *used, "%s%s",
                              *used ? ";" : "", code);
    return YJ_OK;
}

#define BLANKS " \t\r\n\v\f"
/* How many words a name of a vocabulary spans at most ("phone charging"
 * is two; a code has at most one '_'). */
#define SPAN_MAX 4

/* words[0..n) (starting at p, blank-separated) as one item into
 * item[size], joined by single spaces; false when it does not fit. */
static bool join_words(char *item, size_t size, const char *p, size_t n)
{
    size_t used = 0;

    item[0] = '\0';
    while (n-- > 0) {
        size_t len;
        p += strspn(p, BLANKS);
        len = strcspn(p, BLANKS);
        if (used + (used > 0) + len >= size)
            return false;
        used += (size_t)snprintf(item + used, size - used, "%s%.*s",
                                 used > 0 ? " " : "", (int)len, p);
        p += len;
    }
    return true;
}

/* The blank-separated words of one entry (seg, folded and without other
 * separators): each run of words that names a term together ("phone
 * charging", as yj_term_code takes a space for '_'), the longest first,
 * else each word alone ("wifi toilet"). */
static yj_code words(char *out, size_t size, size_t *used,
                     const yj_term *vocab, const char *seg, yj_error *err)
{
    const char *p = seg + strspn(seg, BLANKS);

    while (*p != '\0') {
        const char *code = NULL, *q = p;
        size_t avail = 0, n;
        char item[128], two[128];
        yj_code rc;

        while (avail < SPAN_MAX && *q != '\0') { /* the words from p */
            q += strcspn(q, BLANKS);
            q += strspn(q, BLANKS);
            avail++;
        }
        for (n = avail; n > 1 && code == NULL; n--)
            if (join_words(item, sizeof item, p, n))
                code = yj_term_code(vocab, item);
        if (code != NULL) {
            n++; /* the loop counted one past */
        } else {
            size_t len = strcspn(p, BLANKS);
            n = 1;
            if (len >= sizeof item) /* shown cut between characters */
                len = yj_utf8_cut(p, len, sizeof item - 1);
            memcpy(item, p, len);
            item[len] = '\0';
            if ((code = yj_term_code(vocab, item)) == NULL) {
                /* unknown: named with the next word when together they
                 * are close to a term and it alone is not ("phone
                 * chargin") */
                const char *c;
                if (avail > 1 && join_words(two, sizeof two, p, 2) &&
                    yj_term_suggest(&c, vocab, item) == NULL &&
                    yj_term_suggest(&c, vocab, two) != NULL)
                    return yj_term_resolve(&code, vocab, two, err);
                return yj_term_resolve(&code, vocab, item, err);
            }
        }
        if ((rc = append(out, size, used, code, err)) != YJ_OK)
            return rc;
        while (n-- > 0) {
            p += strcspn(p, BLANKS);
            p += strspn(p, BLANKS);
        }
    }
    return YJ_OK;
}

yj_code yj_term_list(char *out, size_t size, const yj_term *vocab,
                     const char *text, yj_error *err)
{
    char folded[YJ_FIELD_MAX + 1], seg[YJ_FIELD_MAX + 1];
    const char *p = folded;
    size_t used = 0;
    yj_code rc;

    out[0] = '\0'; /* size > 0 */
    if (!yj_text_fold(folded, sizeof folded, text))
        return yj_fail(err, YJ_EINVAL, "the list is too long");
    while (*p != '\0') {
        size_t sep_len, n = next_separator(p, &sep_len);
        memcpy(seg, p, n);
        seg[n] = '\0';
        if ((rc = words(out, size, &used, vocab, seg, err)) != YJ_OK)
            return rc;
        p += n + sep_len;
    }
    return YJ_OK;
}
