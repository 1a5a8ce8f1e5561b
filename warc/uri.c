/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uri.c - WARC-Target-URI safety and IA-style SURT keys.
 *
 * Two different jobs kept apart on purpose: warc_uri_to_ascii() makes the
 * URL that goes on the wire and into WARC-Target-URI RFC 3986 clean without
 * canonicalising it (case, www, query order all kept; only IDNA for the host
 * via libidn2 and percent-encoding of bytes that may not appear raw), while
 * warc_surt() builds the lookup key by the internetarchive/surt rules that
 * pywb and cdxj-indexer use (Google canonicaliser stage, then the IA stage,
 * then host reversal). Everything works on (pointer, length) spans copied
 * into bounded warc_bufs sized from the input, so hostile input can only
 * make the output longer by a fixed factor, never crash the parser.
 */
#include "warc/warc.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <idn2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- shared helpers ------------------------------------------------------ */

static bool has_non_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* Narrow [*s, *e) to the URI inside surrounding white space and <...>. */
static void trim_uri(const char **s, const char **e)
{
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
	if (*e - *s >= 2 && **s == '<' && (*e)[-1] == '>') {
		(*s)++;
		(*e)--;
	}
}

/* Length of "scheme:" (including the colon) at s, or 0. */
static size_t scheme_len(const char *s)
{
	if (!isalpha((unsigned char)s[0]))
		return 0;
	size_t i = 1;
	while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' ? i + 1 : 0;
}

/* ---- warc_uri_to_ascii ------------------------------------------------- */

/* Bytes that may not appear raw in an RFC 3986 path, query or userinfo. */
static bool must_encode(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) != NULL;
}

static int add_encoded(warc_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = WARC_OK;
	for (size_t i = 0; i < n && rc == WARC_OK; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && !(i + 2 < n + 0 && warc_hex_value(s[i + 1]) >= 0 && warc_hex_value(s[i + 2]) >= 0))
			rc = warc_buf_addstr(out, "%25");
		else if (must_encode(c)) {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			rc = warc_buf_add(out, e, 3);
		} else
			rc = warc_buf_add(out, s + i, 1);
	}
	return rc;
}

int warc_uri_to_ascii(const char *uri, warc_buf *out, warc_error *err)
{
	if (!uri || !out)
		return warc_fail(err, WARC_ERR_USAGE, "uri: no input");
	warc_buf_reset(out);
	const char *s = uri, *e = uri + strlen(uri);
	trim_uri(&s, &e);
	size_t sl = scheme_len(s);
	if (!sl || s + sl > e)
		return warc_fail(err, WARC_ERR_FORMAT, "uri: no scheme in '%.200s'", uri);
	const char *hash = memchr(s, '#', (size_t)(e - s));
	if (hash)
		e = hash;
	int rc = WARC_OK;
	for (size_t i = 0; i < sl && rc == WARC_OK; i++) {
		char c = (char)tolower((unsigned char)s[i]);
		rc = warc_buf_add(out, &c, 1);
	}
	const char *p = s + sl;
	if (rc == WARC_OK && e - p >= 2 && p[0] == '/' && p[1] == '/') {
		rc = warc_buf_addstr(out, "//");
		p += 2;
		const char *ae = p;
		while (ae < e && *ae != '/' && *ae != '?')
			ae++;
		/* userinfo@ (the last '@' of the authority) */
		const char *at = NULL;
		for (const char *q = p; q < ae; q++)
			if (*q == '@')
				at = q;
		if (at && rc == WARC_OK) {
			rc = add_encoded(out, p, (size_t)(at - p));
			if (rc == WARC_OK)
				rc = warc_buf_addstr(out, "@");
			p = at + 1;
		}
		/* host[:port]; IPv6 literals keep their brackets */
		const char *he = ae;
		if (p < ae && *p == '[') {
			const char *rb = memchr(p, ']', (size_t)(ae - p));
			he = rb ? rb + 1 : ae;
		} else {
			for (const char *q = ae; q > p; q--)
				if (q[-1] == ':') {
					he = q - 1;
					break;
				}
		}
		if (he == p && rc == WARC_OK)
			return warc_fail(err, WARC_ERR_FORMAT, "uri: empty host in '%.200s'", uri);
		/* host: IDNA when not ASCII; either way only printable, URI-safe ASCII may remain */
		char *ascii = NULL;
		const char *hs = p;
		size_t hn = (size_t)(he - p);
		if (rc == WARC_OK && has_non_ascii(p, hn)) {
			char *host = strndup(p, hn);
			if (!host)
				return warc_fail(err, WARC_ERR_NOMEM, "uri: out of memory");
			int irc = idn2_to_ascii_8z(host, &ascii, IDN2_NONTRANSITIONAL);
			if (irc != IDN2_OK)
				irc = idn2_to_ascii_8z(host, &ascii, IDN2_TRANSITIONAL);
			free(host);
			if (irc != IDN2_OK)
				return warc_fail(err, WARC_ERR_FORMAT, "uri: host is not valid IDNA (%s): '%.200s'",
						 idn2_strerror(irc), uri);
			hs = ascii;
			hn = strlen(ascii);
		}
		for (size_t q = 0; q < hn; q++)
			if ((unsigned char)hs[q] <= 0x20 || (unsigned char)hs[q] >= 0x7f || strchr("\"<>\\^`{|}", hs[q])) {
				idn2_free(ascii);
				return warc_fail(err, WARC_ERR_FORMAT, "uri: bad byte in host of '%.200s'", uri);
			}
		if (rc == WARC_OK)
			rc = warc_buf_add(out, hs, hn);
		idn2_free(ascii);
		if (rc == WARC_OK && he < ae) {
			if (*he != ':')
				return warc_fail(err, WARC_ERR_FORMAT, "uri: bad authority in '%.200s'", uri);
			for (const char *q = he + 1; q < ae; q++)
				if (!isdigit((unsigned char)*q))
					return warc_fail(err, WARC_ERR_FORMAT, "uri: bad port in '%.200s'", uri);
			rc = warc_buf_add(out, he, (size_t)(ae - he));
		}
		p = ae;
	}
	if (rc == WARC_OK)
		rc = add_encoded(out, p, (size_t)(e - p));
	if (rc != WARC_OK)
		return warc_fail(err, rc, "uri: result too long for '%.200s'", uri);
	return WARC_OK;
}

/* ---- SURT: Google canonicaliser stage ------------------------------------ */

/* Decode %XX until nothing changes (surt's unescapeRepeatedly). */
static int unescape_repeatedly(const char *s, size_t n, warc_buf *out)
{
	warc_buf a, b;
	warc_buf_init(&a, n + 1);
	warc_buf_init(&b, n + 1);
	int rc = warc_buf_add(&a, s, n);
	bool changed = true;
	while (rc == WARC_OK && changed) {
		changed = false;
		warc_buf_reset(&b);
		for (size_t i = 0; i < a.len && rc == WARC_OK; i++) {
			int h, l;
			if (a.data[i] == '%' && i + 2 < a.len + 0 && (h = warc_hex_value(a.data[i + 1])) >= 0 &&
			    (l = warc_hex_value(a.data[i + 2])) >= 0) {
				char c = (char)(h * 16 + l);
				rc = warc_buf_add(&b, &c, 1);
				i += 2;
				changed = true;
			} else {
				rc = warc_buf_add(&b, a.data + i, 1);
			}
		}
		if (rc == WARC_OK) {
			warc_buf t = a;
			a = b;
			b = t;
		}
	}
	if (rc == WARC_OK) {
		warc_buf_reset(out);
		rc = warc_buf_add(out, a.data ? a.data : "", a.len);
	}
	warc_buf_free(&a);
	warc_buf_free(&b);
	return rc;
}

/* Percent-encode controls, space, '#', '%' and non-ASCII (surt's escapeOnce). */
static int escape_once(const char *s, size_t n, warc_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = WARC_OK;
	for (size_t i = 0; i < n && rc == WARC_OK; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '#' || c == '%') {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			rc = warc_buf_add(out, e, 3);
		} else {
			rc = warc_buf_add(out, s + i, 1);
		}
	}
	return rc;
}

/* Resolve "." and ".." segments and collapse empty ones (surt's normalizePath). */
static int normalize_path(const char *s, size_t n, warc_buf *out)
{
	warc_buf_reset(out);
	if (n == 0)
		return warc_buf_addstr(out, "/");
	/* segments after the first '/'-separated element */
	size_t cap = 1;
	for (size_t i = 0; i < n; i++)
		cap += s[i] == '/';
	struct seg { const char *p; size_t n; } *kept = calloc(cap, sizeof *kept);
	if (!kept)
		return WARC_ERR_NOMEM;
	size_t nk = 0, start = 0;
	bool first = true;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '/')
			continue;
		const char *p = s + start;
		size_t l = i - start;
		start = i + 1;
		if (first) {
			first = false;
			continue;
		}
		if (l == 1 && p[0] == '.')
			continue;
		if (l == 2 && p[0] == '.' && p[1] == '.' && nk > 0) {
			nk--;
			continue;
		}
		kept[nk].p = p;
		kept[nk].n = l;
		nk++;
	}
	int rc = warc_buf_addstr(out, "/");
	for (size_t i = 0; i + 1 < nk && rc == WARC_OK; i++)
		if (kept[i].n > 0) {
			rc = warc_buf_add(out, kept[i].p, kept[i].n);
			if (rc == WARC_OK)
				rc = warc_buf_addstr(out, "/");
		}
	if (nk > 0 && rc == WARC_OK)
		rc = warc_buf_add(out, kept[nk - 1].p, kept[nk - 1].n);
	free(kept);
	return rc;
}

/* Numeric host forms ("3279880203", "017.0.0.1", "10.0.258") to a dotted quad. */
static bool ip_format(const char *h, char out[16])
{
	size_t n = strlen(h);
	if (n == 0 || n > 40 || strspn(h, "0123456789.") != n || h[n - 1] == '.')
		return false;
	struct in_addr a;
	if (!strchr(h, '.')) {
		if (n > 19)
			return false;
		unsigned long long v = strtoull(h, NULL, 10);
		a.s_addr = htonl((uint32_t)(v & 0xffffffffu));
	} else if (!inet_aton(h, &a)) {
		return false;
	}
	return inet_ntop(AF_INET, &a, out, 16) != NULL;
}

/* ---- SURT: IA stage helpers ------------------------------------------------ */

static void lower_span(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
}

static size_t run_of(const char *s, size_t n, int (*cls)(int))
{
	size_t i = 0;
	while (i < n && cls((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * If a query session id starts at s[i], return the index just past it, else 0.
 * The match must end at the end of the query or at '&' (the regexes'
 * "(?:&(.*))?$").
 */
static size_t query_sid_at(const char *s, size_t n, size_t i, int kind)
{
	static const char *const keys[] = { "jsessionid=", "phpsessid=", "sid=" };
	size_t j;
	if (kind < 3) {
		size_t kl = strlen(keys[kind]);
		if (n - i < kl + 32 || strncasecmp(s + i, keys[kind], kl))
			return 0;
		if (run_of(s + i + kl, 32, isalnum) != 32)
			return 0;
		j = i + kl + 32;
	} else if (kind == 3) {
		if (n - i < 12 + 8 + 1 + 24 || strncasecmp(s + i, "aspsessionid", 12))
			return 0;
		if (run_of(s + i + 12, 8, isalpha) != 8 || s[i + 20] != '=' || run_of(s + i + 21, 24, isalpha) != 24)
			return 0;
		j = i + 45;
	} else {
		if (n - i < 5 || strncasecmp(s + i, "cfid=", 5))
			return 0;
		j = i + 5;
		size_t k = j;
		while (k < n && s[k] != '&')
			k++;
		if (k == j || n - k < 9 || strncasecmp(s + k, "&cftoken=", 9))
			return 0;
		j = k + 9;
		k = j;
		while (k < n && s[k] != '&')
			k++;
		if (k == j)
			return 0;
		j = k;
	}
	return (j == n || s[j] == '&') ? j : 0;
}

/* surt's stripQuerySessionID: each pattern once, at its last matching place. */
static void strip_query_sessions(warc_buf *q)
{
	for (int kind = 0; kind < 5; kind++) {
		for (size_t i = q->len; i-- > 0;) {
			size_t j = query_sid_at(q->data, q->len, i, kind);
			if (!j)
				continue;
			size_t rest = j < q->len ? j + 1 : j;   /* drop the '&' after it */
			memmove(q->data + i, q->data + rest, q->len - rest + 1);
			q->len -= rest - i;
			break;
		}
	}
}

/* "(" "x(" 24 alnum ")"... ")" or "(" 24 alnum ")" then "/" at s[i]: length or 0. */
static size_t path_sid_at(const char *s, size_t n, size_t i)
{
	if (i >= n || s[i] != '(')
		return 0;
	size_t k = i + 1;
	if (n - k >= 25 && run_of(s + k, 24, isalnum) == 24 && s[k + 24] == ')') {
		k += 25;
	} else {
		size_t groups = 0;
		while (n - k >= 27 && isalpha((unsigned char)s[k]) && s[k + 1] == '(' &&
		       run_of(s + k + 2, 24, isalnum) == 24 && s[k + 26] == ')') {
			k += 27;
			groups++;
		}
		if (!groups || k >= n || s[k] != ')')
			return 0;
		k++;
	}
	if (k >= n || s[k] != '/')
		return 0;
	k++;
	/* the rest: [^?]+ ".aspx" ... */
	for (size_t m = k + 1; m + 5 <= n; m++) {
		if (s[m - 1] == '?')
			return 0;
		if (!strncasecmp(s + m, ".aspx", 5))
			return k - i;
	}
	return 0;
}

static void strip_path_sessions(warc_buf *p)
{
	for (size_t i = p->len; i-- > 1;) {
		if (p->data[i - 1] != '/')
			continue;
		size_t l = path_sid_at(p->data, p->len, i);
		if (l) {
			memmove(p->data + i, p->data + i + l, p->len - i - l + 1);
			p->len -= l;
			return;
		}
	}
}

/* Sort '&'-separated args bytewise, keeping empty ones (surt's alphaReorderQuery). */
static int sort_query(warc_buf *q)
{
	size_t count = 1;
	for (size_t i = 0; i < q->len; i++)
		count += q->data[i] == '&';
	if (count < 2)
		return WARC_OK;
	char **v = calloc(count, sizeof *v);
	char *copy = strdup(q->data);
	if (!v || !copy) {
		free(v);
		free(copy);
		return WARC_ERR_NOMEM;
	}
	size_t k = 0;
	v[k++] = copy;
	for (char *c = copy; *c; c++)
		if (*c == '&') {
			*c = '\0';
			v[k++] = c + 1;
		}
	qsort(v, k, sizeof *v, warc_cmp_str);
	size_t o = 0;
	for (size_t i = 0; i < k; i++) {
		size_t l = strlen(v[i]);
		if (i)
			q->data[o++] = '&';
		memcpy(q->data + o, v[i], l);
		o += l;
	}
	free(v);
	free(copy);
	return WARC_OK;
}

/* ---- warc_surt ------------------------------------------------------------ */

struct surt_parts {
	warc_buf host, port, path, query, tmp;
	bool has_query;
};

/* Where the parts of "scheme://[userinfo@]host[:port][/path][?query]" lie,
 * the fragment cut off. */
struct surt_span {
	char scheme[16];             /* lowercased */
	const char *host, *host_end; /* host[:port] is host..auth_end */
	const char *auth_end;        /* where the path or query starts */
	const char *end;             /* before any '#' */
};

/* Split s: WARC_ERR_FORMAT for what surt passes through unchanged. */
static int surt_locate(const char *s, size_t n, struct surt_span *sp)
{
	size_t sl = scheme_len(s);
	if (sl > sizeof sp->scheme)
		return WARC_ERR_FORMAT;
	memcpy(sp->scheme, s, sl - 1);
	sp->scheme[sl - 1] = '\0';
	lower_span(sp->scheme, sl - 1);
	if (!strcmp(sp->scheme, "filedesc") || !strcmp(sp->scheme, "warcinfo"))
		return WARC_ERR_FORMAT;   /* surt passes these through */
	const char *p = s + sl, *e = s + n;
	if (e - p < 2 || p[0] != '/' || p[1] != '/')
		return WARC_ERR_FORMAT;
	p += 2;
	if (!strcmp(sp->scheme, "http") || !strcmp(sp->scheme, "https"))
		while (p < e && *p == '/')   /* "http:////host" (surt's handyurl does this) */
			p++;
	if (p == e || *p == '/')
		return WARC_ERR_FORMAT;      /* no host (file:///x): passes through */
	const char *hash = memchr(p, '#', (size_t)(e - p));
	if (hash)
		e = hash;
	const char *ae = p;
	while (ae < e && *ae != '/' && *ae != '?')
		ae++;
	for (const char *q = ae; q > p; q--)
		if (q[-1] == '@') {
			p = q;   /* drop user:pass */
			break;
		}
	const char *he = ae;
	for (const char *q = ae; q > p; q--) {
		if (q[-1] == ']')
			break;
		if (q[-1] == ':') {
			he = q - 1;
			break;
		}
	}
	sp->host = p;
	sp->host_end = he;
	sp->auth_end = ae;
	sp->end = e;
	return WARC_OK;
}

/* The port into u->port: digits only; empty means none; default ports dropped. */
static int surt_port(const struct surt_span *sp, struct surt_parts *u)
{
	if (sp->host_end >= sp->auth_end)
		return WARC_OK;
	const char *d = sp->host_end + 1;
	size_t dl = (size_t)(sp->auth_end - d);
	if (dl && run_of(d, dl, isdigit) != dl)
		return WARC_ERR_FORMAT;
	while (dl > 1 && *d == '0') {
		d++;
		dl--;
	}
	bool dflt = (!strcmp(sp->scheme, "http") && dl == 2 && !memcmp(d, "80", 2)) ||
		    (!strcmp(sp->scheme, "https") && dl == 3 && !memcmp(d, "443", 3));
	if (dl && !dflt)
		return warc_buf_add(&u->port, d, dl);
	return WARC_OK;
}

/* Make u->tmp ASCII by IDNA when it holds non-ASCII (left as it is when
 * IDNA refuses it). */
static int surt_host_idna(struct surt_parts *u)
{
	if (memchr(u->tmp.data, '\0', u->tmp.len) != NULL || !has_non_ascii(u->tmp.data, u->tmp.len))
		return WARC_OK;
	char *ascii = NULL;
	/* transitional first: surt uses Python's IDNA 2003 codec (straße -> strasse) */
	if (idn2_to_ascii_8z(u->tmp.data, &ascii, IDN2_TRANSITIONAL) == IDN2_OK ||
	    idn2_to_ascii_8z(u->tmp.data, &ascii, IDN2_NONTRANSITIONAL) == IDN2_OK) {
		warc_buf_reset(&u->tmp);
		int rc = warc_buf_addstr(&u->tmp, ascii);
		idn2_free(ascii);
		return rc;
	}
	return WARC_OK;
}

/* The host into u->host: unescape, IDNA, collapse dots, numeric IP forms,
 * lowercase, escape, then IA's "www\d*." stripped. */
static int surt_host(const struct surt_span *sp, struct surt_parts *u)
{
	int rc;
	if ((rc = unescape_repeatedly(sp->host, (size_t)(sp->host_end - sp->host), &u->tmp)))
		return rc;
	if ((rc = surt_host_idna(u)))
		return rc;
	size_t o = 0;
	for (size_t i = 0; i < u->tmp.len; i++)
		if (!(u->tmp.data[i] == '.' && (o == 0 || u->tmp.data[o - 1] == '.')))
			u->tmp.data[o++] = u->tmp.data[i];
	while (o && u->tmp.data[o - 1] == '.')
		o--;
	u->tmp.len = o;
	u->tmp.data[o] = '\0';
	char ip[16];
	if (memchr(u->tmp.data, '\0', u->tmp.len) == NULL && ip_format(u->tmp.data, ip)) {
		rc = warc_buf_addstr(&u->host, ip);
	} else {
		lower_span(u->tmp.data, u->tmp.len);
		rc = escape_once(u->tmp.data, u->tmp.len, &u->host);
	}
	if (rc)
		return rc;
	if (u->host.len == 0)
		return WARC_ERR_FORMAT;
	/* IA: strip www\d*. */
	if (u->host.len > 4 && !strncmp(u->host.data, "www", 3)) {
		size_t k = 3;
		while (k < u->host.len && isdigit((unsigned char)u->host.data[k]))
			k++;
		if (k < u->host.len && u->host.data[k] == '.' && k + 1 < u->host.len) {
			memmove(u->host.data, u->host.data + k + 1, u->host.len - k);
			u->host.len -= k + 1;
		}
	}
	return WARC_OK;
}

/* The path and query into u->path and u->query: unescaped, normalised,
 * escaped once, lowercased, session IDs stripped, query args sorted. */
static int surt_path_query(const struct surt_span *sp, struct surt_parts *u)
{
	const char *ae = sp->auth_end, *e = sp->end;
	const char *qm = memchr(ae, '?', (size_t)(e - ae));
	const char *pe = qm ? qm : e;
	int rc;
	if ((rc = unescape_repeatedly(ae, (size_t)(pe - ae), &u->tmp)))
		return rc;
	warc_buf norm;
	warc_buf_init(&norm, u->tmp.len + 2);
	rc = normalize_path(u->tmp.data, u->tmp.len, &norm);
	if (rc == WARC_OK)
		rc = escape_once(norm.data, norm.len, &u->path);
	warc_buf_free(&norm);
	if (rc)
		return rc;
	lower_span(u->path.data, u->path.len);
	strip_path_sessions(&u->path);
	if (u->path.len > 1 && u->path.data[u->path.len - 1] == '/')
		u->path.data[--u->path.len] = '\0';
	if (qm) {
		if ((rc = unescape_repeatedly(qm + 1, (size_t)(e - qm - 1), &u->tmp)) ||
		    (rc = escape_once(u->tmp.data, u->tmp.len, &u->query)) || (rc = warc_buf_addstr(&u->query, "")))
			return rc;
		lower_span(u->query.data, u->query.len);
		strip_query_sessions(&u->query);
		u->has_query = u->query.len > 0;
		if (u->has_query && (rc = sort_query(&u->query)))
			return rc;
	}
	return WARC_OK;
}

/* Serialise: reversed host labels, port, ')', path, query. */
static int surt_serialise(const struct surt_parts *u, warc_buf *out)
{
	int rc;
	size_t end = u->host.len;
	for (size_t i = u->host.len + 1; i-- > 0;) {
		if (i == 0 || u->host.data[i - 1] == '.') {
			if (end != u->host.len && (rc = warc_buf_addstr(out, ",")))
				return rc;
			if ((rc = warc_buf_add(out, u->host.data + i, end - i)))
				return rc;
			end = i ? i - 1 : 0;
		}
	}
	if (u->port.len && ((rc = warc_buf_addstr(out, ":")) || (rc = warc_buf_add(out, u->port.data, u->port.len))))
		return rc;
	if ((rc = warc_buf_addstr(out, ")")) || (rc = warc_buf_add(out, u->path.data, u->path.len)))
		return rc;
	if (u->has_query && ((rc = warc_buf_addstr(out, "?")) || (rc = warc_buf_add(out, u->query.data, u->query.len))))
		return rc;
	return WARC_OK;
}

static int surt_build(const char *s, size_t n, struct surt_parts *u, warc_buf *out)
{
	struct surt_span sp;
	int rc = surt_locate(s, n, &sp);
	if (!rc)
		rc = surt_port(&sp, u);
	if (!rc)
		rc = surt_host(&sp, u);
	if (!rc)
		rc = surt_path_query(&sp, u);
	if (!rc)
		rc = surt_serialise(u, out);
	return rc;
}

int warc_surt(const char *uri, warc_buf *out)
{
	if (!out)
		return WARC_ERR_USAGE;
	warc_buf_reset(out);
	if (!uri || !*uri)
		return warc_buf_addstr(out, "-");
	/* trim, drop tabs and newlines (surt does), strip <...> */
	size_t n = strlen(uri);
	warc_buf clean;
	warc_buf_init(&clean, n + 1);
	const char *s = uri, *e = uri + n;
	trim_uri(&s, &e);
	int rc = WARC_OK;
	for (const char *p = s; p < e && rc == WARC_OK; p++)
		if (*p != '\t' && *p != '\r' && *p != '\n')
			rc = warc_buf_add(&clean, p, 1);
	if (rc != WARC_OK) {
		warc_buf_free(&clean);
		return rc;
	}
	/* Only scheme://host URLs get a key; dns:, urn:, filedesc:, mailto: ... pass through. */
	size_t cap = 3 * clean.len + 16;
	struct surt_parts u;
	warc_buf_init(&u.host, cap);
	warc_buf_init(&u.port, cap);
	warc_buf_init(&u.path, cap);
	warc_buf_init(&u.query, cap);
	warc_buf_init(&u.tmp, cap);
	u.has_query = false;
	rc = WARC_ERR_FORMAT;
	if (clean.len && scheme_len(clean.data))
		rc = surt_build(clean.data, clean.len, &u, out);
	if (rc == WARC_ERR_FORMAT) {
		warc_buf_reset(out);
		rc = warc_buf_addstr(out, uri);
	}
	warc_buf_free(&u.host);
	warc_buf_free(&u.port);
	warc_buf_free(&u.path);
	warc_buf_free(&u.query);
	warc_buf_free(&u.tmp);
	warc_buf_free(&clean);
	return rc;
}
