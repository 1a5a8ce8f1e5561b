/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_http.c - HTTP head parsing: start lines, fields, tolerance, limits. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "warc/warc.h"

static warc_http *parse_ok(const char *s, size_t *head_len)
{
	warc_http *h = NULL;
	warc_error err = { "" };
	int rc = warc_http_parse(s, strlen(s), &h, head_len, &err);
	cr_assert_eq(rc, WARC_OK, "parse failed (%d): %s", rc, err.msg);
	cr_assert_not_null(h);
	return h;
}

static int parse_rc(const char *s, size_t n)
{
	warc_http *h = (warc_http *)1;
	size_t hl = 99;
	warc_error err = { "" };
	int rc = warc_http_parse(s, n, &h, &hl, &err);
	if (rc != WARC_OK) {
		cr_assert_null(h, "no head is returned on failure");
		cr_assert_neq(err.msg[0], '\0', "a failure always says why");
	}
	warc_http_free(h);
	return rc;
}

Test(http_parse, status_line_and_head_length)
{
	const char *msg = "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nbody";
	size_t hl = 0;
	warc_http *h = parse_ok(msg, &hl);
	cr_assert(warc_http_is_response(h));
	cr_assert_eq(warc_http_status(h), 404);
	cr_assert_str_eq(warc_http_reason(h), "Not Found");
	cr_assert_str_eq(warc_http_version(h), "HTTP/1.1");
	cr_assert_null(warc_http_method(h));
	cr_assert_eq(hl, strlen(msg) - 4, "head ends after the blank line");
	cr_assert_str_eq(msg + hl, "body");
	warc_http_free(h);
}

Test(http_parse, status_line_without_reason_and_odd_versions)
{
	warc_http *h = parse_ok("HTTP/1.0 200\r\n\r\n", NULL);
	cr_assert_eq(warc_http_status(h), 200);
	cr_assert_str_eq(warc_http_reason(h), "");
	cr_assert_str_eq(warc_http_version(h), "HTTP/1.0");
	warc_http_free(h);
	h = parse_ok("HTTP/2 999 Request denied \r\n\r\n", NULL);
	cr_assert_eq(warc_http_status(h), 999);
	cr_assert_str_eq(warc_http_reason(h), "Request denied");
	warc_http_free(h);
}

Test(http_parse, request_line)
{
	const char *msg = "POST /search?q=a%20b HTTP/1.1\r\nHost: example.com\r\n"
			  "Content-Length: 3\r\n\r\nq=1";
	size_t hl = 0;
	warc_http *h = parse_ok(msg, &hl);
	cr_assert_not(warc_http_is_response(h));
	cr_assert_eq(warc_http_status(h), 0);
	cr_assert_str_eq(warc_http_method(h), "POST");
	cr_assert_str_eq(warc_http_target(h), "/search?q=a%20b");
	cr_assert_str_eq(warc_http_version(h), "HTTP/1.1");
	cr_assert_str_eq(warc_headers_get(warc_http_headers(h), "host"), "example.com");
	cr_assert_str_eq(msg + hl, "q=1");
	warc_http_free(h);
}

Test(http_parse, repeated_fields_kept_in_order_case_insensitive)
{
	warc_http *h = parse_ok("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n"
				"X-Empty:\r\nSET-COOKIE:c=3\r\n\r\n", NULL);
	const warc_headers *hs = warc_http_headers(h);
	cr_assert_eq(warc_headers_count(hs), 4);
	cr_assert_str_eq(warc_headers_get(hs, "Set-Cookie"), "a=1");
	cr_assert_str_eq(warc_headers_name(hs, 1), "set-cookie", "spelling kept");
	cr_assert_str_eq(warc_headers_value(hs, 1), "b=2");
	cr_assert_str_eq(warc_headers_value(hs, 2), "");
	cr_assert_str_eq(warc_headers_value(hs, 3), "c=3");
	warc_http_free(h);
}

Test(http_parse, obs_fold_joined_with_one_space_and_whitespace_trimmed)
{
	warc_http *h = parse_ok("HTTP/1.1 200 OK\r\nX-Long:  first part \r\n"
				"   second part\r\n\tthird\r\nContent-Type \t:\t text/plain  \r\n\r\n", NULL);
	const warc_headers *hs = warc_http_headers(h);
	cr_assert_eq(warc_headers_count(hs), 2);
	cr_assert_str_eq(warc_headers_get(hs, "x-long"), "first part second part third");
	cr_assert_str_eq(warc_headers_name(hs, 1), "Content-Type");
	cr_assert_str_eq(warc_headers_get(hs, "content-type"), "text/plain");
	warc_http_free(h);
}

Test(http_parse, lf_only_and_mixed_line_ends)
{
	const char *msg = "HTTP/1.1 301 Moved\nLocation: /new\r\nServer: x\n\nrest";
	size_t hl = 0;
	warc_http *h = parse_ok(msg, &hl);
	cr_assert_eq(warc_http_status(h), 301);
	cr_assert_str_eq(warc_headers_get(warc_http_headers(h), "Location"), "/new");
	cr_assert_str_eq(warc_headers_get(warc_http_headers(h), "Server"), "x");
	cr_assert_str_eq(msg + hl, "rest");
	warc_http_free(h);
}

Test(http_parse, lines_without_colon_are_skipped)
{
	warc_http *h = parse_ok("HTTP/1.1 200 OK\r\nthis is junk\r\nA: 1\r\n: nameless\r\n\r\n", NULL);
	cr_assert_eq(warc_headers_count(warc_http_headers(h)), 1);
	cr_assert_str_eq(warc_headers_get(warc_http_headers(h), "a"), "1");
	warc_http_free(h);
}

Test(http_parse, head_without_fields)
{
	size_t hl = 0;
	warc_http *h = parse_ok("HTTP/1.1 204 No Content\r\n\r\n", &hl);
	cr_assert_eq(warc_headers_count(warc_http_headers(h)), 0);
	cr_assert_eq(hl, 27);
	warc_http_free(h);
}

Test(http_parse, truncated_head_asks_for_more_at_every_cut)
{
	const char *msg = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX: y\r\n\r\n";
	size_t n = strlen(msg);
	for (size_t cut = 0; cut < n; cut++)
		cr_assert_eq(parse_rc(msg, cut), WARC_ERR_TRUNCATED, "cut at %zu", cut);
	cr_assert_eq(parse_rc(msg, n), WARC_OK);
	const char *req = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";
	for (size_t cut = 0; cut < strlen(req); cut++)
		cr_assert_eq(parse_rc(req, cut), WARC_ERR_TRUNCATED, "request cut at %zu", cut);
}

Test(http_parse, not_http_fails_at_once)
{
	cr_assert_eq(parse_rc("<html><body>", 12), WARC_ERR_FORMAT);
	cr_assert_eq(parse_rc("\x1f\x8b\x08\x00", 4), WARC_ERR_FORMAT);
	cr_assert_eq(parse_rc("HTTX/1.1 200", 12), WARC_ERR_FORMAT);
	cr_assert_eq(parse_rc("HTTP/1.1 20x OK\r\n\r\n", 19), WARC_ERR_FORMAT);
	cr_assert_eq(parse_rc("HTTP/1.1 2000 OK\r\n\r\n", 20), WARC_ERR_FORMAT);
	cr_assert_eq(parse_rc("HTTP/ 200 OK\r\n\r\n", 16), WARC_ERR_FORMAT);
	cr_assert_eq(parse_rc("WARC/1.1\r\n\r\n", 12), WARC_ERR_FORMAT);
	cr_assert_eq(parse_rc("GET /\r\n\r\n", 9), WARC_ERR_FORMAT, "HTTP/0.9 request");
	cr_assert_eq(parse_rc("GET / FTP/1.0\r\n\r\n", 17), WARC_ERR_FORMAT);
	cr_assert_eq(parse_rc("GET / HTTP/1.1 extra\r\n\r\n", 24), WARC_ERR_FORMAT);
	cr_assert_eq(parse_rc("HTTP/1.1 200 O\0K\r\n\r\n", 20), WARC_ERR_FORMAT, "NUL in start line");
	/* a body of junk longer than any head is refused from its first line */
	size_t big = WARC_LIMIT_HEADER + 100;
	char *junk = malloc(big);
	memset(junk, '{', big);
	cr_assert_eq(parse_rc(junk, big), WARC_ERR_FORMAT);
	free(junk);
}

Test(http_parse, oversize_head_is_toobig)
{
	size_t big = WARC_LIMIT_HEADER + 4096;
	char *m = malloc(big);
	size_t n = (size_t)sprintf(m, "HTTP/1.1 200 OK\r\n");
	while (n + 210 < big)
		n += (size_t)sprintf(m + n, "X-Filler: %0190zu\r\n", n);
	cr_assert_eq(parse_rc(m, n), WARC_ERR_TOOBIG);
	cr_assert_eq(parse_rc(m, WARC_LIMIT_HEADER - 10), WARC_ERR_TRUNCATED,
		     "under the limit it may still complete");
	/* a head ending just inside the limit is fine */
	size_t end = WARC_LIMIT_HEADER - 2;
	while (m[end - 1] != '\n')
		end--;
	memcpy(m + end, "\r\n", 2);
	cr_assert_eq(parse_rc(m, end + 2), WARC_OK);
	free(m);
}

Test(http_parse, many_fields_refused)
{
	warc_buf b;
	warc_buf_init(&b, WARC_LIMIT_HEADER);
	cr_assert_eq(warc_buf_addstr(&b, "HTTP/1.1 200 OK\r\n"), WARC_OK);
	for (int i = 0; i < 20000; i++)
		cr_assert_eq(warc_buf_addstr(&b, "a:\n"), WARC_OK);
	cr_assert_eq(warc_buf_addstr(&b, "\n"), WARC_OK);
	cr_assert_eq(parse_rc(b.data, b.len), WARC_ERR_TOOBIG);
	warc_buf_free(&b);
}

Test(http_parse, leading_empty_line_tolerated)
{
	size_t hl = 0;
	warc_http *h = parse_ok("\r\nHTTP/1.1 200 OK\r\n\r\nX", &hl);
	cr_assert_eq(warc_http_status(h), 200);
	cr_assert_eq(hl, 21);
	warc_http_free(h);
}

Test(http_parse, chunked_detection)
{
	warc_http *h = parse_ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", NULL);
	cr_assert(warc_http_is_chunked(h));
	warc_http_free(h);
	h = parse_ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", NULL);
	cr_assert_not(warc_http_is_chunked(h), "chunked must be the last coding");
	warc_http_free(h);
	h = parse_ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\ntransfer-encoding: chunked \r\n\r\n", NULL);
	cr_assert(warc_http_is_chunked(h), "repeated fields form one list");
	warc_http_free(h);
	h = parse_ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked,\r\n\r\n", NULL);
	cr_assert(warc_http_is_chunked(h), "empty list elements ignored");
	warc_http_free(h);
	h = parse_ok("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", NULL);
	cr_assert_not(warc_http_is_chunked(h));
	warc_http_free(h);
	h = parse_ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunkedx\r\n\r\n", NULL);
	cr_assert_not(warc_http_is_chunked(h));
	warc_http_free(h);
}

Test(http_parse, mime_type)
{
	char mime[64];
	warc_http *h = parse_ok("HTTP/1.1 200 OK\r\nContent-Type:  Text/HTML ; charset=UTF-8\r\n\r\n", NULL);
	warc_http_mime(h, mime, sizeof mime);
	cr_assert_str_eq(mime, "text/html");
	char small[5];
	warc_http_mime(h, small, sizeof small);
	cr_assert_str_eq(small, "text", "truncated to the buffer");
	warc_http_free(h);
	h = parse_ok("HTTP/1.1 200 OK\r\n\r\n", NULL);
	warc_http_mime(h, mime, sizeof mime);
	cr_assert_str_eq(mime, "");
	warc_http_free(h);
}
