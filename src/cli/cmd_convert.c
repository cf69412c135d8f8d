/* cmd_convert.c — `yijia convert`: coordinates between WGS84, GCJ-02 and
 * BD-09, from arguments or streamed through stdin (a whole spreadsheet:
 * the first two fields of each CSV/TSV line are converted, the rest of the
 * line is kept byte for byte). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const cli_option convert_options[] = {
    {.name = "from", .arg = "CRS", .id = 'f',
     .values = "@crs", .check = cli_check_crs,
     .help = N_("the system of the input: wgs84, gcj02 or bd09")},
    {.name = "to", .arg = "CRS", .id = 't',
     .values = "@crs", .check = cli_check_crs,
     .help = N_("the system of the output")},
    {.name = "latlon", .id = 'l',
     .help = N_("read and write latitude first (Baidu's URI order)")},
    {.name = "precision", .arg = "N", .id = 'p',
     .help = N_("decimals in the output, 0-15 (default 7, ~1 cm)")},
    {.name = "skip-invalid", .id = 's',
     .help = N_("report bad lines on stderr and skip them")},
    {.name = "output", .letter = 'o', .arg = "FILE",
     .values = "@file",
     .help = N_("write to FILE (written aside, renamed into place only when "
                "the whole input converted)")},
    {0},
};

static const cli_option_group convert_groups[] = {
    {N_("Options"), convert_options},
    {0},
};

typedef struct options {
    yj_crs from, to;
    int latlon;
    int precision;
    int skip_invalid;
} options;

/* Parse "A,B" from a[0..alen), b[0..blen) in the options' axis order,
 * validate and convert it.  On failure write a message into msg. */
static bool coordinate(yj_lonlat *out, const char *a, size_t alen,
                       const char *b, size_t blen, const options *o,
                       char *msg, size_t msg_size)
{
    yj_lonlat p;
    yj_error err;

    if (yj_parse_lonlat_parts(&p, a, alen, b, blen, o->latlon != 0, &err) !=
        YJ_OK) {
        snprintf(msg, msg_size, "%s", err.message);
        return false;
    }
    if (yj_crs_convert(out, p, o->from, o->to, &err) != YJ_OK) {
        snprintf(msg, msg_size, "%s", err.message);
        return false;
    }
    return true;
}

/* Print v with the precision, never as "-0.000". */
static void put_number(FILE *fp, double v, int precision)
{
    char buf[64];
    const char *p = buf;

    snprintf(buf, sizeof buf, "%.*f", precision, v);
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        p++;
    fputs(p, fp);
}

static void put_point(FILE *fp, yj_lonlat p, const options *o, char sep)
{
    put_number(fp, o->latlon ? p.lat : p.lon, o->precision);
    fputc(sep, fp);
    put_number(fp, o->latlon ? p.lon : p.lat, o->precision);
}

/* ---- arguments ----------------------------------------------------------- */

static int convert_arguments(FILE *out, int argc, char **argv,
                             const options *o)
{
    yj_lonlat *pts = calloc((size_t)argc, sizeof *pts);
    char msg[300];
    int i;

    if (pts == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    /* All are checked before any is printed. */
    for (i = 0; i < argc; i++) {
        const char *comma = strchr(argv[i], ',');
        if (comma == NULL || strchr(comma + 1, ',') != NULL) {
            free(pts);
            return cli_usage_error("convert", "argument %d: '%s' is not "
                                   "%s", i + 1, argv[i], o->latlon
                                   ? "LAT,LON" : "LON,LAT");
        }
        if (!coordinate(&pts[i], argv[i], (size_t)(comma - argv[i]),
                        comma + 1, strlen(comma + 1), o, msg, sizeof msg)) {
            free(pts);
            return cli_usage_error("convert", "argument %d: '%s': %s", i + 1,
                                   argv[i], msg);
        }
    }
    for (i = 0; i < argc; i++) {
        put_point(out, pts[i], o, ',');
        fputc('\n', out);
    }
    free(pts);
    return EXIT_OK;
}

/* ---- streaming ----------------------------------------------------------- */

/* The extent of one field starting at p (quotes removed from the number's
 * extent); returns a pointer just past the field. */
static const char *field(const char *p, const char *end, char delim,
                         const char **start, size_t *len)
{
    if (p < end && *p == '"') {
        const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
        if (q != NULL) {
            *start = p + 1;
            *len = (size_t)(q - p - 1);
            return q + 1;
        }
    }
    *start = p;
    while (p < end && *p != delim)
        p++;
    *len = (size_t)(p - *start);
    return p;
}

typedef enum { LINE_POINT, LINE_BAD } line_kind;

/* Convert one line (without its line end) to out. */
static line_kind convert_line(FILE *out, const char *line, size_t len,
                              char delim, const options *o, char *msg,
                              size_t msg_size)
{
    const char *end = line + len, *a, *b, *p;
    size_t alen, blen;
    yj_lonlat q;

    p = field(line, end, delim, &a, &alen);
    if (p >= end || *p != delim) {
        snprintf(msg, msg_size, _("expected %s in the first two fields"),
                 o->latlon ? "LAT,LON" : "LON,LAT");
        return LINE_BAD;
    }
    p = field(p + 1, end, delim, &b, &blen);
    if (p < end && *p != delim) {
        snprintf(msg, msg_size, "%s",
                 _("unexpected text after the second field"));
        return LINE_BAD;
    }
    if (!coordinate(&q, a, alen, b, blen, o, msg, msg_size))
        return LINE_BAD;
    put_point(out, q, o, delim);
    fwrite(p, 1, (size_t)(end - p), out); /* the rest, as it was */
    return LINE_POINT;
}

/* Whether a field looks like a number (digits, a sign, a point, or an
 * inf/nan spelling): a line whose first two fields do not is a header. */
static bool looks_numeric(const char *p, size_t len)
{
    while (len > 0 && (*p == ' ' || *p == '"')) {
        p++;
        len--;
    }
    if (len > 0 && (*p == '+' || *p == '-')) {
        p++;
        len--;
    }
    if (len == 0)
        return false;
    return (*p >= '0' && *p <= '9') || *p == '.' ||
           (len >= 3 && (strncasecmp(p, "inf", 3) == 0 ||
                         strncasecmp(p, "nan", 3) == 0));
}

/* A first line that is a header: neither of its first two fields looks
 * like a number ("lon,lat", "经度,纬度"); "120.1,91" and "inf,30" are bad
 * coordinates, not a header. */
static bool is_header(const char *line, size_t len, char delim)
{
    const char *end = line + len, *a, *b = "", *p;
    size_t alen, blen = 0;

    p = field(line, end, delim, &a, &alen);
    if (p < end && *p == delim)
        field(p + 1, end, delim, &b, &blen);
    return !looks_numeric(a, alen) && !looks_numeric(b, blen);
}

/* Read one line, its line end included: LF, CRLF or a lone CR (old Mac
 * files), or none at the end of the input.  *len is 0 at the end. */
static bool read_line(char **line, size_t *cap, size_t *len, FILE *in)
{
    int ch;

    *len = 0;
    while ((ch = getc(in)) != EOF) {
        if (*len + 3 > *cap) {
            size_t ncap = *cap ? *cap * 2 : 256;
            char *grown = realloc(*line, ncap);
            if (grown == NULL)
                return false;
            *line = grown;
            *cap = ncap;
        }
        (*line)[(*len)++] = (char)ch;
        if (ch == '\n')
            break;
        if (ch == '\r') {
            if ((ch = getc(in)) == '\n')
                (*line)[(*len)++] = '\n';
            else if (ch != EOF)
                ungetc(ch, in);
            break;
        }
    }
    if (*line != NULL)
        (*line)[*len] = '\0';
    return true;
}

static int convert_stream(FILE *in, FILE *out, const options *o)
{
    char *line = NULL, msg[300];
    size_t cap = 0, lineno = 0, skipped = 0, len;
    char delim = 0;
    int seen_data = 0, status = EXIT_OK;

    for (;;) {
        size_t body;
        const char *text, *eol;
        if (!read_line(&line, &cap, &len, in)) {
            cli_error("out of memory");
            status = EXIT_RUNTIME;
            break;
        }
        if (len == 0)
            break;
        text = line;
        lineno++;
        /* Keep the line end exactly: LF, CRLF, CR or none at the end. */
        body = len;
        if (body > 0 && text[body - 1] == '\n')
            body--;
        if (body > 0 && text[body - 1] == '\r')
            body--;
        eol = text + body;
        if (lineno == 1 && body >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
            fwrite(text, 1, 3, out); /* a byte-order mark stays */
            text += 3;
            body -= 3;
        }
        if (body == 0 || memchr(text, '\0', body) != NULL) {
            if (body != 0) {
                cli_error("line %zu: NUL byte in the input", lineno);
                status = EXIT_USAGE;
                break;
            }
            fwrite(text, 1, (size_t)(line + len - text), out);
            continue;
        }
        if (delim == 0)
            delim = memchr(text, '\t', body) != NULL ? '\t' : ',';
        if (convert_line(out, text, body, delim, o, msg, sizeof msg)
            == LINE_POINT) {
            seen_data = 1;
        } else if (!seen_data && lineno == 1 &&
                   is_header(text, body, delim)) {
            fwrite(text, 1, body, out);  /* a header passes through */
            seen_data = 1;
        } else if (o->skip_invalid) {
            cli_note("line %zu: skipped: %s", lineno, msg);
            skipped++;
            continue;
        } else {
            cli_error("line %zu: %s", lineno, msg);
            status = EXIT_USAGE;
            break;
        }
        fwrite(eol, 1, (size_t)(line + len - eol), out);
    }
    if (status == EXIT_OK && ferror(in)) {
        cli_error("reading the input: %s", strerror(errno));
        status = EXIT_RUNTIME;
    }
    if (skipped > 0)
        cli_note(skipped == 1 ? "%zu line skipped" : N_("%zu lines skipped"),
                 skipped);
    free(line);
    return status;
}

/* ---- the command --------------------------------------------------------- */

static int parse_crs(yj_crs *out, const char *opt, const char *value)
{
    if (!yj_crs_from_name(out, value))
        return cli_usage_error("convert", "%s: '%s' is not wgs84, gcj02 or "
                               "bd09", opt, value);
    return EXIT_OK;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    options o = {YJ_CRS_WGS84, YJ_CRS_WGS84, 0, 7, 0};
    const char *from = NULL, *to = NULL, *output = NULL;
    cli_output out;
    int c, status;

    (void)g;
    cli_parser_init(&p, &cli_convert_command, NULL, argc, argv);
    cli_parser_stop_at_operand(&p);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case 'f': from = p.arg; break;
        case 't': to = p.arg; break;
        case 'l': o.latlon = 1; break;
        case 's': o.skip_invalid = 1; break;
        case 'o': output = p.arg; break;
        case 'p': {
            int64_t v;
            yj_error err;
            if (yj_parse_int(&v, p.arg, 0, 15, &err) != YJ_OK)
                return cli_usage_error("convert", "--precision: %s",
                                       err.message);
            o.precision = (int)v;
            break;
        }
        }
        /* A negative coordinate (-33.9,18.4) is an argument, not options:
         * options end where one starts. */
        if (optind < argc && argv[optind][0] == '-' &&
            (argv[optind][1] == '.' ||
             (argv[optind][1] >= '0' && argv[optind][1] <= '9')))
            break;
    }
    if (c < 0)
        return p.status;
    if (from == NULL || to == NULL)
        return cli_usage_error("convert", "--from and --to are required");
    if ((status = parse_crs(&o.from, "--from", from)) != EXIT_OK ||
        (status = parse_crs(&o.to, "--to", to)) != EXIT_OK)
        return status;

    if ((status = cli_output_open(&out, output)) != EXIT_OK)
        return status;
    if (optind < argc)
        status = convert_arguments(out.fp, argc - optind, argv + optind, &o);
    else
        status = convert_stream(stdin, out.fp, &o);
    return cli_output_close(&out, status);
}

const cli_command cli_convert_command = {
    .name = "convert",
    .run = run,
    .summary = N_("convert coordinates between WGS84, GCJ-02 and BD-09"),
    .synopsis = "convert --from CRS --to CRS [OPTIONS] [LON,LAT ...]",
    .description = N_("Convert coordinates between wgs84 (GPS, phones, OSM, "
                      "Tianditu's CGCS2000), gcj02 (Amap, Tencent) and bd09 (Baidu, "
                      "bd09ll).\n\nWith LON,LAT arguments, print one converted "
                      "lon,lat line for each. Without, read lines from stdin and "
                      "convert the first two fields of each CSV or TSV line (tab if "
                      "the first line has one), keeping the rest of the line and its "
                      "line end (LF, CRLF or CR) as they are; a first line whose "
                      "first two fields are not numbers (a header) and blank lines "
                      "pass through.  A bad coordinate stops the run, naming its "
                      "line.\n\nOutside mainland China the three systems coincide: "
                      "points there are not shifted.  Inverse conversions (to wgs84 "
                      "from the others, to gcj02 from bd09) are exact to well under a "
                      "millimetre."),
    .groups = convert_groups,
    .notes = N_("Exit 2 for a bad option or coordinate, 1 when writing fails."),
};
