/* file.c — the one owner of what yijia writes files to and reads its
 * database from (README "What yijia writes to").
 *
 * A file is replaced whole: the new content goes to a temporary file
 * beside the target, named TARGET.yijia-tmp-PID-XXXXXX, which is synced
 * and renamed over the target only when complete, so a reader never sees
 * half a file and a failed run leaves the old one as it was.  The target
 * must be a regular file (or not exist): directories, devices, FIFOs and
 * sockets are refused, and so is a name that reaches standard output
 * through /proc (/dev/stdout, /dev/fd/1).  A symbolic link is followed to
 * its final target, which is replaced; the link stays.  An existing
 * target keeps its mode, owner and group; a target with other hard links
 * is refused (they would keep the old content).
 *
 * Temporary files in progress are kept in a fixed table that
 * yj_replace_abort_all empties from a signal handler (async-signal-safe:
 * unlink only), and a run that starts writing a target removes the
 * temporaries of that target that a dead process of the same user left
 * (kill -9, a crash, a power cut). */
#include "yijia.h"

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define TEMP_MARK ".yijia-tmp-"
#define MAX_LINKS 40    /* as the kernel's own limit on a path's links */
#define SLOTS 8         /* temporaries one process writes at once */

struct yj_replace {
    char target[PATH_MAX];  /* the final target, links followed */
    char temp[PATH_MAX];
    int fd;
    int slot;               /* in `active`, or -1 */
};

/* ---- temporaries in progress (for signal handlers) ---------------------- */

enum { SLOT_FREE, SLOT_FILLING, SLOT_ACTIVE };
static atomic_int slot_state[SLOTS];
static char slot_path[SLOTS][PATH_MAX];

static int slot_claim(const char *path)
{
    int i;

    for (i = 0; i < SLOTS; i++) {
        int expected = SLOT_FREE;
        if (atomic_compare_exchange_strong(&slot_state[i], &expected,
                                           SLOT_FILLING)) {
            memcpy(slot_path[i], path, strlen(path) + 1);
            atomic_store(&slot_state[i], SLOT_ACTIVE);
            return i;
        }
    }
    return -1; /* still written and renamed; only a signal would leave it */
}

static void slot_release(int slot)
{
    if (slot >= 0)
        atomic_store(&slot_state[slot], SLOT_FREE);
}

void yj_replace_abort_all(void)
{
    int i;

    for (i = 0; i < SLOTS; i++)
        if (atomic_load(&slot_state[i]) == SLOT_ACTIVE)
            unlink(slot_path[i]);
}

/* ---- the target --------------------------------------------------------- */

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode)    ? _("a directory")
           : S_ISCHR(mode)  ? _("a character device")
           : S_ISBLK(mode)  ? _("a block device")
           : S_ISFIFO(mode) ? _("a FIFO (named pipe)")
           : S_ISSOCK(mode) ? _("a socket")
                            : _("not a regular file");
}

static bool via_proc(const char *path)
{
    return strncmp(path, "/proc/", 6) == 0;
}

/* Follow `path`'s symbolic links to the name that is finally written:
 * out[PATH_MAX].  *st is that name's lstat, *exists false when nothing is
 * there yet. */
static yj_code resolve(char *out, struct stat *st, bool *exists,
                       const char *path, yj_error *err)
{
    char link[PATH_MAX];
    size_t n = strlen(path);
    int hops;

    if (n >= PATH_MAX)
        return yj_fail(err, YJ_EINVAL, "%.64s...: the name is too long",
                       path);
    memcpy(out, path, n + 1);
    for (hops = 0;; hops++) {
        ssize_t len;
        const char *slash;
        size_t dir_len;

        if (via_proc(out))
            return yj_fail(err, YJ_EINVAL, "%s reaches %s: yijia writes "
                           "regular files only", path, out);
        if (lstat(out, st) != 0) {
            if (errno != ENOENT)
                return yj_fail(err, YJ_EIO, "%s: %s", out, strerror(errno));
            *exists = false;
            return YJ_OK;
        }
        if (!S_ISLNK(st->st_mode)) {
            *exists = true;
            return YJ_OK;
        }
        if (hops == MAX_LINKS)
            return yj_fail(err, YJ_EINVAL, "%s: too many symbolic links",
                           path);
        if ((len = readlink(out, link, sizeof link - 1)) < 0)
            return yj_fail(err, YJ_EIO, "%s: %s", out, strerror(errno));
        link[len] = '\0';
        if (link[0] == '/') {
            memcpy(out, link, (size_t)len + 1);
            continue;
        }
        /* relative to the directory holding the link */
        slash = strrchr(out, '/');
        dir_len = slash ? (size_t)(slash - out) + 1 : 0;
        if (dir_len + (size_t)len >= PATH_MAX)
            return yj_fail(err, YJ_EINVAL, "%s: the link's target name is "
                           "too long", out);
        memmove(out + dir_len, link, (size_t)len + 1);
    }
}

yj_code yj_file_check_target(char *resolved, size_t size, const char *path,
                             yj_error *err)
{
    char out[PATH_MAX];
    struct stat st;
    bool exists;
    yj_code rc;

    if (path[0] == '\0')
        return yj_fail(err, YJ_EINVAL, "an empty file name");
    if ((rc = resolve(out, &st, &exists, path, err)) != YJ_OK)
        return rc;
    if (exists && !S_ISREG(st.st_mode))
        return yj_fail(err, YJ_EINVAL, "%s is %s: yijia writes regular files "
                       "only", path, kind_of(st.st_mode));
    if (exists && st.st_nlink > 1)
        return yj_fail(err, YJ_EINVAL, "%s has %lu hard links: replacing it "
                       "would leave the other names with the old content; "
                       "write to another name", path,
                       (unsigned long)st.st_nlink);
    if (resolved != NULL) {
        if (strlen(out) >= size)
            return yj_fail(err, YJ_EINVAL, "%.64s...: the name is too long",
                           out);
        memcpy(resolved, out, strlen(out) + 1);
    }
    return YJ_OK;
}

yj_code yj_file_check_source(const char *path, yj_error *err)
{
    struct stat st;

    if (path[0] == '\0')
        return yj_fail(err, YJ_EINVAL, "an empty file name");
    if (stat(path, &st) != 0)
        return yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return yj_fail(err, YJ_EINVAL, "%s is %s, not a station database",
                       path, kind_of(st.st_mode));
    if (access(path, R_OK) != 0)
        return yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    return YJ_OK;
}

/* ---- stale temporaries -------------------------------------------------- */

/* Remove `dir`'s temporaries of `base` whose writer is gone: owned by this
 * user, regular, and named for a process that no longer exists.  (A
 * writer in another PID namespace sharing the directory is not foreseen.) */
static void remove_stale(const char *dir, const char *base)
{
    DIR *d = opendir(dir[0] ? dir : ".");
    struct dirent *e;
    char prefix[NAME_MAX + 16], path[PATH_MAX];
    size_t plen;

    if (d == NULL)
        return;
    plen = (size_t)snprintf(prefix, sizeof prefix, "%s" TEMP_MARK, base);
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        char *end;
        long pid;

        if (plen >= sizeof prefix || strncmp(e->d_name, prefix, plen) != 0)
            continue;
        errno = 0;
        pid = strtol(e->d_name + plen, &end, 10);
        if (errno != 0 || pid <= 0 || pid > INT_MAX || *end != '-')
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* alive, or not ours to ask about */
        if ((size_t)snprintf(path, sizeof path, "%s%s", dir, e->d_name) >=
            sizeof path)
            continue;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
            st.st_uid == geteuid())
            unlink(path);
    }
    closedir(d);
}

/* ---- replacing ------------------------------------------------------------ */

/* Create r->temp, TARGET.yijia-tmp-PID-XXXXXX (six random letters and
 * digits), mode 0666 less the umask — as any new file gets, and without
 * reading the umask, which only changing it would tell (a process-wide
 * race). */
static yj_code create_temp(yj_replace *r, yj_error *err)
{
    static const char letters[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static atomic_uint counter;
    unsigned char random[6];
    int tries, fd, i, ufd;

    for (tries = 0; tries < 100; tries++) {
        char *x;
        struct timespec t;
        ufd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (ufd < 0 || read(ufd, random, sizeof random) !=
                           (ssize_t)sizeof random) {
            unsigned v;
            clock_gettime(CLOCK_MONOTONIC, &t);
            v = (unsigned)t.tv_nsec ^ (atomic_fetch_add(&counter, 1) << 20);
            for (i = 0; i < 6; i++, v = v * 1103515245u + 12345u)
                random[i] = (unsigned char)(v >> 16);
        }
        if (ufd >= 0)
            close(ufd);
        if ((size_t)snprintf(r->temp, sizeof r->temp,
                             "%s" TEMP_MARK "%ld-XXXXXX", r->target,
                             (long)getpid()) >= sizeof r->temp)
            return yj_fail(err, YJ_EINVAL, "%.64s...: the name is too long",
                           r->target);
        x = r->temp + strlen(r->temp) - 6;
        for (i = 0; i < 6; i++)
            x[i] = letters[random[i] % (sizeof letters - 1)];
        fd = open(r->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            r->fd = fd;
            return YJ_OK;
        }
        if (errno != EEXIST)
            break;
    }
    return yj_fail(err, YJ_EIO, "%s: cannot create a file beside it: %s",
                   r->target, strerror(errno));
}

yj_code yj_replace_begin(yj_replace **out, const char *path, yj_error *err)
{
    yj_replace *r;
    struct stat st, mine;
    bool exists;
    const char *slash;
    size_t dir_len;
    yj_code rc;

    *out = NULL;
    if (path[0] == '\0')
        return yj_fail(err, YJ_EINVAL, "an empty file name");
    if ((r = calloc(1, sizeof *r)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    r->fd = -1;
    r->slot = -1;
    if ((rc = yj_file_check_target(r->target, sizeof r->target, path, err))
        != YJ_OK)
        goto fail;
    exists = lstat(r->target, &st) == 0;
    slash = strrchr(r->target, '/');
    dir_len = slash ? (size_t)(slash - r->target) + 1 : 0;
    {
        char dir[PATH_MAX];
        memcpy(dir, r->target, dir_len);
        dir[dir_len] = '\0';
        remove_stale(dir, r->target + dir_len);
    }
    if ((rc = create_temp(r, err)) != YJ_OK)
        goto fail;
    r->slot = slot_claim(r->temp);
    if (exists) {
        /* the target's owner, group and permissions, as far as this user
         * may give them (chown first: it clears set-id bits, which are
         * not carried over) */
        if (fstat(r->fd, &mine) != 0 ||
            ((mine.st_uid != st.st_uid || mine.st_gid != st.st_gid) &&
             fchown(r->fd, st.st_uid, st.st_gid) != 0)) {
            rc = yj_fail(err, YJ_EIO, "%s: cannot keep its owner and group "
                         "(uid %lu, gid %lu) in the new file: %s", r->target,
                         (unsigned long)st.st_uid, (unsigned long)st.st_gid,
                         strerror(errno));
            goto fail;
        }
        if (fchmod(r->fd, st.st_mode & 0777) != 0) {
            rc = yj_fail(err, YJ_EIO, "%s: cannot keep its mode: %s",
                         r->target, strerror(errno));
            goto fail;
        }
    }
    *out = r;
    return YJ_OK;
fail:
    yj_replace_abort(r);
    return rc;
}

int yj_replace_fd(const yj_replace *r)
{
    return r->fd;
}

const char *yj_replace_temp_path(const yj_replace *r)
{
    return r->temp;
}

const char *yj_replace_target(const yj_replace *r)
{
    return r->target;
}

void yj_replace_abort(yj_replace *r)
{
    if (r == NULL)
        return;
    if (r->fd >= 0) {
        close(r->fd);
        unlink(r->temp);
    }
    slot_release(r->slot);
    free(r);
}

/* The rename itself is durable once the directory holding `path` is
 * synced. */
static void sync_dir(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    int fd;

    memcpy(dir, path, n);
    memcpy(dir + n, ".", 2);
    if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
        fsync(fd);
        close(fd);
    }
}

yj_code yj_replace_commit(yj_replace *r, yj_error *err)
{
    yj_code rc = YJ_OK;
    int fd = r->fd;

    r->fd = -1;
    if (fsync(fd) != 0)
        rc = yj_fail(err, YJ_EIO, "%s: writing failed: %s", r->target,
                     strerror(errno));
    if (close(fd) != 0 && rc == YJ_OK)
        rc = yj_fail(err, YJ_EIO, "%s: writing failed: %s", r->target,
                     strerror(errno));
    if (rc == YJ_OK && rename(r->temp, r->target) != 0)
        rc = yj_fail(err, YJ_EIO, "cannot rename %s to %s: %s", r->temp,
                     r->target, strerror(errno));
    if (rc != YJ_OK)
        unlink(r->temp);
    else
        sync_dir(r->target);
    slot_release(r->slot);
    free(r);
    return rc;
}
