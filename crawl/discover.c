/* SPDX-License-Identifier: Apache-2.0 */
/*
 * discover.c - what a discovered URL becomes: seed handling, the scope and
 * depth decision for links and redirects, then trap guards, the per-host
 * budget and the seen set (the frontier's UNIQUE url).
 *
 * Rules (SPEC.md "wark crawl"): navigation links of a page must be in scope
 * and within --depth; embeds (requisites) of a page or of a requisite are
 * fetched whatever the scope (but not if --exclude matches) with
 * --requisites, else only in scope; a
 * redirect keeps the kind and depth of the URL that redirected, and a
 * seed's redirect target becomes a seed. URLs out of scope are not stored
 * or logged; trap and budget cuts are stored once and logged once.
 */
#include "crawl/internal.h"

#include <stdlib.h>
#include <string.h>

int crw_log_decision(engine *e, const crw_job *j, crawl_outcome out, const char *why)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	crawl_event ev = { .when = now, .url = j->url, .hops = j->hops, .via = j->via,
			   .duration_ms = -1, .outcome = out, .error = why };
	return crw_log(e, &ev);
}

int crw_final(engine *e, const crw_job *j, crawl_outcome out, const char *why)
{
	int rc = crw_frontier_done(e->fr, j->id, out, 0, e->err);
	return rc ? rc : crw_log_decision(e, j, out, why);
}

/* A URL cut at discovery: stored as done (the seen set keeps it once) and logged once. */
static int cut(engine *e, const crw_job *j, crawl_outcome out, const char *why)
{
	bool added;
	int rc = crw_frontier_add(e->fr, j, CRAWL_ST_DONE, out, &added, e->err);
	return rc || !added ? rc : crw_log_decision(e, j, out, why);
}

static void make_hops(char *out, size_t outsz, const crw_job *parent, char hop)
{
	const char *ph = parent && parent->hops ? parent->hops : "";
	size_t n = strlen(ph);
	if (n + 1 >= outsz - 1)
		ph += n + 2 - (outsz - 1);
	snprintf(out, outsz, "%s%c", ph, hop);
}

/* A page of depth d that passes the scope. */
static bool page_allowed(engine *e, const char *url, int depth)
{
	if (e->cfg->depth >= 0 && depth > e->cfg->depth)
		return false;
	return crawl_scope_allows(e->scope, url);
}

/* Requisites ignore the scope with --requisites, but never --exclude. */
static bool requisite_allowed(engine *e, const char *url)
{
	if (e->cfg->requisites)
		return crawl_scope_allows(e->excludes, url);
	return crawl_scope_allows(e->scope, url);
}

/* crw_add_url; a URL that passes scope and traps is cut with forced_trap when set. */
static int add_url(engine *e, const char *url, const crw_job *parent, char hop, crw_kind kind,
		   const char *forced_trap)
{
	char key[1024];
	if (!crw_origin_key(url, key, sizeof key))
		return WARC_OK;
	char hops[CRAWL_HOPS_MAX + 1];
	if (parent)
		make_hops(hops, sizeof hops, parent, hop);
	else
		hops[0] = '\0';
	crw_job j = {
		.url = (char *)url,
		.origin = key,
		.hops = hops,
		.via = parent ? parent->url : NULL,
		.depth = parent ? parent->depth + (hop == 'L' || hop == 'E' || (hop == 'M' && kind == CRAWL_KIND_PAGE)) : 0,
		.kind = kind,
	};
	const char *trap = kind == CRAWL_KIND_ROBOTS ? NULL : crawl_trap_check(&e->traps, url);
	if (!trap)
		trap = forced_trap;
	if (trap)
		return cut(e, &j, CRAWL_OUT_TRAP, trap);
	crw_origin *o;
	int rc = crw_origin_get(e, key, parent ? parent : &j, &o);
	if (rc)
		return rc;
	if (kind != CRAWL_KIND_ROBOTS && e->cfg->host_budget && o->accepted >= e->cfg->host_budget)
		return cut(e, &j, CRAWL_OUT_BUDGET, NULL);
	bool added;
	rc = crw_frontier_add(e->fr, &j, CRAWL_ST_QUEUED, 0, &added, e->err);
	if (rc || !added)
		return rc;
	o->accepted++;
	o->queued++;
	e->queued++;
	return WARC_OK;
}

int crw_add_url(engine *e, const char *url, const crw_job *parent, char hop, crw_kind kind)
{
	return add_url(e, url, parent, hop, kind, NULL);
}

int crw_add_link_trap(engine *e, const crw_job *parent, const char *url, crawl_link_kind kind,
			 const char *trap)
{
	if (parent->kind == CRAWL_KIND_SITEMAP) {
		/* Sitemap entries are pages (nested sitemaps are routed by process.c). */
		if (!page_allowed(e, url, parent->depth + 1))
			return WARC_OK;
		return add_url(e, url, parent, 'M', CRAWL_KIND_PAGE, trap);
	}
	if (kind == CRAWL_LINK_REQUISITE) {
		if (!requisite_allowed(e, url))
			return WARC_OK;
		return add_url(e, url, parent, 'E', CRAWL_KIND_REQUISITE, trap);
	}
	if (parent->kind != CRAWL_KIND_PAGE || !page_allowed(e, url, parent->depth + 1))
		return WARC_OK;
	return add_url(e, url, parent, 'L', CRAWL_KIND_PAGE, trap);
}

int crw_add_link(engine *e, const crw_job *parent, const char *url, crawl_link_kind kind)
{
	return crw_add_link_trap(e, parent, url, kind, NULL);
}

int crw_add_redirect(engine *e, const crw_job *parent, const char *url)
{
	switch (parent->kind) {
	case CRAWL_KIND_PAGE:
		if (!parent->via) { /* a seed: its target is a seed too */
			int rc = crawl_scope_add_seed(e->scope, url, e->err);
			if (!rc)
				rc = crw_frontier_add_seed(e->fr, url, e->err);
			if (rc)
				return rc;
		} else if (!page_allowed(e, url, parent->depth)) {
			return WARC_OK;
		}
		return crw_add_url(e, url, parent, 'R', CRAWL_KIND_PAGE);
	case CRAWL_KIND_REQUISITE:
		if (!requisite_allowed(e, url))
			return WARC_OK;
		return crw_add_url(e, url, parent, 'R', CRAWL_KIND_REQUISITE);
	case CRAWL_KIND_SITEMAP:
		return crw_add_url(e, url, parent, 'R', CRAWL_KIND_SITEMAP);
	default:
		return WARC_OK; /* robots.txt redirects are not followed (treated as unavailable) */
	}
}

static int add_scope_seed(void *ctx, const char *url)
{
	engine *e = ctx;
	return crawl_scope_add_seed(e->scope, url, e->err);
}

int crw_setup_scope(engine *e)
{
	const crawl_config *c = e->cfg;
	/* robots.txt groups are chosen by the product token: "wark/0.1 (...)" -> "wark". */
	size_t n = strcspn(c->user_agent, "/ ");
	if (n >= sizeof e->robots_agent)
		n = sizeof e->robots_agent - 1;
	memcpy(e->robots_agent, c->user_agent, n);
	e->robots_agent[n] = '\0';
	int rc = crawl_scope_new(&e->scope, c->scope, e->err);
	if (!rc) /* "any" minus the exclusions: the test for requisites */
		rc = crawl_scope_new(&e->excludes, CRAWL_SCOPE_ANY, e->err);
	for (size_t i = 0; !rc && i < c->nincludes; i++)
		rc = crawl_scope_include(e->scope, c->includes[i], e->err);
	for (size_t i = 0; !rc && i < c->nexcludes; i++) {
		rc = crawl_scope_exclude(e->scope, c->excludes[i], e->err);
		if (!rc)
			rc = crawl_scope_exclude(e->excludes, c->excludes[i], e->err);
	}
	if (!rc)
		rc = crw_frontier_seeds(e->fr, add_scope_seed, e, e->err);
	return rc;
}

int crw_add_seeds(engine *e)
{
	const crawl_config *c = e->cfg;
	int rc = WARC_OK;
	e->pages_base = crw_frontier_count_captured(e->fr, true);
	for (size_t i = 0; !rc && i < c->nseeds; i++) {
		warc_buf url;
		warc_buf_init(&url, WARC_LIMIT_URL);
		rc = crawl_url_seed(c->seeds[i], &url, e->err);
		if (!rc) {
			rc = crawl_scope_add_seed(e->scope, url.data, e->err);
			if (!rc)
				rc = crw_frontier_add_seed(e->fr, url.data, e->err);
			if (!rc)
				rc = crw_add_url(e, url.data, NULL, 0, CRAWL_KIND_PAGE);
			if (!rc && c->sitemaps) {
				char key[1024], sm[1100];
				if (crw_origin_key(url.data, key, sizeof key)) {
					snprintf(sm, sizeof sm, "%s/sitemap.xml", key);
					crw_job seed = { .url = url.data, .hops = "", .depth = 0 };
					rc = crw_add_url(e, sm, &seed, 'M', CRAWL_KIND_SITEMAP);
				}
			}
		}
		warc_buf_free(&url);
	}
	return rc;
}
