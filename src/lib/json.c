/* json.c — jansson through dlopen (see json.h).  The inline helpers of
 * jansson.h (json_is_*, json_typeof) read the value's type field and need
 * no symbol; json_decref's reference count is done here. */
#include "json.h"

#include "error.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

static struct jansson_api {
    void *lib;
    json_t *(*loadb)(const char *, size_t, size_t, json_error_t *);
    void (*delete_)(json_t *);
    json_t *(*object_get)(const json_t *, const char *);
    json_t *(*array_get)(const json_t *, size_t);
    size_t (*array_size)(const json_t *);
    const char *(*string_value)(const json_t *);
    json_int_t (*integer_value)(const json_t *);
    double (*real_value)(const json_t *);
    char *(*dumps)(const json_t *, size_t);
} api;

static yj_code load(yj_error *err)
{
    if (api.lib != NULL)
        return YJ_OK;
    if ((api.lib = dlopen("libjansson.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL)
        return yj_fail(err, YJ_EDEPENDENCY, "cannot load jansson (%s); install "
                       "libjansson4", dlerror());
    *(void **)&api.loadb = dlsym(api.lib, "json_loadb");
    *(void **)&api.delete_ = dlsym(api.lib, "json_delete");
    *(void **)&api.object_get = dlsym(api.lib, "json_object_get");
    *(void **)&api.array_get = dlsym(api.lib, "json_array_get");
    *(void **)&api.array_size = dlsym(api.lib, "json_array_size");
    *(void **)&api.string_value = dlsym(api.lib, "json_string_value");
    *(void **)&api.integer_value = dlsym(api.lib, "json_integer_value");
    *(void **)&api.real_value = dlsym(api.lib, "json_real_value");
    *(void **)&api.dumps = dlsym(api.lib, "json_dumps");
    if (!api.loadb || !api.delete_ || !api.object_get || !api.array_get ||
        !api.array_size || !api.string_value || !api.integer_value ||
        !api.real_value || !api.dumps) {
        dlclose(api.lib);
        api.lib = NULL;
        return yj_fail(err, YJ_EDEPENDENCY, "jansson lacks a needed function");
    }
    return YJ_OK;
}

/* Whether text[0..len) opens more than `max` arrays or objects at once
 * (brackets inside strings do not count).  Exact for JSON; for anything
 * else jansson will say what is wrong. */
static bool too_deep(const char *text, size_t len, size_t max)
{
    size_t depth = 0, i;
    bool in_string = false;

    for (i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max)
                return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return false;
}

yj_code yj_json_load(json_t **out, const char *text, size_t len,
                     yj_error *err)
{
    json_error_t jerr;
    yj_code rc;

    *out = NULL;
    if ((rc = load(err)) != YJ_OK)
        return rc;
    if (too_deep(text, len, YJ_JSON_MAX_DEPTH))
        return yj_fail(err, YJ_EPARSE, "JSON nested deeper than %d levels",
                       YJ_JSON_MAX_DEPTH);
    if ((*out = api.loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
        return yj_fail(err, YJ_EPARSE, "not JSON: line %d column %d: %s",
                       jerr.line, jerr.column, jerr.text);
    return YJ_OK;
}

void yj_json_free(json_t *j)
{
    if (j != NULL && j->refcount != (size_t)-1 && --j->refcount == 0)
        api.delete_(j);
}

json_t *yj_json_get(const json_t *obj, const char *key)
{
    return json_is_object(obj) ? api.object_get(obj, key) : NULL;
}

json_t *yj_json_at(const json_t *arr, size_t i)
{
    return json_is_array(arr) ? api.array_get(arr, i) : NULL;
}

size_t yj_json_size(const json_t *arr)
{
    return json_is_array(arr) ? api.array_size(arr) : 0;
}

const char *yj_json_str(const json_t *j)
{
    return json_is_string(j) ? api.string_value(j) : NULL;
}

bool yj_json_num(const json_t *j, double *out)
{
    if (json_is_integer(j)) {
        *out = (double)api.integer_value(j);
        return true;
    }
    if (json_is_real(j)) {
        *out = api.real_value(j);
        return true;
    }
    return json_is_string(j) && yj_parse_double(out, api.string_value(j));
}

char *yj_json_dump(const json_t *j)
{
    return api.dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
}

yj_code yj_json_member_string(char *buf, size_t size, const char *text,
                              size_t len, const char *key, yj_error *err)
{
    json_t *root = NULL, *v;
    const char *s;
    yj_code rc;

    if (size > 0)
        buf[0] = '\0';
    if ((rc = yj_json_load(&root, text, len, err)) != YJ_OK)
        return rc;
    if (!json_is_object(root))
        rc = yj_fail(err, YJ_EPARSE, "a JSON object is needed");
    else if ((v = yj_json_get(root, key)) == NULL)
        rc = yj_fail(err, YJ_EINVAL, "%s: missing", key);
    else if ((s = yj_json_str(v)) == NULL)
        rc = yj_fail(err, YJ_EINVAL, "%s: a string is needed", key);
    else if (strlen(s) >= size)
        rc = yj_fail(err, YJ_EINVAL, "%s: longer than %zu bytes", key,
                     size - 1);
    else
        memcpy(buf, s, strlen(s) + 1);
    yj_json_free(root);
    return rc;
}
