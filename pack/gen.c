/*
 * gen.c - the generated parts of an archive: the CDXJ index (or ZipNum),
 * and pages.jsonl.
 *
 * The index is always regenerated from the WARCs being packed (never copied
 * from a crawl directory), so its offsets and file names are true for the
 * archive. Lines are sorted bytewise (LC_ALL=C order). Pages are the HTML
 * 200 responses, one per URL (its first capture), in capture order; the
 * title and text come from the text bundle's pages.jsonl when there is one,
 * so ReplayWeb.page's search finds the article text.
 */
#include "pack/internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

#define BUNDLE_LINE_MAX (64u << 20)
#define BUNDLE_TEXT_MAX (16u << 20)

void pk_rfc3339(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int64_t pk_ts14_epoch(const char *ts)
{
	if (strlen(ts) < 14)
		return -1;
	for (int i = 0; i < 14; i++)
		if (ts[i] < '0' || ts[i] > '9')
			return -1;
	struct tm tm = { 0 };
	tm.tm_year = digits(ts, 4) - 1900;
	tm.tm_mon = digits(ts + 4, 2) - 1;
	tm.tm_mday = digits(ts + 6, 2);
	tm.tm_hour = digits(ts + 8, 2);
	tm.tm_min = digits(ts + 10, 2);
	tm.tm_sec = digits(ts + 12, 2);
	return (int64_t)timegm(&tm);
}

bool pk_rfc3339_ts14(const char *s, char out[15])
{
	/* YYYY-MM-DDThh:mm:ss[.frac](Z|+00:00); shorter W3CDTF forms are padded. */
	static const int pos[14] = { 0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18 };
	size_t len = strlen(s);
	for (int i = 0; i < 14; i++) {
		if ((size_t)pos[i] >= len) {
			if (i < 4)
				return false;
			out[i] = (i == 5 || i == 7) ? '1' : '0';
			continue;
		}
		char c = s[pos[i]];
		if (c < '0' || c > '9')
			return false;
		out[i] = c;
	}
	out[14] = '\0';
	return true;
}

/* ---- collecting index entries ---- */

typedef struct page_cand {
	char *url;
	char ts14[15];
	size_t warc;          /* index into pk_inputs.warcs */
	uint64_t offset;      /* of the response record */
} page_cand;

typedef struct collect {
	char **lines;
	size_t n, cap;
	uint64_t bytes;
	page_cand *pages;
	size_t np, capp;
	int64_t newest;
	warc_buf line;
	int failed;   /* status from a callback */
	size_t cur_warc;
	volatile sig_atomic_t *stop;
} collect;

static bool is_html(const char *mime)
{
	return mime && (!strcasecmp(mime, "text/html") || !strcasecmp(mime, "application/xhtml+xml"));
}

static int on_entry(void *ctx, const warc_index_entry *e)
{
	collect *c = ctx;
	if (c->stop && *c->stop)
		return c->failed = WARC_ERR_IO;
	warc_buf_reset(&c->line);
	int rc = warc_cdxj_line(e, &c->line);
	if (rc)
		return c->failed = rc;
	size_t len = c->line.len;
	while (len && (c->line.data[len - 1] == '\n' || c->line.data[len - 1] == '\r'))
		len--;
	if (c->bytes + len + 1 > PACK_LIMIT_GENERATED)
		return c->failed = WARC_ERR_TOOBIG;
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 1024;
		char **p = realloc(c->lines, nc * sizeof *p);
		if (!p)
			return c->failed = WARC_ERR_NOMEM;
		c->lines = p;
		c->cap = nc;
	}
	char *s = strndup(c->line.data, len);
	if (!s)
		return c->failed = WARC_ERR_NOMEM;
	c->lines[c->n++] = s;
	c->bytes += len + 1;
	int64_t t = pk_ts14_epoch(e->ts14);
	if (t > c->newest)
		c->newest = t;
	if (e->record_type && !strcmp(e->record_type, "response") && e->status == 200 && !e->method &&
	    is_html(e->mime) && e->url) {
		if (c->np == c->capp) {
			size_t nc = c->capp ? c->capp * 2 : 256;
			page_cand *p = realloc(c->pages, nc * sizeof *p);
			if (!p)
				return c->failed = WARC_ERR_NOMEM;
			c->pages = p;
			c->capp = nc;
		}
		c->pages[c->np].url = strdup(e->url);
		if (!c->pages[c->np].url)
			return c->failed = WARC_ERR_NOMEM;
		memcpy(c->pages[c->np].ts14, e->ts14, 15);
		c->pages[c->np].warc = c->cur_warc;
		c->pages[c->np].offset = e->offset;
		c->np++;
	}
	return WARC_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_cand_url(const void *a, const void *b)
{
	const page_cand *x = a, *y = b;
	int c = strcmp(x->url, y->url);
	return c ? c : strcmp(x->ts14, y->ts14);
}

static int cmp_cand_ts(const void *a, const void *b)
{
	const page_cand *x = a, *y = b;
	int c = strcmp(x->ts14, y->ts14);
	return c ? c : strcmp(x->url, y->url);
}

/* ---- ZipNum ---- */

static int gzip_block(const char *p, size_t n, warc_buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return WARC_ERR_NOMEM;
	unsigned char buf[65536];
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)n;
	int zr, rc = WARC_OK;
	do {
		z.next_out = buf;
		z.avail_out = sizeof buf;
		zr = deflate(&z, Z_FINISH);
		if (zr == Z_STREAM_ERROR) {
			rc = WARC_ERR_FORMAT;
			break;
		}
		rc = warc_buf_add(out, buf, sizeof buf - z.avail_out);
	} while (!rc && zr != Z_STREAM_END);
	deflateEnd(&z);
	return rc;
}

static int build_zipnum(collect *c, pk_gen *g)
{
	int rc = warc_buf_addstr(&g->idx, "!meta 0 {\"format\": \"cdxj-gzip-1.0\", \"filename\": \"index.cdx.gz\"}\n");
	warc_buf block;
	warc_buf_init(&block, PACK_LIMIT_GENERATED);
	for (size_t i = 0; !rc && i < c->n; i += PACK_ZIPNUM_BLOCK_LINES) {
		size_t end = i + PACK_ZIPNUM_BLOCK_LINES < c->n ? i + PACK_ZIPNUM_BLOCK_LINES : c->n;
		warc_buf_reset(&block);
		for (size_t j = i; !rc && j < end; j++) {
			rc = warc_buf_addstr(&block, c->lines[j]);
			if (!rc)
				rc = warc_buf_add(&block, "\n", 1);
		}
		uint64_t off = g->cdxgz.len;
		if (!rc)
			rc = gzip_block(block.data, block.len, &g->cdxgz);
		if (rc)
			break;
		char hex[PK_HEX_MAX];
		pk_hash_buf(PK_SHA256, g->cdxgz.data + off, g->cdxgz.len - off, hex);
		/* key = the block's first "urlkey timestamp" */
		const char *l = c->lines[i];
		const char *sp = strchr(l, ' ');
		const char *sp2 = sp ? strchr(sp + 1, ' ') : NULL;
		size_t klen = sp2 ? (size_t)(sp2 - l) : strlen(l);
		rc = warc_buf_printf(&g->idx,
				     "%.*s {\"offset\": %llu, \"length\": %llu, \"digest\": \"sha256:%s\", "
				     "\"filename\": \"index.cdx.gz\"}\n",
				     (int)klen, l, (unsigned long long)off, (unsigned long long)(g->cdxgz.len - off),
				     hex);
	}
	warc_buf_free(&block);
	return rc;
}

/* ---- pages, with titles and text from the bundle ---- */

typedef struct bundle_page {
	char *url;
	char ts14[15];   /* "" when the line has no usable ts */
	json_t *title;   /* owned references or NULL */
	char *text;      /* malloc'd or NULL */
} bundle_page;

static int cmp_bundle(const void *a, const void *b)
{
	return strcmp(((const bundle_page *)a)->url, ((const bundle_page *)b)->url);
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
	warc_buf_init(&b, BUNDLE_TEXT_MAX);
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
			char *s = read_small_file(path, BUNDLE_TEXT_MAX);
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

static int load_bundle(const pk_inputs *in, bundle_page **out, size_t *nout, warc_error *err)
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
	bundle_page *arr = NULL;
	int rc = WARC_OK;
	uint64_t lineno = 0;
	while (!rc && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if ((size_t)len > BUNDLE_LINE_MAX) {
			rc = warc_fail(err, WARC_ERR_TOOBIG, "%s:%llu: line too long", in->bundle_pages,
				       (unsigned long long)lineno);
			break;
		}
		json_error_t je;
		json_t *o = json_loadb(line, (size_t)len, JSON_DISABLE_EOF_CHECK, &je);
		const char *url = json_string_value(json_object_get(o, "url"));
		if (url) {
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				bundle_page *p = realloc(arr, alloc * sizeof *p);
				if (!p) {
					json_decref(o);
					rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
					break;
				}
				arr = p;
			}
			arr[n].url = strdup(url);
			const char *ts = json_string_value(json_object_get(o, "ts"));
			if (!ts || !pk_rfc3339_ts14(ts, arr[n].ts14))
				arr[n].ts14[0] = '\0';
			json_t *title = json_object_get(o, "title");
			arr[n].title = json_is_string(title) ? json_incref(title) : NULL;
			arr[n].text = bundle_text(o, in->bundle_dir);
			n++;
		}
		json_decref(o);
	}
	free(line);
	fclose(f);
	if (n)
		qsort(arr, n, sizeof *arr, cmp_bundle);
	*out = arr;
	*nout = n;
	return rc;
}

/* The bundle line for a page: among lines for its URL (the extractor lists
 * every capture, revisits and skipped ones too) prefer the same capture
 * second, then one with text, then one with a title. */
static bundle_page *best_bundle(bundle_page *bp, size_t n, const char *url, const char *ts14)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(bp[mid].url, url) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	bundle_page *best = NULL;
	int best_score = -1;
	for (size_t i = lo; i < n && !strcmp(bp[i].url, url); i++) {
		int score = (bp[i].text ? 2 : 0) + (bp[i].title ? 1 : 0) + (!strcmp(bp[i].ts14, ts14) ? 4 : 0);
		if (score > best_score) {
			best = &bp[i];
			best_score = score;
		}
	}
	return best;
}

static void free_bundle(bundle_page *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].url);
		json_decref(b[i].title);
		free(b[i].text);
	}
	free(b);
}

static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
		if (n < 0 || (n == 1 && *p < 0xc2))
			return false;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return false;
	}
	return true;
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
	warc_buf_init(&body, 256u << 10);
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
	warc_buf_init(&b, 1024);
	bool space = false;
	for (const char *p = gt + 1; p < end && b.len < 500; p++) {
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
	if (b.len && utf8_valid(b.data))
		title = warc_buf_detach(&b);
	warc_buf_free(&b);
out:
	warc_buf_free(&body);
	warc_reader_close(r);
	fclose(f);
	return title;
}

static int append_json_line(warc_buf *out, json_t *o)
{
	char *s = json_dumps(o, JSON_PRESERVE_ORDER);
	if (!s)
		return WARC_ERR_NOMEM;
	int rc = warc_buf_addstr(out, s);
	if (!rc)
		rc = warc_buf_add(out, "\n", 1);
	free(s);
	return rc;
}

static int build_pages(collect *c, const pk_inputs *in, pk_gen *g, warc_error *err)
{
	bundle_page *bp;
	size_t nbp;
	int rc = load_bundle(in, &bp, &nbp, err);
	if (rc)
		return rc;
	/* one page per URL: its first capture */
	if (c->np)
		qsort(c->pages, c->np, sizeof *c->pages, cmp_cand_url);
	size_t w = 0;
	for (size_t i = 0; i < c->np; i++) {
		if (w && !strcmp(c->pages[w - 1].url, c->pages[i].url)) {
			free(c->pages[i].url);
			continue;
		}
		c->pages[w++] = c->pages[i];
	}
	c->np = w;
	if (c->np)
		qsort(c->pages, c->np, sizeof *c->pages, cmp_cand_ts);

	bool has_text = false;
	for (size_t i = 0; i < nbp; i++)
		has_text = has_text || bp[i].text;
	json_t *hdr = json_pack("{s:s, s:s, s:s}", "format", "json-pages-1.0", "id", "pages", "title", "All Pages");
	if (has_text)
		json_object_set_new(hdr, "hasText", json_true());
	rc = append_json_line(&g->pages, hdr);
	json_decref(hdr);
	for (size_t i = 0; !rc && i < c->np; i++) {
		page_cand *p = &c->pages[i];
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
		bundle_page *b = best_bundle(bp, nbp, p->url, p->ts14);
		if (b && b->title) {
			json_object_set(o, "title", b->title);
		} else {
			char *t = html_title(in->warcs[p->warc].src, p->offset);
			if (t)
				json_object_set_new(o, "title", json_string(t));
			free(t);
		}
		if (b && b->text)
			json_object_set_new(o, "text", json_string(b->text));
		rc = append_json_line(&g->pages, o);
		json_decref(o);
		if (!g->main_url) {
			g->main_url = strdup(p->url);
			snprintf(g->main_ts, sizeof g->main_ts, "%s", ts);
		}
		g->n_pages++;
	}
	if (rc && !err->msg[0])
		warc_fail(err, rc, "pages.jsonl: too large or out of memory");
	free_bundle(bp, nbp);
	return rc;
}

int pk_gen_build(const pk_inputs *in, uint64_t zipnum_threshold, volatile sig_atomic_t *stop, pk_gen *g,
		 warc_error *err)
{
	memset(g, 0, sizeof *g);
	warc_buf_init(&g->cdxj, PACK_LIMIT_GENERATED);
	warc_buf_init(&g->cdxgz, PACK_LIMIT_GENERATED);
	warc_buf_init(&g->idx, PACK_LIMIT_GENERATED);
	warc_buf_init(&g->pages, PACK_LIMIT_GENERATED);
	g->newest = -1;
	err->msg[0] = '\0';
	collect c;
	memset(&c, 0, sizeof c);
	c.newest = -1;
	c.stop = stop;
	warc_buf_init(&c.line, WARC_LIMIT_HEADER * 4);
	int rc = WARC_OK;
	for (size_t i = 0; !rc && i < in->n_warcs; i++) {
		c.cur_warc = i;
		rc = warc_index_file(in->warcs[i].src, in->warcs[i].name, on_entry, &c, err);
		if (c.failed && !rc)
			rc = c.failed;
		if (rc && !err->msg[0])
			warc_fail(err, rc, "%s: indexing failed", in->warcs[i].src);
	}
	if (!rc) {
		if (c.n)
			qsort(c.lines, c.n, sizeof *c.lines, cmp_str);
		for (size_t i = 0; !rc && i < c.n; i++) {
			rc = warc_buf_addstr(&g->cdxj, c.lines[i]);
			if (!rc)
				rc = warc_buf_add(&g->cdxj, "\n", 1);
		}
		g->lines = c.n;
		g->newest = c.newest;
		if (!rc && g->cdxj.len > zipnum_threshold) {
			g->zipnum = true;
			rc = build_zipnum(&c, g);
		}
		if (rc)
			warc_fail(err, rc, "index too large or out of memory");
	}
	if (!rc)
		rc = build_pages(&c, in, g, err);
	for (size_t i = 0; i < c.n; i++)
		free(c.lines[i]);
	free(c.lines);
	for (size_t i = 0; i < c.np; i++)
		free(c.pages[i].url);
	free(c.pages);
	warc_buf_free(&c.line);
	if (rc)
		pk_gen_free(g);
	return rc;
}

void pk_gen_free(pk_gen *g)
{
	warc_buf_free(&g->cdxj);
	warc_buf_free(&g->cdxgz);
	warc_buf_free(&g->idx);
	warc_buf_free(&g->pages);
	free(g->main_url);
	g->main_url = NULL;
}
