/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.c - a result as JSON (jansson), plain text, Markdown, a WET body,
 * and a findable file name.
 *
 * JSON keys are fixed (SPEC.md "wark extract"); unknown metadata is null,
 * never an empty string, so consumers can tell "absent" from "empty".
 */
#include "extract/internal.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *extract_result_json(const extract_result *r)
{
	json_t *o = json_object();
	if (!o) return NULL;
	json_object_set_new(o, "source", str_or_null(r->source));
	json_object_set_new(o, "url", str_or_null(r->url));
	json_object_set_new(o, "ts", str_or_null(r->ts));
	json_object_set_new(o, "record_id", str_or_null(r->record_id));
	json_object_set_new(o, "digest", str_or_null(r->digest));
	if (r->skipped) {
		json_object_set_new(o, "skipped", json_string(r->skipped));
	} else {
		json_object_set_new(o, "title", str_or_null(r->title));
		json_object_set_new(o, "byline", str_or_null(r->byline));
		json_object_set_new(o, "date", str_or_null(r->date));
		json_object_set_new(o, "language", str_or_null(r->language));
		json_object_set_new(o, "charset", str_or_null(r->charset));
		json_object_set_new(o, "text", json_string(r->text ? r->text : ""));
		json_t *caps = json_array();
		for (size_t i = 0; i < r->ncaps; i++) {
			json_t *c = json_object();
			json_object_set_new(c, "src", json_string(r->caps[i].src));
			json_object_set_new(c, "alt", json_string(r->caps[i].alt));
			json_object_set_new(c, "caption", json_string(r->caps[i].caption));
			json_array_append_new(caps, c);
		}
		json_object_set_new(o, "captions", caps);
		json_object_set_new(o, "word_count", json_integer((json_int_t)r->words));
		if (r->parse_limit) /* only on pages cut by a parse limit */
			json_object_set_new(o, "parse_limit", json_string(r->parse_limit));
	}
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

static int put(FILE *f, const char *s, warc_error *err)
{
	if (fputs(s, f) == EOF) return warc_fail(err, WARC_ERR_IO, "write failed");
	return WARC_OK;
}

int extract_write_txt(const extract_result *r, FILE *f, warc_error *err)
{
	if (r->skipped) return WARC_OK;
	if (r->title && (put(f, r->title, err) || put(f, "\n\n", err))) return WARC_ERR_IO;
	if (put(f, r->text ? r->text : "", err) || put(f, "\n", err)) return WARC_ERR_IO;
	return WARC_OK;
}

int extract_write_md(const extract_result *r, FILE *f, warc_error *err)
{
	if (r->skipped) return WARC_OK;
	if (r->title && fprintf(f, "# %s\n\n", r->title) < 0) return warc_fail(err, WARC_ERR_IO, "write failed");
	if (r->byline || r->date || r->url) {
		fprintf(f, "*");
		const char *sep = "";
		if (r->byline) { fprintf(f, "%s%s", sep, r->byline); sep = " · "; }
		if (r->date) { fprintf(f, "%s%s", sep, r->date); sep = " · "; }
		if (r->url) fprintf(f, "%s<%s>", sep, r->url);
		fprintf(f, "*\n\n");
	}
	for (size_t i = 0; i < r->nblocks; i++) {
		const x_block *b = &r->blocks[i];
		switch (b->kind) {
		case EXTRACT_HEADING: fprintf(f, "%.*s %s\n\n", b->level < 2 ? 2 : b->level, "######", b->text); break;
		case EXTRACT_ITEM: fprintf(f, "- %s\n%s", b->text, i + 1 < r->nblocks && r->blocks[i + 1].kind == EXTRACT_ITEM ? "" : "\n"); break;
		case EXTRACT_QUOTE: fprintf(f, "> %s\n\n", b->text); break;
		case EXTRACT_PRE: fprintf(f, "```\n%s\n```\n\n", b->text); break;
		default: fprintf(f, "%s\n\n", b->text); break;
		}
	}
	for (size_t i = 0; i < r->ncaps; i++) {
		const x_caption *c = &r->caps[i];
		fprintf(f, "%s![%s](%s)%s%s\n", i ? "" : "Images:\n\n", c->alt, c->src, c->caption[0] ? " " : "", c->caption);
	}
	if (ferror(f)) return warc_fail(err, WARC_ERR_IO, "write failed");
	return WARC_OK;
}

static void slug_add(char *out, size_t outsz, size_t *k, const char *s, size_t n)
{
	for (size_t i = 0; i < n && *k + 1 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];
		char o;
		if (isalnum(c) || c == '.' || c == '-') o = (char)tolower(c);
		else o = '_';
		if (o == '_' && (*k == 0 || out[*k - 1] == '_')) continue;
		out[(*k)++] = o;
	}
	out[*k] = 0;
}

void extract_result_slug(const extract_result *r, char *out, size_t outsz)
{
	size_t k = 0, lim = outsz < 121 ? outsz : 121;
	out[0] = 0;
	const char *u = r->url;
	if (u) {
		const char *p = strstr(u, "://");
		p = p ? p + 3 : u;
		const char *at = strpbrk(p, "@/");
		if (at && *at == '@') p = at + 1;
		const char *end = p + strcspn(p, "?#");
		slug_add(out, lim, &k, p, (size_t)(end - p));
		if (*end == '?') {
			const char *q = end + 1;
			slug_add(out, lim, &k, "_", 1);
			slug_add(out, lim, &k, q, strcspn(q, "#"));
		}
	} else if (r->source) {
		const char *b = strrchr(r->source, '/');
		b = b ? b + 1 : r->source;
		slug_add(out, lim, &k, b, strlen(b));
	}
	while (k && (out[k - 1] == '_' || out[k - 1] == '.')) out[--k] = 0;
	if (!k) snprintf(out, outsz, "page");
}

char *extract_result_wet_body(const extract_result *r, size_t *len)
{
	const char *t = r->title ? r->title : "";
	const char *x = r->text ? r->text : "";
	size_t n = strlen(t) + strlen(x) + 3;
	char *s = malloc(n);
	if (!s) return NULL;
	/* WET convention: the title on the first line, then the text. */
	int w = snprintf(s, n, "%s\n%s", t, x);
	*len = w > 0 ? (size_t)w : 0;
	return s;
}
