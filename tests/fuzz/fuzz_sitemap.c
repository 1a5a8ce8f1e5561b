/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sitemap.c - libFuzzer target for sitemaps (crawl/sitemap.c): the
 * streaming XML walk (urlset, sitemapindex, image:loc, any namespace
 * prefix), the plain-text form, and the gzip path the crawler takes for a
 * sitemap.xml.gz (crawl/process.c decodes it with warc_decoder first).
 *
 * Input: one selector byte, then the sitemap. Selector bit 0: gzip the
 * input and decode it back the crawler's way before parsing (the round
 * trip must give the same bytes); bits 1-2 pick the sitemap's own URL
 * (relative <loc> entries resolve against it). Besides "no crash, no leak,
 * no hang" it checks crawl.h's promises: every URL reported is absolute
 * http(s), fragment-free, printable ASCII and a fixed point of resolution;
 * kinds are nav or requisite; at most 50,000 entries; errors are only
 * FORMAT or TOOBIG. Seeds: tests/fuzz/corpus/sitemap/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "crawl/crawl.h"

static const char *bases[] = { "http://fuzz.test/sitemap.xml", "https://fuzz.test/a/b/sitemap.xml.gz",
			       "http://[::1]:8080/sitemap.txt", "https://xn--bcher-kva.test/s?x=1" };

struct seen {
	size_t n;
};

static int on_link(void *ctx, const char *url, crawl_link_kind kind)
{
	struct seen *s = ctx;
	if (kind != CRAWL_LINK_NAV && kind != CRAWL_LINK_REQUISITE)
		__builtin_trap();
	s->n++;
	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
		__builtin_trap();
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '#')
			__builtin_trap();
	warc_buf b;
	warc_buf_init(&b, 1u << 20);
	warc_error e;
	if (crawl_url_resolve(url, url, &b, &e) != WARC_OK || strcmp(b.data, url))
		__builtin_trap();
	warc_buf_free(&b);
	return 0;
}

static int to_buf(void *ctx, const void *p, size_t n)
{
	return warc_buf_add(ctx, p, n);
}

/* gzip p, then decode it as process.c does; the result must be p again. */
static void gzip_round_trip(const char *p, size_t n, warc_buf *out)
{
	uLongf zn = compressBound((uLong)n) + 32;
	unsigned char *z = malloc(zn);
	z_stream s;
	memset(&s, 0, sizeof s);
	if (!z || deflateInit2(&s, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return;
	}
	s.next_in = (unsigned char *)p;
	s.avail_in = (uInt)n;
	s.next_out = z;
	s.avail_out = (uInt)zn;
	if (deflate(&s, Z_FINISH) != Z_STREAM_END)
		__builtin_trap();
	size_t zlen = s.total_out;
	deflateEnd(&s);
	warc_decoder *d;
	warc_error err;
	if (warc_decoder_new(&d, "gzip", 16u << 20, to_buf, out, &err) != WARC_OK)
		__builtin_trap();
	if (warc_decoder_feed(d, z, zlen, &err) != WARC_OK || warc_decoder_end(d, &err) != WARC_OK)
		__builtin_trap();
	warc_decoder_free(d);
	free(z);
	if (out->len != n || (n && memcmp(out->data, p, n)))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *base = bases[(data[0] >> 1) % (sizeof bases / sizeof *bases)];
	const char *xml = (const char *)data + 1;
	size_t n = size - 1;
	warc_buf gunz;
	warc_buf_init(&gunz, 16u << 20);
	if (data[0] & 1) {
		gzip_round_trip(xml, n, &gunz);
		xml = gunz.data ? gunz.data : "";
	}
	struct seen s = { 0 };
	bool is_index = true;
	warc_error err;
	int rc = crawl_links_sitemap(xml, n, base, on_link, &s, &is_index, &err);
	if (rc != WARC_OK && rc != WARC_ERR_FORMAT && rc != WARC_ERR_TOOBIG)
		__builtin_trap();
	if (s.n > 50000)
		__builtin_trap();
	warc_buf_free(&gunz);
	return 0;
}
