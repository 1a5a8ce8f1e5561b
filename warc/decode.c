/* SPDX-License-Identifier: Apache-2.0 */
/*
 * decode.c - streaming Content-Encoding decoder (gzip, deflate, br, zstd).
 *
 * Design: a chain of stages, one per coding, built from the header value in
 * reverse order (the last coding applied is undone first); each stage
 * decompresses into a fixed buffer and hands the slices to the next stage
 * or, after the last one, to the caller's sink. Memory is constant: zlib's
 * 32 KiB window, brotli's window, zstd's window capped at 8 MiB (RFC 9659),
 * plus one 16 KiB buffer per stage.
 *
 * Bounds: max_out caps the bytes handed to the sink (a decompression bomb
 * gets the first max_out bytes, then WARC_ERR_TOOBIG). Intermediate stages
 * are capped too (2 * max_out + 64 KiB: compressed data hardly grows), so a
 * bomb hidden inside a stack cannot burn CPU without output.
 *
 * Tolerance, as browsers do it: concatenated gzip members are all decoded;
 * bytes after the end of a compressed stream (padding, garbage) are ignored.
 * An input that ends inside a compressed stream gives WARC_ERR_TRUNCATED
 * from warc_decoder_end (what was decoded so far has reached the sink).
 */
#include "warc/warc.h"

#include <brotli/decode.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#define STAGE_BUF (16u << 10)
#define ZS_NOTHING ((size_t)-2)  /* zs_hint before any input */

enum coding { C_GZIP, C_DEFLATE, C_BR, C_ZSTD };

static const char *coding_name[] = { "gzip", "deflate", "br", "zstd" };

struct stage {
	enum coding kind;
	bool started;        /* codec state initialised */
	bool finished;       /* stream ended; further input is ignored */
	uint64_t out_total;  /* bytes this stage produced */
	uint64_t limit;      /* ... and may produce */
	/* gzip members: bytes produced by the current member */
	uint64_t member_out;
	unsigned members;
	/* deflate: first bytes held back until zlib-vs-raw is known */
	unsigned char peek[2];
	size_t npeek;
	z_stream z;
	BrotliDecoderState *br;
	ZSTD_DStream *zs;
	size_t zs_hint;      /* last ZSTD_decompressStream return (0 = frame done) */
	unsigned char *out;
};

struct warc_decoder {
	struct stage st[WARC_LIMIT_CODINGS];
	size_t n;
	uint64_t max_out;
	uint64_t delivered;  /* bytes handed to the sink */
	warc_sink_fn sink;
	void *ctx;
	int error;           /* sticky */
	char msg[256];
};

WARC_PRINTF(3, 4)
static int dec_fail(warc_decoder *d, int code, const char *fmt, ...)
{
	if (!d->error) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(d->msg, sizeof d->msg, fmt, ap);
		va_end(ap);
		d->error = code;
	}
	return d->error;
}

static void copy_err(const warc_decoder *d, warc_error *err)
{
	if (d->error)
		warc_fail(err, d->error, "%s", d->msg);
}

/* Final output: at most max_out bytes reach the sink. */
static int deliver(warc_decoder *d, const void *p, size_t n)
{
	bool over = n > d->max_out - d->delivered;
	if (over)
		n = (size_t)(d->max_out - d->delivered);
	d->delivered += n;
	int rc = n ? d->sink(d->ctx, p, n) : WARC_OK;
	if (rc == WARC_ERR_TOOBIG)
		return dec_fail(d, rc, "decoded body does not fit its buffer");
	if (rc)
		return dec_fail(d, rc, "decoded body could not be stored");
	if (over)
		return dec_fail(d, WARC_ERR_TOOBIG, "decoded body exceeds %llu bytes",
				(unsigned long long)d->max_out);
	return WARC_OK;
}

static int stage_feed(warc_decoder *d, size_t i, const unsigned char *p, size_t n);

/* Hand decoded bytes from stage i to stage i+1 or the sink. */
static int pass_on(warc_decoder *d, size_t i, const unsigned char *p, size_t n)
{
	if (!n)
		return WARC_OK;
	struct stage *s = &d->st[i];
	bool over = n > s->limit - s->out_total;
	if (over)
		n = (size_t)(s->limit - s->out_total);
	s->out_total += n;
	s->member_out += n;
	int rc = i + 1 < d->n ? stage_feed(d, i + 1, p, n) : deliver(d, p, n);
	if (rc)
		return rc;
	if (over)
		return dec_fail(d, WARC_ERR_TOOBIG, "content-encoding %s: decoded size exceeds %llu bytes",
				coding_name[s->kind], (unsigned long long)s->limit);
	return WARC_OK;
}

static int zlib_start(warc_decoder *d, struct stage *s, int wbits)
{
	memset(&s->z, 0, sizeof s->z);
	if (inflateInit2(&s->z, wbits) != Z_OK)
		return dec_fail(d, WARC_ERR_NOMEM, "zlib: cannot initialise");
	s->started = true;
	return WARC_OK;
}

/* True when the two bytes form a zlib (RFC 1950) header. */
static bool is_zlib_header(const unsigned char *b)
{
	return (b[0] & 0x0f) == 8 && (b[0] >> 4) <= 7 && ((b[0] << 8) | b[1]) % 31 == 0;
}

static int feed_zlib(warc_decoder *d, size_t i, const unsigned char *p, size_t n)
{
	struct stage *s = &d->st[i];
	s->z.next_in = (unsigned char *)p;
	s->z.avail_in = (uInt)n;
	while (!s->finished) {
		s->z.next_out = s->out;
		s->z.avail_out = STAGE_BUF;
		int zr = inflate(&s->z, Z_NO_FLUSH);
		int rc = pass_on(d, i, s->out, STAGE_BUF - s->z.avail_out);
		if (rc)
			return rc;
		if (zr == Z_STREAM_END) {
			if (s->kind != C_GZIP) {
				s->finished = true;   /* trailing bytes ignored */
				break;
			}
			/* gzip: another member may follow */
			inflateReset(&s->z);
			s->members++;
			s->member_out = 0;
			continue;
		}
		if (zr == Z_DATA_ERROR && s->kind == C_GZIP && s->members > 0 && s->member_out == 0) {
			/* garbage or padding after the last member, as browsers allow */
			s->finished = true;
			break;
		}
		if (zr == Z_DATA_ERROR || zr == Z_NEED_DICT || zr == Z_STREAM_ERROR)
			return dec_fail(d, WARC_ERR_FORMAT, "content-encoding %s: corrupt data (%s)",
					coding_name[s->kind], s->z.msg ? s->z.msg : "zlib error");
		if (zr == Z_MEM_ERROR)
			return dec_fail(d, WARC_ERR_NOMEM, "content-encoding %s: out of memory", coding_name[s->kind]);
		if (zr == Z_BUF_ERROR || (s->z.avail_in == 0 && s->z.avail_out != 0))
			break;   /* all input used and all output flushed */
	}
	return WARC_OK;
}

/* Split n into pieces zlib's uInt can take. */
static int feed_zlib_all(warc_decoder *d, size_t i, const unsigned char *p, size_t n)
{
	while (n) {
		size_t k = n > (1u << 30) ? (1u << 30) : n;
		int rc = feed_zlib(d, i, p, k);
		if (rc)
			return rc;
		p += k;
		n -= k;
	}
	return WARC_OK;
}

static int feed_deflate(warc_decoder *d, size_t i, const unsigned char *p, size_t n, bool at_end)
{
	struct stage *s = &d->st[i];
	if (!s->started) {
		while (s->npeek < 2 && n) {
			s->peek[s->npeek++] = *p++;
			n--;
		}
		if (s->npeek < 2 && !at_end)
			return WARC_OK;
		bool zl = s->npeek == 2 && is_zlib_header(s->peek);
		int rc = zlib_start(d, s, zl ? MAX_WBITS : -MAX_WBITS);
		if (!rc)
			rc = feed_zlib_all(d, i, s->peek, s->npeek);
		if (rc)
			return rc;
	}
	return feed_zlib_all(d, i, p, n);
}

static int feed_br(warc_decoder *d, size_t i, const unsigned char *p, size_t n)
{
	struct stage *s = &d->st[i];
	size_t avail_in = n;
	const uint8_t *next_in = p;
	for (;;) {
		size_t avail_out = STAGE_BUF;
		uint8_t *next_out = s->out;
		BrotliDecoderResult r = BrotliDecoderDecompressStream(s->br, &avail_in, &next_in, &avail_out,
								      &next_out, NULL);
		int rc = pass_on(d, i, s->out, STAGE_BUF - avail_out);
		if (rc)
			return rc;
		if (r == BROTLI_DECODER_RESULT_ERROR)
			return dec_fail(d, WARC_ERR_FORMAT, "content-encoding br: corrupt data (%s)",
					BrotliDecoderErrorString(BrotliDecoderGetErrorCode(s->br)));
		if (r == BROTLI_DECODER_RESULT_SUCCESS) {
			s->finished = true;
			return WARC_OK;
		}
		if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)
			return WARC_OK;
		/* NEEDS_MORE_OUTPUT: go round */
	}
}

static int feed_zstd(warc_decoder *d, size_t i, const unsigned char *p, size_t n)
{
	struct stage *s = &d->st[i];
	ZSTD_inBuffer in = { p, n, 0 };
	for (;;) {
		ZSTD_outBuffer out = { s->out, STAGE_BUF, 0 };
		size_t r = ZSTD_decompressStream(s->zs, &out, &in);
		if (ZSTD_isError(r)) {
			if (s->members > 0 && s->member_out == 0 && out.pos == 0) {
				s->finished = true;   /* garbage after the last frame */
				return WARC_OK;
			}
			if (ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge)
				return dec_fail(d, WARC_ERR_TOOBIG, "content-encoding zstd: window larger than 8 MiB");
			return dec_fail(d, WARC_ERR_FORMAT, "content-encoding zstd: corrupt data (%s)",
					ZSTD_getErrorName(r));
		}
		s->zs_hint = r;
		int rc = pass_on(d, i, s->out, out.pos);
		if (rc)
			return rc;
		if (r == 0) {
			s->members++;
			s->member_out = 0;
		}
		/* A full output buffer may hide more output. */
		if (in.pos == in.size && out.pos < out.size)
			break;
	}
	return WARC_OK;
}

static int stage_feed(warc_decoder *d, size_t i, const unsigned char *p, size_t n)
{
	struct stage *s = &d->st[i];
	if (d->error)
		return d->error;
	if (s->finished || !n)
		return WARC_OK;
	switch (s->kind) {
	case C_GZIP:
		return feed_zlib_all(d, i, p, n);
	case C_DEFLATE:
		return feed_deflate(d, i, p, n, false);
	case C_BR:
		return feed_br(d, i, p, n);
	case C_ZSTD:
		return feed_zstd(d, i, p, n);
	}
	return WARC_OK;
}

/* Flush stage i at end of input, then the stages after it. */
static int stage_end(warc_decoder *d, size_t i)
{
	struct stage *s = &d->st[i];
	int rc = WARC_OK;
	const char *name = coding_name[s->kind];
	if (s->kind == C_DEFLATE && !s->started && s->npeek) {
		rc = feed_deflate(d, i, NULL, 0, true);
		if (rc)
			return rc;
	}
	/* After a complete gzip member or zstd frame, a partial header of
	 * garbage that produced nothing is tolerated like any trailing garbage. */
	bool between = s->members > 0 && s->member_out == 0;
	bool cut = false;
	switch (s->kind) {
	case C_GZIP:
		cut = !s->finished && s->z.total_in > 0 && !between;
		break;
	case C_DEFLATE:
		cut = !s->finished && s->started && s->z.total_in > 0;
		break;
	case C_BR:
		cut = !s->finished && BrotliDecoderIsUsed(s->br);
		break;
	case C_ZSTD:
		cut = !s->finished && s->zs_hint != 0 && s->zs_hint != ZS_NOTHING && !between;
		break;
	}
	if (cut)
		rc = dec_fail(d, WARC_ERR_TRUNCATED, "content-encoding %s: input ended inside the compressed stream",
			      name);
	if (rc)
		return rc;
	return i + 1 < d->n ? stage_end(d, i + 1) : WARC_OK;
}

static int add_coding(warc_decoder *d, const char *tok, size_t len, warc_error *err)
{
	enum coding k;
	if ((len == 4 && !strncasecmp(tok, "gzip", 4)) || (len == 6 && !strncasecmp(tok, "x-gzip", 6)))
		k = C_GZIP;
	else if (len == 7 && !strncasecmp(tok, "deflate", 7))
		k = C_DEFLATE;
	else if (len == 2 && !strncasecmp(tok, "br", 2))
		k = C_BR;
	else if (len == 4 && !strncasecmp(tok, "zstd", 4))
		k = C_ZSTD;
	else if (len == 8 && !strncasecmp(tok, "identity", 8))
		return WARC_OK;
	else
		return warc_fail(err, WARC_ERR_FORMAT, "unsupported content-encoding %.*s",
				 (int)(len > 64 ? 64 : len), tok);
	if (d->n == WARC_LIMIT_CODINGS)
		return warc_fail(err, WARC_ERR_FORMAT, "more than %d content-encodings stacked", WARC_LIMIT_CODINGS);
	/* Stored in header order; reversed once parsing is done. */
	struct stage *s = &d->st[d->n++];
	s->kind = k;
	return WARC_OK;
}

static int stage_init(warc_decoder *d, struct stage *s, uint64_t limit, warc_error *err)
{
	s->limit = limit;
	s->zs_hint = ZS_NOTHING;
	s->out = malloc(STAGE_BUF);
	if (!s->out)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	switch (s->kind) {
	case C_GZIP:
		if (zlib_start(d, s, 16 + MAX_WBITS))
			return warc_fail(err, d->error, "%s", d->msg);
		break;
	case C_DEFLATE:
		break;   /* started once the first two bytes are known */
	case C_BR:
		s->br = BrotliDecoderCreateInstance(NULL, NULL, NULL);
		if (!s->br)
			return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		s->started = true;
		break;
	case C_ZSTD:
		s->zs = ZSTD_createDStream();
		if (!s->zs || ZSTD_isError(ZSTD_DCtx_setParameter(s->zs, ZSTD_d_windowLogMax, WARC_LIMIT_ZSTD_WINDOW_LOG)))
			return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		s->started = true;
		break;
	}
	return WARC_OK;
}

int warc_decoder_new(warc_decoder **out, const char *content_encoding, uint64_t max_out,
		     warc_sink_fn sink, void *ctx, warc_error *err)
{
	*out = NULL;
	warc_decoder *d = calloc(1, sizeof *d);
	if (!d)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	d->max_out = max_out;
	d->sink = sink;
	d->ctx = ctx;
	const char *v = content_encoding ? content_encoding : "";
	while (*v) {
		size_t tok = strcspn(v, ",");
		const char *a = v, *b = v + tok;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a) {
			int rc = add_coding(d, a, (size_t)(b - a), err);
			if (rc) {
				free(d);
				return rc;
			}
		}
		v += tok;
		if (*v == ',')
			v++;
	}
	/* Reverse: the last coding applied is undone first. */
	for (size_t i = 0; i < d->n / 2; i++) {
		enum coding t = d->st[i].kind;
		d->st[i].kind = d->st[d->n - 1 - i].kind;
		d->st[d->n - 1 - i].kind = t;
	}
	uint64_t mid = max_out > (UINT64_MAX - 65536) / 2 ? UINT64_MAX : 2 * max_out + 65536;
	for (size_t i = 0; i < d->n; i++) {
		int rc = stage_init(d, &d->st[i], i + 1 == d->n ? max_out : mid, err);
		if (rc) {
			d->n = i + 1;
			warc_decoder_free(d);
			return rc;
		}
	}
	*out = d;
	return WARC_OK;
}

int warc_decoder_feed(warc_decoder *d, const void *p, size_t n, warc_error *err)
{
	if (!d->error && n) {
		if (d->n)
			stage_feed(d, 0, p, n);
		else
			deliver(d, p, n);   /* identity: only the size limit applies */
	}
	copy_err(d, err);
	return d->error;
}

int warc_decoder_end(warc_decoder *d, warc_error *err)
{
	if (!d->error && d->n)
		stage_end(d, 0);
	copy_err(d, err);
	return d->error;
}

void warc_decoder_free(warc_decoder *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct stage *s = &d->st[i];
		if ((s->kind == C_GZIP || s->kind == C_DEFLATE) && s->started)
			inflateEnd(&s->z);
		if (s->br)
			BrotliDecoderDestroyInstance(s->br);
		if (s->zs)
			ZSTD_freeDStream(s->zs);
		free(s->out);
	}
	free(d);
}
