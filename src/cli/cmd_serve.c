/* cmd_serve.c — `yijia serve`: its options, then the server (src/serve/,
 * serve_main) until SIGTERM or SIGINT. */
#include "cli.h"
#include "serve.h"

#include <getopt.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: yijia [--db FILE] serve [--listen ADDR:PORT] [--threads N]\n"
    "                  [--base-url URL] [--cors ORIGIN] [--access-log FILE|-]\n"
    "                  [--max-connections N] [--max-per-client N]\n"
    "                  [--idle-timeout S] [--staff]\n"
    "\n"
    "Serve the stations over HTTP until SIGTERM or Ctrl-C (which let the\n"
    "requests in flight finish, then exit 0):\n"
    "  /api/nearest?at=LON,LAT   the JSON of `yijia nearest --format json`\n"
    "                            (also near=NAME, crs=, k=, within=,\n"
    "                            amenity=, township=, category=, text=,\n"
    "                            open=now|TIME, arrive=walk|ride|KMH)\n"
    "  /api/stations[/ID]        `yijia list`/`show` as JSON, the same filters\n"
    "  /api/places?q=TEXT        places for a search box\n"
    "  /api/townships, /api/coverage\n"
    "  /ogcapi/                  OGC API - Features (GDAL, QGIS): collections\n"
    "                            stations and townships\n"
    "Changes other processes commit are served at once; a database replaced\n"
    "by `yijia build` is moved to without a restart.  See README \"serve\".\n"
    "\n"
    "Options:\n"
    "  --listen ADDR:PORT    where to listen (default 127.0.0.1:8080: this\n"
    "                        machine only; 0.0.0.0:8080 for every address,\n"
    "                        [::1]:8080 for IPv6; port 0: any free port)\n"
    "  --threads N           worker threads, 1-64 (default: one per core)\n"
    "  --base-url URL        what links start with, e.g. https://x.org/yijia\n"
    "                        behind a reverse proxy (default: the request's\n"
    "                        Host)\n"
    "  --cors ORIGIN         let pages of ORIGIN (or *) read the API\n"
    "  --access-log FILE|-   one line per request, Combined Log Format\n"
    "  --max-connections N   open connections in all (default 8192)\n"
    "  --max-per-client N    open connections per client address (default\n"
    "                        2048; behind a proxy every client is the proxy)\n"
    "  --idle-timeout S      close a connection idle S seconds (default 30)\n"
    "  --staff               also answer staff checking stations on site\n"
    "                        from the phone page (/staff/: sign-in with the\n"
    "                        link of `yijia staff add`, then POST checks);\n"
    "                        off by default.  Give --base-url when a proxy\n"
    "                        or another name is in front: POSTs must come\n"
    "                        from that origin\n"
    "  -h, --help            this help\n";

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
    static const struct option options[] = {
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"base-url", required_argument, NULL, OPT_BASE_URL},
        {"cors", required_argument, NULL, OPT_CORS},
        {"access-log", required_argument, NULL, OPT_ACCESS_LOG},
        {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
        {"max-per-client", required_argument, NULL, OPT_MAX_PER_CLIENT},
        {"idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT},
        {"staff", no_argument, NULL, OPT_STAFF},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
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
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1 &&
           status == EXIT_OK) {
        switch (c) {
        case OPT_LISTEN: o.listen = optarg; break;
        case OPT_THREADS:
            status = number(&o.threads, optarg, "--threads", 1, 64);
            break;
        case OPT_BASE_URL: o.base_url = optarg; break;
        case OPT_CORS: o.cors = optarg; break;
        case OPT_ACCESS_LOG: o.access_log = optarg; break;
        case OPT_MAX_CONNECTIONS:
            status = number(&o.max_connections, optarg, "--max-connections",
                            1, 1000000);
            break;
        case OPT_MAX_PER_CLIENT:
            status = number(&o.per_client, optarg, "--max-per-client", 1,
                            1000000);
            break;
        case OPT_IDLE_TIMEOUT:
            status = number(&o.idle_timeout_s, optarg, "--idle-timeout", 1,
                            86400);
            break;
        case OPT_STAFF: o.staff = true; break;
        case 'h': return cli_help(&cli_serve_command);
        default:
            return cli_usage_error("serve", "unknown or incomplete option "
                                   "'%s'", argv[optind - 1]);
        }
    }
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
    "serve", run, "serve the stations over HTTP (JSON API, OGC API - "
    "Features)", usage,
};
