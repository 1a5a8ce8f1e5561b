/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_payload.c - warc_record_http_body over real (in-memory) WARC records. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/support.h"
#include "warc/warc.h"

struct result {
	int rc;
	warc_buf body, warn;
	warc_http *http;
	warc_error err;
};

/* Wrap block in one uncompressed response record and run warc_record_http_body on it. */
static void body_of(const void *block, size_t n, size_t limit, struct result *res)
{
	warc_buf w;
	warc_buf_init(&w, 64u << 20);
	cr_assert_eq(warc_buf_printf(&w, "WARC/1.1\r\nWARC-Type: response\r\n"
				     "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
				     "WARC-Date: 2025-01-01T00:00:00Z\r\nWARC-Target-URI: http://example.com/\r\n"
				     "Content-Type: application/http;msgtype=response\r\n"
				     "Content-Length: %zu\r\n\r\n", n), WARC_OK);
	cr_assert_eq(warc_buf_add(&w, block, n), WARC_OK);
	cr_assert_eq(warc_buf_addstr(&w, "\r\n\r\n"), WARC_OK);
	FILE *f = fmemopen(w.data, w.len, "rb");
	warc_reader *r;
	warc_record *rec;
	cr_assert_eq(warc_reader_open_stream(&r, f, "mem", &res->err), WARC_OK);
	cr_assert_eq(warc_reader_next(r, &rec, &res->err), WARC_OK, "%s", res->err.msg);
	warc_buf_init(&res->body, limit);
	warc_buf_init(&res->warn, 4096);
	res->err.msg[0] = '\0';
	res->rc = warc_record_http_body(rec, &res->body, &res->http, &res->warn, &res->err);
	warc_reader_close(r);
	fclose(f);
	warc_buf_free(&w);
}

static void result_free(struct result *res)
{
	warc_buf_free(&res->body);
	warc_buf_free(&res->warn);
	warc_http_free(res->http);
}

Test(http_body, plain_body_and_head)
{
	const char *blk = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
			  "Content-Length: 13\r\n\r\n<p>Hello</p>\n";
	struct result res;
	body_of(blk, strlen(blk), 1 << 20, &res);
	cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
	cr_assert_str_eq(res.body.data, "<p>Hello</p>\n");
	cr_assert_not_null(res.http);
	cr_assert_eq(warc_http_status(res.http), 200);
	char mime[32];
	warc_http_mime(res.http, mime, sizeof mime);
	cr_assert_str_eq(mime, "text/html");
	cr_assert_eq(res.warn.len, 0);
	result_free(&res);
}

Test(http_body, chunked_gzip_body)
{
	const char *text = "<html><body>chunked and gzipped, the way servers send it</body></html>";
	unsigned char *gz;
	size_t gzn = deflate_bytes(31, text, strlen(text), &gz);
	warc_buf blk;
	warc_buf_init(&blk, 1 << 20);
	cr_assert_eq(warc_buf_addstr(&blk, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
				     "Content-Encoding: gzip\r\n\r\n"), WARC_OK);
	size_t half = gzn / 2;
	cr_assert_eq(warc_buf_printf(&blk, "%zx;ext=1\r\n", half), WARC_OK);
	cr_assert_eq(warc_buf_add(&blk, gz, half), WARC_OK);
	cr_assert_eq(warc_buf_printf(&blk, "\r\n%zX\r\n", gzn - half), WARC_OK);
	cr_assert_eq(warc_buf_add(&blk, gz + half, gzn - half), WARC_OK);
	cr_assert_eq(warc_buf_addstr(&blk, "\r\n0\r\nX-Trailer: 1\r\n\r\n"), WARC_OK);
	struct result res;
	body_of(blk.data, blk.len, 1 << 20, &res);
	cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
	cr_assert_str_eq(res.body.data, text);
	cr_assert_eq(res.warn.len, 0, "%s", res.warn.data);
	result_free(&res);
	warc_buf_free(&blk);
	free(gz);
}

Test(http_body, bad_chunking_tolerated_with_warning)
{
	const char *blk = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<html>not chunked</html>";
	struct result res;
	body_of(blk, strlen(blk), 1 << 20, &res);
	cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
	cr_assert_str_eq(res.body.data, "<html>not chunked</html>");
	cr_assert(strstr(res.warn.data, "chunk"), "warn: %s", res.warn.data);
	result_free(&res);
}

Test(http_body, head_only_block_without_blank_line)
{
	const char *blk = "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n";
	struct result res;
	body_of(blk, strlen(blk), 1 << 20, &res);
	cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
	cr_assert_eq(res.body.len, 0);
	cr_assert_eq(warc_http_status(res.http), 304);
	cr_assert_str_eq(warc_headers_get(warc_http_headers(res.http), "etag"), "\"x\"");
	cr_assert(strstr(res.warn.data, "blank line"), "warn: %s", res.warn.data);
	result_free(&res);
}

Test(http_body, truncated_gzip_keeps_prefix_with_warning)
{
	char text[20000];
	for (size_t i = 0; i < sizeof text - 1; i++)
		text[i] = (char)('a' + (i * 7919) % 26);
	text[sizeof text - 1] = '\0';
	unsigned char *gz;
	size_t gzn = deflate_bytes(31, text, strlen(text), &gz);
	warc_buf blk;
	warc_buf_init(&blk, 1 << 20);
	cr_assert_eq(warc_buf_addstr(&blk, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n"), WARC_OK);
	cr_assert_eq(warc_buf_add(&blk, gz, gzn * 2 / 3), WARC_OK);
	struct result res;
	body_of(blk.data, blk.len, 1 << 20, &res);
	cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
	cr_assert_gt(res.body.len, 0);
	cr_assert_lt(res.body.len, strlen(text));
	cr_assert_eq(memcmp(res.body.data, text, res.body.len), 0);
	cr_assert(strstr(res.warn.data, "gzip"), "warn: %s", res.warn.data);
	result_free(&res);
	warc_buf_free(&blk);
	free(gz);
}

Test(http_body, body_limit_bounds_decoding)
{
	size_t n = 4u << 20;
	char *zeros = calloc(1, n);
	unsigned char *gz;
	size_t gzn = deflate_bytes(31, zeros, n, &gz);
	warc_buf blk;
	warc_buf_init(&blk, 1 << 20);
	cr_assert_eq(warc_buf_addstr(&blk, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n"), WARC_OK);
	cr_assert_eq(warc_buf_add(&blk, gz, gzn), WARC_OK);
	struct result res;
	body_of(blk.data, blk.len, 100000, &res);
	cr_assert_eq(res.rc, WARC_ERR_TOOBIG, "%d %s", res.rc, res.err.msg);
	cr_assert_null(res.http, "no head on failure");
	cr_assert_leq(res.body.len, 100000);
	cr_assert_neq(res.err.msg[0], '\0');
	result_free(&res);
	/* and a plain body over the limit */
	body_of("HTTP/1.0 200 OK\r\n\r\n0123456789", 29, 5, &res);
	cr_assert_eq(res.rc, WARC_ERR_TOOBIG);
	result_free(&res);
	warc_buf_free(&blk);
	free(gz);
	free(zeros);
}

Test(http_body, errors_are_clean)
{
	struct result res;
	body_of("<html>no head</html>", 20, 1000, &res);
	cr_assert_eq(res.rc, WARC_ERR_FORMAT);
	cr_assert_null(res.http);
	result_free(&res);
	body_of("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip at all", 58, 1000, &res);
	cr_assert_eq(res.rc, WARC_ERR_FORMAT);
	cr_assert(strstr(res.err.msg, "gzip"), "%s", res.err.msg);
	result_free(&res);
	body_of("", 0, 1000, &res);
	cr_assert_eq(res.rc, WARC_ERR_FORMAT);
	result_free(&res);
}

Test(http_body, unknown_content_encoding_left_as_is_with_warning)
{
	struct result res;
	const char *blk = "HTTP/1.1 200 OK\r\nContent-Encoding: utf-8\r\n\r\nplain text";
	body_of(blk, strlen(blk), 1000, &res);
	cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
	cr_assert_str_eq(res.body.data, "plain text");
	cr_assert(strstr(res.warn.data, "unsupported content-encoding utf-8"), "warn: %s", res.warn.data);
	result_free(&res);
}

Test(http_body, large_head_spanning_reads)
{
	warc_buf blk;
	warc_buf_init(&blk, 1 << 20);
	cr_assert_eq(warc_buf_addstr(&blk, "HTTP/1.1 200 OK\r\n"), WARC_OK);
	for (int i = 0; i < 3000; i++)
		cr_assert_eq(warc_buf_printf(&blk, "X-Field-%d: %060d\r\n", i, i), WARC_OK);
	cr_assert_eq(warc_buf_addstr(&blk, "\r\nthe body"), WARC_OK);
	struct result res;
	body_of(blk.data, blk.len, 1000, &res);
	cr_assert_eq(res.rc, WARC_OK, "%s", res.err.msg);
	cr_assert_str_eq(res.body.data, "the body");
	cr_assert_eq(warc_headers_count(warc_http_headers(res.http)), 3000);
	result_free(&res);
	warc_buf_free(&blk);
}
