/* SPDX-License-Identifier: Apache-2.0 */
/*
 * decode.c - find a page's charset and convert it to UTF-8.
 *
 * Order as browsers do it: byte-order mark, the HTTP Content-Type charset,
 * a <meta charset> / http-equiv prescan of the first 4 KiB (a small
 * attribute tokenizer, not a regex), then: valid UTF-8 stays UTF-8, else
 * uchardet guesses. Labels map to the WHATWG choice (latin1 and ASCII mean
 * windows-1252); non-ASCII bytes that form valid UTF-8 win over labels. iconv converts; invalid sequences become U+FFFD so a broken
 * page still yields text.
 */
#include "extract/internal.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

/* Copy a charset label (trimmed, quotes removed, lowercased) into out. */
static void take_label(const char *s, size_t n, char *out, size_t outsz)
{
	while (n && (isspace((unsigned char)*s) || *s == '"' || *s == '\'')) { s++; n--; }
	size_t k = 0;
	while (k < n && k + 1 < outsz && (isalnum((unsigned char)s[k]) || strchr("-_.:", s[k]))) {
		out[k] = (char)tolower((unsigned char)s[k]);
		k++;
	}
	out[k] = 0;
}

/* charset= parameter of a Content-Type value. */
static bool charset_param(const char *ct, size_t n, char *out, size_t outsz)
{
	for (size_t i = 0; i + 8 <= n; i++) {
		if (!strncasecmp(ct + i, "charset", 7)) {
			size_t j = i + 7;
			while (j < n && isspace((unsigned char)ct[j])) j++;
			if (j < n && ct[j] == '=') {
				take_label(ct + j + 1, n - j - 1, out, outsz);
				if (out[0]) return true;
			}
		}
	}
	return false;
}

/* Read one attribute of a tag at p (end e): name/value spans. Returns the
 * position after it, or NULL at the tag's end. */
static const char *next_attr(const char *p, const char *e, const char **nm, size_t *nl,
			     const char **val, size_t *vl)
{
	while (p < e && (isspace((unsigned char)*p) || *p == '/')) p++;
	if (p >= e || *p == '>') return NULL;
	*nm = p;
	while (p < e && !isspace((unsigned char)*p) && *p != '=' && *p != '>' && *p != '/') p++;
	*nl = (size_t)(p - *nm);
	while (p < e && isspace((unsigned char)*p)) p++;
	*val = p; *vl = 0;
	if (p < e && *p == '=') {
		p++;
		while (p < e && isspace((unsigned char)*p)) p++;
		if (p < e && (*p == '"' || *p == '\'')) {
			char q = *p++;
			*val = p;
			while (p < e && *p != q) p++;
			*vl = (size_t)(p - *val);
			if (p < e) p++;
		} else {
			*val = p;
			while (p < e && !isspace((unsigned char)*p) && *p != '>') p++;
			*vl = (size_t)(p - *val);
		}
	}
	if (*nl == 0) return p < e ? p + 1 : NULL;
	return p;
}

/* The WHATWG prescan, simplified: <meta charset=X> or <meta http-equiv
 * content="...charset=X">, skipping comments, within the first 4 KiB. */
static bool meta_prescan(const char *s, size_t n, char *out, size_t outsz)
{
	const char *e = s + (n < 4096 ? n : 4096);
	for (const char *p = s; p < e; p++) {
		if (*p != '<') continue;
		if (e - p >= 4 && !memcmp(p, "<!--", 4)) {
			const char *q = memmem(p + 4, (size_t)(e - p - 4), "-->", 3);
			if (!q) return false;
			p = q + 2;
			continue;
		}
		if (e - p < 6 || strncasecmp(p + 1, "meta", 4) || !(isspace((unsigned char)p[5]) || p[5] == '/'))
			continue;
		const char *q = p + 5, *nm, *val;
		size_t nl, vl;
		bool http_equiv = false;
		char content_cs[64] = "";
		while ((q = next_attr(q, e, &nm, &nl, &val, &vl))) {
			if (nl == 7 && !strncasecmp(nm, "charset", 7)) {
				take_label(val, vl, out, outsz);
				if (out[0]) return true;
			} else if (nl == 10 && !strncasecmp(nm, "http-equiv", 10)) {
				http_equiv = vl == 12 && !strncasecmp(val, "content-type", 12);
			} else if (nl == 7 && !strncasecmp(nm, "content", 7)) {
				charset_param(val, vl, content_cs, sizeof content_cs);
			}
		}
		if (http_equiv && content_cs[0]) {
			snprintf(out, outsz, "%s", content_cs);
			return true;
		}
	}
	return false;
}

/* WHATWG label mapping for the labels that matter; iconv knows the rest. */
static void normalise_label(char *cs, size_t sz)
{
	static const char *const w1252[] = {"iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii",
					    "iso_8859-1", "cp1252", "x-cp1252", "ansi_x3.4-1968", "cp819", "windows-1252", NULL};
	for (int i = 0; w1252[i]; i++)
		if (!strcmp(cs, w1252[i])) { snprintf(cs, sz, "windows-1252"); return; }
	if (!strcmp(cs, "utf8") || !strcmp(cs, "unicode-1-1-utf-8") || !strcmp(cs, "utf-16") ||
	    !strcmp(cs, "utf-16le") || !strcmp(cs, "utf-16be"))
		snprintf(cs, sz, "utf-8");   /* a meta claiming UTF-16 in ASCII bytes is UTF-8 */
	else if (!strcmp(cs, "gb2312") || !strcmp(cs, "x-gbk") || !strcmp(cs, "gbk"))
		snprintf(cs, sz, "gb18030");
	else if (!strcmp(cs, "shift-jis") || !strcmp(cs, "sjis") || !strcmp(cs, "x-sjis"))
		snprintf(cs, sz, "shift_jis");
	else if (!strcmp(cs, "iso-8859-9") || !strcmp(cs, "latin5"))
		snprintf(cs, sz, "windows-1254");
}

static int convert(const char *in, size_t len, const char *cs, char **out, size_t *outlen, warc_error *err)
{
	iconv_t cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return warc_fail(err, WARC_ERR_FORMAT, "unknown charset %s", cs);
	size_t cap = len * 3 + 16;
	char *buf = malloc(cap);
	if (!buf) { iconv_close(cd); return warc_fail(err, WARC_ERR_NOMEM, "out of memory"); }
	char *ip = (char *)in, *op = buf;
	size_t il = len, ol = cap - 1;
	while (il > 0) {
		size_t rc = iconv(cd, &ip, &il, &op, &ol);
		if (rc != (size_t)-1) break;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - buf);
			if (cap > len * 8 + 64) break;   /* cannot happen for sane charsets */
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (!nb) { free(buf); iconv_close(cd); return warc_fail(err, WARC_ERR_NOMEM, "out of memory"); }
			buf = nb; op = buf + used; ol = cap - used - 1;
			continue;
		}
		/* EILSEQ / EINVAL: replace one byte with U+FFFD and go on. */
		if (ol < 4) {
			size_t used = (size_t)(op - buf);
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (!nb) { free(buf); iconv_close(cd); return warc_fail(err, WARC_ERR_NOMEM, "out of memory"); }
			buf = nb; op = buf + used; ol = cap - used - 1;
		}
		memcpy(op, "\xEF\xBF\xBD", 3);
		op += 3; ol -= 3;
		ip++; il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	*op = 0;
	*out = buf;
	*outlen = (size_t)(op - buf);
	return WARC_OK;
}

/* Replace invalid UTF-8 sequences by U+FFFD (for bodies declared UTF-8). */
static int repair_utf8(const char *in, size_t len, char **out, size_t *outlen, warc_error *err)
{
	char *buf = malloc(len * 3 + 1);
	if (!buf) return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, i = 0;
	while (i < len) {
		size_t k = 1;
		if (p[i] >= 0x80) {
			uint32_t cp;
			k = warc_utf8_decode(p + i, len - i, &cp);
			if (!k) { memcpy(buf + o, "\xEF\xBF\xBD", 3); o += 3; i++; continue; }
		}
		memcpy(buf + o, p + i, k);
		o += k; i += k;
	}
	buf[o] = 0;
	*out = buf;
	*outlen = o;
	return WARC_OK;
}

static bool memchr_high(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80) return true;
	return false;
}

int x_decode(const char *body, size_t len, const char *content_type, char **out, size_t *outlen,
	     char *cs, size_t cssz, warc_error *err)
{
	const unsigned char *u = (const unsigned char *)body;
	cs[0] = 0;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		snprintf(cs, cssz, "utf-8");
		body += 3; len -= 3;
	} else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		snprintf(cs, cssz, "utf-16le");
		return convert(body + 2, len - 2, "UTF-16LE", out, outlen, err);
	} else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		snprintf(cs, cssz, "utf-16be");
		return convert(body + 2, len - 2, "UTF-16BE", out, outlen, err);
	}
	if (!cs[0] && content_type)
		charset_param(content_type, strlen(content_type), cs, cssz);
	if (!cs[0])
		meta_prescan(body, len, cs, cssz);
	if (cs[0])
		normalise_label(cs, cssz);
	bool valid = warc_utf8_valid(body, len);
	/* Non-ASCII text that is valid UTF-8 is UTF-8 whatever the labels say:
	 * servers often default to ISO-8859-1, and legacy text is almost never
	 * valid UTF-8 by accident. */
	if (valid && memchr_high(body, len))
		snprintf(cs, cssz, "utf-8");
	if (!cs[0] && !valid) {
		uchardet_t ud = uchardet_new();
		if (ud) {
			if (uchardet_handle_data(ud, body, len < (1u << 20) ? len : (1u << 20)) == 0) {
				uchardet_data_end(ud);
				const char *g = uchardet_get_charset(ud);
				if (g && *g) {
					take_label(g, strlen(g), cs, cssz);
					normalise_label(cs, cssz);
				}
			}
			uchardet_delete(ud);
		}
		if (!cs[0]) snprintf(cs, cssz, "windows-1252");
	}
	if (!cs[0] || !strcmp(cs, "utf-8")) {
		snprintf(cs, cssz, "utf-8");
		if (valid) {
			char *b = malloc(len + 1);
			if (!b) return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
			memcpy(b, body, len);
			b[len] = 0;
			*out = b;
			*outlen = len;
			return WARC_OK;
		}
		return repair_utf8(body, len, out, outlen, err);
	}
	int rc = convert(body, len, cs, out, outlen, err);
	if (rc == WARC_ERR_FORMAT) {   /* unknown label: treat as windows-1252 */
		snprintf(cs, cssz, "windows-1252");
		rc = convert(body, len, "WINDOWS-1252", out, outlen, err);
	}
	return rc;
}
