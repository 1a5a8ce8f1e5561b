/* SPDX-License-Identifier: Apache-2.0 */
/*
 * payload.c - the entity body of an application/http record, ready to use:
 * head parsed, chunking removed, Content-Encoding decoded.
 *
 * Design: a thin pipeline over the pieces that do the work. The block is
 * streamed with warc_record_read(); the head is read by
 * warc_record_http_head() (httphead.c); what follows flows through the
 * de-chunker (only when Transfer-Encoding ends in chunked) and the decoder
 * into the caller's sink (warc_record_http_payload: constant memory, what
 * cat --payload uses) or body buffer (warc_record_http_body, a sink that
 * appends). The decoder's output bound (the buffer's remaining room) stops a
 * decompression bomb at the limit.
 *
 * What is tolerated (reported in warn, result WARC_OK): bad chunk framing
 * (raw bytes passed through, as python warcio does), a compressed stream
 * that ends early (the decoded prefix is kept; records are often cut at a
 * length limit), a head without its final blank line (a block that is
 * only a head), and an unknown Content-Encoding (bogus labels such as
 * "utf-8" are common; Chromium then shows the body as is, and so do we).
 * What fails: unreadable heads, corrupt compressed data, a body over the
 * limit, and reader errors.
 */
#include "warc/warc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define READ_CHUNK (64u << 10)

struct pipe {
	warc_decoder *dec;
	warc_error derr;     /* the decoder's message when a feed fails */
};

static int body_sink(void *ctx, const void *p, size_t n)
{
	return warc_buf_add(ctx, p, n);
}

int warc_record_http_body(warc_record *rec, warc_buf *body, warc_http **http, warc_buf *warn, warc_error *err)
{
	uint64_t room = body->limit > body->len ? body->limit - body->len : 0;
	return warc_record_http_payload(rec, room, body_sink, body, http, warn, err);
}

/* De-chunker output goes on into the decoder. */
static int dechunk_sink(void *ctx, const void *p, size_t n)
{
	struct pipe *pp = ctx;
	return warc_decoder_feed(pp->dec, p, n, &pp->derr);
}

static void add_warning(warc_buf *warn, const char *what, const char *msg)
{
	if (!warn)
		return;
	/* A full warning buffer loses warnings, never the body. */
	if (warc_buf_printf(warn, "%s%s\n", what, msg) != WARC_OK)
		return;
}

/* All Content-Encoding fields as one comma-separated list. */
static int content_encoding(const warc_http *h, warc_buf *out)
{
	const warc_headers *hs = warc_http_headers(h);
	size_t n = warc_headers_count(hs);
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(warc_headers_name(hs, i), "Content-Encoding") != 0)
			continue;
		int rc = out->len ? warc_buf_addstr(out, ",") : WARC_OK;
		if (!rc)
			rc = warc_buf_addstr(out, warc_headers_value(hs, i));
		if (rc)
			return rc;
	}
	return WARC_OK;
}

int warc_record_http_payload(warc_record *rec, uint64_t max_out, warc_sink_fn sink, void *ctx, warc_http **http,
			     warc_buf *warn, warc_error *err)
{
	if (http)
		*http = NULL;
	warc_http *h = NULL;
	warc_dechunk *dc = NULL;
	struct pipe pp = { NULL, { "" } };
	warc_buf headbuf, ce;
	warc_buf_init(&headbuf, WARC_LIMIT_HEADER);
	warc_buf_init(&ce, WARC_LIMIT_HEADER);
	char *chunk = malloc(READ_CHUNK);
	warc_http_head hd;
	int rc;
	if (!chunk) {
		rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = warc_record_http_head(rec, &headbuf, &hd, err);
	h = hd.http;
	if (rc)
		goto out;
	if (hd.unterminated)
		add_warning(warn, "", "HTTP head not terminated by a blank line");

	if (content_encoding(h, &ce)) {
		rc = warc_fail(err, WARC_ERR_TOOBIG, "Content-Encoding too long");
		goto out;
	}
	warc_error cerr = { "" };
	rc = warc_decoder_new(&pp.dec, ce.data, max_out, sink, ctx, &cerr);
	if (rc == WARC_ERR_FORMAT) {
		/* Unknown coding: browsers show the body as is, and so do we. */
		add_warning(warn, cerr.msg, ": body left undecoded");
		rc = warc_decoder_new(&pp.dec, "identity", max_out, sink, ctx, &cerr);
	}
	if (rc) {
		warc_fail(err, rc, "%s", cerr.msg);
		goto out;
	}
	if (warc_http_is_chunked(h)) {
		dc = warc_dechunk_new(dechunk_sink, &pp);
		if (!dc) {
			rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
			goto out;
		}
	}

	/* The bytes read past the head, then the rest of the block. */
	const char *p = headbuf.data + hd.len;
	size_t n = headbuf.len - hd.len;
	for (;;) {
		if (n) {
			rc = dc ? warc_dechunk_feed(dc, p, n) : warc_decoder_feed(pp.dec, p, n, &pp.derr);
			if (rc) {
				/* the decoder (or the body buffer behind it) refused */
				warc_fail(err, rc, "%s", pp.derr.msg);
				goto out;
			}
		}
		ssize_t got = warc_record_read(rec, chunk, READ_CHUNK, err);
		if (got < 0) {
			rc = (int)got;
			goto out;
		}
		if (got == 0)
			break;
		p = chunk;
		n = (size_t)got;
	}
	if (dc) {
		rc = warc_dechunk_end(dc);
		if (rc) {
			warc_fail(err, rc, "%s", pp.derr.msg);
			goto out;
		}
		if (warc_dechunk_problem(dc))
			add_warning(warn, "chunked body badly framed: ", warc_dechunk_problem(dc));
	}
	warc_error derr = { "" };
	rc = warc_decoder_end(pp.dec, &derr);
	if (rc == WARC_ERR_TRUNCATED) {
		add_warning(warn, "", derr.msg);
		rc = WARC_OK;
	} else if (rc) {
		warc_fail(err, rc, "%s", derr.msg);
	}
out:
	warc_dechunk_free(dc);
	warc_decoder_free(pp.dec);
	warc_buf_free(&headbuf);
	warc_buf_free(&ce);
	free(chunk);
	if (rc == WARC_OK && http)
		*http = h;
	else
		warc_http_free(h);
	return rc;
}
