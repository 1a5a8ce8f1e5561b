/* SPDX-License-Identifier: Apache-2.0 */
/*
 * traps.c - cheap structural guards against crawler traps.
 *
 * Design: crawl_trap_check() judges what one URL shows by itself: its
 * length, how many path segments it has, and whether one segment keeps
 * coming back (/a/b/a/b/a/b, /x/x/x: relative links that grow the path
 * forever). Calendars look fine one URL at a time; they are caught by their
 * shape over many pages instead: crawl_trap_pattern() names the family a URL
 * belongs to (digits and query values wildcarded), and the engine counts
 * pages of one family in a row that bring nothing new but the next member
 * (process.c). What is left (faceted search, session ids) is bounded by
 * the per-host budget.
 */
#include "crawl/crawl.h"

#include <string.h>

const char *crawl_trap_check(const crawl_trap_limits *lim, const char *url)
{
	if (!url)
		return "no URL";
	unsigned max_depth = lim && lim->max_path_depth ? lim->max_path_depth : CRAWL_TRAP_PATH_DEPTH;
	unsigned max_rep = lim && lim->max_segment_repeats ? lim->max_segment_repeats : CRAWL_TRAP_SEGMENT_REPEATS;
	unsigned max_len = lim && lim->max_url_length ? lim->max_url_length : CRAWL_TRAP_URL_LENGTH;
	size_t len = strnlen(url, (size_t)max_len + 1);
	if (len > max_len)
		return "URL too long";

	/* the path: after "scheme://authority", up to '?' or '#' */
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	if (!p)
		return NULL;
	size_t plen = strcspn(p, "?#");

	/* segments as (offset, length); depth is bounded before repeats are compared */
	size_t off[CRAWL_TRAP_URL_LENGTH / 2 + 1], sl[CRAWL_TRAP_URL_LENGTH / 2 + 1];
	size_t nseg = 0, i = 0;
	while (i < plen) {
		while (i < plen && p[i] == '/')
			i++;
		if (i >= plen)
			break;
		size_t s = i;
		while (i < plen && p[i] != '/')
			i++;
		if (nseg >= max_depth || nseg >= sizeof off / sizeof off[0])
			return "path too deep";
		off[nseg] = s;
		sl[nseg] = i - s;
		nseg++;
	}
	for (size_t a = 0; a < nseg; a++) {
		unsigned seen = 1;
		for (size_t b = a + 1; b < nseg; b++)
			if (sl[a] == sl[b] && !memcmp(p + off[a], p + off[b], sl[a]))
				seen++;
		if (seen >= max_rep)
			return "repeated path segment";
	}
	return NULL;
}

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

/* The query's parameter names, sorted (bytewise), hashed in order. */
static uint64_t query_keys(uint64_t h, const char *q)
{
	const char *names[64];
	size_t lens[64], n = 0;
	for (const char *p = q; *p && *p != '#' && n < 64;) {
		size_t l = strcspn(p, "=&#");
		names[n] = p;
		lens[n++] = l;
		p += strcspn(p, "&#");
		if (*p == '&')
			p++;
	}
	for (size_t i = 1; i < n; i++) /* insertion sort: at most 64 names */
		for (size_t j = i; j > 0; j--) {
			size_t m = lens[j] < lens[j - 1] ? lens[j] : lens[j - 1];
			int c = memcmp(names[j], names[j - 1], m);
			if (c > 0 || (c == 0 && lens[j] >= lens[j - 1]))
				break;
			const char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
			size_t tl = lens[j];
			lens[j] = lens[j - 1];
			lens[j - 1] = tl;
		}
	h = fnv(h, "?", 1);
	for (size_t i = 0; i < n; i++)
		h = fnv(fnv(h, names[i], lens[i]), "&", 1);
	return h;
}

uint64_t crawl_trap_pattern(const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;
	if (!p)
		return 0;
	p += 3;
	uint64_t h = 14695981039346656037ull;
	size_t auth = strcspn(p, "/?#");
	h = fnv(h, p, auth);
	p += auth;
	bool digits = false;
	for (; *p && *p != '?' && *p != '#'; p++) { /* the path, digit runs as '#' */
		bool d = *p >= '0' && *p <= '9';
		if (!d || !digits)
			h = fnv(h, d ? "#" : p, 1);
		digits = d;
	}
	if (*p == '?')
		h = query_keys(h, p + 1);
	return h ? h : 1;
}
