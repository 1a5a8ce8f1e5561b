/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_warc_httphead.c - warc_record_http_head and warc_http_parse_block
 * (warc/httphead.c) over in-memory records, plain and gzip (whose reads
 * fall differently): the head's limit, a block that ends inside its head,
 * heads spanning reads, LF-only heads, and reader errors told from bad heads.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/support.h"
#include "warc/warc.h"

struct head_result {
	int rc;
	warc_http_head hd;
	warc_buf buf;
	warc_error err;
};

/* One response record whose Content-Length is block_len + extra (extra > 0:
 * the block is cut short), as stored (gz: one gzip member). */
static void record_of(const void *block, size_t n, size_t extra, bool gz, warc_buf *out)
{
	warc_buf w;
	warc_buf_init(&w, 8u << 20);
	cr_assert_eq(warc_buf_printf(&w, "WARC/1.1\r\nWARC-Type: response\r\n"
				     "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
				     "WARC-Date: 2025-01-01T00:00:00Z\r\nWARC-Target-URI: http://example.com/\r\n"
				     "Content-Type: application/http;msgtype=response\r\n"
				     "Content-Length: %zu\r\n\r\n", n + extra), WARC_OK);
	cr_assert_eq(warc_buf_add(&w, block, n), WARC_OK);
	if (!extra)
		cr_assert_eq(warc_buf_addstr(&w, "\r\n\r\n"), WARC_OK);
	warc_buf_init(out, 16u << 20);
	if (!gz) {
		cr_assert_eq(warc_buf_add(out, w.data, w.len), WARC_OK);
	} else {
		unsigned char *z;
		size_t zn = deflate_bytes(31, w.data, w.len, &z);
		cr_assert_eq(warc_buf_add(out, z, zn), WARC_OK);
		free(z);
	}
	warc_buf_free(&w);
}

/* Read the head of block (stored plain or gzip) with warc_record_http_head. */
static void head_of(const void *block, size_t n, size_t extra, bool gz, struct head_result *res)
{
	warc_buf stored;
	record_of(block, n, extra, gz, &stored);
	FILE *f = fmemopen(stored.data, stored.len, "rb");
	warc_reader *r;
	warc_record *rec;
	cr_assert_eq(warc_reader_open_stream(&r, f, "mem", &res->err), WARC_OK);
	cr_assert_eq(warc_reader_next(r, &rec, &res->err), WARC_OK, "%s", res->err.msg);
	warc_buf_init(&res->buf, WARC_LIMIT_HEADER);
	res->err.msg[0] = '\0';
	res->rc = warc_record_http_head(rec, &res->buf, &res->hd, &res->err);
	warc_reader_close(r);
	fclose(f);
	warc_buf_free(&stored);
}

static void head_free(struct head_result *res)
{
	warc_http_free(res->hd.http);
	warc_buf_free(&res->buf);
}

/* A head of exactly total bytes (blank line included), then body. */
static char *sized_head(size_t total, const char *body, size_t *len)
{
	size_t bn = strlen(body);
	char *b = malloc(total + bn + 1);
	cr_assert_not_null(b);
	static const char start[] = "HTTP/1.1 200 OK\r\nX-Pad: ";
	memcpy(b, start, sizeof start - 1);
	memset(b + sizeof start - 1, 'a', total - (sizeof start - 1) - 4);
	memcpy(b + total - 4, "\r\n\r\n", 4);
	memcpy(b + total, body, bn + 1);
	*len = total + bn;
	return b;
}

Test(httphead, head_then_body_bytes)
{
	const char *blk = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno such page";
	struct head_result res;
	head_of(blk, strlen(blk), 0, false, &res);
	cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
	cr_assert_eq(warc_http_status(res.hd.http), 404);
	cr_assert_eq(res.hd.len, strlen(blk) - strlen("no such page"));
	cr_assert_not(res.hd.unterminated);
	cr_assert_str_eq(res.buf.data + res.hd.len, "no such page");
	head_free(&res);
}

Test(httphead, head_split_across_reads)
{
	warc_buf blk;
	warc_buf_init(&blk, 1 << 20);
	cr_assert_eq(warc_buf_addstr(&blk, "HTTP/1.1 200 OK\r\n"), WARC_OK);
	for (int i = 0; i < 2000; i++)
		cr_assert_eq(warc_buf_printf(&blk, "X-Field-%d: %060d\r\n", i, i), WARC_OK);
	cr_assert_eq(warc_buf_addstr(&blk, "\r\nbody"), WARC_OK);
	for (int gz = 0; gz < 2; gz++) {
		struct head_result res;
		head_of(blk.data, blk.len, 0, gz, &res);
		cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
		cr_assert_eq(warc_headers_count(warc_http_headers(res.hd.http)), 2000);
		cr_assert_eq(res.hd.len, blk.len - 4);
		head_free(&res);
	}
	warc_buf_free(&blk);
}

/* The limit is the block's first WARC_LIMIT_HEADER bytes, however reads fall. */
Test(httphead, head_at_the_limit_and_one_byte_over)
{
	for (int gz = 0; gz < 2; gz++) {
		size_t n;
		char *blk = sized_head(WARC_LIMIT_HEADER, "and a body after it", &n);
		struct head_result res;
		head_of(blk, n, 0, gz, &res);
		cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
		cr_assert_eq(res.hd.len, WARC_LIMIT_HEADER);
		head_free(&res);
		free(blk);

		blk = sized_head(WARC_LIMIT_HEADER + 1, "body", &n);
		head_of(blk, n, 0, gz, &res);
		cr_assert_eq(res.rc, WARC_ERR_TOOBIG);
		cr_assert(res.hd.bad_head);
		cr_assert_null(res.hd.http);
		cr_assert(strstr(res.err.msg, "HTTP head longer than"), "%s", res.err.msg);
		head_free(&res);
		free(blk);
	}
}

Test(httphead, over_long_head_without_end)
{
	size_t n = 3u << 20;
	char *blk = malloc(n);
	memset(blk, 'b', n);
	memcpy(blk, "HTTP/1.1 200 OK\r\nX: ", 20);
	struct head_result res;
	head_of(blk, n, 0, false, &res);
	cr_assert_eq(res.rc, WARC_ERR_TOOBIG);
	cr_assert(res.hd.bad_head);
	cr_assert_leq(res.buf.len, WARC_LIMIT_HEADER);
	head_free(&res);
	free(blk);
}

/* A block that ends inside its head is a head-only message; the bytes stay as stored. */
Test(httphead, head_with_no_end_is_head_only)
{
	static const char *blocks[] = {
		"HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n",
		"HTTP/1.1 304 Not Modified\r\nETag: \"x\"",
		"HTTP/1.1 304 Not Modified\nETag: \"x\"\n",
	};
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
		struct head_result res;
		head_of(blocks[i], strlen(blocks[i]), 0, false, &res);
		cr_assert_eq(res.rc, WARC_OK, "%s: %s", blocks[i], res.err.msg);
		cr_assert(res.hd.unterminated);
		cr_assert_eq(warc_http_status(res.hd.http), 304);
		cr_assert_str_eq(warc_headers_get(warc_http_headers(res.hd.http), "ETag"), "\"x\"");
		cr_assert_eq(res.hd.len, strlen(blocks[i]));
		cr_assert_str_eq(res.buf.data, blocks[i]);
		head_free(&res);
	}
}

Test(httphead, bare_lf_head)
{
	const char *blk = "HTTP/1.0 200 OK\nContent-Type: text/html\n\n<p>lf</p>";
	struct head_result res;
	head_of(blk, strlen(blk), 0, false, &res);
	cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
	cr_assert_not(res.hd.unterminated);
	cr_assert_str_eq(res.buf.data + res.hd.len, "<p>lf</p>");
	cr_assert_str_eq(warc_headers_get(warc_http_headers(res.hd.http), "Content-Type"), "text/html");
	head_free(&res);
}

Test(httphead, empty_or_not_http_is_a_bad_head)
{
	static const char *blocks[] = { "", "\r\n", "<html>not http</html>", "GET /\r\n\r\n" };
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
		struct head_result res;
		head_of(blocks[i], strlen(blocks[i]), 0, false, &res);
		cr_assert_eq(res.rc, WARC_ERR_FORMAT, "%zu: %d %s", i, res.rc, res.err.msg);
		cr_assert(res.hd.bad_head);
		cr_assert_null(res.hd.http);
		head_free(&res);
	}
}

/* A block cut short is the reader's error, not a bad head. */
Test(httphead, reader_error_is_not_a_bad_head)
{
	const char *blk = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
	struct head_result res;
	head_of(blk, strlen(blk), 100, false, &res);
	cr_assert_eq(res.rc, WARC_ERR_TRUNCATED, "%d %s", res.rc, res.err.msg);
	cr_assert_not(res.hd.bad_head);
	cr_assert_null(res.hd.http);
	head_free(&res);
}

Test(httphead, buffer_under_the_limit_is_usage)
{
	warc_buf stored;
	record_of("HTTP/1.1 200 OK\r\n\r\n", 19, 0, false, &stored);
	FILE *f = fmemopen(stored.data, stored.len, "rb");
	warc_reader *r;
	warc_record *rec;
	warc_error err;
	cr_assert_eq(warc_reader_open_stream(&r, f, "mem", &err), WARC_OK);
	cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_OK);
	warc_buf small;
	warc_buf_init(&small, 4096);
	warc_http_head hd;
	cr_assert_eq(warc_record_http_head(rec, &small, &hd, &err), WARC_ERR_USAGE);
	warc_buf_free(&small);
	warc_reader_close(r);
	fclose(f);
	warc_buf_free(&stored);
}

/* In memory: the same verdicts, and a prefix asks for more. */
Test(httphead, parse_block_in_memory)
{
	warc_http_head hd;
	const char *head_only = "HTTP/1.1 200 OK\r\nA: b\r\n";
	cr_assert_eq(warc_http_parse_block(head_only, strlen(head_only), false, &hd, NULL), WARC_ERR_TRUNCATED);
	cr_assert_not(hd.bad_head);
	cr_assert_eq(warc_http_parse_block(head_only, strlen(head_only), true, &hd, NULL), WARC_OK);
	cr_assert(hd.unterminated);
	cr_assert_eq(hd.len, strlen(head_only));
	warc_http_free(hd.http);
	cr_assert_eq(warc_http_parse_block("", 0, true, &hd, NULL), WARC_ERR_FORMAT);
	cr_assert(hd.bad_head);
	cr_assert_eq(warc_http_parse_block("<p>", 3, false, &hd, NULL), WARC_ERR_FORMAT);
	cr_assert(hd.bad_head);

	/* WARC_LIMIT_HEADER bytes of a longer block with no head in them: more wanted, never a head */
	size_t n;
	char *blk = sized_head(WARC_LIMIT_HEADER + 1, "", &n);
	cr_assert_eq(warc_http_parse_block(blk, WARC_LIMIT_HEADER, false, &hd, NULL), WARC_ERR_TRUNCATED);
	cr_assert_eq(warc_http_parse_block(blk, n, true, &hd, NULL), WARC_ERR_TOOBIG);
	cr_assert(hd.bad_head);
	free(blk);
}
