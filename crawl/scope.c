/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scope.c - which URLs are pages of this crawl.
 *
 * Design: each seed is reduced once, when added, to what the modes compare
 * against (normalised URL, "host/dir/" prefix, host, registrable domain), so
 * crawl_scope_allows() does string compares plus the regexes. Registrable
 * domains come from libpsl's built-in list (psl_registrable_domain); hosts
 * without one (IP literals, "localhost") stand for themselves. Scheme is not
 * part of any comparison: http and https of one site are one scope.
 * Include patterns widen the scope (a URL matching one is in even when the
 * mode says no), exclude patterns narrow it and win over everything. Both
 * are PCRE2 lists (warc/regex.c), searched (not anchored) in the whole URL.
 */
#include "crawl/crawl.h"

#include <libpsl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCOPE_HOST_MAX 256

typedef struct seed {
	char *url;      /* normalised, without scheme */
	char *prefix;   /* without scheme, up to and including the last '/' of the path */
	char host[SCOPE_HOST_MAX];
	char domain[SCOPE_HOST_MAX];
} seed;

struct crawl_scope {
	crawl_scope_mode mode;
	psl_ctx_t *psl_own;        /* non-NULL when we had to load a list ourselves */
	const psl_ctx_t *psl;
	seed *seeds;
	size_t nseeds;
	warc_regex_list inc, exc;
};

static const char *without_scheme(const char *url)
{
	const char *p = strstr(url, "://");
	return p ? p + 3 : url;
}

static void domain_of(const crawl_scope *s, const char *host, char *out, size_t outsz)
{
	const char *d = s->psl && host[0] != '[' ? psl_registrable_domain(s->psl, host) : NULL;
	snprintf(out, outsz, "%s", d ? d : host);
}

int crawl_scope_new(crawl_scope **out, crawl_scope_mode mode, warc_error *err)
{
	if (!out || mode < CRAWL_SCOPE_PAGE || mode > CRAWL_SCOPE_ANY)
		return warc_fail(err, WARC_ERR_USAGE, "crawl_scope_new: bad arguments");
	crawl_scope *s = calloc(1, sizeof *s);
	if (!s)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	s->mode = mode;
	s->psl = psl_builtin();
	if (!s->psl) {
		s->psl_own = psl_latest(NULL);
		s->psl = s->psl_own;
	}
	*out = s;
	return WARC_OK;
}

int crawl_scope_add_seed(crawl_scope *s, const char *url, warc_error *err)
{
	if (!s || !url)
		return warc_fail(err, WARC_ERR_USAGE, "crawl_scope_add_seed: NULL argument");
	warc_buf norm;
	warc_buf_init(&norm, WARC_LIMIT_URL);
	int rc = crawl_url_resolve(NULL, url, &norm, err);
	if (rc) {
		warc_buf_free(&norm);
		return rc;
	}
	seed sd = { 0 };
	if (crawl_url_host(norm.data, sd.host, sizeof sd.host) != WARC_OK) {
		warc_buf_free(&norm);
		return warc_fail(err, WARC_ERR_FORMAT, "seed has no usable host: %s", url);
	}
	domain_of(s, sd.host, sd.domain, sizeof sd.domain);
	const char *ns = without_scheme(norm.data);
	sd.url = strdup(ns);
	size_t pathend = strcspn(ns, "?");
	const char *slash = ns;
	for (const char *p = ns; p < ns + pathend; p++)
		if (*p == '/')
			slash = p;
	sd.prefix = strndup(ns, (size_t)(slash - ns) + 1);
	warc_buf_free(&norm);
	seed *v = realloc(s->seeds, (s->nseeds + 1) * sizeof *v);
	if (!sd.url || !sd.prefix || !v) {
		free(sd.url);
		free(sd.prefix);
		if (v)
			s->seeds = v;
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	s->seeds = v;
	s->seeds[s->nseeds++] = sd;
	return WARC_OK;
}

int crawl_scope_include(crawl_scope *s, const char *regex, warc_error *err)
{
	if (!s)
		return warc_fail(err, WARC_ERR_USAGE, "NULL scope");
	return warc_regex_list_add(&s->inc, regex, err);
}

int crawl_scope_exclude(crawl_scope *s, const char *regex, warc_error *err)
{
	if (!s)
		return warc_fail(err, WARC_ERR_USAGE, "NULL scope");
	return warc_regex_list_add(&s->exc, regex, err);
}

static bool mode_allows(const crawl_scope *s, const char *url)
{
	if (s->mode == CRAWL_SCOPE_ANY)
		return true;
	char host[SCOPE_HOST_MAX], domain[SCOPE_HOST_MAX];
	if (crawl_url_host(url, host, sizeof host) != WARC_OK)
		return false;
	const char *ns = without_scheme(url);
	if (s->mode == CRAWL_SCOPE_DOMAIN)
		domain_of(s, host, domain, sizeof domain);
	for (size_t i = 0; i < s->nseeds; i++) {
		const seed *sd = &s->seeds[i];
		switch (s->mode) {
		case CRAWL_SCOPE_PAGE:
			if (!strcmp(ns, sd->url))
				return true;
			break;
		case CRAWL_SCOPE_PREFIX:
			if (!strncmp(ns, sd->prefix, strlen(sd->prefix)))
				return true;
			break;
		case CRAWL_SCOPE_HOST:
			if (!strcmp(host, sd->host))
				return true;
			break;
		case CRAWL_SCOPE_DOMAIN:
			if (!strcmp(domain, sd->domain))
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

bool crawl_scope_allows(const crawl_scope *s, const char *url)
{
	if (!s || !url)
		return false;
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
		return false;
	if (warc_regex_list_any(&s->exc, url))
		return false;
	return mode_allows(s, url) || warc_regex_list_any(&s->inc, url);
}

int crawl_scope_mode_parse(const char *name, crawl_scope_mode *out)
{
	static const char *const names[] = { "page", "prefix", "host", "domain", "any" };
	if (!name || !out)
		return WARC_ERR_USAGE;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!strcasecmp(name, names[i])) {
			*out = (crawl_scope_mode)i;
			return WARC_OK;
		}
	}
	return WARC_ERR_USAGE;
}

void crawl_scope_free(crawl_scope *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nseeds; i++) {
		free(s->seeds[i].url);
		free(s->seeds[i].prefix);
	}
	free(s->seeds);
	warc_regex_list_free(&s->inc);
	warc_regex_list_free(&s->exc);
	if (s->psl_own)
		psl_free(s->psl_own);
	free(s);
}
