/* SPDX-License-Identifier: Apache-2.0 */
/*
 * meta.c - title, byline, publication date and language of a page.
 *
 * Publisher-declared data first, as trafilatura and Readability do: JSON-LD
 * (parsed with jansson; Article-like objects, @graph and arrays), then Open
 * Graph / article / Dublin Core / parsely <meta> tags, then the markup
 * (<h1>, rel/itemprop/class author elements, <time datetime>), then the URL
 * (/2021/03/23/ style dates) and <html lang>. Dates are normalised to ISO
 * 8601 in UTC when they carry an offset; a date alone stays a date.
 */
#include "extract/internal.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

typedef struct meta_acc {
	char *og_title, *ld_title, *html_title, *h1;
	int nh1;
	char *ld_author, *meta_author, *dom_author;
	char *ld_date, *meta_date, *time_date;
	char *lang, *meta_lang;
} meta_acc;

static void keep(char **slot, const char *v)
{
	if (*slot || !v) return;
	while (isspace((unsigned char)*v)) v++;
	if (!*v) return;
	*slot = x_strdup(v);
	if (*slot) x_squash(*slot);
}

/* ---- dates ---- */

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i])) return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Normalise an ISO-ish date into out; false if it is not one. */
static bool norm_date(const char *src, char *out, size_t outsz)
{
	/* parse a zero-padded copy so that every fixed offset below is in bounds */
	char s[64] = {0};
	while (isspace((unsigned char)*src)) src++;
	strncpy(s, src, 40);
	int y = digits(s, 4);
	if (y < 1990 || y > 2100 || s[4] != '-') return false;
	int mo = digits(s + 5, 2);
	if (mo < 1 || mo > 12 || s[7] != '-') return false;
	int d = digits(s + 8, 2);
	if (d < 1 || d > 31) return false;
	const char *p = s + 10;
	if (*p != 'T' && *p != 't' && *p != ' ') {
		snprintf(out, outsz, "%04d-%02d-%02d", y, mo, d);
		return true;
	}
	p++;
	int h = digits(p, 2), mi = h >= 0 && p[2] == ':' ? digits(p + 3, 2) : -1, sec = 0;
	if (h < 0 || h > 23 || mi < 0 || mi > 59) {
		snprintf(out, outsz, "%04d-%02d-%02d", y, mo, d);
		return true;
	}
	p += 5;
	if (*p == ':') {
		sec = digits(p + 1, 2);
		if (sec < 0 || sec > 60) sec = 0;
		p += 3;
	}
	if (*p == '.' || *p == ',')
		for (p++; isdigit((unsigned char)*p); p++) {}
	int off = 0;
	bool tz = false;
	if (*p == 'Z' || *p == 'z') tz = true;
	else if (*p == '+' || *p == '-') {
		int oh = digits(p + 1, 2), om = 0;
		if (oh >= 0) {
			if (p[3] == ':') om = digits(p + 4, 2);
			else if (isdigit((unsigned char)p[3])) om = digits(p + 3, 2);
			if (om < 0) om = 0;
			off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
			tz = true;
		}
	}
	if (!tz) {
		snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, sec);
		return true;
	}
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = sec};
	time_t t = timegm(&tm) - (time_t)off * 60;
	struct tm u;
	gmtime_r(&t, &u);
	snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02dZ", u.tm_year + 1900, u.tm_mon + 1, u.tm_mday, u.tm_hour,
		 u.tm_min, u.tm_sec);
	return true;
}

/* /2021/03/23/ or /2021-03-23 or /20210323/ in a URL path. */
static bool url_date(const char *url, char *out, size_t outsz)
{
	if (!url) return false;
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : url;
	for (; p && *p; p++) {
		if (*p != '/' && *p != '-' && *p != '_') continue;
		const char *q = p + 1;
		size_t rem = strnlen(q, 10);
		if (rem < 8) break;
		int y = digits(q, 4);
		if (y < 1995 || y > 2100) continue;
		char sep = q[4];
		int mo, d = -1;
		if (sep == '/' || sep == '-' || sep == '_') {
			mo = digits(q + 5, 2);
			if (mo >= 0 && q[7] == sep && rem >= 10) d = digits(q + 8, 2);
		} else {
			mo = digits(q + 4, 2);
			if (mo < 0) continue;
			d = digits(q + 6, 2);
			if (d < 0 || isdigit((unsigned char)q[8])) continue;
		}
		if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
			snprintf(out, outsz, "%04d-%02d-%02d", y, mo, d);
			return true;
		}
	}
	return false;
}

/* ---- JSON-LD ---- */

static bool type_is_article(json_t *o)
{
	json_t *t = json_object_get(o, "@type");
	const char *names[] = {"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
			       "OpinionNewsArticle", "Report", "ScholarlyArticle", "TechArticle", "LiveBlogPosting",
			       "SocialMediaPosting", "BackgroundNewsArticle", "ReviewNewsArticle", "Review", "WebPage",
			       NULL};
	for (size_t i = 0; i < (json_is_array(t) ? json_array_size(t) : 1); i++) {
		json_t *v = json_is_array(t) ? json_array_get(t, i) : t;
		if (!json_is_string(v)) continue;
		for (int k = 0; names[k]; k++)
			if (!strcmp(json_string_value(v), names[k])) return true;
	}
	return false;
}

static void ld_authors(json_t *a, warc_buf *b, int depth)
{
	if (depth > 4 || !a) return;
	if (json_is_array(a)) {
		for (size_t i = 0; i < json_array_size(a) && i < 20; i++) ld_authors(json_array_get(a, i), b, depth + 1);
		return;
	}
	const char *name = NULL;
	if (json_is_string(a)) name = json_string_value(a);
	else if (json_is_object(a)) {
		json_t *n = json_object_get(a, "name");
		if (json_is_string(n)) name = json_string_value(n);
		else if (json_is_array(n) || json_is_object(n)) { ld_authors(n, b, depth + 1); return; }
	}
	if (!name || !*name || strstr(name, "://") || strlen(name) > 120) return;
	if (b->len && b->data && strstr(b->data, name)) return;
	if ((b->len && warc_buf_addstr(b, ", ")) || warc_buf_addstr(b, name)) return;
}

static void ld_object(json_t *o, meta_acc *m, int depth)
{
	if (depth > 6 || !o) return;
	if (json_is_array(o)) {
		for (size_t i = 0; i < json_array_size(o) && i < 100; i++) ld_object(json_array_get(o, i), m, depth + 1);
		return;
	}
	if (!json_is_object(o)) return;
	json_t *g = json_object_get(o, "@graph");
	if (g) ld_object(g, m, depth + 1);
	if (!type_is_article(o)) {
		json_t *me = json_object_get(o, "mainEntity");
		if (me) ld_object(me, m, depth + 1);
		return;
	}
	bool webpage = false;
	json_t *t = json_object_get(o, "@type");
	if (json_is_string(t) && !strcmp(json_string_value(t), "WebPage")) webpage = true;
	json_t *h = json_object_get(o, "headline");
	if (!webpage && json_is_string(h)) keep(&m->ld_title, json_string_value(h));
	json_t *dp = json_object_get(o, "datePublished");
	if (json_is_string(dp)) keep(&m->ld_date, json_string_value(dp));
	if (!webpage) {
		json_t *dc = json_object_get(o, "dateCreated");
		if (json_is_string(dc)) keep(&m->ld_date, json_string_value(dc));
	}
	json_t *a = json_object_get(o, "author");
	if (!a) a = json_object_get(o, "creator");
	if (a && !m->ld_author) {
		warc_buf b;
		warc_buf_init(&b, X_FIELD_TEXT_MAX);
		ld_authors(a, &b, 0);
		if (b.len) keep(&m->ld_author, b.data);
		warc_buf_free(&b);
	}
	json_t *me = json_object_get(o, "mainEntity");
	if (me) ld_object(me, m, depth + 1);
}

static void ld_script(xmlNodePtr n, meta_acc *m)
{
	xmlChar *s = xmlNodeGetContent(n);
	if (!s) return;
	json_error_t je;
	json_t *j = json_loads((const char *)s, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (j) {
		ld_object(j, m, 0);
		json_decref(j);
	}
	xmlFree(s);
}

/* ---- <meta> ---- */

static bool eq_any(const char *k, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (!strcasecmp(k, list[i])) return true;
	return false;
}

static void meta_tag(xmlNodePtr n, meta_acc *m)
{
	char *k = x_attr(n, "property");
	if (!k) k = x_attr(n, "name");
	if (!k) k = x_attr(n, "itemprop");
	char *he = x_attr(n, "http-equiv");
	char *v = x_attr(n, "content");
	if (v && he && !strcasecmp(he, "content-language")) keep(&m->meta_lang, v);
	if (k && v) {
		static const char *const titles[] = {"og:title", "twitter:title", "dc.title", "parsely-title", NULL};
		static const char *const authors[] = {"author", "article:author", "byl", "parsely-author", "dc.creator",
						      "dcterms.creator", "sailthru.author", "citation_author",
						      "dc:creator", "cxenseparse:author", NULL};
		static const char *const dates[] = {"article:published_time", "og:published_time", "datepublished",
						    "pubdate", "publishdate", "publish-date", "publish_date",
						    "parsely-pub-date", "sailthru.date", "dc.date", "dc.date.issued",
						    "dcterms.created", "dcterms.date", "date", "article.published",
						    "article:published", "citation_publication_date", "og:pubdate",
						    "cxenseparse:recs:publishtime", "displaydate", "original-publish-date",
						    NULL};
		if (eq_any(k, titles)) keep(&m->og_title, v);
		else if (eq_any(k, authors) && !strstr(v, "://") && !strchr(v, '@')) keep(&m->meta_author, v);
		else if (eq_any(k, dates)) {
			char tmp[40];
			if (norm_date(v, tmp, sizeof tmp)) keep(&m->meta_date, v);
		} else if (!strcasecmp(k, "og:locale")) keep(&m->meta_lang, v);
	}
	xmlFree(k);
	xmlFree(he);
	xmlFree(v);
}

/* ---- markup ---- */

static bool byline_hint(xmlNodePtr n)
{
	char *rel = x_attr(n, "rel");
	bool yes = rel && !strcasecmp(rel, "author");
	xmlFree(rel);
	if (yes) return true;
	char *ip = x_attr(n, "itemprop");
	yes = ip && strstr(ip, "author");
	xmlFree(ip);
	if (yes) return true;
	char *ci = x_class_id(n);
	static const char *const words[] = {"byline", "author", "dateline", "writtenby", "p-author", NULL};
	yes = ci && x_hint_any(ci, words);
	free(ci);
	return yes;
}

static char *clean_byline(const char *s)
{
	char *b = x_strdup(s);
	if (!b) return NULL;
	x_squash(b);
	for (char *p = b; *p; p++)
		if (*p == '\n') *p = ' ';
	char *p = b;
	static const char *const pre[] = {"by ", "by:", "written by ", "words by ", "words:", "von ", "par ", "por ", NULL};
	for (int i = 0; pre[i]; i++)
		if (!strncasecmp(p, pre[i], strlen(pre[i]))) { p += strlen(pre[i]); break; }
	while (*p == ' ') p++;
	memmove(b, p, strlen(p) + 1);
	/* byline markup often runs on into handles, dates and reading times:
	 * keep what comes before the first of those */
	static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
					     "August", "September", "October", "November", "December", "Jan ",
					     "Feb ", "Mar ", "Apr ", "Jun ", "Jul ", "Aug ", "Sep ", "Sept ", "Oct ",
					     "Nov ", "Dec ", "Updated", "Published", "Posted", NULL};
	char *cut = b + strcspn(b, "@|\n0123456789");
	for (char *q = b; *q && q < cut; q++) {
		if ((unsigned char)q[0] == 0xE2 && (unsigned char)q[1] == 0x80 && (unsigned char)q[2] == 0xA2) { cut = q; break; }
		if ((unsigned char)q[0] == 0xC2 && (unsigned char)q[1] == 0xB7) { cut = q; break; }
		if (q != b && q[-1] != ' ') continue;
		for (int i = 0; months[i]; i++)
			if (!strncmp(q, months[i], strlen(months[i])) && q != b) { cut = q; break; }
	}
	*cut = 0;
	size_t n = strlen(b);
	while (n && strchr(" ,;:-", b[n - 1])) b[--n] = 0;
	if (n < 2 || n > 120) { free(b); return NULL; }
	return b;
}

static void walk(xmlNodePtr n, meta_acc *m, int depth, bool in_body, bool no_byline)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) continue;
		const char *t = (const char *)n->name;
		if (!strcasecmp(t, "meta")) meta_tag(n, m);
		else if (!strcasecmp(t, "script")) {
			char *ty = x_attr(n, "type");
			if (ty && strstr(ty, "ld+json")) ld_script(n, m);
			xmlFree(ty);
			continue;
		} else if (!strcasecmp(t, "style")) continue;
		else if (!strcasecmp(t, "title") && !in_body && !m->html_title) {
			xmlChar *s = xmlNodeGetContent(n);
			keep(&m->html_title, (const char *)s);
			xmlFree(s);
			continue;
		} else if (!strcasecmp(t, "h1") && in_body) {
			if (!(n->_private && (X(n)->flags & XF_SKIP))) {
				m->nh1++;
				if (!m->h1) {
					warc_buf b;
					warc_buf_init(&b, X_FIELD_TEXT_MAX);
					if (x_text(n, &b, X_TEXT_ALL) == WARC_OK && b.len) keep(&m->h1, b.data);
					warc_buf_free(&b);
				}
			}
		} else if (!strcasecmp(t, "time") && !m->time_date) {
			char *dt = x_attr(n, "datetime");
			char tmp[40];
			if (dt && norm_date(dt, tmp, sizeof tmp)) keep(&m->time_date, dt);
			xmlFree(dt);
		} else if (in_body && !no_byline && !m->dom_author && byline_hint(n)) {
			warc_buf b;
			warc_buf_init(&b, X_FIELD_TEXT_MAX);
			if (x_text(n, &b, X_TEXT_RAW) == WARC_OK && b.len > 1 && b.len < 100) m->dom_author = clean_byline(b.data);
			warc_buf_free(&b);
			if (m->dom_author) continue;
		} else if (!strcasecmp(t, "html")) {
			char *l = x_attr(n, "lang");
			if (!l) l = x_attr(n, "xml:lang");
			keep(&m->lang, l);
			xmlFree(l);
		}
		/* no bylines from forms (comment forms' "Name") or nav/aside/footer */
		bool nb = no_byline || !strcasecmp(t, "form") || (n->_private && (X(n)->flags & XF_HARD));
		if (depth < X_MAX_DEPTH) walk(n->children, m, depth + 1, in_body || !strcasecmp(t, "body"), nb);
	}
}

/* <title> without the site name: the longest part between separators. */
static char *clean_title(const char *t)
{
	static const char *const seps[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", NULL};
	char *best = NULL;
	for (int i = 0; seps[i] && !best; i++) {
		if (!strstr(t, seps[i])) continue;
		size_t bl = 0;
		const char *p = t;
		while (p) {
			const char *q = strstr(p, seps[i]);
			size_t n = q ? (size_t)(q - p) : strlen(p);
			if (n > bl) {
				free(best);
				best = strndup(p, n);
				bl = n;
			}
			p = q ? q + strlen(seps[i]) : NULL;
		}
		if (best && x_words(best) < 3) { free(best); best = NULL; }
	}
	return best ? best : x_strdup(t);
}

static char *lang_tag(const char *l)
{
	if (!l) return NULL;
	char out[9];
	size_t k = 0;
	while (*l && isalpha((unsigned char)*l) && k < 8) out[k++] = (char)tolower((unsigned char)*l++);
	out[k] = 0;
	if (k < 2 || k > 3) return NULL;
	return x_strdup(out);
}

int x_extract_meta(x_dom *d, extract_result *r, const char *url)
{
	meta_acc m;
	memset(&m, 0, sizeof m);
	walk(xmlDocGetRootElement(d->doc), &m, 0, false, false);

	/* Title: declared, then a single <h1>, then <title> without the site name. */
	if (m.og_title) r->title = x_strdup(m.og_title);
	else if (m.ld_title) r->title = x_strdup(m.ld_title);
	else if (m.h1 && m.nh1 == 1) r->title = x_strdup(m.h1);
	else if (m.html_title) r->title = clean_title(m.html_title);
	else if (m.h1) r->title = x_strdup(m.h1);
	/* Prefer the on-page headline when the declared title adds a site suffix. */
	if (r->title && m.h1 && strlen(m.h1) > 10 && strstr(r->title, m.h1) && strcmp(r->title, m.h1)) {
		free(r->title);
		r->title = x_strdup(m.h1);
	}

	const char *au = m.ld_author ? m.ld_author : m.meta_author ? m.meta_author : NULL;
	if (au) r->byline = clean_byline(au);
	if (!r->byline && m.dom_author) r->byline = x_strdup(m.dom_author);

	char tmp[40];
	const char *ds[] = {m.ld_date, m.meta_date, m.time_date};
	for (int i = 0; i < 3 && !r->date; i++)
		if (ds[i] && norm_date(ds[i], tmp, sizeof tmp)) r->date = x_strdup(tmp);
	if (!r->date && url_date(url, tmp, sizeof tmp)) r->date = x_strdup(tmp);

	r->language = lang_tag(m.lang);
	if (!r->language) r->language = lang_tag(m.meta_lang);

	char **all[] = {&m.og_title, &m.ld_title, &m.html_title, &m.h1, &m.ld_author, &m.meta_author, &m.dom_author,
			&m.ld_date, &m.meta_date, &m.time_date, &m.lang, &m.meta_lang};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(*all[i]);
	return WARC_OK;
}
