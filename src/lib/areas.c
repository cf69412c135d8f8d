/* areas.c — the outlines of a database held in memory (see areas.h):
 * every area yj_db_areas visits copied out, its representative point
 * checked within ±180, ±90 (database contents are input too). */
#include "areas.h"

#include "error.h"
#include "shape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct area_list {
    yj_area_rec *items;
    size_t n;
    yj_error *err;
    yj_code rc;
} area_list;

static int take_area(void *payload, const yj_area *a)
{
    area_list *l = payload;
    yj_area_rec *grown, *r;

    if (a->has_point &&
        !(fabs(a->point.lon) <= 180.0 && fabs(a->point.lat) <= 90.0)) {
        /* database contents are input too */
        l->rc = yj_fail(l->err, YJ_EDB, "%s %s in the database has lon "
                        "%.10g, lat %.10g: out of range", a->kind, a->name,
                        a->point.lon, a->point.lat);
        return 1;
    }

    if ((grown = realloc(l->items, (l->n + 1) * sizeof *grown)) == NULL) {
        l->rc = yj_fail(l->err, YJ_ENOMEM, "out of memory");
        return 1;
    }
    l->items = grown;
    r = &grown[l->n];
    memset(r, 0, sizeof *r);
    if ((r->name = malloc(strlen(a->name) + 1)) == NULL) {
        l->rc = yj_fail(l->err, YJ_ENOMEM, "out of memory");
        return 1;
    }
    memcpy(r->name, a->name, strlen(a->name) + 1);
    l->n++;
    r->district = strcmp(a->kind, "district") == 0;
    r->has_point = a->has_point;
    r->point = a->point;
    if (a->shape != NULL &&
        (l->rc = yj_shape_copy(&r->shape, a->shape, l->err)) != YJ_OK)
        return 1;
    return 0;
}

yj_code yj_areas_load(yj_area_rec **out, size_t *n, yj_db *db,
                      yj_error *err)
{
    area_list l;
    yj_code rc;

    memset(&l, 0, sizeof l);
    l.err = err;
    if ((rc = yj_db_areas(db, take_area, &l, err)) == YJ_OK)
        rc = l.rc;
    if (rc != YJ_OK) {
        yj_areas_free(l.items, l.n);
        l.items = NULL;
        l.n = 0;
    }
    *out = l.items;
    *n = l.n;
    return rc;
}

void yj_areas_free(yj_area_rec *areas, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(areas[i].name);
        yj_shape_clear(&areas[i].shape);
    }
    free(areas);
}

const yj_area_rec *yj_area_named(const yj_area_rec *areas, size_t n,
                                 const char *name, bool district)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (areas[i].district == district && areas[i].shape.n_rings > 0 &&
            strcmp(areas[i].name, name) == 0)
            return &areas[i];
    return NULL;
}
