/* shape.c — township and district outlines on the read path: SpatiaLite's
 * geometry BLOB decoded without SpatiaLite (the read path links SQLite
 * only), as rings of lon,lat points; point in polygon (even-odd over all
 * rings, so holes and multipolygon parts both work); geodesic area.
 *
 * The BLOB (SpatiaLite "BLOB-Geometry" format): 0x00, endianness (0x01
 * little), SRID int32, MBR 4 doubles, 0x7C, class int32 (3 POLYGON,
 * 6 MULTIPOLYGON), for a multipolygon a count and per part 0x69 + class;
 * a polygon is a ring count and per ring a point count and x,y doubles;
 * 0xFE at the end.  Only the uncompressed XY form is accepted (what the
 * build writes); anything else is YJ_EDB, never a guess.
 *
 * The BLOB is input like any file (a database can be edited by anything):
 * every count is checked against the bytes left before it is used, rings
 * have at least 4 points, points lie within lon ±180, lat ±90, and the
 * box is computed from the points, not read from the BLOB's MBR.
 * tests/fuzz/fuzz_blob.c fuzzes the decoder. */
#include "shape.h"

#include "crs.h"
#include "error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const unsigned char *p, *end;
    bool little;
    bool bad;
} reader;

static uint32_t get_u32(reader *r)
{
    uint32_t v;

    if (r->end - r->p < 4) {
        r->bad = true;
        return 0;
    }
    v = r->little ? (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 |
                        (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24
                  : (uint32_t)r->p[3] | (uint32_t)r->p[2] << 8 |
                        (uint32_t)r->p[1] << 16 | (uint32_t)r->p[0] << 24;
    r->p += 4;
    return v;
}

static double get_double(reader *r)
{
    unsigned char b[8];
    double v;
    int i;

    if (r->end - r->p < 8) {
        r->bad = true;
        return 0;
    }
    for (i = 0; i < 8; i++)
        b[i] = r->little ? r->p[i] : r->p[7 - i];
    memcpy(&v, b, 8); /* the host is little-endian IEEE 754 (checked at build) */
    r->p += 8;
    return v;
}

static int get_byte(reader *r)
{
    if (r->p >= r->end) {
        r->bad = true;
        return -1;
    }
    return *r->p++;
}

/* Bytes left to read. */
static size_t left(const reader *r)
{
    return (size_t)(r->end - r->p);
}

static yj_code add_polygon(yj_shape *s, reader *r, yj_error *err)
{
    uint32_t rings = get_u32(r), i, j;

    /* every count is checked against the bytes left before anything is
     * allocated for it or looped over */
    if (r->bad || rings == 0 || rings > left(r) / 4)
        return yj_fail(err, YJ_EDB, "a polygon has %u rings: not a polygon "
                       "the build wrote", (unsigned)rings);
    for (i = 0; i < rings; i++) {
        uint32_t n = get_u32(r);
        yj_lonlat *grown;
        size_t *starts;

        if (r->bad || n > left(r) / 16)
            return yj_fail(err, YJ_EDB, "a polygon ring is cut short");
        if (n < 4) /* a closed ring: 3 corners and the first again */
            return yj_fail(err, YJ_EDB, "a polygon ring of %u points (a "
                           "closed ring has at least 4)", (unsigned)n);
        if ((grown = realloc(s->points, (s->n_points + n) * sizeof *grown))
            == NULL)
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        s->points = grown;
        if ((starts = realloc(s->ring_start,
                              (s->n_rings + 2) * sizeof *starts)) == NULL)
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        s->ring_start = starts;
        s->ring_start[s->n_rings] = s->n_points;
        for (j = 0; j < n; j++) {
            yj_lonlat p;
            p.lon = get_double(r);
            p.lat = get_double(r);
            /* database contents are input too: a point off the globe would
             * hang the grids and draw "inf" */
            if (!(p.lon >= -180.0 && p.lon <= 180.0 && p.lat >= -90.0 &&
                  p.lat <= 90.0))
                return yj_fail(err, YJ_EDB, "a polygon point %g %g is out "
                               "of range (lon -180..180, lat -90..90)",
                               p.lon, p.lat);
            s->points[s->n_points++] = p;
        }
        s->n_rings++;
        s->ring_start[s->n_rings] = s->n_points;
    }
    return r->bad ? yj_fail(err, YJ_EDB, "a polygon is cut short") : YJ_OK;
}

yj_code yj_shape_from_blob(yj_shape *out, const void *blob, size_t len,
                           yj_error *err)
{
    reader r;
    uint32_t cls, parts = 1, i;
    yj_code rc = YJ_OK;

    memset(out, 0, sizeof *out);
    if (blob == NULL)
        return yj_fail(err, YJ_EDB, "not a SpatiaLite geometry");
    r.p = blob;
    r.end = r.p + len;
    r.bad = false;
    if (len < 44 || r.p[0] != 0x00 || (r.p[1] != 0x01 && r.p[1] != 0x00) ||
        r.p[38] != 0x7C || r.p[len - 1] != 0xFE)
        return yj_fail(err, YJ_EDB, "not a SpatiaLite geometry");
    r.little = r.p[1] == 0x01;
    r.end--; /* the 0xFE: nothing may be read from it */
    /* the SRID and the stored MBR are skipped: the box is computed from
     * the points themselves, so no stored number can disagree with them */
    r.p += 2 + 4 + 4 * 8 + 1;
    cls = get_u32(&r);
    if (cls == 6) {
        parts = get_u32(&r);
        if (r.bad || parts == 0 || parts > left(&r) / (1 + 4 + 4))
            return yj_fail(err, YJ_EDB, "a multipolygon of %u parts: not a "
                           "geometry the build wrote", (unsigned)parts);
    } else if (cls != 3) {
        return yj_fail(err, YJ_EDB, "geometry class %u is not an "
                       "(uncompressed XY) polygon", (unsigned)cls);
    }
    for (i = 0; i < parts && rc == YJ_OK; i++) {
        if (cls == 6 && (get_byte(&r) != 0x69 || get_u32(&r) != 3)) {
            rc = yj_fail(err, YJ_EDB, "a multipolygon part is not a polygon");
            break;
        }
        rc = add_polygon(out, &r, err);
    }
    if (rc == YJ_OK && (r.bad || r.p != r.end))
        rc = yj_fail(err, YJ_EDB, "a geometry has trailing or missing bytes");
    if (rc == YJ_OK) {
        size_t k;
        out->box.west = out->box.east = out->points[0].lon;
        out->box.south = out->box.north = out->points[0].lat;
        for (k = 1; k < out->n_points; k++) {
            const yj_lonlat *p = &out->points[k];
            out->box.west = p->lon < out->box.west ? p->lon : out->box.west;
            out->box.east = p->lon > out->box.east ? p->lon : out->box.east;
            out->box.south = p->lat < out->box.south ? p->lat
                                                     : out->box.south;
            out->box.north = p->lat > out->box.north ? p->lat
                                                     : out->box.north;
        }
    }
    if (rc != YJ_OK)
        yj_shape_clear(out);
    return rc;
}

yj_code yj_shape_copy(yj_shape *dst, const yj_shape *src, yj_error *err)
{
    *dst = *src;
    dst->points = malloc((src->n_points ? src->n_points : 1) *
                         sizeof *dst->points);
    dst->ring_start = malloc((src->n_rings + 1) * sizeof *dst->ring_start);
    if (dst->points == NULL || dst->ring_start == NULL) {
        yj_shape_clear(dst);
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    }
    if (src->n_points > 0)
        memcpy(dst->points, src->points, src->n_points * sizeof *dst->points);
    if (src->ring_start != NULL)
        memcpy(dst->ring_start, src->ring_start,
               (src->n_rings + 1) * sizeof *dst->ring_start);
    else
        dst->ring_start[0] = 0;
    return YJ_OK;
}

void yj_shape_clear(yj_shape *s)
{
    free(s->points);
    free(s->ring_start);
    memset(s, 0, sizeof *s);
}

bool yj_shape_contains(const yj_shape *s, yj_lonlat p)
{
    bool inside = false;
    size_t r, i, j;

    if (p.lon < s->box.west || p.lon > s->box.east || p.lat < s->box.south ||
        p.lat > s->box.north)
        return false;
    for (r = 0; r < s->n_rings; r++) {
        size_t a = s->ring_start[r], b = s->ring_start[r + 1];
        for (i = a, j = b - 1; i < b; j = i++) {
            const yj_lonlat *pi = &s->points[i], *pj = &s->points[j];
            if ((pi->lat > p.lat) != (pj->lat > p.lat) &&
                p.lon < (pj->lon - pi->lon) * (p.lat - pi->lat) /
                                (pj->lat - pi->lat) + pi->lon)
                inside = !inside;
        }
    }
    return inside;
}

/* How many rings of s other than r surround ring r's first point: by the
 * even-odd rule r is a hole when that is odd (an island in a lake in an
 * island is land).  An empty ring: 0. */
static size_t ring_depth(const yj_shape *s, size_t r)
{
    size_t o, depth = 0;

    if (s->ring_start[r + 1] == s->ring_start[r])
        return 0;
    for (o = 0; o < s->n_rings; o++) {
        yj_shape one = *s;
        if (o == r)
            continue;
        one.n_rings = 1;
        one.ring_start = s->ring_start + o;
        depth += yj_shape_contains(&one, s->points[s->ring_start[r]]);
    }
    return depth;
}

double yj_shape_area_m2(const yj_shape *s)
{
    /* Spherical excess of each ring on the authalic sphere (R = 6371007 m,
     * WGS84's equal-area radius), signed; even-odd rings: holes subtract
     * when wound the other way, so the absolute value of each ring's area
     * is added for outer rings and subtracted for holes (rings inside an
     * odd number of others). */
    const double R = 6371007.1809;
    double total = 0.0;
    size_t r, i;

    for (r = 0; r < s->n_rings; r++) {
        size_t a = s->ring_start[r], b = s->ring_start[r + 1];
        double sum = 0.0, area;

        for (i = a; i + 1 < b; i++) {
            const yj_lonlat *p1 = &s->points[i], *p2 = &s->points[i + 1];
            sum += (p2->lon - p1->lon) * YJ_PI / 180.0 *
                   (2.0 + sin(p1->lat * YJ_PI / 180.0) +
                    sin(p2->lat * YJ_PI / 180.0));
        }
        area = fabs(sum * R * R / 2.0);
        total += ring_depth(s, r) % 2 == 1 ? -area : area;
    }
    return total;
}

/* ---- boxes and GeoJSON ------------------------------------------------------ */

static bool boxes_meet(const yj_box *a, const yj_box *b)
{
    return a->south <= b->north && b->south <= a->north &&
           a->west <= b->east && b->west <= a->east;
}

/* Does segment a-c meet box b (west <= east)?  Liang-Barsky clipping. */
static bool segment_meets_box(yj_lonlat a, yj_lonlat c, const yj_box *b)
{
    double t0 = 0.0, t1 = 1.0, dx = c.lon - a.lon, dy = c.lat - a.lat;
    double p[4], q[4];
    int i;

    p[0] = -dx;
    q[0] = a.lon - b->west;
    p[1] = dx;
    q[1] = b->east - a.lon;
    p[2] = -dy;
    q[2] = a.lat - b->south;
    p[3] = dy;
    q[3] = b->north - a.lat;
    for (i = 0; i < 4; i++) {
        double r;
        if (p[i] == 0.0) {
            if (q[i] < 0.0)
                return false;
            continue;
        }
        r = q[i] / p[i];
        if (p[i] < 0.0 ? r > t1 : r < t0)
            return false;
        if (p[i] < 0.0 && r > t0)
            t0 = r;
        else if (p[i] > 0.0 && r < t1)
            t1 = r;
    }
    return true;
}

bool yj_shape_meets_box(const yj_shape *s, const yj_box *b)
{
    size_t r, i;
    yj_lonlat corner;

    if (b->west > b->east) { /* across the antimeridian: two boxes */
        yj_box east_part = *b, west_part = *b;
        east_part.east = 180.0;
        west_part.west = -180.0;
        return yj_shape_meets_box(s, &east_part) ||
               yj_shape_meets_box(s, &west_part);
    }
    if (s->n_rings == 0 || !boxes_meet(&s->box, b))
        return false;
    for (r = 0; r < s->n_rings; r++) {
        size_t first = s->ring_start[r], end = s->ring_start[r + 1];
        for (i = first; i < end; i++)
            if (segment_meets_box(s->points[i],
                                  s->points[i + 1 < end ? i + 1 : first], b))
                return true;
    }
    corner.lon = b->west;
    corner.lat = b->south;
    return yj_shape_contains(s, corner);
}

/* Write ring r of s as GeoJSON coordinates. */
static void ring_json(FILE *fp, const yj_shape *s, size_t r)
{
    size_t i;
    char lon[32], lat[32];

    fputc('[', fp);
    for (i = s->ring_start[r]; i < s->ring_start[r + 1]; i++)
        fprintf(fp, "%s[%s, %s]", i > s->ring_start[r] ? ", " : "",
                yj_format_degrees(lon, sizeof lon, s->points[i].lon),
                yj_format_degrees(lat, sizeof lat, s->points[i].lat));
    fputc(']', fp);
}

/* The exterior ring of s that ring r is a hole of, or -1 when r is an
 * exterior itself: the ring around it one level out.  depth: each ring's
 * ring_depth, or NULL to compute them here. */
static long hole_of(const yj_shape *s, size_t r, const size_t *depth)
{
    size_t o, d = depth != NULL ? depth[r] : ring_depth(s, r);

    if (d % 2 == 0)
        return -1;
    for (o = 0; o < s->n_rings; o++) {
        yj_shape one = *s;
        if (o == r ||
            (depth != NULL ? depth[o] : ring_depth(s, o)) != d - 1)
            continue;
        one.n_rings = 1;
        one.ring_start = s->ring_start + o;
        if (yj_shape_contains(&one, s->points[s->ring_start[r]]))
            return (long)o;
    }
    return -1;
}

void yj_shape_write_geojson(FILE *fp, const yj_shape *s)
{
    /* each ring's exterior, worked out once (without memory: every time) */
    long *outer = malloc((s->n_rings + 1) * sizeof *outer);
    size_t *depth = malloc((s->n_rings + 1) * sizeof *depth);
    size_t r, h;
    bool first = true;

    if (outer != NULL && depth != NULL) {
        for (r = 0; r < s->n_rings; r++)
            depth[r] = ring_depth(s, r);
        for (r = 0; r < s->n_rings; r++)
            outer[r] = hole_of(s, r, depth);
    } else {
        free(outer);
        outer = NULL;
    }
    free(depth);
#define OUTER(r) (outer != NULL ? outer[r] : hole_of(s, (r), NULL))
    fputs("{\"type\": \"MultiPolygon\", \"coordinates\": [", fp);
    for (r = 0; r < s->n_rings; r++) {
        if (OUTER(r) >= 0)
            continue;
        fputs(first ? "[" : ", [", fp);
        first = false;
        ring_json(fp, s, r);
        for (h = 0; h < s->n_rings; h++)
            if (h != r && OUTER(h) == (long)r) {
                fputs(", ", fp);
                ring_json(fp, s, h);
            }
        fputc(']', fp);
    }
    fputs("]}", fp);
#undef OUTER
    free(outer);
}
