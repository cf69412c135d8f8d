/* fuzz_position.c — libFuzzer target for the forgiving position parser
 * (yj_parse_position, number.c) and the vocabulary normaliser (vocab.c):
 * full-width text, separators, hemispheres, degrees-minutes-seconds and
 * Amap/Baidu links.  An accepted position must be finite and in range (its
 * link's system one of the three); a refusal must carry a message, and a
 * swapped pair (YJ_INPUT_ORDER) a point in range the other way round.
 * The vocabulary functions must answer a code of the vocabulary or NULL.
 * Never a crash, undefined behaviour or a hang.  Each line of the input
 * goes through the position parser in both orders; the first line of up
 * to 64 bytes through the vocabulary functions too (a "did you mean"
 * weighs hundreds of candidates: slow enough to starve the parser). */
#include "yijia.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void position(const char *text, bool latlon)
{
    yj_position p;
    yj_error err;
    yj_code rc;

    err.message[0] = '\0';
    rc = yj_parse_position(&p, text, latlon, &err);
    if (rc == YJ_OK) {
        if (!(fabs(p.point.lon) <= 180.0 && fabs(p.point.lat) <= 90.0))
            abort();
        if (p.crs != YJ_CRS_WGS84 && p.crs != YJ_CRS_GCJ02 &&
            p.crs != YJ_CRS_BD09)
            abort();
        return;
    }
    if (rc != YJ_EINVAL || err.message[0] == '\0' ||
        strlen(err.message) >= sizeof err.message)
        abort();
    if (err.input == YJ_INPUT_ORDER &&
        !(fabs(p.point.lon) <= 180.0 && fabs(p.point.lat) <= 90.0))
        abort();
}

static void in_vocab(const yj_term *vocab, const char *code)
{
    if (code != NULL && yj_term_label(vocab, code) == NULL)
        abort();
}

static void vocabulary(const yj_term *vocab, const char *text)
{
    const char *code, *guess;
    char list[256];
    yj_error err;

    in_vocab(vocab, yj_term_code(vocab, text));
    guess = yj_term_suggest(&code, vocab, text);
    if ((guess == NULL) != (code == NULL))
        abort();
    in_vocab(vocab, code);
    if (yj_term_resolve(&code, vocab, text, &err) == YJ_OK)
        in_vocab(vocab, code);
    else if (err.message[0] == '\0')
        abort();
    if (yj_term_list(list, sizeof list, vocab, text, &err) != YJ_OK &&
        err.message[0] == '\0')
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *line, *next;
    bool first = true;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    for (line = text; line != NULL; line = next) {
        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        position(line, false);
        position(line, true);
        if (first && strlen(line) <= 64) {
            vocabulary(yj_amenities(), line);
            vocabulary(yj_categories(), line);
        }
        first = false;
    }
    free(text);
    return 0;
}
