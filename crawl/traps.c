/* SPDX-License-Identifier: Apache-2.0 */
/*
 * traps.c - cheap structural guards against crawler traps.
 *
 * Design: only what one URL shows by itself is judged here: its length, how
 * many path segments it has, and whether one segment keeps coming back
 * (/a/b/a/b/a/b, /x/x/x: relative links that grow the path forever). Traps
 * that look fine one URL at a time (calendars, faceted search, session ids)
 * are bounded by the engine's per-host budget instead.
 */
#include "crawl/crawl.h"

#include <string.h>

#define TRAP_DEFAULT_DEPTH 20u
#define TRAP_DEFAULT_REPEATS 3u
#define TRAP_DEFAULT_LENGTH 2048u

const char *crawl_trap_check(const crawl_trap_limits *lim, const char *url)
{
	if (!url)
		return "no URL";
	unsigned max_depth = lim && lim->max_path_depth ? lim->max_path_depth : TRAP_DEFAULT_DEPTH;
	unsigned max_rep = lim && lim->max_segment_repeats ? lim->max_segment_repeats : TRAP_DEFAULT_REPEATS;
	unsigned max_len = lim && lim->max_url_length ? lim->max_url_length : TRAP_DEFAULT_LENGTH;
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
	size_t off[TRAP_DEFAULT_LENGTH / 2 + 1], sl[TRAP_DEFAULT_LENGTH / 2 + 1];
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
