/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bundle_wet.c - WET conversion records for pages read from WARCs.
 *
 * The records are written with warc/'s writer (gzip member per record,
 * digests, rotation) under the prefix "wark-extract", so the files come out
 * as NAME.warc.gz; at close they are renamed NAME.warc.wet.gz, the Common
 * Crawl convention, so that nothing replaying or indexing OUTDIR's WARCs
 * mistakes the text for captures. The writer is opened on the first WARC
 * page, so HTML-only runs make no WET file. They are written in the
 * bundle's temporary directory (b->workdir) like every other file; a record
 * that cannot be written breaks the bundle (x_bundle_output_failed).
 */
#include "extract/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WET_WARCINFO "software: wark extract\r\nformat: WARC File Format 1.1 (WET conversion records)\r\n"

/* Remember a file the writer produced (once; records go in file order). */
static void note_file(extract_bundle *b, const char *filename)
{
	x_wet *w = &b->wet;
	if (w->nfiles && !strcmp(w->files[w->nfiles - 1], filename)) return;
	char **files = w->nfiles < EXTRACT_WET_FILES_MAX ? realloc(w->files, (w->nfiles + 1) * sizeof *files) : NULL;
	char *copy = files ? strdup(filename) : NULL;
	if (files) w->files = files;
	if (!copy) {
		x_bundle_output_failed(b, "WET output: %s/%s will not be renamed .warc.wet.gz", b->outdir, filename);
		return;
	}
	w->files[w->nfiles++] = copy;
}

void x_bundle_wet_write(extract_bundle *b, const extract_result *r, const char *refers_to, const char *date)
{
	warc_error err;
	x_wet *w = &b->wet;
	if (w->failed) return;
	if (!w->writer) {
		warc_writer_options o = {.dir = b->workdir, .prefix = "wark-extract", .warcinfo = WET_WARCINFO};
		if (warc_writer_open(&w->writer, &o, &err)) {
			x_bundle_output_failed(b, "WET output: %s", err.msg);
			w->failed = true;
			return;
		}
	}
	size_t len = 0;
	char *body = extract_result_wet_body(r, &len);
	warc_headers *h = warc_headers_new();
	int rc = body && h ? WARC_OK : WARC_ERR_NOMEM;
	if (!rc && refers_to) rc = warc_headers_add(h, "WARC-Refers-To", refers_to);
	if (!rc && extract_result_language(r))
		rc = warc_headers_add(h, "WARC-Identified-Content-Language", extract_result_language(r));
	warc_buf uri;
	warc_buf_init(&uri, WARC_LIMIT_URL);
	const char *target = extract_result_url(r);
	if (!rc && target && warc_uri_to_ascii(target, &uri, &err) == WARC_OK) target = uri.data;
	if (rc) {
		x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "WET record for %s: could not build its headers",
			      target ? target : "page");
	} else {
		warc_record_spec spec = {.type = "conversion", .target_uri = target, .date = date,
					 .content_type = "text/plain", .extra = h, .payload = WARC_PAYLOAD_BLOCK,
					 .block = body, .block_len = len};
		warc_written where;
		if (warc_writer_write(w->writer, &spec, &where, &err) != WARC_OK)
			x_bundle_output_failed(b, "WET record for %s: %s", target ? target : "page", err.msg);
		else
			note_file(b, where.filename);
	}
	warc_buf_free(&uri);
	warc_headers_free(h);
	free(body);
}

void x_bundle_wet_close(extract_bundle *b)
{
	warc_error err;
	x_wet *w = &b->wet;
	if (w->writer && warc_writer_close(w->writer, &err))
		x_bundle_output_failed(b, "WET output: %s", err.msg);
	w->writer = NULL;
	for (size_t i = 0; i < w->nfiles; i++) {
		char from[4096], to[4096];
		const char *n = w->files[i];
		size_t l = strlen(n);
		if (l > 8 && !strcmp(n + l - 8, ".warc.gz")) {
			snprintf(from, sizeof from, "%s/%s", b->workdir, n);
			snprintf(to, sizeof to, "%s/%.*s.warc.wet.gz", b->workdir, (int)(l - 8), n);
			if (rename(from, to)) x_bundle_output_failed(b, "%s/%s: %s", b->outdir, n, strerror(errno));
		}
		free(w->files[i]);
	}
	free(w->files);
	w->files = NULL;
	w->nfiles = 0;
}
