/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index.c - the archive's index, regenerated from the WARCs being packed
 * (never copied from a crawl directory, so offsets and file names are true
 * for the archive), plus the page candidates for pages.c.
 *
 * Memory stays flat: CDXJ lines go through warc_sort (runs of at most
 * run_bytes in unlinked temporary files, merged k-way at the end,
 * bytewise: LC_ALL=C order). Lines go straight
 * to the output form: a plain index.cdxj, or, when the whole index exceeds
 * the threshold, ZipNum blocks of PACK_ZIPNUM_BLOCK_LINES lines, each its
 * own gzip member in index.cdx.gz, with one index.idx line per block.
 * Both forms are byte-identical whether or not runs were spilled.
 */
#include "pack/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

typedef struct collect {
	const pk_gen_options *o;
	pk_gen *g;
	warc_sort *sort;       /* the lines, in a bounded external sort */
	uint64_t total_bytes;
	pk_page_cand *pages;
	size_t np, capp;
	size_t cur_warc;
	warc_buf line;
	int failed;
	warc_error *err;
} collect;

static bool is_html(const char *mime)
{
	return mime && (!strcasecmp(mime, "text/html") || !strcasecmp(mime, "application/xhtml+xml"));
}

static int on_entry(void *ctx, const warc_index_entry *e)
{
	collect *c = ctx;
	if (c->o->stop && *c->o->stop)
		return c->failed = warc_fail(c->err, WARC_ERR_IO, "interrupted");
	warc_buf_reset(&c->line);
	int rc = warc_cdxj_line(e, &c->line);
	if (rc)
		return c->failed = warc_fail(c->err, rc, "index line too long for %s", e->url ? e->url : "?");
	size_t len = c->line.len;
	while (len && (c->line.data[len - 1] == '\n' || c->line.data[len - 1] == '\r'))
		len--;
	if ((rc = warc_sort_add(c->sort, c->line.data, len, c->err)))
		return c->failed = rc;
	c->total_bytes += len + 1;
	c->g->lines++;
	int64_t t = pk_ts14_epoch(e->ts14);
	if (t > c->g->newest)
		c->g->newest = t;
	if (e->record_type && !strcmp(e->record_type, "response") && e->status == 200 && !e->method &&
	    is_html(e->mime) && e->url) {
		if (c->np == c->capp) {
			size_t nc = c->capp ? c->capp * 2 : 256;
			pk_page_cand *p = realloc(c->pages, nc * sizeof *p);
			if (!p)
				return c->failed = warc_fail(c->err, WARC_ERR_NOMEM, "out of memory");
			c->pages = p;
			c->capp = nc;
		}
		pk_page_cand *p = &c->pages[c->np];
		p->url = strdup(e->url);
		if (!p->url)
			return c->failed = warc_fail(c->err, WARC_ERR_NOMEM, "out of memory");
		memcpy(p->ts14, e->ts14, 15);
		p->warc = c->cur_warc;
		p->offset = e->offset;
		c->np++;
	}
	return WARC_OK;
}

/* ---- output: plain CDXJ or ZipNum ---- */

typedef struct emitter {
	pk_gen *g;
	warc_buf block;        /* lines of the current ZipNum block */
	size_t block_lines;
	warc_buf key;          /* "urlkey timestamp" of the block's first line */
	warc_buf gz;
	warc_error *err;
} emitter;

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

static int flush_block(emitter *em)
{
	if (!em->block_lines)
		return WARC_OK;
	warc_buf_reset(&em->gz);
	int rc = gzip_block(em->block.data, em->block.len, &em->gz);
	if (rc)
		return warc_fail(em->err, rc, "ZipNum block too large");
	uint64_t off = em->g->cdxgz.len;
	rc = pk_blob_write(&em->g->cdxgz, em->gz.data, em->gz.len, em->err);
	if (rc)
		return rc;
	char hex[PK_HEX_MAX];
	pk_hash_buf(PK_SHA256, em->gz.data, em->gz.len, hex);
	char line[512];
	int n = snprintf(line, sizeof line,
			 " {\"offset\": %llu, \"length\": %llu, \"digest\": \"sha256:%s\", \"filename\": \"index.cdx.gz\"}\n",
			 (unsigned long long)off, (unsigned long long)em->gz.len, hex);
	rc = pk_blob_write(&em->g->idx, em->key.data, em->key.len, em->err);
	if (!rc)
		rc = pk_blob_write(&em->g->idx, line, (size_t)n, em->err);
	warc_buf_reset(&em->block);
	em->block_lines = 0;
	return rc;
}

static int emit(emitter *em, const char *line, size_t len)
{
	if (!em->g->zipnum) {
		int rc = pk_blob_write(&em->g->cdxj, line, len, em->err);
		return rc ? rc : pk_blob_write(&em->g->cdxj, "\n", 1, em->err);
	}
	if (!em->block_lines) {
		/* key = the block's first "urlkey timestamp" */
		const char *sp = memchr(line, ' ', len);
		const char *sp2 = sp ? memchr(sp + 1, ' ', len - (size_t)(sp + 1 - line)) : NULL;
		warc_buf_reset(&em->key);
		if (warc_buf_add(&em->key, line, sp2 ? (size_t)(sp2 - line) : len))
			return warc_fail(em->err, WARC_ERR_TOOBIG, "index key too long");
	}
	if (warc_buf_add(&em->block, line, len) || warc_buf_add(&em->block, "\n", 1))
		return warc_fail(em->err, WARC_ERR_TOOBIG, "ZipNum block too large");
	if (++em->block_lines == PACK_ZIPNUM_BLOCK_LINES)
		return flush_block(em);
	return WARC_OK;
}

static int emit_line(void *ctx, const char *line, size_t len)
{
	return emit(ctx, line, len);
}

int pk_gen_build(const pk_inputs *in, const pk_gen_options *o, pk_gen *g, warc_error *err)
{
	memset(g, 0, sizeof *g);
	g->newest = -1;
	err->msg[0] = '\0';
	collect c;
	memset(&c, 0, sizeof c);
	c.o = o;
	c.g = g;
	c.err = err;
	warc_buf_init(&c.line, WARC_LIMIT_INDEX_LINE);
	int rc = warc_sort_new(&c.sort, o->tmpdir, o->run_bytes, err);
	for (size_t i = 0; !rc && i < in->n_warcs; i++) {
		c.cur_warc = i;
		rc = warc_index_file(in->warcs[i].src, in->warcs[i].name, on_entry, &c, err);
		if (c.failed && !rc)
			rc = c.failed;
		if (rc && !err->msg[0])
			warc_fail(err, rc, "%s: indexing failed", in->warcs[i].src);
	}
	emitter em = { .g = g, .err = err };
	warc_buf_init(&em.block, PACK_LIMIT_GENERATED);
	warc_buf_init(&em.key, WARC_LIMIT_LINE);
	warc_buf_init(&em.gz, PACK_LIMIT_GENERATED);
	if (!rc) {
		g->zipnum = c.total_bytes > o->zipnum_threshold;
		if (g->zipnum) {
			rc = pk_blob_open(&g->cdxgz, o->tmpdir, err);
			if (!rc)
				rc = pk_blob_open(&g->idx, o->tmpdir, err);
			static const char meta[] = "!meta 0 {\"format\": \"cdxj-gzip-1.0\", \"filename\": \"index.cdx.gz\"}\n";
			if (!rc)
				rc = pk_blob_write(&g->idx, meta, sizeof meta - 1, err);
		} else {
			rc = pk_blob_open(&g->cdxj, o->tmpdir, err);
		}
	}
	if (!rc)
		rc = warc_sort_each(c.sort, emit_line, &em, err);
	if (!rc && g->zipnum)
		rc = flush_block(&em);
	if (!rc)
		rc = pk_blob_open(&g->pages, o->tmpdir, err);
	if (!rc)
		rc = pk_pages_build(in, c.pages, &c.np, g, err);
	warc_sort_free(c.sort);
	for (size_t i = 0; i < c.np; i++)
		free(c.pages[i].url);
	free(c.pages);
	warc_buf_free(&c.line);
	warc_buf_free(&em.block);
	warc_buf_free(&em.key);
	warc_buf_free(&em.gz);
	if (rc)
		pk_gen_free(g);
	return rc;
}

void pk_gen_free(pk_gen *g)
{
	pk_blob_close(&g->cdxj);
	pk_blob_close(&g->cdxgz);
	pk_blob_close(&g->idx);
	pk_blob_close(&g->pages);
	free(g->main_url);
	g->main_url = NULL;
}
