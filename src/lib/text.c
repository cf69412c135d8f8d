/* text.c — UTF-8 validation and display width; fixed-point numbers.
 *
 * Width follows Unicode's East Asian Width (wide W and fullwidth F count 2)
 * for the ranges that occur in Chinese text and emoji, and counts combining
 * marks and zero-width characters as 0; it is what a terminal shows, so
 * tables of Chinese names line up. */
#include "text.h"

#include "yijia.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t yj_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n, i;
    uint32_t c, min;

    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    } else if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        n = 2; c = u[0] & 0x1Fu; min = 0x80;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        n = 3; c = u[0] & 0x0Fu; min = 0x800;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        n = 4; c = u[0] & 0x07u; min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((u[i] & 0xC0u) != 0x80u)
            return 0;
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

bool yj_utf8_valid(size_t *bad_offset, const char *s, size_t len)
{
    size_t i = 0, n;
    uint32_t cp;

    while (i < len) {
        if ((n = yj_utf8_decode(s + i, len - i, &cp)) == 0) {
            if (bad_offset != NULL)
                *bad_offset = i;
            return false;
        }
        i += n;
    }
    return true;
}

struct range {
    uint32_t first, last;
};

/* Zero-width: combining marks, zero-width space/joiners, variation selectors. */
static const struct range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0100, 0xE01EF},
};

/* East Asian Wide and Fullwidth blocks. */
static const struct range wide[] = {
    {0x1100, 0x115F},   /* Hangul Jamo initials */
    {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
    {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653},
    {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB},
    {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE}, {0x26D4, 0x26D4},
    {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA},
    {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
    {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757},
    {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C},
    {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   /* CJK radicals, Kangxi, CJK symbols and punctuation */
    {0x3041, 0x33FF},   /* kana, bopomofo, Hangul compat., CJK compat. */
    {0x3400, 0x4DBF},   /* CJK extension A */
    {0x4E00, 0x9FFF},   /* CJK unified ideographs */
    {0xA000, 0xA4CF},   /* Yi */
    {0xA960, 0xA97F}, {0xAC00, 0xD7A3},  /* Hangul */
    {0xF900, 0xFAFF},   /* CJK compatibility ideographs */
    {0xFE10, 0xFE19}, {0xFE30, 0xFE6F},  /* vertical forms, small forms */
    {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},  /* fullwidth forms */
    {0x16FE0, 0x16FE4}, {0x17000, 0x18AFF}, {0x1B000, 0x1B2FF},
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF},
    {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},  /* CJK extensions B.. */
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].first)
            hi = mid;
        else if (cp > r[mid].last)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

int yj_codepoint_width(uint32_t cp)
{
    if (cp == 0)
        return 0;
    if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
        return 0;
    if (in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    return 1;
}

size_t yj_text_width(const char *s)
{
    size_t len = strlen(s), i = 0, width = 0, n;
    uint32_t cp;

    while (i < len) {
        if ((n = yj_utf8_decode(s + i, len - i, &cp)) == 0) {
            width++;
            i++;
            continue;
        }
        width += (size_t)yj_codepoint_width(cp);
        i += n;
    }
    return width;
}

size_t yj_text_fit(size_t *width, const char *s, size_t max_width)
{
    size_t len = strlen(s), i = 0, w = 0, n, cw;
    uint32_t cp;

    while (i < len) {
        if ((n = yj_utf8_decode(s + i, len - i, &cp)) == 0) {
            n = 1;
            cw = 1;
        } else {
            cw = (size_t)yj_codepoint_width(cp);
        }
        /* a combining mark (width 0) stays with the character before it */
        if (cw > 0 && w + cw > max_width)
            break;
        w += cw;
        i += n;
    }
    if (width != NULL)
        *width = w;
    return i;
}

char *yj_strndup(const char *s, size_t len)
{
    char *p = malloc(len + 1);

    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* ---- numbers ------------------------------------------------------------- */

size_t yj_trim_decimal(char *buf)
{
    size_t n = strlen(buf);

    if (strchr(buf, '.') != NULL) {
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n > 0 && buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    if (strcmp(buf, "-0") == 0) {
        buf[0] = '0';
        buf[1] = '\0';
        n = 1;
    }
    return n;
}

size_t yj_format_fixed(char *buf, double v, int decimals)
{
    static const double scale[] = {1e0, 1e1, 1e2, 1e3, 1e4,
                                   1e5, 1e6, 1e7, 1e8, 1e9};
    double a = v < 0 ? -v : v, scaled, whole, frac;
    unsigned long long n, unit, ip, fp;
    char digits[32];
    size_t len = 0, nd = 0;
    int i;

    /* The fast path: a value of at most 1000 (degrees) scaled by at most
     * 1e9 is below 2^53, and the product's rounding error (< 1e-3 units)
     * cannot change the decimal rounding unless the fraction is within
     * 0.01 of a half, where printf's exact rounding is used instead. */
    if (decimals < 0 || decimals > 9 || !(a < 1000.0)) {
        int w = snprintf(buf, 32, "%.*f", decimals, v);
        return w > 0 ? (size_t)w : 0;
    }
    scaled = a * scale[decimals];
    whole = (double)(unsigned long long)scaled;
    frac = scaled - whole;
    if (frac > 0.49 && frac < 0.51) {
        int w = snprintf(buf, 32, "%.*f", decimals, v);
        return w > 0 ? (size_t)w : 0;
    }
    n = (unsigned long long)whole + (frac > 0.5);
    unit = (unsigned long long)scale[decimals];
    ip = n / unit;
    fp = n % unit;
    if (signbit(v))
        buf[len++] = '-';
    do {
        digits[nd++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip > 0);
    while (nd > 0)
        buf[len++] = digits[--nd];
    if (decimals > 0) {
        buf[len++] = '.';
        for (i = decimals - 1; i >= 0; i--) {
            buf[len + (size_t)i] = (char)('0' + fp % 10);
            fp /= 10;
        }
        len += (size_t)decimals;
    }
    buf[len] = '\0';
    return len;
}

size_t yj_utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    /* s[max] is the first byte left out: if it continues a character,
     * that character goes too */
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

void yj_utf8_copy(char *dst, size_t size, const char *src)
{
    size_t n;

    if (size == 0)
        return;
    n = yj_utf8_cut(src, strlen(src), size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void yj_utf8_drop_cut_tail(char *s)
{
    size_t len = strlen(s), back = 0, want;
    unsigned char lead;

    while (back < 3 && back < len &&
           ((unsigned char)s[len - 1 - back] & 0xC0) == 0x80)
        back++;
    if (back == len)
        return;
    lead = (unsigned char)s[len - 1 - back];
    want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (want > back + 1)
        s[len - 1 - back] = '\0';
}

/* ---- text for a terminal ------------------------------------------------ */

/* Characters a terminal would act on rather than show: C1 controls (CSI
 * U+009B starts an escape sequence like ESC [), the bidirectional
 * controls that reorder what is shown (Trojan Source), and the line and
 * paragraph separators. */
static bool acts_on_terminal(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

size_t yj_text_escape(char *buf, size_t size, const char *s)
{
    size_t used = 0, need = 0, len = strlen(s), i = 0;
    bool full = false;

    while (i < len) {
        char esc[12];
        const char *piece = s + i;
        size_t n;
        uint32_t cp = 0;
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || c == 0x7F) {
            n = 1;
            if (c == '\n' || c == '\t' || c == '\r')
                snprintf(esc, sizeof esc, "\\%c",
                         c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
            else
                snprintf(esc, sizeof esc, "\\x%02x", c);
            piece = esc;
        } else if ((n = yj_utf8_decode(s + i, len - i, &cp)) == 0) {
            n = 1; /* not UTF-8: the byte, shown */
            snprintf(esc, sizeof esc, "\\x%02x", c);
            piece = esc;
        } else if (acts_on_terminal(cp)) {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
            piece = esc;
        }
        {
            size_t plen = piece == esc ? strlen(esc) : n;
            /* whole characters or none: never cut inside one */
            if (!full && size > 0 && used + plen < size) {
                memcpy(buf + used, piece, plen);
                used += plen;
            } else {
                full = true;
            }
            need += plen;
        }
        i += n;
    }
    if (size > 0)
        buf[used] = '\0';
    return need;
}

/* ---- cells for spreadsheets --------------------------------------------- */

/* A plain decimal number ("-5", "+86.5"): a spreadsheet reads it as a
 * number, not a formula, so it needs no guard. */
static bool plain_number(const char *s)
{
    size_t i = (*s == '+' || *s == '-') ? 1 : 0, digits = 0;

    for (; s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (s[i] == '.')
        for (i++; s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    return digits > 0 && s[i] == '\0';
}

bool yj_cell_needs_guard(const char *s)
{
    const char *t = s + strspn(s, "'");

    if (*t == '\0' || strchr("=+-@\t\r", *t) == NULL)
        return false;
    return !plain_number(t);
}

const char *yj_cell_unguard(const char *s)
{
    return s[0] == '\'' && yj_cell_needs_guard(s + 1) ? s + 1 : s;
}

/* ---- "did you mean" ---------------------------------------------------- */

enum { DISTANCE_MAX_CHARS = 64 };

/* The code points of s (ASCII letters lowercased), at most
 * DISTANCE_MAX_CHARS. */
static size_t distance_chars(uint32_t *cps, const char *s)
{
    size_t n = 0, len = strlen(s), i = 0;

    while (i < len && n < DISTANCE_MAX_CHARS) {
        uint32_t cp;
        size_t step = yj_utf8_decode(s + i, len - i, &cp);
        if (step == 0) {
            cp = (unsigned char)s[i];  /* a bad byte counts as itself */
            step = 1;
        }
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        cps[n++] = cp;
        i += step;
    }
    return n;
}

size_t yj_text_distance(const char *a, const char *b)
{
    uint32_t ca[DISTANCE_MAX_CHARS], cb[DISTANCE_MAX_CHARS];
    /* rows i-2, i-1 and i of the table (i % 3) */
    size_t rows[3][DISTANCE_MAX_CHARS + 1];
    size_t na = distance_chars(ca, a), nb = distance_chars(cb, b), i, j;

    for (j = 0; j <= nb; j++)
        rows[0][j] = j;
    for (i = 1; i <= na; i++) {
        size_t *row = rows[i % 3], *up = rows[(i - 1) % 3];
        row[0] = i;
        for (j = 1; j <= nb; j++) {
            size_t best = up[j - 1] + (ca[i - 1] != cb[j - 1]);
            if (up[j] + 1 < best)
                best = up[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            /* two neighbours swapped ("lsit"): one edit */
            if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] &&
                ca[i - 2] == cb[j - 1] && rows[(i - 2) % 3][j - 2] + 1 < best)
                best = rows[(i - 2) % 3][j - 2] + 1;
            row[j] = best;
        }
    }
    return rows[na % 3][nb];
}

/* s is one character, not ASCII (a Chinese 厂 or 村). */
static bool one_wide_char(const char *s)
{
    uint32_t cp;
    size_t len = strlen(s), n = yj_utf8_decode(s, len, &cp);

    return n > 0 && n == len && cp >= 0x80;
}

static bool all_ascii(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

const char *yj_text_suggest(const char *word, const char *const *candidates,
                            size_t n)
{
    uint32_t cps[DISTANCE_MAX_CHARS];
    size_t chars = distance_chars(cps, word), limit, best = (size_t)-1, i;
    const char *found = NULL;
    bool ascii = all_ascii(word);

    if (chars == 0)
        return NULL;
    /* one character is no slip of anything: only its other case */
    limit = chars == 1 ? 0 : 1 + (chars > 4 ? (chars - 1) / 4 : 0);
    for (i = 0; i < n; i++) {
        size_t d;
        if (candidates[i] == NULL)
            continue;
        if (strcmp(word, candidates[i]) == 0)
            return NULL;
        if (ascii && one_wide_char(candidates[i]))
            continue; /* "ab" is not a slip of 村 */
        d = yj_text_distance(word, candidates[i]);
        if (d <= limit && d < best) {
            best = d;
            found = candidates[i];
        }
    }
    return found;
}

bool yj_text_fold(char *buf, size_t size, const char *s)
{
    size_t len = strlen(s), used = 0, i = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = yj_utf8_decode(s + i, len - i, &cp);
        char c = 0;
        if (n == 0) {
            n = 1;
            cp = 0xFFFD; /* copied as the byte it is */
        } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
            c = (char)(cp - 0xFF01 + 0x21);
        } else if (cp == 0x3000 || cp == 0x00A0 || cp == 0x1680 ||
                   (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
                   cp == 0x205F) {
            c = ' '; /* the ideographic, no-break and other spaces */
        } else if (cp == 0x200B || cp == 0x2060 || cp == 0xFEFF) {
            i += n; /* zero-width space, word joiner, BOM: nothing */
            continue;
        } else if (cp == 0x2212) {
            c = '-'; /* the minus sign */
        }
        if (c != 0) {
            if (used + 1 >= size)
                goto full;
            buf[used++] = c;
        } else {
            if (used + n >= size)
                goto full;
            memcpy(buf + used, s + i, n);
            used += n;
        }
        i += n;
    }
    buf[used] = '\0';
    /* the ends: ASCII white space (U+3000 and the others are a space by
     * now) */
    while (used > 0 && strchr(" \t\r\n\v\f", buf[used - 1]) != NULL)
        buf[--used] = '\0';
    i = strspn(buf, " \t\r\n\v\f");
    memmove(buf, buf + i, used - i + 1);
    return true;
full:
    buf[used] = '\0';
    yj_utf8_drop_cut_tail(buf);
    return false;
}
