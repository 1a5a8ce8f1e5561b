/* SPDX-License-Identifier: Apache-2.0 */
/*
 * postquery.c - the query a replay tool appends to a non-GET capture's URL
 * before keying it, so POST/PUT captures (XHR, GraphQL) can be looked up.
 *
 * The rules are warcio.js's postToGetUrl (2.4.11), which ReplayWeb.page
 * uses at replay time, followed byte for byte where that is practical:
 * the body is decoded as UTF-8 with U+FFFD replacement (BOM dropped), then
 * by the request's media type (before ';', exact): form-urlencoded as is;
 * JSON (and text/plain that parses as JSON) flattened to key=value pairs,
 * nested keys unprefixed, array items under their parent key, repeated
 * keys numbered "key.2_", "key.3_"; multipart/form-data fields; anything
 * else "__wb_post_data=" + base64 of the raw bytes. The result, cut to
 * WARC_POST_QUERY_MAX UTF-16 units, is the requestBody; decodeURI() of it
 * (empty if that fails) follows "__wb_method=<method>&" in the key.
 * The caller reads at most WARC_LIMIT_POST_BODY bytes: the form and base64
 * cases need only a prefix that size, the parsed ones (JSON, multipart) are
 * keyed as an unparseable body would be when cut.
 */
#include "warc/warc.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A multipart boundary longer than this is not looked for (RFC 2046 allows 70). */
#define POST_BOUNDARY_MAX 200

/* ---- UTF-8 ---------------------------------------------------------------- */

/* WHATWG UTF-8 decode: each maximal invalid subpart becomes U+FFFD; a leading BOM is dropped. */
static int utf8_decode_replacing(const unsigned char *s, size_t n, warc_buf *out)
{
	static const char fffd[] = "\xef\xbf\xbd";
	size_t i = 0;
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		i = 3;
	int rc = WARC_OK;
	while (i < n && rc == WARC_OK) {
		unsigned char c = s[i];
		if (c < 0x80) {
			size_t j = i;
			while (j < n && s[j] < 0x80)
				j++;
			rc = warc_buf_add(out, s + i, j - i);
			i = j;
			continue;
		}
		size_t need;
		unsigned char lo = 0x80, hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		else {
			rc = warc_buf_add(out, fffd, 3);
			i++;
			continue;
		}
		size_t k = 1;
		while (k <= need && i + k < n) {
			unsigned char b = s[i + k];
			if (b < lo || b > hi)
				break;
			lo = 0x80, hi = 0xbf;
			k++;
		}
		if (k == need + 1)
			rc = warc_buf_add(out, s + i, k);
		else
			rc = warc_buf_add(out, fffd, 3);
		i += k;
	}
	return rc;
}

/* Bytes of the longest prefix of valid UTF-8 s holding at most max UTF-16 units. */
static size_t utf16_prefix(const char *s, size_t n, size_t max)
{
	size_t i = 0, units = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		size_t u = len == 4 ? 2 : 1;
		if (units + u > max || i + len > n)
			break;
		units += u;
		i += len;
	}
	return i;
}

/* ---- a URLSearchParams: unique names in insertion order, set() semantics ---- */

struct param {
	const char *name, *value;
	size_t name_len, value_len;
	unsigned dupes;     /* jsonToQueryParams' counter for this name, 0: none yet */
};

/* Names and values point into the parsed body, or into strings in `owned`. */
struct params {
	struct param *v;
	size_t n, cap;
	size_t *slots;      /* open addressing: index + 1, 0 empty */
	size_t nslots;
	char **owned;
	size_t nowned, owned_cap;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static size_t *params_slot(struct params *q, const char *name, size_t len)
{
	size_t mask = q->nslots - 1, i = (size_t)hash_bytes(name, len) & mask;
	for (;;) {
		size_t *slot = &q->slots[i];
		if (!*slot)
			return slot;
		struct param *p = &q->v[*slot - 1];
		if (p->name_len == len && !memcmp(p->name, name, len))
			return slot;
		i = (i + 1) & mask;
	}
}

static struct param *params_find(struct params *q, const char *name, size_t len)
{
	if (!q->nslots)
		return NULL;
	size_t *slot = params_slot(q, name, len);
	return *slot ? &q->v[*slot - 1] : NULL;
}

static int params_grow(struct params *q)
{
	if (q->n + 1 > q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 16;
		struct param *v = realloc(q->v, cap * sizeof *v);
		if (!v)
			return WARC_ERR_NOMEM;
		q->v = v;
		q->cap = cap;
	}
	if (2 * (q->n + 1) > q->nslots) {
		size_t nslots = q->nslots ? q->nslots * 2 : 32;
		size_t *slots = calloc(nslots, sizeof *slots);
		if (!slots)
			return WARC_ERR_NOMEM;
		free(q->slots);
		q->slots = slots;
		q->nslots = nslots;
		for (size_t i = 0; i < q->n; i++)
			*params_slot(q, q->v[i].name, q->v[i].name_len) = i + 1;
	}
	return WARC_OK;
}

/* n + 1 bytes that live as long as q, or NULL. */
static char *params_alloc(struct params *q, size_t n)
{
	if (q->nowned == q->owned_cap) {
		size_t cap = q->owned_cap ? q->owned_cap * 2 : 16;
		char **v = realloc(q->owned, cap * sizeof *v);
		if (!v)
			return NULL;
		q->owned = v;
		q->owned_cap = cap;
	}
	char *c = malloc(n + 1);
	if (!c)
		return NULL;
	c[n] = '\0';
	return q->owned[q->nowned++] = c;
}

/* A copy of s[0..n) (NUL-terminated) that lives as long as q, or NULL. */
static char *params_copy(struct params *q, const char *s, size_t n)
{
	char *c = params_alloc(q, n);
	if (c)
		memcpy(c, s, n);
	return c;
}

/* URLSearchParams.set(name, value): replaces the value in place, or appends. */
static int params_set(struct params *q, const char *name, size_t name_len, const char *value, size_t value_len)
{
	struct param *p = params_find(q, name, name_len);
	if (p) {
		p->value = value;
		p->value_len = value_len;
		return WARC_OK;
	}
	if (params_grow(q) != WARC_OK)
		return WARC_ERR_NOMEM;
	q->v[q->n] = (struct param){ .name = name, .name_len = name_len, .value = value, .value_len = value_len };
	*params_slot(q, name, name_len) = ++q->n;
	return WARC_OK;
}

static void params_free(struct params *q)
{
	for (size_t i = 0; i < q->nowned; i++)
		free(q->owned[i]);
	free(q->owned);
	free(q->v);
	free(q->slots);
}

/* application/x-www-form-urlencoded serialisation of one string, stopping once past
 * WARC_POST_QUERY_MAX (the output is ASCII: the rest would be cut anyway). */
static int form_encode(warc_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = WARC_OK;
	for (size_t i = 0; i < n && rc == WARC_OK && out->len <= WARC_POST_QUERY_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' || c == '-' ||
		    c == '.' || c == '_') {
			rc = warc_buf_add(out, s + i, 1);
		} else if (c == ' ') {
			rc = warc_buf_add(out, "+", 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			rc = warc_buf_add(out, e, 3);
		}
	}
	return rc;
}

/* URLSearchParams.toString(), stopping once past WARC_POST_QUERY_MAX (the rest is cut anyway). */
static int params_serialise(const struct params *q, warc_buf *out)
{
	int rc = WARC_OK;
	for (size_t i = 0; i < q->n && rc == WARC_OK && out->len <= WARC_POST_QUERY_MAX; i++) {
		if (i)
			rc = warc_buf_add(out, "&", 1);
		if (!rc)
			rc = form_encode(out, q->v[i].name, q->v[i].name_len);
		if (!rc)
			rc = warc_buf_add(out, "=", 1);
		if (!rc)
			rc = form_encode(out, q->v[i].value, q->v[i].value_len);
	}
	return rc;
}

/* ---- JSON ---------------------------------------------------------------- */

/* Number.prototype.toString(): shortest round-trip digits, JS's exponent rules. */
static void js_number(double d, char out[40])
{
	if (d == 0) {
		strcpy(out, "0");
		return;
	}
	if (isnan(d) || isinf(d)) {
		strcpy(out, isnan(d) ? "NaN" : d < 0 ? "-Infinity" : "Infinity");
		return;
	}
	char e[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(e, sizeof e, "%.*e", p - 1, d);
		if (strtod(e, NULL) == d)
			break;
	}
	char digits[24];
	size_t k = 0;
	const char *x = e;
	for (; *x && *x != 'e'; x++)
		if (*x >= '0' && *x <= '9' && k < sizeof digits - 1)
			digits[k++] = *x;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	int n = (*x == 'e' ? atoi(x + 1) : 0) + 1;   /* value = 0.digits * 10^n */
	char *o = out;
	if (d < 0)
		*o++ = '-';
	int kk = (int)k;
	if (kk <= n && n <= 21) {
		o += sprintf(o, "%s", digits);
		for (int i = kk; i < n; i++)
			*o++ = '0';
		*o = '\0';
	} else if (0 < n && n <= 21) {
		sprintf(o, "%.*s.%s", n, digits, digits + n);
	} else if (-6 < n && n <= 0) {
		o += sprintf(o, "0.");
		for (int i = n; i < 0; i++)
			*o++ = '0';
		sprintf(o, "%s", digits);
	} else {
		sprintf(o, "%c%s%s%se%c%d", digits[0], kk > 1 ? "." : "", digits + 1, "", n - 1 >= 0 ? '+' : '-',
			abs(n - 1));
	}
}

/* Object.prototype's names: `name in {}` is true for them, so warcio.js numbers their repeats "NaN". */
static bool object_prototype_name(const char *s, size_t n)
{
	static const char *const names[] = { "constructor", "__defineGetter__", "__defineSetter__", "hasOwnProperty",
					     "__lookupGetter__", "__lookupSetter__", "isPrototypeOf",
					     "propertyIsEnumerable", "toString", "valueOf", "__proto__",
					     "toLocaleString" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return true;
	return false;
}

/* q.set(getKey(key), value) of jsonToQueryParams; value copied when copy is set. */
static int json_set(struct params *q, const char *key, size_t key_len, const char *value, size_t value_len,
		    bool copy)
{
	struct param *base = params_find(q, key, key_len);
	if (base) {
		char name[64];
		if (object_prototype_name(key, key_len))
			strcpy(name, "NaN");
		else
			snprintf(name, sizeof name, "%u", base->dupes = base->dupes ? base->dupes + 1 : 2);
		size_t nlen = strlen(name);
		char *numbered = params_alloc(q, key_len + nlen + 2);   /* key ".N_" */
		if (!numbered)
			return WARC_ERR_NOMEM;
		memcpy(numbered, key, key_len);
		numbered[key_len] = '.';
		memcpy(numbered + key_len + 1, name, nlen);
		numbered[key_len + 1 + nlen] = '_';
		numbered[key_len + 2 + nlen] = '\0';
		key = numbered;
		key_len += nlen + 2;
	}
	if (copy && !(value = params_copy(q, value, value_len)))
		return WARC_ERR_NOMEM;
	return params_set(q, key, key_len, value, value_len);
}

struct json_member {
	const char *key;
	size_t key_len, pos;
	json_t *value;
	uint64_t index;     /* array-index value, or UINT64_MAX for other names */
};

/* An array index name: canonical decimal below 2^32 - 1, ordered first by JS objects. */
static uint64_t array_index(const char *s, size_t n)
{
	if (n == 0 || n > 10 || (n > 1 && s[0] == '0'))
		return UINT64_MAX;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return UINT64_MAX;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v < 4294967295ull ? v : UINT64_MAX;
}

static int member_cmp(const void *a, const void *b)
{
	const struct json_member *x = a, *y = b;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int json_flatten(struct params *q, json_t *v, const char *key, size_t key_len)
{
	char num[40];
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		size_t n = json_object_size(v), i = 0;
		if (!n)
			return WARC_OK;
		struct json_member *m = calloc(n, sizeof *m);
		if (!m)
			return WARC_ERR_NOMEM;
		for (void *it = json_object_iter(v); it && i < n; it = json_object_iter_next(v, it), i++) {
			m[i].key = json_object_iter_key(it);
			m[i].key_len = json_object_iter_key_len(it);
			m[i].value = json_object_iter_value(it);
			m[i].pos = i;
			m[i].index = array_index(m[i].key, m[i].key_len);
		}
		qsort(m, i, sizeof *m, member_cmp);
		int rc = WARC_OK;
		for (size_t j = 0; j < i && rc == WARC_OK; j++)
			rc = json_flatten(q, m[j].value, m[j].key, m[j].key_len);
		free(m);
		return rc;
	}
	case JSON_ARRAY: {
		int rc = WARC_OK;
		for (size_t i = 0; i < json_array_size(v) && rc == WARC_OK; i++)
			rc = json_flatten(q, json_array_get(v, i), key, key_len);
		return rc;
	}
	case JSON_STRING:
		if (!json_string_length(v))
			return WARC_OK;
		return json_set(q, key, key_len, json_string_value(v), json_string_length(v), false);
	case JSON_INTEGER:
		js_number((double)json_integer_value(v), num);
		return json_set(q, key, key_len, num, strlen(num), true);
	case JSON_REAL:
		js_number(json_real_value(v), num);
		return json_set(q, key, key_len, num, strlen(num), true);
	case JSON_TRUE:
		return json_set(q, key, key_len, "true", 4, false);
	case JSON_FALSE:
		return json_set(q, key, key_len, "false", 5, false);
	case JSON_NULL:
		return json_set(q, key, key_len, "null", 4, false);
	}
	return WARC_OK;
}

/* jsonToQueryString(): text that does not parse gives no pairs. */
static int json_query(const char *text, size_t n, warc_buf *out)
{
	json_error_t je;
	json_t *root = json_loadb(text, n, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &je);
	if (!root)
		return WARC_OK;
	struct params q = { 0 };
	int rc = json_flatten(&q, root, "", 0);
	if (!rc)
		rc = params_serialise(&q, out);
	params_free(&q);
	json_decref(root);
	return rc;
}

/* ---- multipart/form-data -------------------------------------------------- */

/* Length of the JS whitespace or line terminator (String.prototype.trim) at s, or 0. */
static size_t js_space(const unsigned char *s, size_t n)
{
	if (!n)
		return 0;
	if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (n < 3)
		return 0;
	if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	return 0;
}

/* Length of the last UTF-8 character of s[0..n), if it is JS whitespace; else 0. */
static size_t js_space_before(const unsigned char *s, size_t n)
{
	for (size_t len = 1; len <= 3 && len <= n; len++)
		if (js_space(s + n - len, len) == len)
			return len;
	return 0;
}

/* /name="([^"]+)"\r\n\r\n(.*)/im on one part (already trimmed): q.set(name, value). */
static int multipart_field(struct params *q, const char *s, size_t n)
{
	for (size_t p = 0; p + 6 <= n; p++) {
		if (strncasecmp(s + p, "name=\"", 6))
			continue;
		size_t j = p + 6, e = j;
		while (e < n && s[e] != '"')
			e++;
		if (e == j || e + 5 > n || memcmp(s + e, "\"\r\n\r\n", 5))
			continue;
		size_t v = e + 5, w = v;
		while (w < n && s[w] != '\r' && s[w] != '\n' &&
		       !(w + 3 <= n && !memcmp(s + w, "\xe2\x80", 2) && (s[w + 2] == '\xa8' || s[w + 2] == '\xa9')))
			w++;
		return params_set(q, s + j, e - j, s + v, w - v);
	}
	return WARC_OK;
}

/* Where /-*BOUNDARY-* /i next matches in s from `from`: *start, *end; false if nowhere. */
static bool boundary_match(const char *s, size_t n, size_t from, const char *b, size_t blen, size_t *start,
			   size_t *end)
{
	for (size_t p = from; p < n;) {
		size_t d = 0;
		while (p + d < n && s[p + d] == '-')
			d++;
		/* from p, -* may eat 0..d dashes; the first try that matches is the greedy one */
		for (size_t k = d + 1; k-- > 0;) {
			if (p + k + blen <= n && !strncasecmp(s + p + k, b, blen)) {
				size_t e = p + k + blen;
				while (e < n && s[e] == '-')
					e++;
				*start = p;
				*end = e;
				return true;
			}
		}
		/* starts inside this run of dashes see a subset of the same tries */
		p += d + 1;
	}
	return false;
}

/* mfdToQueryString(): split on the boundary (as warcio.js's regex), one field per part. */
static int multipart_query(const char *text, size_t n, const char *content_type, warc_buf *out)
{
	const char *b = strstr(content_type, "boundary=");
	size_t blen;
	if (!b) {
		b = "undefined";   /* String(undefined) in warcio.js's RegExp */
		blen = 9;
	} else {
		b += 9;
		const char *next = strstr(b, "boundary=");
		blen = next ? (size_t)(next - b) : strlen(b);
	}
	/* regex syntax in the boundary, or none at all: no fields (not emulated) */
	if (!blen || blen > POST_BOUNDARY_MAX || strcspn(b, "\\^$.|?*+()[]{}") < blen)
		return WARC_OK;
	struct params q = { 0 };
	int rc = WARC_OK;
	size_t from = 0, start = 0, end = 0;
	for (bool more = true; more && rc == WARC_OK;) {
		more = boundary_match(text, n, from, b, blen, &start, &end);
		size_t stop = more ? start : n;
		const unsigned char *s = (const unsigned char *)text + from;
		size_t len = stop - from, sp;
		while ((sp = js_space(s, len)) != 0)
			s += sp, len -= sp;
		while ((sp = js_space_before(s, len)) != 0)
			len -= sp;
		rc = multipart_field(&q, (const char *)s, len);
		from = end;
	}
	if (!rc)
		rc = params_serialise(&q, out);
	params_free(&q);
	return rc;
}

/* ---- the rest ------------------------------------------------------------ */

/* "__wb_post_data=" + btoa(bytes), only as far as WARC_POST_QUERY_MAX needs. */
static int base64_query(const unsigned char *s, size_t n, warc_buf *out)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int rc = warc_buf_addstr(out, "__wb_post_data=");
	for (size_t i = 0; i < n && rc == WARC_OK && out->len <= WARC_POST_QUERY_MAX; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
		char e[4] = { b64[v >> 18], b64[(v >> 12) & 63], i + 1 < n ? b64[(v >> 6) & 63] : '=',
			      i + 2 < n ? b64[v & 63] : '=' };
		rc = warc_buf_add(out, e, 4);
	}
	return rc;
}

static int pct_byte(const char *s, size_t n, size_t i)
{
	if (i + 3 > n || s[i] != '%')
		return -1;
	int h = warc_hex_value((unsigned char)s[i + 1]), l = warc_hex_value((unsigned char)s[i + 2]);
	return h < 0 || l < 0 ? -1 : h * 16 + l;
}

/* decodeURI(): false (out unspecified) where JS throws URIError. */
static bool decode_uri(const char *s, size_t n, warc_buf *out)
{
	for (size_t i = 0; i < n;) {
		if (s[i] != '%') {
			size_t j = i;
			while (j < n && s[j] != '%')
				j++;
			if (warc_buf_add(out, s + i, j - i) != WARC_OK)
				return false;
			i = j;
			continue;
		}
		int b = pct_byte(s, n, i);
		if (b < 0)
			return false;
		if (b < 0x80) {
			/* reserved characters and '#' stay escaped */
			bool keep = strchr(";/?:@&=+$,#", b) != NULL && b != 0;
			if (warc_buf_add(out, keep ? s + i : (const char *)&(char){ (char)b }, keep ? 3 : 1) != WARC_OK)
				return false;
			i += 3;
			continue;
		}
		size_t len = (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 0;
		if (!len)
			return false;
		unsigned char u[4] = { (unsigned char)b };
		uint32_t cp = (uint32_t)b & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
		for (size_t k = 1; k < len; k++) {
			int c = pct_byte(s, n, i + 3 * k);
			if (c < 0 || (c & 0xc0) != 0x80)
				return false;
			u[k] = (unsigned char)c;
			cp = cp << 6 | ((uint32_t)c & 0x3f);
		}
		static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
		if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		if (warc_buf_add(out, u, len) != WARC_OK)
			return false;
		i += 3 * len;
	}
	return true;
}

int warc_post_query(const char *method, const char *content_type, const void *body, size_t body_len,
		    bool body_complete, warc_buf *key_query, warc_buf *request_body)
{
	if (!method || !key_query || !request_body || (!body && body_len))
		return WARC_ERR_USAGE;
	warc_buf_reset(key_query);
	warc_buf_reset(request_body);
	const char *ct = content_type ? content_type : "";
	size_t mlen = strcspn(ct, ";");
	warc_buf text, query;
	warc_buf_init(&text, 3 * (size_t)WARC_LIMIT_POST_BODY + 3);
	warc_buf_init(&query, WARC_LIMIT_POST_KEY);
	int rc = WARC_OK;
	bool form = mlen == 33 && !strncmp(ct, "application/x-www-form-urlencoded", 33);
	bool json = mlen == 16 && !strncmp(ct, "application/json", 16);
	bool plain = mlen == 10 && !strncmp(ct, "text/plain", 10);
	bool multipart = mlen == 19 && !strncmp(ct, "multipart/form-data", 19);
	if (form || json || plain || multipart)
		rc = utf8_decode_replacing(body, body_len, &text);
	if (rc) {
		/* cannot happen within the limits above */
	} else if (form) {
		rc = warc_buf_add(&query, text.data ? text.data : "",
				  utf16_prefix(text.data ? text.data : "", text.len, WARC_POST_QUERY_MAX));
	} else if ((json || plain) && body_complete) {
		rc = json_query(text.data ? text.data : "", text.len, &query);
	} else if (multipart && body_complete) {
		rc = multipart_query(text.data ? text.data : "", text.len, ct, &query);
	} else if (!json && !plain && !multipart) {
		rc = base64_query(body, body_len, &query);
	}
	if (!rc) {
		size_t cut = utf16_prefix(query.data ? query.data : "", query.len, WARC_POST_QUERY_MAX);
		rc = warc_buf_add(request_body, query.data ? query.data : "", cut);
		if (!rc)
			rc = warc_buf_addstr(key_query, "__wb_method=");
		for (const char *m = method; !rc && *m; m++) {
			char c = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
			rc = warc_buf_add(key_query, &c, 1);
		}
		if (!rc)
			rc = warc_buf_add(key_query, "&", 1);
		size_t before = key_query->len;
		if (!rc && !decode_uri(query.data ? query.data : "", cut, key_query)) {
			key_query->len = before;   /* URIError: warcio.js keys it with an empty query */
			key_query->data[before] = '\0';
		}
	}
	warc_buf_free(&text);
	warc_buf_free(&query);
	return rc;
}
