/* SPDX-License-Identifier: Apache-2.0 */
/*
 * page.c - extract_page(): the pipeline for one payload, and the result.
 *
 * decode (charset to UTF-8) -> parse and annotate (dom.c) -> metadata
 * (meta.c, first, so the title can be kept out of the body) -> content root
 * and text blocks (score.c) -> captions (captions.c) -> language fallback
 * by stopwords. Anything that stops a page is recorded as a skipped result
 * with a reason instead of an error, so callers never lose a page silently.
 */
#include "extract/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *x_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int x_add_block(extract_result *r, const char *text, extract_block_kind kind, int level)
{
	if (r->nblocks == r->cblocks) {
		size_t n = r->cblocks ? r->cblocks * 2 : 32;
		x_block *b = realloc(r->blocks, n * sizeof *b);
		if (!b) return WARC_ERR_NOMEM;
		r->blocks = b;
		r->cblocks = n;
	}
	char *t = strdup(text);
	if (!t) return WARC_ERR_NOMEM;
	r->blocks[r->nblocks++] = (x_block){t, kind, level};
	return WARC_OK;
}

int x_add_caption(extract_result *r, const char *src, const char *alt, const char *cap)
{
	if (r->ncaps >= 1000) return WARC_OK;
	if (r->ncaps == r->ccaps) {
		size_t n = r->ccaps ? r->ccaps * 2 : 8;
		x_caption *c = realloc(r->caps, n * sizeof *c);
		if (!c) return WARC_ERR_NOMEM;
		r->caps = c;
		r->ccaps = n;
	}
	x_caption c = {strdup(src), strdup(alt), strdup(cap)};
	if (!c.src || !c.alt || !c.caption) {
		free(c.src); free(c.alt); free(c.caption);
		return WARC_ERR_NOMEM;
	}
	r->caps[r->ncaps++] = c;
	return WARC_OK;
}

static extract_result *new_result(const extract_source *src)
{
	extract_result *r = calloc(1, sizeof *r);
	if (!r) return NULL;
	if (src) {
		r->source = x_strdup(src->source);
		r->url = x_strdup(src->url);
		r->ts = x_strdup(src->ts);
		r->record_id = x_strdup(src->record_id);
		r->digest = x_strdup(src->digest);
	}
	return r;
}

int extract_result_new_skipped(const extract_source *src, const char *reason, extract_result **out)
{
	extract_result *r = new_result(src);
	if (!r) return WARC_ERR_NOMEM;
	r->skipped = strdup(reason && *reason ? reason : "skipped");
	*out = r;
	return r->skipped ? WARC_OK : WARC_ERR_NOMEM;
}

void extract_result_free(extract_result *r)
{
	if (!r) return;
	char *s[] = {r->source, r->url, r->ts, r->record_id, r->digest, r->skipped, r->title,
		     r->byline, r->date, r->language, r->charset, r->text, r->root_path};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) free(s[i]);
	for (size_t i = 0; i < r->nblocks; i++) free(r->blocks[i].text);
	free(r->blocks);
	for (size_t i = 0; i < r->ncaps; i++) {
		free(r->caps[i].src);
		free(r->caps[i].alt);
		free(r->caps[i].caption);
	}
	free(r->caps);
	free(r);
}

/* Media type of a Content-Type value, lowercased. */
static void mime_of(const char *ct, char *out, size_t sz)
{
	size_t k = 0;
	if (ct) {
		while (isspace((unsigned char)*ct)) ct++;
		while (*ct && *ct != ';' && !isspace((unsigned char)*ct) && k + 1 < sz)
			out[k++] = (char)tolower((unsigned char)*ct++);
	}
	out[k] = 0;
}

static bool looks_html(const char *p, size_t n)
{
	size_t lim = n < 1024 ? n : 1024;
	for (size_t i = 0; i < lim; i++) {
		if (p[i] == '<' && i + 1 < lim && (isalpha((unsigned char)p[i + 1]) || p[i + 1] == '!')) return true;
		if (!isspace((unsigned char)p[i]) && (unsigned char)p[i] != 0xEF && (unsigned char)p[i] != 0xBB &&
		    (unsigned char)p[i] != 0xBF)
			return false;
	}
	return false;
}

static bool binary(const char *p, size_t n)
{
	size_t lim = n < 4096 ? n : 4096, ctl = 0;
	for (size_t i = 0; i < lim; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == 0) return true;
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ctl++;
	}
	return ctl * 20 > lim;
}

/* Stopword profile language guess for a handful of common languages. */
static char *guess_language(const char *text)
{
	static const struct { const char *lang; const char *words; } P[] = {
		{"en", " the and of to in is that for it with was on as are be this by at "},
		{"de", " der die und das ist nicht zu den von mit sich des auf für ein eine "},
		{"fr", " le la les et des est une que pour dans qui pas sur du au avec "},
		{"es", " el la los las del que por con una para es en se lo como más "},
		{"it", " il di che la per una sono del della non con gli le si anche "},
		{"pt", " de que não uma para com os do da em se por mais as dos "},
		{"nl", " de het een van en is dat niet op te voor zijn met die "},
	};
	size_t score[7] = {0}, words = 0;
	char w[24];
	const char *p = text;
	while (*p && words < 3000) {
		while (*p && !isalpha((unsigned char)*p) && (unsigned char)*p < 0x80) p++;
		size_t k = 1;
		w[0] = ' ';
		while (*p && (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80)) {
			if (k + 2 < sizeof w) w[k++] = (char)tolower((unsigned char)*p);
			p++;
		}
		if (k == 1) break;
		w[k++] = ' ';
		w[k] = 0;
		words++;
		for (int i = 0; i < 7; i++)
			if (strstr(P[i].words, w)) score[i]++;
	}
	int best = -1;
	for (int i = 0; i < 7; i++)
		if (score[i] * 10 >= words && (best < 0 || score[i] > score[best])) best = i;
	return best >= 0 && words >= 20 ? x_strdup(P[best].lang) : NULL;
}

static int finish_text(extract_result *r)
{
	size_t total = 0;
	for (size_t i = 0; i < r->nblocks; i++) total += strlen(r->blocks[i].text) + 2;
	r->text = malloc(total + 1);
	if (!r->text) return WARC_ERR_NOMEM;
	size_t o = 0;
	r->words = 0;
	for (size_t i = 0; i < r->nblocks; i++) {
		if (i) { memcpy(r->text + o, "\n\n", 2); o += 2; }
		size_t n = strlen(r->blocks[i].text);
		memcpy(r->text + o, r->blocks[i].text, n);
		o += n;
		r->words += x_words(r->blocks[i].text);
	}
	r->text[o] = 0;
	return WARC_OK;
}

static int plain_text(extract_result *r, const char *s)
{
	/* paragraphs are separated by blank lines */
	const char *p = s;
	while (*p) {
		const char *e = strstr(p, "\n\n");
		const char *e2 = strstr(p, "\r\n\r\n");
		if (e2 && (!e || e2 < e)) e = e2;
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *t = strndup(p, n);
		if (!t) return WARC_ERR_NOMEM;
		for (char *q = t; *q; q++)
			if (*q == '\n' || *q == '\r') *q = ' ';
		x_squash(t);
		int rc = *t ? x_add_block(r, t, EXTRACT_PARA, 0) : WARC_OK;
		free(t);
		if (rc) return rc;
		if (!e) break;
		p = e;
		while (*p == '\n' || *p == '\r') p++;
	}
	return WARC_OK;
}

int extract_page(const char *body, size_t len, const extract_source *src, const extract_options *opt,
		 extract_result **out, warc_error *err)
{
	if (!out || (!body && len)) return warc_fail(err, WARC_ERR_USAGE, "extract_page: bad arguments");
	size_t max_input = opt && opt->max_input ? opt->max_input : EXTRACT_MAX_INPUT_DEFAULT;
	size_t max_text = opt && opt->max_text ? opt->max_text : EXTRACT_MAX_TEXT_DEFAULT;
	const char *ct = src ? src->content_type : NULL;
	char mime[128], reason[600];
	mime_of(ct, mime, sizeof mime);

	extract_result *r = new_result(src);
	if (!r) return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	*out = r;
	bool is_html = !strcmp(mime, "text/html") || !strcmp(mime, "application/xhtml+xml");
	bool is_text = !strcmp(mime, "text/plain");
	if (!mime[0] || (!is_html && !is_text && looks_html(body, len) && strstr(mime, "text")))
		is_html = looks_html(body, len);
	if (!mime[0] && !is_html && len && !binary(body, len)) is_text = true;
	if (!is_html && !is_text) {
		snprintf(reason, sizeof reason, "not HTML or text: %s", mime[0] ? mime : "unknown type");
		r->skipped = strdup(reason);
	} else if (len == 0) {
		r->skipped = strdup("empty body");
	} else if (len > max_input) {
		snprintf(reason, sizeof reason, "body of %zu bytes exceeds the %zu byte limit", len, max_input);
		r->skipped = strdup(reason);
	} else if (binary(body, len) && !(len >= 2 && ((unsigned char)body[0] >= 0xFE))) {
		r->skipped = strdup("binary data in a text document");
	}
	if (r->skipped) return WARC_OK;

	char *u8 = NULL, cs[64];
	size_t u8len = 0;
	warc_error derr;
	int rc = x_decode(body, len, ct, &u8, &u8len, cs, sizeof cs, &derr);
	if (rc == WARC_ERR_NOMEM) return warc_fail(err, rc, "out of memory");
	if (rc) {
		snprintf(reason, sizeof reason, "decode failed: %s", derr.msg);
		r->skipped = strdup(reason);
		return WARC_OK;
	}
	r->charset = strdup(cs);

	if (is_text) {
		rc = plain_text(r, u8);
		free(u8);
	} else {
		x_dom d;
		warc_error perr;
		rc = x_dom_build(&d, u8, u8len, &perr);
		free(u8);
		if (rc == WARC_ERR_NOMEM) {
			x_dom_free(&d);
			return warc_fail(err, rc, "out of memory");
		}
		if (rc) {
			snprintf(reason, sizeof reason, "parse failed: %s", perr.msg);
			r->skipped = strdup(reason);
			x_dom_free(&d);
			return WARC_OK;
		}
		r->parse_limit = d.limit;
		rc = x_extract_meta(&d, r, r->url);
		xmlNodePtr root = d.body;
		if (!rc) rc = x_extract_body(&d, r, &root, max_text);
		if (!rc) r->root_path = (char *)xmlGetNodePath(root);
		if (!rc) rc = x_extract_captions(&d, root, r);
		x_dom_free(&d);
	}
	if (!rc) rc = finish_text(r);
	if (rc) return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	if (!r->language) r->language = guess_language(r->text);
	return WARC_OK;
}

/* ---- accessors ---- */

const char *extract_result_skipped(const extract_result *r) { return r->skipped; }
const char *extract_result_title(const extract_result *r) { return r->title; }
const char *extract_result_byline(const extract_result *r) { return r->byline; }
const char *extract_result_date(const extract_result *r) { return r->date; }
const char *extract_result_language(const extract_result *r) { return r->language; }
const char *extract_result_url(const extract_result *r) { return r->url; }
const char *extract_result_source(const extract_result *r) { return r->source; }
const char *extract_result_charset(const extract_result *r) { return r->charset; }
const char *extract_result_parse_limit(const extract_result *r) { return r->parse_limit; }
size_t extract_result_block_count(const extract_result *r) { return r->nblocks; }
const char *extract_result_block_text(const extract_result *r, size_t i) { return i < r->nblocks ? r->blocks[i].text : NULL; }
extract_block_kind extract_result_block_kind(const extract_result *r, size_t i) { return i < r->nblocks ? r->blocks[i].kind : EXTRACT_PARA; }
int extract_result_block_level(const extract_result *r, size_t i) { return i < r->nblocks ? r->blocks[i].level : 0; }
const char *extract_result_text(const extract_result *r) { return r->text ? r->text : ""; }
size_t extract_result_word_count(const extract_result *r) { return r->words; }
size_t extract_result_caption_count(const extract_result *r) { return r->ncaps; }
const char *extract_result_caption_src(const extract_result *r, size_t i) { return i < r->ncaps ? r->caps[i].src : NULL; }
const char *extract_result_caption_alt(const extract_result *r, size_t i) { return i < r->ncaps ? r->caps[i].alt : NULL; }
const char *extract_result_caption_text(const extract_result *r, size_t i) { return i < r->ncaps ? r->caps[i].caption : NULL; }
