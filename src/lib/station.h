/* station.h — private: turning a CSV record into a validated yj_station.
 * The field table, vocabularies and validation rules are owned here, so
 * every input path (build, import, edit, geocode) applies one set. */
#ifndef YJ_STATION_H
#define YJ_STATION_H

#include "csv.h"
#include "yijia.h"

/* Where each station field sits in a CSV file (-1: column absent). */
typedef struct yj_columns {
    int index[YJ_F_COUNT];
    size_t count;  /* number of columns in the header */
} yj_columns;

/* Map a header record of `file` to columns.  YJ_EPARSE names the file, line
 * and column for an unknown or repeated column, or a missing required one
 * (id, name, address, lon, lat). */
yj_code yj_columns_from_header(yj_columns *out, const yj_csv_record *header,
                               const char *file, yj_error *err);

/* Build and validate a station from `rec`.  On failure the message is
 * "FILE row LINE, column COLUMN: problem 'VALUE'" (yj_station_error_at)
 * and *out is left cleared. */
yj_code yj_station_from_record(yj_station *out, const yj_columns *cols,
                               const yj_csv_record *rec, const char *file,
                               yj_error *err);

/* Name field `f` in err's message ("lon: " before it, yj_error_prefix)
 * and return rc: `return yj_field_error(err, f, yj_fail(err, ...));`.
 * When rc is YJ_OK, err is left alone (it may hold no message). */
yj_code yj_field_error(yj_error *err, yj_field f, yj_code rc);

/* Say in err's message where in a sheet the problem is: "FILE row LINE,
 * column COLUMN: " (translated) when the message names a field by its
 * leading code ("lon: ..."), which then gives way to the column, else
 * "FILE row LINE: ".  The column is headers[f], the sheet's own header
 * text, when given and not the code, else the field's label and code
 * ("经度 (lon)").  headers: YJ_F_COUNT entries, or NULL. */
void yj_station_error_at(yj_error *err, const char *file, size_t line,
                         const char *const *headers);

/* Validate a complete station; messages start with the field name. */
yj_code yj_station_validate(const yj_station *s, yj_error *err);


/* True when nearest can find it: in service and located.  Only such
 * stations carry a Z-order key and count in the density table. */
bool yj_station_findable(const yj_station *s);
/* The accuracy in metres of a position checked on site: the "±N m" that
 * survey.c writes into coord_source, for a station of precision
 * `surveyed` only; false for any other (their sources say no accuracy). */
bool yj_station_accuracy_m(double *out, const yj_station *s);
/* Where a station's amenities come from (data/README.md).  Static
 * storage, ending with a NULL code. */
const yj_term *yj_amenity_sources(void);

#endif
