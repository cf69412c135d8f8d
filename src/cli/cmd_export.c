/* cmd_export.c — `yijia export`: the stations, filtered like `list`, in a
 * format a map app, a phone or a spreadsheet reads: RFC 7946 GeoJSON,
 * the Amap (GCJ-02) and Baidu (BD-09) layers and import CSVs, KML, GPX,
 * and CSV for Excel (with a byte order mark).  To stdout, or to a file
 * that is replaced only when the export succeeds. */
#include "cli.h"

#include <getopt.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: yijia [--db FILE] export [--format FORMAT] [FILTERS] [-o FILE]\n"
    "                  [--labels zh|codes] [--no-bom] [--keep-formulas]\n"
    "                  [--near NAME | --from LON,LAT [--crs CRS]\n"
    "                  [--latlon]] [--within DIST]\n"
    "\n"
    "Write the stations for map apps, phones and spreadsheets.\n"
    "\n"
    "Formats (--format, default geojson):\n"
    "  geojson    RFC 7946 FeatureCollection, WGS84 (GDAL, QGIS, Organic Maps)\n"
    "  amap       GeoJSON in GCJ-02 for Amap's JS API and Loca (not RFC 7946:\n"
    "             its \"coordinate_system\" member says gcj02, and so do the\n"
    "             lon/lat properties, which are GCJ-02 too)\n"
    "  amap-csv   CSV for Amap's bulk import: _name, _location (\"lng,lat\",\n"
    "             GCJ-02), _address, coordtype=autonavi, then our fields\n"
    "  baidu      GeoJSON in BD-09 (bd09ll) for Baidu's MapV (not RFC 7946;\n"
    "             lon/lat properties in BD-09 too)\n"
    "  baidu-csv  CSV for Baidu's LBS cloud upload: title, address,\n"
    "             longitude, latitude, coord_type=3 (bd09ll), then our fields\n"
    "  kml        KML 2.2, a style per category (Google Earth, Organic Maps)\n"
    "  gpx        GPX 1.1 waypoints, type = category (OsmAnd, Organic Maps)\n"
    "  csv        the stations.csv columns, UTF-8 with a byte order mark for\n"
    "             Excel; 'yijia build' reads it back field for field\n"
    "  tsv, json  as for 'yijia list'\n"
    "  site       the workers' phone page with the stations as static files,\n"
    "             into the directory -o DIR, for any web server (the page\n"
    "             `yijia serve` serves at /; opening hours for two months)\n"
    "csv and tsv are sorted like 'yijia list' (township, then id); the map\n"
    "formats stream in the database's order (neighbours together, stations\n"
    "without coordinates last) without sorting.\n"
    "Every format carries each station's Amap and Baidu marker links.  GPX\n"
    "and the import CSVs need a point: stations without coordinates are left\n"
    "out (and counted on stderr); the others keep them.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE  write FILE (replaced only when the export succeeds)\n"
    "                     instead of stdout\n"
    "  --labels zh|codes  coded values (category, amenities, precision) as\n"
    "                     Chinese words or as codes; default zh for amap,\n"
    "                     amap-csv, baidu, baidu-csv, kml and gpx, codes for\n"
    "                     the others; csv/tsv with zh also get the Chinese\n"
    "                     headers (名称, 地址, 经度, ...) that import reads\n"
    "  --no-bom           csv/tsv: no byte order mark\n"
    "  --keep-formulas    csv, amap-csv, baidu-csv: write a cell that starts\n"
    "                     with = + - @ as it is (by default an apostrophe goes\n"
    "                     first, so Excel shows it instead of running it as a\n"
    "                     formula; 'yijia import' takes the apostrophe off)\n"
    "  FILTERS            --township, --category, --amenity, --text as for\n"
    "                     'yijia list'; with --near/--from the stations are\n"
    "                     sorted by distance and carry rank and distance\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit 3 when nothing matches (and FILE is left as it was).\n";

enum { OPT_NO_BOM = 1100, OPT_KEEP_FORMULAS, OPT_LABELS };

/* --format site: the phone page into the directory -o names. */
static int export_site(const cli_globals *g, const cli_query *q)
{
    yj_db *db = NULL;
    yj_error err;
    int status;

    if (q->output == NULL || strcmp(q->output, "-") == 0)
        return cli_usage_error("export", "--format site writes a directory: "
                               "name it with -o DIR");
    if (q->filter.township || q->filter.category || q->filter.amenities ||
        q->filter.text || q->near_name || q->from_text || q->open_now ||
        q->open_at)
        return cli_usage_error("export", "--format site takes no filters: "
                               "the page filters for its users");
    if ((status = cli_open_db(&db, g)) != EXIT_OK)
        return status;
    if (yj_site_export(q->output, db, (int64_t)time(NULL), &err) != YJ_OK) {
        status = err.code == YJ_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
        cli_error("-o: %s", err.message);
    }
    yj_db_close(db);
    return status;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    static const struct option options[] = {
        CLI_QUERY_OPTIONS,
        {"from", required_argument, NULL, OPT_FROM},
        {"output", required_argument, NULL, 'o'},
        {"no-bom", no_argument, NULL, OPT_NO_BOM},
        {"keep-formulas", no_argument, NULL, OPT_KEEP_FORMULAS},
        {"labels", required_argument, NULL, OPT_LABELS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_query q = {.format = "geojson", .bom = 1};
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        if (cli_query_option(&q, c, optarg))
            continue;
        switch (c) {
        case 'o':
            q.output = optarg;
            break;
        case OPT_NO_BOM:
            q.bom = 0;
            break;
        case OPT_KEEP_FORMULAS:
            q.keep_formulas = 1;
            break;
        case OPT_LABELS:
            q.labels = optarg;
            break;
        case 'h':
            return cli_help(&cli_export_command);
        default:
            return cli_usage_error("export", "unknown or incomplete option "
                                   "'%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("export", "unexpected argument '%s'",
                               argv[optind]);
    if (strcmp(q.format, "table") == 0)
        return cli_usage_error("export", "--format: 'table' is for 'yijia "
                               "list'; export writes %s, site",
                               yj_format_names());
    if (strcmp(q.format, "site") == 0)
        return export_site(g, &q);
    if (q.output == NULL)
        q.output = "-";
    /* Spreadsheets are for people: sorted like `list`.  Map layers are
     * not read in order: they stream in storage order, with no sort. */
    q.stored_order = strcmp(q.format, "csv") != 0 &&
                     strcmp(q.format, "tsv") != 0;
    return cli_query_main(g, &q, "export", false, 0);
}

const cli_command cli_export_command = {
    "export", run, "write the stations as GeoJSON, Amap/Baidu layers, KML, "
    "GPX or CSV", usage,
};
