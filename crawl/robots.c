/* SPDX-License-Identifier: Apache-2.0 */
/*
 * robots.c - robots.txt per RFC 9309.
 *
 * Design: one pass over the first CRAWL_ROBOTS_MAX bytes keeps only the rules
 * that concern us: those of every group naming our product token (merged, as
 * the RFC asks) and, separately, those of the '*' groups, used only when no
 * group names us. Patterns and paths are brought to one percent-encoding form
 * (unreserved characters decoded, everything else %XX uppercase) so that
 * "/%7Ea" and "/~a" compare equal. Matching is Google's position-set walk:
 * linear in pattern length times path length, no backtracking blow-up.
 * The longest matching pattern wins; on a tie, allow wins.
 */
#include "crawl/crawl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct rule {
	char *pat;      /* normalised pattern */
	size_t len;
	bool allow;
} rule;

typedef struct rules {
	rule *v;
	size_t n, cap;
	long delay_ms;
} rules;

struct crawl_robots {
	int mode;       /* 0 rules, 1 allow all, 2 disallow all */
	rules r;
	char **sitemaps;
	size_t nsitemaps;
};

static void rules_free(rules *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].pat);
	free(r->v);
	memset(r, 0, sizeof *r);
	r->delay_ms = -1;
}

static bool unreserved(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Canonical percent-encoding of s[0..n) into a malloc'd string. */
static char *normalise(const char *s, size_t n, size_t *outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = malloc(n * 3 + 1);
	if (!o)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n && warc_hex_value((unsigned char)s[i + 1]) >= 0 &&
		    warc_hex_value((unsigned char)s[i + 2]) >= 0) {
			int v = warc_hex_value((unsigned char)s[i + 1]) * 16 + warc_hex_value((unsigned char)s[i + 2]);
			if (unreserved(v)) {
				o[k++] = (char)v;
			} else {
				o[k++] = '%';
				o[k++] = hex[v >> 4];
				o[k++] = hex[v & 15];
			}
			i += 2;
		} else if (c <= 0x20 || c >= 0x7f) {
			o[k++] = '%';
			o[k++] = hex[c >> 4];
			o[k++] = hex[c & 15];
		} else {
			o[k++] = (char)c;
		}
	}
	o[k] = '\0';
	*outlen = k;
	return o;
}

static int rules_add(rules *r, const char *val, size_t n, bool allow)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		rule *v = realloc(r->v, cap * sizeof *v);
		if (!v)
			return WARC_ERR_NOMEM;
		r->v = v;
		r->cap = cap;
	}
	size_t len;
	char *p = normalise(val, n, &len);
	if (!p)
		return WARC_ERR_NOMEM;
	r->v[r->n++] = (rule){ p, len, allow };
	return WARC_OK;
}

/* Does pattern pat (with '*' and a final '$') match a prefix of path? */
static bool pattern_match(const char *path, size_t pn, const char *pat, size_t patn, size_t *pos)
{
	/* pos: sorted set of path offsets reachable so far (capacity pn + 1) */
	size_t npos = 1;
	pos[0] = 0;
	for (size_t i = 0; i < patn; i++) {
		char c = pat[i];
		if (c == '$' && i + 1 == patn)
			return pos[npos - 1] == pn;
		if (c == '*') {
			size_t from = pos[0];
			npos = pn - from + 1;
			for (size_t j = 0; j < npos; j++)
				pos[j] = from + j;
		} else {
			size_t m = 0;
			for (size_t j = 0; j < npos; j++)
				if (pos[j] < pn && path[pos[j]] == c)
					pos[m++] = pos[j] + 1;
			if (m == 0)
				return false;
			npos = m;
		}
	}
	return true;
}

/* Leading product-token characters [A-Za-z_-] of s. */
static size_t token_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (isalpha((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
		i++;
	return i;
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static bool key_is(const char *k, size_t kn, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == kn && !strncasecmp(k, *names, kn))
			return true;
	return false;
}

static const char *const K_UA[] = { "user-agent", "useragent", "user agent", NULL };
static const char *const K_ALLOW[] = { "allow", NULL };
static const char *const K_DISALLOW[] = { "disallow", "dissallow", "dissalow", "disalow", "diasllow",
					  "disallaw", NULL };
static const char *const K_DELAY[] = { "crawl-delay", "crawldelay", "crawl delay", NULL };
static const char *const K_SITEMAP[] = { "sitemap", "site-map", NULL };

static long parse_delay(const char *v, size_t n)
{
	/* seconds, possibly fractional: "10", "0.5" */
	char tmp[32];
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	char *end;
	double d = strtod(tmp, &end);
	if (end == tmp || *end != '\0' || !(d >= 0))
		return -1;
	if (d * 1000.0 > (double)CRAWL_ROBOTS_DELAY_MAX_MS)
		return CRAWL_ROBOTS_DELAY_MAX_MS;
	return (long)(d * 1000.0 + 0.5);
}

static crawl_robots *robots_new(int mode)
{
	crawl_robots *r = calloc(1, sizeof *r);
	if (r) {
		r->mode = mode;
		r->r.delay_ms = -1;
	}
	return r;
}

crawl_robots *crawl_robots_allow_all(void)
{
	return robots_new(1);
}

crawl_robots *crawl_robots_disallow_all(void)
{
	return robots_new(2);
}

/* The next line from *i as [*s, *e): end of line (LF, CR or CRLF) and any
 * '#' comment left out. False at the end of txt, or for a last line that
 * the size limit cut (truncated): it could mean anything. */
static bool next_line(const char *txt, size_t len, bool truncated, size_t *i, size_t *s, size_t *e)
{
	if (*i >= len)
		return false;
	*s = *i;
	while (*i < len && txt[*i] != '\n' && txt[*i] != '\r')
		(*i)++;
	*e = *i;
	if (*i == len && truncated)
		return false;
	if (*i < len && txt[*i] == '\r') {
		(*i)++;
		if (*i < len && txt[*i] == '\n')
			(*i)++;
	} else if (*i < len) {
		(*i)++;
	}
	const char *hash = memchr(txt + *s, '#', *e - *s);
	if (hash)
		*e = (size_t)(hash - txt);
	return true;
}

/* Key and value of a line of n bytes, trimmed. False for a blank line, a
 * comment or garbage: "disallow /x" (a forgotten colon) is accepted for the
 * known keys only. */
static bool split_line(const char *line, size_t n, const char **k, size_t *kn, const char **v, size_t *vn)
{
	const char *colon = memchr(line, ':', n);
	*k = line;
	if (colon) {
		*kn = (size_t)(colon - line);
		*v = colon + 1;
		*vn = n - *kn - 1;
	} else {
		size_t j = 0;
		while (j < n && isspace((unsigned char)line[j]))
			j++;
		while (j < n && !isspace((unsigned char)line[j]))
			j++;
		*kn = j;
		*v = line + j;
		*vn = n - j;
		const char *kk = *k;
		size_t kkn = *kn;
		trim(&kk, &kkn);
		if (*vn == 0 || !(key_is(kk, kkn, K_UA) || key_is(kk, kkn, K_ALLOW) || key_is(kk, kkn, K_DISALLOW)))
			return false;
	}
	trim(k, kn);
	trim(v, vn);
	return true;
}

/* Where the one pass over the file stands. */
typedef struct robots_parse {
	crawl_robots *rb;        /* the result: rb->r holds our token's rules */
	rules star;              /* the rules of the '*' groups */
	const char *agent;       /* our product token */
	size_t agent_len;
	bool in_group;           /* a user-agent line was seen: rules count */
	bool prev_ua;            /* the last significant line was a user-agent line */
	bool g_specific, g_star; /* the current group names us, names '*' */
	bool found_specific;     /* some group names us */
} robots_parse;

/* A user-agent line: consecutive ones open one group together. */
static void on_user_agent(robots_parse *ps, const char *v, size_t vn)
{
	if (!ps->prev_ua) {
		ps->in_group = true;
		ps->g_specific = ps->g_star = false;
	}
	ps->prev_ua = true;
	if (vn > 0 && v[0] == '*') {
		ps->g_star = true;
	} else {
		size_t tl = token_len(v, vn);
		if (tl > 0 && tl == ps->agent_len && !strncasecmp(v, ps->agent, tl)) {
			ps->g_specific = true;
			ps->found_specific = true;
		}
	}
}

/* A Sitemap: line: not part of any group, and does not end one either. */
static int on_sitemap(crawl_robots *rb, const char *v, size_t vn)
{
	if (vn == 0 || rb->nsitemaps >= CRAWL_ROBOTS_SITEMAPS_MAX)
		return WARC_OK;
	char **sm = realloc(rb->sitemaps, (rb->nsitemaps + 1) * sizeof *sm);
	char *val = strndup(v, vn);
	if (!sm || !val) {
		free(val);
		if (sm)
			rb->sitemaps = sm;
		return WARC_ERR_NOMEM;
	}
	rb->sitemaps = sm;
	rb->sitemaps[rb->nsitemaps++] = val;
	return WARC_OK;
}

/* Any other line: Allow, Disallow and Crawl-delay go to the current group's
 * rules (ours, '*' or both); unknown keys are ignored and keep the group open. */
static int on_rule(robots_parse *ps, const char *k, size_t kn, const char *v, size_t vn)
{
	bool allow = key_is(k, kn, K_ALLOW);
	bool disallow = !allow && key_is(k, kn, K_DISALLOW);
	bool delay = !allow && !disallow && key_is(k, kn, K_DELAY);
	if (!allow && !disallow && !delay)
		return WARC_OK;  /* unknown key: ignore, keep the group open */
	ps->prev_ua = false;
	if (!ps->in_group)
		return WARC_OK;  /* rules before any user-agent line */
	if (delay) {
		long d = parse_delay(v, vn);
		if (d >= 0 && ps->g_specific && ps->rb->r.delay_ms < 0)
			ps->rb->r.delay_ms = d;
		if (d >= 0 && ps->g_star && ps->star.delay_ms < 0)
			ps->star.delay_ms = d;
		return WARC_OK;
	}
	if (vn == 0)
		return WARC_OK;  /* "Disallow:" = no restriction; empty allow says nothing */
	int rc = WARC_OK;
	if (ps->g_specific)
		rc = rules_add(&ps->rb->r, v, vn, allow);
	if (!rc && ps->g_star)
		rc = rules_add(&ps->star, v, vn, allow);
	return rc;
}

int crawl_robots_parse(const char *txt, size_t len, const char *user_agent, crawl_robots **out,
		       warc_error *err)
{
	if (!out || (!txt && len))
		return warc_fail(err, WARC_ERR_USAGE, "crawl_robots_parse: NULL argument");
	*out = NULL;
	if (!user_agent)
		user_agent = "";
	bool truncated = len > CRAWL_ROBOTS_MAX;
	if (truncated)
		len = CRAWL_ROBOTS_MAX;
	if (len >= 3 && !memcmp(txt, "\xEF\xBB\xBF", 3)) {
		txt += 3;
		len -= 3;
	}
	robots_parse ps = { .rb = robots_new(0), .star = { NULL, 0, 0, -1 }, .agent = user_agent,
			    .agent_len = token_len(user_agent, strlen(user_agent)) };
	if (!ps.rb)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	int rc = WARC_OK;
	size_t i = 0, s, e;
	while (rc == WARC_OK && next_line(txt, len, truncated, &i, &s, &e)) {
		const char *k, *v;
		size_t kn, vn;
		if (!split_line(txt + s, e - s, &k, &kn, &v, &vn))
			continue;  /* blank, comment or garbage */
		if (key_is(k, kn, K_UA))
			on_user_agent(&ps, v, vn);
		else if (key_is(k, kn, K_SITEMAP))
			rc = on_sitemap(ps.rb, v, vn);
		else
			rc = on_rule(&ps, k, kn, v, vn);
	}
	if (rc) {
		rules_free(&ps.star);
		crawl_robots_free(ps.rb);
		return warc_fail(err, rc, "out of memory parsing robots.txt");
	}
	if (!ps.found_specific) {
		rules_free(&ps.rb->r);
		ps.rb->r = ps.star;
	} else {
		rules_free(&ps.star);
	}
	*out = ps.rb;
	return WARC_OK;
}

bool crawl_robots_allowed(const crawl_robots *r, const char *path_query)
{
	if (!r || r->mode == 1)
		return true;
	if (!path_query || !*path_query)
		path_query = "/";
	size_t pn;
	char *path = normalise(path_query, strlen(path_query), &pn);
	if (!path)
		return false;  /* out of memory: err on the side of not fetching */
	/* RFC 9309 §2.2.2: /robots.txt is implicitly allowed, however it is spelt */
	bool robots_txt = !strcmp(path, "/robots.txt");
	if (robots_txt || r->mode == 2 || r->r.n == 0) {
		free(path);
		return robots_txt || r->mode != 2;
	}
	size_t *pos = malloc((pn + 1) * sizeof *pos);
	if (!pos) {
		free(path);
		return false;
	}
	size_t best_len = 0;
	bool best_allow = true, any = false;
	for (size_t i = 0; i < r->r.n; i++) {
		const rule *ru = &r->r.v[i];
		if (any && ru->len < best_len)
			continue;
		if (!pattern_match(path, pn, ru->pat, ru->len, pos))
			continue;
		if (!any || ru->len > best_len || (ru->len == best_len && ru->allow)) {
			best_allow = (any && ru->len == best_len) ? (best_allow || ru->allow) : ru->allow;
			best_len = ru->len;
			any = true;
		}
	}
	free(pos);
	free(path);
	return any ? best_allow : true;
}

long crawl_robots_delay_ms(const crawl_robots *r)
{
	return r ? r->r.delay_ms : -1;
}

size_t crawl_robots_sitemap_count(const crawl_robots *r)
{
	return r ? r->nsitemaps : 0;
}

const char *crawl_robots_sitemap(const crawl_robots *r, size_t i)
{
	return r && i < r->nsitemaps ? r->sitemaps[i] : NULL;
}

void crawl_robots_free(crawl_robots *r)
{
	if (!r)
		return;
	rules_free(&r->r);
	for (size_t i = 0; i < r->nsitemaps; i++)
		free(r->sitemaps[i]);
	free(r->sitemaps);
	free(r);
}
