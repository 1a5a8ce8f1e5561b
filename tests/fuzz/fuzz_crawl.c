/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_crawl.c - libFuzzer target for crawl/ policy and discovery: robots.txt,
 * HTML, CSS and sitemap link extraction, URL resolution and trap checks.
 *
 * Input: one selector byte (mod 5) picks the parser, the rest is its input;
 * for robots the first line is the path asked about, for URLs the first line
 * is the base and the rest the reference. Besides "no crash, no leak, no
 * hang" it checks the promise every extractor makes: each reported URL is
 * absolute http(s), fragment-free, printable ASCII, and resolving it again
 * against itself changes nothing.
 * Seeds: tests/fuzz/corpus/crawl/ (selector byte + input).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crawl/crawl.h"

static void check_url(const char *url)
{
	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
		abort();
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '#')
			abort();
	warc_buf b;
	warc_buf_init(&b, 1u << 20);
	warc_error e;
	if (crawl_url_resolve(url, url, &b, &e) != WARC_OK || strcmp(b.data, url))
		abort();  /* a resolved URL must be a fixed point */
	warc_buf_free(&b);
	(void)crawl_trap_check(NULL, url);
}

static int on_link(void *ctx, const char *url, crawl_link_kind kind)
{
	(void)ctx;
	if (kind != CRAWL_LINK_NAV && kind != CRAWL_LINK_REQUISITE)
		abort();
	check_url(url);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0] % 5;
	const char *in = (const char *)data + 1;
	size_t n = size - 1;
	char *s = malloc(n + 1);
	if (!s)
		return 0;
	memcpy(s, in, n);
	s[n] = '\0';
	warc_error e;
	const char *base = "http://fuzz.test/dir/page.html";
	switch (sel) {
	case 0: {
		char *nl = memchr(s, '\n', n);
		const char *path = "/";
		const char *txt = s;
		size_t tl = n;
		if (nl) {
			*nl = '\0';
			path = s;
			txt = nl + 1;
			tl = n - (size_t)(txt - s);
		}
		crawl_robots *r = NULL;
		if (crawl_robots_parse(txt, tl, "wark/1.0", &r, &e) == WARC_OK) {
			(void)crawl_robots_allowed(r, path);
			(void)crawl_robots_delay_ms(r);
			for (size_t i = 0; i < crawl_robots_sitemap_count(r); i++)
				if (!crawl_robots_sitemap(r, i))
					abort();
			crawl_robots_free(r);
		}
		break;
	}
	case 1:
		(void)crawl_links_html(in, n, base, on_link, NULL, &e);
		break;
	case 2:
		(void)crawl_links_css(in, n, base, on_link, NULL, &e);
		break;
	case 3: {
		bool idx;
		(void)crawl_links_sitemap(in, n, base, on_link, NULL, &idx, &e);
		break;
	}
	case 4: {
		char *nl = strchr(s, '\n');
		const char *b = base, *ref = s;
		if (nl) {
			*nl = '\0';
			b = s;
			ref = nl + 1;
		}
		warc_buf out;
		warc_buf_init(&out, 1u << 20);
		if (crawl_url_resolve(b, ref, &out, &e) == WARC_OK) {
			check_url(out.data);
			char host[256];
			if (crawl_url_host(out.data, host, sizeof host) == WARC_OK && !host[0])
				abort();
		}
		warc_buf_free(&out);
		break;
	}
	}
	free(s);
	return 0;
}
