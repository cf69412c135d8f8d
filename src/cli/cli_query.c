/* cli_query.c — what `list` and `nearest` share: the filter options, the
 * origin (LON,LAT in any of the three coordinate systems, or a place name),
 * the radius, and the output (an aligned table for people, or CSV, TSV,
 * JSON, GeoJSON through the library's writers). */
#include "cli.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define Q(field) .offset = offsetof(cli_query, field)

const cli_option cli_query_filter_options[] = {
    {.name = "township", .arg = "NAME", .store = CLI_STORE_TEXT,
     Q(filter.township),
     .help = N_("only this township: full (城厢街道) or short (城厢) name")},
    {.name = "category", .arg = "CODE", .store = CLI_STORE_TEXT,
     Q(filter.category), .values = "@categories",
     .help = N_("only this category (community, bank, fuel_station, ...)")},
    {.name = "amenity", .arg = "A,B", .store = CLI_STORE_TEXT,
     Q(filter.amenities), .values = "@amenities",
     .help = N_("only stations offering all of these (toilet, ...)")},
    {.name = "text", .arg = "STR", .store = CLI_STORE_TEXT, Q(filter.text),
     .help = N_("only stations whose name or address contains STR")},
    {0},
};

const cli_option cli_query_within_options[] = {
    {.name = "within", .arg = "DIST", .store = CLI_STORE_TEXT,
     Q(within_text), .check = cli_check_distance,
     .help = N_("only stations this close: 800m, 2km, 2公里 (at most "
                "20000km)")},
    {0},
};

const cli_option cli_query_place_options[] = {
    {.name = "near", .arg = "NAME", .store = CLI_STORE_TEXT, Q(near_name),
     .help = N_("a township (城厢街道, 城厢), a station id or name, a "
                "landmark (杭州南站, 萧山国际机场) or a metro station (湘湖站); "
                "an ambiguous name lists the candidates")},
    {.name = "crs", .arg = "CRS", .store = CLI_STORE_TEXT, Q(crs_name),
     .check = cli_check_crs, .values = "@crs",
     .help = N_("the system of the coordinates: wgs84 (GPS, default), gcj02 "
                "(Amap), bd09 (Baidu)")},
    {.name = "latlon", .store = CLI_STORE_FLAG, Q(latlon),
     .help = N_("read LAT,LON (Baidu's order)")},
    {0},
};

const cli_option cli_query_from_options[] = {
    {.name = "from", .arg = "LON,LAT", .store = CLI_STORE_TEXT,
     Q(from_text),
     .help = N_("coordinates of the origin (in --crs; --latlon reads "
                "LAT,LON)")},
    {0},
};

const cli_option cli_query_open_options[] = {
    {.name = "open-now", .store = CLI_STORE_FLAG, Q(open_now),
     .help = N_("only stations open now (Beijing time, public holidays "
                "included); stations whose hours are unknown are left out "
                "and counted")},
    {.name = "open-at", .arg = "TIME", .store = CLI_STORE_TEXT, Q(open_at),
     .check = cli_check_time,
     .help = N_("only stations open at TIME: \"20:00\" (today) or "
                "\"2025-10-01 20:00\" (Beijing time)")},
    {.name = "open-on-arrival", .store = CLI_STORE_FLAG, Q(on_arrival),
     .help = N_("with an origin: say whether each station is open when you "
                "get there at --speed")},
    {.name = "speed", .arg = "SPEED", .store = CLI_STORE_TEXT, Q(speed),
     .check = cli_check_speed, .values = "walk ride",
     .help = N_("for --open-on-arrival: walk (4.5 km/h, default), ride (15 "
                "km/h) or km/h")},
    {0},
};

const cli_option cli_query_output_options[] = {
    {.name = "format", .arg = "FORMAT", .store = CLI_STORE_TEXT, Q(format),
     .check = cli_check_query_format, .values = "table @formats",
     .help = N_("table (the wide table), csv or tsv (the stations.csv "
                "columns; with an origin, rank and distance first and the "
                "links last), json, geojson; default: fit the terminal's "
                "width (or $COLUMNS, also in a pipe): the table, fewer "
                "columns, or one card per station; without either, the wide "
                "table")},
    {.name = "links", .store = CLI_STORE_FLAG, Q(links),
     .help = N_("with an origin: the Amap and Baidu links in the table "
                "(always in json, geojson, csv and tsv)")},
    {.name = "color", .arg = "WHEN", .store = CLI_STORE_TEXT, Q(color),
     .check = cli_check_color, .values = "auto always never",
     .help = N_("colour for open, closed and approximate: auto (default: "
                "on a terminal, unless NO_COLOR is set), always, never")},
    {0},
};

bool cli_parse_pair(yj_lonlat *out, const char *a, size_t alen, const char *b,
                    size_t blen, int latlon, char *msg, size_t msg_size)
{
    yj_error err;

    if (yj_parse_lonlat_parts(out, a, alen, b, blen, latlon != 0, &err) !=
        YJ_OK) {
        snprintf(msg, msg_size, "%s", err.message);
        return false;
    }
    return true;
}

int cli_parse_distance(double *metres, const char *text, const char *cmd,
                       const char *option)
{
    yj_error err;

    if (yj_parse_distance(metres, text, &err) != YJ_OK)
        return cli_usage_error(cmd, "%s: %s", option, err.message);
    return EXIT_OK;
}

/* True when `s` holds a digit (ASCII or full-width): a position, or a
 * mistyped one; text without any is a place name. */
static bool has_digit(const char *s)
{
    for (; *s != '\0'; s++)
        if ((*s >= '0' && *s <= '9') ||
            (strncmp(s, "\xef\xbc", 2) == 0 && (unsigned char)s[2] >= 0x90 &&
             (unsigned char)s[2] <= 0x99))
            return true;
    return false;
}

/* When and how fast: the time of --open-at or now, and the speed of
 * --speed in km/h (walk 4.5, ride 15; 0 without --open-on-arrival). */
static int cli_query_time(int64_t *at, double *speed_kmh, const cli_query *q,
                          const char *cmd)
{
    *at = (int64_t)time(NULL);
    *speed_kmh = 0.0;
    if (q->open_at != NULL && !cli_parse_time(at, q->open_at))
        return cli_usage_error(cmd, "--open-at: '%s' is not a time such as "
                               "\"20:00\" (today) or \"2025-10-01 20:00\" "
                               "(Beijing time)", q->open_at);
    if (q->open_now && q->open_at != NULL)
        return cli_usage_error(cmd, "give --open-now or --open-at, not both");
    if (q->speed != NULL && !q->on_arrival)
        return cli_usage_error(cmd, "--speed goes with --open-on-arrival");
    if (q->on_arrival) {
        yj_error err;
        if (yj_parse_speed(speed_kmh, q->speed != NULL ? q->speed : "walk",
                           &err) != YJ_OK)
            return cli_usage_error(cmd, "--speed: %s", err.message);
    }
    return EXIT_OK;
}

static void print_valid_amenities(void)
{
    const yj_term *t;

    fputs(_("Amenities:\n"), stderr);
    for (t = yj_amenities(); t->code != NULL; t++)
        fprintf(stderr, "  %-16s %s\n", t->code, t->zh);
}

static int cli_query_check(const cli_query *q, const char *cmd, bool ranked)
{
    yj_format format;
    yj_crs crs;
    const char *code;
    char codes[256];
    yj_error err;

    if (q->format != NULL && strcmp(q->format, "table") != 0 &&
        !yj_format_from_name(&format, q->format))
        return cli_usage_error(cmd, "--format: '%s' is not %s%s", q->format,
                               q->output == NULL ? "table, " : "",
                               yj_format_names());
    if (q->filter.category != NULL &&
        yj_term_resolve(&code, yj_categories(), q->filter.category, &err)
            != YJ_OK) {
        cli_error("--category: %s", err.message);
        cli_print_valid_categories();
        return EXIT_USAGE;
    }
    if (q->filter.amenities != NULL &&
        yj_term_list(codes, sizeof codes, yj_amenities(), q->filter.amenities,
                     &err) != YJ_OK) {
        cli_error("--amenity: %s", err.message);
        print_valid_amenities();
        return EXIT_USAGE;
    }
    if (q->crs_name != NULL && !yj_crs_from_name(&crs, q->crs_name))
        return cli_usage_error(cmd, "--crs: '%s' is not wgs84, gcj02 or bd09",
                               q->crs_name);
    if (q->near_name != NULL && q->from_text != NULL)
        return cli_usage_error(cmd, "give either a place (--near) or "
                               "coordinates, not both");
    if (!ranked && (q->within_text != NULL || q->links || q->on_arrival) &&
        q->near_name == NULL && q->from_text == NULL)
        return cli_usage_error(cmd, "--within, --links and --open-on-arrival "
                               "need an origin (--near NAME or --from "
                               "LON,LAT)");
    return EXIT_OK;
}

static const char *place_kind_name(yj_place_kind kind)
{
    switch (kind) {
    case YJ_PLACE_STATION:  return _("station");
    case YJ_PLACE_TOWNSHIP: return _("township");
    case YJ_PLACE_LANDMARK: return _("landmark");
    }
    return "";
}

int cli_query_origin(yj_lonlat *origin, bool *has_origin, bool *approximate,
                     yj_db *db, const cli_query *q, const char *cmd)
{
    yj_place_match matches[12];
    const char *near = q->near_name;
    size_t found = 0, i;
    yj_error err;
    yj_code rc;

    *has_origin = false;
    *approximate = false;
    if (q->from_text != NULL && !has_digit(q->from_text)) {
        near = q->from_text; /* `nearest 杭州南站`: a place, as --near */
    } else if (q->from_text != NULL) {
        yj_crs crs = YJ_CRS_WGS84;
        yj_position p;

        if (q->crs_name != NULL)
            yj_crs_from_name(&crs, q->crs_name);
        if (yj_parse_position(&p, q->from_text, q->latlon != 0, &err) !=
            YJ_OK) {
            char a[32], b[32];
            if (err.input != YJ_INPUT_ORDER)
                return cli_usage_error(cmd, "%s", err.message);
            /* p.point: the numbers the other way round */
            yj_format_degrees(a, sizeof a, q->latlon ? p.point.lat
                                                     : p.point.lon);
            yj_format_degrees(b, sizeof b, q->latlon ? p.point.lon
                                                     : p.point.lat);
            if (q->latlon)
                return cli_usage_error(cmd, "%s looks like longitude,"
                                       "latitude: did you mean %s,%s (or "
                                       "leave out --latlon)?", q->from_text,
                                       a, b);
            return cli_usage_error(cmd, "%s looks like latitude,longitude: "
                                   "did you mean %s,%s (or add --latlon)?",
                                   q->from_text, a, b);
        }
        if (p.from_link) {
            if (q->crs_name != NULL && crs != p.crs)
                return cli_usage_error(cmd, "--crs %s: the link is in %s",
                                       q->crs_name, yj_crs_name(p.crs));
            crs = p.crs;
        }
        if (yj_crs_convert(origin, p.point, crs, YJ_CRS_WGS84, &err) != YJ_OK)
            return cli_usage_error(cmd, "'%s': %s", q->from_text, err.message);
        *has_origin = true;
        return EXIT_OK;
    }
    if (near == NULL)
        return EXIT_OK;
    rc = yj_db_find_place(matches, sizeof matches / sizeof *matches, &found,
                          db, near, &err);
    if (rc == YJ_ENOTFOUND) {
        char guess[128], full[256];
        if (yj_db_suggest_place(guess, sizeof guess, full, sizeof full, db,
                                near) && full[0] != '\0')
            cli_error("--near: unknown place '%s'; did you mean %s (%s)?",
                      near, guess, full);
        else if (guess[0] != '\0')
            cli_error("--near: unknown place '%s'; did you mean %s?",
                      near, guess);
        else
            cli_error("--near: unknown place '%s' (a township, a station id "
                      "or name, or a landmark; see 'yijia townships')",
                      near);
        return EXIT_USAGE;
    }
    if (rc != YJ_OK)
        return cli_fail(&err);
    if (found > 1) {
        cli_error("--near: '%s' could be %zu places; name one of them:",
                  near, found);
        for (i = 0; i < found && i < sizeof matches / sizeof *matches; i++) {
            fprintf(stderr, "  %s  ", place_kind_name(matches[i].kind));
            cli_put_text(stderr, matches[i].name);
            fputs("  ", stderr);
            cli_put_text(stderr, matches[i].detail);
            fputc('\n', stderr);
        }
        if (found > i)
            fprintf(stderr, _("  ... and %zu more\n"), found - i);
        return EXIT_USAGE;
    }
    if (!matches[0].has_point) {
        cli_error("--near: %s has no known location yet", matches[0].name);
        return EXIT_USAGE;
    }
    *origin = matches[0].point;
    *approximate = matches[0].approximate;
    *has_origin = true;
    cli_note("from %s %s%s%s%s at %.6f,%.6f (WGS84)%s",
             place_kind_name(matches[0].kind), matches[0].name,
             matches[0].kind == YJ_PLACE_STATION ? " (" : "",
             matches[0].kind == YJ_PLACE_STATION ? matches[0].detail : "",
             matches[0].kind == YJ_PLACE_STATION ? ")" : "", origin->lon,
             origin->lat,
             *approximate ? _(", a township-level point: distances are "
                              "approximate") : "");
    return EXIT_OK;
}

/* ---- output -------------------------------------------------------------- */

static const char *const station_headers[] = {
    N_("ID"), N_("Name"), N_("Township"), N_("Category"), N_("Location"),
    N_("Address"), N_("Open"),
};
/* The status column goes before the links; without links it is last. */
static const char *const hit_headers[] = {
    N_("Rank"), N_("ID"), N_("Name"), N_("Distance"), N_("Direction"),
    N_("Location"), N_("Township"), N_("Opening hours"), N_("Amenities"),
    N_("Address"), N_("Open"), N_("Amap"), N_("Baidu Map"),
};

/* An origin this far from the nearest station gets a note. */
#define FAR_ORIGIN_M 100000.0

typedef struct run_state {
    cli_table *table;
    yj_writer *writer;
    size_t count;
    bool approximate_origin;
    bool links;
    bool open;               /* show the opening status */
    const yj_calendar *calendar;
    int64_t at;
    double speed_kmh;
    int failed;
    bool color;              /* colour the status and what is approximate */
    size_t width;            /* fit to this width (0: the wide table) */
    cli_table *compact;      /* fitting: the columns a worker needs */
    FILE *cards;             /* fitting: one card per station, in memory */
    char *cards_text;        /* the cards' buffer (open_memstream) */
    size_t cards_len;
    double nearest_m;        /* the first hit's distance (-1: none yet) */
} run_state;

/* Formatted text of any length, never cut (snprintf into a fixed buffer
 * can cut inside a UTF-8 character): free it; NULL on ENOMEM. */
static char *text_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *text_printf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *buf;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (buf = malloc((size_t)n + 1)) == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return buf;
}

/* The station's amenities in Chinese, whole: free it; NULL on ENOMEM. */
static char *amenity_text(const yj_station *s)
{
    size_t n = yj_amenity_labels(NULL, 0, s->text[YJ_F_AMENITIES]) + 1;
    char *buf = malloc(n);

    if (buf != NULL)
        yj_amenity_labels(buf, n, s->text[YJ_F_AMENITIES]);
    return buf;
}

/* The colour of a location precision: approximate or missing is unsure. */
static const char *precision_style(const yj_station *s)
{
    return yj_station_is_approximate(s) || s->text[YJ_F_LON][0] == '\0'
               ? CLI_SGR_UNSURE : NULL;
}

/* Add a card to st->cards: a blank line between cards. */
static int add_card(run_state *st, const char *title,
                    const cli_card_line *lines, size_t n)
{
    if (title == NULL)
        return -1;
    if (st->count > 1)
        fputc('\n', st->cards);
    cli_card_print(st->cards, st->width, st->color, title, lines, n);
    return ferror(st->cards) ? -1 : 0;
}

/* Fitting, without an origin: the compact row and the card. */
static int fit_station(run_state *st, const yj_station *s,
                       const char *category, const yj_open_answer *open)
{
    char hours[YJ_FIELD_MAX + 1];
    const char *cells[5], *styles[5] = {NULL};
    char *title = NULL, *amenities = amenity_text(s);
    int rc = -1;

    yj_hours_words(hours, sizeof hours, s->text[YJ_F_OPENING_HOURS]);

    cells[0] = s->text[YJ_F_ID];
    cells[1] = s->text[YJ_F_NAME];
    cells[2] = s->text[YJ_F_TOWNSHIP];
    cells[3] = open->text;
    styles[3] = cli_open_style(open->status.state);
    cells[4] = s->text[YJ_F_ADDRESS];
    if (amenities != NULL &&
        cli_table_add_styled(st->compact, cells, styles) == 0) {
        const cli_card_line lines[] = {
            {_("Township:"), s->text[YJ_F_TOWNSHIP], NULL, false},
            {_("Category:"), category, NULL, false},
            {_("Location:"), yj_station_precision_label(s, true),
             precision_style(s), false},
            {_("Status:"), open->text, cli_open_style(open->status.state),
             false},
            {_("Address:"), s->text[YJ_F_ADDRESS], NULL, false},
            {_("Hours:"), hours, NULL, false},
            {_("Amenities:"), amenities, NULL, false},
            {_("Phone:"), s->text[YJ_F_PHONE], NULL, false},
        };
        title = text_printf("%s (%s)", s->text[YJ_F_NAME], s->text[YJ_F_ID]);
        rc = add_card(st, title, lines, sizeof lines / sizeof *lines);
    }
    free(title);
    free(amenities);
    return rc;
}

static int add_station(void *payload, const yj_station *s)
{
    run_state *st = payload;
    const char *category = yj_term_label(yj_categories(),
                                         s->text[YJ_F_CATEGORY]);
    const char *cells[7], *styles[7] = {NULL};
    yj_open_query q = {st->calendar, st->at, 0.0};
    yj_open_answer open = {.text = ""};

    st->count++;
    if (st->writer != NULL)
        return yj_writer_station(st->writer, s, NULL) != YJ_OK;
    if (st->open) /* the status column is shown */
        yj_writer_open_answer(&open, s, NULL, &q);
    cells[6] = open.text;
    cells[0] = s->text[YJ_F_ID];
    cells[1] = s->text[YJ_F_NAME];
    cells[2] = s->text[YJ_F_TOWNSHIP];
    cells[3] = category ? category : s->text[YJ_F_CATEGORY];
    cells[4] = yj_station_precision_label(s, true);
    cells[5] = s->text[YJ_F_ADDRESS];
    styles[4] = precision_style(s);
    styles[6] = st->open ? cli_open_style(open.status.state) : NULL;
    if (cli_table_add_styled(st->table, cells, styles) != 0 ||
        (st->width > 0 &&
         fit_station(st, s, cells[3], &open) != 0)) {
        st->failed = 1;
        return 1;
    }
    return 0;
}

/* Fitting, from an origin: the compact row and the card. */
static int fit_hit(run_state *st, const yj_hit *hit, const char *const *cells,
                   const yj_open_answer *open, const char *distance_style,
                   const char *amap, const char *baidu)
{
    char hours[YJ_FIELD_MAX + 1];
    const yj_station *s = hit->station;
    const char *row[6], *styles[6] = {NULL};
    char *title = NULL, *distance = NULL;
    int rc = -1;

    yj_hours_words(hours, sizeof hours, s->text[YJ_F_OPENING_HOURS]);
    row[0] = cells[0];
    row[1] = cells[2];
    row[2] = cells[3];
    styles[2] = distance_style;
    row[3] = cells[4];
    row[4] = open->text;
    styles[4] = cli_open_style(open->status.state);
    row[5] = cells[9];
    if (cli_table_add_styled(st->compact, row, styles) != 0)
        return -1;
    /* distance, bearing and, when approximate, how precise the place is */
    distance = text_printf("%s  %s%s%s", cells[3], cells[4],
                           yj_station_is_approximate(s) ? "  " : "",
                           yj_station_is_approximate(s)
                               ? yj_station_precision_label(s, false) : "");
    if (distance != NULL) {
        const cli_card_line lines[] = {
            {_("Distance:"), distance, distance_style, false},
            {_("Status:"), open->text, cli_open_style(open->status.state), false},
            {_("Address:"), s->text[YJ_F_ADDRESS], NULL, false},
            {_("Hours:"), hours, NULL, false},
            {_("Amenities:"), cells[8], NULL, false},
            {_("Phone:"), s->text[YJ_F_PHONE], NULL, false},
            {_("Amap:"), amap, NULL, true},
            {_("Baidu:"), baidu, NULL, true},
        };
        title = text_printf("%zu. %s (%s)", hit->rank, s->text[YJ_F_NAME],
                            s->text[YJ_F_ID]);
        rc = add_card(st, title, lines, sizeof lines / sizeof *lines);
    }
    free(title);
    free(distance);
    return rc;
}

static int add_hit_row(run_state *st, const yj_hit *hit)
{
    char hours[YJ_FIELD_MAX + 1];
    const yj_station *s = hit->station;
    char rank[16], distance[32], bearing[32], *amenities;
    char amap[2048] = "", baidu[2048] = "";
    const char *cells[13], *styles[13] = {NULL}, *distance_style;
    yj_open_answer open = {.text = ""};
    int rc;

    st->count++;
    if (st->writer != NULL)
        return yj_writer_hit(st->writer, hit, NULL) != YJ_OK;
    snprintf(rank, sizeof rank, "%zu", hit->rank);
    yj_distance_text(distance, sizeof distance, hit->distance_m,
                     hit->approximate || st->approximate_origin,
                     YJ_DISTANCE_TABLE);
    if (hit->distance_m < 1.0) /* here: no direction to speak of */
        snprintf(bearing, sizeof bearing, "—");
    else
        snprintf(bearing, sizeof bearing, "%.0f° %s", hit->bearing_deg,
                 yj_compass_zh(hit->bearing_deg));
    distance_style = hit->approximate || st->approximate_origin
                         ? CLI_SGR_UNSURE : NULL;
    if ((amenities = amenity_text(s)) == NULL) {
        st->failed = 1;
        return 1;
    }
    if (st->links) {
        if (yj_link_amap(amap, sizeof amap, s, NULL) != YJ_OK)
            amap[0] = '\0';
        if (yj_link_baidu(baidu, sizeof baidu, s, NULL) != YJ_OK)
            baidu[0] = '\0';
    }
    cells[0] = rank;
    cells[1] = s->text[YJ_F_ID];
    cells[2] = s->text[YJ_F_NAME];
    cells[3] = distance;
    cells[4] = bearing;
    cells[5] = yj_station_precision_label(s, true);
    cells[6] = s->text[YJ_F_TOWNSHIP];
    yj_hours_words(hours, sizeof hours, s->text[YJ_F_OPENING_HOURS]);
    cells[7] = hours[0] ? hours : _("unknown");
    cells[8] = amenities;
    cells[9] = s->text[YJ_F_ADDRESS];
    styles[3] = distance_style;
    styles[5] = precision_style(s);
    if (st->open) {
        yj_open_query q = {st->calendar, st->at, st->speed_kmh};
        yj_writer_open_answer(&open, s, hit, &q);
        cells[10] = open.text;
        styles[10] = cli_open_style(open.status.state);
        cells[11] = amap;
        cells[12] = baidu;
    } else {
        cells[10] = amap;
        cells[11] = baidu;
    }
    rc = cli_table_add_styled(st->table, cells, styles) != 0 ||
         (st->width > 0 && fit_hit(st, hit, cells, &open, distance_style,
                                   amap, baidu) != 0);
    free(amenities);
    if (rc != 0) {
        st->failed = 1;
        return 1;
    }
    return 0;
}

static int add_hit(void *payload, const yj_hit *hit)
{
    run_state *st = payload;

    if (st->nearest_m < 0.0)
        st->nearest_m = hit->distance_m;
    return add_hit_row(st, hit);
}

/* Stations passing the other filters whose hours are unknown or not in the
 * supported syntax (an open-filter leaves them out: say how many). */
static int count_one(void *payload, const yj_station *s)
{
    size_t *n = payload;
    yj_hours *h = NULL;

    if (s->text[YJ_F_OPENING_HOURS][0] == '\0' ||
        yj_hours_parse(&h, s->text[YJ_F_OPENING_HOURS], NULL) != YJ_OK)
        (*n)++;
    yj_hours_free(h);
    return 0;
}

static size_t count_unknown_hours(yj_db *db, const cli_query *q)
{
    size_t n = 0;

    if (yj_db_list(db, &q->filter, count_one, &n, NULL) != YJ_OK)
        return 0;
    return n;
}

/* After "no station matches" with --category or --amenity: each of
 * their words that no station in the database records at all, so that
 * a worker knows the word found nothing, not the place. */
static void note_unrecorded(yj_db *db, const cli_query *q)
{
    yj_filter one = YJ_FILTER_INIT;
    const char *code, *p;
    char codes[256], amenity[64];
    size_t n;
    yj_error err;

    if (q->filter.category != NULL &&
        yj_term_resolve(&code, yj_categories(), q->filter.category, &err) ==
            YJ_OK) {
        one.category = code;
        if (yj_db_count(&n, db, &one, &err) == YJ_OK && n == 0)
            cli_note("no station records %s (%s)", code,
                     yj_term_label(yj_categories(), code));
        one.category = NULL;
    }
    if (q->filter.amenities == NULL ||
        yj_term_list(codes, sizeof codes, yj_amenities(), q->filter.amenities,
                     &err) != YJ_OK)
        return;
    for (p = codes; *p != '\0'; p += *p == ';') {
        size_t len = strcspn(p, ";");
        snprintf(amenity, sizeof amenity, "%.*s", (int)len, p);
        p += len;
        one.amenities = amenity;
        if (yj_db_count(&n, db, &one, &err) == YJ_OK && n == 0)
            cli_note("no station records %s (%s)", amenity,
                     yj_term_label(yj_amenities(), amenity));
    }
}

/* Fitting to st->width: the whole table when it fits, else the columns
 * a worker needs (not with --links: the links would be gone), else the
 * cards. */
static int print_fitted(run_state *st, FILE *out)
{
    if (cli_table_width(st->table) <= st->width) {
        cli_table_print_color(st->table, out, st->color);
        return 0;
    }
    if (!st->links && cli_table_width(st->compact) <= st->width) {
        cli_table_print_color(st->compact, out, st->color);
        return 0;
    }
    if (fflush(st->cards) != 0)
        return -1;
    fwrite(st->cards_text, 1, st->cards_len, out);
    return 0;
}

static int cli_query_run(yj_db *db, const cli_query *q, FILE *out,
                         const yj_lonlat *origin, bool approximate_origin,
                         size_t k, double within_m, int64_t at,
                         double speed_kmh, bool color)
{
    yj_filter filter = q->filter;
    size_t unknown_hours = 0;
    run_state st;
    yj_format format = YJ_FORMAT_CSV;
    bool table = q->format == NULL || strcmp(q->format, "table") == 0;
    size_t unlocated = 0;
    yj_error err;
    yj_code rc;
    int status = EXIT_OK;

    memset(&st, 0, sizeof st);
    st.nearest_m = -1.0;
    st.approximate_origin = approximate_origin;
    st.links = q->links != 0;
    st.open = q->open_now || q->open_at != NULL || q->on_arrival;
    st.color = color;
    if (q->format == NULL && (st.width = cli_fit_width(out)) > 0) {
        st.open = true; /* fitted output always says whether it is open */
        if ((st.cards = open_memstream(&st.cards_text, &st.cards_len)) ==
            NULL) {
            cli_error("out of memory");
            return EXIT_RUNTIME;
        }
    }
    st.calendar = yj_db_calendar(db);
    st.at = at;
    st.speed_kmh = speed_kmh;
    filter.open = q->open_now || q->open_at != NULL;
    filter.open_at = at;
    if (table) {
        const char *headers[13];
        size_t cols = 0, i;
        if (origin != NULL) {
            for (i = 0; i < 10; i++)
                headers[cols++] = hit_headers[i];
            if (st.open)
                headers[cols++] = hit_headers[10];
            if (q->links) {
                headers[cols++] = hit_headers[11];
                headers[cols++] = hit_headers[12];
            }
        } else {
            for (i = 0; i < 6; i++)
                headers[cols++] = station_headers[i];
            if (st.open)
                headers[cols++] = station_headers[6];
        }
        st.table = cli_table_new(cols, headers);
        if (st.width > 0) {
            static const size_t hit_cols[] = {0, 2, 3, 4, 10, 9};
            static const size_t station_cols[] = {0, 1, 2, 6, 5};
            const size_t *pick = origin != NULL ? hit_cols : station_cols;
            size_t n = origin != NULL ? 6 : 5;
            for (i = 0; i < n; i++)
                headers[i] = _(origin != NULL ? hit_headers[pick[i]]
                                              : station_headers[pick[i]]);
            if ((st.compact = cli_table_new(n, headers)) == NULL) {
                cli_table_free(st.table);
                st.table = NULL;
            }
        }
    } else {
        yj_format_from_name(&format, q->format);
        if (yj_writer_new(&st.writer, out, format, origin != NULL, NULL) ==
            YJ_OK) {
            yj_labels labels = YJ_LABELS_DEFAULT;
            yj_writer_set_bom(st.writer, q->bom != 0);
            if (q->labels != NULL)
                yj_labels_from_name(&labels, q->labels);
            yj_writer_set_labels(st.writer, labels);
            yj_writer_set_formula_guard(st.writer, q->keep_formulas == 0 &&
                                        format != YJ_FORMAT_TSV);
            if (st.open)
                yj_writer_set_open(st.writer, st.calendar, at, speed_kmh);
        }
    }
    if (st.table == NULL && st.writer == NULL) {
        cli_error("out of memory");
        if (st.cards != NULL)
            fclose(st.cards);
        free(st.cards_text);
        return EXIT_RUNTIME;
    }
    if (origin != NULL) {
        yj_near near;
        near.origin = *origin;
        near.k = k;
        near.within_m = within_m;
        rc = yj_nearest(&unlocated, db, &near, &filter, add_hit, &st,
                        &err);
    } else {
        rc = q->stored_order
                 ? yj_db_list_stored(db, &filter, add_station, &st, &err)
                 : yj_db_list(db, &filter, add_station, &st, &err);
    }
    if (rc == YJ_OK && filter.open)
        unknown_hours = count_unknown_hours(db, q);
    if (rc == YJ_ENOTFOUND) {
        cli_error("%s", err.message);
        if (err.input == YJ_INPUT_TOWNSHIP)
            cli_print_valid_townships(db);
        status = EXIT_USAGE;
    } else if (rc != YJ_OK) {
        status = cli_fail(&err);
    } else if (st.failed) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
    } else if (table && st.width > 0) {
        if (st.count > 0 && print_fitted(&st, out) != 0) {
            cli_error("out of memory");
            status = EXIT_RUNTIME;
        }
    } else if (table) {
        if (st.count > 0)
            cli_table_print_color(st.table, out, st.color);
    } else if (yj_writer_finish(st.writer, &err) != YJ_OK) {
        status = cli_fail(&err);
    }
    if (status == EXIT_OK && st.writer != NULL &&
        yj_writer_skipped(st.writer) > 0)
        cli_note(yj_writer_skipped(st.writer) == 1
                     ? "%zu matching station without coordinates left out: "
                       "%s needs a point"
                     : N_("%zu matching stations without coordinates left out: "
                          "%s needs a point"),
                 yj_writer_skipped(st.writer), q->format);
    if (status == EXIT_OK && st.writer != NULL &&
        yj_writer_count(st.writer) == 0 && st.count > 0) {
        cli_note("no station to write");
        status = EXIT_NOTHING;
    }
    /* an origin far from every station: a sign, the order or the system
     * of the coordinates is likely wrong (0,0; -120.29,30.17) */
    if (status == EXIT_OK && q->from_text != NULL &&
        st.nearest_m > FAR_ORIGIN_M) {
        char far[32];
        yj_distance_text(far, sizeof far, st.nearest_m, false,
                         YJ_DISTANCE_TABLE);
        cli_note("the nearest station is %s from %s: are the coordinates "
                 "right (their sign, their order, --crs)?", far,
                 q->from_text);
    }
    if (status == EXIT_OK && unlocated > 0)
        cli_note(unlocated == 1
                     ? "%zu matching station without coordinates is not "
                       "ranked (see 'yijia list')"
                     : N_("%zu matching stations without coordinates are not "
                          "ranked (see 'yijia list')"), unlocated);
    if (status == EXIT_OK && unknown_hours > 0)
        cli_note(unknown_hours == 1
                     ? "%zu matching station with unknown opening hours left "
                       "out (unknown is not open; see without "
                       "--open-now/--open-at)"
                     : N_("%zu matching stations with unknown opening hours "
                          "left out (unknown is not open; see without "
                          "--open-now/--open-at)"), unknown_hours);
    if (status == EXIT_OK && st.count == 0) {
        cli_note(within_m > 0 ? "no station matches within the radius"
                              : N_("no station matches"));
        note_unrecorded(db, q);
        status = EXIT_NOTHING;
    }
    cli_table_free(st.table);
    cli_table_free(st.compact);
    if (st.cards != NULL)
        fclose(st.cards);
    free(st.cards_text);
    yj_writer_free(st.writer);
    return status;
}

int cli_query_main(const cli_globals *g, const cli_query *q, const char *cmd,
                   bool needs_origin, size_t k)
{
    yj_lonlat origin;
    bool has_origin, approximate;
    double within_m = 0.0;
    cli_output out;
    yj_db *db = NULL;
    int64_t at;
    double speed_kmh;
    int status;

    bool color;

    if ((status = cli_query_check(q, cmd, needs_origin)) != EXIT_OK ||
        (status = cli_query_time(&at, &speed_kmh, q, cmd)) != EXIT_OK ||
        (status = cli_color_resolve(&color, q->color, stdout, cmd)) !=
            EXIT_OK)
        return status;
    if (q->within_text != NULL &&
        (status = cli_parse_distance(&within_m, q->within_text, cmd,
                                     "--within")) != EXIT_OK)
        return status;
    if ((status = cli_open_db(&db, g)) != EXIT_OK)
        return status;
    status = cli_query_origin(&origin, &has_origin, &approximate, db, q, cmd);
    if (status == EXIT_OK &&
        (status = cli_output_open(&out, q->output)) == EXIT_OK) {
        status = cli_query_run(db, q, out.fp, has_origin ? &origin : NULL,
                               approximate, k, within_m, at, speed_kmh,
                               color);
        status = cli_output_close(&out, status);
    }
    yj_db_close(db);
    return status;
}
