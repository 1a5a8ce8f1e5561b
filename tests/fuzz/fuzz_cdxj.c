/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_cdxj.c - libFuzzer target for CDXJ as wark reads it back: the line
 * parser of --dedup-index (crw_dedup_line), and the round trip from the
 * writer (warc_cdxj_line) to that reader. (The WACZ verifier's CDXJ, CDX and
 * ZipNum readers are fuzzed by fuzz_packmeta.)
 *
 * Input: one selector byte. Even: the rest is CDXJ text, each line parsed;
 * every entry reported must carry a labelled digest, a URL and a WARC-Date
 * of 20 characters that warc_parse_date reads. Odd: the rest is four
 * NUL-separated fields (url, digest, filename, mime) and 8 bytes of offset;
 * they become an index entry, its CDXJ line is written and parsed again,
 * and when the fields are valid UTF-8 the reader must give back the same
 * URL, digest (labelled), filename and offset, or skip exactly the lines
 * the import promises to skip.
 * Seeds: tests/fuzz/corpus/cdxj/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crawl/internal.h"

struct got {
	int n;
	char *url, *digest, *warc_name;
	uint64_t offset;
};

static int keep(void *ctx, const crw_dedup_entry *en)
{
	struct got *g = ctx;
	struct timespec ts;
	if (!en->url || !strchr(en->digest, ':') || strlen(en->date) != 20 || warc_parse_date(en->date, &ts))
		__builtin_trap();
	g->n++;
	free(g->url);
	free(g->digest);
	free(g->warc_name);
	g->url = strdup(en->url);
	g->digest = strdup(en->digest);
	g->warc_name = en->warc_name ? strdup(en->warc_name) : NULL;
	g->offset = en->offset;
	return WARC_OK;
}

static void got_free(struct got *g)
{
	free(g->url);
	free(g->digest);
	free(g->warc_name);
}

static void lines(const char *p, size_t n)
{
	struct got g = { 0 };
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t l = nl ? (size_t)(nl - p) + 1 : n;
		if (crw_dedup_line(p, l, keep, &g) != WARC_OK)
			__builtin_trap();
		p += l;
		n -= l;
	}
	got_free(&g);
}

static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int k;
		uint32_t c, min;
		if (*p < 0x80) {
			p++;
			continue;
		} else if ((*p & 0xE0) == 0xC0) {
			k = 1, c = *p & 0x1F, min = 0x80;
		} else if ((*p & 0xF0) == 0xE0) {
			k = 2, c = *p & 0x0F, min = 0x800;
		} else if ((*p & 0xF8) == 0xF0) {
			k = 3, c = *p & 0x07, min = 0x10000;
		} else {
			return false;
		}
		for (int i = 1; i <= k; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			c = (c << 6) | (p[i] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return false;
		p += k + 1;
	}
	return true;
}

static void round_trip(const char *p, size_t n)
{
	if (n < 8)
		return;
	uint64_t off;
	memcpy(&off, p + n - 8, 8);
	n -= 8;
	char *buf = malloc(n + 4);
	if (!buf)
		return;
	memcpy(buf, p, n);
	memset(buf + n, 0, 4);
	const char *f[4];
	size_t k = 0;
	for (int i = 0; i < 4; i++) {
		f[i] = buf + k;
		k += strlen(buf + k);
		if (k < n)
			k++;
	}
	warc_index_entry e = { .surt = "com,example)/", .ts14 = "20250102030405", .url = f[0], .digest = f[1],
			       .filename = f[2], .mime = f[3], .offset = off, .length = 1 };
	if (!*e.digest)
		e.digest = NULL;
	if (!*e.mime)
		e.mime = NULL;
	warc_buf line;
	warc_buf_init(&line, 1u << 20);
	struct got g = { 0 };
	if (warc_cdxj_line(&e, &line) == WARC_OK) {
		if (crw_dedup_line(line.data, line.len, keep, &g) != WARC_OK)
			__builtin_trap();
		bool valid = utf8_ok(f[0]) && utf8_ok(f[1]) && utf8_ok(f[2]) && utf8_ok(f[3]);
		bool want = e.digest && strlen(e.digest) < WARC_DIGEST_STR_MAX && !(e.mime && !strcmp(e.mime, "warc/revisit"));
		char labelled[WARC_DIGEST_STR_MAX + 8] = "";
		if (want) {
			snprintf(labelled, sizeof labelled, "%s%s", strchr(e.digest, ':') ? "" : "sha1:", e.digest);
			want = strcmp(labelled, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ") != 0;
		}
		if (valid) {
			if (g.n != (want ? 1 : 0))
				__builtin_trap();
			if (g.n && (strcmp(g.url, e.url) || strcmp(g.digest, labelled)))
				__builtin_trap();
			if (g.n && *e.filename && (!g.warc_name || strcmp(g.warc_name, e.filename) || g.offset != off))
				__builtin_trap();
			if (g.n && !*e.filename && g.warc_name)
				__builtin_trap();
		}
	}
	got_free(&g);
	warc_buf_free(&line);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] % 2)
		round_trip((const char *)data + 1, size - 1);
	else
		lines((const char *)data + 1, size - 1);
	return 0;
}
