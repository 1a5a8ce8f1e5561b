/* SPDX-License-Identifier: Apache-2.0 */
/*
 * css.c - URLs referenced by a stylesheet or a style attribute.
 *
 * Design: a small single-pass tokenizer after CSS Syntax Level 3, not regexes
 * over the text. It knows just enough: comments, quoted strings (with escapes
 * and line continuations), identifiers, url(...) in quoted and unquoted form,
 * @import "x", and the quoted arguments of image-set(). Everything it reports
 * is resolved against the base URL and filtered by crawl_url_resolve (data:
 * and other non-http references drop out there). Every URL is a requisite.
 */
#include "crawl/crawl.h"

#include <ctype.h>
#include <string.h>

typedef struct css {
	const char *s;
	size_t n, i;
	const char *base;
	crawl_link_fn fn;
	void *ctx;
	warc_buf val;   /* decoded token value */
	warc_buf abs;   /* resolved URL */
	int stop;       /* callback's nonzero return */
} css;

static bool ident_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c >= 0x80;
}

static void add_utf8(warc_buf *b, unsigned long cp)
{
	char o[4];
	size_t n;
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	(void)!warc_buf_add(b, o, n);  /* overlong values are rejected by the caller's limit */
}

/* At a backslash not followed by a newline: consume the escape, append its value. */
static void consume_escape(css *c)
{
	c->i++;  /* the backslash */
	if (c->i >= c->n) {
		add_utf8(&c->val, 0xFFFD);
		return;
	}
	if (isxdigit((unsigned char)c->s[c->i])) {
		unsigned long cp = 0;
		int k = 0;
		while (k < 6 && c->i < c->n && isxdigit((unsigned char)c->s[c->i])) {
			int ch = tolower((unsigned char)c->s[c->i]);
			cp = cp * 16 + (unsigned long)(isdigit(ch) ? ch - '0' : ch - 'a' + 10);
			c->i++;
			k++;
		}
		if (c->i < c->n && isspace((unsigned char)c->s[c->i]))
			c->i++;
		add_utf8(&c->val, cp);
		return;
	}
	(void)!warc_buf_add(&c->val, &c->s[c->i], 1);
	c->i++;
}

/* At a quote: read the string into c->val. Returns false for a bad (unclosed-by-newline) string. */
static bool consume_string(css *c)
{
	char q = c->s[c->i++];
	warc_buf_reset(&c->val);
	while (c->i < c->n) {
		char ch = c->s[c->i];
		if (ch == q) {
			c->i++;
			return true;
		}
		if (ch == '\n')
			return false;  /* bad-string; the newline is reprocessed */
		if (ch == '\\') {
			if (c->i + 1 < c->n && (c->s[c->i + 1] == '\n' || c->s[c->i + 1] == '\r' ||
						c->s[c->i + 1] == '\f')) {
				c->i += 2;
				if (c->s[c->i - 1] == '\r' && c->i < c->n && c->s[c->i] == '\n')
					c->i++;
				continue;
			}
			consume_escape(c);
			continue;
		}
		(void)!warc_buf_add(&c->val, &ch, 1);
		c->i++;
	}
	return true;  /* EOF inside a string: the string ends there */
}

static void skip_ws(css *c)
{
	while (c->i < c->n && isspace((unsigned char)c->s[c->i]))
		c->i++;
}

static void skip_comment(css *c)
{
	const char *end = c->i + 2 <= c->n ? memmem(c->s + c->i + 2, c->n - c->i - 2, "*/", 2) : NULL;
	c->i = end ? (size_t)(end - c->s) + 2 : c->n;
}

static void report(css *c)
{
	if (c->stop || c->val.len == 0 || c->val.len + 8 >= CRAWL_CSS_URL_MAX)
		return;  /* empty, or cut short by the size limit */
	warc_error e;
	if (crawl_url_resolve(c->base, c->val.data, &c->abs, &e) != WARC_OK)
		return;
	c->stop = c->fn(c->ctx, c->abs.data, CRAWL_LINK_REQUISITE);
}

/* After "url(": the quoted or unquoted form up to ')'. */
static void consume_url(css *c)
{
	skip_ws(c);
	if (c->i < c->n && (c->s[c->i] == '"' || c->s[c->i] == '\'')) {
		bool ok = consume_string(c);
		skip_ws(c);
		if (ok && c->i < c->n && c->s[c->i] == ')') {
			c->i++;
			report(c);
		}
		return;
	}
	warc_buf_reset(&c->val);
	while (c->i < c->n) {
		char ch = c->s[c->i];
		if (ch == ')') {
			c->i++;
			report(c);
			return;
		}
		if (isspace((unsigned char)ch)) {
			skip_ws(c);
			if (c->i < c->n && c->s[c->i] == ')') {
				c->i++;
				report(c);
			}
			return;  /* bad-url otherwise */
		}
		if (ch == '"' || ch == '\'' || ch == '(')
			return;  /* bad-url */
		if (ch == '\\') {
			if (c->i + 1 < c->n && c->s[c->i + 1] == '\n')
				return;
			consume_escape(c);
			continue;
		}
		(void)!warc_buf_add(&c->val, &ch, 1);
		c->i++;
	}
	report(c);  /* EOF inside url(: the token ends there */
}

/* Read an identifier starting at c->i (ASCII-lowercased) into out. */
static size_t read_ident(css *c, char *out, size_t outsz)
{
	size_t k = 0;
	while (c->i < c->n) {
		unsigned char ch = (unsigned char)c->s[c->i];
		if (ident_char(ch)) {
			if (k + 1 < outsz)
				out[k++] = (char)tolower(ch);
			c->i++;
		} else if (ch == '\\' && c->i + 1 < c->n && c->s[c->i + 1] != '\n') {
			/* escapes in identifiers are rare; keep the escaped char raw */
			c->i++;
			if (k + 1 < outsz)
				out[k++] = (char)tolower((unsigned char)c->s[c->i]);
			c->i++;
		} else {
			break;
		}
	}
	out[k] = '\0';
	return k;
}

int crawl_links_css(const char *text, size_t len, const char *base_url, crawl_link_fn fn, void *ctx,
		    warc_error *err)
{
	if ((!text && len) || !fn)
		return warc_fail(err, WARC_ERR_USAGE, "crawl_links_css: NULL argument");
	css c = { .s = text, .n = len, .base = base_url, .fn = fn, .ctx = ctx };
	warc_buf_init(&c.val, CRAWL_CSS_URL_MAX);
	warc_buf_init(&c.abs, CRAWL_CSS_URL_MAX * 3);
	int image_set_depth = 0;   /* >0 while inside image-set( ... ) */
	int paren_depth = 0;
	bool after_import = false;
	while (c.i < c.n && !c.stop) {
		unsigned char ch = (unsigned char)c.s[c.i];
		if (ch == '/' && c.i + 1 < c.n && c.s[c.i + 1] == '*') {
			skip_comment(&c);
		} else if (ch == '"' || ch == '\'') {
			bool ok = consume_string(&c);
			if (ok && (after_import || image_set_depth == 1))  /* not type("image/avif") */
				report(&c);
			after_import = false;
		} else if (ch == '@') {
			char kw[32];
			c.i++;
			read_ident(&c, kw, sizeof kw);
			after_import = !strcmp(kw, "import");
			continue;
		} else if (ident_char(ch) || (ch == '\\' && c.i + 1 < c.n)) {
			char id[32];
			size_t at = c.i;
			read_ident(&c, id, sizeof id);
			if (c.i == at) {
				c.i++;  /* a lone backslash (before a newline): not an identifier */
				continue;
			}
			if (c.i < c.n && c.s[c.i] == '(') {
				c.i++;
				if (!strcmp(id, "url")) {
					consume_url(&c);
					after_import = false;
				} else {
					paren_depth++;
					if (image_set_depth > 0 || !strcmp(id, "image-set") ||
					    !strcmp(id, "-webkit-image-set"))
						image_set_depth++;
				}
			}
			continue;
		} else if (ch == '(') {
			paren_depth++;
			if (image_set_depth > 0)
				image_set_depth++;
			c.i++;
		} else if (ch == ')') {
			if (paren_depth > 0)
				paren_depth--;
			if (image_set_depth > 0)
				image_set_depth--;
			c.i++;
		} else if (ch == ';' || ch == '{' || ch == '}') {
			after_import = false;
			c.i++;
		} else {
			c.i++;
		}
	}
	warc_buf_free(&c.val);
	warc_buf_free(&c.abs);
	return c.stop;
}
