/* SPDX-License-Identifier: Apache-2.0 */
/*
 * captions.c - image captions of the article, kept apart from its text.
 *
 * Scope: the enclosing <article> of the content root when there is one
 * (lead images often sit in the article header, outside the body), else the
 * root itself. Each <figure> gives its image's src (src, then lazy-loading
 * attributes, then the first srcset candidate) and alt, and the figcaption
 * read raw so that credit spans stay with their caption. Images outside
 * figures count when their alt text is meaningful (3+ words, not a logo or
 * icon); a nearby caption-classed element supplies their caption. One entry
 * per src; boilerplate regions (teasers, related lists) are not entered.
 */
#include "extract/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *img_src(xmlNodePtr img)
{
	static const char *const attrs[] = {"src", "data-src", "data-lazy-src", "data-original", "data-url", NULL};
	for (int i = 0; attrs[i]; i++) {
		char *v = x_attr(img, attrs[i]);
		if (v && *v && strncmp(v, "data:", 5)) return v;
		xmlFree(v);
	}
	char *ss = x_attr(img, "srcset");
	if (!ss) ss = x_attr(img, "data-srcset");
	if (ss) {
		char *p = ss;
		while (isspace((unsigned char)*p)) p++;
		char *e = p;
		while (*e && !isspace((unsigned char)*e) && *e != ',') e++;
		*e = 0;
		if (*p) {
			char *r = (char *)xmlStrdup((const xmlChar *)p);
			xmlFree(ss);
			return r;
		}
		xmlFree(ss);
	}
	return NULL;
}

static xmlNodePtr find_tag(xmlNodePtr n, const char *tag, int depth)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (x_is(c, tag)) return c;
		if (depth < 32) {
			xmlNodePtr f = find_tag(c, tag, depth + 1);
			if (f) return f;
		}
	}
	return NULL;
}

static bool caption_like(xmlNodePtr n)
{
	char *ip = x_attr(n, "itemprop");
	bool yes = ip && !strcasecmp(ip, "caption");
	xmlFree(ip);
	if (yes) return true;
	char *ci = x_class_id(n);
	static const char *const w[] = {"caption", "credit", NULL};
	yes = ci && x_hint_any(ci, w);
	free(ci);
	return yes;
}

static xmlNodePtr find_caption(xmlNodePtr n, int depth)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || x_is(c, "img") || x_is(c, "script")) continue;
		if (caption_like(c)) return c;
		if (depth < 8) {
			xmlNodePtr f = find_caption(c, depth + 1);
			if (f) return f;
		}
	}
	return NULL;
}

static bool have_src(extract_result *r, const char *src)
{
	for (size_t i = 0; i < r->ncaps; i++)
		if (!strcmp(r->caps[i].src, src)) return true;
	return false;
}

static int add(extract_result *r, xmlNodePtr img, xmlNodePtr capnode)
{
	char *src = img ? img_src(img) : NULL;
	char *alt = img ? x_attr(img, "alt") : NULL;
	warc_buf b;
	warc_buf_init(&b, X_ELEMENT_TEXT_MAX);
	if (capnode && x_text(capnode, &b, X_TEXT_RAW)) {}
	int rc = WARC_OK;
	if (alt) x_squash(alt);
	bool empty = (!src || !*src) && (!b.data || !*b.data);
	if (!empty && !(src && have_src(r, src)))
		rc = x_add_caption(r, src ? src : "", alt ? alt : "", b.data ? b.data : "");
	warc_buf_free(&b);
	xmlFree(src);
	xmlFree(alt);
	return rc;
}

static bool meaningful_alt(xmlNodePtr img)
{
	char *alt = x_attr(img, "alt");
	bool ok = alt && x_words(alt) >= 3;
	if (ok) {
		static const char *const bad[] = {"logo", "icon", "avatar", "spinner", "placeholder", NULL};
		for (int i = 0; bad[i]; i++)
			if (strcasestr(alt, bad[i])) ok = false;
	}
	xmlFree(alt);
	char *w = x_attr(img, "width");
	if (w && atoi(w) > 0 && atoi(w) < 100) ok = false;
	xmlFree(w);
	return ok;
}

static int walk(extract_result *r, xmlNodePtr n, int depth)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !c->_private) continue;
		if (x_is(c, "figure")) {
			xmlNodePtr img = find_tag(c, "img", 0);
			xmlNodePtr fc = find_tag(c, "figcaption", 0);
			if (!fc) fc = find_caption(c, 0);
			if ((img || fc) && add(r, img, fc)) return WARC_ERR_NOMEM;
			continue;
		}
		/* Class-skipped regions (an article header) may hold the lead image;
		 * link lists (teasers) and hard-skipped ones (nav, hidden) do not count. */
		x_info *ci = X(c);
		if ((ci->flags & XF_HARD) || ((ci->flags & XF_SKIP) && ci->text && ci->link * 2 > ci->text)) continue;
		if (x_is(c, "img") && meaningful_alt(c)) {
			xmlNodePtr cap = NULL;
			if (c->parent) cap = find_caption(c->parent, 6);
			if (!cap && c->parent && c->parent->parent) cap = find_caption(c->parent->parent, 5);
			if (add(r, c, cap)) return WARC_ERR_NOMEM;
			continue;
		}
		if (depth < X_MAX_DEPTH && walk(r, c, depth + 1)) return WARC_ERR_NOMEM;
	}
	return WARC_OK;
}

int x_extract_captions(x_dom *d, xmlNodePtr root, extract_result *r)
{
	xmlNodePtr scope = root;
	for (xmlNodePtr a = root; a && a != d->body; a = a->parent)
		if (x_is(a, "article")) { scope = a; break; }
	return walk(r, scope, 0);
}
