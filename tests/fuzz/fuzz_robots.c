/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_robots.c - libFuzzer target for robots.txt (crawl/robots.c): the
 * parser, group selection and the wildcard matcher, at more depth than
 * fuzz_crawl's one query per file.
 *
 * Input: one selector byte (picks the User-Agent wark announces), then the
 * robots.txt. The queries are a few fixed paths plus, for each line of the
 * file, the text after its first ':' (so the paths the rules name are
 * asked about, with and without a query string). Besides "no crash, no
 * leak, no hang" it checks crawl.h's promises: any bytes parse; /robots.txt
 * is always allowed; Crawl-delay is -1 or within a day; at most 1000
 * sitemaps, none NULL; and a path decides the same as its percent-encoded
 * twin (unreserved characters written as %XX), as RFC 9309 asks.
 * Seeds: tests/fuzz/corpus/robots/.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawl/crawl.h"

#define MAX_QUERIES 64
#define MAX_PATH 512

static const char *agents[] = { "wark/0.1 (+https://example.test/bot)", "Googlebot/2.1", "*", "", "w" };

/* path with every alphanumeric character percent-encoded; false if path has '%' */
static bool encoded_twin(const char *path, char *out, size_t outsz)
{
	size_t k = 0;
	for (const char *p = path; *p; p++) {
		if (*p == '%')
			return false;
		if (k + 4 > outsz)
			return false;
		if (isalnum((unsigned char)*p))
			k += (size_t)snprintf(out + k, outsz - k, "%%%02X", (unsigned char)*p);
		else
			out[k++] = *p;
	}
	out[k] = '\0';
	return true;
}

static void query(const crawl_robots *r, const char *path)
{
	bool a = crawl_robots_allowed(r, path);
	if (a != crawl_robots_allowed(r, path))
		__builtin_trap();   /* a query has no side effects */
	char twin[MAX_PATH * 3 + 4];
	if (path[0] == '/' && encoded_twin(path, twin, sizeof twin) && crawl_robots_allowed(r, twin) != a)
		__builtin_trap();   /* "/a" and "/%61" are one path */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *ua = agents[data[0] % (sizeof agents / sizeof *agents)];
	const char *txt = (const char *)data + 1;
	size_t n = size - 1;
	crawl_robots *r = NULL;
	warc_error err;
	if (crawl_robots_parse(txt, n, ua, &r, &err) != WARC_OK || !r)
		__builtin_trap();   /* any bytes parse */
	if (!crawl_robots_allowed(r, "/robots.txt"))
		__builtin_trap();
	long d = crawl_robots_delay_ms(r);
	if (d < -1 || d > 86400L * 1000L)
		__builtin_trap();
	size_t ns = crawl_robots_sitemap_count(r);
	if (ns > 1000)
		__builtin_trap();
	for (size_t i = 0; i < ns; i++)
		if (!crawl_robots_sitemap(r, i))
			__builtin_trap();

	static const char *fixed[] = { "/", "", "/index.html", "/a/b?c=d", "/%7Ea", "/~a", "/$", "/*" };
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		query(r, fixed[i]);
	char path[MAX_PATH + 8];
	size_t q = 0;
	for (size_t i = 0; i < n && q < MAX_QUERIES;) {
		size_t s = i;
		while (i < n && txt[i] != '\n' && txt[i] != '\r')
			i++;
		const char *colon = memchr(txt + s, ':', i - s);
		if (colon) {
			const char *v = colon + 1;
			size_t vn = (size_t)(txt + i - v);
			while (vn && (*v == ' ' || *v == '\t'))
				v++, vn--;
			if (vn > MAX_PATH)
				vn = MAX_PATH;
			memcpy(path, v, vn);
			path[vn] = '\0';
			query(r, path);   /* cut at a NUL: still a path */
			strcat(path, "?x=1");
			query(r, path);
			q++;
		}
		while (i < n && (txt[i] == '\n' || txt[i] == '\r'))
			i++;
	}
	crawl_robots_free(r);
	return 0;
}
