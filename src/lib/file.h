/* file.h — private: the parts of file.c's writing and reading rules
 * (yijia.h, "files yijia writes and reads") that only the library uses. */
#ifndef YJ_FILE_H
#define YJ_FILE_H

#include "yijia.h"

/* Check that `path` is a regular file this user can read, as a database
 * must be: a directory, FIFO or device is YJ_EINVAL, a missing or
 * unreadable file YJ_EIO. */
yj_code yj_file_check_source(const char *path, yj_error *err);

/* The temporary file's name, and the final target's name (links
 * followed).  Borrowed until commit or abort. */
const char *yj_replace_temp_path(const yj_replace *r);
const char *yj_replace_target(const yj_replace *r);

#endif
