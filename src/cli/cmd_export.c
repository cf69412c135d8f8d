/* cmd_export.c — `yijia export`: the stations, filtered like `list`, in a
 * format a map app, a phone or a spreadsheet reads: RFC 7946 GeoJSON,
 * the Amap (GCJ-02) and Baidu (BD-09) layers and import CSVs, KML, GPX,
 * and CSV for Excel (with a byte order mark).  To stdout, or to a file
 * that is replaced only when the export succeeds. */
#include "cli.h"

#include <stddef.h>
#include <string.h>
#include <time.h>

static const cli_option formats[] = {
    {.name = "geojson", .operand = true,
     .help = N_("RFC 7946 FeatureCollection, WGS84 (GDAL, QGIS, Organic "
                "Maps)")},
    {.name = "amap", .operand = true,
     .help = N_("GeoJSON in GCJ-02 for Amap's JS API and Loca (not RFC 7946: "
                "its \"coordinate_system\" member says gcj02, and so do the "
                "lon/lat properties, which are GCJ-02 too)")},
    {.name = "amap-csv", .operand = true,
     .help = N_("CSV for Amap's bulk import: _name, _location (\"lng,lat\", "
                "GCJ-02), _address, coordtype=autonavi, then our fields")},
    {.name = "baidu", .operand = true,
     .help = N_("GeoJSON in BD-09 (bd09ll) for Baidu's MapV (not RFC 7946; "
                "lon/lat properties in BD-09 too)")},
    {.name = "baidu-csv", .operand = true,
     .help = N_("CSV for Baidu's LBS cloud upload: title, address, "
                "longitude, latitude, coord_type=3 (bd09ll), then our "
                "fields")},
    {.name = "kml", .operand = true,
     .help = N_("KML 2.2, a style per category (Google Earth, Organic Maps)")},
    {.name = "gpx", .operand = true,
     .help = N_("GPX 1.1 waypoints, type = category (OsmAnd, Organic Maps)")},
    {.name = "csv", .operand = true,
     .help = N_("the stations.csv columns, UTF-8 with a byte order mark for "
                "Excel; 'yijia build' reads it back field for field")},
    {.name = "tsv, json", .operand = true,
     .help = N_("as for 'yijia list'")},
    {.name = "site", .operand = true,
     .help = N_("the workers' phone page with the stations as static files, "
                "into the directory -o DIR, for any web server (the page "
                "`yijia serve` serves at /; opening hours for two months)")},
    {0},
};

#define Q(field) .offset = offsetof(cli_query, field)

static const cli_option options[] = {
    {.name = "format", .arg = "FORMAT", .store = CLI_STORE_TEXT, Q(format),
     .values = "@formats site",
     .help = N_("the format (above; default geojson)")},
    {.name = "output", .letter = 'o', .arg = "FILE", .store = CLI_STORE_TEXT,
     Q(output), .check = cli_check_not_empty, .values = "@file",
     .help = N_("write FILE (replaced only when the export succeeds) instead "
                "of stdout")},
    {.name = "no-bom", .store = CLI_STORE_UNSET, Q(bom),
     .help = N_("csv/tsv: no byte order mark")},
    {.name = "keep-formulas", .store = CLI_STORE_FLAG, Q(keep_formulas),
     .help = N_("csv, amap-csv, baidu-csv: write a cell that starts with = + "
                "- @ as it is (by default an apostrophe goes first, so Excel "
                "shows it instead of running it as a formula; 'yijia import' "
                "takes the apostrophe off)")},
    {.name = "labels", .arg = "LABELS", .store = CLI_STORE_TEXT, Q(labels),
     .check = cli_check_labels, .values = "zh codes",
     .help = N_("coded values (category, amenities, precision) as Chinese "
                "words or as codes; default zh for amap, amap-csv, baidu, "
                "baidu-csv, kml and gpx, codes for the others; csv/tsv with "
                "zh also get the Chinese headers (名称, 地址, 经度, ...) that "
                "import reads")},
    {.name = "links", .store = CLI_STORE_FLAG, Q(links),
     .help = N_("as for 'yijia list' (every format carries the links "
                "anyway); needs an origin")},
    {0},
};

static const cli_option_group groups[] = {
    {N_("Formats"), formats},
    {N_("Filters"), cli_query_filter_options},
    {N_("Origin (optional: the stations sorted by distance, with rank and "
        "distance)"), cli_query_place_options},
    {NULL, cli_query_from_options},
    {NULL, cli_query_within_options},
    {N_("Opening hours"), cli_query_open_options},
    {N_("Options"), options},
    {0},
};

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
    cli_query q = {.format = "geojson", .bom = 1};
    cli_parser p;
    int c;

    cli_parser_init(&p, &cli_export_command, &q, argc, argv);
    while ((c = cli_getopt(&p)) > 0)
        ;
    if (c < 0)
        return p.status;
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
    .name = "export",
    .run = run,
    .summary = N_("write the stations as GeoJSON, Amap/Baidu layers, KML, GPX "
                  "or CSV"),
    .synopsis = "export [--format FORMAT] [FILTERS] [-o FILE] [OPTIONS]",
    .description = N_("Write the stations for map apps, phones and "
                      "spreadsheets."),
    .groups = groups,
    .notes = N_("csv and tsv are sorted like 'yijia list' (township, then "
                "id); the map formats stream in the database's order "
                "(neighbours together, stations without coordinates last) "
                "without sorting.  Every format carries each station's Amap "
                "and Baidu marker links.  GPX and the import CSVs need a "
                "point: stations without coordinates are left out (and "
                "counted on stderr); the others keep them.\n\nExit 3 when "
                "nothing matches (and FILE is left as it was)."),
};
