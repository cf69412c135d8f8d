/* cmd_geocode.c — `yijia geocode` (addresses to points through a map
 * provider, geocode.c), `yijia geocode --review` (the results held back)
 * and `yijia locate ID LON,LAT` (a point set by hand).  Keys come from the
 * environment only and are never printed. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_option geocode_options[] = {
    {.name = "provider", .arg = "NAME", .id = 'p',
     .values = "amap baidu tianditu nominatim",
     .help = N_("the provider (above; default amap)")},
    {.name = "only", .arg = "WHICH", .id = 'o',
     .values = "missing approximate all",
     .help = N_("missing (no point), approximate (default: not yet at door or "
                "POI precision) or all")},
    {.name = "ids", .arg = "ID,...", .id = 'i',
     .help = N_("only these stations")},
    {.name = "dry-run", .id = 'n',
     .help = N_("say what would be asked; no request, nothing written")},
    {.name = "qps", .arg = "N", .id = 'q',
     .help = N_("requests a second (default 3; nominatim 1 at most)")},
    {.name = "timeout", .arg = "S", .id = 't',
     .help = N_("seconds a request may take in all, connecting included "
                "(default 10)")},
    {.name = "retries", .arg = "N", .id = 'r',
     .help = N_("retries of a timeout, HTTP 429/5xx or a provider's \"too "
                "frequent\" code, with growing pauses (default 3)")},
    {.name = "refresh", .id = 'f',
     .help = N_("ask again even when the cache has the answer")},
    {.name = "review", .id = 'v',
     .help = N_("list the results held for review")},
    {0},
};

static const cli_option providers[] = {
    {.name = "amap", .operand = true,
     .help = N_("YIJIA_AMAP_KEY (+ YIJIA_AMAP_SECRET to sign with sig); 10 "
                "addresses a request, then a POI search by name for any "
                "station its address did not place to a POI")},
    {.name = "baidu", .operand = true,
     .help = N_("YIJIA_BAIDU_AK (+ YIJIA_BAIDU_SK to sign with sn)")},
    {.name = "tianditu", .operand = true, .help = N_("YIJIA_TIANDITU_TK")},
    {.name = "nominatim", .operand = true,
     .help = N_("no key; at most 1 request a second (its usage policy)")},
    {0},
};

static const cli_option_group geocode_groups[] = {
    {N_("Providers and their keys, from the environment only"), providers},
    {N_("Options"), geocode_options},
    {0},
};

static const cli_option locate_options[] = {
    {.name = "crs", .arg = "CRS", .id = 'c',
     .values = "@crs",
     .help = N_("of LON,LAT (default wgs84)")},
    {.name = "latlon", .id = 'l',
     .help = N_("the point is given as LAT,LON")},
    {.name = "source", .arg = "TEXT", .id = 's',
     .help = N_("where the point comes from")},
    {.name = "precision", .arg = "P", .id = 'p',
     .values = "door poi road",
     .help = N_("door, poi (default), road")},
    {0},
};

static const cli_option_group locate_groups[] = {
    {N_("Options"), locate_options},
    {0},
};

typedef struct progress {
    bool tty;
    bool drawn;
} progress;

static const char *outcome_name(yj_geocode_outcome o)
{
    switch (o) {
    case YJ_GEOCODE_RESOLVED: return "resolved";
    case YJ_GEOCODE_REVIEW: return "review";
    case YJ_GEOCODE_KEPT: return "kept";
    case YJ_GEOCODE_FAILED: return "failed";
    case YJ_GEOCODE_PLANNED: return "would ask";
    }
    return "?";
}

static void on_station(void *payload, const yj_station *s,
                       yj_geocode_outcome outcome, bool from_cache,
                       const char *why)
{
    progress *p = payload;

    if (p->drawn) {
        fputs("\r\033[K", stderr);
        p->drawn = false;
    }
    /* one line: the fields from data and answers through the terminal
     * sanitiser (a tab or a control inside one is shown escaped) */
    cli_put_text(stdout, s->text[YJ_F_ID]);
    printf("\t%s\t%s\t", outcome_name(outcome),
           from_cache ? "cache" : "online");
    cli_put_text(stdout, why);
    putchar('\n');
}

static void on_progress(void *payload, size_t done, size_t total)
{
    progress *p = payload;
    int width = 30, filled = total ? (int)(done * (size_t)width / total) : 0;

    if (!p->tty)
        return;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu", filled,
            "##############################", width - filled, "", done,
            total);
    p->drawn = true;
}

static bool env_url(const char **out, const char *name)
{
    const char *v = getenv(name);

    if (v == NULL || v[0] == '\0')
        return true;
    if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
        return false;
    *out = v;
    return true;
}

static int review(const cli_globals *g);

/* A step's "go on" (any other value is the exit status). */
#define GO_ON (-1)

/* What the command line asked. */
typedef struct geocode_args {
    yj_geocode_options opt;
    char *ids;    /* --ids as given (split in place later), or NULL */
    bool review;  /* --review */
} geocode_args;

/* "amap, baidu, tianditu or nominatim": the providers' names, from their
 * table. */
static void provider_names(char *buf, size_t size)
{
    int p, n = 0;

    while (yj_geocode_provider_of((yj_provider)n) != NULL)
        n++;
    buf[0] = '\0';
    for (p = 0; p < n; p++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s",
                 p == 0 ? "" : p + 1 == n ? _(" or ") : _(", "),
                 yj_geocode_provider_of((yj_provider)p)->name);
    }
}

/* The options into *a: GO_ON, or the exit status of help or a usage
 * error. */
static int parse_geocode(geocode_args *a, int argc, char **argv)
{
    cli_parser p;
    yj_geocode_options *opt = &a->opt;
    char names[128];
    double v;
    int c;

    memset(a, 0, sizeof *a);
    *opt = (yj_geocode_options)YJ_GEOCODE_OPTIONS_INIT;
    cli_parser_init(&p, &cli_geocode_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case 'p':
            if (yj_provider_from_name(&opt->provider, p.arg))
                break;
            provider_names(names, sizeof names);
            return cli_usage_error("geocode", "--provider: '%s' is not %s",
                                   p.arg, names);
        case 'o':
            if (strcmp(p.arg, "missing") == 0)
                opt->only = YJ_GEOCODE_MISSING;
            else if (strcmp(p.arg, "approximate") == 0)
                opt->only = YJ_GEOCODE_APPROXIMATE;
            else if (strcmp(p.arg, "all") == 0)
                opt->only = YJ_GEOCODE_ALL;
            else
                return cli_usage_error("geocode", "--only: '%s' is not "
                                       "missing, approximate or all", p.arg);
            break;
        case 'i': a->ids = p.arg; break;
        case 'n': opt->dry_run = true; break;
        case 'f': opt->refresh = true; break;
        case 'v': a->review = true; break;
        case 'q':
            if (!yj_parse_double(&v, p.arg) || !(v > 0 && v <= 100))
                return cli_usage_error("geocode", "--qps: '%s' is not a "
                                       "rate from 0 to 100", p.arg);
            opt->qps = v;
            break;
        case 't':
            if (!yj_parse_double(&v, p.arg) || !(v >= 0.1 && v <= 300))
                return cli_usage_error("geocode", "--timeout: '%s' is not "
                                       "0.1 to 300 seconds", p.arg);
            opt->timeout_s = v;
            break;
        case 'r':
            if (!yj_parse_double(&v, p.arg) || v < 0 || v > 10 ||
                v != (int)v)
                return cli_usage_error("geocode", "--retries: '%s' is not "
                                       "0 to 10", p.arg);
            opt->retries = (int)v;
            break;
        }
    }
    if (c < 0)
        return p.status;
    if (optind < argc)
        return cli_usage_error("geocode", "unexpected argument '%s'",
                               argv[optind]);
    return GO_ON;
}

/* The provider's key, secret and base URL from the environment, as its
 * row names them; *base (free it) holds the URL without a trailing
 * slash.  GO_ON, or the exit status. */
static int provider_env(yj_geocode_options *opt, char **base)
{
    const yj_geocode_provider *pv = yj_geocode_provider_of(opt->provider);
    const char *url = pv->default_url;

    *base = NULL;
    if (pv->key_env != NULL) {
        opt->key = getenv(pv->key_env);
        if (opt->key == NULL || opt->key[0] == '\0') {
            cli_error("%s needs a key: set %s (the key is read from the "
                      "environment only)", pv->name, pv->key_env);
            return EXIT_USAGE;
        }
        if (pv->secret_env != NULL) {
            opt->secret = getenv(pv->secret_env);
            if (opt->secret != NULL && opt->secret[0] == '\0')
                opt->secret = NULL;
        }
    }
    if (!env_url(&url, pv->url_env)) {
        cli_error("%s: not an http:// or https:// URL", pv->url_env);
        return EXIT_USAGE;
    }
    if ((*base = malloc(strlen(url) + 1)) == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    memcpy(*base, url, strlen(url) + 1);
    while (strlen(*base) > 8 && (*base)[strlen(*base) - 1] == '/')
        (*base)[strlen(*base) - 1] = '\0';
    opt->base_url = *base;
    return GO_ON;
}

/* --ids (text, split in place; NULL: not given) into opt, *ids (free
 * it) holding the pointers.  GO_ON, or the exit status. */
static int split_ids(yj_geocode_options *opt, const char ***ids, char *text)
{
    char *tok, *save = NULL;
    size_t n = 0;

    *ids = NULL;
    if (text == NULL)
        return GO_ON;
    if ((*ids = calloc(strlen(text) + 1, sizeof **ids)) == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    for (tok = strtok_r(text, ",", &save); tok != NULL;
         tok = strtok_r(NULL, ",", &save))
        (*ids)[n++] = tok;
    if (n == 0)
        return cli_usage_error("geocode", "--ids: no station id");
    opt->ids = *ids;
    opt->n_ids = n;
    return GO_ON;
}

/* The run itself: the stations' lines on stdout as they are settled, a
 * progress bar on a terminal, the summary on stderr. */
static int geocode(const cli_globals *g, yj_geocode_options *opt)
{
    yj_geocode_report rep;
    progress pr = {false, false};
    yj_editor *ed = NULL;
    yj_db *db = NULL;
    yj_error err;
    int status;

    opt->user = cli_user();
    opt->command = g->command;
    opt->on_station = on_station;
    opt->progress = on_progress;
    opt->payload = &pr;
    pr.tty = isatty(STDERR_FILENO) != 0;
    if ((status = cli_open_editor(&ed, g, opt->dry_run)) != EXIT_OK)
        goto out;
    if ((status = cli_open_db(&db, g)) != EXIT_OK)
        goto out;
    if (yj_geocode_run(&rep, ed, db, opt, &err) != YJ_OK) {
        if (pr.drawn)
            fputc('\n', stderr);
        status = cli_fail(&err);
        goto out;
    }
    if (pr.drawn)
        fputc('\n', stderr);
    fflush(stdout);
    if (rep.stopped) {
        cli_error("%s stopped the run: %s (what was done is kept)",
                  yj_provider_name(opt->provider), rep.stop_reason);
        status = EXIT_RUNTIME;
    }
    cli_note(opt->dry_run
                 ? "geocode (%s) dry run: %zu stations: %zu resolved, %zu "
                   "need review, %zu kept (no better answer), %zu failed; "
                   "%zu from cache, %zu requests would be made; nothing "
                   "written"
                 : N_("geocode (%s): %zu stations: %zu resolved, %zu need "
                      "review, %zu kept (no better answer), %zu failed; %zu "
                      "from cache, %zu requests made"),
             yj_provider_name(opt->provider), rep.stations, rep.resolved,
             rep.review, rep.kept, rep.failed, rep.from_cache, rep.requests);
out:
    yj_db_close(db);
    yj_editor_close(ed);
    return status;
}

static int run_geocode(const cli_globals *g, int argc, char **argv)
{
    geocode_args a;
    const char **ids = NULL;
    char *base = NULL;
    int status;

    if ((status = parse_geocode(&a, argc, argv)) != GO_ON)
        return status;
    if (a.review)
        return review(g);
    if ((status = provider_env(&a.opt, &base)) == GO_ON &&
        (status = split_ids(&a.opt, &ids, a.ids)) == GO_ON)
        status = geocode(g, &a.opt);
    free(ids);
    free(base);
    return status;
}

static int print_candidate(void *payload, const yj_geo_candidate *c)
{
    yj_editor *ed = payload;
    yj_station s;
    yj_error err;
    char dist[32] = "—";

    if (yj_editor_get(&s, ed, c->station_id, &err) == YJ_OK) {
        if (s.has_point) {
            double d;
            yj_lonlat a = {s.lon, s.lat}, b = {c->result.lon, c->result.lat};
            if (yj_geodesic_inverse(&d, NULL, a, b, NULL) == YJ_OK)
                snprintf(dist, sizeof dist, "%.0f m", d);
        }
        yj_station_clear(&s);
    }
    cli_put_text(stdout, c->station_id);
    putchar('\t');
    cli_put_text(stdout, c->provider);
    printf("\t%.9g,%.9g\t", c->result.lon, c->result.lat);
    cli_put_text(stdout, c->result.precision);
    putchar('\t');
    cli_put_text(stdout, c->result.label);
    putchar('\t');
    printf(_("%s from the current location"), dist);
    putchar('\t');
    cli_put_text(stdout, c->reason);
    putchar('\n');
    return 0;
}

static int review(const cli_globals *g)
{
    yj_editor *ed = NULL;
    yj_error err;
    int status;

    if ((status = cli_open_editor(&ed, g, true)) != EXIT_OK)
        return status;
    if (yj_editor_candidates(ed, print_candidate, ed, &err) != YJ_OK)
        status = cli_fail(&err);
    yj_editor_close(ed);
    return status;
}

static int run_locate(const cli_globals *g, int argc, char **argv)
{
    cli_parser op;
    const char *source = NULL, *precision = "poi", *comma;
    yj_crs crs = YJ_CRS_WGS84;
    int latlon = 0, c, status;
    yj_field_values v;
    yj_lonlat p;
    yj_station before, after;
    yj_editor *ed = NULL;
    yj_error err;
    char msg[128], lon[64], lat[64];
    long long change = 0;

    cli_parser_init(&op, &cli_locate_command, NULL, argc, argv);
    while ((c = cli_getopt(&op)) > 0) {
        switch (c) {
        case 'c':
            if (!yj_crs_from_name(&crs, op.arg))
                return cli_usage_error("locate", "--crs: '%s' is not wgs84, "
                                       "gcj02 or bd09", op.arg);
            break;
        case 'l': latlon = 1; break;
        case 's': source = op.arg; break;
        case 'p':
            if (strcmp(op.arg, "door") && strcmp(op.arg, "poi") &&
                strcmp(op.arg, "road"))
                return cli_usage_error("locate", "--precision: '%s' is not "
                                       "door, poi or road", op.arg);
            precision = op.arg;
            break;
        }
    }
    if (c < 0)
        return op.status;
    if (optind != argc - 2)
        return cli_usage_error("locate", "expected ID and LON,LAT");
    if (source == NULL || source[0] == '\0')
        return cli_usage_error("locate", "--source: say where the point "
                               "comes from");
    comma = strchr(argv[optind + 1], ',');
    if (comma == NULL ||
        !cli_parse_pair(&p, argv[optind + 1],
                        (size_t)(comma - argv[optind + 1]), comma + 1,
                        strlen(comma + 1), latlon, msg, sizeof msg))
        return cli_usage_error("locate", "'%s': %s", argv[optind + 1],
                               comma ? msg : _("expected LON,LAT"));
    snprintf(lon, sizeof lon, "%.12g", p.lon);
    snprintf(lat, sizeof lat, "%.12g", p.lat);
    memset(&v, 0, sizeof v);
    v.value[YJ_F_LON] = lon;
    v.value[YJ_F_LAT] = lat;
    v.value[YJ_F_COORD_SOURCE] = source;
    v.value[YJ_F_COORD_PRECISION] = precision;
    v.crs = yj_crs_name(crs);
    if ((status = cli_open_editor(&ed, g, false)) != EXIT_OK)
        return status;
    memset(&after, 0, sizeof after);
    if (yj_editor_begin(ed, cli_user(), g->command, &err) != YJ_OK ||
        yj_editor_get(&before, ed, argv[optind], &err) != YJ_OK) {
        status = cli_fail(&err);
        goto out;
    }
    if (yj_station_copy(&after, &before, &err) != YJ_OK ||
        yj_import_apply(&after, ed, &v, crs, "locate", &err) != YJ_OK ||
        yj_editor_put(NULL, ed, &after, &err) != YJ_OK ||
        yj_editor_candidates_clear(ed, argv[optind], &err) != YJ_OK ||
        yj_editor_commit(&change, ed, &err) != YJ_OK) {
        cli_error("%s: %s", argv[optind], err.message);
        status = EXIT_RUNTIME;
    } else {
        cli_print_change(stdout, '~', &before, &after, NULL);
        if (change > 0)
            cli_note("recorded as change #%lld (`yijia undo` takes it back)",
                     change);
    }
    yj_station_clear(&before);
out:
    yj_station_clear(&after);
    yj_editor_close(ed);
    return status;
}

const cli_command cli_geocode_command = {
    .name = "geocode",
    .run = run_geocode,
    .summary = N_("find precise points online (Amap, Baidu, ...)"),
    .synopsis = "geocode [--provider NAME] [--only WHICH] [--ids ID,...] [OPTIONS]\n"
                "geocode --review",
    .description = N_("Find door- or POI-level points for the stations' "
                      "addresses online, so that everything after works "
                      "offline.  Each address is sent as "
                      "浙江省杭州市<district><address> (the station's own "
                      "address is never changed).  A result is taken only "
                      "when it is more precise than the station's location "
                      "(never less) and lies in the station's township "
                      "polygon (within 200 m; stations without one: the "
                      "district outline); otherwise it is held for review "
                      "(--review lists them, `yijia locate` settles one).  "
                      "Each station's update is a change of its own in the "
                      "history: Ctrl-C loses nothing already done, and a "
                      "re-run resumes.  A position checked on site "
                      "(precision surveyed) is never replaced, nor asked "
                      "for, even with --only all or --ids.  Every answer is "
                      "cached in the database: a re-run asks again only "
                      "with --refresh.\n\nEndpoints: YIJIA_AMAP_URL, "
                      "YIJIA_BAIDU_URL, YIJIA_TIANDITU_URL, "
                      "YIJIA_NOMINATIM_URL (base URL, e.g. a proxy; default "
                      "the provider's HTTPS endpoint, certificates "
                      "verified)."),
    .groups = geocode_groups,
    .notes = N_("Answers are not trusted: a request ends after --timeout; an "
                "answer over 2 MiB, JSON nested over 64 levels or a point "
                "outside ±180,±90 is malformed; redirects are never followed "
                "(the key stays with the endpoint); a key or secret an answer "
                "quotes is blanked out (***) before anything is printed or "
                "stored.\n\nExit: 0 done (some stations may be unresolved: see "
                "the summary), 1 a fatal answer (invalid key or signature, "
                "daily quota, an HTTP error other than 429 and 5xx, a redirect) "
                "stopped the run — what was done is kept — or a database error, "
                "2 usage error."),
};
const cli_command cli_locate_command = {
    .name = "locate",
    .run = run_locate,
    .summary = N_("set a station's location by hand"),
    .synopsis = "locate ID LON,LAT --source TEXT [--crs CRS] [--precision door|poi|road]",
    .description = N_("Set a station's location by hand, for example from Amap's "
                      "coordinate picker (--crs gcj02) or a site visit.  --source "
                      "says where the point comes from and is required; --precision "
                      "defaults to poi.  The point is stored in WGS84; the change is "
                      "in the history (`yijia undo`), and the station's review "
                      "candidates are cleared."),
    .groups = locate_groups,
};
