/* SPDX-License-Identifier: Apache-2.0 */
/* test_crawl_h2text.c - HTTP/2 exchanges as HTTP/1.1 text (crawl/h2text.c): the
 * status line with its standard reason phrase, the request line's version. */
#include <criterion/criterion.h>
#include <string.h>

#include "crawl/internal.h"

Test(crawl_h2text, status_line_gets_the_standard_reason)
{
	char line[64];
	size_t n = crw_h2_status_line(200, line, sizeof line);
	cr_assert_eq(n, strlen("HTTP/1.1 200 OK\r\n"));
	cr_assert_str_eq(line, "HTTP/1.1 200 OK\r\n");
	crw_h2_status_line(404, line, sizeof line);
	cr_assert_str_eq(line, "HTTP/1.1 404 Not Found\r\n");
	crw_h2_status_line(308, line, sizeof line);
	cr_assert_str_eq(line, "HTTP/1.1 308 Permanent Redirect\r\n");
	crw_h2_status_line(429, line, sizeof line);
	cr_assert_str_eq(line, "HTTP/1.1 429 Too Many Requests\r\n");
	/* No reason phrase known: the code and a trailing space (still valid HTTP/1.1). */
	crw_h2_status_line(299, line, sizeof line);
	cr_assert_str_eq(line, "HTTP/1.1 299 \r\n");
	/* The result parses as an HTTP/1.1 response. */
	warc_http *h = NULL;
	size_t used;
	warc_error err;
	crw_h2_status_line(503, line, sizeof line);
	strcat(line, "\r\n");
	cr_assert_eq(warc_http_parse(line, strlen(line), &h, &used, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(warc_http_status(h), 503);
	cr_assert_str_eq(warc_http_version(h), "HTTP/1.1");
	cr_assert_str_eq(warc_http_reason(h), "Service Unavailable");
	warc_http_free(h);
}

Test(crawl_h2text, status_line_refuses_what_it_cannot_write)
{
	char line[64], tiny[8];
	cr_assert_eq(crw_h2_status_line(99, line, sizeof line), 0);
	cr_assert_eq(crw_h2_status_line(1000, line, sizeof line), 0);
	cr_assert_eq(crw_h2_status_line(200, tiny, sizeof tiny), 0);
	cr_assert_str_eq(crw_http_reason(418), "");
	cr_assert_str_eq(crw_http_reason(301), "Moved Permanently");
}

static void normalise(const char *in, const char *want)
{
	warc_buf b;
	warc_buf_init(&b, 4096);
	cr_assert_eq(warc_buf_addstr(&b, in), 0);
	warc_error err;
	cr_assert_eq(crw_h2_request_head(&b, &err), WARC_OK);
	cr_assert_eq(b.len, strlen(want));
	cr_assert_str_eq(b.data ? b.data : "", want);
	warc_buf_free(&b);
}

Test(crawl_h2text, request_line_version_becomes_http11)
{
	/* What libcurl 7.88 shows for an h2 request: only the version changes. */
	normalise("GET /a?b=1 HTTP/2\r\nHost: h2.test:8443\r\nuser-agent: wark\r\naccept: */*\r\n\r\n",
		  "GET /a?b=1 HTTP/1.1\r\nHost: h2.test:8443\r\nuser-agent: wark\r\naccept: */*\r\n\r\n");
	normalise("GET / HTTP/2.0\r\n\r\n", "GET / HTTP/1.1\r\n\r\n");
	normalise("GET / HTTP/2\n\n", "GET / HTTP/1.1\n\n");
	/* Anything else is left alone. */
	normalise("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
	normalise("GET /HTTP/2 HTTP/1.0\r\n\r\n", "GET /HTTP/2 HTTP/1.0\r\n\r\n");
	normalise("GET / HTTP/2.1\r\n\r\n", "GET / HTTP/2.1\r\n\r\n");
	normalise("", "");
}

Test(crawl_h2text, request_line_respects_the_buffer_limit)
{
	warc_buf b;
	warc_buf_init(&b, 22);
	cr_assert_eq(warc_buf_addstr(&b, "GET / HTTP/2\r\nA: bcd\r\n"), 0); /* 22 bytes: full */
	warc_error err;
	cr_assert_eq(crw_h2_request_head(&b, &err), WARC_ERR_TOOBIG);
	cr_assert_str_eq(b.data, "GET / HTTP/2\r\nA: bcd\r\n", "left as it was");
	warc_buf_free(&b);
}
