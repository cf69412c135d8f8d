/* cli_output.c — where a command's data goes: stdout, or a file given with
 * -o that is written aside (FILE.XXXXXX in the same directory), synced,
 * and renamed into place only when the command succeeds, so a reader never
 * sees half a file and a failed run leaves the old file as it was. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_output_open(cli_output *o, const char *path)
{
    struct stat st;
    mode_t mask;
    int fd;

    memset(o, 0, sizeof *o);
    if (path == NULL || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return EXIT_OK;
    }
    if (path[0] == '\0')
        return cli_usage_error(NULL, "-o: empty file name");
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error("-o: '%s' is a directory", path);
        return EXIT_USAGE;
    }
    o->path = path;
    if ((o->tmp = malloc(strlen(path) + 8)) == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    sprintf(o->tmp, "%s.XXXXXX", path);
    if ((fd = mkstemp(o->tmp)) < 0) {
        cli_error("-o: cannot write beside '%s': %s", path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return EXIT_RUNTIME;
    }
    /* mkstemp makes 0600; an export is an ordinary file (0666 & ~umask). */
    mask = umask(022);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || (o->fp = fdopen(fd, "w")) == NULL) {
        cli_error("-o: '%s': %s", o->tmp, strerror(errno));
        close(fd);
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int cli_output_close(cli_output *o, int status)
{
    int failed;

    if (o->tmp == NULL)
        return status;
    failed = fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0;
    if (fclose(o->fp) != 0)
        failed = 1;
    if (status == EXIT_OK && failed) {
        cli_error("writing '%s' failed: %s", o->path, strerror(errno));
        status = EXIT_RUNTIME;
    }
    if (status == EXIT_OK && rename(o->tmp, o->path) != 0) {
        cli_error("cannot rename '%s' to '%s': %s", o->tmp, o->path,
                  strerror(errno));
        status = EXIT_RUNTIME;
    }
    if (status != EXIT_OK)
        unlink(o->tmp);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return status;
}
