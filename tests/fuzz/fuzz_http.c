/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_http.c - libFuzzer target for the HTTP message layer: head parser,
 * de-chunker, Content-Encoding decoders, warc_record_http_body and the
 * key query of request bodies (warc_post_query).
 *
 * Input: one selector byte, then the bytes of an HTTP message (or of a bare
 * compressed stream). The selector picks the decoder stack used on the bare
 * bytes and the slice size everything is fed in. Besides "no crash, no
 * leak, no hang" it checks the layer's promises: the head length lies
 * within the input, the de-chunker never emits more than it was fed, and no
 * decoder hands out more than max_out bytes.
 * Seeds: tests/fuzz/corpus/http/ (selector byte + message).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warc/warc.h"

#define MAX_OUT (1u << 20)

static const char *stacks[] = {
	"gzip", "deflate", "br", "zstd", "gzip, br", "deflate, zstd",
	"x-gzip, identity", "br, gzip", "zstd, gzip", "gzip, gzip",
};
#define NSTACKS (sizeof stacks / sizeof *stacks)

struct count {
	uint64_t n;
};

static int count_sink(void *ctx, const void *p, size_t n)
{
	(void)p;
	((struct count *)ctx)->n += n;
	if (((struct count *)ctx)->n > MAX_OUT)
		__builtin_trap();   /* the decoder let more than max_out through */
	return 0;
}

struct chunk_out {
	uint64_t n;
	warc_decoder *dec;   /* may be NULL */
};

static int chunk_sink(void *ctx, const void *p, size_t n)
{
	struct chunk_out *c = ctx;
	c->n += n;
	return c->dec ? warc_decoder_feed(c->dec, p, n, NULL) : 0;
}

/* Feed p in slices of step bytes; stop at the first error. */
static int feed_dechunk(warc_dechunk *d, const uint8_t *p, size_t n, size_t step)
{
	for (size_t i = 0; i < n; i += step) {
		int rc = warc_dechunk_feed(d, p + i, n - i < step ? n - i : step);
		if (rc)
			return rc;
	}
	return WARC_OK;
}

static void decode_bare(const char *coding, const uint8_t *p, size_t n, size_t step)
{
	struct count c = { 0 };
	warc_decoder *d;
	warc_error err;
	if (warc_decoder_new(&d, coding, MAX_OUT, count_sink, &c, &err) != WARC_OK)
		__builtin_trap();   /* every stack in the table is supported */
	int rc = WARC_OK;
	for (size_t i = 0; !rc && i < n; i += step)
		rc = warc_decoder_feed(d, p + i, n - i < step ? n - i : step, &err);
	if (!rc)
		(void)warc_decoder_end(d, &err);
	warc_decoder_free(d);
}

static void http_message(const uint8_t *p, size_t n, size_t step)
{
	warc_http *h = NULL;
	size_t head_len = 0;
	warc_error err;
	if (warc_http_parse((const char *)p, n, &h, &head_len, &err) != WARC_OK)
		return;
	if (head_len == 0 || head_len > n)
		__builtin_trap();
	char mime[64];
	warc_http_mime(h, mime, sizeof mime);
	(void)warc_http_is_chunked(h);
	const warc_headers *hs = warc_http_headers(h);
	for (size_t i = 0; i < warc_headers_count(hs); i++)
		if (!warc_headers_name(hs, i) || !warc_headers_value(hs, i))
			__builtin_trap();

	/* A request's body as the index keys it: bounded, whatever the body. */
	if (warc_http_method(h)) {
		warc_buf key, body;
		warc_buf_init(&key, 4 * WARC_POST_QUERY_MAX + 64);
		warc_buf_init(&body, 4 * WARC_POST_QUERY_MAX + 64);
		if (warc_post_query(warc_http_method(h), warc_headers_get(hs, "Content-Type"), p + head_len, n - head_len,
				    step == n, &key, &body) == WARC_OK && body.len > 4 * WARC_POST_QUERY_MAX)
			__builtin_trap();
		warc_buf_free(&key);
		warc_buf_free(&body);
	}

	/* De-chunk the rest, decoding it with the message's own Content-Encoding. */
	struct count c = { 0 };
	struct chunk_out co = { 0, NULL };
	const char *ce = warc_headers_get(hs, "Content-Encoding");
	if (ce && warc_decoder_new(&co.dec, ce, MAX_OUT, count_sink, &c, &err) != WARC_OK)
		co.dec = NULL;
	warc_dechunk *d = warc_dechunk_new(chunk_sink, &co);
	if (d) {
		int rc = feed_dechunk(d, p + head_len, n - head_len, step);
		if (!rc)
			rc = warc_dechunk_end(d);
		if (co.n > n - head_len)
			__builtin_trap();   /* de-chunking never adds bytes */
		(void)warc_dechunk_problem(d);
		if (!rc && co.dec)
			(void)warc_decoder_end(co.dec, &err);
		warc_dechunk_free(d);
	}
	warc_decoder_free(co.dec);
	warc_http_free(h);
}

/* The whole path through a WARC record. */
static void record_body(const uint8_t *p, size_t n)
{
	char head[512];
	int hn = snprintf(head, sizeof head,
			  "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:x>\r\n"
			  "WARC-Date: 2025-01-01T00:00:00Z\r\nContent-Type: application/http;msgtype=response\r\n"
			  "Content-Length: %zu\r\n\r\n", n);
	size_t total = (size_t)hn + n + 4;
	char *w = malloc(total);
	if (!w)
		return;
	memcpy(w, head, (size_t)hn);
	memcpy(w + hn, p, n);
	memcpy(w + hn + n, "\r\n\r\n", 4);
	FILE *f = fmemopen(w, total, "rb");
	warc_reader *r;
	warc_record *rec;
	warc_error err;
	if (f && warc_reader_open_stream(&r, f, "fuzz", &err) == WARC_OK) {
		if (warc_reader_next(r, &rec, &err) == WARC_OK) {
			warc_buf body, warn;
			warc_buf_init(&body, MAX_OUT);
			warc_buf_init(&warn, 4096);
			warc_http *h = NULL;
			if (warc_record_http_body(rec, &body, &h, &warn, &err) == WARC_OK)
				warc_http_free(h);
			if (body.len > MAX_OUT)
				__builtin_trap();
			warc_buf_free(&body);
			warc_buf_free(&warn);
		}
		warc_reader_close(r);
	}
	if (f)
		fclose(f);
	free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	const uint8_t *p = data + 1;
	size_t n = size - 1;
	size_t step = sel / NSTACKS == 0 ? (n ? n : 1) : 1 + (sel / NSTACKS) * 13;

	http_message(p, n, step);
	decode_bare(stacks[sel % NSTACKS], p, n, step);
	record_body(p, n);
	return 0;
}
