/* cli_output.c — where a command's data goes: stdout, or a file given with
 * -o that is written aside, synced, and renamed into place only when the
 * command succeeds (the library's yj_replace: what may be written to, and
 * how), so a reader never sees half a file and a failed run leaves the old
 * file as it was.
 *
 * A file is written by a second thread: the command formats into 4 MiB
 * chunks and hands each full one over, so formatting and the kernel's
 * copying into the page cache run on two cores (a 1 GB export: about a
 * third faster).  At most CHUNKS chunks exist: memory stays constant. */
#define _GNU_SOURCE /* fopencookie */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_SIZE (4u << 20)
#define CHUNKS 3

typedef struct chunk {
    char *data;
    size_t used;
} chunk;

/* The hand-over between the command (producer) and the writing thread. */
struct cli_async {
    int fd;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    chunk chunks[CHUNKS];
    int full[CHUNKS];    /* queue of chunk indexes to write, in order */
    size_t n_full, head;
    int free_list[CHUNKS];
    size_t n_free;
    int current;         /* the chunk being filled, or -1 */
    bool closing;
    int error;           /* errno of a failed write, or 0 */
};

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void *writer_thread(void *arg)
{
    struct cli_async *a = arg;

    pthread_mutex_lock(&a->lock);
    for (;;) {
        int c, error;
        while (a->n_full == 0 && !a->closing)
            pthread_cond_wait(&a->changed, &a->lock);
        if (a->n_full == 0)
            break;
        c = a->full[a->head];
        a->head = (a->head + 1) % CHUNKS;
        a->n_full--;
        pthread_mutex_unlock(&a->lock);
        error = a->error ? 0 : write_all(a->fd, a->chunks[c].data,
                                         a->chunks[c].used);
        pthread_mutex_lock(&a->lock);
        if (error && !a->error)
            a->error = error;
        a->chunks[c].used = 0;
        a->free_list[a->n_free++] = c;
        pthread_cond_broadcast(&a->changed);
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

/* Queue the current chunk (called with the lock held). */
static void hand_over(struct cli_async *a)
{
    if (a->current < 0 || a->chunks[a->current].used == 0)
        return;
    a->full[(a->head + a->n_full) % CHUNKS] = a->current;
    a->n_full++;
    a->current = -1;
    pthread_cond_broadcast(&a->changed);
}

static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
    struct cli_async *a = cookie;
    size_t done = 0;

    pthread_mutex_lock(&a->lock);
    while (done < size) {
        chunk *c;
        size_t n;
        if (a->error) {
            errno = a->error;
            pthread_mutex_unlock(&a->lock);
            return -1;
        }
        if (a->current < 0) {
            while (a->n_free == 0)
                pthread_cond_wait(&a->changed, &a->lock);
            a->current = a->free_list[--a->n_free];
        }
        c = &a->chunks[a->current];
        n = size - done < CHUNK_SIZE - c->used ? size - done
                                               : CHUNK_SIZE - c->used;
        memcpy(c->data + c->used, buf + done, n);
        c->used += n;
        done += n;
        if (c->used == CHUNK_SIZE)
            hand_over(a);
    }
    pthread_mutex_unlock(&a->lock);
    return (ssize_t)size;
}

/* Write what is left, stop the thread; 0 or the errno of a failure. */
static int async_finish(struct cli_async *a)
{
    int error;

    pthread_mutex_lock(&a->lock);
    hand_over(a);
    a->closing = true;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    error = a->error;
    return error;
}

static void async_free(struct cli_async *a)
{
    int i;

    pthread_mutex_destroy(&a->lock);
    pthread_cond_destroy(&a->changed);
    for (i = 0; i < CHUNKS; i++)
        free(a->chunks[i].data);
    free(a);
}

static int cookie_close(void *cookie)
{
    (void)cookie; /* cli_output_close finishes and frees it */
    return 0;
}

static struct cli_async *async_new(int fd)
{
    struct cli_async *a = calloc(1, sizeof *a);
    int i;

    if (a == NULL)
        return NULL;
    a->fd = fd;
    a->current = -1;
    for (i = 0; i < CHUNKS; i++) {
        if ((a->chunks[i].data = malloc(CHUNK_SIZE)) == NULL) {
            while (i-- > 0)
                free(a->chunks[i].data);
            free(a);
            return NULL;
        }
        a->free_list[a->n_free++] = i;
    }
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->changed, NULL);
    if (pthread_create(&a->thread, NULL, writer_thread, a) != 0) {
        async_free(a);
        return NULL;
    }
    return a;
}

int cli_output_open(cli_output *o, const char *path)
{
    static const cookie_io_functions_t io = {NULL, cookie_write, NULL,
                                             cookie_close};
    yj_error err;
    int fd;

    memset(o, 0, sizeof *o);
    if (path == NULL || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return EXIT_OK;
    }
    if (path[0] == '\0')
        return cli_usage_error(NULL, "-o: empty file name");
    /* what may be written, and how (file.c) */
    if (yj_replace_begin(&o->file, path, &err) != YJ_OK) {
        cli_error("-o: %s", err.message);
        if (err.code != YJ_EINVAL)
            return EXIT_RUNTIME;
        fprintf(stderr, "To write to standard output, leave out -o (or "
                "give -o -).\n");
        return EXIT_USAGE;
    }
    o->path = path;
    fd = yj_replace_fd(o->file);
    if ((o->async = async_new(fd)) == NULL ||
        (o->fp = fopencookie(o->async, "w", io)) == NULL) {
        cli_error("-o: '%s': %s", path, strerror(errno ? errno : ENOMEM));
        if (o->async != NULL) {
            async_finish(o->async);
            async_free(o->async);
        }
        yj_replace_abort(o->file);
        memset(o, 0, sizeof *o);
        return EXIT_RUNTIME;
    }
    /* stdio's buffer in front of the chunks: fewer, larger copies */
    setvbuf(o->fp, NULL, _IOFBF, 1u << 16);
    return EXIT_OK;
}

int cli_output_close(cli_output *o, int status)
{
    yj_error err;
    int error = 0;

    if (o->file == NULL)
        return status;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        error = errno ? errno : EIO;
    fclose(o->fp);
    if (!error)
        error = async_finish(o->async);
    else
        async_finish(o->async);
    async_free(o->async);
    if (status == EXIT_OK && error) {
        cli_error("writing '%s' failed: %s", o->path, strerror(error));
        status = EXIT_RUNTIME;
    }
    if (status == EXIT_OK) {
        if (yj_replace_commit(o->file, &err) != YJ_OK) {
            cli_error("%s", err.message);
            status = EXIT_RUNTIME;
        }
    } else {
        yj_replace_abort(o->file);
    }
    memset(o, 0, sizeof *o);
    return status;
}
