/* coverage.c — how well the stations cover each township: the union's
 * goal is a station in every township (所有镇街全覆盖), the national one a
 * station within 1 km (a 15-minute walk).
 *
 * Method: a grid of cell_m × cell_m cells (in degrees at the township's
 * latitude) over each township polygon; a cell counts when its centre is
 * inside.  For each such centre the distance to the nearest located
 * station (of the whole district: a neighbour's station serves too) is
 * geodesic on WGS84 (Vincenty) wherever it decides anything — near the
 * radius, or for the farthest point; elsewhere the local plane, within
 * 1 %, already decides (the figures are identical to measuring every
 * cell).  The share
 * within the radius is the share of cells whose centre is within it; the
 * farthest point is the cell centre farthest from any station.  Cells are
 * equal in area within a township to 0.01 % here, so counting them
 * measures area. */
#include "crs.h"
#include "error.h"
#include "shape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct station_point {
    yj_lonlat p;
} station_point;

typedef struct collect {
    station_point *pts;
    size_t n, cap;
    size_t approximate, surveyed;
    yj_error *err;
    yj_code rc;
} collect;

static int add_station(void *payload, const yj_station *s)
{
    collect *c = payload;
    station_point *grown;

    if (!s->has_point)
        return 0;
    if (!(fabs(s->lon) <= 180.0 && fabs(s->lat) <= 90.0)) {
        /* database contents are input too */
        c->rc = yj_fail(c->err, YJ_EDB, "station %s in the database has lon "
                        "%.10g, lat %.10g: out of range (-180..180, "
                        "-90..90)", s->text[YJ_F_ID], s->lon, s->lat);
        return 1;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        if ((grown = realloc(c->pts, c->cap * sizeof *grown)) == NULL) {
            c->rc = yj_fail(c->err, YJ_ENOMEM, "out of memory");
            return 1;
        }
        c->pts = grown;
    }
    c->pts[c->n].p.lon = s->lon;
    c->pts[c->n].p.lat = s->lat;
    c->n++;
    c->approximate += yj_station_is_approximate(s);
    c->surveyed += strcmp(s->text[YJ_F_COORD_PRECISION], "surveyed") == 0;
    return 0;
}

/* The squared distance, in degrees on the local equirectangular plane
 * (longitude scaled by k = cos(latitude)), from p to station i. */
static double plane_d2(const collect *c, size_t i, yj_lonlat p, double k)
{
    double dx = (p.lon - c->pts[i].p.lon) * k, dy = p.lat - c->pts[i].p.lat;

    return dx * dx + dy * dy;
}

/* The least plane_d2 over the stations (-1: none). */
static double plane_best2(const collect *c, yj_lonlat p, double k)
{
    double best = -1.0;
    size_t i;

    for (i = 0; i < c->n; i++) {
        double d2 = plane_d2(c, i, p, k);
        if (best < 0 || d2 < best)
            best = d2;
    }
    return best;
}

/* The geodesic distance from p to the nearest station, given the plane's
 * best (plane_best2; -1: no station).  Every station within 0.5 % of the
 * best on the plane — where the plane's ranking could differ from the
 * ellipsoid's at these distances — is measured geodesically, and the least
 * of those is the answer. */
static double geodesic_nearest(const collect *c, yj_lonlat p, double k,
                               double best2)
{
    double limit = best2 * 1.005 * 1.005 + 1e-18, answer = -1.0;
    size_t i;

    if (best2 < 0)
        return -1.0;
    for (i = 0; i < c->n; i++) {
        if (plane_d2(c, i, p, k) <= limit) {
            double d = yj_geodesic_distance_m(p, c->pts[i].p);
            if (answer < 0 || d < answer)
                answer = d;
        }
    }
    return answer;
}

static double nearest_m(const collect *c, yj_lonlat p)
{
    double k = cos(p.lat * YJ_PI / 180.0);

    return geodesic_nearest(c, p, k, plane_best2(c, p, k));
}

/* The plane's distance in metres is within 1 % of the geodesic one at
 * these distances (PLANE_ERROR): enough to decide most cells without the
 * ellipsoid. */
#define PLANE_ERROR 0.01
#define PLANE_M_PER_DEGREE 111195.0

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The longitudes where latitude y crosses the shape's rings, sorted. */
static size_t row_crossings(double *out, const yj_shape *s, double y)
{
    size_t n = 0, r, i, j;

    for (r = 0; r < s->n_rings; r++) {
        size_t a = s->ring_start[r], b = s->ring_start[r + 1];
        for (i = a, j = b - 1; i < b; j = i++) {
            const yj_lonlat *pi = &s->points[i], *pj = &s->points[j];
            if ((pi->lat > y) != (pj->lat > y))
                out[n++] = (pj->lon - pi->lon) * (y - pi->lat) /
                               (pj->lat - pi->lat) + pi->lon;
        }
    }
    qsort(out, n, sizeof *out, cmp_double);
    return n;
}

/* The most grid cells one township may need: a township of 萧山 takes
 * 10,000 at 100 m; 50 million is minutes of work.  A polygon the size of
 * a country (or the world: the database may hold anything) is refused
 * instead of running for days. */
#define MAX_CELLS 50e6

/* The number of cells of the grid over s's box. */
static double grid_cells(const yj_shape *s, double cell_m)
{
    const yj_box *b = &s->box;
    double mid = (b->south + b->north) / 2.0;
    double dlat = cell_m / 111132.954;
    double dlon = cell_m / (111412.84 * fmax(cos(mid * YJ_PI / 180.0), 1e-9));

    return ((b->north - b->south) / dlat + 1.0) *
           ((b->east - b->west) / dlon + 1.0);
}

typedef struct run {
    yj_coverage *out;
    collect *stations;
    yj_error *err;
    yj_code rc;
} run;

static int cover_area(void *payload, const yj_area *a)
{
    run *r = payload;
    yj_coverage *out = r->out;
    yj_coverage_row *row, *grown;
    size_t i;

    if (strcmp(a->kind, "district") == 0)
        return 0;
    if (a->has_point &&
        !(fabs(a->point.lon) <= 180.0 && fabs(a->point.lat) <= 90.0)) {
        r->rc = yj_fail(r->err, YJ_EDB, "township %s in the database has "
                        "lon %.10g, lat %.10g: out of range", a->name,
                        a->point.lon, a->point.lat);
        return 1;
    }
    if (a->shape != NULL && grid_cells(a->shape, out->cell_m) > MAX_CELLS) {
        r->rc = yj_fail(r->err, YJ_EINVAL, "township %s spans %.4g° × %.4g°: "
                        "a grid of %g m cells over it would have more than "
                        "%.0f million cells (coverage --cell takes larger "
                        "cells)", a->name,
                        a->shape->box.east - a->shape->box.west,
                        a->shape->box.north - a->shape->box.south,
                        out->cell_m, MAX_CELLS / 1e6);
        return 1;
    }
    if ((grown = realloc(out->rows, (out->n_rows + 1) * sizeof *grown)) ==
        NULL) {
        r->rc = yj_fail(r->err, YJ_ENOMEM, "out of memory");
        return 1;
    }
    out->rows = grown;
    row = &out->rows[out->n_rows++];
    memset(row, 0, sizeof *row);
    snprintf(row->name, sizeof row->name, "%s", a->name);
    snprintf(row->kind, sizeof row->kind, "%s", a->kind);
    row->area_km2 = -1.0;
    row->share_within = -1.0;
    row->farthest_m = -1.0;
    row->point_to_station_m = a->has_point ? nearest_m(r->stations, a->point)
                                           : -1.0;
    if (a->shape == NULL)
        return 0;
    row->has_polygon = true;
    row->area_km2 = yj_shape_area_m2(a->shape) / 1e6;
    for (i = 0; i < r->stations->n; i++)
        row->stations += yj_shape_contains(a->shape, r->stations->pts[i].p);
    {
        const yj_box *b = &a->shape->box;
        double mid = (b->south + b->north) / 2.0;
        double dlat = out->cell_m / 111132.954;   /* m per degree, ~30°N */
        double dlon = out->cell_m /
                      (111412.84 * cos(mid * YJ_PI / 180.0));
        size_t within = 0;
        double y, x;

        double *cross = malloc((a->shape->n_points + 1) * sizeof *cross);

        if (cross == NULL) {
            r->rc = yj_fail(r->err, YJ_ENOMEM, "out of memory");
            return 1;
        }
        for (y = b->south + dlat / 2; y < b->north; y += dlat) {
            /* scanline: where the row crosses the rings, in order; a cell
             * centre is inside after an odd number of crossings (the same
             * even-odd rule as yj_shape_contains, once per row) */
            size_t n_cross = row_crossings(cross, a->shape, y), next = 0;
            double k = cos(y * YJ_PI / 180.0); /* the row's plane scale */
            bool inside = false;
            for (x = b->west + dlon / 2; x < b->east; x += dlon) {
                yj_lonlat c;
                double d, est, best2;
                while (next < n_cross && cross[next] < x) {
                    inside = !inside;
                    next++;
                }
                if (!inside)
                    continue;
                c.lon = x;
                c.lat = y;
                row->cells++;
                /* the ellipsoid only where the plane cannot decide: near
                 * the radius, or possibly the farthest so far */
                best2 = plane_best2(r->stations, c, k);
                if (best2 < 0)
                    continue;
                est = sqrt(best2) * PLANE_M_PER_DEGREE;
                d = -1.0;
                if (est < out->radius_m * (1 - PLANE_ERROR))
                    within++;
                else if (est <= out->radius_m * (1 + PLANE_ERROR))
                    within += (d = geodesic_nearest(r->stations, c, k,
                                                    best2)) <= out->radius_m;
                if (est * (1 + PLANE_ERROR) >= row->farthest_m) {
                    if (d < 0)
                        d = geodesic_nearest(r->stations, c, k, best2);
                    if (d > row->farthest_m) {
                        row->farthest_m = d;
                        row->farthest = c;
                    }
                }
            }
        }
        free(cross);
        row->share_within = row->cells ? (double)within / (double)row->cells
                                       : 0.0;
        if (r->stations->n == 0)
            row->farthest_m = -1.0;
    }
    return 0;
}

static int count_named(void *payload, const yj_station *s)
{
    yj_coverage *out = payload;
    size_t i;

    for (i = 0; i < out->n_rows; i++)
        if (strcmp(out->rows[i].name, s->text[YJ_F_TOWNSHIP]) == 0)
            out->rows[i].stations_named++;
    return 0;
}

static int worst_first(const void *a, const void *b)
{
    const yj_coverage_row *x = a, *y = b;
    bool xe = x->stations == 0 && x->stations_named == 0;
    bool ye = y->stations == 0 && y->stations_named == 0;

    if (xe != ye)
        return xe ? -1 : 1;
    if (x->share_within != y->share_within)
        return x->share_within < y->share_within ? -1 : 1;
    return strcmp(x->name, y->name);
}

yj_code yj_coverage_compute(yj_coverage *out, yj_db *db, double radius_m,
                            double cell_m, yj_error *err)
{
    collect stations;
    run r;
    size_t i, cells = 0;
    double within = 0.0;
    yj_code rc;

    memset(out, 0, sizeof *out);
    memset(&stations, 0, sizeof stations);
    if (!(radius_m > 0 && radius_m <= YJ_DISTANCE_MAX_M) ||
        !(cell_m >= 10.0 && cell_m <= 1000.0))
        return yj_fail(err, YJ_EINVAL, "coverage: radius %g m is not more "
                       "than 0 and at most %.0f m, or the cell %g m not "
                       "10-1000 m", radius_m, YJ_DISTANCE_MAX_M, cell_m);
    out->radius_m = radius_m;
    out->cell_m = cell_m;
    stations.err = err;
    if ((rc = yj_db_list_stored(db, NULL, add_station, &stations, err)) !=
            YJ_OK ||
        (rc = stations.rc) != YJ_OK)
        goto done;
    out->stations_located = stations.n;
    out->stations_approximate = stations.approximate;
    out->stations_surveyed = stations.surveyed;
    memset(&r, 0, sizeof r);
    r.out = out;
    r.stations = &stations;
    r.err = err;
    if ((rc = yj_db_areas(db, cover_area, &r, err)) != YJ_OK ||
        (rc = r.rc) != YJ_OK)
        goto done;
    if ((rc = yj_db_list_stored(db, NULL, count_named, out, err)) != YJ_OK)
        goto done;
    qsort(out->rows, out->n_rows, sizeof *out->rows, worst_first);
    out->farthest_m = -1.0;
    for (i = 0; i < out->n_rows; i++) {
        const yj_coverage_row *row = &out->rows[i];
        out->townships++;
        out->townships_covered += row->stations > 0 || row->stations_named > 0;
        if (!row->has_polygon)
            continue;
        out->area_km2 += row->area_km2;
        cells += row->cells;
        within += row->share_within * (double)row->cells;
        if (row->farthest_m > out->farthest_m) {
            out->farthest_m = row->farthest_m;
            out->farthest = row->farthest;
            snprintf(out->farthest_township, sizeof out->farthest_township,
                     "%s", row->name);
        }
    }
    out->share_within = cells ? within / (double)cells : 0.0;
done:
    free(stations.pts);
    if (rc != YJ_OK)
        yj_coverage_clear(out);
    return rc;
}

void yj_coverage_clear(yj_coverage *c)
{
    free(c->rows);
    memset(c, 0, sizeof *c);
}

/* ---- the report as JSON --------------------------------------------------- */

static void json_number(FILE *fp, double v)
{
    if (v < 0 || !isfinite(v))
        fputs("null", fp);
    else
        fprintf(fp, "%.4g", v);
}

void yj_coverage_write_json(FILE *fp, const yj_coverage *c)
{
    size_t i;

    fprintf(fp, "{\"radius_m\": %.0f, \"cell_m\": %.0f, \"method\": \"grid of "
            "cell_m cells; centres inside the polygon; geodesic distance to "
            "the nearest located station\", \"approximate\": %s, "
            "\"stations_located\": %zu, \"stations_approximate\": %zu, "
            "\"stations_surveyed\": %zu, \"townships\": [",
            c->radius_m, c->cell_m, c->stations_approximate ? "true" : "false",
            c->stations_located, c->stations_approximate,
            c->stations_surveyed);
    for (i = 0; i < c->n_rows; i++) {
        const yj_coverage_row *r = &c->rows[i];
        fprintf(fp, "%s\n  {\"name\": ", i ? "," : "");
        yj_writer_json_literal(fp, r->name);
        fprintf(fp, ", \"kind\": ");
        yj_writer_json_literal(fp, r->kind);
        fprintf(fp, ", \"stations_inside\": %zu, \"stations_named\": %zu, "
                "\"area_km2\": ", r->stations, r->stations_named);
        json_number(fp, r->area_km2);
        fprintf(fp, ", \"point_to_station_m\": ");
        json_number(fp, r->point_to_station_m < 0 ? -1 : r->point_to_station_m);
        fprintf(fp, ", \"share_within\": ");
        json_number(fp, r->share_within);
        fprintf(fp, ", \"farthest_m\": ");
        json_number(fp, r->farthest_m);
        if (r->farthest_m >= 0)
            fprintf(fp, ", \"farthest\": [%.6f, %.6f]", r->farthest.lon,
                   r->farthest.lat);
        else
            fprintf(fp, ", \"farthest\": null");
        fprintf(fp, ", \"cells\": %zu}", r->cells);
    }
    fprintf(fp, "\n], \"total\": {\"townships\": %zu, \"covered\": %zu, "
            "\"area_km2\": %.4g, \"share_within\": %.4g, \"farthest_m\": ",
            c->townships, c->townships_covered, c->area_km2, c->share_within);
    json_number(fp, c->farthest_m);
    fprintf(fp, ", \"farthest_township\": ");
    yj_writer_json_literal(fp, c->farthest_township);
    fprintf(fp, "}}\n");
}
