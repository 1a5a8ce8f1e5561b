/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.c - parse the head (start line + header fields) of an HTTP/1.x
 * message stored in a WARC request/response/revisit block.
 *
 * Design: one pass over a caller-supplied prefix of the block, no state kept
 * between calls. The caller feeds a growing prefix and gets
 * WARC_ERR_TRUNCATED until the blank line has arrived, so the parser never
 * needs to buffer anything itself. The start line is checked as soon as its
 * first bytes are present, so garbage fails with WARC_ERR_FORMAT at once
 * instead of after a megabyte of waiting for a blank line.
 *
 * Tolerance follows what archived traffic really contains (the way python
 * warcio and browsers read it): LF-only line ends, obs-fold continuation
 * lines (joined with one space), whitespace around names and values, header
 * lines without a colon (skipped), and leading empty lines before the start
 * line. HTTP/0.9 ("GET /" with no version) and anything else that has no
 * HTTP/1.x-shaped start line is refused.
 */
#include "warc/warc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct warc_http {
	bool response;
	int status;
	char *version;
	char *reason;   /* "" for requests */
	char *method;   /* NULL for responses */
	char *target;   /* NULL for responses */
	warc_headers *headers;
};

/* ASCII only, whatever the locale. */
static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_tchar(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t';
}

/* A cursor over a possibly incomplete start line. */
struct cur {
	const char *p, *end;
	bool complete;   /* the line's end is known (else running out = need more) */
};

#define NEED(c) ((c)->complete ? WARC_ERR_FORMAT : WARC_ERR_TRUNCATED)

/* "HTTP/" 1*DIGIT [ "." 1*DIGIT ] */
static int scan_version(struct cur *c)
{
	static const char lit[] = "HTTP/";
	for (size_t i = 0; i < 5; i++) {
		if (c->p == c->end)
			return NEED(c);
		if (*c->p != lit[i])
			return WARC_ERR_FORMAT;
		c->p++;
	}
	int digits = 0;
	while (c->p < c->end && is_digit((unsigned char)*c->p) && digits < 3)
		c->p++, digits++;
	if (c->p == c->end)
		return NEED(c);
	if (!digits)
		return WARC_ERR_FORMAT;
	if (*c->p == '.') {
		c->p++;
		digits = 0;
		while (c->p < c->end && is_digit((unsigned char)*c->p) && digits < 3)
			c->p++, digits++;
		if (c->p == c->end)
			return digits && c->complete ? WARC_OK : NEED(c);
		if (!digits)
			return WARC_ERR_FORMAT;
	}
	return WARC_OK;
}

/* 1*(SP / HTAB); at the end of a complete line returns FORMAT. */
static int scan_ws(struct cur *c)
{
	if (c->p == c->end)
		return NEED(c);
	if (!is_ws(*c->p))
		return WARC_ERR_FORMAT;
	while (c->p < c->end && is_ws(*c->p))
		c->p++;
	return WARC_OK;
}

static char *dup_range(const char *a, const char *b)
{
	while (a < b && is_ws(*a))
		a++;
	while (b > a && is_ws(b[-1]))
		b--;
	size_t n = (size_t)(b - a);
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		s[i] = a[i] ? a[i] : ' ';
	s[n] = '\0';
	return s;
}

/*
 * Check (and, when h is not NULL and the line is complete, record) a start
 * line. Returns WARC_OK, WARC_ERR_TRUNCATED (a valid prefix so far) or
 * WARC_ERR_FORMAT.
 */
static int parse_start(const char *s, size_t n, bool complete, struct warc_http *h)
{
	struct cur c = { s, s + n, complete };
	int rc;
	if (memchr(s, '\0', n))
		return WARC_ERR_FORMAT;
	if (n && s[0] == 'H' && (n < 5 ? memcmp(s, "HTTP/", n) == 0 : memcmp(s, "HTTP/", 5) == 0)) {
		/* status-line = HTTP-version SP 3DIGIT [ SP reason-phrase ] */
		const char *v0 = c.p;
		if ((rc = scan_version(&c)))
			return rc;
		const char *v1 = c.p;
		if ((rc = scan_ws(&c)))
			return rc;
		int status = 0;
		for (int i = 0; i < 3; i++) {
			if (c.p == c.end)
				return NEED(&c);
			if (!is_digit((unsigned char)*c.p))
				return WARC_ERR_FORMAT;
			status = status * 10 + (*c.p++ - '0');
		}
		if (c.p < c.end && !is_ws(*c.p))
			return WARC_ERR_FORMAT;
		if (!complete)
			return WARC_ERR_TRUNCATED;
		if (h) {
			h->response = true;
			h->status = status;
			h->version = dup_range(v0, v1);
			h->reason = dup_range(c.p, c.end);
			if (!h->version || !h->reason)
				return WARC_ERR_NOMEM;
		}
		return WARC_OK;
	}
	/* request-line = method SP request-target SP HTTP-version */
	const char *m0 = c.p;
	while (c.p < c.end && is_tchar((unsigned char)*c.p))
		c.p++;
	if (c.p == m0)
		return c.p == c.end ? NEED(&c) : WARC_ERR_FORMAT;
	if (c.p - m0 > 32)
		return WARC_ERR_FORMAT;
	const char *m1 = c.p;
	if ((rc = scan_ws(&c)))
		return rc;
	const char *t0 = c.p;
	while (c.p < c.end && !is_ws(*c.p))
		c.p++;
	const char *t1 = c.p;
	if (t0 == t1)
		return NEED(&c);
	if ((rc = scan_ws(&c)))
		return rc;   /* "GET /" alone is HTTP/0.9: FORMAT once complete */
	const char *v0 = c.p;
	if ((rc = scan_version(&c)))
		return rc;
	const char *v1 = c.p;
	while (c.p < c.end && is_ws(*c.p))
		c.p++;
	if (c.p != c.end)
		return WARC_ERR_FORMAT;
	if (!complete)
		return WARC_ERR_TRUNCATED;
	if (h) {
		h->response = false;
		h->status = 0;
		h->method = dup_range(m0, m1);
		h->target = dup_range(t0, t1);
		h->version = dup_range(v0, v1);
		h->reason = dup_range(v1, v1);
		if (!h->method || !h->target || !h->version || !h->reason)
			return WARC_ERR_NOMEM;
	}
	return WARC_OK;
}

/* The field being assembled (obs-fold lines may still extend it). */
struct pending {
	char *name;
	warc_buf value;
};

static int flush_field(warc_headers *hs, struct pending *pf, size_t *nfields)
{
	if (!pf->name)
		return WARC_OK;
	if (++*nfields > WARC_LIMIT_HTTP_FIELDS)
		return WARC_ERR_TOOBIG;
	int rc = warc_headers_add(hs, pf->name, pf->value.data ? pf->value.data : "");
	free(pf->name);
	pf->name = NULL;
	warc_buf_reset(&pf->value);
	return rc;
}

/* Append b..e (trimmed, NULs made spaces) to the value buffer. */
static int add_trimmed(warc_buf *v, const char *a, const char *b, bool sep)
{
	while (a < b && is_ws(*a))
		a++;
	while (b > a && is_ws(b[-1]))
		b--;
	if (a == b)
		return WARC_OK;
	int rc = WARC_OK;
	if (sep && v->len)
		rc = warc_buf_add(v, " ", 1);
	for (const char *q = a; !rc && q < b;) {
		const char *z = memchr(q, '\0', (size_t)(b - q));
		const char *stop = z ? z : b;
		rc = warc_buf_add(v, q, (size_t)(stop - q));
		if (!rc && z)
			rc = warc_buf_add(v, " ", 1);
		q = z ? z + 1 : b;
	}
	return rc;
}

/* Header field lines in [p, end) (each ends with LF), head already delimited. */
static int parse_fields(const char *p, const char *end, warc_headers *hs, warc_error *err)
{
	struct pending pf = { NULL, { NULL, 0, 0, 0 } };
	warc_buf_init(&pf.value, WARC_LIMIT_HEADER);
	size_t nfields = 0;
	int rc = WARC_OK;
	while (!rc && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *next = nl ? nl + 1 : end;
		if (le > p && le[-1] == '\r')
			le--;
		if (is_ws(*p)) {
			/* obs-fold: continues the previous field's value */
			if (pf.name)
				rc = add_trimmed(&pf.value, p, le, true);
		} else {
			const char *colon = memchr(p, ':', (size_t)(le - p));
			rc = flush_field(hs, &pf, &nfields);
			if (!rc && colon) {
				const char *ne = colon;
				while (ne > p && is_ws(ne[-1]))
					ne--;
				if (ne > p) {
					pf.name = dup_range(p, ne);
					if (!pf.name)
						rc = WARC_ERR_NOMEM;
					else
						rc = add_trimmed(&pf.value, colon + 1, le, false);
				}
			}
			/* a line without a colon (or with an empty name) is skipped */
		}
		p = next;
	}
	if (!rc)
		rc = flush_field(hs, &pf, &nfields);
	free(pf.name);
	warc_buf_free(&pf.value);
	if (rc == WARC_ERR_TOOBIG)
		return warc_fail(err, rc, "HTTP head has more than %d header fields", WARC_LIMIT_HTTP_FIELDS);
	if (rc)
		return warc_fail(err, rc, "out of memory parsing HTTP header fields");
	return WARC_OK;
}

void warc_http_free(warc_http *h)
{
	if (!h)
		return;
	free(h->version);
	free(h->reason);
	free(h->method);
	free(h->target);
	warc_headers_free(h->headers);
	free(h);
}

int warc_http_parse(const char *buf, size_t len, warc_http **out, size_t *head_len, warc_error *err)
{
	*out = NULL;
	if (head_len)
		*head_len = 0;
	if (!buf && len)
		return warc_fail(err, WARC_ERR_USAGE, "warc_http_parse: NULL buffer");
	size_t scan = len < WARC_LIMIT_HEADER ? len : WARC_LIMIT_HEADER;
	const char *end = buf + scan;
	const char *p = buf;

	/* RFC 9112 2.2: ignore empty lines before the start line. */
	while (p < end && (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')))
		p += *p == '\n' ? 1 : 2;
	if (p + 1 == end && *p == '\r' && len <= WARC_LIMIT_HEADER)
		return warc_fail(err, WARC_ERR_TRUNCATED, "HTTP head incomplete (no blank line yet)");

	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t first_len = (size_t)((nl ? nl : end) - p);
	if (first_len && p[first_len - 1] == '\r')
		first_len--;
	int rc = parse_start(p, first_len, nl != NULL, NULL);
	if (rc == WARC_ERR_FORMAT)
		return warc_fail(err, rc, "not an HTTP/1.x message (bad start line)");
	if (rc == WARC_ERR_TRUNCATED && !nl) {
		if (len > WARC_LIMIT_HEADER)
			return warc_fail(err, WARC_ERR_TOOBIG, "HTTP head longer than %u bytes", WARC_LIMIT_HEADER);
		return warc_fail(err, rc, "HTTP head incomplete (no blank line yet)");
	}
	if (rc)
		return warc_fail(err, WARC_ERR_FORMAT, "not an HTTP/1.x message (bad start line)");

	/* Find the blank line that ends the head. */
	const char *fields = nl + 1, *q = fields, *stop = NULL;
	while (q < end) {
		if (*q == '\n') {
			stop = q + 1;
			break;
		}
		if (*q == '\r' && q + 1 < end && q[1] == '\n') {
			stop = q + 2;
			break;
		}
		const char *e = memchr(q, '\n', (size_t)(end - q));
		if (!e)
			break;
		q = e + 1;
	}
	if (!stop) {
		if (len > WARC_LIMIT_HEADER)
			return warc_fail(err, WARC_ERR_TOOBIG, "HTTP head longer than %u bytes", WARC_LIMIT_HEADER);
		return warc_fail(err, WARC_ERR_TRUNCATED, "HTTP head incomplete (no blank line yet)");
	}

	warc_http *h = calloc(1, sizeof *h);
	if (!h || !(h->headers = warc_headers_new())) {
		free(h);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	rc = parse_start(p, first_len, true, h);
	if (rc) {
		warc_http_free(h);
		return warc_fail(err, rc == WARC_ERR_NOMEM ? rc : WARC_ERR_FORMAT, "HTTP start line unusable");
	}
	rc = parse_fields(fields, q, h->headers, err);
	if (rc) {
		warc_http_free(h);
		return rc;
	}
	*out = h;
	if (head_len)
		*head_len = (size_t)(stop - buf);
	return WARC_OK;
}

bool warc_http_is_response(const warc_http *h)
{
	return h->response;
}

int warc_http_status(const warc_http *h)
{
	return h->status;
}

const char *warc_http_reason(const warc_http *h)
{
	return h->reason;
}

const char *warc_http_method(const warc_http *h)
{
	return h->method;
}

const char *warc_http_target(const warc_http *h)
{
	return h->target;
}

const char *warc_http_version(const warc_http *h)
{
	return h->version;
}

const warc_headers *warc_http_headers(const warc_http *h)
{
	return h->headers;
}

/* Transfer-Encoding: the final coding over all fields decides (RFC 9112 6.1). */
bool warc_http_is_chunked(const warc_http *h)
{
	const char *last = NULL;
	size_t last_len = 0;
	size_t n = warc_headers_count(h->headers);
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(warc_headers_name(h->headers, i), "Transfer-Encoding") != 0)
			continue;
		const char *v = warc_headers_value(h->headers, i);
		while (*v) {
			size_t tok = strcspn(v, ",");
			const char *a = v, *b = v + strcspn(v, ",;");
			while (a < b && is_ws(*a))
				a++;
			while (b > a && is_ws(b[-1]))
				b--;
			if (b > a) {
				last = a;
				last_len = (size_t)(b - a);
			}
			v += tok;
			if (*v == ',')
				v++;
		}
	}
	return last && last_len == 7 && strncasecmp(last, "chunked", 7) == 0;
}

void warc_http_mime(const warc_http *h, char *out, size_t outsz)
{
	if (!outsz)
		return;
	out[0] = '\0';
	const char *v = warc_headers_get(h->headers, "Content-Type");
	if (!v)
		return;
	while (is_ws(*v))
		v++;
	size_t n = strcspn(v, ";,");
	while (n && is_ws(v[n - 1]))
		n--;
	if (n >= outsz)
		n = outsz - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = v[i] >= 'A' && v[i] <= 'Z' ? (char)(v[i] + 32) : v[i];
	out[n] = '\0';
}
