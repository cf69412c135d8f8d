/* yijia.h — the one public header of libyijia, the library behind the
 * `yijia` station-finder for the 萧山区 爱心驿家 rest stations.
 *
 * Conventions (HACKING.md, "Conventions"):
 *   - Fallible calls return a yj_code (YJ_OK == 0) and fill a caller-owned
 *     yj_error (NULL allowed) whose message names the bad value and where it
 *     came from ("stations.csv:17: lat: 91.2 is out of range").
 *   - Out-params come first, then the handle, then inputs, yj_error last.
 *   - *out is set to NULL first; the caller owns it only after YJ_OK.
 *   - _open/_new pair with _close/_free, which accept NULL.
 *   - The library never prints and never exits.
 * Coordinates are WGS84 (EPSG:4326) lon,lat in degrees unless a name says
 * otherwise. */
#ifndef YIJIA_H
#define YIJIA_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* YJ_VERSION_MAJOR, _MINOR, _PATCH and YJ_VERSION_STRING (and their older
 * names YIJIA_VERSION_*), generated from CMakeLists.txt's project(VERSION). */
#include "yijia_version.h"

/* The schema version this library writes and reads (PRAGMA user_version). */
#define YJ_SCHEMA_VERSION 6

/* ---- errors ------------------------------------------------------------ */

/* Append-only: values never change meaning. */
typedef enum yj_code {
    YJ_OK = 0,
    YJ_EINVAL = 1,    /* bad input value (argument, CSV field, ...) */
    YJ_ENOMEM = 2,    /* out of memory */
    YJ_EIO = 3,       /* reading or writing a file failed */
    YJ_EDB = 4,       /* the database (SQLite/SpatiaLite) reported an error */
    YJ_EPARSE = 5,    /* malformed file (CSV syntax, encoding, columns) */
    YJ_ENOTFOUND = 6, /* no such station, township, ... */
    YJ_ESCHEMA = 7,   /* the database is not a yijia database of this version */
    YJ_EBUSY = 8,     /* another process is changing the database */
    YJ_ECONFLICT = 9, /* a change cannot be undone: later changes touched it */
    YJ_EDEPENDENCY = 10 /* a run-time library (libcurl, jansson, PROJ,
                           SpatiaLite) cannot be loaded or is too old */
} yj_code;

/* Which of a call's inputs an error is about, so that a caller can react
 * (list the valid townships, say) without reading the message. */
typedef enum yj_input {
    YJ_INPUT_NONE = 0,   /* no one input, or not said */
    YJ_INPUT_TOWNSHIP,   /* a township name (yj_filter.township, ...) */
    YJ_INPUT_CATEGORY,   /* a category code (yj_filter.category) */
    YJ_INPUT_AMENITY,    /* an amenity code (yj_filter.amenities) */
    YJ_INPUT_POSITION,   /* a point too far from where it should be (a
                            check on site away from its station) */
    YJ_INPUT_ORDER       /* two coordinates in the other order (LAT,LON
                            for LON,LAT): yj_parse_position */
} yj_input;

typedef struct yj_error {
    yj_code code;
    char message[256];
    yj_input input;      /* set with every code; YJ_INPUT_NONE by default */
} yj_error;

/* The library's version string; equals YJ_VERSION_STRING at build time. */
const char *yj_version(void);

/* ---- text -------------------------------------------------------------- */

/* True when `s[0..len)` is well-formed UTF-8 (no overlongs, surrogates or
 * code points above U+10FFFF).  On false, *bad_offset (if not NULL) is the
 * byte offset of the first bad sequence. */
bool yj_utf8_valid(size_t *bad_offset, const char *s, size_t len);

/* Terminal display width of UTF-8 string `s`: East Asian wide and fullwidth
 * characters (汉字, fullwidth punctuation) count 2, combining marks 0, others
 * 1.  Invalid bytes count 1 each. */
size_t yj_text_width(const char *s);

/* How much of s[0..len) fits in `max` bytes without cutting a UTF-8
 * character: len itself when it fits, else at most max (for "%.*s"). */
size_t yj_utf8_cut(const char *s, size_t len, size_t max);

/* The length in bytes of the longest start of `s` that is at most
 * `max_width` display columns wide (as yj_text_width counts them), cut
 * only between characters; a combining mark stays with the character
 * before it.  *width (if not NULL) is that start's width.  0 when even
 * the first character is wider. */
size_t yj_text_fit(size_t *width, const char *s, size_t max_width);

/* `s` as a terminal may show it (README "What reaches a terminal"), into
 * buf[size], always terminated and cut only between characters: C0
 * controls and DEL become \n, \t, \r or \xHH; C1 controls (U+0080 to
 * U+009F), bidirectional controls (U+061C, U+200E, U+200F, U+202A to
 * U+202E, U+2066 to U+2069) and the line and paragraph separators \uHHHH;
 * bytes that are not UTF-8 \xHH.  Everything else is kept.  Returns the
 * length the whole result needs (as snprintf does), so a caller can size
 * a buffer. */
size_t yj_text_escape(char *buf, size_t size, const char *s);

/* Edit distance (Levenshtein, two neighbours swapped counting as one
 * edit) between UTF-8 strings, counted in characters, ASCII letters
 * compared without case: "nearst" and "lsit" are 1 from "nearest" and
 * "list", "城箱" 1 from "城厢".  Strings longer than 64 characters
 * are compared by their first 64. */
size_t yj_text_distance(const char *a, const char *b);

/* The candidate closest to `word` ("did you mean"), when it is close
 * enough to be a slip: at most one edit for words of two to four
 * characters, then one more per further four (a 2-character 城箱 takes
 * 城厢, not 湘湖); a word of one character only differs in case ("A" for
 * "a"), and an ASCII word is never a slip of a one-character candidate
 * that is not ASCII (厂).  A difference in case alone ("Format" for
 * "format") is the closest of all.  Ties go to the earlier candidate.
 * NULL when none is close, or `word` equals one exactly. */
const char *yj_text_suggest(const char *word, const char *const *candidates,
                            size_t n);

/* ---- coordinates ------------------------------------------------------- */

/* A point in degrees: longitude first, as in GeoJSON and WKT. */
typedef struct yj_lonlat {
    double lon, lat;
} yj_lonlat;

/* The coordinate systems points arrive in.  CGCS2000 (Tianditu, EPSG:4490)
 * equals WGS84 at the precision that matters here (decimetres). */
typedef enum yj_crs {
    YJ_CRS_WGS84, /* GPS, phones, OpenStreetMap, Tianditu (CGCS2000) */
    YJ_CRS_GCJ02, /* China's obfuscated datum: Amap, Tencent, Apple in China */
    YJ_CRS_BD09   /* Baidu's further offset (bd09ll) */
} yj_crs;

/* "wgs84" (also "cgcs2000", "wgs-84", "gps"), "gcj02" ("gcj-02",
 * "amap"), "bd09" ("bd-09", "bd09ll", "baidu"), case-insensitive; and
 * the words people write, also inside a longer name: 高德, 火星坐标, 腾讯
 * (GCJ-02), 百度 (BD-09), 天地图, GPS (WGS84) — "高德坐标", "百度坐标". */
bool yj_crs_from_name(yj_crs *out, const char *name);
/* "wgs84", "gcj02", "bd09". */
const char *yj_crs_name(yj_crs crs);

/* True when p (WGS84) lies in mainland China, where GCJ-02 and BD-09 shift
 * coordinates; outside it all three systems are the same.  The test is a
 * point-in-polygon against an outline of mainland China (Hainan included;
 * Hong Kong, Macau and Taiwan excluded) accurate to about 0.5° along land
 * borders — see crs.c for why. */
bool yj_crs_in_mainland(yj_lonlat p);

/* Convert p from one system to another.  Forward shifts are the published
 * formulas; inverses iterate until they reproduce the input to 1e-12°
 * (0.1 µm).  YJ_EINVAL names a NaN or infinite value, a latitude outside
 * ±90 or a longitude outside ±180. */
yj_code yj_crs_convert(yj_lonlat *out, yj_lonlat p, yj_crs from, yj_crs to,
                       yj_error *err);

/* Convert pts[0..n) in place.  On YJ_EINVAL *bad_index (if not NULL) is the
 * index of the first bad point, and points before it are converted. */
yj_code yj_crs_convert_array(size_t *bad_index, yj_lonlat *pts, size_t n,
                             yj_crs from, yj_crs to, yj_error *err);

/* Geodesic distance (metres) and initial bearing (degrees clockwise from
 * north, in [0, 360)) from a to b on the WGS84 ellipsoid: Vincenty's
 * inverse, within a millimetre of GeographicLib (PROJ's geodesic.h, which
 * is loaded for the nearly antipodal points Vincenty does not converge
 * on).  Either out-param may be NULL.  YJ_EINVAL for a point out of
 * range; YJ_EDEPENDENCY when PROJ is needed and cannot be loaded. */
yj_code yj_geodesic_inverse(double *distance_m, double *bearing_deg,
                            yj_lonlat a, yj_lonlat b, yj_error *err);

/* The 8-point compass name in Chinese for a bearing in degrees: 北 东北 东
 * 东南 南 西南 西 西北 (each 45° wide, centred on its direction).  Static. */
const char *yj_compass_zh(double bearing_deg);

/* ---- numbers from text (number.c) ------------------------------------ */

/* One parser family for every number that comes from outside: command
 * arguments, CSV and sheet cells, query parameters.  Each number is
 * checked finite and within the range its use allows before the caller
 * converts it; messages name the value as written and the valid range
 * ("0 is out of range (1..100)"), and the caller says where it came from
 * ("-k: ...").  Numbers are plain decimals with optional spaces around
 * them: no hex, "inf", "nan" or text after them ("30.1x" is refused). */

/* A decimal number within double range.  One too small for a double
 * (1e-400) is the zero or subnormal it rounds to; one too large (1e999) is
 * refused.  False leaves *out untouched. */
bool yj_parse_double(double *out, const char *text);

/* A decimal number within [min, max].  YJ_EINVAL: "'30.1x' is not a
 * number", "91.2 is out of range (-90..90)". */
yj_code yj_parse_real(double *out, const char *text, double min, double max,
                      yj_error *err);

/* A whole number (decimal digits, an optional sign) within [min, max].
 * YJ_EINVAL: "'2.5' is not a whole number (1..100)", "9223372036854775808
 * is out of range (1..9223372036854775807)". */
yj_code yj_parse_int(int64_t *out, const char *text, int64_t min,
                     int64_t max, yj_error *err);

/* The longest distance taken: 20,000 km, half the way round the Earth. */
#define YJ_DISTANCE_MAX_M 20000000.0

/* A distance with its unit, "800m" or "2km", also 800米, 2公里, 2千米
 * and full-width digits (a space before the unit is fine), into metres:
 * more than 0 and at most YJ_DISTANCE_MAX_M.  YJ_EINVAL names the text:
 * "'800' needs a unit: 800m or 2km (800米, 2公里)", "'-2km' must be more
 * than 0", "'1e308km' is out of range (...)". */
yj_code yj_parse_distance(double *metres, const char *text, yj_error *err);

/* How yj_distance_text writes a distance for people. */
typedef enum yj_distance_style {
    YJ_DISTANCE_TABLE = 0, /* "≈ 440 m", "8 m", "12.3 km", "141 km": from
                            * 10 m rounded to 10 m, from 99.95 km whole km */
    YJ_DISTANCE_LABEL = 1  /* "≈437 m", "141.4 km": as measured, to the
                            * metre or the 100 m (the map's lines) */
} yj_distance_style;

/* `distance_m` as text into buf[size]: metres below 995 m, else km;
 * marked "≈" when `approximate` (the one place the tool and the map
 * format a distance). */
void yj_distance_text(char *buf, size_t size, double distance_m,
                      bool approximate, yj_distance_style style);

/* Travel speeds: walk and ride (an e-bike), and the range of others. */
#define YJ_SPEED_WALK_KMH 4.5
#define YJ_SPEED_RIDE_KMH 15.0
#define YJ_SPEED_MIN_KMH 1.0
#define YJ_SPEED_MAX_KMH 200.0

/* "walk", "ride" or a speed in km/h within YJ_SPEED_MIN_KMH..MAX. */
yj_code yj_parse_speed(double *kmh, const char *text, yj_error *err);

/* A point as people and apps write it: "120.29,30.17" (LON,LAT; with
 * `latlon`, LAT,LON as Baidu's URIs do), two decimal numbers and one
 * comma, longitude within ±180 and latitude within ±90 (in whatever system
 * the caller says; no conversion).  YJ_EINVAL: "'120.1' is not LON,LAT
 * (...)", "'120.1x,30': longitude '120.1x' is not a number", "'120,95':
 * latitude 95 is out of range (-90..90)". */
yj_code yj_parse_lonlat(yj_lonlat *out, const char *text, bool latlon,
                        yj_error *err);
/* A point as people paste it (yj_parse_position). */
typedef struct yj_position {
    yj_lonlat point;  /* in `crs` when from_link, else in the caller's */
    yj_crs crs;       /* the system the link names (else WGS84) */
    bool from_link;   /* an Amap or Baidu link, which names its system */
} yj_position;

/* yj_parse_lonlat, forgiving: white space trimmed, full-width digits and
 * punctuation (１２０．２９，３０．１７), the no-break and other Unicode
 * spaces, zero-width spaces and the minus sign − (yj_text_fold), the
 * separators , ; 、 ， ； or spaces; hemispheres before or after the numbers, which then say which is
 * which whatever `latlon` says (E120.29 N30.17, N30.17 E120.29, 东经120.29
 * 北纬30.17, 30.17N 120.29E; W and S negative); degrees, minutes, seconds
 * (120°17'24", 120°17′24″, 120˚17′24″, 120d17m24s, 120D17M24S,
 * 120度17分24秒, 120°17.4′; an S after degrees, minutes and a number is
 * seconds when a hemisphere is given elsewhere or south makes no position,
 * else refused as "5S: seconds or south?"); or an
 * Amap or Baidu link (uri.amap.com/marker?position=LON,LAT, GCJ-02 unless
 * coordinate=wgs84; api.map.baidu.com/marker?location=LAT,LNG, BD-09
 * unless coord_type=gcj02 or wgs84), whose system out->crs says.  Numbers
 * finite and in range.  Two numbers in range only the other way round are
 * YJ_EINVAL with err.input YJ_INPUT_ORDER ("'30.175,120.293' looks like
 * latitude,longitude: did you mean 120.293,30.175?") and out->point the
 * point read the other way round; nothing is swapped silently. */
yj_code yj_parse_position(yj_position *out, const char *text, bool latlon,
                          yj_error *err);
/* The same for the two numbers given apart, a[0..alen) and b[0..blen)
 * (need not end in NUL: two CSV fields, a query's lon= and lat=); the
 * message leaves out the "'TEXT': " prefix. */
yj_code yj_parse_lonlat_parts(yj_lonlat *out, const char *a, size_t alen,
                              const char *b, size_t blen, bool latlon,
                              yj_error *err);

/* ---- stations ---------------------------------------------------------- */

/* The columns of a station, in stations.csv order.  The same names are the
 * CSV header, the database columns and the JSON keys. */
typedef enum yj_field {
    YJ_F_ID,
    YJ_F_NAME,
    YJ_F_ADDRESS,
    YJ_F_DISTRICT,
    YJ_F_TOWNSHIP,
    YJ_F_CATEGORY,
    YJ_F_AMENITIES,
    YJ_F_AMENITIES_SOURCE,
    YJ_F_OPENING_HOURS,
    YJ_F_PHONE,
    YJ_F_LON,
    YJ_F_LAT,
    YJ_F_COORD_SOURCE,
    YJ_F_COORD_PRECISION,
    YJ_F_SOURCE,
    YJ_F_NOTES,
    YJ_F_CHECKED_ON,  /* YYYY-MM-DD the station was last verified, or "" */
    YJ_F_CLOSED_ON,   /* YYYY-MM-DD it closed (yijia remove), "" in service */
    YJ_F_COUNT
} yj_field;

/* Column name of `f` ("id", "name", ...); NULL for an out-of-range value. */
const char *yj_field_name(yj_field f);

/* The name the union's sheets give field `f` ("名称", "经度", ...): the
 * one messages name a column by when the sheet's own header is not
 * known, and the Chinese header of an export with Chinese labels, which
 * yijia import reads back.  NULL for an out-of-range value.  Static
 * storage. */
const char *yj_field_label(yj_field f);

/* Look a column name up; false when `name` is not a station column. */
bool yj_field_from_name(yj_field *out, const char *name);

/* The longest text a station field may hold, in bytes. */
#define YJ_FIELD_MAX 4000

/* One station.  Every text[] entry is a heap string owned by the record,
 * never NULL ("" when unknown); text[YJ_F_LON]/text[YJ_F_LAT] hold the
 * coordinates as written.  has_point says whether lon/lat are known. */
typedef struct yj_station {
    char *text[YJ_F_COUNT];
    double lon, lat;
    bool has_point;
} yj_station;

/* True when the station has a point located only to its township or
 * district (so distances to it are approximate). */
bool yj_station_is_approximate(const yj_station *s);

/* The station's location precision for people: "门址", "位置仅到镇街", ...
 * ("无坐标" without a point; an unknown code as it is).  With `mark`, an
 * approximate location starts "≈ " ("≈ 位置仅到镇街", "≈ 精度未知").
 * Static, or borrowed from s. */
const char *yj_station_precision_label(const yj_station *s, bool mark);

/* "饮水、休息" from the amenity list "drinking_water;rest" (unknown codes as
 * they are, empty entries skipped) into buf[size], cut like snprintf.
 * Returns the length of the whole text (buf may be NULL when size is 0). */
size_t yj_amenity_labels(char *buf, size_t size, const char *list);

/* True when the station is in service (no closed_on date). */
bool yj_station_in_service(const yj_station *s);

/* Release what a station owns and zero it.  NULL is a no-op. */
void yj_station_clear(yj_station *s);

/* Set text field f of s to a copy of value (lon/lat: only the text).
 * YJ_ENOMEM. */
yj_code yj_station_set(yj_station *s, yj_field f, const char *value,
                       yj_error *err);

/* Copy `src` into `*dst` (which must be cleared or zeroed).  YJ_ENOMEM. */
yj_code yj_station_copy(yj_station *dst, const yj_station *src, yj_error *err);

/* The documented vocabularies (see data/README.md).  Each list ends with a
 * NULL code.  Static storage. */
typedef struct yj_term {
    const char *code;  /* as stored: "community", "drinking_water", ... */
    const char *zh;    /* Chinese label for people: "社区", "饮水" */
} yj_term;
const yj_term *yj_categories(void);
const yj_term *yj_amenities(void);
const yj_term *yj_precisions(void);

/* The words people use for the vocabularies (vocab.c): {word, code}
 * pairs, ending with a NULL word.  Static storage. */
typedef struct yj_term_word {
    const char *word;  /* 厕所, 充电桩, WiFi */
    const char *code;  /* toilet, ebike_charging, wifi */
} yj_term_word;
/* The words of yj_categories() or yj_amenities() (an empty list for the
 * other vocabularies). */
const yj_term_word *yj_term_words(const yj_term *vocab);

/* The one normaliser of vocabulary values (import, edit, the query
 * filters, the server): the code `text` names, after trimming white space
 * (ASCII and U+3000) and folding full-width letters — a code (any case,
 * '-' or ' ' for '_'), a Chinese label or one part of it ("社区" of
 * "社区/村"), or a word of yj_term_words ("厕所" → "toilet").  NULL when it
 * names none.  Static storage. */
const char *yj_term_code(const yj_term *vocab, const char *text);

/* "Did you mean": the code, label, word (or one whose pinyin it spells or
 * sounds like: "cesuo", 卫生问) closest to `text`, and its code in *code;
 * NULL (and *code NULL) when none is close.  Static storage. */
const char *yj_term_suggest(const char **code, const yj_term *vocab,
                            const char *text);

/* yj_term_code, or YJ_ENOTFOUND (input YJ_INPUT_CATEGORY or
 * YJ_INPUT_AMENITY) "unknown amenity '卫生问'; did you mean '卫生间'
 * (toilet)?" naming the word as trimmed. */
yj_code yj_term_resolve(const char **code, const yj_term *vocab,
                        const char *text, yj_error *err);

/* A list of values ("卫生间,充电", "饮水、休息；热饭": separated by any of
 * , ; 、 / | space tab, full-width forms too) as its codes into out[size],
 * ';'-separated, each once, in the order given; empty entries skipped.
 * Words a space separates are one value when together they name one
 * ("phone charging", as yj_term_code reads it), the longest first.
 * YJ_ENOTFOUND as yj_term_resolve; YJ_EINVAL when it does not fit. */
yj_code yj_term_list(char *out, size_t size, const yj_term *vocab,
                     const char *text, yj_error *err);

/* The Chinese label of a vocabulary code, or NULL when `code` is not in
 * `vocab`. */
const char *yj_term_label(const yj_term *vocab, const char *code);

/* Format a coordinate with the fewest decimals (at most 9) that read back
 * to the same double, into buf[size].  Returns buf. */
char *yj_format_degrees(char *buf, size_t size, double degrees);

/* ---- data directory ---------------------------------------------------- */

/* The shipped data, loaded and validated: stations.csv, places.csv and
 * boundaries.csv of one directory. */
typedef struct yj_dataset yj_dataset;

/* Read and validate the data files in `dir`.  Every problem is reported as
 * "FILE:LINE: FIELD: message 'VALUE'" in err; the first one stops the load.
 * YJ_EIO, YJ_EPARSE, YJ_EINVAL, YJ_ENOMEM. */
yj_code yj_dataset_load(yj_dataset **out, const char *dir, yj_error *err);
void yj_dataset_free(yj_dataset *ds);

/* The holiday calendar: holidays-cn.csv of the data directory, when it
 * has one (yj_dataset_calendar_days is then its number of days);
 * yj_dataset_load_calendar reads one from elsewhere (a data directory
 * without its own uses the shipped calendar). */
size_t yj_dataset_calendar_days(const yj_dataset *ds);
yj_code yj_dataset_load_calendar(yj_dataset *ds, const char *path,
                                 yj_error *err);

/* Borrowed until yj_dataset_free. */
size_t yj_dataset_station_count(const yj_dataset *ds);
const yj_station *yj_dataset_station(const yj_dataset *ds, size_t i);

/* ---- files yijia writes and reads (file.c) ------------------------------ */

/* What yijia writes to (README "What yijia writes to"): regular files
 * only.  A directory, device, FIFO or socket is refused (YJ_EINVAL), and
 * so is a name that reaches standard output through /proc (/dev/stdout):
 * data for standard output is written there without a file name.  A
 * symbolic link is followed to its final target, which is replaced (the
 * link stays).  A target with other hard links is refused.  The new
 * content is written beside the target under a temporary name
 * (TARGET.yijia-tmp-PID-XXXXXX) and renamed into place only when
 * complete; an existing target's mode, owner and group are kept (YJ_EIO
 * when this user cannot give them), a new one gets 0666 & ~umask. */
typedef struct yj_replace yj_replace;

/* Check `path` as a target (as yj_replace_begin does) without writing:
 * YJ_OK, and the final target's name in resolved[size] (may be NULL). */
yj_code yj_file_check_target(char *resolved, size_t size, const char *path,
                             yj_error *err);

/* Start replacing `path`: creates the temporary file (open for writing:
 * yj_replace_fd) and first removes the temporaries of the same target
 * that this user's dead processes left behind.  Finish with exactly one
 * of yj_replace_commit and yj_replace_abort, which free *out.
 * YJ_EINVAL (see above), YJ_EIO, YJ_ENOMEM. */
yj_code yj_replace_begin(yj_replace **out, const char *path, yj_error *err);
/* The temporary file's descriptor.  Borrowed until commit or abort. */
int yj_replace_fd(const yj_replace *r);
/* Sync, close and rename the temporary file over the target.  On failure
 * the temporary file is removed and the target is as it was.  YJ_EIO. */
yj_code yj_replace_commit(yj_replace *r, yj_error *err);
/* Close and remove the temporary file.  NULL is a no-op. */
void yj_replace_abort(yj_replace *r);
/* Remove every temporary file this process is writing; for a handler of
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT (async-signal-safe: it only calls
 * unlink). */
void yj_replace_abort_all(void);

/* ---- the station database ---------------------------------------------- */

typedef struct yj_db yj_db;
struct yj_box; /* a lon/lat box: below, with the outlines */

/* For a program that owns its process, as the yijia tool does: call once,
 * before any other yijia or SQLite call.  Tunes SQLite for it: no memory
 * statistics (nothing here reads them; they cost a lock per allocation, a
 * sixth of the instructions of a short `yijia nearest`) and no locking of
 * each connection on every call, so no yj_db (or other SQLite connection
 * in the process) may then be used by two threads at once.  Optional.
 * YJ_EDB when SQLite has started already. */
yj_code yj_db_process_init(yj_error *err);

/* What a build wrote. */
typedef struct yj_build_report {
    size_t stations;          /* rows in table stations */
    size_t stations_located;  /* of those, with a point */
    size_t townships;         /* rows in table townships */
    size_t township_polygons; /* of those, with a polygon */
    size_t landmarks;         /* rows in table landmarks (metro stations) */
} yj_build_report;

/* Build the SpatiaLite database at `path` from `ds`.  The file is written
 * beside `path` under a temporary name and renamed into place only when
 * complete, so on any failure an existing file at `path` is untouched.
 * `report` may be NULL.  YJ_EDB, YJ_EIO, YJ_ENOMEM; YJ_EDEPENDENCY when
 * SpatiaLite cannot be loaded. */
yj_code yj_db_build(yj_build_report *report, const char *path,
                    const yj_dataset *ds, yj_error *err);

/* Open an existing database read-only (plain SQLite: no SpatiaLite or PROJ
 * start-up cost).  YJ_EIO when it does not exist, YJ_ESCHEMA when it is not
 * a yijia database of schema YJ_SCHEMA_VERSION, YJ_EDB otherwise. */
yj_code yj_db_open(yj_db **out, const char *path, yj_error *err);
void yj_db_close(yj_db *db);

/* How many stations are located, and their bounding box (meaningless
 * when none is), as the file records them (the build and every change
 * keep them; a handle reads them when opened and after another
 * connection's change). */
void yj_db_extent(size_t *located, struct yj_box *box, const yj_db *db);

/* True when the file at the path `db` was opened from is no longer the
 * one it reads: a `yijia build` renamed a new one into place (or it is
 * gone).  A long-lived reader then opens the path again. */
bool yj_db_replaced(const yj_db *db);

/* A tag of the file's content into buf[size] (e.g. for an HTTP ETag):
 * equal for every handle on the same content, different after any change
 * committed by any process and after a rebuild.  It is the file's device
 * and inode, the build's random generation (meta "stations_generation": a
 * rebuild that gets the inode back still differs) and SQLite's change
 * counter; for a file another program switched to WAL, this handle's data
 * version instead (per handle).  YJ_EDB. */
yj_code yj_db_content_tag(char *buf, size_t size, yj_db *db, yj_error *err);

/* For a process that answers many nearest queries (a service, a batch):
 * hold the located stations' points in memory, 28 bytes a station (27 MiB
 * for a million), read once from the Z-order index (about 0.2 s for a
 * million).  Unfiltered yj_nearest queries then search memory instead of
 * the index.  Each query's read transaction checks SQLite's data version:
 * when another connection has changed the file, the points are read again
 * first, so answers stay those of the file.  Handles of one process on
 * the same content share one copy (a server's worker threads each have a
 * handle).  Idempotent.  YJ_EDB, YJ_ENOMEM, YJ_EINVAL (a row id beyond
 * 2^32 - 1). */
yj_code yj_db_hold_points(yj_db *db, yj_error *err);

/* Filters of list and nearest queries; NULL or "" members match
 * everything. */
typedef struct yj_filter {
    const char *township;  /* full name (城厢街道) or short name (城厢) */
    const char *category;  /* a code of yj_categories() */
    const char *amenities; /* codes of yj_amenities(), separated by ',' or
                              ';': a station must offer all of them */
    const char *text;      /* a substring of the name or the address */
    bool open;             /* only stations known to be open at open_at
                              (unknown hours do not pass) */
    int64_t open_at;       /* Unix time, when `open` */
    const struct yj_box *bbox; /* only stations located in this box
                              (WGS84; west > east crosses the
                              antimeridian); NULL: anywhere, and stations
                              without a point pass too */
} yj_filter;
#define YJ_FILTER_INIT {NULL, NULL, NULL, NULL, false, 0, NULL}

/* Called once per station; return non-zero to stop early.  The record is
 * borrowed for the duration of the call. */
typedef int (*yj_station_fn)(void *payload, const yj_station *s);

/* Stations that pass `filter` (NULL: all), ordered by township then id.
 * An unknown township, category or amenity is YJ_ENOTFOUND naming it. */
yj_code yj_db_list(yj_db *db, const yj_filter *filter, yj_station_fn fn,
                   void *payload, yj_error *err);
/* The same in the order the database stores them (Z-order of location:
 * neighbours together, stations without coordinates last): no sort, so a
 * million stations stream from the first row on.  For exports to map
 * apps, which do not care about order. */
yj_code yj_db_list_stored(yj_db *db, const yj_filter *filter,
                          yj_station_fn fn, void *payload, yj_error *err);
/* How many stations pass `filter` (NULL: all in service), located or
 * not: yj_db_list's stations, counted in the database.  With a filter of
 * one amenity or category, whether any station records it at all. */
yj_code yj_db_count(size_t *out, yj_db *db, const yj_filter *filter,
                    yj_error *err);

/* A township (or development zone) of the gazetteer. */
typedef struct yj_township_info {
    const char *name;        /* 城厢街道 */
    const char *short_name;  /* 城厢, or "" */
    const char *kind;        /* "township" or "zone" */
    const char *district;    /* 萧山区 */
    size_t stations;         /* stations whose township this is */
    bool has_point;          /* a representative point is known */
    bool has_polygon;        /* its polygon is in the database */
} yj_township_info;

/* Called once per township, in name order; non-zero stops.  Borrowed. */
typedef int (*yj_township_fn)(void *payload, const yj_township_info *t);
yj_code yj_db_townships(yj_db *db, yj_township_fn fn, void *payload,
                        yj_error *err);

/* ---- nearest ------------------------------------------------------------ */

/* A nearest-stations query. */
typedef struct yj_near {
    yj_lonlat origin;  /* WGS84 */
    size_t k;          /* how many; 0 = every match, sorted by distance */
    double within_m;   /* only stations this close; 0 = no limit */
} yj_near;
/* k 0 (every match), no distance limit; set the origin. */
#define YJ_NEAR_INIT {{0.0, 0.0}, 0, 0.0}

/* One result.  `station` is borrowed for the duration of the callback. */
typedef struct yj_hit {
    size_t rank;           /* 1, 2, ... */
    const yj_station *station;
    double distance_m;     /* geodesic on WGS84 */
    double bearing_deg;    /* initial bearing from the origin, [0, 360) */
    bool approximate;      /* the station is located only to its township
                              (or district): the distance is approximate */
} yj_hit;

typedef int (*yj_hit_fn)(void *payload, const yj_hit *hit);

/* The stations nearest to q->origin that pass `filter`, nearest first,
 * ties broken by id: exactly the brute-force geodesic ranking.  Stations
 * without coordinates cannot be ranked; *unlocated (if not NULL) is how
 * many of them passed the filter.  Uses the spatial index with a growing
 * window, so a query costs microseconds at a million stations.
 * YJ_EINVAL for a bad origin, radius; YJ_ENOTFOUND for an unknown filter
 * value. */
yj_code yj_nearest(size_t *unlocated, yj_db *db, const yj_near *q,
                   const yj_filter *filter, yj_hit_fn fn, void *payload,
                   yj_error *err);

/* Places a query can start from. */
typedef enum yj_place_kind {
    YJ_PLACE_STATION,
    YJ_PLACE_TOWNSHIP,
    YJ_PLACE_LANDMARK
} yj_place_kind;

typedef struct yj_place_match {
    yj_place_kind kind;
    char name[128];     /* 城厢街道, 湘湖站, a station's name */
    char detail[128];   /* a station's id, a landmark's lines, ... */
    yj_lonlat point;    /* WGS84, when has_point */
    bool has_point;
    bool approximate;   /* a township's representative point, or a station
                           located only to its township */
} yj_place_match;

/* Find a place by name (white space trimmed, full-width letters folded):
 * a station id, a full name (township, landmark or
 * station), a township's short name (城厢), a landmark's short name (湘湖),
 * then a unique substring of any of them, in that order of preference.
 * Fills up to `max` matches of the first level that matches; *found is how
 * many that level has (more than 1: ambiguous).  YJ_ENOTFOUND when nothing
 * matches. */
yj_code yj_db_find_place(yj_place_match *matches, size_t max, size_t *found,
                         yj_db *db, const char *name, yj_error *err);

/* "Did you mean" for a place yj_db_find_place does not know: the township,
 * landmark or station name `text` most likely means (a slip of one
 * character, or the same in pinyin: 城箱 → 城厢) into name[name_size], and
 * its full name into full[full_size] when that is a short one ("城厢",
 * "城厢街道"; else "").  False (both "") when none is close. */
bool yj_db_suggest_place(char *name, size_t name_size, char *full,
                         size_t full_size, yj_db *db, const char *text);
/* ---- links ------------------------------------------------------------ */

/* Marker links that open a station in the map apps, into buf[size]
 * (truncated links are never written: YJ_EINVAL if it does not fit).
 * Amap: uri.amap.com/marker with GCJ-02 `lon,lat` and coordinate=gaode.
 * Baidu: api.map.baidu.com/marker with BD-09 `lat,lng` and
 * coord_type=bd09ll.  Names are percent-encoded.  A station without a
 * point has no links (YJ_EINVAL). */
yj_code yj_link_amap(char *buf, size_t size, const yj_station *s,
                     yj_error *err);
yj_code yj_link_baidu(char *buf, size_t size, const yj_station *s,
                      yj_error *err);

/* ---- stations by id ---------------------------------------------------- */

/* The station with id `id` (case-insensitive) into *out (zeroed first; clear
 * it with yj_station_clear).  YJ_ENOTFOUND when there is none. */
yj_code yj_db_get(yj_station *out, yj_db *db, const char *id, yj_error *err);

/* ---- outlines and coverage --------------------------------------------- */

/* A lon/lat box in degrees (west ≤ east, no antimeridian crossing). */
typedef struct yj_box {
    double west, south, east, north;
} yj_box;

/* An outline: rings of WGS84 points (ring r is points[ring_start[r]] up to
 * points[ring_start[r + 1]]); outer rings and holes alike, so a point is
 * inside when an odd number of rings surround it. */
typedef struct yj_shape {
    size_t n_rings;
    size_t *ring_start;   /* n_rings + 1 entries */
    yj_lonlat *points;
    size_t n_points;
    yj_box box;
} yj_shape;
/* True when the outline meets box b: an edge crosses or lies in it, or the
 * box lies inside (west > east crosses the antimeridian). */
bool yj_shape_meets_box(const yj_shape *s, const struct yj_box *b);
/* The outline as a GeoJSON MultiPolygon geometry on fp: each ring that lies
 * in no other is an exterior, the rings inside it its holes. */
void yj_shape_write_geojson(FILE *fp, const yj_shape *s);

/* A township (or zone) or the district, with its outline (NULL when the
 * reference has none) and representative point. */
typedef struct yj_area {
    const char *name;
    const char *kind;      /* township, zone, district */
    yj_lonlat point;
    bool has_point;
    const yj_shape *shape; /* NULL: no polygon */
} yj_area;
typedef int (*yj_area_fn)(void *payload, const yj_area *a);
/* The townships (by name) and then the district outline(s). */
yj_code yj_db_areas(yj_db *db, yj_area_fn fn, void *payload, yj_error *err);

/* Coverage of one township: how far its people are from a station. */
typedef struct yj_coverage_row {
    char name[64];
    char kind[16];
    size_t stations;          /* located stations inside its polygon */
    size_t stations_named;    /* stations whose township field names it */
    bool has_polygon;
    double area_km2;          /* -1 without a polygon */
    double point_to_station_m;/* from its representative point to the
                                 nearest station; -1 unknown */
    double share_within;      /* share of its area within the radius of a
                                 station, 0..1; -1 without a polygon */
    double farthest_m;        /* the farthest cell centre from any station */
    yj_lonlat farthest;
    size_t cells;             /* grid cells whose centre is inside */
} yj_coverage_row;

typedef struct yj_coverage {
    double radius_m, cell_m;
    size_t n_rows;
    yj_coverage_row *rows;    /* townships with no station first, then by
                                 share within the radius, lowest first */
    size_t townships, townships_covered; /* covered: a station inside */
    size_t stations_located, stations_approximate; /* approximate:
                                 located only to a township or district */
    double area_km2, share_within, farthest_m;
    yj_lonlat farthest;
    char farthest_township[64];
    size_t stations_surveyed; /* located by a check on site (precision
                                 surveyed, issue 21) */
} yj_coverage;

/* Coverage of every township with a polygon or a point, by a grid of
 * cell_m cells (centres inside the polygon count; each cell's distance to
 * the nearest located station is geodesic on WGS84).  *out is the
 * caller's, released with yj_coverage_clear (also after a failure).
 * YJ_ENOMEM, YJ_EDB. */
yj_code yj_coverage_compute(yj_coverage *out, yj_db *db, double radius_m,
                            double cell_m, yj_error *err);
void yj_coverage_clear(yj_coverage *c);
/* The report as a JSON object on fp (`yijia coverage --format json`, the
 * server's /api/coverage): radius_m, cell_m, method, approximate,
 * stations_located, stations_approximate, townships [...], total {...};
 * unknown values are null. */
void yj_coverage_write_json(FILE *fp, const yj_coverage *c);

/* ---- checking the data ------------------------------------------------- */

typedef enum yj_check_level {
    YJ_CHECK_ERROR,    /* wrong: fix before publishing */
    YJ_CHECK_WARNING   /* worth doing: not yet precise, not yet known */
} yj_check_level;

typedef struct yj_finding {
    yj_check_level level;
    const char *id;      /* the station */
    const char *field;   /* the field concerned */
    const char *message; /* what is wrong, with the values, in the
                            reader's language (English in the source) */
} yj_finding;
typedef int (*yj_finding_fn)(void *payload, const yj_finding *f);

/* Check every station: each field's rules (as a build applies them); a
 * point outside the district outline, or outside its own township's
 * polygon — and if so whether it lands inside once read as GCJ-02 or
 * BD-09 (a coordinate-system mix-up, about 500 m here); the same name
 * twice; two precisely located stations under 30 m apart; and, as
 * warnings, locations known only to the township or district, of
 * unknown precision or none; a checked_on date missing or more than a
 * year before `today` (YYYY-MM-DD; after it is an error); a phone number
 * of too few or many digits.  Closed stations are left out.
 * Findings come errors first, each by station id.  *errors, *warnings
 * count them. */
yj_code yj_check_run(size_t *errors, size_t *warnings, yj_db *db,
                     const char *today, yj_finding_fn fn, void *payload,
                     yj_error *err);
/* Stations in service whose position was checked on site (precision
 * "surveyed") with a checked_on date in the year before `today`
 * (YYYY-MM-DD), counted as yj_check_run counts a year, into *surveyed, of
 * *stations in service; fn (may be NULL; non-zero stops it) hears of
 * each of the others, by township then id.  YJ_EINVAL for a bad `today`;
 * YJ_EDB. */
yj_code yj_check_surveyed(size_t *surveyed, size_t *stations, yj_db *db,
                          const char *today, yj_station_fn fn, void *payload,
                          yj_error *err);

/* ---- the offline map ---------------------------------------------------- */

typedef struct yj_map_options {
    bool html;              /* a self-contained page around the SVG */
    const yj_filter *filter;/* which stations (NULL: all) */
    bool has_origin;        /* mark it and join the k nearest to it */
    yj_lonlat origin;       /* WGS84 */
    size_t k;
    bool coverage;          /* shade townships, draw the radius rings */
    double radius_m;
} yj_map_options;
#define YJ_MAP_OPTIONS_INIT {false, NULL, false, {0.0, 0.0}, 0, false, 0.0}

/* Write the map of the district, its townships and the stations: an A4
 * SVG, or (html) one HTML page holding it with pan, zoom, details and a
 * filter, loading nothing from the network.  YJ_EIO, YJ_ENOMEM, YJ_EDB. */
yj_code yj_map_write(FILE *fp, yj_db *db, const yj_map_options *o,
                     yj_error *err);

/* ---- opening hours ----------------------------------------------------- */

/* China's public holidays and make-up working days (调休), as listed in
 * data/holidays-cn.csv (columns date YYYY-MM-DD, kind holiday|workday).
 * YJ_EPARSE names file:line and the bad value. */
typedef struct yj_calendar yj_calendar;
/* Parse buf[len] (`name` for messages) into a new calendar in *out, which
 * the caller frees with yj_calendar_free.  YJ_EPARSE, YJ_ENOMEM; *out is
 * NULL on failure. */
yj_code yj_calendar_parse(yj_calendar **out, const char *buf, size_t len,
                          const char *name, yj_error *err);
/* NULL is a no-op. */
void yj_calendar_free(yj_calendar *c);
/* The database's calendar (empty when it was built without one); owned by
 * the database. */
const yj_calendar *yj_db_calendar(const yj_db *db);

/* OpenStreetMap opening_hours, the subset stations use (data/README.md):
 * weekday ranges and lists, several spans, spans past midnight, 24/7,
 * off/closed, PH, month and date ranges, ';' and ',' rules, "comments".
 * Anything else is YJ_EPARSE with the column in the message. */
typedef struct yj_hours yj_hours;
/* Parse `text` into a new rule set in *out, which the caller frees with
 * yj_hours_free (NULL on failure).  YJ_EPARSE, YJ_ENOMEM. */
yj_code yj_hours_parse(yj_hours **out, const char *text, yj_error *err);
/* NULL is a no-op. */
void yj_hours_free(yj_hours *h);

typedef enum yj_open_state {
    YJ_HOURS_UNKNOWN,
    YJ_HOURS_CLOSED,
    YJ_HOURS_OPEN
} yj_open_state;

typedef struct yj_open_status {
    yj_open_state state;
    bool has_next;           /* the state changes within about a week */
    int64_t next_change;     /* Unix time of that change */
    yj_open_state next_state;
    char comment[128];       /* the comment of the rule in force, or "" */
} yj_open_status;

/* The status at Unix time t, evaluated in Asia/Shanghai whatever the
 * machine's time zone; PH against `cal` (NULL: PH rules are unknown). */
yj_code yj_hours_status(yj_open_status *out, const yj_hours *h,
                        const yj_calendar *cal, int64_t t, yj_error *err);
/* The same for a station's opening_hours text: unknown when it is empty
 * or not in the supported syntax (never closed for want of knowing). */
yj_code yj_hours_text_status(yj_open_status *out, const char *hours,
                             const yj_calendar *cal, int64_t t,
                             yj_error *err);
/* "开放至 17:00", "已关闭，明天 08:30 开放", "开放时间未知", relative to
 * `now` (which decides 今天/明天). */
char *yj_hours_status_text(char *buf, size_t size, const yj_open_status *st,
                           int64_t now);
/* An opening_hours text in the reader's words, into buf[size] (cut between
 * characters): "Mo-Fr 08:00-18:00; PH off" as it is in English, "周一至周五
 * 08:00-18:00；法定节假日 休息" in Chinese.  Comments stay as written.  For
 * people only: data keeps the syntax.  Returns buf. */
char *yj_hours_words(char *buf, size_t size, const char *text);
/* "open", "closed", "unknown". */
const char *yj_hours_state_name(yj_open_state state);
/* "2025-10-01 20:00" (or with 'T') in Asia/Shanghai → Unix time. */
bool yj_hours_parse_local_time(int64_t *out, const char *text);
/* Unix time → "2025-10-01T20:00+08:00". */
char *yj_hours_format_local_time(char *buf, size_t size, int64_t t);

/* ---- changing the database (db_edit.c) ---------------------------------------- */

/* The staff's write path.  Every change is one transaction with a history
 * entry (who, when, the command, each field's old and new value); undo
 * applies the old values back as a new change.  The file keeps SQLite's
 * rollback journal (a WAL file is switched back; README "The journal
 * mode"): readers see a change whole or not at all, and a reader waits
 * only for the moment a change is written into the file. */
typedef struct yj_editor yj_editor;

/* Open `path` for changes, waiting up to wait_ms for another writer
 * (YJ_EBUSY after that).  An older schema (2 to 4) is upgraded in place;
 * YJ_ESCHEMA for a file this version cannot change; YJ_EINVAL, YJ_EIO for
 * a path that is not a readable, writable regular file; YJ_EDB;
 * YJ_EDEPENDENCY when SpatiaLite cannot be loaded.  Loads SpatiaLite.
 * `trial`: a dry run, whose change the caller rolls back: the file is left
 * byte for byte as it was (no journal-mode switch; an upgrade only inside
 * the change). */
yj_code yj_editor_open(yj_editor **out, const char *path, int wait_ms,
                       bool trial, yj_error *err);
/* Close; an open change is rolled back.  NULL is a no-op. */
void yj_editor_close(yj_editor *ed);

/* Start a change by `user` running `command` (both recorded). */
yj_code yj_editor_begin(yj_editor *ed, const char *user, const char *command,
                        yj_error *err);
/* Commit the open change; *change_id (may be NULL) is its history number,
 * 0 when nothing changed (no history entry is kept then). */
yj_code yj_editor_commit(long long *change_id, yj_editor *ed, yj_error *err);
/* Abandon the open change: the database is as before yj_editor_begin. */
void yj_editor_rollback(yj_editor *ed);

/* The station `id`, in service or closed, into *out (cleared or zeroed
 * before; release it with yj_station_clear).  YJ_ENOTFOUND, YJ_EDB. */
yj_code yj_editor_get(yj_station *out, yj_editor *ed, const char *id,
                      yj_error *err);
/* The next free id of the form XS<number> ("XS045"). */
yj_code yj_editor_next_id(char *buf, size_t size, yj_editor *ed,
                          yj_error *err);
/* Add `s`, or replace the station with its id (validated first; messages
 * start with the id).  *changed (may be NULL): whether anything changed. */
yj_code yj_editor_put(bool *changed, yj_editor *ed, const yj_station *s,
                      yj_error *err);
/* Delete the station `id` for good (its fields stay in the history). */
yj_code yj_editor_purge(yj_editor *ed, const char *id, yj_error *err);

/* Undo change `id` inside the open change.  YJ_ENOTFOUND for no such
 * change; YJ_ECONFLICT when it was undone already or a later change
 * touched what it changed. */
yj_code yj_editor_undo(yj_editor *ed, long long id, yj_error *err);
/* The changes an undo would take back, newest first: the last one not
 * yet undone (after == NULL), or every one after Unix time *after.  Undo
 * entries are not counted (undo them by number).  Free *ids. */
yj_code yj_editor_undo_list(long long **ids, size_t *n, yj_editor *ed,
                            const int64_t *after, yj_error *err);

/* One changed field of one change. */
typedef struct yj_history_entry {
    long long change_id;
    const char *at;          /* "2026-11-28T09:30:00+08:00" (Beijing time) */
    const char *user, *command;
    bool is_undo;            /* the change undid others */
    long long undone_by;     /* 0, or the change that undid it */
    const char *station_id, *action;  /* add, edit, remove, purge */
    const char *field;
    const char *old_value, *new_value;  /* NULL: the station did not exist */
} yj_history_entry;
typedef int (*yj_history_fn)(void *payload, const yj_history_entry *e);

/* The history, oldest first, of every station or of `station` only. */
yj_code yj_editor_history(yj_editor *ed, const char *station,
                          yj_history_fn fn, void *payload, yj_error *err);

/* ---- staff who check stations on site (staff.c) -------------------------- */

/* A staff credential is a token "<handle>.<secret>": the handle, 12
 * lower-case hex digits, names the row; the secret, 43 base64url
 * characters (32 bytes from /dev/urandom), exists only in the token.  The
 * database keeps the hex SHA-256 of the secret's 43 characters. */
#define YJ_STAFF_TOKEN_MAX 96
#define YJ_STAFF_NAME_MAX 161 /* bytes that hold any name (40 characters) */
typedef struct yj_staff_info {
    const char *name, *handle, *created_at; /* created_at: "YYYY-MM-DD HH:MM" Beijing */
    const char *revoked_at;                 /* "" while active */
} yj_staff_info;
typedef int (*yj_staff_fn)(void *payload, const yj_staff_info *s);
/* A new credential for `name` (1-40 characters, valid UTF-8, no controls;
 * spaces around it are trimmed) inside an open change of ed
 * (yj_editor_begin/commit by the caller; it records no history: the
 * history is of stations, and the commit returns change 0).  The token
 * goes to token[size] (size >= 57), the only time it exists outside the
 * phone.  YJ_ECONFLICT when the name has an active credential; YJ_EINVAL
 * for a bad name (or no open change); YJ_EIO when no random bytes could be
 * read; YJ_EDB. */
yj_code yj_staff_add(char *token, size_t size, yj_editor *ed, const char *name, yj_error *err);
/* Revoke the active credential of `name` (inside an open change).
 * YJ_ENOTFOUND when it has none; YJ_EINVAL, YJ_EDB. */
yj_code yj_staff_revoke(yj_editor *ed, const char *name, yj_error *err);
/* Every credential, active and revoked, by name then created_at (strings
 * borrowed for the call; fn returns non-zero to stop).  None in a file of
 * a schema before 6.  YJ_EDB. */
yj_code yj_staff_list(yj_editor *ed, yj_staff_fn fn, void *payload, yj_error *err);
/* Check a presented token against the database (read-only handle): YJ_OK
 * and the holder's name in name[size] (YJ_STAFF_NAME_MAX holds any);
 * YJ_EINVAL for a malformed, unknown or revoked token (one message, "not a
 * valid staff credential", whichever it was).  The hashes are compared in
 * constant time, and an unknown handle is compared too.  YJ_EDB. */
yj_code yj_staff_verify(char *name, size_t size, yj_db *db, const char *token, yj_error *err);
/* The CSRF token of a session: hex SHA-256 of "yijia-csrf:" + token, into
 * buf[65]. */
void yj_staff_csrf(char buf[65], const char *token);

/* ---- online geocoding (geocode.c) ----------------------------------------- */

/* What a provider said about one query, read from its response. */
typedef struct yj_geo_result {
    bool found;
    double lon, lat;       /* WGS84 (converted from the provider's CRS) */
    char precision[16];    /* door, poi, road, township, district; "" when
                              coarser than a district */
    char level[64];        /* the provider's own words (门牌号, precise=1 ...) */
    char label[256];       /* its formatted address or POI name */
} yj_geo_result;

/* A result held for review. */
typedef struct yj_geo_candidate {
    const char *station_id, *provider, *query, *reason, *found_at;
    yj_geo_result result;
} yj_geo_candidate;
typedef int (*yj_geo_candidate_fn)(void *payload, const yj_geo_candidate *c);

/* Candidates for review (db_geocache.c; the geocoder holds them): clear a
 * station's (`yijia locate` settles it), list all by station and provider
 * (the candidate's strings are borrowed for the call).  YJ_EDB. */
yj_code yj_editor_candidates_clear(yj_editor *ed, const char *station_id,
                                   yj_error *err);
yj_code yj_editor_candidates(yj_editor *ed, yj_geo_candidate_fn fn,
                             void *payload, yj_error *err);

typedef enum yj_provider {
    YJ_PROVIDER_AMAP,
    YJ_PROVIDER_BAIDU,
    YJ_PROVIDER_TIANDITU,
    YJ_PROVIDER_NOMINATIM
} yj_provider;
/* "amap", "baidu", "tianditu", "nominatim". */
bool yj_provider_from_name(yj_provider *out, const char *name);
/* The provider's name; "" for a value that is none.  Static storage. */
const char *yj_provider_name(yj_provider p);

/* A provider as the tool presents it: the public part of its row in the
 * one table of providers (geocode.c), which also holds how to ask it and
 * how to read its answers. */
typedef struct yj_geocode_provider {
    const char *name;        /* "amap", as --provider names it */
    const char *default_url; /* its real HTTPS endpoint (base URL) */
    const char *url_env;     /* the variable naming another base URL */
    const char *key_env;     /* the variable holding its key; NULL: none
                                needed */
    const char *secret_env;  /* the variable holding the secret that signs
                                requests (optional); NULL: none */
    double default_qps;      /* requests a second unless --qps says */
    double max_qps;          /* its usage policy's ceiling; 0: none */
    size_t batch;            /* queries one request may carry */
} yj_geocode_provider;

/* Provider p's row (static: never freed); NULL for a number that is no
 * provider's. */
const yj_geocode_provider *yj_geocode_provider_of(yj_provider p);

enum { YJ_GEOCODE_MISSING, YJ_GEOCODE_APPROXIMATE, YJ_GEOCODE_ALL };

typedef enum yj_geocode_outcome {
    YJ_GEOCODE_RESOLVED,  /* the station now has the result's point */
    YJ_GEOCODE_REVIEW,    /* held for review (outside its township) */
    YJ_GEOCODE_KEPT,      /* the result was not more precise */
    YJ_GEOCODE_FAILED,    /* no answer, or no match */
    YJ_GEOCODE_PLANNED    /* dry run: would be asked */
} yj_geocode_outcome;

typedef struct yj_geocode_options {
    yj_provider provider;
    const char *base_url;       /* scheme://host[:port], no trailing / */
    const char *key, *secret;   /* secret: Amap sig / Baidu sn, or NULL */
    int only;                   /* YJ_GEOCODE_MISSING ... */
    const char *const *ids;     /* only these stations (n_ids > 0) */
    size_t n_ids;
    bool dry_run, refresh;
    double qps;                 /* 0: the provider's default */
    double timeout_s;
    int retries;
    const char *user, *command; /* recorded in the history */
    /* called for each station settled, and as the run progresses */
    void (*on_station)(void *payload, const yj_station *s,
                       yj_geocode_outcome outcome, bool from_cache,
                       const char *why);
    void (*progress)(void *payload, size_t done, size_t total);
    void *payload;
} yj_geocode_options;
/* Amap, stations located only approximately, 10 s, 3 retries. */
#define YJ_GEOCODE_OPTIONS_INIT                                              \
    {YJ_PROVIDER_AMAP, NULL, NULL, NULL, YJ_GEOCODE_APPROXIMATE, NULL, 0,    \
     false, false, 0.0, 10.0, 3, NULL, NULL, NULL, NULL, NULL}

typedef struct yj_geocode_report {
    size_t stations, resolved, review, kept, failed, from_cache, requests;
    bool stopped;             /* a fatal answer stopped the run */
    char stop_reason[320];
} yj_geocode_report;

/* The query sent for a station: its address with 浙江省杭州市 and its
 * district put in front where the address lacks them (the address itself
 * is never changed). */
void yj_geocode_query(char *out, size_t size, const yj_station *s);

/* Geocode the stations `opt` selects, counting what happened into *rep
 * (filled whatever the outcome); `db` (the same file, read side) gives
 * the township polygons.  YJ_OK also when the run was stopped by a fatal
 * provider answer (rep->stopped says why). */
yj_code yj_geocode_run(yj_geocode_report *rep, yj_editor *ed, yj_db *db,
                       const yj_geocode_options *opt, yj_error *err);

/* ---- importing a sheet (import.c) ------------------------------------------ */

typedef struct yj_import_options {
    const char *encoding;  /* "auto", "utf-8" or "gb18030" */
    yj_crs crs;            /* of coordinates in rows without a 坐标系 */
    bool replace;          /* close in-service stations the sheet lacks */
    const char *today;     /* "YYYY-MM-DD": closed_on of those */
} yj_import_options;
#define YJ_IMPORT_OPTIONS_INIT {"auto", YJ_CRS_WGS84, false, NULL}

typedef enum yj_import_kind {
    YJ_IMPORT_ADD,
    YJ_IMPORT_CHANGE,
    YJ_IMPORT_CLOSE
} yj_import_kind;

/* One station the import changes. */
typedef struct yj_import_event {
    yj_import_kind kind;
    const yj_station *before;  /* NULL when added */
    const yj_station *after;
    size_t line;               /* its sheet line; 0 when closed */
} yj_import_event;
typedef int (*yj_import_fn)(void *payload, const yj_import_event *e);

typedef struct yj_import_report {
    size_t rows, added, changed, closed, unchanged;
    const char *encoding;  /* "utf-8", "gb18030", "utf-16le", ... */
    char delimiter;        /* ',' or '\t' */
    char ignored[512];     /* "'序号' (column 1), ..." or "" */
    size_t title_lines;    /* lines above the header, skipped */
    size_t empty_lines;    /* rows of empty cells (",,,"), skipped */
    size_t in_service;     /* stations in service before the import */
} yj_import_report;

/* Field values given as text, as a sheet row or `yijia edit --set` gives
 * them: NULL = not given.  Vocabulary fields take codes or Chinese labels,
 * amenities any of ; ； 、 , separators, townships short names, dates
 * 2025/3/1; lon/lat are in `crs` (a name, NULL: the default). */
typedef struct yj_field_values {
    const char *value[YJ_F_COUNT];
    const char *crs;
    bool empty_clears;  /* "" clears the field (else: keeps it) */
} yj_field_values;
#define YJ_FIELD_VALUES_INIT {{NULL}, NULL, false}

/* The field a sheet column or --set name means (English field names in
 * any case, or the Chinese headers of `yijia import --help`); YJ_F_COUNT
 * for the coordinate system (坐标系, crs); -1 when it is none. */
int yj_import_column(const char *name);

/* Apply `v` to *s, normalised (not yet validated).  New coordinates are
 * converted to WGS84 with coord_source "ORIGIN (crs...)" and precision
 * "unknown" unless given.  `ed` looks townships up (short names, their
 * district); NULL takes the township as written (no database needed:
 * tests/fuzz/fuzz_import.c). */
yj_code yj_import_apply(yj_station *s, yj_editor *ed,
                        const yj_field_values *v, yj_crs default_crs,
                        const char *origin, yj_error *err);

/* Import the sheet at `path` into the editor's open change (the caller
 * commits it, or rolls it back for a dry run).  The sheet is read and
 * validated whole before the first write; errors are "FILE:LINE: field:
 * problem 'value'".  fn (may be NULL) hears of every station changed. */
yj_code yj_import(yj_import_report *rep, yj_editor *ed,
                  const char *path, const yj_import_options *opt,
                  yj_import_fn fn, void *payload, yj_error *err);

/* ---- a check on site (survey.c) ------------------------------------------ */

/* What a staff member standing at a station sends from the phone page. */
typedef struct yj_survey {
    const char *submission_id; /* the phone's id: 8-64 of [A-Za-z0-9_-] */
    const char *staff;         /* the checker's name (from yj_staff_verify) */
    const char *station_id;
    yj_lonlat point;           /* WGS84, the phone's GPS */
    double accuracy_m;         /* > 0 and <= 1000 */
    int64_t measured_at;       /* Unix seconds of the fix */
    /* edits; NULL: unchanged.  Validated as import and edit validate them */
    const char *amenities;     /* codes separated by ';' ("" = none) */
    const char *opening_hours; /* opening_hours syntax */
    const char *phone;
    const char *note;          /* appended to notes: "YYYY-MM-DD 核查：note" */
} yj_survey;
#define YJ_SURVEY_INIT {NULL, NULL, NULL, {0.0, 0.0}, 0.0, 0, NULL, NULL, NULL, NULL}

typedef struct yj_survey_result {
    long long change_id; /* the change that applied it */
    bool duplicate;      /* this submission_id was applied before: nothing done now */
} yj_survey_result;

/* Apply a check on site as ONE change of ed (yj_survey_apply begins and
 * commits it itself; ed must have no open change): lon/lat, coord_precision
 * "surveyed", coord_source "现场核查 NAME YYYY-MM-DD HH:MM ±N m (GPS, WGS84)"
 * (Beijing time of measured_at), checked_on = the day of measured_at in
 * Beijing, the edits; history user = staff, command "serve: check on site
 * SUBMISSION_ID"; a survey_submissions row.  A resend of a submission_id
 * already applied: YJ_OK, duplicate, its change_id (nothing written).
 * Refusals (nothing written): YJ_EINVAL with err.input = YJ_INPUT_POSITION
 * and a message saying the point is outside the district, or N km outside
 * TOWNSHIP (more than 2 km) — "is this the right station?"; YJ_EINVAL for a
 * bad submission id, staff name, accuracy or time, or a bad field (the
 * message names it as import does; err.input as set by the validator);
 * YJ_ENOTFOUND no such station (or closed); YJ_ECONFLICT a submission_id
 * applied before to another station (nothing written); YJ_EBUSY. */
yj_code yj_survey_apply(yj_survey_result *out, yj_editor *ed,
                        const yj_survey *s, yj_error *err);
/* Downstream, a station of precision "surveyed" is never approximate (no
 * ≈, drawn solid), the geocoder never replaces or asks for it, and the
 * JSON and GeoJSON writers add "coord_accuracy_m" (the ±N m of its
 * coord_source; no other station has the member) after "precision". */

/* ---- writers ----------------------------------------------------------- */

typedef enum yj_format {
    YJ_FORMAT_CSV,       /* stations.csv columns, RFC 4180 quoting */
    YJ_FORMAT_TSV,       /* the same with tabs */
    YJ_FORMAT_JSON,      /* an array of objects; amenities as an array */
    YJ_FORMAT_GEOJSON,   /* an RFC 7946 FeatureCollection of Points (WGS84) */
    YJ_FORMAT_AMAP,      /* GeoJSON in GCJ-02 for Amap's JS API and Loca:
                            not RFC 7946, which requires WGS84 */
    YJ_FORMAT_AMAP_CSV,  /* CSV for Amap's bulk import: _name, _location
                            ("lng,lat" in one cell, GCJ-02), _address,
                            coordtype=autonavi, then our fields */
    YJ_FORMAT_BAIDU,     /* GeoJSON in BD-09 (bd09ll) for MapV: not RFC 7946 */
    YJ_FORMAT_BAIDU_CSV, /* CSV for Baidu's LBS cloud poi/upload: title,
                            address, longitude, latitude, coord_type=3
                            (bd09ll), then our fields */
    YJ_FORMAT_KML,       /* KML 2.2 Placemarks, a style per category */
    YJ_FORMAT_GPX        /* GPX 1.1 waypoints, type = category (OsmAnd) */
} yj_format;

/* Parse a format name: "csv", "tsv", "json", "geojson", "amap",
 * "amap-csv", "baidu", "baidu-csv", "kml", "gpx"; false for anything
 * else. */
bool yj_format_from_name(yj_format *out, const char *name);
/* The name of a format ("geojson"). */
const char *yj_format_name(yj_format format);
/* The names of all formats, separated by ", " (for usage messages). */
const char *yj_format_names(void);

/* A streaming writer of stations to a caller's FILE, in constant memory.
 * A ranked writer takes nearest results (yj_writer_hit) and adds rank,
 * distance_m, bearing_deg and direction (CSV/TSV: leading columns, and the
 * marker links as trailing columns amap_url, baidu_url); an unranked one
 * takes stations (yj_writer_station) and its CSV/TSV has exactly the
 * stations.csv columns, so it imports again.  JSON and GeoJSON objects
 * always carry every station field, "precision" ("none" without
 * coordinates) and "links" ({amap, baidu}, or null without coordinates).
 * Text is escaped for each format (JSON per RFC 8259; XML per XML 1.0,
 * where characters XML cannot hold at all — C0 controls other than tab,
 * LF and CR, U+FFFE, U+FFFF — become U+FFFD).  GPX and the Amap and Baidu
 * CSVs need a point: they leave out stations without coordinates
 * (yj_writer_skipped); the other formats keep them (GeoJSON with a null
 * geometry, KML without a Point). */
typedef struct yj_writer yj_writer;
/* A new writer onto fp (borrowed: the caller keeps and closes it) in *out,
 * freed with yj_writer_free after yj_writer_finish.  YJ_EINVAL (no such
 * format), YJ_ENOMEM. */
yj_code yj_writer_new(yj_writer **out, FILE *fp, yj_format format,
                      bool ranked, yj_error *err);
/* Add each station's opening status at Unix time `at` (for a ranked
 * writer with speed_kmh > 0: at its arrival, `at` plus the travel time at
 * that speed, which is YJ_SPEED_MIN_KMH..YJ_SPEED_MAX_KMH: other speeds
 * give no travel time): JSON members open_state, next_change, open_text (and
 * travel_min, arrival), trailing CSV/TSV columns of the same names, KML
 * ExtendedData, and the GPX comment. */
void yj_writer_set_open(yj_writer *w, const yj_calendar *cal, int64_t at,
                        double speed_kmh);
/* When a station's opening status is asked: at Unix time `at`, PH
 * against `calendar` (NULL: unknown), and with speed_kmh > 0 and a hit,
 * on arrival at that speed (as yj_writer_set_open). */
typedef struct yj_open_query {
    const yj_calendar *calendar;
    int64_t at;
    double speed_kmh;
} yj_open_query;
#define YJ_OPEN_QUERY_INIT {NULL, 0, 0.0}
/* The status as the writers word it, for tables that want the same words. */
typedef struct yj_open_answer {
    yj_open_status status;
    char text[256];   /* "开放至 17:00", "骑行 8 分钟，到达时开放" */
    int travel_min;   /* -1 when not travelling */
    int64_t when;     /* the time the status is for: at, or the arrival */
} yj_open_answer;
/* The opening status of station s (hit may be NULL) for q.  Cannot fail:
 * hours it cannot read are unknown. */
void yj_writer_open_answer(yj_open_answer *out, const yj_station *s,
                           const yj_hit *hit, const yj_open_query *q);

/* GeoJSON formats: JSON members (`"numberMatched": 44, "links": [...]`,
 * written as given) added to the top-level object after its features, as
 * an OGC API response has them.  Copied.  YJ_ENOMEM. */
yj_code yj_writer_set_members(yj_writer *w, const char *members,
                              yj_error *err);
/* GeoJSON formats: write the (one) station as a Feature document instead
 * of a FeatureCollection; its extra members go into the Feature. */
void yj_writer_set_single(yj_writer *w, bool single);

/* For a program that writes many answers of the same database (a
 * server): a memo of each station's members in the JSON formats (every
 * field, precision, links — all but a hit's rank, distance and bearing,
 * and the opening status), so that a station is serialised once per
 * content of the database, not once per answer.  Tell the memo the
 * content's tag (yj_db_content_tag) before each answer: another tag
 * empties it.  Not for two threads at once. */
typedef struct yj_writer_memo yj_writer_memo;
/* A new, empty memo in *out, freed with yj_writer_memo_free (NULL: no-op).
 * YJ_ENOMEM. */
yj_code yj_writer_memo_new(yj_writer_memo **out, yj_error *err);
void yj_writer_memo_free(yj_writer_memo *m);
/* The content the next answers are of (copied); a tag other than the
 * last empties the memo. */
void yj_writer_memo_content(yj_writer_memo *m, const char *tag);
/* The JSON and GeoJSON formats use (and fill) m; NULL: none. */
void yj_writer_set_memo(yj_writer *w, yj_writer_memo *m);

/* `s` as a JSON string literal on fp, escaped as the writers escape it
 * (RFC 8259, and U+2028/U+2029), for programs writing JSON of their own
 * around yijia's (the tool's reports, the server's documents). */
void yj_writer_json_literal(FILE *fp, const char *s);

/* CSV and TSV: start with a UTF-8 byte order mark, as Excel on Chinese
 * Windows needs to read UTF-8 (default: none). */
void yj_writer_set_bom(yj_writer *w, bool bom);
/* CSV, amap-csv and baidu-csv (the formats opened in Excel) put an
 * apostrophe in front of a cell that Excel would run as a formula: one
 * that starts with = + - @, a tab or CR and is not a plain number (README
 * "What reaches a spreadsheet"; yijia import takes it off again).  On by
 * default for those formats; false writes every cell as it is. */
void yj_writer_set_formula_guard(yj_writer *w, bool guard);
/* Which words a writer uses for coded values (category, amenities,
 * amenities_source, coord_precision and "precision"). */
typedef enum yj_labels {
    YJ_LABELS_DEFAULT = 0, /* the format's own: Chinese labels for the
                              layers Chinese maps read (amap, amap-csv,
                              baidu, baidu-csv, kml, gpx), codes for csv,
                              tsv, json and geojson */
    YJ_LABELS_CODES,       /* the codes of data/README.md ("community") */
    YJ_LABELS_ZH           /* the Chinese labels ("社区/村", amenities
                              joined with 、); csv and tsv also get the
                              Chinese headers of yj_field_label, and
                              yijia import reads such a file back */
} yj_labels;
/* "zh" or "codes"; false for anything else. */
bool yj_labels_from_name(yj_labels *out, const char *name);
void yj_writer_set_labels(yj_writer *w, yj_labels labels);
/* Write one record: a station to an unranked writer, a hit (rank, distance,
 * bearing and the station) to a ranked one.  YJ_EINVAL for the other kind
 * of writer; YJ_EIO when writing fails. */
yj_code yj_writer_station(yj_writer *w, const yj_station *s, yj_error *err);
yj_code yj_writer_hit(yj_writer *w, const yj_hit *hit, yj_error *err);
/* Write what closes the document (JSON's "]") and flush.  YJ_EIO. */
yj_code yj_writer_finish(yj_writer *w, yj_error *err);
/* Records written, and stations left out for want of a point. */
size_t yj_writer_count(const yj_writer *w);
size_t yj_writer_skipped(const yj_writer *w);
void yj_writer_free(yj_writer *w);

/* ---- the phone page (site.c) ---------------------------------------------- */

/* The file named `name` (no directory): its bytes, length and media type
 * (static storage), or false. */
bool yj_site_find(const void **data, size_t *len, const char **type,
                  const char *name);
/* The names of the page's data files (under data/), NULL-terminated:
 * stations.json (as `yijia list --format json`), places.json (every
 * place yj_db_find_place looks through), outlines.json (the townships'
 * and the district's outlines, GeoJSON), schedule.json (each station's
 * open, closed and unknown spans, from the day of `now` for about two
 * months). */
extern const char *const yj_site_data_names[];
/* Write data file `name` of the database at Unix time `now` to fp.
 * YJ_ENOTFOUND for another name; YJ_EDB, YJ_ENOMEM. */
yj_code yj_site_write_data(FILE *fp, yj_db *db, const char *name,
                           int64_t now, yj_error *err);
/* Write the whole page — its files and data/ — into directory `dir`
 * (made if missing; each file replaced whole, as file.c writes), for any
 * static web server.  YJ_EINVAL (not a directory), YJ_EIO, YJ_EDB. */
yj_code yj_site_export(const char *dir, yj_db *db, int64_t now,
                       yj_error *err);

/* ---- a small JSON document from outside (json.c) ------------------------- */

/* Member `key` of the JSON object text[0..len) — a request body, say — as
 * a string into buf[size].  YJ_EPARSE: not JSON, or not an object;
 * YJ_EINVAL: the member is missing, not a string or longer than size - 1
 * bytes (the message starts with its name); YJ_EDEPENDENCY: jansson cannot
 * be loaded. */
yj_code yj_json_member_string(char *buf, size_t size, const char *text,
                              size_t len, const char *key, yj_error *err);

/* ---- a check on site sent as JSON (survey_json.c) ------------------------ */

/* What a check read from JSON holds (the strings *s points to). */
typedef struct yj_survey_doc yj_survey_doc;
/* Read a check on site sent as JSON — the body of `yijia serve`'s POST
 * /staff/checks — into *s: an object with "id" (8-64 of [A-Za-z0-9_-]),
 * "station" (a string), "lon" and "lat" (WGS84 degrees, numbers in range),
 * "accuracy_m" (a number > 0 and <= 1000), "measured_at" (a whole number of
 * Unix milliseconds, 2000-01-01 to 2100-01-01), and "amenities" (an array
 * of codes, each a string without ';'), "opening_hours", "phone", "note"
 * (strings), each of these four null or absent for "unchanged".  Other
 * members are ignored.  s->staff is left NULL (the caller knows who).  On
 * YJ_OK the strings of *s are borrowed from *doc until yj_survey_doc_free.
 * YJ_EPARSE: not JSON, or not an object; YJ_EINVAL: a member missing or of
 * the wrong type or range, the message starting with its name ("lat: ...");
 * YJ_EDEPENDENCY: jansson cannot be loaded; YJ_ENOMEM. */
yj_code yj_survey_from_json(yj_survey_doc **doc, yj_survey *s,
                            const char *text, size_t len, yj_error *err);
void yj_survey_doc_free(yj_survey_doc *doc);

#ifdef __cplusplus
}
#endif
#endif /* YIJIA_H */
