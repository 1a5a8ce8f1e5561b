/* SPDX-License-Identifier: Apache-2.0 */
/*
 * links.c - outlinks and page requisites of an HTML document.
 *
 * Design: the page is bounded first (warc_html_bound under the CRAWL_HTML_*
 * limits; a SAX wrapper adds depth, time and stop checks), then libxml2's
 * forgiving HTML parser builds a DOM (it recovers from the
 * tag soup real pages are made of), then one pass finds the first
 * <base href> and a second, iterative walk reports each URL-bearing
 * attribute through crawl_url_resolve, which drops fragments and non-http
 * schemes. The element/attribute table below is the whole policy: what is a
 * page to visit (nav) and what is needed to render this one (requisite).
 * srcset follows the WHATWG candidate-splitting rules; meta refresh its
 * content-attribute grammar; style attributes and <style> go through css.c.
 * The DOM keeps no text but that of <style>, the only text read: the tree
 * builder's text callbacks are filtered (elements and attributes are built
 * as usual, and libxml2's HTML parser never decides structure from earlier
 * text nodes where that could add or move an element), which saves copying
 * and freeing every article's text.
 */
#include "crawl/crawl.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <limits.h>
#include <string.h>
#include <time.h>

typedef struct walk {
	const char *base;
	crawl_link_fn fn;
	void *ctx;
	warc_buf abs;
	int stop;
} walk;

static void emit(walk *w, const char *ref, size_t n, crawl_link_kind kind)
{
	if (w->stop || n == 0)
		return;
	char tmp[2048];
	char *r = n < sizeof tmp ? tmp : malloc(n + 1);
	if (!r)
		return;
	memcpy(r, ref, n);
	r[n] = '\0';
	warc_error e;
	if (crawl_url_resolve(w->base, r, &w->abs, &e) == WARC_OK)
		w->stop = w->fn(w->ctx, w->abs.data, kind);
	if (r != tmp)
		free(r);
}

static void emit_str(walk *w, const char *ref, crawl_link_kind kind)
{
	if (ref)
		emit(w, ref, strlen(ref), kind);
}

static bool html_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* WHATWG "parse a srcset attribute": URLs only, descriptors skipped. */
static void emit_srcset(walk *w, const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n && !w->stop) {
		while (i < n && (html_space((unsigned char)s[i]) || s[i] == ','))
			i++;
		if (i >= n)
			break;
		size_t start = i;
		while (i < n && !html_space((unsigned char)s[i]))
			i++;
		size_t end = i;
		bool ended_by_comma = false;
		while (end > start && s[end - 1] == ',') {
			end--;
			ended_by_comma = true;
		}
		emit(w, s + start, end - start, CRAWL_LINK_REQUISITE);
		if (ended_by_comma)
			continue;
		/* descriptors: up to a comma outside parentheses */
		int paren = 0;
		while (i < n) {
			char c = s[i++];
			if (c == '(')
				paren++;
			else if (c == ')' && paren > 0)
				paren--;
			else if (c == ',' && paren == 0)
				break;
		}
	}
}

/* <meta http-equiv=refresh content="5; url='x'"> (HTML "shared declarative refresh steps"). */
static void emit_refresh(walk *w, const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n && html_space((unsigned char)s[i]))
		i++;
	while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.'))
		i++;
	while (i < n && html_space((unsigned char)s[i]))
		i++;
	if (i < n && (s[i] == ';' || s[i] == ','))
		i++;
	else if (i < n)
		return;
	while (i < n && html_space((unsigned char)s[i]))
		i++;
	if (i + 3 <= n && !strncasecmp(s + i, "url", 3)) {
		size_t j = i + 3;
		while (j < n && html_space((unsigned char)s[j]))
			j++;
		if (j < n && s[j] == '=') {
			j++;
			while (j < n && html_space((unsigned char)s[j]))
				j++;
			i = j;
		}
	}
	size_t end = n;
	if (i < n && (s[i] == '"' || s[i] == '\'')) {
		const char *q = strchr(s + i + 1, s[i]);
		i++;
		if (q)
			end = (size_t)(q - s);
	}
	emit(w, s + i, end - i, CRAWL_LINK_NAV);
}

static char *attr(xmlNode *n, const char *name)
{
	return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

static void emit_attr(walk *w, xmlNode *n, const char *name, crawl_link_kind kind)
{
	char *v = attr(n, name);
	if (v) {
		emit_str(w, v, kind);
		xmlFree(v);
	}
}

static void emit_srcset_attr(walk *w, xmlNode *n, const char *name)
{
	char *v = attr(n, name);
	if (v) {
		emit_srcset(w, v);
		xmlFree(v);
	}
}

static int css_cb(void *ctx, const char *url, crawl_link_kind kind)
{
	walk *w = ctx;
	return w->fn(w->ctx, url, kind);
}

static void emit_css(walk *w, const char *text)
{
	if (!text || w->stop)
		return;
	warc_error e;
	/* arguments are never NULL here, so a nonzero result is the callback's stop value */
	w->stop = crawl_links_css(text, strlen(text), w->base, css_cb, w, &e);
}

/* Is some whitespace-separated token of rel one of names? */
static bool rel_has(const char *rel, const char *const *names)
{
	const char *p = rel;
	while (*p) {
		while (*p && html_space((unsigned char)*p))
			p++;
		const char *s = p;
		while (*p && !html_space((unsigned char)*p))
			p++;
		size_t l = (size_t)(p - s);
		for (const char *const *k = names; *k; k++)
			if (l && strlen(*k) == l && !strncasecmp(s, *k, l))
				return true;
	}
	return false;
}

static const char *const REL_REQUISITE[] = {
	"stylesheet", "icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon",
	"preload", "modulepreload", "prefetch", "manifest", "image_src", NULL,
};
static const char *const REL_SKIP[] = { "dns-prefetch", "preconnect", NULL };

static void element(walk *w, xmlNode *n)
{
	const char *name = (const char *)n->name;
	const crawl_link_kind NAV = CRAWL_LINK_NAV, REQ = CRAWL_LINK_REQUISITE;

	if (!strcmp(name, "a") || !strcmp(name, "area")) {
		emit_attr(w, n, "href", NAV);
	} else if (!strcmp(name, "link")) {
		char *rel = attr(n, "rel");
		const char *r = rel ? rel : "";
		if (rel_has(r, REL_REQUISITE)) {
			emit_attr(w, n, "href", REQ);
			emit_srcset_attr(w, n, "imagesrcset");
		} else if (!rel_has(r, REL_SKIP)) {
			emit_attr(w, n, "href", NAV);
		}
		xmlFree(rel);
	} else if (!strcmp(name, "img")) {
		emit_attr(w, n, "src", REQ);
		emit_srcset_attr(w, n, "srcset");
		emit_attr(w, n, "data-src", REQ);      /* common lazy-loading markup */
		emit_srcset_attr(w, n, "data-srcset");
		emit_attr(w, n, "lowsrc", REQ);
	} else if (!strcmp(name, "source")) {
		emit_attr(w, n, "src", REQ);
		emit_srcset_attr(w, n, "srcset");
		emit_srcset_attr(w, n, "data-srcset");
	} else if (!strcmp(name, "script") || !strcmp(name, "embed") || !strcmp(name, "track")) {
		emit_attr(w, n, "src", REQ);
	} else if (!strcmp(name, "iframe") || !strcmp(name, "frame")) {
		emit_attr(w, n, "src", NAV);
	} else if (!strcmp(name, "object")) {
		emit_attr(w, n, "data", REQ);
	} else if (!strcmp(name, "video") || !strcmp(name, "audio")) {
		emit_attr(w, n, "src", REQ);
		emit_attr(w, n, "poster", REQ);
	} else if (!strcmp(name, "input")) {
		char *type = attr(n, "type");
		if (type && !strcasecmp(type, "image"))
			emit_attr(w, n, "src", REQ);
		xmlFree(type);
	} else if (!strcmp(name, "meta")) {
		char *eq = attr(n, "http-equiv");
		if (eq && !strcasecmp(eq, "refresh")) {
			char *content = attr(n, "content");
			if (content)
				emit_refresh(w, content);
			xmlFree(content);
		}
		xmlFree(eq);
	} else if (!strcmp(name, "style")) {
		xmlChar *text = xmlNodeGetContent(n);
		emit_css(w, (const char *)text);
		xmlFree(text);
	} else if (!strcmp(name, "image")) {        /* SVG inline in HTML */
		emit_attr(w, n, "href", REQ);
		emit_attr(w, n, "xlink:href", REQ);
	} else if (!strcmp(name, "body") || !strcmp(name, "table") || !strcmp(name, "td") ||
		   !strcmp(name, "th")) {
		emit_attr(w, n, "background", REQ);  /* legacy presentational attribute */
	}
	char *style = attr(n, "style");
	if (style) {
		emit_css(w, style);
		xmlFree(style);
	}
}

/* The node after n in document order inside root (into n's children only
 * when descend), or NULL at the end: a walk without recursion. */
static xmlNode *next_node(xmlNode *n, xmlNode *root, bool descend)
{
	if (descend && n->children)
		return n->children;
	while (n && !n->next && n != root)
		n = n->parent;
	if (!n || n == root)
		return NULL;
	return n->next;
}

/* First <base href> in document order. */
static xmlNode *find_base(xmlNode *root)
{
	for (xmlNode *n = root; n; n = next_node(n, root, true))
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "base") &&
		    xmlHasProp(n, (const xmlChar *)"href"))
			return n;
	return NULL;
}

/* The tree builder's own callbacks, wrapped: text only inside <style>, and
 * every element start checks the depth, the clock and the stop flag. */
typedef struct guard {
	charactersSAXFunc characters, cdata_block, ignorable;
	startElementSAXFunc start_element;
	int64_t start_ms, deadline_ms, soft_ms;  /* soft: run limit, honoured after the grace */
	const volatile sig_atomic_t *stop;
	unsigned long elements;
	const char *limit;
} guard;

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool in_style(void *ctx)
{
	xmlParserCtxtPtr pc = ctx;
	return pc->node && pc->node->type == XML_ELEMENT_NODE && !strcmp((const char *)pc->node->name, "style");
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
	const guard *t = ((xmlParserCtxtPtr)ctx)->_private;
	if (t->characters && in_style(ctx))
		t->characters(ctx, ch, len);
}

static void on_cdata_block(void *ctx, const xmlChar *ch, int len)
{
	const guard *t = ((xmlParserCtxtPtr)ctx)->_private;
	if (t->cdata_block && in_style(ctx))
		t->cdata_block(ctx, ch, len);
}

static void on_ignorable(void *ctx, const xmlChar *ch, int len)
{
	const guard *t = ((xmlParserCtxtPtr)ctx)->_private;
	if (t->ignorable && in_style(ctx))
		t->ignorable(ctx, ch, len);
}

static void on_start_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr pc = ctx;
	guard *g = pc->_private;
	if (pc->nodeNr >= CRAWL_HTML_MAX_DEPTH) {
		g->limit = "depth";
	} else if (++g->elements % 64 == 0) {
		int64_t now = mono_ms();
		if (now >= g->deadline_ms)
			g->limit = "time";
		else if (now >= g->start_ms + CRAWL_HTML_STOP_GRACE_MS &&
			 ((g->stop && *g->stop) || (g->soft_ms && now >= g->soft_ms)))
			g->limit = "stopped";
	}
	if (g->limit) {
		xmlStopParser(pc);
		return;
	}
	g->start_element(ctx, name, atts);
}

/* The document, bounded (warc_html_bound) and parsed under g's limits. */
static htmlDocPtr parse(const char *html, size_t len, guard *g)
{
	static const warc_html_limits lim = {
		.max_elements = CRAWL_HTML_MAX_ELEMENTS,
		.max_attrs = CRAWL_HTML_MAX_ATTRS,
		.max_attrs_total = CRAWL_HTML_MAX_ATTRS_TOTAL,
	};
	warc_buf doc;
	warc_buf_init(&doc, CRAWL_HTML_MAX_BYTES);
	unsigned cut;
	if (warc_html_bound(html, len, &lim, &doc, &cut) || !doc.data || doc.len > INT_MAX) {
		warc_buf_free(&doc);
		return NULL;
	}
	g->limit = warc_html_cut_name(cut);
	const char *bound_limit = g->limit;
	g->limit = NULL;
	htmlDocPtr d = NULL;
	htmlParserCtxtPtr pc = htmlNewParserCtxt();
	if (pc && pc->userData == pc) { /* userData is the context: the tree builder's callbacks take it */
		g->characters = pc->sax->characters;
		g->cdata_block = pc->sax->cdataBlock;
		g->ignorable = pc->sax->ignorableWhitespace;
		g->start_element = pc->sax->startElement;
		pc->_private = g;
		pc->sax->characters = on_characters;
		pc->sax->cdataBlock = on_cdata_block;
		pc->sax->ignorableWhitespace = on_ignorable;
		pc->sax->startElement = on_start_element;
		d = htmlCtxtReadMemory(pc, doc.data, (int)doc.len, NULL, NULL,
				       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					       HTML_PARSE_NONET | HTML_PARSE_COMPACT);
		if (!d && pc->myDoc) { /* stopped early: the tree so far */
			d = pc->myDoc;
			pc->myDoc = NULL;
		}
	}
	if (pc)
		htmlFreeParserCtxt(pc);
	warc_buf_free(&doc);
	if (!g->limit)
		g->limit = bound_limit;
	return d;
}

int crawl_links_html(const char *html, size_t len, const char *page_url, crawl_link_fn fn, void *ctx,
		     warc_error *err)
{
	return crawl_links_html_limited(html, len, page_url, NULL, fn, ctx, NULL, err);
}

int crawl_links_html_limited(const char *html, size_t len, const char *page_url, const crawl_html_budget *budget,
			     crawl_link_fn fn, void *ctx, const char **limit, warc_error *err)
{
	if (limit)
		*limit = NULL;
	if ((!html && len) || !fn || !page_url)
		return warc_fail(err, WARC_ERR_USAGE, "crawl_links_html: NULL argument");
	if (len == 0)
		return WARC_OK;
	guard g = { .stop = budget ? budget->stop : NULL, .start_ms = mono_ms() };
	g.deadline_ms = g.start_ms + (budget && budget->time_ms ? budget->time_ms : CRAWL_HTML_TIME_MS);
	if (budget && budget->run_left_ms >= 0)
		g.soft_ms = g.start_ms + budget->run_left_ms;
	htmlDocPtr doc = parse(html, len, &g);
	if (limit)
		*limit = g.limit;
	if (!doc)
		return WARC_OK;  /* nothing the parser could make a document of: no links */

	walk w = { .base = page_url, .fn = fn, .ctx = ctx };
	warc_buf_init(&w.abs, WARC_LIMIT_URL * 3);
	xmlNode *root = xmlDocGetRootElement(doc);
	char *base_href = NULL;
	warc_buf base;
	warc_buf_init(&base, WARC_LIMIT_URL * 3);
	xmlNode *b = root ? find_base(root) : NULL;
	if (b) {
		base_href = attr(b, "href");
		warc_error e;
		if (base_href && crawl_url_resolve(page_url, base_href, &base, &e) == WARC_OK)
			w.base = base.data;
	}
	for (xmlNode *n = root; n && !w.stop; n = next_node(n, root, n->type == XML_ELEMENT_NODE))
		if (n->type == XML_ELEMENT_NODE)
			element(&w, n);
	int rc = w.stop;
	xmlFree(base_href);
	warc_buf_free(&base);
	warc_buf_free(&w.abs);
	xmlFreeDoc(doc);
	return rc;
}
