/* SPDX-License-Identifier: Apache-2.0 */
/*
 * origins.c - per-origin politeness state: the in-memory table of origins
 * (scheme://host:port) with their connection count, next allowed request
 * time, robots rules and URL budget.
 *
 * Design: one small struct per origin, never per URL, so memory grows with
 * hosts, not with the frontier. Robots knowledge is persisted in state.db
 * (the body, re-parsed on resume); queue sizes and budgets are recomputed
 * from the URL table when a crawl resumes.
 */
#include "crawl/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

bool crw_origin_key(const char *url, char *out, size_t outsz)
{
	const char *p = strstr(url, "://");
	if (!p)
		return false;
	const char *end = p + 3 + strcspn(p + 3, "/?#");
	if (end == p + 3 || (size_t)(end - url) >= outsz)
		return false;
	size_t n = (size_t)(end - url);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)url[i]);
	out[n] = '\0';
	return true;
}

static crw_origin *find(engine *e, const char *key)
{
	if (!e->nbuckets)
		return NULL;
	for (crw_origin *o = e->buckets[hash(key) % e->nbuckets]; o; o = o->next_in_bucket)
		if (!strcmp(o->key, key))
			return o;
	return NULL;
}

static int grow(engine *e)
{
	size_t nb = e->nbuckets ? e->nbuckets * 2 : 64;
	crw_origin **b = calloc(nb, sizeof *b);
	if (!b)
		return WARC_ERR_NOMEM;
	for (size_t i = 0; i < e->norigins; i++) {
		crw_origin *o = e->origins[i];
		size_t k = hash(o->key) % nb;
		o->next_in_bucket = b[k];
		b[k] = o;
	}
	free(e->buckets);
	e->buckets = b;
	e->nbuckets = nb;
	return WARC_OK;
}

static crw_origin *create(engine *e, const char *key)
{
	if (e->norigins == e->caporigins) {
		size_t cap = e->caporigins ? e->caporigins * 2 : 64;
		crw_origin **n = realloc(e->origins, cap * sizeof *n);
		if (!n)
			return NULL;
		e->origins = n;
		e->caporigins = cap;
	}
	if (e->norigins >= e->nbuckets && grow(e))
		return NULL;
	crw_origin *o = calloc(1, sizeof *o);
	if (!o || !(o->key = strdup(key))) {
		free(o);
		return NULL;
	}
	size_t k = hash(key) % e->nbuckets;
	o->next_in_bucket = e->buckets[k];
	e->buckets[k] = o;
	e->origins[e->norigins++] = o;
	return o;
}

void crw_origins_free(engine *e)
{
	for (size_t i = 0; i < e->norigins; i++) {
		crawl_robots_free(e->origins[i]->robots);
		free(e->origins[i]->alias_key);
		free(e->origins[i]->key);
		free(e->origins[i]);
	}
	free(e->origins);
	free(e->buckets);
	e->origins = e->buckets = NULL;
	e->norigins = e->nbuckets = 0;
}

static void apply_robots(engine *e, crw_origin *o, crw_robots_state state, crawl_robots *rules)
{
	crawl_robots_free(o->robots);
	o->robots = rules;
	o->robots_state = state;
	o->robots_delay_ms = 0;
	if (rules) {
		long d = crawl_robots_delay_ms(rules);
		o->robots_delay_ms = d < 0 ? 0 : d > CRAWL_DELAY_MAX_MS ? CRAWL_DELAY_MAX_MS : d;
	}
	(void)e;
}

static int load_one(void *ctx, const crw_origin_row *row)
{
	engine *e = ctx;
	crw_origin *o = create(e, row->origin);
	if (!o)
		return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
	o->queued = row->queued;
	o->accepted = row->accepted;
	e->queued += row->queued;
	crw_robots_state state = row->robots_state;
	crawl_robots *rules = NULL;
	if (state == CRAWL_ROBOTS_RULES) {
		warc_error perr;
		if (crawl_robots_parse(row->robots_body ? row->robots_body : "", row->robots_len,
				       e->robots_agent, &rules, &perr))
			state = CRAWL_ROBOTS_ALLOW;
	}
	apply_robots(e, o, state, rules);
	if (state == CRAWL_ROBOTS_ALIAS) { /* resolved once every origin is loaded */
		o->robots_alias = NULL;
		o->alias_key = row->robots_body ? strndup(row->robots_body, row->robots_len) : NULL;
	}
	return WARC_OK;
}

int crw_origins_load(engine *e)
{
	int rc = crw_frontier_origins(e->fr, load_one, e, e->err);
	for (size_t i = 0; !rc && i < e->norigins; i++) {
		crw_origin *o = e->origins[i];
		if (o->robots_state != CRAWL_ROBOTS_ALIAS)
			continue;
		o->robots_alias = o->alias_key ? find(e, o->alias_key) : NULL;
		if (!o->robots_alias)
			o->robots_state = CRAWL_ROBOTS_ALLOW;
		free(o->alias_key);
		o->alias_key = NULL;
	}
	return rc;
}

int crw_robots_redirect(engine *e, crw_origin *o, const crw_job *cause, const char *location)
{
	char key[1024];
	const char *path = strstr(location, "://");
	path = path ? path + 3 + strcspn(path + 3, "/?#") : NULL;
	crw_origin *target = NULL;
	if (path && !strcmp(path, "/robots.txt") && crw_origin_key(location, key, sizeof key) && strcmp(key, o->key)) {
		int rc = crw_origin_get(e, key, cause, &target);
		if (rc)
			return rc;
	}
	if (!target || crw_robots_origin(target) == o)
		return crw_robots_set(e, o, CRAWL_ROBOTS_ALLOW, NULL, 0);
	crawl_robots_free(o->robots);
	o->robots = NULL;
	o->robots_state = CRAWL_ROBOTS_ALIAS;
	o->robots_alias = target;
	o->robots_delay_ms = 0;
	crw_origin_row row = { .origin = o->key, .robots_state = CRAWL_ROBOTS_ALIAS, .robots_body = target->key,
				 .robots_len = strlen(target->key) };
	return crw_frontier_save_origin(e->fr, &row, e->err);
}

int crw_origin_get(engine *e, const char *key, const crw_job *cause, crw_origin **out)
{
	crw_origin *o = find(e, key);
	if (o) {
		*out = o;
		return WARC_OK;
	}
	o = create(e, key);
	if (!o)
		return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
	*out = o;
	if (!e->cfg->obey_robots) {
		o->robots_state = CRAWL_ROBOTS_ALLOW;
		return WARC_OK;
	}
	/* robots.txt first: a prerequisite of every URL of the origin. */
	size_t n = strlen(key) + sizeof "/robots.txt";
	char *url = malloc(n);
	if (!url)
		return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
	snprintf(url, n, "%s/robots.txt", key);
	int rc = crw_add_url(e, url, cause, 'P', CRAWL_KIND_ROBOTS);
	free(url);
	return rc;
}

const crw_origin *crw_robots_origin(const crw_origin *o)
{
	for (int hops = 0; o->robots_state == CRAWL_ROBOTS_ALIAS && o->robots_alias && hops < 5; hops++)
		o = o->robots_alias;
	return o;
}

bool crw_robots_allows(const crw_origin *o, const char *path_query)
{
	o = crw_robots_origin(o);
	switch (o->robots_state) {
	case CRAWL_ROBOTS_RULES:
		return !o->robots || crawl_robots_allowed(o->robots, path_query);
	case CRAWL_ROBOTS_DENY:
		return false;
	default:
		return true;
	}
}

int crw_robots_set(engine *e, crw_origin *o, crw_robots_state state, const char *body, size_t len)
{
	crawl_robots *rules = NULL;
	if (state == CRAWL_ROBOTS_RULES) {
		if (len > CRAWL_ROBOTS_MAX)
			len = CRAWL_ROBOTS_MAX;
		warc_error perr;
		if (crawl_robots_parse(body ? body : "", len, e->robots_agent, &rules, &perr)) {
			state = CRAWL_ROBOTS_ALLOW;
			body = NULL;
			len = 0;
		}
	} else {
		body = NULL;
		len = 0;
	}
	apply_robots(e, o, state, rules);
	/* The robots.txt fetch counts as a request: the next waits for Crawl-delay. */
	int64_t next = crw_now_ms() + (o->robots_delay_ms > (long)e->cfg->delay_ms ? o->robots_delay_ms
										   : (long)e->cfg->delay_ms);
	if (o->next_ms < next)
		o->next_ms = next;
	crw_origin_row row = { .origin = o->key, .robots_state = state, .robots_body = body, .robots_len = len };
	int rc = crw_frontier_save_origin(e->fr, &row, e->err);
	if (rc || !rules || !e->cfg->sitemaps)
		return rc;
	/* Sitemap: lines of robots.txt. */
	for (size_t i = 0; !rc && i < crawl_robots_sitemap_count(rules); i++) {
		warc_buf abs;
		warc_buf_init(&abs, WARC_LIMIT_URL);
		warc_error uerr;
		char base[4096];
		snprintf(base, sizeof base, "%s/robots.txt", o->key);
		if (crawl_url_resolve(base, crawl_robots_sitemap(rules, i), &abs, &uerr) == WARC_OK) {
			crw_job cause = { .url = base, .hops = "", .depth = 0, .kind = CRAWL_KIND_ROBOTS };
			rc = crw_add_url(e, abs.data, &cause, 'M', CRAWL_KIND_SITEMAP);
		}
		warc_buf_free(&abs);
	}
	return rc;
}
