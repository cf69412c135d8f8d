/* db_geocache.h — private: the geocoder's cache and the writing of its
 * review candidates (db_geocache.c), in the database an editor changes;
 * geocode.c is their one user.  Listing and clearing candidates, which
 * the tool does, are public (yijia.h). */
#ifndef YJ_DB_GEOCACHE_H
#define YJ_DB_GEOCACHE_H

#include "yijia.h"

/* The cached answer of `provider` to `query` into *out, *hit true; *hit
 * false (and *out zeroed) when there is none.  YJ_EDB. */
yj_code yj_editor_cache_get(yj_geo_result *out, bool *hit, yj_editor *ed,
                            const char *provider, const char *query,
                            yj_error *err);

/* Keep `response` (the answer as received, already blanked of the key)
 * and what was read from it, `r`, as the answer to `query`, replacing an
 * older one.  No history: the cache is not part of a change.  YJ_EDB. */
yj_code yj_editor_cache_put(yj_editor *ed, const char *provider,
                            const char *query, const char *response,
                            const yj_geo_result *r, yj_error *err);

/* Hold `r` for review as station_id's candidate from `provider`, with
 * the reason it was not taken (replaces the same station, provider and
 * query's).  YJ_EDB. */
yj_code yj_editor_candidate_put(yj_editor *ed, const char *station_id,
                                const char *provider, const char *query,
                                const yj_geo_result *r, const char *reason,
                                yj_error *err);

#endif
