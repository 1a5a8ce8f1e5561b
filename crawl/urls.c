/* SPDX-License-Identifier: Apache-2.0 */
/*
 * urls.c - resolving discovered references into crawlable absolute URLs.
 *
 * Design: a small RFC 3986 splitter plus the §5.2 resolution algorithm
 * (merge + remove_dot_segments), done on bounded scratch copies, then one
 * normalising serialiser: http/https only, lowercase scheme and host, IDNA
 * host through libidn2, default port dropped, fragment dropped, bytes that
 * may not appear in a URI percent-encoded. Browser leniencies that matter in
 * real HTML are applied first: surrounding whitespace trimmed, tabs and
 * newlines removed, backslashes before the query read as slashes.
 */
#include "crawl/crawl.h"

#include <ctype.h>
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A view of the five RFC 3986 components (Appendix B). */
typedef struct uparts {
	const char *scheme; size_t scheme_len; bool has_scheme;
	const char *auth;   size_t auth_len;   bool has_auth;
	const char *path;   size_t path_len;
	const char *query;  size_t query_len;  bool has_query;
} uparts;

static bool is_scheme_char(int c, bool first)
{
	return isalpha(c) || (!first && (isdigit(c) || c == '+' || c == '-' || c == '.'));
}

static void split(const char *s, size_t n, uparts *u)
{
	memset(u, 0, sizeof *u);
	size_t i = 0;
	/* scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	while (i < n && is_scheme_char((unsigned char)s[i], i == 0))
		i++;
	if (i > 0 && i < n && s[i] == ':') {
		u->has_scheme = true;
		u->scheme = s;
		u->scheme_len = i;
		i++;
	} else {
		i = 0;
	}
	if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		i += 2;
		size_t a = i;
		while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#')
			i++;
		u->has_auth = true;
		u->auth = s + a;
		u->auth_len = i - a;
	}
	size_t p = i;
	while (i < n && s[i] != '?' && s[i] != '#')
		i++;
	u->path = s + p;
	u->path_len = i - p;
	if (i < n && s[i] == '?') {
		i++;
		size_t q = i;
		while (i < n && s[i] != '#')
			i++;
		u->has_query = true;
		u->query = s + q;
		u->query_len = i - q;
	}
	/* the fragment is ignored: it never reaches the server */
}

/* RFC 3986 §5.2.4 over in[0..n) into out (capacity >= n+1); returns length. */
static size_t remove_dot_segments(const char *in, size_t n, char *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		const char *p = in + i;
		size_t left = n - i;
		if (left >= 3 && !memcmp(p, "../", 3)) {
			i += 3;
		} else if (left >= 2 && !memcmp(p, "./", 2)) {
			i += 2;
		} else if (left >= 3 && !memcmp(p, "/./", 3)) {
			i += 2;
		} else if (left == 2 && !memcmp(p, "/.", 2)) {
			i += 1;
			out[o++] = '/';
			i += 1;
		} else if (left >= 4 && !memcmp(p, "/../", 4)) {
			i += 3;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if (left == 3 && !memcmp(p, "/..", 3)) {
			i += 3;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			out[o++] = '/';
		} else if ((left == 1 && p[0] == '.') || (left == 2 && !memcmp(p, "..", 2))) {
			i = n;
		} else {
			size_t j = p[0] == '/' ? 1 : 0;
			while (j < left && p[j] != '/')
				j++;
			memcpy(out + o, p, j);
			o += j;
			i += j;
		}
	}
	out[o] = '\0';
	return o;
}

/* Browser-style cleanup: trim C0/space, drop tab/CR/LF, '\' -> '/' before '?'/'#'. */
static char *clean_copy(const char *s, size_t *outlen)
{
	size_t n = strlen(s);
	while (n > 0 && (unsigned char)s[n - 1] <= 0x20)
		n--;
	while (n > 0 && (unsigned char)*s <= 0x20) {
		s++;
		n--;
	}
	char *c = malloc(n + 1);
	if (!c)
		return NULL;
	size_t o = 0;
	bool before_query = true;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '\t' || ch == '\n' || ch == '\r')
			continue;
		if (ch == '?' || ch == '#')
			before_query = false;
		if (ch == '\\' && before_query)
			ch = '/';
		c[o++] = ch;
	}
	c[o] = '\0';
	*outlen = o;
	return c;
}

static bool scheme_is(const uparts *u, const char *name)
{
	return u->scheme_len == strlen(name) && !strncasecmp(u->scheme, name, u->scheme_len);
}

static bool is_hex(int c)
{
	return isxdigit(c) != 0;
}

/* Append path/query bytes, percent-encoding what may not appear in a URI. */
static int add_encoded(warc_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool bad = c <= 0x20 || c >= 0x7f || strchr("\"<>^`{|}", c) != NULL;
		if (c == '%' && !(i + 2 < n && is_hex((unsigned char)s[i + 1]) && is_hex((unsigned char)s[i + 2])))
			bad = true;
		if (c == '\\')
			bad = true;
		int rc;
		if (bad) {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			rc = warc_buf_add(out, e, 3);
		} else {
			rc = warc_buf_add(out, &s[i], 1);
		}
		if (rc)
			return rc;
	}
	return WARC_OK;
}

/* Host: lowercase ASCII, IDNA for non-ASCII; IPv6 literals kept in brackets. */
static int add_host(warc_buf *out, const char *h, size_t n, warc_error *err)
{
	if (n == 0)
		return warc_fail(err, WARC_ERR_FORMAT, "URL has no host");
	if (h[0] == '[') {
		if (h[n - 1] != ']')
			return warc_fail(err, WARC_ERR_FORMAT, "bad IPv6 literal");
		for (size_t i = 1; i + 1 < n; i++)
			if (!isxdigit((unsigned char)h[i]) && h[i] != ':' && h[i] != '.')
				return warc_fail(err, WARC_ERR_FORMAT, "bad IPv6 literal");
		for (size_t i = 0; i < n; i++) {
			char c = (char)tolower((unsigned char)h[i]);
			int rc = warc_buf_add(out, &c, 1);
			if (rc)
				return rc;
		}
		return WARC_OK;
	}
	bool ascii = true;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)h[i] >= 0x80)
			ascii = false;
	char *tmp = strndup(h, n);
	if (!tmp)
		return WARC_ERR_NOMEM;
	char *conv = NULL;
	if (!ascii) {
		int rc = idn2_to_ascii_8z(tmp, &conv, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
		if (rc != IDN2_OK)
			rc = idn2_to_ascii_8z(tmp, &conv, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
		if (rc != IDN2_OK) {
			free(tmp);
			return warc_fail(err, WARC_ERR_FORMAT, "host is not a valid IDN: %s", idn2_strerror(rc));
		}
	}
	const char *src = conv ? conv : tmp;
	int rc = WARC_OK;
	if (!src[0]) {
		/* e.g. a host of only U+FEFF, which IDNA maps to nothing */
		free(tmp);
		idn2_free(conv);
		return warc_fail(err, WARC_ERR_FORMAT, "URL has no host");
	}
	for (const char *p = src; *p && rc == WARC_OK; p++) {
		unsigned char c = (unsigned char)*p;
		if (!(isalnum(c) || c == '-' || c == '.' || c == '_')) {
			rc = warc_fail(err, WARC_ERR_FORMAT, "bad character in host");
			break;
		}
		char l = (char)tolower(c);
		rc = warc_buf_add(out, &l, 1);
	}
	if (rc == WARC_OK && src[0] == '.')
		rc = warc_fail(err, WARC_ERR_FORMAT, "bad host");
	free(tmp);
	idn2_free(conv);
	return rc;
}

/* Split authority into userinfo, host and port views. */
static int split_auth(const char *a, size_t n, const char **host, size_t *host_len,
		      const char **port, size_t *port_len, size_t *user_len)
{
	const char *at = memrchr(a, '@', n);
	size_t hs = at ? (size_t)(at - a) + 1 : 0;
	*user_len = at ? (size_t)(at - a) : 0;
	const char *h = a + hs;
	size_t hn = n - hs;
	*port = NULL;
	*port_len = 0;
	if (hn > 0 && h[0] == '[') {
		const char *rb = memchr(h, ']', hn);
		if (!rb)
			return WARC_ERR_FORMAT;
		size_t l = (size_t)(rb - h) + 1;
		if (l < hn) {
			if (h[l] != ':')
				return WARC_ERR_FORMAT;
			*port = h + l + 1;
			*port_len = hn - l - 1;
		}
		hn = l;
	} else {
		const char *c = memrchr(h, ':', hn);
		if (c) {
			*port = c + 1;
			*port_len = hn - (size_t)(c - h) - 1;
			hn = (size_t)(c - h);
		}
	}
	*host = h;
	*host_len = hn;
	return WARC_OK;
}

static int serialise(const uparts *u, const char *path, size_t path_len, warc_buf *out, warc_error *err)
{
	bool https = scheme_is(u, "https");
	if (!https && !scheme_is(u, "http"))
		return warc_fail(err, WARC_ERR_FORMAT, "not an http(s) URL");
	if (!u->has_auth)
		return warc_fail(err, WARC_ERR_FORMAT, "URL has no authority");
	const char *host, *port;
	size_t host_len, port_len, user_len;
	if (split_auth(u->auth, u->auth_len, &host, &host_len, &port, &port_len, &user_len))
		return warc_fail(err, WARC_ERR_FORMAT, "bad authority");
	unsigned long portnum = 0;
	if (port && port_len > 0) {
		if (port_len > 5)
			return warc_fail(err, WARC_ERR_FORMAT, "bad port");
		for (size_t i = 0; i < port_len; i++) {
			if (!isdigit((unsigned char)port[i]))
				return warc_fail(err, WARC_ERR_FORMAT, "bad port");
			portnum = portnum * 10 + (unsigned long)(port[i] - '0');
		}
		if (portnum == 0 || portnum > 65535)
			return warc_fail(err, WARC_ERR_FORMAT, "bad port");
	}
	warc_buf_reset(out);
	int rc = warc_buf_addstr(out, https ? "https://" : "http://");
	if (!rc && user_len > 0) {
		rc = add_encoded(out, u->auth, user_len);
		if (!rc)
			rc = warc_buf_addstr(out, "@");
	}
	if (!rc)
		rc = add_host(out, host, host_len, err);
	if (!rc && portnum && portnum != (https ? 443u : 80u))
		rc = warc_buf_printf(out, ":%lu", portnum);
	if (!rc)
		rc = path_len ? add_encoded(out, path, path_len) : warc_buf_addstr(out, "/");
	if (!rc && u->has_query) {
		rc = warc_buf_addstr(out, "?");
		if (!rc)
			rc = add_encoded(out, u->query, u->query_len);
	}
	if (rc == WARC_ERR_TOOBIG)
		return warc_fail(err, rc, "URL longer than the output buffer allows");
	if (rc == WARC_ERR_NOMEM)
		return warc_fail(err, rc, "out of memory");
	return rc;
}

int crawl_url_resolve(const char *base, const char *ref, warc_buf *out, warc_error *err)
{
	if (!ref || !out)
		return warc_fail(err, WARC_ERR_USAGE, "crawl_url_resolve: NULL argument");
	if (!base)
		base = "";
	if (strlen(base) > WARC_LIMIT_URL || strlen(ref) > WARC_LIMIT_URL)
		return warc_fail(err, WARC_ERR_TOOBIG, "URL longer than %u bytes", WARC_LIMIT_URL);
	size_t bn, rn;
	char *b = clean_copy(base, &bn);
	char *r = clean_copy(ref, &rn);
	char *scratch = malloc(bn + rn + 4);
	char *dots = malloc(bn + rn + 4);
	int rc = WARC_OK;
	if (!b || !r || !scratch || !dots) {
		rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		goto done;
	}
	uparts R, B, T;
	split(r, rn, &R);
	if (R.has_scheme) {
		/* absolute reference */
		T = R;
		size_t pl = remove_dot_segments(R.path, R.path_len, dots);
		rc = serialise(&T, dots, pl, out, err);
		goto done;
	}
	split(b, bn, &B);
	if (!B.has_scheme) {
		rc = warc_fail(err, WARC_ERR_FORMAT, "relative reference without an absolute base");
		goto done;
	}
	T.scheme = B.scheme;
	T.scheme_len = B.scheme_len;
	T.has_scheme = true;
	const char *path;
	size_t path_len;
	if (R.has_auth) {
		T.has_auth = true;
		T.auth = R.auth;
		T.auth_len = R.auth_len;
		path = R.path;
		path_len = R.path_len;
		T.has_query = R.has_query;
		T.query = R.query;
		T.query_len = R.query_len;
	} else {
		T.has_auth = B.has_auth;
		T.auth = B.auth;
		T.auth_len = B.auth_len;
		if (R.path_len == 0) {
			path = B.path;
			path_len = B.path_len;
			T.has_query = R.has_query || B.has_query;
			T.query = R.has_query ? R.query : B.query;
			T.query_len = R.has_query ? R.query_len : B.query_len;
		} else {
			if (R.path[0] == '/') {
				path = R.path;
				path_len = R.path_len;
			} else {
				/* §5.2.3 merge */
				size_t k = 0;
				if (B.has_auth && B.path_len == 0) {
					scratch[k++] = '/';
				} else {
					const char *slash = memrchr(B.path, '/', B.path_len);
					if (slash) {
						size_t l = (size_t)(slash - B.path) + 1;
						memcpy(scratch, B.path, l);
						k = l;
					}
				}
				memcpy(scratch + k, R.path, R.path_len);
				k += R.path_len;
				path = scratch;
				path_len = k;
			}
			T.has_query = R.has_query;
			T.query = R.query;
			T.query_len = R.query_len;
		}
	}
	size_t pl = remove_dot_segments(path, path_len, dots);
	rc = serialise(&T, dots, pl, out, err);
done:
	free(b);
	free(r);
	free(scratch);
	free(dots);
	return rc;
}

/*
 * A seed typed without a scheme, as wget takes it: "example.org/news",
 * "localhost", "h3.test:8080", "[::1]:8080/" (a host, or a host and a port
 * number). "scheme://...", a path ("/x") and "name:rest" where rest is no
 * port ("mailto:a@b") and text that is no host name ("not a url") keep
 * their form and their error.
 */
static bool seed_lacks_scheme(const char *seed)
{
	if (!*seed || *seed == '/')
		return false;
	if (*seed == '[')
		return true;
	size_t n = strcspn(seed, ":/?#");
	for (size_t i = 0; i < n; i++)   /* a host name's bytes (UTF-8 for IDN), else not a host at all */
		if (!isalnum((unsigned char)seed[i]) && !strchr(".-_", seed[i]) && (unsigned char)seed[i] < 0x80)
			return false;
	if (seed[n] != ':')
		return n > 0;
	if (seed[n + 1] == '/' && seed[n + 2] == '/')
		return false;
	const char *port = seed + n + 1;
	size_t d = strspn(port, "0123456789");
	return d > 0 && (!port[d] || strchr("/?#", port[d]));
}

int crawl_url_seed(const char *seed, warc_buf *out, warc_error *err)
{
	warc_error why;
	char host[256];
	const char *colon = strchr(seed, ':'), *slash = strchr(seed, '/');
	bool add_http = seed_lacks_scheme(seed);
	if (!add_http && (!colon || (slash && slash < colon)))
		return warc_fail(err, WARC_ERR_USAGE, "seed '%.200s': not an absolute URL (http://... or https://...)",
				 seed);
	warc_buf url;
	warc_buf_init(&url, WARC_LIMIT_URL);
	int rc = add_http ? warc_buf_printf(&url, "http://%s", seed) : WARC_OK;
	if (!rc)
		rc = crawl_url_resolve(NULL, add_http ? url.data : seed, out, &why);
	else
		snprintf(why.msg, sizeof why.msg, "URL longer than %u bytes", WARC_LIMIT_URL);
	warc_buf_free(&url);
	if (rc)
		return warc_fail(err, WARC_ERR_USAGE, "seed '%.200s': %s", seed, why.msg);
	if (crawl_url_host(out->data, host, sizeof host))
		return warc_fail(err, WARC_ERR_USAGE, "seed '%.200s': no usable host", seed);
	return WARC_OK;
}

int crawl_url_host(const char *url, char *out, size_t outsz)
{
	if (!url || !out || outsz == 0)
		return WARC_ERR_USAGE;
	uparts u;
	size_t n = strnlen(url, WARC_LIMIT_URL + 1);
	if (n > WARC_LIMIT_URL)
		return WARC_ERR_TOOBIG;
	split(url, n, &u);
	if (!u.has_scheme || !u.has_auth)
		return WARC_ERR_FORMAT;
	const char *host, *port;
	size_t host_len, port_len, user_len;
	if (split_auth(u.auth, u.auth_len, &host, &host_len, &port, &port_len, &user_len) || host_len == 0)
		return WARC_ERR_FORMAT;
	if (host_len >= outsz)
		return WARC_ERR_TOOBIG;
	for (size_t i = 0; i < host_len; i++)
		out[i] = (char)tolower((unsigned char)host[i]);
	out[host_len] = '\0';
	return WARC_OK;
}
