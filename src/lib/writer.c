/* writer.c — streaming station writers: CSV and TSV with the stations.csv
 * columns (so output imports again) and JSON (RFC 8259).
 *
 * Writes go to the caller's FILE; errors surface from yj_writer_finish via
 * ferror, so a full disk is reported, not silently truncated. */
#include "csv.h"
#include "error.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

struct yj_writer {
    FILE *fp;
    yj_format format;
    size_t count;
};

bool yj_format_from_name(yj_format *out, const char *name)
{
    static const struct {
        const char *name;
        yj_format format;
    } names[] = {
        {"csv", YJ_FORMAT_CSV}, {"tsv", YJ_FORMAT_TSV}, {"json", YJ_FORMAT_JSON},
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i].name, name) == 0) {
            *out = names[i].format;
            return true;
        }
    }
    return false;
}

yj_code yj_writer_new(yj_writer **out, FILE *fp, yj_format format,
                      yj_error *err)
{
    yj_writer *w;

    *out = NULL;
    if ((w = calloc(1, sizeof *w)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    w->fp = fp;
    w->format = format;
    *out = w;
    return YJ_OK;
}

void yj_writer_free(yj_writer *w)
{
    free(w);
}

static void delimited_row(FILE *fp, const char *const *values, char delim)
{
    int f;

    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f > 0)
            fputc(delim, fp);
        yj_csv_write_field(fp, values[f], delim);
    }
    fputc('\n', fp);
}

static void header_row(FILE *fp, char delim)
{
    const char *names[YJ_F_COUNT];
    int f;

    for (f = 0; f < YJ_F_COUNT; f++)
        names[f] = yj_field_name((yj_field)f);
    delimited_row(fp, names, delim);
}

/* A JSON string literal: quotes, backslash and every control character
 * escaped; U+2028/U+2029 too, so the output is also valid JavaScript. */
static void json_string(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    fputc('"', fp);
    for (; *p != '\0'; p++) {
        switch (*p) {
        case '"':  fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '\b': fputs("\\b", fp); break;
        case '\f': fputs("\\f", fp); break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fprintf(fp, "\\u%04x", *p);
            else if (p[0] == 0xE2 && p[1] == 0x80 &&
                     (p[2] == 0xA8 || p[2] == 0xA9)) {
                fprintf(fp, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
                p += 2;
            } else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

static void json_station(FILE *fp, const yj_station *s)
{
    int f;

    fputs("{", fp);
    for (f = 0; f < YJ_F_COUNT; f++) {
        const char *v = s->text[f];
        fprintf(fp, "%s\"%s\": ", f ? ", " : "", yj_field_name((yj_field)f));
        if (f == YJ_F_LON || f == YJ_F_LAT) {
            fputs(s->has_point ? v : "null", fp);
        } else if (f == YJ_F_AMENITIES) {
            const char *p = v;
            fputc('[', fp);
            while (*p != '\0') {
                size_t n = strcspn(p, ";");
                char *code = yj_strndup(p, n);
                if (p != v)
                    fputs(", ", fp);
                json_string(fp, code ? code : "");
                free(code);
                p += n;
                if (*p == ';')
                    p++;
            }
            fputc(']', fp);
        } else {
            json_string(fp, v);
        }
    }
    fputs("}", fp);
}

yj_code yj_writer_station(yj_writer *w, const yj_station *s, yj_error *err)
{
    const char *const *values = (const char *const *)s->text;

    (void)err;
    switch (w->format) {
    case YJ_FORMAT_CSV:
    case YJ_FORMAT_TSV: {
        char delim = w->format == YJ_FORMAT_CSV ? ',' : '\t';
        if (w->count == 0)
            header_row(w->fp, delim);
        delimited_row(w->fp, values, delim);
        break;
    }
    case YJ_FORMAT_JSON:
        fputs(w->count == 0 ? "[\n  " : ",\n  ", w->fp);
        json_station(w->fp, s);
        break;
    }
    w->count++;
    return YJ_OK;
}

yj_code yj_writer_finish(yj_writer *w, yj_error *err)
{
    if (w->format == YJ_FORMAT_JSON)
        fputs(w->count == 0 ? "[]\n" : "\n]\n", w->fp);
    else if (w->count == 0) /* still a header, so it imports again */
        header_row(w->fp, w->format == YJ_FORMAT_CSV ? ',' : '\t');
    if (fflush(w->fp) != 0 || ferror(w->fp))
        return yj_fail(err, YJ_EIO, "writing the output failed");
    return YJ_OK;
}
