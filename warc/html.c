/* SPDX-License-Identifier: Apache-2.0 */
/*
 * html.c - bound an HTML document before libxml2 parses it.
 *
 * libxml2's HTML parser is quadratic in the attributes of one element (a
 * duplicate check against every earlier attribute, and an append that walks
 * the attribute list), and its tree costs a few hundred bytes per element
 * and per attribute: one hostile page could take minutes and gigabytes.
 * Nothing inside libxml2 can stop it mid-tag, so the limits are enforced on
 * the bytes, in one linear pass before it.
 *
 * Design: a small tokenizer (WHATWG states, libxml2's name grammar) reads
 * the input and writes a canonical document: every start tag as
 * <name a="v" ...> with at most max_attrs distinct, well-formed attributes
 * (values with '"' escaped), end tags as </name>, text with every '<' that
 * is not one of those tags escaped, comments, doctypes and processing
 * instructions dropped (no link or text lives in them), and <script> and
 * <style> text copied with "</" written "<\/" (the JSON and JavaScript
 * escape of the same thing). Because the output is canonical, libxml2 sees
 * exactly the tags this pass counted, whatever tricks the input plays with
 * quotes, comments or raw text: the limits hold by construction, not by
 * agreeing with libxml2 on every corner of tag soup.
 */
#include "warc/warc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 100     /* libxml2's HTML_PARSER_BUFFER_SIZE: longer names are cut there */

typedef struct slot {
	uint32_t gen;
	size_t off, len;     /* a kept attribute name, in out */
} slot;

typedef struct bound {
	const unsigned char *p, *end;
	warc_buf *out;
	const warc_html_limits *lim;
	size_t elements, attrs_total;
	unsigned cut;
	bool stop, nomem;
	slot *slots;         /* this tag's kept names (duplicate check), 2 * max_attrs rounded up */
	size_t nslots;
	uint32_t gen;
} bound;

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* libxml2's htmlParseHTMLName grammar */
static bool name_start(int c)
{
	return is_alpha(c) || c == '_' || c == ':' || c == '.';
}

static bool name_char(int c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/* Append, or stop the whole pass at the byte limit. */
static bool put(bound *b, const void *s, size_t n)
{
	if (b->stop)
		return false;
	int rc = warc_buf_add(b->out, s, n);
	if (rc) {
		if (rc == WARC_ERR_NOMEM)
			b->nomem = true;
		else
			b->cut |= WARC_HTML_CUT_BYTES;
		b->stop = true;
		return false;
	}
	return true;
}

static bool put_lower(bound *b, const unsigned char *s, size_t n)
{
	char tmp[NAME_MAX_LEN];
	for (size_t i = 0; i < n; i++)
		tmp[i] = (char)tolower(s[i]);
	return put(b, tmp, n);
}

/* Text (or raw text) without NUL bytes, which would end libxml2's parse. */
static void put_text(bound *b, const unsigned char *s, size_t n)
{
	while (n && !b->stop) {
		const unsigned char *z = memchr(s, 0, n);
		size_t k = z ? (size_t)(z - s) : n;
		size_t room = b->out->limit - b->out->len;
		if (k > room) { /* as much text as fits, then stop */
			(void)put(b, s, room);
			b->cut |= WARC_HTML_CUT_BYTES;
			b->stop = true;
			return;
		}
		(void)put(b, s, k);
		s += k + (z ? 1 : 0);
		n -= k + (z ? 1 : 0);
	}
}

static void skip_space(bound *b)
{
	while (b->p < b->end && is_space(*b->p))
		b->p++;
}

/* ---- attributes ---- */

typedef struct attr {
	const unsigned char *name, *val;
	size_t nlen, vlen;
	bool has_val;
} attr;

/* WHATWG "before attribute name" to the end of the value; false at '>' or EOF. */
static bool next_attr(bound *b, attr *a)
{
	while (b->p < b->end && (is_space(*b->p) || (*b->p == '/' && b->p + 1 < b->end && b->p[1] != '>')))
		b->p++;
	if (b->p >= b->end || *b->p == '>' || *b->p == '/')
		return false;  /* '/' here is "/>" or the last byte */
	memset(a, 0, sizeof *a);
	a->name = b->p++;  /* a first '=' belongs to the name */
	while (b->p < b->end && !is_space(*b->p) && *b->p != '/' && *b->p != '>' && *b->p != '=')
		b->p++;
	a->nlen = (size_t)(b->p - a->name);
	skip_space(b);
	if (b->p >= b->end || *b->p != '=')
		return true;
	b->p++;
	skip_space(b);
	a->has_val = true;
	if (b->p < b->end && (*b->p == '"' || *b->p == '\'')) {
		unsigned char q = *b->p++;
		a->val = b->p;
		const unsigned char *e = memchr(b->p, q, (size_t)(b->end - b->p));
		b->p = e ? e : b->end;
		a->vlen = (size_t)(b->p - a->val);
		if (e)
			b->p++;
	} else {
		a->val = b->p;
		while (b->p < b->end && !is_space(*b->p) && *b->p != '>')
			b->p++;
		a->vlen = (size_t)(b->p - a->val);
	}
	return true;
}

static bool valid_name(const attr *a)
{
	if (!a->nlen || a->nlen > NAME_MAX_LEN || !name_start(a->name[0]))
		return false;
	for (size_t i = 1; i < a->nlen; i++)
		if (!name_char(a->name[i]))
			return false;
	return true;
}

/* Is this name (lowercased at out[off..]) new in the current tag? Records it. */
static bool first_of_name(bound *b, size_t off, size_t len)
{
	const char *s = b->out->data + off;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	for (size_t i = h & (b->nslots - 1);; i = (i + 1) & (b->nslots - 1)) {
		slot *sl = &b->slots[i];
		if (sl->gen != b->gen) {
			*sl = (slot){ .gen = b->gen, .off = off, .len = len };
			return true;
		}
		if (sl->len == len && !memcmp(b->out->data + sl->off, s, len))
			return false;
	}
}

static void put_value(bound *b, const unsigned char *v, size_t n)
{
	size_t i = 0;
	while (i < n && !b->stop) {
		size_t k = i;
		while (k < n && v[k] != '"' && v[k])
			k++;
		(void)put(b, v + i, k - i);
		if (k < n && v[k] == '"')
			(void)put(b, "&quot;", 6);
		i = k + 1;
	}
}

/* Writes the attribute if it is well formed, new, and within the limits. */
static void keep_attr(bound *b, const attr *a, size_t *kept)
{
	if (!valid_name(a))
		return;
	if (*kept >= b->lim->max_attrs || b->attrs_total >= b->lim->max_attrs_total) {
		b->cut |= WARC_HTML_CUT_ATTRS;
		return;
	}
	size_t mark = b->out->len;
	if (!put(b, " ", 1) || !put_lower(b, a->name, a->nlen))
		return;
	if (!first_of_name(b, mark + 1, a->nlen)) {
		b->out->len = mark;  /* a duplicate: the first one counts, as in browsers */
		b->out->data[mark] = '\0';
		return;
	}
	if (a->has_val && put(b, "=\"", 2)) {
		put_value(b, a->val, a->vlen);
		(void)put(b, "\"", 1);
	}
	(*kept)++;
	b->attrs_total++;
}

/* ---- tags ---- */

static size_t tag_name(bound *b, const unsigned char **name)
{
	*name = b->p;
	while (b->p < b->end && name_char(*b->p))
		b->p++;
	size_t n = (size_t)(b->p - *name);
	return n > NAME_MAX_LEN ? NAME_MAX_LEN : n;
}

/* <script> and <style>: text up to "</name" + space, '/' or '>' (or the end). */
static void raw_text(bound *b, const unsigned char *name, size_t nlen)
{
	const unsigned char *s = b->p;
	for (;;) {
		const unsigned char *lt = memchr(b->p, '<', (size_t)(b->end - b->p));
		if (!lt) {
			b->p = b->end;
			break;
		}
		b->p = lt + 1;
		if (b->p >= b->end || *b->p != '/')
			continue;
		const unsigned char *n = b->p + 1;
		if ((size_t)(b->end - n) >= nlen && !strncasecmp((const char *)n, (const char *)name, nlen) &&
		    (n + nlen == b->end || is_space(n[nlen]) || n[nlen] == '/' || n[nlen] == '>')) {
			b->p = lt;
			break;
		}
	}
	/* copy, writing every "</" as "<\/" so that libxml2 ends exactly where this pass did */
	const unsigned char *e = b->p;
	while (s < e && !b->stop) {
		const unsigned char *lt = memchr(s, '<', (size_t)(e - s));
		if (!lt) {
			put_text(b, s, (size_t)(e - s));
			break;
		}
		put_text(b, s, (size_t)(lt + 1 - s));
		if (lt + 1 < e && lt[1] == '/')
			(void)put(b, "\\", 1);
		s = lt + 1;
	}
}

static void start_tag(bound *b)
{
	b->p++; /* '<' */
	const unsigned char *name;
	size_t nlen = tag_name(b, &name);
	if (b->elements >= b->lim->max_elements) {
		b->cut |= WARC_HTML_CUT_ELEMENTS;
		b->stop = true;
		return;
	}
	size_t mark = b->out->len, kept = 0;
	b->gen++;
	(void)(put(b, "<", 1) && put_lower(b, name, nlen));
	attr a;
	while (!b->stop && next_attr(b, &a))
		keep_attr(b, &a, &kept);
	if (b->stop) {
		b->out->len = mark; /* no half tag */
		if (b->out->data)
			b->out->data[mark] = '\0';
		return;
	}
	bool self_closing = b->p + 1 < b->end && b->p[0] == '/' && b->p[1] == '>';
	if (b->p >= b->end) { /* EOF inside the tag: dropped, as browsers do */
		b->out->len = mark;
		if (b->out->data)
			b->out->data[mark] = '\0';
		return;
	}
	b->p += self_closing ? 2 : 1;
	if (!put(b, self_closing ? "/>" : ">", self_closing ? 2 : 1)) {
		b->out->len = mark;
		if (b->out->data)
			b->out->data[mark] = '\0';
		return;
	}
	b->elements++;
	if (!self_closing && ((nlen == 6 && !strncasecmp((const char *)name, "script", 6)) ||
			      (nlen == 5 && !strncasecmp((const char *)name, "style", 5))))
		raw_text(b, name, nlen);
}

static void end_tag(bound *b)
{
	b->p += 2; /* "</" */
	const unsigned char *name;
	size_t nlen = tag_name(b, &name);
	attr a;
	while (next_attr(b, &a))
		;  /* attributes of an end tag mean nothing */
	if (b->p >= b->end)
		return;
	b->p += *b->p == '/' && b->p + 1 < b->end ? 2 : 1;
	(void)(put(b, "</", 2) && put_lower(b, name, nlen) && put(b, ">", 1));
}

/* Comments, doctypes, <?...>, </3...>: skipped, up to their end. */
static void skip_markup(bound *b)
{
	const unsigned char *p = b->p;
	size_t left = (size_t)(b->end - p);
	if (left >= 4 && !memcmp(p, "<!--", 4)) {
		if (left >= 5 && p[4] == '>') { b->p += 5; return; }
		if (left >= 6 && p[4] == '-' && p[5] == '>') { b->p += 6; return; }
		const unsigned char *e = memmem(p + 4, left - 4, "-->", 3);
		const unsigned char *e2 = memmem(p + 4, left - 4, "--!>", 4);
		if (e2 && (!e || e2 < e))
			b->p = e2 + 4;
		else
			b->p = e ? e + 3 : b->end;
		return;
	}
	const unsigned char *gt = memchr(p, '>', left);
	b->p = gt ? gt + 1 : b->end;
}

static void text(bound *b)
{
	const unsigned char *lt = memchr(b->p, '<', (size_t)(b->end - b->p));
	const unsigned char *e = lt ? lt : b->end;
	put_text(b, b->p, (size_t)(e - b->p));
	b->p = e;
}

static void markup(bound *b)
{
	size_t left = (size_t)(b->end - b->p);
	int c1 = left > 1 ? b->p[1] : 0, c2 = left > 2 ? b->p[2] : 0;
	if (is_alpha(c1))
		start_tag(b);
	else if (c1 == '/' && is_alpha(c2))
		end_tag(b);
	else if (c1 == '!' || c1 == '?' || (c1 == '/' && left > 2))
		skip_markup(b);
	else {
		(void)put(b, "&lt;", 4);
		b->p++;
	}
}

int warc_html_bound(const char *in, size_t len, const warc_html_limits *lim, warc_buf *out, unsigned *cut)
{
	*cut = 0;
	warc_buf_reset(out);
	if (!lim->max_attrs || !lim->max_elements || out->limit == 0)
		return WARC_ERR_USAGE;
	size_t nslots = 16;
	while (nslots < 2 * lim->max_attrs)
		nslots *= 2;
	bound b = { .p = (const unsigned char *)in, .end = (const unsigned char *)in + len, .out = out, .lim = lim,
		    .nslots = nslots, .slots = calloc(nslots, sizeof(slot)) };
	if (!b.slots)
		return WARC_ERR_NOMEM;
	if (len >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3)) {
		(void)put(&b, in, 3);  /* a UTF-8 BOM tells libxml2 the encoding */
		b.p += 3;
	} else if (len >= 2 && (!memcmp(in, "\xFF\xFE", 2) || !memcmp(in, "\xFE\xFF", 2))) {
		b.p += 2;  /* UTF-16: read as its ASCII characters (the NUL bytes are dropped) */
	}
	while (b.p < b.end && !b.stop) {
		if (*b.p == '<')
			markup(&b);
		else
			text(&b);
	}
	free(b.slots);
	*cut = b.cut;
	return b.nomem ? WARC_ERR_NOMEM : WARC_OK;
}

const char *warc_html_cut_name(unsigned cut)
{
	if (cut & WARC_HTML_CUT_ELEMENTS)
		return "elements";
	if (cut & WARC_HTML_CUT_BYTES)
		return "bytes";
	if (cut & WARC_HTML_CUT_ATTRS)
		return "attributes";
	return NULL;
}
