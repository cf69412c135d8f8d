/* cmd_serve.c — `yijia serve`: its options, then the server (src/serve/,
 * serve_main) until SIGTERM or SIGINT. */
#include "cli.h"
#include "serve.h"

#include <getopt.h>
#include <string.h>
#include <unistd.h>

enum {
    OPT_LISTEN = 1300,
    OPT_THREADS,
    OPT_BASE_URL,
    OPT_CORS,
    OPT_ACCESS_LOG,
    OPT_MAX_CONNECTIONS,
    OPT_MAX_PER_CLIENT,
    OPT_IDLE_TIMEOUT,
    OPT_STAFF
};

static const cli_option serve_option_table[] = {
    {.name = "listen", .arg = "ADDR:PORT", .id = OPT_LISTEN,
     .help = N_("where to listen (default 127.0.0.1:8080: this machine only; "
                "0.0.0.0:8080 for every address, [::1]:8080 for IPv6; port 0: "
                "any free port)")},
    {.name = "threads", .arg = "N", .id = OPT_THREADS,
     .help = N_("worker threads, 1-64 (default: one per core)")},
    {.name = "base-url", .arg = "URL", .id = OPT_BASE_URL,
     .help = N_("what links start with, e.g. https://x.org/yijia behind a "
                "reverse proxy (default: the request's Host)")},
    {.name = "cors", .arg = "ORIGIN", .id = OPT_CORS,
     .help = N_("let pages of ORIGIN (or *) read the API")},
    {.name = "access-log", .arg = "FILE|-", .id = OPT_ACCESS_LOG,
     .values = "@file",
     .help = N_("one line per request, Combined Log Format")},
    {.name = "max-connections", .arg = "N", .id = OPT_MAX_CONNECTIONS,
     .help = N_("open connections in all (default 8192)")},
    {.name = "max-per-client", .arg = "N", .id = OPT_MAX_PER_CLIENT,
     .help = N_("open connections per client address (default 2048; behind a "
                "proxy every client is the proxy)")},
    {.name = "idle-timeout", .arg = "S", .id = OPT_IDLE_TIMEOUT,
     .help = N_("close a connection idle S seconds (default 30)")},
    {.name = "staff", .id = OPT_STAFF,
     .help = N_("also answer staff checking stations on site from the phone "
                "page (/staff/: sign-in with the link of `yijia staff add`, "
                "then POST checks); off by default.  Give --base-url when a "
                "proxy or another name is in front: POSTs must come from that "
                "origin")},
    {0},
};

static const cli_option routes[] = {
    {.name = "/api/nearest?at=LON,LAT", .operand = true,
     .help = N_("the JSON of `yijia nearest --format json` (also near=NAME, "
                "crs=, k=, within=, amenity=, township=, category=, text=, "
                "open=now|TIME, arrive=walk|ride|KMH)")},
    {.name = "/api/stations[/ID]", .operand = true,
     .help = N_("`yijia list`/`show` as JSON, the same filters")},
    {.name = "/api/places?q=TEXT", .operand = true,
     .help = N_("places for a search box")},
    {.name = "/api/townships, /api/coverage", .operand = true,
     .help = N_("the townships and their coverage")},
    {.name = "/ogcapi/", .operand = true,
     .help = N_("OGC API - Features (GDAL, QGIS): collections stations and "
                "townships")},
    {0},
};

static const cli_option_group serve_groups[] = {
    {N_("Routes"), routes},
    {N_("Options"), serve_option_table},
    {0},
};


/* A whole number option within [min, max]. */
static int number(unsigned *out, const char *text, const char *option,
                  int64_t min, int64_t max)
{
    int64_t n;
    yj_error err;

    if (yj_parse_int(&n, text, min, max, &err) != YJ_OK)
        return cli_usage_error("serve", "%s: %s", option, err.message);
    *out = (unsigned)n;
    return EXIT_OK;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    serve_options o;
    char base[512];
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int c, status = EXIT_OK;

    memset(&o, 0, sizeof o);
    o.listen = "127.0.0.1:8080";
    o.threads = cores < 1 ? 1 : cores > 64 ? 64 : (unsigned)cores;
    o.max_connections = 8192;
    o.per_client = 2048;
    o.idle_timeout_s = 30;
    cli_parser_init(&p, &cli_serve_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0 &&
           status == EXIT_OK) {
        switch (c) {
        case OPT_LISTEN: o.listen = p.arg; break;
        case OPT_THREADS:
            status = number(&o.threads, p.arg, "--threads", 1, 64);
            break;
        case OPT_BASE_URL: o.base_url = p.arg; break;
        case OPT_CORS: o.cors = p.arg; break;
        case OPT_ACCESS_LOG: o.access_log = p.arg; break;
        case OPT_MAX_CONNECTIONS:
            status = number(&o.max_connections, p.arg, "--max-connections",
                            1, 1000000);
            break;
        case OPT_MAX_PER_CLIENT:
            status = number(&o.per_client, p.arg, "--max-per-client", 1,
                            1000000);
            break;
        case OPT_IDLE_TIMEOUT:
            status = number(&o.idle_timeout_s, p.arg, "--idle-timeout", 1,
                            86400);
            break;
        case OPT_STAFF: o.staff = true; break;
        }
    }
    if (c < 0)
        return p.status;
    if (status != EXIT_OK)
        return status;
    if (optind < argc)
        return cli_usage_error("serve", "unexpected argument '%s'",
                               argv[optind]);
    if (o.base_url != NULL) {
        size_t n = strlen(o.base_url);
        if ((strncmp(o.base_url, "http://", 7) != 0 &&
             strncmp(o.base_url, "https://", 8) != 0) ||
            n >= sizeof base - 1 ||
            o.base_url[strcspn(o.base_url, " \"<>\\^`{|}")] != '\0')
            return cli_usage_error("serve", "--base-url: '%s' is not an "
                                   "http:// or https:// URL", o.base_url);
        /* links append "/ogcapi/...": no trailing slash */
        memcpy(base, o.base_url, n + 1);
        while (n > 0 && base[n - 1] == '/')
            base[--n] = '\0';
        o.base_url = base;
    }
    if (o.cors != NULL && (o.cors[0] == '\0' ||
                           o.cors[strcspn(o.cors, "\r\n")] != '\0'))
        return cli_usage_error("serve", "--cors: an origin such as "
                               "https://example.org, or *");
    if (o.per_client > o.max_connections)
        o.per_client = o.max_connections;
    o.db_path = cli_db_path(g);
    return serve_main(&o);
}

const cli_command cli_serve_command = {
    .name = "serve",
    .run = run,
    .summary = N_("serve the stations over HTTP (JSON API, OGC API - Features)"),
    .synopsis = "serve [--listen ADDR:PORT] [--staff] [OPTIONS]",
    .description = N_("Serve the stations over HTTP until SIGTERM or Ctrl-C "
                      "(which let the requests in flight finish, then exit "
                      "0).  Changes other processes commit are served at "
                      "once; a database replaced by `yijia build` is moved "
                      "to without a restart.  See README \"serve\"."),
    .groups = serve_groups,
};
