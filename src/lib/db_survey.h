/* db_survey.h — private: what a check on site (survey.c) reads and writes
 * in the database an editor changes, besides the station itself: the
 * submissions applied (schema 6), the last change of a station, and the
 * outlines its position is tested against.  Run inside the caller's open
 * change (yj_editor_begin), so that what is read is what is written. */
#ifndef YJ_DB_SURVEY_H
#define YJ_DB_SURVEY_H

#include "yijia.h"

/* The change that applied submission `id`, into *change_id, and *found,
 * and the station it was for into station[station_size]; nothing found:
 * *found false.  YJ_EDB. */
yj_code yj_editor_submission(long long *change_id, bool *found,
                             char *station, size_t station_size,
                             yj_editor *ed, const char *id, yj_error *err);
/* Record submission `id` by `staff` for `station_id` as applied by change
 * `change_id`, received now.  YJ_EDB (a second row for an id too). */
yj_code yj_editor_submission_add(yj_editor *ed, const char *id,
                                 const char *staff, const char *station_id,
                                 long long change_id, yj_error *err);
/* The newest change that touched station `station_id` (0: none).  YJ_EDB. */
yj_code yj_editor_last_change(long long *change_id, yj_editor *ed,
                              const char *station_id, yj_error *err);
/* The outlines of township `name` (its polygon; none when it has none
 * or is not in the gazetteer), or with `district` those of district
 * `name` (NULL or "": every district's), decoded into a new array
 * *shapes[*n] (free with yj_shapes_free).  YJ_EDB (a BLOB that does not
 * decode too), YJ_ENOMEM. */
yj_code yj_editor_outlines(yj_shape **shapes, size_t *n, yj_editor *ed,
                           const char *name, bool district, yj_error *err);
void yj_shapes_free(yj_shape *shapes, size_t n);
/* The names of the districts that have an outline, joined with "、"
 * into buf[size] ("" when none).  YJ_EDB. */
yj_code yj_editor_district_names(char *buf, size_t size, yj_editor *ed,
                                 yj_error *err);

#endif
