/* vocab.h — private helpers of vocab.c for the database module's "did
 * you mean" over names (townships, places). */
#ifndef YJ_VOCAB_H
#define YJ_VOCAB_H

#include "yijia.h"

#include <stdbool.h>
#include <stddef.h>

/* The toneless pinyin of `text` into buf[size] ("城厢" → "chengxiang";
 * ASCII letters lower-cased and kept); false when a character is not in
 * vocab.c's table (or is not a letter), or it does not fit. */
bool yj_vocab_pinyin(char *buf, size_t size, const char *text);

/* The name of names[0..n) that `word` most likely means: one that sounds
 * the same in pinyin, else the closest by yj_text_suggest (over the names
 * and their pinyin).  NULL when none is close.  Borrowed from names. */
const char *yj_vocab_suggest(const char *word, const char *const *names,
                             size_t n);

#endif
