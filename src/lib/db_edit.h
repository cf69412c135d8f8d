/* db_edit.h — private: the editor's calls that only the library's own
 * writers (import.c, geocode.c) use; the public editor is in yijia.h. */
#ifndef YJ_DB_EDIT_H
#define YJ_DB_EDIT_H

#include "yijia.h"

/* Every station, closed ones too, by id; fn returns non-zero to stop. */
yj_code yj_editor_each(yj_editor *ed, yj_station_fn fn, void *payload,
                       yj_error *err);
/* The gazetteer's full name and district of a township given by its full
 * or short name ("城厢" → "城厢街道", "萧山区"); YJ_ENOTFOUND. */
yj_code yj_editor_township(char *name, size_t name_size, char *district,
                           size_t district_size, yj_editor *ed,
                           const char *text, yj_error *err);

/* The history number of the open change (yj_editor_begin), 0 when none is
 * open; it is kept only if the change changes a station. */
long long yj_editor_open_change(const yj_editor *ed);

#endif
