/* SPDX-License-Identifier: Apache-2.0 */
/*
 * httphead.c - read the HTTP head that starts a record's block: the one
 * reader behind cat --headers, indexing and the payload pipeline.
 *
 * Design: warc_http_parse() is fed a growing prefix of the block, read in
 * steps that never take the prefix past WARC_LIMIT_HEADER, so whether a
 * head is accepted depends only on the block, never on how the reads fall:
 * a head that ends (blank line) within the first WARC_LIMIT_HEADER bytes
 * is read, one that does not is WARC_ERR_TOOBIG. A block that ends inside
 * its head is read as a head-only message (SPEC.md, HTTP message layer):
 * the missing line ends are added to a copy for the parser, the caller's
 * bytes stay as stored. warc_http_parse_block() is the same decision on a
 * block prefix held in memory (a writer indexing what it wrote).
 */
#include "warc/warc.h"

#include <string.h>

/* Bytes read per step: a typical head and the first body bytes in one read. */
#define HEAD_READ (16u << 10)

/* Close a head the block ended in (a copy with the blank line added) and parse it. */
static int parse_unterminated(const char *p, size_t n, warc_http_head *out, warc_error *err)
{
	warc_buf b;
	warc_buf_init(&b, n + 4);
	int rc = warc_buf_add(&b, p, n);
	if (!rc && p[n - 1] != '\n')
		rc = warc_buf_add(&b, "\r\n", 2);
	if (!rc)
		rc = warc_buf_add(&b, "\r\n", 2);
	if (rc) {
		warc_buf_free(&b);
		return warc_fail(err, rc, "out of memory");
	}
	rc = warc_http_parse(b.data, b.len, &out->http, &out->len, err);
	warc_buf_free(&b);
	if (rc == WARC_OK) {
		out->len = n;   /* the whole block is head: no body */
		out->unterminated = true;
	} else if (rc == WARC_ERR_TRUNCATED) {
		rc = warc_fail(err, WARC_ERR_FORMAT, "HTTP head incomplete at the end of the block");
	}
	return rc;
}

int warc_http_parse_block(const char *block, size_t len, bool whole, warc_http_head *out, warc_error *err)
{
	*out = (warc_http_head){ .http = NULL };
	int rc = warc_http_parse(block, len, &out->http, &out->len, err);
	if (rc == WARC_ERR_TRUNCATED && whole)
		rc = len ? parse_unterminated(block, len, out, err)
			 : warc_fail(err, WARC_ERR_FORMAT, "empty block: no HTTP message");
	out->bad_head = rc != WARC_OK && rc != WARC_ERR_TRUNCATED;
	return rc;
}

int warc_record_http_head(warc_record *rec, warc_buf *buf, warc_http_head *out, warc_error *err)
{
	char chunk[HEAD_READ];
	*out = (warc_http_head){ .http = NULL };
	warc_buf_reset(buf);
	if (buf->limit < WARC_LIMIT_HEADER)
		return warc_fail(err, WARC_ERR_USAGE, "warc_record_http_head: buffer limit under WARC_LIMIT_HEADER");
	for (;;) {
		/* Never past WARC_LIMIT_HEADER: at the limit, one byte more tells an over-long head. */
		size_t room = WARC_LIMIT_HEADER - buf->len;
		size_t want = room < sizeof chunk ? room : sizeof chunk;
		ssize_t n = warc_record_read(rec, chunk, want ? want : 1, err);
		if (n < 0)
			return (int)n;
		if (n > 0 && !want) {
			out->bad_head = true;
			return warc_fail(err, WARC_ERR_TOOBIG, "HTTP head longer than %u bytes", WARC_LIMIT_HEADER);
		}
		if (n > 0 && warc_buf_add(buf, chunk, (size_t)n))
			return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		int rc = warc_http_parse_block(buf->data ? buf->data : "", buf->len, n == 0, out, err);
		if (rc != WARC_ERR_TRUNCATED)
			return rc;
	}
}
