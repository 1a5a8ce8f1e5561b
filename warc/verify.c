/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.c - check every record of a WARC file: structure, Content-Length,
 * trailers, block digests and payload digests.
 *
 * Each block is streamed once through the digests it needs, so a file of
 * any size verifies in constant memory. For application/http records the
 * HTTP head is parsed from the first bytes; the rest feeds the payload
 * digest twice when the body is chunked: raw (what python warcio and wget
 * digest) and de-chunked (the WARC 1.1 reading, and what wark writes). A
 * payload digest matching either is accepted, and the convention in use is
 * reported, so wark accepts both worlds without hiding which one a file is.
 */
#include "warc/warc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VERIFY_CHUNK (64u * 1024u)

struct verify_ctx {
	const char *path;
	warc_problem_fn fn;
	void *ctx;
	warc_verify_result *res;
};

static void problem(struct verify_ctx *v, uint64_t off, const char *fmt, ...) WARC_PRINTF(3, 4);
static void problem(struct verify_ctx *v, uint64_t off, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	v->res->problems++;
	if (v->fn)
		v->fn(v->ctx, off, false, msg);
}

static void on_warn(void *ctx, uint64_t off, const char *msg)
{
	struct verify_ctx *v = ctx;
	v->res->warnings++;
	if (v->fn)
		v->fn(v->ctx, off, true, msg);
}

/* A digest being computed for comparison with a labelled header value. */
struct check {
	const char *want;       /* header value, NULL = nothing to check */
	warc_digest_alg alg;
	warc_digest *d;
	bool bad_label;
};

static void check_init(struct check *c, const char *want)
{
	memset(c, 0, sizeof *c);
	c->want = want;
	if (!want)
		return;
	unsigned char raw[64];
	size_t n;
	if (warc_digest_parse(want, &c->alg, raw, &n) != WARC_OK) {
		c->bad_label = true;
		return;
	}
	c->d = warc_digest_new(c->alg);
}

/* 1 = match, 0 = mismatch, -1 = nothing computed. */
static int check_final(struct check *c)
{
	if (!c->d)
		return -1;
	char got[WARC_DIGEST_STR_MAX];
	unsigned char raw[64];
	size_t n;
	warc_digest_alg alg;
	warc_digest_final(c->d, got);
	warc_digest_free(c->d);
	c->d = NULL;
	if (warc_digest_parse(got, &alg, raw, &n) != WARC_OK)
		return 0;
	return warc_digest_matches(c->want, alg, raw, n) ? 1 : 0;
}

static void check_free(struct check *c)
{
	if (c->d)
		warc_digest_free(c->d);
	c->d = NULL;
}

static int feed_digest(void *ctx, const void *p, size_t n)
{
	warc_digest_update(ctx, p, n);
	return 0;
}

static bool is_http_block(const warc_record *rec)
{
	const char *ct = warc_record_content_type(rec);
	return ct && strncasecmp(ct, "application/http", 16) == 0;
}

/* The digests of one record while its block streams by. */
struct record_check {
	struct check block, payload, payload_spec;  /* payload_spec: de-chunked */
	const char *pd;            /* WARC-Payload-Digest, or NULL */
	bool http;                 /* an application/http block (not a revisit) */
	warc_buf head;             /* the HTTP head, gathered until it parses */
	bool head_done, head_failed, chunked;
	warc_dechunk *dc;          /* feeds payload_spec for a chunked body */
};

/* The named fields every record needs. */
static void check_fields(struct verify_ctx *v, warc_record *rec, uint64_t off)
{
	if (!*warc_record_id(rec))
		problem(v, off, "record has no WARC-Record-ID");
	if (!*warc_record_date(rec))
		problem(v, off, "record has no WARC-Date");
	if (!*warc_record_type(rec))
		problem(v, off, "record has no WARC-Type");
}

/* Set up the digests the record's fields ask for; report labels that are no digest. */
static void record_check_init(struct verify_ctx *v, struct record_check *c, warc_record *rec, uint64_t off)
{
	const warc_headers *h = warc_record_headers(rec);
	const char *type = warc_record_type(rec);
	check_init(&c->block, warc_headers_get(h, "WARC-Block-Digest"));
	c->pd = warc_headers_get(h, "WARC-Payload-Digest");
	bool revisit = strcmp(type, "revisit") == 0;
	c->http = is_http_block(rec) && !revisit;
	check_init(&c->payload, revisit ? NULL : c->pd);
	check_init(&c->payload_spec, NULL);
	if (c->block.bad_label)
		problem(v, off, "block digest unreadable: '%s' is not a digest in a known form", c->block.want);
	if (c->payload.bad_label)
		problem(v, off, "payload digest unreadable: '%s' is not a digest in a known form", c->payload.want);
	if (c->pd && (!strcmp(type, "warcinfo") || !strcmp(type, "metadata")))
		on_warn(v, off, "payload digest on a warcinfo or metadata record");
	warc_buf_init(&c->head, WARC_LIMIT_HEADER);
	c->head_done = !c->http;
	c->head_failed = c->chunked = false;
	c->dc = NULL;
}

static void record_check_free(struct record_check *c)
{
	warc_dechunk_free(c->dc);
	check_free(&c->block);
	check_free(&c->payload);
	check_free(&c->payload_spec);
	warc_buf_free(&c->head);
}

/* n bytes of the block: into the block digest, and past the HTTP head
 * (gathered first) into the payload digests, raw and de-chunked. */
static void feed_block(struct record_check *c, const unsigned char *buf, size_t n)
{
	if (c->block.d)
		warc_digest_update(c->block.d, buf, n);
	const unsigned char *p = buf;
	size_t len = n;
	if (!c->head_done) {
		if (warc_buf_add(&c->head, p, len)) {
			c->head_done = c->head_failed = true;
			return;
		}
		warc_http *hh = NULL;
		size_t head_len = 0;
		warc_error err;
		int rc = warc_http_parse(c->head.data, c->head.len, &hh, &head_len, &err);
		if (rc == WARC_ERR_TRUNCATED)
			return;
		c->head_done = true;
		if (rc != WARC_OK) {
			c->head_failed = true;
			return;
		}
		c->chunked = warc_http_is_chunked(hh);
		warc_http_free(hh);
		if (c->chunked && c->payload.d) {
			check_init(&c->payload_spec, c->pd);
			c->dc = warc_dechunk_new(feed_digest, c->payload_spec.d);
		}
		p = (const unsigned char *)c->head.data + head_len;
		len = c->head.len - head_len;
	}
	if (c->head_failed)
		return;
	if (c->payload.d)
		warc_digest_update(c->payload.d, p, len);
	if (c->dc && warc_dechunk_feed(c->dc, p, len) != WARC_OK) {
		warc_dechunk_free(c->dc);
		c->dc = NULL;
	}
}

/* Stream the block through feed_block(), then consume the trailer; false
 * when the reader lost the record (reported). */
static bool read_record(struct verify_ctx *v, struct record_check *c, warc_record *rec, unsigned char *buf,
			uint64_t off)
{
	warc_error err;
	for (;;) {
		ssize_t n = warc_record_read(rec, buf, VERIFY_CHUNK, &err);
		if (n < 0) {
			problem(v, UINT64_MAX, "%s", err.msg);
			return false;
		}
		if (n == 0)
			break;
		feed_block(c, buf, (size_t)n);
	}
	if (c->http && !c->head_done)
		c->head_failed = true;   /* block ended before the head did */
	if (warc_record_finish(rec, &err) < 0) {
		problem(v, UINT64_MAX, "%s", err.msg);
		return false;
	}
	if (!warc_record_trailer_ok(rec))
		problem(v, off, "record is not followed by CRLFCRLF");
	return true;
}

/* The payload digest against the raw body and, when chunked, the
 * de-chunked one; the chunk convention of the file is noted. */
static void judge_payload(struct verify_ctx *v, struct record_check *c, uint64_t off)
{
	if (c->head_failed) {
		problem(v, off, "payload digest not checkable: HTTP head unreadable");
		return;
	}
	v->res->digests_checked++;
	int raw = check_final(&c->payload);
	int spec = -1;
	if (c->dc) {
		if (warc_dechunk_end(c->dc) == WARC_OK)
			spec = check_final(&c->payload_spec);
		if (warc_dechunk_problem(c->dc))
			on_warn(v, off, "chunked body badly framed");
	}
	if (raw != 1 && spec != 1) {
		problem(v, off, "payload digest mismatch (%s)", c->payload.want);
	} else if (c->chunked) {
		warc_chunk_convention conv = spec == 1 ? WARC_CHUNKS_SPEC : WARC_CHUNKS_RAW;
		if (v->res->chunks == WARC_CHUNKS_NONE)
			v->res->chunks = conv;
		else if (v->res->chunks != conv)
			v->res->chunks = WARC_CHUNKS_MIXED;
	}
}

/* The per-record check; returns false when the reader lost the record. */
static bool verify_record(struct verify_ctx *v, warc_record *rec, unsigned char *buf)
{
	uint64_t off = warc_record_offset(rec);
	check_fields(v, rec, off);
	struct record_check c;
	record_check_init(v, &c, rec, off);
	bool ok = read_record(v, &c, rec, buf, off);
	if (ok) {
		if (c.block.want && !c.block.bad_label) {
			v->res->digests_checked++;
			if (check_final(&c.block) != 1)
				problem(v, off, "block digest mismatch (%s)", c.block.want);
		}
		if (c.payload.want && !c.payload.bad_label)
			judge_payload(v, &c, off);
	}
	record_check_free(&c);
	return ok;
}

int warc_verify_file(const char *path, warc_problem_fn fn, void *ctx, warc_verify_result *result,
		     warc_error *err)
{
	memset(result, 0, sizeof *result);
	warc_reader *r;
	int rc = warc_reader_open(&r, path, err);
	if (rc)
		return rc;
	struct verify_ctx v = { path, fn, ctx, result };
	warc_reader_set_warn(r, on_warn, &v);
	unsigned char *buf = malloc(VERIFY_CHUNK);
	if (!buf) {
		warc_reader_close(r);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	bool whole_reported = false;
	for (;;) {
		warc_record *rec;
		warc_error e;
		rc = warc_reader_next(r, &rec, &e);
		if (rc == WARC_EOF)
			break;
		if (rc) {
			problem(&v, UINT64_MAX, "%s", e.msg);
			if (rc == WARC_ERR_IO)
				break;
			continue;
		}
		result->records++;
		verify_record(&v, rec, buf);
		if (warc_reader_whole_file_gzip(r) && !whole_reported) {
			whole_reported = true;
			problem(&v, 0, "the file is one gzip stream, not one gzip member per record "
				       "(readers cannot seek to records)");
		}
	}
	if (result->records == 0 && result->problems == 0)
		problem(&v, 0, "no WARC records found");
	free(buf);
	warc_reader_close(r);
	return WARC_OK;
}
