/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dom.c - parse HTML with libxml2 and annotate every element.
 *
 * libxml2's HTML parser (recover mode, no network, no error output) builds
 * the tree from the page as warc_html_bound rewrote it under the
 * EXTRACT_HTML_* limits (a SAX wrapper adds the depth and time checks);
 * entities are decoded by it. Each element gets an x_info in one
 * array reached through _private: tag-based flags (scripts, navigation,
 * forms and hidden elements are boilerplate), class/id hints, and counts of
 * visible text, link text and paragraph text. Class/id blacklisting runs as
 * a second pass with a guard: an element holding most of the page's
 * paragraph text is never dropped for its class alone (trafilatura's
 * "never prune away most of the text" rule, applied per element).
 */
#include "extract/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *x_attr(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* Tag classes, one sorted table looked up once per element:
 * TB_BLOCK block-level; TB_SKIP never text nor captions (scripts, forms,
 * nav, aside, footer...); TB_NOTEXT out of the text but seen by captions and
 * metadata (figure, time, img, header); TB_VOID holds no elements (void and
 * raw-text elements); TB_NOPARA a leaf that is not a paragraph (li, td, h1-6). */
enum { TB_BLOCK = 1, TB_SKIP = 2, TB_NOTEXT = 4, TB_VOID = 8, TB_NOPARA = 16, TB_A = 32 };
static const struct tagbits {
	const char *name;
	uint8_t bits;
} TAGS[] = {
	{"a", TB_A},
	{"address", TB_BLOCK},
	{"area", TB_VOID},
	{"article", TB_BLOCK},
	{"aside", TB_BLOCK | TB_SKIP},
	{"audio", TB_SKIP},
	{"base", TB_VOID},
	{"blockquote", TB_BLOCK},
	{"body", TB_BLOCK},
	{"br", TB_VOID},
	{"button", TB_SKIP},
	{"canvas", TB_SKIP},
	{"caption", TB_BLOCK},
	{"center", TB_BLOCK},
	{"col", TB_VOID},
	{"datalist", TB_SKIP},
	{"dd", TB_BLOCK},
	{"details", TB_BLOCK},
	{"dialog", TB_BLOCK | TB_SKIP},
	{"dir", TB_BLOCK},
	{"div", TB_BLOCK},
	{"dl", TB_BLOCK},
	{"dt", TB_BLOCK | TB_NOPARA},
	{"embed", TB_SKIP | TB_VOID},
	{"fieldset", TB_BLOCK},
	{"figcaption", TB_BLOCK | TB_NOTEXT},
	{"figure", TB_BLOCK | TB_NOTEXT},
	{"footer", TB_BLOCK | TB_SKIP},
	{"form", TB_BLOCK},
	{"frame", TB_SKIP},
	{"frameset", TB_SKIP},
	{"h1", TB_BLOCK | TB_NOPARA},
	{"h2", TB_BLOCK | TB_NOPARA},
	{"h3", TB_BLOCK | TB_NOPARA},
	{"h4", TB_BLOCK | TB_NOPARA},
	{"h5", TB_BLOCK | TB_NOPARA},
	{"h6", TB_BLOCK | TB_NOPARA},
	{"head", TB_SKIP},
	{"header", TB_BLOCK | TB_NOTEXT},
	{"hgroup", TB_BLOCK},
	{"hr", TB_BLOCK | TB_VOID},
	{"html", TB_BLOCK},
	{"iframe", TB_SKIP | TB_VOID},
	{"img", TB_NOTEXT | TB_VOID},
	{"input", TB_SKIP | TB_VOID},
	{"label", TB_SKIP},
	{"li", TB_BLOCK | TB_NOPARA},
	{"link", TB_SKIP | TB_VOID},
	{"main", TB_BLOCK},
	{"map", TB_SKIP},
	{"math", TB_SKIP},
	{"menu", TB_BLOCK | TB_SKIP},
	{"meta", TB_SKIP | TB_VOID},
	{"meter", TB_SKIP},
	{"nav", TB_BLOCK | TB_SKIP},
	{"noscript", TB_BLOCK | TB_SKIP},
	{"object", TB_SKIP},
	{"ol", TB_BLOCK},
	{"option", TB_SKIP},
	{"output", TB_SKIP},
	{"p", TB_BLOCK},
	{"param", TB_VOID},
	{"picture", TB_NOTEXT},
	{"pre", TB_BLOCK},
	{"progress", TB_SKIP},
	{"script", TB_SKIP | TB_VOID},
	{"section", TB_BLOCK},
	{"select", TB_SKIP},
	{"source", TB_VOID},
	{"style", TB_SKIP | TB_VOID},
	{"summary", TB_BLOCK},
	{"svg", TB_SKIP},
	{"table", TB_BLOCK},
	{"tbody", TB_BLOCK},
	{"td", TB_BLOCK | TB_NOPARA},
	{"template", TB_SKIP},
	{"textarea", TB_SKIP | TB_VOID},
	{"tfoot", TB_BLOCK},
	{"th", TB_BLOCK | TB_NOPARA},
	{"thead", TB_BLOCK},
	{"time", TB_NOTEXT},
	{"title", TB_SKIP | TB_VOID},
	{"tr", TB_BLOCK},
	{"track", TB_VOID},
	{"ul", TB_BLOCK},
	{"video", TB_SKIP},
	{"wbr", TB_VOID},
};

static int tag_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct tagbits *)e)->name);
}

static uint8_t tag_bits(const xmlChar *name)
{
	char low[16];
	size_t i = 0;
	if (!name) return 0;
	for (; name[i] && i < sizeof low - 1; i++) low[i] = (char)tolower(name[i]);
	if (name[i]) return 0;
	low[i] = 0;
	const struct tagbits *t = bsearch(low, TAGS, sizeof TAGS / sizeof TAGS[0], sizeof TAGS[0], tag_cmp);
	return t ? t->bits : 0;
}

bool x_is_block_name(const xmlChar *name)
{
	return tag_bits(name) & TB_BLOCK;
}

static const char *const SKIP_ROLES[] = {"navigation", "menu", "menubar", "complementary", "alert", "alertdialog",
					 "dialog", "banner", "contentinfo", "search", "toolbar", "tablist", NULL};

/* Class/id words meaning boilerplate (matched inside the class/id string):
 * an element carrying one is dropped (see prune() for the guard). */
static const char *const NEG_WORDS[] = {
	"share", "sharing", "social", "newsletter", "cookie", "consent", "gdpr", "outbrain", "taboola", "related",
	"recommend", "promo", "sponsor", "advert", "comment", "disqus", "breadcrumb", "caption", "credit", "byline",
	"sidebar", "popular", "trending", "subscri", "signup", "sign-up", "masthead", "footer", "navbar",
	"menu", "pagination", "pager", "teaser", "toolbar", "modal", "popup", "banner", "skip", "tags",
	"rating", "readmore", "read-more", "more-stories", "more-articles", "latest", "nav-", "-nav", "hidden",
	"sr-only", "visually-hidden", "screen-reader", "timestamp", "dateline", "paywall", "login",
	"signin", "sign-in", "playlist", "carousel", "slideshow", "overlay", "tooltip", "popover", "rollover", "hovercard", "dropdown", "donate",
	"inline-ad", "affiliate", "copyright", "top-stories", "most-", "next-",
	"prev-", "jump", "article-meta", "post-meta", "entry-meta", "__meta", "keywords", NULL};
/* Words that only lower a candidate's score. */
static const char *const WEAK_WORDS[] = {"widget", "header", "author", "print", "gallery", "follow", "episode",
					 "metadata", "icon", "logo", "button", "btn", "toc", "correction",
					 "disclaimer", "media", "contact", "shopping", NULL};
/* Whole class tokens meaning boilerplate. */
static const char *const NEG_TOKENS[] = {"ad", "ads", "nav", "meta", "hide", "date", "time", "tag", "more", "aside",
					 "email", "rail", "right-rail", "links", "search", "extra", "foot", "tools", NULL};
/* Class/id words meaning article content. */
static const char *const POS_WORDS[] = {"article", "body", "content", "entry", "main", "page", "post", "text",
					"blog", "story", "hentry", "prose", "column", NULL};

char *x_class_id(xmlNodePtr n)
{
	char *c = x_attr(n, "class"), *i = x_attr(n, "id");
	size_t lc = c ? strlen(c) : 0, li = i ? strlen(i) : 0;
	char *s = malloc(lc + li + 2);
	if (s) {
		size_t k = 0;
		for (size_t j = 0; j < lc; j++) s[k++] = (char)tolower((unsigned char)c[j]);
		s[k++] = ' ';
		for (size_t j = 0; j < li; j++) s[k++] = (char)tolower((unsigned char)i[j]);
		s[k] = 0;
	}
	xmlFree(c);
	xmlFree(i);
	return s;
}

/* Does the lowercased class/id string contain any of words? */
bool x_hint_any(const char *s, const char *const *words)
{
	if (!s) return false;
	for (int i = 0; words[i]; i++)
		if (strstr(s, words[i])) return true;
	return false;
}

static bool token_any(const char *s, const char *const *tokens)
{
	/* tokens are split on anything but alphanumerics and '-'; parts on '-' */
	const char *p = s;
	while (*p) {
		while (*p && !(isalnum((unsigned char)*p))) p++;
		const char *b = p;
		while (*p && (isalnum((unsigned char)*p) || *p == '-')) p++;
		size_t n = (size_t)(p - b);
		if (!n) continue;
		for (int i = 0; tokens[i]; i++)
			if (strlen(tokens[i]) == n && !memcmp(b, tokens[i], n)) return true;
		/* BEM-style parts: "article__meta" -> "meta", "ad-slot" -> "ad" */
		const char *q = b;
		while (q < p) {
			const char *r = q;
			while (r < p && *r != '-') r++;
			size_t m = (size_t)(r - q);
			for (int i = 0; tokens[i] && m; i++)
				if (strlen(tokens[i]) == m && !memcmp(q, tokens[i], m) && (q != b || r != p)) {
					/* only ad/ads/nav count as parts ("ad-slot", "main-nav") */
					if (!strcmp(tokens[i], "ad") || !strcmp(tokens[i], "ads") || !strcmp(tokens[i], "nav"))
						return true;
				}
			q = r < p ? r + 1 : r;
		}
	}
	return false;
}

static bool in_list(const xmlChar *name, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (!xmlStrcasecmp(name, (const xmlChar *)list[i])) return true;
	return false;
}

static bool hidden(xmlNodePtr n)
{
	if (xmlHasProp(n, (const xmlChar *)"hidden")) return true;
	char *v = x_attr(n, "aria-hidden");
	bool h = v && !strcasecmp(v, "true");
	xmlFree(v);
	if (h) return true;
	v = x_attr(n, "style");
	if (v) {
		char *s = v, *o = v;
		for (; *s; s++)
			if (!isspace((unsigned char)*s)) *o++ = (char)tolower((unsigned char)*s);
		*o = 0;
		h = strstr(v, "display:none") || strstr(v, "visibility:hidden");
		xmlFree(v);
	}
	return h;
}

/*
 * libxml2 2.9's HTML parser sometimes nests the rest of a page inside a
 * void or raw-text element of the head (meta, link, script...). Move any
 * element children of such elements (and a body found inside head) up to
 * follow them, so that skipping a <script> never hides an article.
 */
static bool cannot_contain(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE && (tag_bits(n->name) & TB_VOID);
}

static void hoist_from(xmlNodePtr c, xmlNodePtr first)
{
	xmlNodePtr after = c;
	for (xmlNodePtr k = first, nx; k; k = nx) {
		nx = k->next;
		xmlUnlinkNode(k);
		after = xmlAddNextSibling(after, k);
	}
}

static void fix_tree(xmlNodePtr n, int depth)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		xmlNodePtr first = NULL;
		if (cannot_contain(c)) {
			for (xmlNodePtr k = c->children; k && !first; k = k->next)
				if (k->type == XML_ELEMENT_NODE) first = k;
		} else if (x_is(c, "head")) {
			for (xmlNodePtr k = c->children; k && !first; k = k->next)
				if (x_is(k, "body")) first = k;
		}
		if (first) hoist_from(c, first);
		if (depth < X_MAX_DEPTH) fix_tree(c, depth + 1);
	}
}

static size_t count_elements(xmlNodePtr n, int depth)
{
	size_t c = 0;
	for (; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE) {
			c++;
			if (depth < X_MAX_DEPTH) c += count_elements(n->children, depth + 1);
		}
	return c;
}

static void assign(x_dom *d, xmlNodePtr n, int depth, size_t *k)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		x_info *in = &d->info[(*k)++];
		n->_private = in;
		in->depth = depth > 255 ? 255 : (uint8_t)depth;
		uint8_t tb = tag_bits(n->name);
		in->tag = tb;
		if (tb & TB_SKIP) in->flags |= XF_SKIP | XF_HARD;
		else if (tb & TB_NOTEXT) in->flags |= XF_NOTEXT;
		if (tb & TB_BLOCK) in->flags |= XF_BLOCK;
		if (!n->properties || (in->flags & XF_HARD)) {
			/* no attributes to look at, or never shown anyway */
			if (depth < X_MAX_DEPTH) assign(d, n->children, depth + 1, k);
			continue;
		}
		if (!(in->flags & XF_SKIP)) {
			char *role = x_attr(n, "role");
			if (role && in_list((const xmlChar *)role, SKIP_ROLES)) in->flags |= XF_SKIP | XF_HARD;
			xmlFree(role);
			if (hidden(n)) in->flags |= XF_SKIP | XF_HARD;
		}
		char *ci = x_class_id(n);
		if (ci && (ci[0] != ' ' || ci[1])) {
			bool neg = x_hint_any(ci, NEG_WORDS) || token_any(ci, NEG_TOKENS);
			bool pos = x_hint_any(ci, POS_WORDS);
			if (neg || x_hint_any(ci, WEAK_WORDS)) in->weight -= 25;
			if (pos) { in->weight += 25; in->flags |= XF_POSITIVE; }
			if (neg) in->flags |= XF_NEG;
		}
		free(ci);
		if (depth < X_MAX_DEPTH) assign(d, n->children, depth + 1, k);
	}
}

/* Visible characters of a text node, whitespace runs counted once. */
void x_count_text(const xmlChar *s, uint32_t *chars, uint32_t *commas)
{
	bool sp = true;
	for (; *s; s++) {
		unsigned char c = *s;
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
			if (!sp) { (*chars)++; sp = true; }
			continue;
		}
		sp = false;
		if ((c & 0xC0) != 0x80) (*chars)++;
		if (c == ',') (*commas)++;
	}
}

/* Bottom-up counts; returns whether n has block-level element children. */
static void tally(xmlNodePtr n, int depth, bool in_link, bool stops)
{
	x_info *in = X(n);
	in->text = in->link = in->ptext = in->commas = in->nparas = 0;
	in->direct = in->dlink = in->dcommas = 0;
	in->words = in->stops = 0;
	in->quotes = 0;
	in->flags &= (uint8_t)~XF_INLINE_LEAF;
	bool has_block = false;
	bool link = in_link || (in->tag & TB_A);
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			uint32_t t = 0, cm = 0;
			if (c->content) {
				x_count_text(c->content, &t, &cm);
				if (t && stops) x_stopcount(c->content, &in->words, &in->stops);
			}
			in->text += t;
			in->commas += cm;
			if (link) in->link += t;
			in->direct += t;
			in->dcommas += cm;
			if (link) in->dlink += t;
		} else if (c->type == XML_ELEMENT_NODE && c->_private) {
			x_info *ci = X(c);
			if (depth >= X_MAX_DEPTH) continue;
			if (ci->flags & XF_HARD) {
				/* scripts, nav, hidden: never counted, never looked into */
				if (ci->flags & XF_BLOCK) has_block = true;
				continue;
			}
			tally(c, depth + 1, link, stops);
			if (ci->quotes || (x_is(c, "blockquote") && ci->text >= 25)) in->quotes = 1;
			if (ci->flags & (XF_SKIP | XF_NOTEXT)) {
				if (ci->flags & XF_BLOCK) has_block = true;
				continue;
			}
			if (ci->flags & XF_BLOCK) has_block = true;
			else {
				in->direct += ci->text;
				in->dlink += ci->link;
				in->dcommas += ci->commas;
			}
			in->text += ci->text;
			in->words += ci->words;
			in->stops += ci->stops;
			in->link += ci->link;
			in->commas += ci->commas;
			in->ptext += ci->ptext;
			in->nparas += ci->nparas;
		}
	}
	if (has_block && (in->flags & XF_BLOCK) && in->direct >= 25 && in->dlink * 2 < in->direct) {
		/* mixed content: text runs between blocks form paragraphs too */
		in->ptext += in->direct;
		in->nparas++;
	}
	if (!has_block && (in->flags & XF_BLOCK)) {
		in->flags |= XF_INLINE_LEAF;
		if (in->text >= 25 && in->link * 2 < in->text && !(in->tag & TB_NOPARA)) {
			in->ptext += in->text;
			in->nparas++;
		}
	}
}

/* Pass 2: class/id blacklisting with the "most of the text" guard. */
static void prune(x_dom *d, xmlNodePtr n, int depth, uint32_t body_ptext)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !n->_private) continue;
		x_info *in = X(n);
		if (in->flags & XF_SKIP) continue;
		if ((in->flags & XF_NEG) && !x_is(n, "body") && !x_is(n, "html")) {
			bool guard = in->ptext >= 400 && ((double)in->ptext > 0.5 * body_ptext ||
							   ((in->flags & XF_POSITIVE) && (double)in->ptext > 0.25 * body_ptext));
			/* embedded posts (a tweet's blockquote in a "social-embed" box) are quoted content */
			if (in->quotes && in->link * 2 < in->text) guard = true;
			if (!guard) {
				in->flags |= XF_SKIP;
				continue;
			}
		}
		if (depth < X_MAX_DEPTH) prune(d, n->children, depth + 1, body_ptext);
	}
}

static xmlNodePtr find_body(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (x_is(n, "body")) return n;
		if (x_is(n, "html")) {
			xmlNodePtr b = find_body(n->children);
			if (b) return b;
		}
	}
	return NULL;
}

/* The tree builder's element start, wrapped: depth and time budget. */
typedef struct guard {
	startElementSAXFunc start_element;
	int64_t deadline_ms;
	unsigned long elements;
	const char *limit;
} guard;

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_start_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr pc = ctx;
	guard *g = pc->_private;
	if (pc->nodeNr >= EXTRACT_HTML_MAX_DEPTH)
		g->limit = "depth";
	else if (++g->elements % 64 == 0 && mono_ms() >= g->deadline_ms)
		g->limit = "time";
	if (g->limit) {
		xmlStopParser(pc);
		return;
	}
	g->start_element(ctx, name, atts);
}

/* html bounded by warc_html_bound, then parsed under the depth and time limits. */
static htmlDocPtr parse(const char *html, size_t len, const char **limit)
{
	static const warc_html_limits lim = {
		.max_elements = EXTRACT_HTML_MAX_ELEMENTS,
		.max_attrs = EXTRACT_HTML_MAX_ATTRS,
		.max_attrs_total = EXTRACT_HTML_MAX_ATTRS_TOTAL,
	};
	guard g = { .deadline_ms = mono_ms() + EXTRACT_HTML_TIME_MS };
	warc_buf doc;
	warc_buf_init(&doc, EXTRACT_HTML_MAX_BYTES);
	unsigned cut;
	if (warc_html_bound(html, len, &lim, &doc, &cut) || !doc.data || doc.len > 0x7fffffff) {
		warc_buf_free(&doc);
		return NULL;
	}
	htmlDocPtr d = NULL;
	htmlParserCtxtPtr pc = htmlNewParserCtxt();
	if (pc && pc->userData == pc) { /* the tree builder's callbacks take the context */
		g.start_element = pc->sax->startElement;
		pc->_private = &g;
		pc->sax->startElement = on_start_element;
		d = htmlCtxtReadMemory(pc, doc.data, (int)doc.len, NULL, "UTF-8",
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
	*limit = g.limit ? g.limit : warc_html_cut_name(cut);
	return d;
}

int x_dom_build(x_dom *d, const char *html, size_t len, warc_error *err)
{
	memset(d, 0, sizeof *d);
	if (len > 0x7fffffff) return warc_fail(err, WARC_ERR_TOOBIG, "page too large");
	d->doc = parse(html, len, &d->limit);
	if (!d->doc) return warc_fail(err, WARC_ERR_FORMAT, "HTML parser gave no document");
	xmlNodePtr root = xmlDocGetRootElement(d->doc);
	if (!root) return warc_fail(err, WARC_ERR_FORMAT, "no root element");
	fix_tree(root, 0);
	d->ninfo = count_elements(root, 0);
	d->info = calloc(d->ninfo ? d->ninfo : 1, sizeof *d->info);
	if (!d->info) return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	size_t k = 0;
	assign(d, root, 0, &k);
	d->body = find_body(root);
	if (!d->body) d->body = root;
	X(d->body)->flags &= (uint8_t)~(XF_SKIP | XF_NOTEXT);
	tally(d->body, 0, false, false);
	prune(d, d->body->children, 1, X(d->body)->ptext);
	tally(d->body, 0, false, true);   /* final counts, with stopwords */
	d->total_text = X(d->body)->text;
	return WARC_OK;
}

void x_dom_free(x_dom *d)
{
	if (d->doc) xmlFreeDoc(d->doc);
	free(d->info);
	memset(d, 0, sizeof *d);
}

void x_squash(char *s)
{
	char *o = s;
	bool sp = true;
	for (char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			if (!sp) { *o++ = ' '; sp = true; }
			continue;
		}
		/* U+00A0 no-break space -> space */
		if (c == 0xC2 && (unsigned char)p[1] == 0xA0) {
			p++;
			if (!sp) { *o++ = ' '; sp = true; }
			continue;
		}
		if (c == '\n') {
			while (o > s && o[-1] == ' ') o--;
			if (o > s && o[-1] != '\n') *o++ = '\n';
			sp = true;
			continue;
		}
		*o++ = (char)c;
		sp = false;
	}
	while (o > s && (o[-1] == ' ' || o[-1] == '\n')) o--;
	*o = 0;
}

static bool raw_skip(xmlNodePtr c)
{
	return x_is(c, "script") || x_is(c, "style") || x_is(c, "noscript") || x_is(c, "template") ||
	       x_is(c, "svg") || x_is(c, "button");
}

static int text_rec(xmlNodePtr n, warc_buf *b, int mode, int depth)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content && warc_buf_addstr(b, (const char *)c->content)) return WARC_ERR_TOOBIG;
		} else if (c->type == XML_ELEMENT_NODE) {
			x_info *ci = X(c);
			if (mode == X_TEXT_RAW ? raw_skip(c) : ci && (ci->flags & XF_SKIP)) continue;
			if (ci && mode == X_TEXT_BODY && (ci->flags & XF_NOTEXT)) continue;
			if (x_is(c, "br")) { if (warc_buf_addstr(b, "\n")) return WARC_ERR_TOOBIG; continue; }
			bool blk = ci && (ci->flags & XF_BLOCK);
			if (blk && warc_buf_addstr(b, " ")) return WARC_ERR_TOOBIG;
			if (depth < X_MAX_DEPTH && text_rec(c, b, mode, depth + 1)) return WARC_ERR_TOOBIG;
			if (blk && warc_buf_addstr(b, " ")) return WARC_ERR_TOOBIG;
		}
	}
	return WARC_OK;
}

int x_text(xmlNodePtr n, warc_buf *b, int mode)
{
	size_t start = b->len;
	int rc = text_rec(n, b, mode, 0);
	if (b->data) {
		for (size_t i = start; i < b->len; i++)
			if (b->data[i] == '\n') b->data[i] = ' ';
		x_squash(b->data + start);
		b->len = strlen(b->data);
	}
	return rc;
}

size_t x_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80) n++;
	return n;
}

size_t x_words(const char *s)
{
	size_t n = 0;
	bool in = false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool w = isalnum(c) || c >= 0x80 || c == '_';
		if (w && !in) n++;
		in = w;
	}
	return n;
}
