/* check_map.c — the offline map (map.c) written by yj_map_write for a
 * database built from the shipped data: well-formed XML (checked by a
 * small parser here: nesting, quoting, entities, one root), the district
 * outline as one path with a subpath per ring whose first point is where
 * the projection the SVG states puts it, a township path per polygon, one
 * marker per located station (each id once, none for unlocated or
 * filtered-out ones), the k nearest joined to the origin, the coverage
 * variant's rings and shading, the HTML page holding the same SVG and
 * loading nothing from the network, text from the data escaped, and a
 * write error reported. */
#include "test_util.h"
#include "yijia.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[256];
static char db_path[512];
static yj_db *db;

static void setup(void)
{
    yj_error err;

    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    snprintf(db_path, sizeof db_path, "%s/s.sqlite", dir);
    tu_build(tu_data_dir(), db_path);
    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
}

static void teardown(void)
{
    yj_db_close(db);
    db = NULL;
    tu_rmdir(dir);
}

/* The map for options `o` (NULL: the defaults), as a string to free. */
static char *map(const yj_map_options *o)
{
    yj_map_options none;
    yj_error err;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    ck_assert_ptr_nonnull(fp);
    if (o == NULL) {
        memset(&none, 0, sizeof none);
        o = &none;
    }
    ck_assert_msg(yj_map_write(fp, db, o, &err) == YJ_OK, "%s", err.message);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_uint_eq(strlen(buf), len);
    return buf;
}

static size_t count(const char *doc, const char *needle)
{
    size_t n = 0;

    while ((doc = strstr(doc, needle)) != NULL) {
        n++;
        doc += strlen(needle);
    }
    return n;
}

/* ---- a small XML well-formedness check ---------------------------------- */

static bool name_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == ':' || (!first && ((c >= '0' && c <= '9') || c == '-' ||
                                   c == '.'));
}

/* Length of the name at p (0: none). */
static size_t name_len(const char *p)
{
    size_t n = 0;

    while (name_char(p[n], n == 0))
        n++;
    return n;
}

/* p points at '&': the length of a valid reference, or 0. */
static size_t entity_len(const char *p)
{
    static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                        "&apos;"};
    size_t i;

    for (i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strncmp(p, named[i], strlen(named[i])) == 0)
            return strlen(named[i]);
    if (p[1] == '#') {
        i = 2;
        if (p[2] == 'x')
            i++;
        while ((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') ||
               (p[i] >= 'A' && p[i] <= 'F'))
            i++;
        return p[i] == ';' && i > 2 ? i + 1 : 0;
    }
    return 0;
}

/* Character data from p up to the next '<' or `stop` (a quote): every
 * '&' starts a reference, no '<' in an attribute value. */
static const char *chars(const char *p, char stop)
{
    while (*p != '\0' && *p != '<' && *p != stop) {
        if (*p == '&') {
            size_t n = entity_len(p);
            ck_assert_msg(n > 0, "a bare '&' at '%.30s'", p);
            p += n;
        } else {
            p++;
        }
    }
    return p;
}

/* Assert doc[0..len) is one well-formed XML element (after an optional
 * declaration); returns how many elements it has. */
static size_t well_formed(const char *doc, size_t len)
{
    const char *stack[64];
    size_t stack_len[64], depth = 0, elements = 0, roots = 0;
    const char *p = doc, *end = doc + len;

    if (strncmp(p, "<?xml ", 6) == 0) {
        p = strstr(p, "?>");
        ck_assert_ptr_nonnull(p);
        p += 2;
    }
    while (p < end) {
        const char *text_end = chars(p, '\0');
        if (depth == 0)
            for (; p < text_end; p++)
                ck_assert_msg(*p == ' ' || *p == '\n' || *p == '\t' ||
                                  *p == '\r',
                              "text outside the root: '%.30s'", p);
        p = text_end;
        if (p >= end || *p == '\0')
            break;
        if (strncmp(p, "<!--", 4) == 0) {
            p = strstr(p, "-->");
            ck_assert_ptr_nonnull(p);
            p += 3;
        } else if (p[1] == '/') {
            size_t n = name_len(p + 2);
            ck_assert_msg(depth > 0, "'%.30s' closes nothing", p);
            depth--;
            ck_assert_msg(n == stack_len[depth] &&
                              strncmp(p + 2, stack[depth], n) == 0,
                          "<%.*s> closed by '%.30s'", (int)stack_len[depth],
                          stack[depth], p);
            p += 2 + n;
            while (*p == ' ' || *p == '\n')
                p++;
            ck_assert_msg(*p == '>', "end tag '%.30s'", p);
            p++;
        } else {
            const char *attrs[32], *tag = p + 1;
            size_t attr_len[32], n_attrs = 0, n = name_len(tag), i;
            ck_assert_msg(n > 0, "not a tag: '%.30s'", p);
            ck_assert_msg(depth > 0 || roots == 0, "a second root '%.30s'",
                          p);
            roots += depth == 0;
            elements++;
            p = tag + n;
            for (;;) {
                size_t an;
                bool space = false;
                while (*p == ' ' || *p == '\n' || *p == '\t') {
                    p++;
                    space = true;
                }
                if (strncmp(p, "/>", 2) == 0) {
                    p += 2;
                    break;
                }
                if (*p == '>') {
                    ck_assert_uint_lt(depth, 64);
                    stack[depth] = tag;
                    stack_len[depth++] = n;
                    p++;
                    break;
                }
                ck_assert_msg(space, "no space before '%.30s'", p);
                an = name_len(p);
                ck_assert_msg(an > 0, "attribute expected at '%.30s'", p);
                for (i = 0; i < n_attrs; i++)
                    ck_assert_msg(attr_len[i] != an ||
                                      strncmp(attrs[i], p, an) != 0,
                                  "attribute '%.*s' twice", (int)an, p);
                if (n_attrs < 32) {
                    attrs[n_attrs] = p;
                    attr_len[n_attrs++] = an;
                }
                p += an;
                ck_assert_msg(p[0] == '=' && p[1] == '"',
                              "unquoted attribute at '%.30s'", p - an);
                p = chars(p + 2, '"');
                ck_assert_msg(*p == '"', "'<' in an attribute: '%.30s'", p);
                p++;
            }
        }
    }
    ck_assert_msg(depth == 0, "%zu elements left open", depth);
    ck_assert_uint_eq(roots, 1);
    return elements;
}

/* The SVG element of an HTML page. */
static void svg_of_page(const char *page, const char **svg, size_t *len)
{
    const char *a = strstr(page, "<svg "), *b = strstr(page, "</svg>");

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_null(strstr(b + 1, "</svg>"));
    *svg = a;
    *len = (size_t)(b - a) + strlen("</svg>");
}

/* ---- the stations and outlines, from the database -------------------------- */

typedef struct located {
    char id[64][16];
    size_t n, unlocated;
} located;

static int take(void *payload, const yj_station *s)
{
    located *l = payload;

    if (!s->has_point) {
        l->unlocated++;
        return 0;
    }
    ck_assert_uint_lt(l->n, 64);
    snprintf(l->id[l->n++], sizeof l->id[0], "%s", s->text[YJ_F_ID]);
    return 0;
}

static void located_stations(located *l, const yj_filter *f)
{
    yj_error err;

    memset(l, 0, sizeof *l);
    ck_assert_int_eq(yj_db_list(db, f, take, l, &err), YJ_OK);
}

typedef struct outline {
    size_t rings, points, township_polygons;
    yj_lonlat first;
} outline;

static int take_area(void *payload, const yj_area *a)
{
    outline *o = payload;

    if (a->shape == NULL)
        return 0;
    if (strcmp(a->kind, "district") == 0) {
        o->rings += a->shape->n_rings;
        o->points += a->shape->n_points;
        o->first = a->shape->points[0];
    } else {
        o->township_polygons++;
    }
    return 0;
}

/* The markers of the map: each located id (of filter f) exactly once,
 * nothing else. */
static void expect_markers(const char *doc, const yj_filter *f)
{
    located l;
    size_t i;
    char attr[64];

    located_stations(&l, f);
    ck_assert_uint_gt(l.n, 0);
    ck_assert_uint_eq(count(doc, "<circle class=\"station"), l.n);
    ck_assert_uint_eq(count(doc, " data-id=\""), l.n);
    for (i = 0; i < l.n; i++) {
        snprintf(attr, sizeof attr, " data-id=\"%s\"", l.id[i]);
        ck_assert_msg(count(doc, attr) == 1, "%s: %zu markers", l.id[i],
                      count(doc, attr));
    }
}

/* ---- the cases -------------------------------------------------------------- */

START_TEST(test_svg_is_well_formed_with_outline_and_markers)
{
    char *doc = map(NULL);
    const char *g, *d, *proj;
    outline o;
    yj_error err;
    double x0, y0, scale, top, margin, x, y, gx, gy;
    size_t m = 0, l = 0, z = 0;
    located all;

    ck_assert(strncmp(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39)
              == 0);
    ck_assert_uint_gt(well_formed(doc, strlen(doc)), 100);
    ck_assert_ptr_nonnull(strstr(doc, "<svg xmlns=\"http://www.w3.org/2000/"
                                      "svg\""));
    ck_assert_ptr_nonnull(strstr(doc, "viewBox=\"0 0 1123 794\""));
    /* the outlines */
    memset(&o, 0, sizeof o);
    ck_assert_int_eq(yj_db_areas(db, take_area, &o, &err), YJ_OK);
    ck_assert_uint_gt(o.rings, 0);
    ck_assert_uint_eq(o.township_polygons, 25);
    ck_assert_uint_eq(count(doc, "<path class=\"township\""), 25);
    g = strstr(doc, "<g id=\"district\">\n");
    ck_assert_ptr_nonnull(g);
    /* one path in the group: the district's */
    ck_assert_ptr_nonnull(strstr(g, "<path "));
    ck_assert(strstr(g, "<path ") < strstr(g, "</g>"));
    ck_assert(strstr(strstr(g, "<path ") + 1, "<path ") > strstr(g, "</g>"));
    d = strstr(g, " d=\"");
    ck_assert_ptr_nonnull(d);
    d += 4;
    ck_assert(d < strstr(g, "</g>"));
    /* one subpath per ring, one command per point, each ring closed */
    for (; *d != '"'; d++) {
        m += *d == 'M';
        l += *d == 'L';
        z += *d == 'Z';
        ck_assert_msg(strchr("MLZ0123456789.- ", *d) != NULL,
                      "'%c' in the outline's path", *d);
    }
    ck_assert_uint_eq(m, o.rings);
    ck_assert_uint_eq(z, o.rings);
    ck_assert_uint_eq(m + l, o.points);
    /* its first point where the stated projection puts it */
    proj = strstr(doc, "data-projection=\"EPSG:3857 ");
    ck_assert_ptr_nonnull(proj);
    ck_assert_int_eq(sscanf(proj + strlen("data-projection=\"EPSG:3857 "),
                            "%lf %lf %lf %lf %lf", &x0, &y0, &scale, &top,
                            &margin), 5);
    ck_assert_int_eq(sscanf(strstr(g, " d=\"M") + 5, "%lf %lf", &x, &y), 2);
    gx = 6378137.0 * o.first.lon * 3.14159265358979323846 / 180.0;
    gy = 6378137.0 * log(tan(3.14159265358979323846 / 4.0 +
                             o.first.lat * 3.14159265358979323846 / 360.0));
    ck_assert_double_eq_tol(x, margin + (gx - x0) * scale, 0.06);
    ck_assert_double_eq_tol(y, top - (gy - y0) * scale, 0.06);
    ck_assert(x >= 0 && x <= 1123 && y >= 0 && y <= 794);
    /* one marker per located station; the unlocated have none */
    expect_markers(doc, NULL);
    located_stations(&all, NULL);
    ck_assert_uint_eq(all.n, 40);
    ck_assert_uint_eq(all.unlocated, 4);
    ck_assert_ptr_null(strstr(doc, "data-id=\"XS044\""));
    /* no coverage, no origin */
    ck_assert_ptr_null(strstr(doc, "<g id=\"rings\""));
    ck_assert_ptr_null(strstr(doc, "<g id=\"origin\""));
    free(doc);
}
END_TEST

START_TEST(test_filter_draws_only_its_stations)
{
    yj_filter f;
    yj_map_options o;
    char *doc;

    memset(&f, 0, sizeof f);
    f.township = "城厢";
    memset(&o, 0, sizeof o);
    o.filter = &f;
    doc = map(&o);
    well_formed(doc, strlen(doc));
    expect_markers(doc, &f);
    ck_assert_uint_lt(count(doc, "<circle class=\"station"), 40);
    /* the outlines are all still drawn */
    ck_assert_uint_eq(count(doc, "<path class=\"township\""), 25);
    free(doc);
}
END_TEST

START_TEST(test_origin_joins_the_k_nearest)
{
    yj_map_options o;
    char *doc;

    memset(&o, 0, sizeof o);
    o.has_origin = true;
    o.origin.lon = 120.29;
    o.origin.lat = 30.17;
    o.k = 3;
    doc = map(&o);
    well_formed(doc, strlen(doc));
    ck_assert_uint_eq(count(doc, "<line class=\"to-nearest\""), 3);
    ck_assert_uint_eq(count(doc, " nearest\" cx="), 3);
    ck_assert_uint_eq(count(doc, "<g id=\"origin\">"), 1);
    expect_markers(doc, NULL);
    free(doc);
}
END_TEST

START_TEST(test_coverage_variant_shades_and_rings)
{
    yj_map_options o;
    char *doc, *plain = map(NULL);

    memset(&o, 0, sizeof o);
    o.coverage = true;
    o.radius_m = 1000;
    doc = map(&o);
    well_formed(doc, strlen(doc));
    ck_assert_uint_eq(count(doc, "<g id=\"rings\""), 1);
    ck_assert_uint_eq(count(doc, "<circle class=\"ring\""), 40);
    /* shaded by share: not the plain fill */
    ck_assert_uint_eq(count(plain, "fill=\"#eef2e6\""), 25);
    ck_assert_uint_eq(count(doc, "fill=\"#eef2e6\""), 0);
    ck_assert_uint_eq(count(doc, "fill-opacity=\"0.55\" stroke=\"#9aa5b1\""),
                      25);
    ck_assert_ptr_nonnull(strstr(doc, "1000 m 内面积占比"));
    expect_markers(doc, NULL);
    /* a larger radius, larger rings */
    {
        double r1 = 0, r2 = 0;
        char *big;
        const char *c;
        o.radius_m = 2000;
        big = map(&o);
        c = strstr(strstr(doc, "<circle class=\"ring\""), " r=\"");
        ck_assert_int_eq(sscanf(c + 4, "%lf", &r1), 1);
        c = strstr(strstr(big, "<circle class=\"ring\""), " r=\"");
        ck_assert_int_eq(sscanf(c + 4, "%lf", &r2), 1);
        ck_assert_double_gt(r1, 1);
        ck_assert_double_eq_tol(r2, 2 * r1, 0.02 * r1);
        free(big);
    }
    free(plain);
    free(doc);
}
END_TEST

START_TEST(test_html_page_holds_the_svg_and_loads_nothing)
{
    yj_map_options o;
    const char *svg;
    size_t len;
    char *page, *plain = map(NULL);

    memset(&o, 0, sizeof o);
    o.html = true;
    page = map(&o);
    ck_assert(strncmp(page, "<!DOCTYPE html>", 15) == 0);
    ck_assert_ptr_nonnull(strstr(page, "</html>"));
    svg_of_page(page, &svg, &len);
    well_formed(svg, len);
    expect_markers(svg, NULL);
    /* the same SVG as the plain map */
    ck_assert_ptr_nonnull(strstr(plain, "<svg "));
    ck_assert(strncmp(svg, strstr(plain, "<svg "), len) == 0);
    /* nothing loaded from elsewhere */
    ck_assert_ptr_null(strstr(page, "<script src"));
    ck_assert_ptr_null(strstr(page, "<link"));
    ck_assert_ptr_null(strstr(page, "<img"));
    ck_assert_ptr_null(strstr(page, "url(http"));
    ck_assert_ptr_null(strstr(page, "@import"));
    free(page);
    free(plain);
}
END_TEST

/* Text from the data is escaped: a name with <, & and quotes keeps the
 * document well-formed and reads back. */
START_TEST(test_text_from_the_data_is_escaped)
{
    yj_error err;
    char *doc;

    yj_db_close(db);
    db = NULL;
    tu_sql(db_path, "UPDATE stations SET name = 'A<b> & \"c\" ''d''', "
                    "address = '<script>x</script>' WHERE id = 'XS029'");
    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    doc = map(NULL);
    well_formed(doc, strlen(doc));
    ck_assert_ptr_null(strstr(doc, "<script>"));
    ck_assert_ptr_nonnull(strstr(doc, "A&lt;b&gt; &amp; &quot;c&quot;"));
    expect_markers(doc, NULL);
    free(doc);
}
END_TEST

START_TEST(test_write_error_is_reported)
{
    yj_map_options o;
    yj_error err;
    FILE *fp = fopen("/dev/full", "w");

    if (fp == NULL)
        return; /* no /dev/full here */
    memset(&o, 0, sizeof o);
    ck_assert_int_eq(yj_map_write(fp, db, &o, &err), YJ_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "writing the map"));
    fclose(fp);
}
END_TEST

/* A filter that nothing passes: the map of the district alone. */
START_TEST(test_map_without_stations)
{
    yj_filter f;
    yj_map_options o;
    char *doc;

    memset(&f, 0, sizeof f);
    f.text = "没有这样的驿站";
    memset(&o, 0, sizeof o);
    o.filter = &f;
    doc = map(&o);
    well_formed(doc, strlen(doc));
    ck_assert_uint_eq(count(doc, "<circle class=\"station"), 0);
    ck_assert_uint_eq(count(doc, "<path class=\"township\""), 25);
    free(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("map");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_svg_is_well_formed_with_outline_and_markers);
    tcase_add_test(tc, test_filter_draws_only_its_stations);
    tcase_add_test(tc, test_origin_joins_the_k_nearest);
    tcase_add_test(tc, test_coverage_variant_shades_and_rings);
    tcase_add_test(tc, test_html_page_holds_the_svg_and_loads_nothing);
    tcase_add_test(tc, test_text_from_the_data_is_escaped);
    tcase_add_test(tc, test_write_error_is_reported);
    tcase_add_test(tc, test_map_without_stations);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
