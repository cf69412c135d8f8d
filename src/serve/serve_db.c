/* serve_db.c — each worker thread's read handle on the database.
 *
 * A yj_db is used by one thread at a time (yj_db_process_init), so each
 * worker opens its own, on its first request, holding the stations' points
 * in memory for nearest.  Changes committed by other processes (import,
 * edit, geocode, undo) are seen by the next request without anything done
 * here: every query's read transaction checks SQLite's data version.  A
 * database *replaced* — `yijia build` renames a new file into place, or a
 * replica is published by copying and renaming — is noticed before each
 * request (yj_db_replaced: one stat), and the worker moves to the new
 * file; if it cannot be opened, the worker keeps answering from the old
 * one.  No request is dropped either way. */
#include "serve.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_WORKERS 256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static yj_db *handles[MAX_WORKERS];  /* every worker's, for the close */
static int slots_taken;
static _Thread_local int slot = -1;
static _Thread_local yj_db *mine;   /* handles[slot], read without the lock */

/* Open and prepare a handle; NULL with err filled. */
static yj_db *open_handle(const char *path, yj_error *err)
{
    yj_db *db = NULL;

    if (yj_db_open(&db, path, err) != YJ_OK)
        return NULL;
    /* without the points nearest still answers, from the index */
    yj_db_hold_points(db, NULL);
    return db;
}

yj_db *serve_db_for_thread(const serve_options *opt, serve_response *rs)
{
    yj_db *fresh, *old = mine;
    yj_error err;

    /* the common case: this thread's handle, still on the file */
    if (old != NULL && !yj_db_replaced(old))
        return old;
    if (slot < 0) {
        pthread_mutex_lock(&lock);
        if (slots_taken < MAX_WORKERS)
            slot = slots_taken++;
        pthread_mutex_unlock(&lock);
    }
    if (slot < 0) {
        serve_error(rs, 503, "ServiceUnavailable", "too many worker threads");
        return NULL;
    }
    if ((fresh = open_handle(opt->db_path, &err)) == NULL) {
        if (old != NULL)
            return old; /* the new file is not readable (yet): the old one */
        serve_error(rs, 503, "ServiceUnavailable", "the station database "
                    "cannot be read: %s", err.message);
        return NULL;
    }
    pthread_mutex_lock(&lock);
    handles[slot] = fresh;
    pthread_mutex_unlock(&lock);
    mine = fresh;
    yj_db_close(old);
    return fresh;
}

bool serve_db_check(const serve_options *opt)
{
    yj_error err;
    yj_db *db = open_handle(opt->db_path, &err);

    if (db == NULL) {
        char shown[1024];
        yj_text_escape(shown, sizeof shown, err.message);
        fprintf(stderr, "yijia: %s%s\n", _("error: "), shown);
        return false;
    }
    yj_db_close(db);
    return true;
}

void serve_db_close_all(void)
{
    int i;

    pthread_mutex_lock(&lock);
    for (i = 0; i < MAX_WORKERS; i++) {
        yj_db_close(handles[i]);
        handles[i] = NULL;
    }
    slots_taken = 0;
    pthread_mutex_unlock(&lock);
}
