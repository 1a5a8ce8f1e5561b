/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pages.c - pages/pages.jsonl: one line per HTML page, with its title and
 * the extracted text so ReplayWeb.page's search finds it.
 *
 * Pages are the HTML 200 GET responses the index found, one per URL (its
 * first capture), in capture order. Title and text come from the text
 * bundle's pages.jsonl; the bundle is indexed by URL once (URL, capture
 * second, byte offset of its line) and each chosen line is re-read when its
 * page is written, so the texts are never all in memory. Without a bundle
 * title the page's own <title> is read from the WARC. Lines go straight to
 * a temporary file.
 */
#include "pack/internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct bundle_ref {
	char *url;
	char ts14[15];   /* "" when the line has no usable ts */
	bool has_title, has_text;
	off_t off;       /* where the line starts in the bundle's pages.jsonl */
} bundle_ref;

static int cmp_ref(const void *a, const void *b)
{
	const bundle_ref *x = a, *y = b;
	int c = strcmp(x->url, y->url);
	return c ? c : (x->off > y->off) - (x->off < y->off);
}

static int cmp_cand_url(const void *a, const void *b)
{
	const pk_page_cand *x = a, *y = b;
	int c = strcmp(x->url, y->url);
	return c ? c : strcmp(x->ts14, y->ts14);
}

static int cmp_cand_ts(const void *a, const void *b)
{
	const pk_page_cand *x = a, *y = b;
	int c = strcmp(x->ts14, y->ts14);
	return c ? c : strcmp(x->url, y->url);
}

static char *read_small_file(const char *path, size_t limit)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	warc_buf b;
	warc_buf_init(&b, limit);
	char tmp[65536];
	size_t n;
	int rc = WARC_OK;
	while (!rc && (n = fread(tmp, 1, sizeof tmp, f)) > 0)
		rc = warc_buf_add(&b, tmp, n);
	fclose(f);
	if (rc) {
		warc_buf_free(&b);
		return NULL;
	}
	if (!b.data)
		return strdup("");
	return warc_buf_detach(&b);
}

/* Text of a bundle line: "text", else a referenced file; captions appended. */
static char *bundle_text(json_t *o, const char *dir)
{
	warc_buf b;
	warc_buf_init(&b, PACK_BUNDLE_TEXT_MAX);
	int rc = WARC_OK;
	json_t *t = json_object_get(o, "text");
	if (json_is_string(t)) {
		rc = warc_buf_addstr(&b, json_string_value(t));
	} else {
		static const char *const keys[] = { "text_file", "text_path", "textFile", "file" };
		for (size_t i = 0; i < 4; i++) {
			json_t *f = json_object_get(o, keys[i]);
			const char *rel = json_string_value(f);
			if (!rel || rel[0] == '/' || strstr(rel, ".."))
				continue;
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", dir, rel);
			char *s = read_small_file(path, PACK_BUNDLE_TEXT_MAX);
			if (s) {
				rc = warc_buf_addstr(&b, s);
				free(s);
				break;
			}
		}
	}
	json_t *caps = json_object_get(o, "captions");
	if (!rc && json_is_array(caps)) {
		size_t i;
		json_t *c;
		json_array_foreach(caps, i, c) {
			const char *s = json_string_value(c);
			if (!s && json_is_object(c)) {
				s = json_string_value(json_object_get(c, "caption"));
				if (!s)
					s = json_string_value(json_object_get(c, "text"));
			}
			if (s && *s && !strstr(b.data ? b.data : "", s)) {
				rc = warc_buf_addstr(&b, b.len ? "\n" : "");
				if (!rc)
					rc = warc_buf_addstr(&b, s);
			}
		}
	}
	if (rc || !b.len) {
		warc_buf_free(&b);
		return NULL;
	}
	return warc_buf_detach(&b);
}

/* The <title> of the HTML page captured at offset, whitespace collapsed,
 * the common entities decoded; NULL when there is none or it is not UTF-8. */
static char *html_title(const char *path, uint64_t offset)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *title = NULL;
	warc_reader *r = NULL;
	warc_record *rec;
	warc_error err;
	warc_buf body;
	warc_buf_init(&body, PACK_TITLE_BODY_MAX);
	if (fseeko(f, (off_t)offset, SEEK_SET) || warc_reader_open_stream(&r, f, path, &err) ||
	    warc_reader_next(r, &rec, &err) != WARC_OK)
		goto out;
	int rc = warc_record_http_body(rec, &body, NULL, NULL, &err);
	if ((rc && rc != WARC_ERR_TOOBIG) || !body.data)
		goto out;
	const char *t = strcasestr(body.data, "<title");
	const char *gt = t ? strchr(t, '>') : NULL;
	const char *end = gt ? strcasestr(gt, "</title") : NULL;
	if (!end)
		goto out;
	static const struct {
		const char *ent, *ch;
	} ents[] = { { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
		     { "&#39;", "'" }, { "&apos;", "'" }, { "&nbsp;", " " }, { "&#x27;", "'" } };
	warc_buf b;
	warc_buf_init(&b, 2 * PACK_TITLE_MAX + 24);   /* 1024: what the last step appends past the cut fits */
	bool space = false;
	for (const char *p = gt + 1; p < end && b.len < PACK_TITLE_MAX; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space && warc_buf_add(&b, " ", 1))
			break;
		space = false;
		const char *ch = NULL;
		size_t el = 0;
		for (size_t i = 0; *p == '&' && i < sizeof ents / sizeof ents[0]; i++)
			if (!strncasecmp(p, ents[i].ent, strlen(ents[i].ent))) {
				ch = ents[i].ch;
				el = strlen(ents[i].ent);
			}
		if (ch ? warc_buf_addstr(&b, ch) : warc_buf_add(&b, p, 1))
			break;
		if (ch)
			p += el - 1;
	}
	if (b.len && warc_utf8_valid(b.data, strlen(b.data)))
		title = warc_buf_detach(&b);
	warc_buf_free(&b);
out:
	warc_buf_free(&body);
	warc_reader_close(r);
	fclose(f);
	return title;
}

/* Read the bundle once: which URLs it has, at which second, with what. */
static int index_bundle(const pk_inputs *in, bundle_ref **out, size_t *nout, warc_error *err)
{
	*out = NULL;
	*nout = 0;
	if (!in->bundle_pages)
		return WARC_OK;
	FILE *f = fopen(in->bundle_pages, "rb");
	if (!f)
		return warc_fail(err, WARC_ERR_IO, "%s: cannot open", in->bundle_pages);
	char *line = NULL;
	size_t cap = 0, n = 0, alloc = 0;
	ssize_t len;
	bundle_ref *arr = NULL;
	int rc = WARC_OK;
	uint64_t lineno = 0;
	off_t off = 0;
	while (!rc && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		off_t here = off;
		off += len;
		if ((size_t)len > PACK_BUNDLE_LINE_MAX) {
			rc = warc_fail(err, WARC_ERR_TOOBIG, "%s:%llu: line too long", in->bundle_pages,
				       (unsigned long long)lineno);
			break;
		}
		if (len == 1 && line[0] == '\n')
			continue;
		json_t *o = json_loadb(line, (size_t)len, JSON_DISABLE_EOF_CHECK, NULL);
		if (line[len - 1] != '\n' || !json_is_object(o)) {
			json_decref(o);
			rc = warc_fail(err, WARC_ERR_FORMAT,
				       "%s: line %llu %s: the text bundle is damaged (an interrupted wark extract?); "
				       "extract it again, or pack without it", in->bundle_pages, (unsigned long long)lineno,
				       line[len - 1] != '\n' ? "is cut short (no newline at its end)" : "is not a JSON object");
			break;
		}
		const char *url = json_string_value(json_object_get(o, "url"));
		if (url) {
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				bundle_ref *p = realloc(arr, alloc * sizeof *p);
				if (!p) {
					json_decref(o);
					rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
					break;
				}
				arr = p;
			}
			bundle_ref *r = &arr[n];
			r->url = strdup(url);
			const char *ts = json_string_value(json_object_get(o, "ts"));
			if (!ts || warc_date_to_ts14(ts, r->ts14) != WARC_OK)
				r->ts14[0] = '\0';
			r->has_title = json_is_string(json_object_get(o, "title"));
			char *text = bundle_text(o, in->bundle_dir);
			r->has_text = text != NULL;
			free(text);
			r->off = here;
			if (r->url)
				n++;
		}
		json_decref(o);
	}
	free(line);
	fclose(f);
	if (rc) {
		for (size_t i = 0; i < n; i++)
			free(arr[i].url);
		free(arr);
		arr = NULL;
		n = 0;
	}
	if (n)
		qsort(arr, n, sizeof *arr, cmp_ref);
	*out = arr;
	*nout = n;
	return rc;
}

static void free_refs(bundle_ref *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].url);
	free(r);
}

/* The bundle line for a page: among lines for its URL (the extractor lists
 * every capture, revisits and skipped ones too) prefer the same capture
 * second, then one with text, then one with a title. */
static bundle_ref *best_ref(bundle_ref *r, size_t n, const char *url, const char *ts14)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(r[mid].url, url) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	bundle_ref *best = NULL;
	int best_score = -1;
	for (size_t i = lo; i < n && !strcmp(r[i].url, url); i++) {
		int score = (r[i].has_text ? 2 : 0) + (r[i].has_title ? 1 : 0) + (!strcmp(r[i].ts14, ts14) ? 4 : 0);
		if (score > best_score) {
			best = &r[i];
			best_score = score;
		}
	}
	return best;
}

/* Re-read one bundle line. */
static json_t *load_ref(FILE *f, const bundle_ref *r)
{
	if (!f || fseeko(f, r->off, SEEK_SET))
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = getline(&line, &cap, f);
	json_t *o = len > 0 ? json_loadb(line, (size_t)len, JSON_DISABLE_EOF_CHECK, NULL) : NULL;
	free(line);
	return o;
}

static int write_json_line(pk_blob *out, json_t *o, warc_error *err)
{
	char *s = json_dumps(o, JSON_PRESERVE_ORDER);
	if (!s)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	int rc = pk_blob_write(out, s, strlen(s), err);
	if (!rc)
		rc = pk_blob_write(out, "\n", 1, err);
	free(s);
	return rc;
}

int pk_pages_build(const pk_inputs *in, pk_page_cand *c, size_t *np, pk_gen *g, warc_error *err)
{
	bundle_ref *refs;
	size_t nrefs;
	int rc = index_bundle(in, &refs, &nrefs, err);
	if (rc)
		return rc;
	/* one page per URL: its first capture */
	if (*np)
		qsort(c, *np, sizeof *c, cmp_cand_url);
	size_t w = 0;
	for (size_t i = 0; i < *np; i++) {
		if (w && !strcmp(c[w - 1].url, c[i].url)) {
			free(c[i].url);
			continue;
		}
		c[w++] = c[i];
	}
	*np = w;
	if (w)
		qsort(c, w, sizeof *c, cmp_cand_ts);

	bool has_text = false;
	for (size_t i = 0; i < w && !has_text; i++) {
		bundle_ref *r = best_ref(refs, nrefs, c[i].url, c[i].ts14);
		has_text = r && r->has_text;
	}
	FILE *bf = in->bundle_pages ? fopen(in->bundle_pages, "rb") : NULL;
	json_t *hdr = json_pack("{s:s, s:s, s:s}", "format", "json-pages-1.0", "id", "pages", "title", "All Pages");
	if (has_text)
		json_object_set_new(hdr, "hasText", json_true());
	rc = write_json_line(&g->pages, hdr, err);
	json_decref(hdr);
	for (size_t i = 0; !rc && i < w; i++) {
		pk_page_cand *p = &c[i];
		char ts[32], idsrc[4200], hex[PK_HEX_MAX];
		pk_rfc3339(pk_ts14_epoch(p->ts14), ts);
		snprintf(idsrc, sizeof idsrc, "%s %s", p->ts14, p->url);
		pk_hash_buf(PK_SHA256, idsrc, strlen(idsrc), hex);
		hex[32] = '\0';
		json_t *o = json_pack("{s:s, s:s, s:s}", "id", hex, "url", p->url, "ts", ts);
		if (!o) {
			rc = warc_fail(err, WARC_ERR_FORMAT, "page URL is not valid UTF-8: %s", p->url);
			break;
		}
		bundle_ref *r = best_ref(refs, nrefs, p->url, p->ts14);
		json_t *line = r ? load_ref(bf, r) : NULL;
		json_t *t = json_object_get(line, "title");
		if (json_is_string(t)) {
			json_object_set(o, "title", t);
		} else {
			char *ht = html_title(in->warcs[p->warc].src, p->offset);
			if (ht)
				json_object_set_new(o, "title", json_string(ht));
			free(ht);
		}
		char *text = line ? bundle_text(line, in->bundle_dir) : NULL;
		if (text)
			json_object_set_new(o, "text", json_string(text));
		free(text);
		json_decref(line);
		rc = write_json_line(&g->pages, o, err);
		json_decref(o);
		if (!g->main_url) {
			g->main_url = strdup(p->url);
			snprintf(g->main_ts, sizeof g->main_ts, "%s", ts);
		}
		g->n_pages++;
	}
	if (bf)
		fclose(bf);
	free_refs(refs, nrefs);
	return rc;
}
