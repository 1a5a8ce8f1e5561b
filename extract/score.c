/* SPDX-License-Identifier: Apache-2.0 */
/*
 * score.c - find the article in the annotated DOM and write its text blocks.
 *
 * Scoring follows the approach shared by Readability and its descendants:
 * every paragraph-like element (a block whose children are inline, or the
 * text runs between a block's children) with 25+ characters scores
 * 1 + commas + min(chars/100, 3), discounted by its link density and by a
 * stopword density low for the page, and adds that to up to five ancestors
 * (÷1, ÷2, then ÷3 per level). Candidates add a tag prior (div +5, lists
 * -3, headings -5) and a ±25 class/id weight capped by their own content
 * score; the best one, times (1 - link density), wins. When several
 * near-best candidates share an ancestor (articles split into several
 * columns) the ancestor wins; siblings that score alike join it. If the
 * winner yields almost nothing, the smallest element holding most of the
 * page's paragraph text is used instead.
 *
 * Inside the chosen root the text is written block by block; containers
 * that look like link lists, teasers or widgets (link density against
 * paragraph text, few commas) are left out, as are link-dominated short
 * blocks, the title and byline lines, share-button words, calls to action,
 * timestamp lines and bare URLs.
 */
#include "extract/internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static float tag_prior(xmlNodePtr n)
{
	const char *t = (const char *)n->name;
	if (!strcasecmp(t, "div") || !strcasecmp(t, "article") || !strcasecmp(t, "main")) return 5;
	if (!strcasecmp(t, "pre") || !strcasecmp(t, "td") || !strcasecmp(t, "blockquote")) return 3;
	if (!strcasecmp(t, "address") || !strcasecmp(t, "ol") || !strcasecmp(t, "ul") || !strcasecmp(t, "dl") ||
	    !strcasecmp(t, "dd") || !strcasecmp(t, "dt") || !strcasecmp(t, "li") || !strcasecmp(t, "form"))
		return -3;
	if ((t[0] == 'h' || t[0] == 'H') && t[1] >= '1' && t[1] <= '6' && !t[2]) return -5;
	if (!strcasecmp(t, "th")) return -5;
	return 0;
}

static bool visible(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE && n->_private && !(X(n)->flags & (XF_SKIP | XF_NOTEXT));
}

static void touch(xmlNodePtr n)
{
	x_info *in = X(n);
	if (!(in->flags & XF_CANDIDATE)) {
		in->flags |= XF_CANDIDATE;
		in->score = 0;
		char *ip = x_attr(n, "itemprop");
		if (ip && strstr(ip, "articleBody")) in->weight += 30;
		xmlFree(ip);
	}
}

/*
 * Stopword factor of a paragraph against the page's own stopword density
 * (jusText's signal, made relative so that languages outside the list,
 * where every block is near zero, are unaffected): prose scores fully,
 * word lists (menus, credits, tag clouds) down to a quarter.
 */
static double stop_factor(const x_info *p, double page_density)
{
	if (page_density < 0.08 || p->words < 6) return 1;
	double f = ((double)p->stops / p->words) / (0.5 * page_density);
	return f > 1 ? 1 : f < 0.25 ? 0.25 : f;
}

/* Add a paragraph's score s to from and up to four of its ancestors. */
static void propagate(xmlNodePtr from, double s, xmlNodePtr body)
{
	int level = 0;
	for (xmlNodePtr a = from; a && a->type == XML_ELEMENT_NODE && level < 5; a = a->parent, level++) {
		if (!a->_private) break;
		touch(a);
		double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
		X(a)->score += (float)(s / div);
		if (a == body) break;
	}
}

static void score_rec(xmlNodePtr n, int depth, xmlNodePtr body, double pd)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!visible(c)) continue;
		x_info *ci = X(c);
		if ((ci->flags & XF_INLINE_LEAF) && ci->text >= 25) {
			double ld = (double)ci->link / ci->text;
			if (ld > 0.5) continue;
			double s = 1 + ci->commas + fmin(floor(ci->text / 100.0), 3);
			s *= (1 - ld) * stop_factor(ci, pd);
			propagate(c->parent, s, body);
		} else {
			if ((ci->flags & XF_BLOCK) && ci->direct >= 25 && ci->dlink * 2 < ci->direct) {
				/* text beside blocks (<div>text<br>text<center>..</center>): a
				 * paragraph whose parent is this element */
				double ld = (double)ci->dlink / ci->direct;
				double s = (1 + ci->dcommas + fmin(floor(ci->direct / 100.0), 3)) * (1 - ld);
				propagate(c, s, body);
			}
			if (depth < X_MAX_DEPTH) score_rec(c, depth + 1, body, pd);
		}
	}
}

static double link_density(xmlNodePtr n)
{
	x_info *in = X(n);
	return in->text ? (double)in->link / in->text : 0;
}

/* Content score plus priors; class/id hints may at most double or cancel
 * the content score, so a hinted wrapper without text never wins. */
static double total_score(xmlNodePtr n)
{
	x_info *in = X(n);
	double c = in->score, w = in->weight;
	if (w > c) w = c;
	if (w < -c) w = -c;
	return c + w + tag_prior(n);
}

static double final_score(xmlNodePtr n)
{
	return total_score(n) * (1 - link_density(n));
}

typedef struct top5 {
	xmlNodePtr n[5];
	double s[5];
} top5;

static void collect(xmlNodePtr n, int depth, top5 *t)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!visible(c)) continue;
		if (X(c)->flags & XF_CANDIDATE) {
			double s = final_score(c);
			for (int i = 0; i < 5; i++) {
				if (!t->n[i] || s > t->s[i]) {
					memmove(&t->n[i + 1], &t->n[i], (size_t)(4 - i) * sizeof t->n[0]);
					memmove(&t->s[i + 1], &t->s[i], (size_t)(4 - i) * sizeof t->s[0]);
					t->n[i] = c;
					t->s[i] = s;
					break;
				}
			}
		}
		if (depth < X_MAX_DEPTH) collect(c, depth + 1, t);
	}
}

static bool is_ancestor(xmlNodePtr a, xmlNodePtr n)
{
	for (; n; n = n->parent)
		if (n == a) return true;
	return false;
}

static xmlNodePtr choose_root(x_dom *d)
{
	top5 t;
	memset(&t, 0, sizeof t);
	collect(d->body, 0, &t);
	xmlNodePtr top = t.n[0];
	if (!top) return d->body;
	double ts = t.s[0];
	/* Several near-best candidates: their common ancestor holds the article. */
	int close = 0;
	for (int i = 1; i < 5; i++)
		if (t.n[i] && t.s[i] >= 0.75 * ts) close++;
	if (close >= 2) {
		for (xmlNodePtr a = top->parent; a && a != d->body->parent; a = a->parent) {
			int inside = 0;
			for (int i = 1; i < 5; i++)
				if (t.n[i] && t.s[i] >= 0.75 * ts && is_ancestor(a, t.n[i])) inside++;
			if (inside >= 2) { top = a; break; }
			if (a == d->body) break;
		}
	}
	/* Climb while the parent scores better (content split over wrappers). */
	double last = X(top)->flags & XF_CANDIDATE ? total_score(top) : 0;
	double threshold = last / 3;
	for (xmlNodePtr p = top->parent; p && p != d->body && p->_private; p = p->parent) {
		if (!(X(p)->flags & XF_CANDIDATE)) continue;
		double ps = total_score(p);
		if (ps < threshold) break;
		if (ps > last) { top = p; break; }
		last = ps;
	}
	/* An only child says nothing: use its parent. */
	while (top != d->body && top->parent && top->parent != d->body && top->parent->_private) {
		int n = 0;
		for (xmlNodePtr c = top->parent->children; c; c = c->next)
			if (visible(c)) n++;
		if (n != 1) break;
		top = top->parent;
	}
	return top;
}

/* ---- text assembly ---- */

typedef struct emitter {
	extract_result *r;
	warc_buf cur;          /* current inline text */
	uint32_t cur_link;     /* link chars in cur (approx.) */
	extract_block_kind kind;
	int level;
	size_t max_text, total;
	const char *title, *byline;
	int rc;
} emitter;

static const char *const SHARE_WORDS[] = {"facebook", "twitter", "share", "print", "email", "e-mail",
					  "whatsapp", "linkedin", "pinterest", "reddit", "copy", "link", "tweet",
					  "advertisement", "advert", "ad", "sponsored", "promoted", "loading",
					  "comments", "comment", "x", "save", "follow", "this", "article", "on", NULL};
/* Calls to action that make up a whole short block. */
static const char *const CTA_PHRASES[] = {"share this", "share it with", "share on ", "sign up", "subscribe",
					  "newsletter", "click here", "tell us what you think", "follow us",
					  "read more", "continue reading", "all rights reserved", "related news",
					  "related stories", "related articles", "related content", "more on this",
					  "see also", "don't miss", "most popular", "trending now", NULL};

static bool call_to_action(const char *s, size_t n)
{
	char low[256];
	size_t i = 0;
	for (; s[i] && i < sizeof low - 1; i++) low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = 0;
	if (n < 100)
		for (int k = 0; CTA_PHRASES[k]; k++)
			if (strstr(low, CTA_PHRASES[k])) return true;
	/* "Follow X on Twitter, Facebook and Instagram." */
	if (n < 160 && !strncmp(low, "follow ", 7) &&
	    (strstr(low, "twitter") || strstr(low, "facebook") || strstr(low, "instagram")))
		return true;
	if (n < 160 && (strstr(low, "click here") || strstr(low, "sign up for") || strstr(low, "subscribe to")))
		return true;
	/* a bare URL */
	if ((!strncmp(low, "http://", 7) || !strncmp(low, "https://", 8)) && !strchr(low, ' ')) return true;
	return false;
}

static bool share_only(const char *s)
{
	/* every word a share word */
	char w[32];
	const char *p = s;
	int words = 0;
	while (*p) {
		while (*p && !isalnum((unsigned char)*p) && *p != '-') p++;
		size_t k = 0;
		while (*p && (isalnum((unsigned char)*p) || *p == '-')) {
			if (k + 1 < sizeof w) w[k++] = (char)tolower((unsigned char)*p);
			p++;
		}
		if (!k) break;
		w[k] = 0;
		bool ok = false;
		for (int i = 0; SHARE_WORDS[i]; i++)
			if (!strcmp(w, SHARE_WORDS[i])) ok = true;
		if (!ok) return false;
		words++;
	}
	return words > 0;
}

static bool same_text(const char *a, const char *b)
{
	/* compare ignoring case and non-alphanumerics */
	while (*a || *b) {
		while (*a && !isalnum((unsigned char)*a) && (unsigned char)*a < 0x80) a++;
		while (*b && !isalnum((unsigned char)*b) && (unsigned char)*b < 0x80) b++;
		if (!*a || !*b) return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
		a++; b++;
	}
	return true;
}

/* A timestamp line: short, with a year and an hh:mm time. */
static bool timestamp_only(const char *s, size_t n)
{
	if (n > 60) return false;
	bool year = false, clock = false;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)p[0])) continue;
		if ((p == s || !isdigit((unsigned char)p[-1])) && (p[0] == '1' || p[0] == '2') &&
		    isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
		    !isdigit((unsigned char)p[4]))
			year = true;
		if (p[1] == ':' && isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3])) clock = true;
		if (isdigit((unsigned char)p[1]) && p[2] == ':' && isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]))
			clock = true;
	}
	return year && clock && x_words(s) <= 10;
}

static void flush(emitter *e)
{
	if (!e->cur.len) return;
	x_squash(e->cur.data);
	const char *s = e->cur.data;
	size_t n = x_chars(s);
	bool drop = n == 0;
	if (!drop && e->cur_link * 10 > n * 6 && n < 200) drop = true;   /* link-dominated line */
	if (!drop && n < 60 && share_only(s)) drop = true;
	if (!drop && n < 300 && e->kind != EXTRACT_QUOTE && call_to_action(s, n)) drop = true;
	if (!drop && timestamp_only(s, n)) drop = true;
	if (!drop && e->title && n < 300 && same_text(s, e->title)) drop = true;
	if (!drop && e->byline && n < 200 && same_text(s, e->byline)) drop = true;
	if (!drop && n < 80 && !strncmp(s, "By ", 3) && e->kind != EXTRACT_ITEM) drop = true;
	if (!drop && e->total + e->cur.len < e->max_text) {
		if (x_add_block(e->r, s, e->kind, e->level)) e->rc = WARC_ERR_NOMEM;
		e->total += e->cur.len;
	}
	warc_buf_reset(&e->cur);
	if (e->cur.data) e->cur.data[0] = 0;
	e->cur_link = 0;
}

static bool drop_container(xmlNodePtr c)
{
	x_info *in = X(c);
	if (!in->text) return false;
	double ld = (double)in->link / in->text;
	if (in->commas >= 10 && ld < 0.5) return false;
	if (ld > 0.5 && in->text > 0) return true;
	bool list = x_is(c, "ul") || x_is(c, "ol");
	if (list && ld > 0.35) return true;
	if (in->weight < 25 && ld > 0.25 && in->ptext * 2 < in->text) return true;
	if (in->text < 25 && in->link > 0) return true;
	return false;
}

/* Append to the current block; text beyond the block's 1 MiB bound is
 * dropped (the buffer refuses it and stays as it was). */
static void cur_add(emitter *e, const char *s)
{
	if (warc_buf_addstr(&e->cur, s) != WARC_OK)
		return;
}

static void add_text(emitter *e, const xmlChar *s, bool in_link)
{
	size_t before = e->cur.len;
	cur_add(e, (const char *)s);
	if (e->cur.len == before) return;
	if (in_link) {
		uint32_t commas = 0;
		x_count_text(s, &e->cur_link, &commas);
	}
}

static void set_kind(emitter *e, xmlNodePtr c)
{
	const char *t = (const char *)c->name;
	if ((t[0] == 'h' || t[0] == 'H') && t[1] >= '1' && t[1] <= '6' && !t[2]) {
		e->kind = EXTRACT_HEADING;
		e->level = t[1] - '0';
	} else if (!strcasecmp(t, "li") || !strcasecmp(t, "dd") || !strcasecmp(t, "dt")) {
		e->kind = EXTRACT_ITEM;
	} else if (!strcasecmp(t, "blockquote")) {
		e->kind = EXTRACT_QUOTE;
	} else if (!strcasecmp(t, "pre")) {
		e->kind = EXTRACT_PRE;
	} else if (!strcasecmp(t, "tr")) {
		e->kind = EXTRACT_ROW;
	} else if (!strcasecmp(t, "p") && e->kind != EXTRACT_QUOTE && e->kind != EXTRACT_ITEM) {
		e->kind = EXTRACT_PARA;
	}
}

static void emit(emitter *e, xmlNodePtr n, int depth, bool in_link)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content) add_text(e, c->content, in_link);
			continue;
		}
		if (!visible(c) || depth >= X_MAX_DEPTH) continue;
		if (x_is(c, "br")) {
			cur_add(e, "\n");
			continue;
		}
		if (x_is(c, "td") || x_is(c, "th")) {
			if (e->cur.len) cur_add(e, " ");
			emit(e, c, depth + 1, in_link);
			cur_add(e, " ");
			continue;
		}
		bool blk = X(c)->flags & XF_BLOCK;
		if (!blk) {
			emit(e, c, depth + 1, in_link || x_is(c, "a"));
			continue;
		}
		bool container = x_is(c, "div") || x_is(c, "section") || x_is(c, "ul") || x_is(c, "ol") ||
				 x_is(c, "table") || x_is(c, "form") || x_is(c, "dl") || x_is(c, "article");
		if (container && drop_container(c)) continue;
		flush(e);
		extract_block_kind ok = e->kind;
		int ol = e->level;
		set_kind(e, c);
		emit(e, c, depth + 1, in_link);
		flush(e);
		e->kind = ok;
		e->level = ol;
	}
}

int x_extract_body(x_dom *d, extract_result *r, xmlNodePtr *root_out, size_t max_text)
{
	x_info *bi = X(d->body);
	double pd = bi->words ? (double)bi->stops / bi->words : 0;
	score_rec(d->body, 0, d->body, pd);
	xmlNodePtr top = choose_root(d);
	*root_out = top;
	emitter e;
	memset(&e, 0, sizeof e);
	e.r = r;
	e.max_text = max_text;
	e.title = r->title;
	e.byline = r->byline;
	warc_buf_init(&e.cur, X_BLOCK_TEXT_MAX);
	e.kind = EXTRACT_PARA;
	/* The root and the siblings that look like more of the same article. */
	double ts = final_score(top);
	double threshold = fmax(10, ts * 0.2);
	char *topclass = x_attr(top, "class");
	xmlNodePtr parent = top->parent;
	if (top == d->body || !parent || !parent->_private) {
		emit(&e, top, 0, false);
	} else {
		for (xmlNodePtr s = parent->children; s; s = s->next) {
			if (!visible(s) && s->type != XML_TEXT_NODE) continue;
			bool take = s == top;
			if (!take && s->type == XML_ELEMENT_NODE && stop_factor(X(s), pd) >= 0.5) {
				x_info *si = X(s);
				double bonus = 0;
				char *sc = x_attr(s, "class");
				if (topclass && sc && *sc && !strcmp(sc, topclass)) bonus = ts * 0.2;
				xmlFree(sc);
				if ((si->flags & XF_CANDIDATE) && final_score(s) + bonus >= threshold)
					take = true;
				else if ((x_is(s, "p") || ((si->flags & XF_INLINE_LEAF) && x_is(s, "div"))) && si->text) {
					double ld = link_density(s);
					if (si->text > 80 && ld < 0.25) take = true;
					else if (si->text <= 80 && ld == 0) {
						warc_buf tb;
						warc_buf_init(&tb, X_ELEMENT_TEXT_MAX);
						if (x_text(s, &tb, X_TEXT_BODY) == WARC_OK && tb.data && strstr(tb.data, ". "))
							take = true;
						warc_buf_free(&tb);
					}
				}
			}
			if (!take) continue;
			if (s->type == XML_ELEMENT_NODE && (X(s)->flags & XF_BLOCK)) {
				flush(&e);
				extract_block_kind ok = e.kind;
				set_kind(&e, s);
				emit(&e, s, 1, false);
				flush(&e);
				e.kind = ok;
			}
		}
	}
	flush(&e);
	xmlFree(topclass);
	/* Safety net: when the chosen root yields almost nothing although the
	 * page has paragraph text, take the smallest element holding most of it. */
	uint32_t page_ptext = X(d->body)->ptext;
	if (!e.rc && e.total < 200 && page_ptext >= 500) {
		xmlNodePtr best = d->body;
		for (bool deeper = true; deeper;) {
			deeper = false;
			for (xmlNodePtr c = best->children; c; c = c->next)
				if (visible(c) && X(c)->ptext >= 0.8 * page_ptext) {
					best = c;
					deeper = true;
					break;
				}
		}
		if (best != top) {
			for (size_t i = 0; i < r->nblocks; i++) free(r->blocks[i].text);
			r->nblocks = 0;
			e.total = 0;
			e.kind = EXTRACT_PARA;
			emit(&e, best, 0, false);
			flush(&e);
			*root_out = best;
		}
	}
	warc_buf_free(&e.cur);
	return e.rc;
}
