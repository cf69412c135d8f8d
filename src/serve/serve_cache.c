/* serve_cache.c — each worker thread's last answers that depend only on
 * the request and the data (those with an ETag), kept with their gzip, so
 * that a page asked again — a GIS client's same bbox page, a phone's same
 * data file — is answered without running the query or compressing again.
 *
 * The key is the request target as sent, the base URL its links start
 * with, and the database's content tag (yj_db_content_tag): a change
 * committed by any process, or a rebuild renamed in, gives another tag, so
 * an entry is never stale, only unused; the least recently used goes.
 * An entry lives one second at most: an OGC API page says when it was
 * made (timeStamp, /req/core/fc-timeStamp), and a second is what a
 * client can tell.  Under load one query a second answers a page asked
 * thousands of times.  Per thread, so no lock: workers never share
 * entries.  Each worker also keeps a memo of the stations' JSON (the
 * library's yj_writer_memo), for the answers computed each time: a station
 * is serialised once per content of the database. */
#include "serve.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ENTRIES 32
#define BODY_MAX (512 * 1024)  /* larger answers are not kept */

typedef struct entry {
    char *key;
    size_t key_len;
    char *body, *gz;
    size_t len, gz_len;
    const char *type;
    unsigned long used;        /* the thread's clock at the last use */
    struct timespec made;      /* CLOCK_MONOTONIC */
} entry;

typedef struct cache {
    entry e[ENTRIES];
    unsigned long clock;
    yj_writer_memo *memo;        /* the stations' JSON, for answers not kept */
} cache;

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void drop(entry *e)
{
    free(e->key);
    free(e->body);
    free(e->gz);
    memset(e, 0, sizeof *e);
}

static void free_cache(void *p)
{
    cache *c = p;
    size_t i;

    for (i = 0; c != NULL && i < ENTRIES; i++)
        drop(&c->e[i]);
    if (c != NULL)
        yj_writer_memo_free(c->memo);
    free(c);
}

static void make_key(void)
{
    pthread_key_create(&key, free_cache);
}

static cache *mine(void)
{
    cache *c;

    pthread_once(&once, make_key);
    if ((c = pthread_getspecific(key)) == NULL &&
        (c = calloc(1, sizeof *c)) != NULL &&
        pthread_setspecific(key, c) != 0) {
        free(c);
        c = NULL;
    }
    return c;
}

/* "target\nbase\ntag" into a new string. */
static char *key_of(size_t *len, const char *target, const char *base,
                    const char *tag)
{
    size_t a = strlen(target), b = strlen(base), t = strlen(tag);
    char *k = malloc(a + b + t + 3);

    if (k == NULL)
        return NULL;
    memcpy(k, target, a);
    k[a] = '\n';
    memcpy(k + a + 1, base, b);
    k[a + 1 + b] = '\n';
    memcpy(k + a + b + 2, tag, t + 1);
    *len = a + b + t + 2;
    return k;
}

static entry *find(cache *c, const char *target, const char *base,
                   const char *tag)
{
    size_t a = strlen(target), b = strlen(base), t = strlen(tag), i;

    for (i = 0; i < ENTRIES; i++) {
        const entry *e = &c->e[i];
        if (e->key != NULL && e->key_len == a + b + t + 2 &&
            memcmp(e->key, target, a) == 0 && e->key[a] == '\n' &&
            memcmp(e->key + a + 1, base, b) == 0 &&
            e->key[a + 1 + b] == '\n' &&
            memcmp(e->key + a + b + 2, tag, t) == 0)
            return &c->e[i];
    }
    return NULL;
}

static bool older_than_a_second(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec - t->tv_sec > 1 ||
           (now.tv_sec - t->tv_sec == 1 && now.tv_nsec >= t->tv_nsec);
}

bool serve_cache_get(serve_cached *out, const char *target,
                     const char *base, const char *tag)
{
    cache *c = mine();
    entry *e;

    if (c == NULL || (e = find(c, target, base, tag)) == NULL)
        return false;
    if (older_than_a_second(&e->made)) {
        drop(e);
        return false;
    }
    e->used = ++c->clock;
    out->body = e->body;
    out->len = e->len;
    out->gz = e->gz;
    out->gz_len = e->gz_len;
    out->type = e->type;
    return true;
}

void serve_cache_put(const char *target, const char *base, const char *tag,
                     const serve_response *rs)
{
    cache *c = mine();
    entry *e, *oldest;
    size_t i;

    if (c == NULL || rs->body == NULL || rs->len > BODY_MAX ||
        find(c, target, base, tag) != NULL)
        return;
    oldest = &c->e[0];
    for (i = 1; i < ENTRIES; i++)
        if (c->e[i].used < oldest->used)
            oldest = &c->e[i];
    e = oldest;
    drop(e);
    if ((e->key = key_of(&e->key_len, target, base, tag)) == NULL ||
        (e->body = malloc(rs->len ? rs->len : 1)) == NULL) {
        drop(e);
        return;
    }
    memcpy(e->body, rs->body, rs->len);
    e->len = rs->len;
    e->type = rs->content_type;
    e->used = ++c->clock;
    clock_gettime(CLOCK_MONOTONIC, &e->made);
}

void serve_cache_put_gzip(const char *target, const char *base,
                          const char *tag, const char *gz, size_t len)
{
    cache *c = mine();
    entry *e;

    if (c == NULL || (e = find(c, target, base, tag)) == NULL ||
        e->gz != NULL || (e->gz = malloc(len ? len : 1)) == NULL)
        return;
    memcpy(e->gz, gz, len);
    e->gz_len = len;
}

yj_writer_memo *serve_memo(const char *tag)
{
    cache *c = mine();

    if (c == NULL || tag == NULL || tag[0] == '\0')
        return NULL;
    if (c->memo == NULL && yj_writer_memo_new(&c->memo, NULL) != YJ_OK)
        return NULL;
    yj_writer_memo_content(c->memo, tag);
    return c->memo;
}
