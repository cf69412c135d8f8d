/* cli_output.c — where a command's data goes: stdout, or a file given with
 * -o that is written aside, synced, and renamed into place only when the
 * command succeeds (the library's yj_replace: what may be written to, and
 * how), so a reader never sees half a file and a failed run leaves the old
 * file as it was. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_output_open(cli_output *o, const char *path)
{
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
        fputs(_("To write to standard output, leave out -o (or "
                "give -o -).\n"), stderr);
        return EXIT_USAGE;
    }
    o->path = path;
    /* a stream of its own over the same open file: fclose closes the copy,
     * yj_replace_commit syncs and closes the original */
    if ((fd = dup(yj_replace_fd(o->file))) < 0 ||
        (o->fp = fdopen(fd, "w")) == NULL) {
        cli_error("-o: '%s': %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        yj_replace_abort(o->file);
        memset(o, 0, sizeof *o);
        return EXIT_RUNTIME;
    }
    /* fewer, larger writes than stdio's default 4 KiB */
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
    if (fclose(o->fp) != 0 && !error)
        error = errno ? errno : EIO;
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
