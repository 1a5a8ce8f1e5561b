/* SPDX-License-Identifier: Apache-2.0 */
/*
 * h2text.c - an HTTP/2 exchange written as HTTP/1.1 text, the way WARC
 * readers expect it (iipc/warc-specifications "WARC Extensions for HTTP/2").
 *
 * Design: HTTP/2 has no wire text to keep (binary frames, HPACK), so the
 * records hold the exchange's HTTP/1.1 equivalent and say where it came
 * from with WARC-Protocol: h2 (capture.c). Only the start lines change:
 * libcurl's own rendering ("HTTP/2 200 ", "GET / HTTP/2") is not valid
 * HTTP/1.1, and the draft forbids writing it. Header fields stay as libcurl
 * reports them (h2 names are lowercase), the body as received. h2 carries
 * no reason phrase; the status line gets the standard one (RFC 9110), or
 * none (the status code and a trailing space, as the draft writes it) for a
 * code without one.
 */
#include "crawl/internal.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	int code;
	const char *reason;
} REASONS[] = {
	{ 100, "Continue" }, { 101, "Switching Protocols" }, { 103, "Early Hints" },
	{ 200, "OK" }, { 201, "Created" }, { 202, "Accepted" }, { 203, "Non-Authoritative Information" },
	{ 204, "No Content" }, { 205, "Reset Content" }, { 206, "Partial Content" },
	{ 300, "Multiple Choices" }, { 301, "Moved Permanently" }, { 302, "Found" }, { 303, "See Other" },
	{ 304, "Not Modified" }, { 305, "Use Proxy" }, { 307, "Temporary Redirect" }, { 308, "Permanent Redirect" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 402, "Payment Required" }, { 403, "Forbidden" },
	{ 404, "Not Found" }, { 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" }, { 408, "Request Timeout" }, { 409, "Conflict" }, { 410, "Gone" },
	{ 411, "Length Required" }, { 412, "Precondition Failed" }, { 413, "Content Too Large" },
	{ 414, "URI Too Long" }, { 415, "Unsupported Media Type" }, { 416, "Range Not Satisfiable" },
	{ 417, "Expectation Failed" }, { 421, "Misdirected Request" }, { 422, "Unprocessable Content" },
	{ 425, "Too Early" }, { 426, "Upgrade Required" }, { 428, "Precondition Required" },
	{ 429, "Too Many Requests" }, { 431, "Request Header Fields Too Large" },
	{ 451, "Unavailable For Legal Reasons" },
	{ 500, "Internal Server Error" }, { 501, "Not Implemented" }, { 502, "Bad Gateway" },
	{ 503, "Service Unavailable" }, { 504, "Gateway Timeout" }, { 505, "HTTP Version Not Supported" },
	{ 511, "Network Authentication Required" },
};

const char *crw_http_reason(long code)
{
	for (size_t i = 0; i < sizeof REASONS / sizeof REASONS[0]; i++)
		if (REASONS[i].code == code)
			return REASONS[i].reason;
	return "";
}

size_t crw_h2_status_line(long code, char *out, size_t outsz)
{
	if (code < 100 || code > 999)
		return 0;
	int n = snprintf(out, outsz, "HTTP/1.1 %ld %s\r\n", code, crw_http_reason(code));
	return n > 0 && (size_t)n < outsz ? (size_t)n : 0;
}

int crw_h2_request_head(warc_buf *req, warc_error *err)
{
	if (!req->len)
		return WARC_OK;
	const char *p = req->data;
	const char *eol = memchr(p, '\n', req->len);
	size_t line = eol ? (size_t)(eol - p) : req->len;
	if (line && p[line - 1] == '\r')
		line--;
	const char *sp = NULL;
	for (size_t i = line; i > 0; i--)
		if (p[i - 1] == ' ') {
			sp = p + i - 1;
			break;
		}
	size_t vlen = sp ? (size_t)(p + line - sp - 1) : 0;
	bool h2 = sp && ((vlen == 6 && !memcmp(sp + 1, "HTTP/2", 6)) || (vlen == 8 && !memcmp(sp + 1, "HTTP/2.0", 8)));
	if (!h2)
		return WARC_OK; /* not libcurl's HTTP/2 request line: keep it as it is */
	warc_buf out;
	warc_buf_init(&out, req->limit);
	size_t keep = (size_t)(sp + 1 - p);
	if (warc_buf_add(&out, p, keep) || warc_buf_addstr(&out, "HTTP/1.1") ||
	    warc_buf_add(&out, p + line, req->len - line)) {
		warc_buf_free(&out);
		return warc_fail(err, WARC_ERR_TOOBIG, "request larger than %zu bytes", req->limit);
	}
	warc_buf_free(req);
	*req = out;
	return WARC_OK;
}
