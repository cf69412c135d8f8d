/* check_writer.c — the station writers: the shipped stations.csv is
 * reproduced byte for byte; awkward text (quotes, commas, newlines, tabs,
 * CR, control characters, emoji, broken UTF-8) is escaped for JSON, CSV
 * and XML; the Amap and Baidu layers carry converted coordinates; GPX and
 * the import CSVs leave out stations without a point. */
#include "dataset.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

/* Write stations with `format` and `labels` into a heap string. */
static char *write_labels(const yj_station *const *list, size_t n,
                          yj_format format, yj_labels labels)
{
    char *buf = NULL;
    size_t len = 0, i;
    FILE *fp = open_memstream(&buf, &len);
    yj_writer *w = NULL;
    yj_error err;

    ck_assert_int_eq(yj_writer_new(&w, fp, format, false, &err), YJ_OK);
    yj_writer_set_labels(w, labels);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(yj_writer_station(w, list[i], &err), YJ_OK);
    ck_assert_int_eq(yj_writer_finish(w, &err), YJ_OK);
    yj_writer_free(w);
    fclose(fp);
    return buf;
}

/* Write stations with `format` and its own labels into a heap string. */
static char *write_all(const yj_station *const *list, size_t n,
                       yj_format format)
{
    return write_labels(list, n, format, YJ_LABELS_DEFAULT);
}

START_TEST(test_csv_reproduces_stations_csv)
{
    yj_dataset *ds = NULL;
    yj_error err;
    const yj_station *list[64];
    size_t i, n;
    char *got, *want;

    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    n = yj_dataset_station_count(ds);
    for (i = 0; i < n; i++)
        list[i] = yj_dataset_station(ds, i);
    got = write_all(list, n, YJ_FORMAT_CSV);
    want = tu_read(tu_path(tu_data_dir(), "stations.csv"), NULL);
    tu_assert_same_text(got, want);
    free(got);
    free(want);
    yj_dataset_free(ds);
}
END_TEST

static void awkward_station(yj_station *s)
{
    int f;

    memset(s, 0, sizeof *s);
    for (f = 0; f < YJ_F_COUNT; f++)
        s->text[f] = strdup("");
    free(s->text[YJ_F_ID]);
    s->text[YJ_F_ID] = strdup("T1");
    free(s->text[YJ_F_NAME]);
    s->text[YJ_F_NAME] = strdup("a \"q\", <b> & 'c'\ttab\nline\x01\xE2\x80\xA8😀");
    free(s->text[YJ_F_AMENITIES]);
    s->text[YJ_F_AMENITIES] = strdup("rest;toilet");
}

START_TEST(test_json_escapes_everything_awkward)
{
    yj_station s;
    const yj_station *list[1] = {&s};
    char *got;

    awkward_station(&s);
    got = write_all(list, 1, YJ_FORMAT_JSON);
    ck_assert_ptr_nonnull(strstr(got, "\"name\": \"a \\\"q\\\", <b> & 'c'\\ttab"
                                      "\\nline\\u0001\\u2028😀\""));
    ck_assert_ptr_nonnull(strstr(got, "\"amenities\": [\"rest\", \"toilet\"]"));
    ck_assert_ptr_nonnull(strstr(got, "\"lon\": null, \"lat\": null"));
    ck_assert(got[0] == '[');
    ck_assert_str_eq(got + strlen(got) - 4, "}\n]\n");
    free(got);
    yj_station_clear(&s);
}
END_TEST

START_TEST(test_tsv_quotes_tabs_and_newlines)
{
    yj_station s;
    const yj_station *list[1] = {&s};
    char *got;

    awkward_station(&s);
    got = write_all(list, 1, YJ_FORMAT_TSV);
    ck_assert_ptr_nonnull(strstr(got, "id\tname\taddress\t"));
    ck_assert_ptr_nonnull(strstr(got, "T1\t\"a \"\"q\"\", <b> & 'c'\ttab\nline"));
    free(got);
    yj_station_clear(&s);
}
END_TEST

/* A located station with an awkward name. */
static void located_station(yj_station *s, const char *name)
{
    awkward_station(s);
    free(s->text[YJ_F_ID]);
    s->text[YJ_F_ID] = strdup("L1");
    free(s->text[YJ_F_NAME]);
    s->text[YJ_F_NAME] = strdup(name);
    free(s->text[YJ_F_CATEGORY]);
    s->text[YJ_F_CATEGORY] = strdup("bank");
    free(s->text[YJ_F_COORD_PRECISION]);
    s->text[YJ_F_COORD_PRECISION] = strdup("door");
    s->lon = 120.2641234;
    s->lat = 30.1851234;
    s->has_point = true;
}

START_TEST(test_xml_escapes_what_xml_can_hold_and_replaces_the_rest)
{
    yj_station s;
    const yj_station *list[1] = {&s};
    char *kml, *gpx;

    /* CR, U+0001, U+001B, U+FFFE and a broken sequence (\xC3 alone) */
    located_station(&s, "<a>&\"'\rx\x01y\x1bz\xEF\xBF\xBE|\xC3|\t\n😀");
    kml = write_all(list, 1, YJ_FORMAT_KML);
    gpx = write_all(list, 1, YJ_FORMAT_GPX);
    ck_assert_ptr_nonnull(strstr(kml, "<name>&lt;a&gt;&amp;&quot;&apos;&#13;x"
                                      "\xEF\xBF\xBDy\xEF\xBF\xBDz\xEF\xBF\xBD|"
                                      "\xEF\xBF\xBD|\t\n😀</name>"));
    ck_assert_ptr_nonnull(strstr(gpx, "<name>&lt;a&gt;&amp;"));
    ck_assert_ptr_null(strchr(kml, '\x01'));
    ck_assert_ptr_null(strchr(gpx, '\x1b'));
    /* KML: the style of its category, the point lon,lat */
    ck_assert_ptr_nonnull(strstr(kml, "<styleUrl>#cat-bank</styleUrl>"));
    ck_assert_ptr_nonnull(strstr(kml, "<coordinates>120.2641234,30.1851234"
                                      "</coordinates>"));
    /* Chinese labels by default, with the field's Chinese name */
    ck_assert_ptr_nonnull(strstr(kml, "<Data name=\"coord_precision\">"
                                      "<displayName>坐标精度</displayName>"
                                      "<value>门址</value></Data>"));
    ck_assert_ptr_nonnull(strstr(kml, "<Data name=\"category\"><displayName>"
                                      "类别</displayName><value>银行</value>"));
    ck_assert_ptr_nonnull(strstr(kml, "<value>休息、卫生间</value>"));
    ck_assert_ptr_nonnull(strstr(kml, "服务设施：休息、卫生间"));
    /* GPX: lat/lon attributes, type = the category's label, its group */
    ck_assert_ptr_nonnull(strstr(gpx, "<wpt lat=\"30.1851234\" "
                                      "lon=\"120.2641234\">"));
    ck_assert_ptr_nonnull(strstr(gpx, "<type>银行</type>"));
    ck_assert_ptr_nonnull(strstr(gpx, "<group name=\"银行\""));
    ck_assert_str_eq(gpx + strlen(gpx) - 7, "</gpx>\n");
    free(kml);
    free(gpx);
    /* with codes: the codes, and no displayName */
    kml = write_labels(list, 1, YJ_FORMAT_KML, YJ_LABELS_CODES);
    gpx = write_labels(list, 1, YJ_FORMAT_GPX, YJ_LABELS_CODES);
    ck_assert_ptr_nonnull(strstr(kml, "<Data name=\"coord_precision\"><value>"
                                      "door</value></Data>"));
    ck_assert_ptr_nonnull(strstr(kml, "<value>rest;toilet</value>"));
    ck_assert_ptr_null(strstr(kml, "displayName"));
    ck_assert_ptr_nonnull(strstr(gpx, "<type>bank</type>"));
    ck_assert_ptr_nonnull(strstr(gpx, "<group name=\"bank\""));
    free(kml);
    free(gpx);
    yj_station_clear(&s);
}
END_TEST

/* The first "coordinates": [x, y] of a GeoJSON text. */
static yj_lonlat first_coordinates(const char *text)
{
    const char *p = strstr(text, "\"coordinates\": [");
    yj_lonlat pt;

    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(sscanf(p, "\"coordinates\": [%lf, %lf]", &pt.lon,
                            &pt.lat), 2);
    return pt;
}

START_TEST(test_amap_and_baidu_layers_are_in_their_systems)
{
    yj_station s;
    const yj_station *list[1] = {&s};
    yj_lonlat wgs, want, got;
    char *text;
    int i;
    static const struct {
        yj_format format;
        yj_crs crs;
        const char *system;
    } layers[] = {
        {YJ_FORMAT_GEOJSON, YJ_CRS_WGS84, NULL},
        {YJ_FORMAT_AMAP, YJ_CRS_GCJ02, "\"coordinate_system\": \"gcj02\""},
        {YJ_FORMAT_BAIDU, YJ_CRS_BD09, "\"coordinate_system\": \"bd09ll\""},
    };

    located_station(&s, "驿站");
    wgs.lon = s.lon;
    wgs.lat = s.lat;
    for (i = 0; i < 3; i++) {
        text = write_all(list, 1, layers[i].format);
        ck_assert_int_eq(yj_crs_convert(&want, wgs, YJ_CRS_WGS84,
                                        layers[i].crs, NULL), YJ_OK);
        got = first_coordinates(text);
        ck_assert_double_eq_tol(got.lon, want.lon, 0.6e-7);
        ck_assert_double_eq_tol(got.lat, want.lat, 0.6e-7);
        if (layers[i].system != NULL) {
            /* the collection's member and a property of each feature */
            const char *first = strstr(text, layers[i].system);
            ck_assert_ptr_nonnull(first);
            ck_assert_ptr_nonnull(strstr(first + 1, layers[i].system));
        } else {
            ck_assert_ptr_null(strstr(text, "coordinate_system"));
        }
        /* the lon/lat properties are in the geometry's system */
        {
            const char *p = strstr(text, "\"lon\": ");
            double lon, lat;
            ck_assert_ptr_nonnull(p);
            ck_assert_int_eq(sscanf(p, "\"lon\": %lf, \"lat\": %lf", &lon,
                                    &lat), 2);
            ck_assert_double_eq(lon, got.lon);
            ck_assert_double_eq(lat, got.lat);
        }
        free(text);
    }
    yj_station_clear(&s);
}
END_TEST

/* --labels: Chinese words by default for the layers Chinese maps read,
 * codes for the others; either on request; csv with Chinese labels has
 * the Chinese headers import reads. */
START_TEST(test_labels_for_chinese_maps)
{
    yj_station s;
    const yj_station *list[1] = {&s};
    yj_labels labels;
    char *text;
    size_t i;
    static const yj_format zh_by_default[] = {
        YJ_FORMAT_AMAP, YJ_FORMAT_BAIDU, YJ_FORMAT_AMAP_CSV,
        YJ_FORMAT_BAIDU_CSV, YJ_FORMAT_KML, YJ_FORMAT_GPX};
    static const yj_format codes_by_default[] = {
        YJ_FORMAT_CSV, YJ_FORMAT_TSV, YJ_FORMAT_JSON, YJ_FORMAT_GEOJSON};

    located_station(&s, "驿站");
    free(s.text[YJ_F_AMENITIES_SOURCE]);
    s.text[YJ_F_AMENITIES_SOURCE] = strdup("programme");
    for (i = 0; i < sizeof zh_by_default / sizeof *zh_by_default; i++) {
        text = write_all(list, 1, zh_by_default[i]);
        ck_assert_msg(strstr(text, "银行") != NULL, "%s",
                      yj_format_name(zh_by_default[i]));
        /* as a value (KML's style ids keep the code: #cat-bank) */
        ck_assert_msg(strstr(text, ">bank<") == NULL &&
                          strstr(text, ",bank,") == NULL &&
                          strstr(text, "\"bank\"") == NULL,
                      "%s", yj_format_name(zh_by_default[i]));
        free(text);
        text = write_labels(list, 1, zh_by_default[i], YJ_LABELS_CODES);
        ck_assert_ptr_nonnull(strstr(text, "bank"));
        free(text);
    }
    for (i = 0; i < sizeof codes_by_default / sizeof *codes_by_default;
         i++) {
        text = write_all(list, 1, codes_by_default[i]);
        ck_assert_ptr_nonnull(strstr(text, "bank"));
        ck_assert_ptr_null(strstr(text, "银行"));
        free(text);
    }
    /* GeoJSON layers: amenities as an array of labels, the precision */
    text = write_all(list, 1, YJ_FORMAT_AMAP);
    ck_assert_ptr_nonnull(strstr(text, "\"amenities\": [\"休息\", \"卫生间\"], "
                                       "\"amenities_source\": \"项目标准\""));
    ck_assert_ptr_nonnull(strstr(text, "\"coord_precision\": \"门址\""));
    ck_assert_ptr_nonnull(strstr(text, "\"precision\": \"门址\""));
    free(text);
    text = write_labels(list, 1, YJ_FORMAT_GEOJSON, YJ_LABELS_ZH);
    ck_assert_ptr_nonnull(strstr(text, "\"category\": \"银行\""));
    free(text);
    /* the platform CSVs: labels joined with 、, ASCII column names */
    text = write_all(list, 1, YJ_FORMAT_AMAP_CSV);
    ck_assert_ptr_nonnull(strstr(text, ",银行,休息、卫生间,"));
    ck_assert_ptr_nonnull(strstr(text, ",category,amenities,"));
    free(text);
    /* csv: Chinese headers and values under zh */
    text = write_labels(list, 1, YJ_FORMAT_CSV, YJ_LABELS_ZH);
    {
        static const char head[] = "编号,名称,地址,区县,镇街,类别,服务项目,"
                                   "服务项目来源,开放时间,联系电话,经度,纬度,";
        ck_assert(strncmp(text, head, strlen(head)) == 0);
    }
    ck_assert_ptr_nonnull(strstr(text, ",银行,休息、卫生间,项目标准,"));
    ck_assert_ptr_nonnull(strstr(text, ",门址,"));
    free(text);
    ck_assert(yj_labels_from_name(&labels, "zh"));
    ck_assert_int_eq(labels, YJ_LABELS_ZH);
    ck_assert(yj_labels_from_name(&labels, "codes"));
    ck_assert_int_eq(labels, YJ_LABELS_CODES);
    ck_assert(!yj_labels_from_name(&labels, "en"));
    for (i = 0; i < YJ_F_COUNT; i++)
        ck_assert_int_eq(yj_import_column(yj_field_label((yj_field)i)),
                         (int)i);
    yj_station_clear(&s);
}
END_TEST

START_TEST(test_point_formats_skip_stations_without_coordinates)
{
    yj_station located, unlocated;
    static const yj_format formats[] = {YJ_FORMAT_GPX, YJ_FORMAT_AMAP_CSV,
                                        YJ_FORMAT_BAIDU_CSV};
    char *buf = NULL;
    size_t len = 0, i;
    yj_writer *w = NULL;
    yj_error err;

    located_station(&located, "有坐标");
    awkward_station(&unlocated);
    for (i = 0; i < 3; i++) {
        FILE *fp = open_memstream(&buf, &len);
        ck_assert_int_eq(yj_writer_new(&w, fp, formats[i], false, &err),
                         YJ_OK);
        ck_assert_int_eq(yj_writer_station(w, &unlocated, &err), YJ_OK);
        ck_assert_int_eq(yj_writer_station(w, &located, &err), YJ_OK);
        ck_assert_int_eq(yj_writer_finish(w, &err), YJ_OK);
        ck_assert_uint_eq(yj_writer_count(w), 1);
        ck_assert_uint_eq(yj_writer_skipped(w), 1);
        yj_writer_free(w);
        fclose(fp);
        ck_assert_ptr_nonnull(strstr(buf, "有坐标"));
        ck_assert_ptr_null(strstr(buf, "T1,"));
        if (formats[i] == YJ_FORMAT_BAIDU_CSV)
            ck_assert(strncmp(buf, "title,address,longitude,latitude,"
                                   "coord_type,", 34) == 0);
        if (formats[i] == YJ_FORMAT_AMAP_CSV)
            ck_assert_ptr_nonnull(strstr(buf, ",autonavi,"));
        free(buf);
        buf = NULL;
    }
    yj_station_clear(&located);
    yj_station_clear(&unlocated);
}
END_TEST

START_TEST(test_bom_only_when_asked_and_only_for_csv)
{
    static const yj_format formats[] = {YJ_FORMAT_CSV, YJ_FORMAT_TSV,
                                        YJ_FORMAT_AMAP_CSV, YJ_FORMAT_GEOJSON};
    char *buf = NULL;
    size_t len = 0, i;
    yj_writer *w = NULL;
    yj_error err;

    for (i = 0; i < 4; i++) {
        FILE *fp = open_memstream(&buf, &len);
        ck_assert_int_eq(yj_writer_new(&w, fp, formats[i], false, &err),
                         YJ_OK);
        yj_writer_set_bom(w, true);
        ck_assert_int_eq(yj_writer_finish(w, &err), YJ_OK);
        yj_writer_free(w);
        fclose(fp);
        ck_assert_int_eq(strncmp(buf, "\xEF\xBB\xBF", 3) == 0, i < 2);
        free(buf);
        buf = NULL;
    }
}
END_TEST

START_TEST(test_empty_outputs_are_still_documents)
{
    char *got = write_all(NULL, 0, YJ_FORMAT_JSON);

    ck_assert_str_eq(got, "[]\n");
    free(got);
    got = write_all(NULL, 0, YJ_FORMAT_CSV);
    ck_assert(strncmp(got, "id,name,address,", 16) == 0);
    free(got);
    got = write_all(NULL, 0, YJ_FORMAT_GEOJSON);
    ck_assert_str_eq(got, "{\"type\": \"FeatureCollection\", "
                          "\"features\": []}\n");
    free(got);
    got = write_all(NULL, 0, YJ_FORMAT_KML);
    ck_assert_ptr_nonnull(strstr(got, "</Document>\n</kml>\n"));
    free(got);
    got = write_all(NULL, 0, YJ_FORMAT_GPX);
    ck_assert_ptr_nonnull(strstr(got, "</metadata>\n</gpx>\n"));
    free(got);
}
END_TEST

START_TEST(test_format_names)
{
    yj_format f;

    ck_assert(yj_format_from_name(&f, "json"));
    ck_assert_int_eq(f, YJ_FORMAT_JSON);
    ck_assert(yj_format_from_name(&f, "tsv"));
    ck_assert_int_eq(f, YJ_FORMAT_TSV);
    ck_assert(!yj_format_from_name(&f, "xml"));
    ck_assert(yj_format_from_name(&f, "baidu-csv"));
    ck_assert_int_eq(f, YJ_FORMAT_BAIDU_CSV);
    ck_assert_str_eq(yj_format_name(YJ_FORMAT_KML), "kml");
    ck_assert_str_eq(yj_format_names(), "csv, tsv, json, geojson, amap, "
                     "amap-csv, baidu, baidu-csv, kml, gpx");
}
END_TEST

/* Write the shipped stations as `format` with `memo` (may be NULL). */
static char *write_shipped(yj_format format, yj_writer_memo *memo)
{
    yj_dataset *ds = NULL;
    yj_writer *w = NULL;
    yj_error err;
    char *buf = NULL;
    size_t len = 0, i;
    FILE *fp = open_memstream(&buf, &len);

    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    ck_assert_int_eq(yj_writer_new(&w, fp, format, false, &err), YJ_OK);
    yj_writer_set_memo(w, memo);
    for (i = 0; i < yj_dataset_station_count(ds); i++)
        ck_assert_int_eq(yj_writer_station(w, yj_dataset_station(ds, i),
                                           &err), YJ_OK);
    ck_assert_int_eq(yj_writer_finish(w, &err), YJ_OK);
    yj_writer_free(w);
    fclose(fp);
    yj_dataset_free(ds);
    return buf;
}

/* A memo of the stations' JSON changes nothing of the output, whether it
 * writes the members (first) or copies them (then), in every JSON format;
 * another content tag empties it. */
START_TEST(test_memo_of_stations_json_changes_nothing)
{
    static const yj_format formats[] = {YJ_FORMAT_JSON, YJ_FORMAT_GEOJSON,
                                        YJ_FORMAT_AMAP, YJ_FORMAT_BAIDU};
    yj_writer_memo *memo = NULL;
    yj_station s, t;
    yj_error err;
    size_t f;

    ck_assert_int_eq(yj_writer_memo_new(&memo, &err), YJ_OK);
    yj_writer_memo_content(memo, "a");
    for (f = 0; f < sizeof formats / sizeof *formats; f++) {
        char *plain = write_shipped(formats[f], NULL);
        char *first = write_shipped(formats[f], memo);
        char *again = write_shipped(formats[f], memo);
        tu_assert_same_text(first, plain);
        tu_assert_same_text(again, plain);
        free(plain);
        free(first);
        free(again);
    }
    /* the same id with other content: kept members are of the old one
     * until the tag says the content changed */
    located_station(&s, "甲站");
    located_station(&t, "乙站");
    {
        char *out, *buf = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&buf, &len);
        yj_writer *w = NULL;
        ck_assert_int_eq(yj_writer_new(&w, fp, YJ_FORMAT_JSON, false, &err),
                         YJ_OK);
        yj_writer_set_memo(w, memo);
        ck_assert_int_eq(yj_writer_station(w, &s, &err), YJ_OK);
        ck_assert_int_eq(yj_writer_finish(w, &err), YJ_OK);
        yj_writer_free(w);
        fclose(fp);
        free(buf);
        yj_writer_memo_content(memo, "b");
        buf = NULL;
        fp = open_memstream(&buf, &len);
        ck_assert_int_eq(yj_writer_new(&w, fp, YJ_FORMAT_JSON, false, &err),
                         YJ_OK);
        yj_writer_set_memo(w, memo);
        ck_assert_int_eq(yj_writer_station(w, &t, &err), YJ_OK);
        ck_assert_int_eq(yj_writer_finish(w, &err), YJ_OK);
        yj_writer_free(w);
        fclose(fp);
        out = buf;
        ck_assert_ptr_nonnull(strstr(out, "乙站"));
        ck_assert_ptr_null(strstr(out, "甲站"));
        free(out);
    }
    yj_station_clear(&s);
    yj_station_clear(&t);
    yj_writer_memo_free(memo);
}
END_TEST

/* A position checked on site carries its accuracy (from coord_source's
 * "±N m") in JSON and GeoJSON and in the KML description; no other
 * precision does, so nothing changes for the shipped data. */
START_TEST(test_surveyed_station_carries_its_accuracy)
{
    yj_station s;
    const yj_station *list[1] = {&s};
    char *got;

    located_station(&s, "甲站");
    got = write_all(list, 1, YJ_FORMAT_JSON);
    ck_assert_ptr_nonnull(strstr(got, "\"precision\": \"door\", \"links\""));
    ck_assert_ptr_null(strstr(got, "coord_accuracy_m"));
    free(got);
    free(s.text[YJ_F_COORD_PRECISION]);
    s.text[YJ_F_COORD_PRECISION] = strdup("surveyed");
    free(s.text[YJ_F_COORD_SOURCE]);
    s.text[YJ_F_COORD_SOURCE] =
        strdup("现场核查 张三 2026-03-01 23:59 ±12 m (GPS, WGS84)");
    got = write_all(list, 1, YJ_FORMAT_JSON);
    ck_assert_ptr_nonnull(strstr(got, "\"precision\": \"surveyed\", "
                                      "\"coord_accuracy_m\": 12, \"links\""));
    free(got);
    got = write_all(list, 1, YJ_FORMAT_GEOJSON);
    ck_assert_ptr_nonnull(strstr(got, "\"coord_accuracy_m\": 12"));
    free(got);
    got = write_all(list, 1, YJ_FORMAT_KML);
    ck_assert_ptr_nonnull(strstr(got, "定位：现场核查 ±12 m"));
    free(got);
    /* a source without "±N m" (an edit that said surveyed): none */
    free(s.text[YJ_F_COORD_SOURCE]);
    s.text[YJ_F_COORD_SOURCE] = strdup("measured by hand");
    got = write_all(list, 1, YJ_FORMAT_JSON);
    ck_assert_ptr_null(strstr(got, "coord_accuracy_m"));
    free(got);
    yj_station_clear(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("writer");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_csv_reproduces_stations_csv);
    tcase_add_test(tc, test_surveyed_station_carries_its_accuracy);
    tcase_add_test(tc, test_json_escapes_everything_awkward);
    tcase_add_test(tc, test_tsv_quotes_tabs_and_newlines);
    tcase_add_test(tc, test_xml_escapes_what_xml_can_hold_and_replaces_the_rest);
    tcase_add_test(tc, test_amap_and_baidu_layers_are_in_their_systems);
    tcase_add_test(tc, test_point_formats_skip_stations_without_coordinates);
    tcase_add_test(tc, test_labels_for_chinese_maps);
    tcase_add_test(tc, test_bom_only_when_asked_and_only_for_csv);
    tcase_add_test(tc, test_empty_outputs_are_still_documents);
    tcase_add_test(tc, test_format_names);
    tcase_add_test(tc, test_memo_of_stations_json_changes_nothing);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
