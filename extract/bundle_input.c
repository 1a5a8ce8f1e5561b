/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bundle_input.c - what an input path is, and HTML file inputs.
 *
 * A directory is a crawl (the WARC files in DIR/warc/, warc_crawl_dir_warcs); a file
 * is a WARC when its name says so or its first five bytes (through gzip) are
 * "WARC/", else HTML. HTML files are read whole (gzip inflated, at most
 * EXTRACT_INPUT_FILE_MAX bytes): a file that cannot be opened is an unreadable
 * input, one that breaks while being read is listed as a skipped page.
 * extract_bundle_run() is the whole run over a list of inputs (wark extract,
 * wark archive): check them all, open, add each, close.
 */
#include "extract/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

enum { SLURP_OK = 0, SLURP_CANNOT_OPEN = -1, SLURP_BROKEN = -2 };

/* Read a whole file, inflating gzip; bounded by EXTRACT_INPUT_FILE_MAX. */
static int slurp(const char *path, char **out, size_t *len, char *why, size_t whysz)
{
	gzFile g = gzopen(path, "rb");
	if (!g) {
		snprintf(why, whysz, "%s", strerror(errno));
		return SLURP_CANNOT_OPEN;
	}
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	for (;;) {
		if (!b) { snprintf(why, whysz, "out of memory"); gzclose(g); return SLURP_CANNOT_OPEN; }
		if (n + 1 >= cap) {
			if (cap >= EXTRACT_INPUT_FILE_MAX) {
				snprintf(why, whysz, "larger than %u bytes", EXTRACT_INPUT_FILE_MAX);
				free(b);
				gzclose(g);
				return SLURP_BROKEN;
			}
			char *nb = realloc(b, cap * 2);
			if (!nb) { free(b); b = NULL; continue; }
			b = nb;
			cap *= 2;
		}
		int r = gzread(g, b + n, (unsigned)(cap - n - 1));
		if (r < 0) {
			int e;
			snprintf(why, whysz, "%s", gzerror(g, &e));
			free(b);
			gzclose(g);
			return SLURP_BROKEN;
		}
		if (r == 0) break;
		n += (size_t)r;
	}
	gzclose(g);
	b[n] = 0;
	*out = b;
	*len = n;
	return SLURP_OK;
}

/* Problems reported so far: an add function compares before and after. */
static size_t problems(const extract_bundle *b)
{
	return b->stats.failed + b->stats.unreadable;
}

int extract_bundle_add_html(extract_bundle *b, const char *path, const char *url)
{
	size_t before = problems(b);
	char *body = NULL, why[256];
	size_t len = 0;
	extract_source src = {.source = path, .url = url};
	int s = slurp(path, &body, &len, why, sizeof why);
	if (s == SLURP_CANNOT_OPEN) {
		x_bundle_report(b, EXTRACT_BUNDLE_UNREADABLE, "%s: %s", path, why);
		return WARC_ERR_IO;
	}
	if (s == SLURP_BROKEN) {
		char reason[300];
		snprintf(reason, sizeof reason, "unreadable: %s", why);
		x_bundle_emit_skipped(b, &src, reason);
		return problems(b) > before ? WARC_ERR_IO : WARC_OK;
	}
	/* A file is HTML unless it says otherwise: let extract_page sniff. */
	size_t plen = strlen(path);
	bool txt = plen > 4 && !strcmp(path + plen - 4, ".txt");
	src.content_type = txt ? "text/plain" : "text/html";
	extract_result *r = NULL;
	warc_error err;
	if (extract_page(body, len, &src, &b->extract, &r, &err))
		x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "%s: %s", path, err.msg);
	else
		x_bundle_emit(b, r);
	extract_result_free(r);
	free(body);
	return problems(b) > before ? WARC_ERR_IO : WARC_OK;
}

/* A WARC whatever its name: "WARC/" at the start, plain or inside gzip. */
static bool looks_warc(const char *path)
{
	gzFile g = gzopen(path, "rb");
	char head[5];
	bool yes = g && gzread(g, head, 5) == 5 && !memcmp(head, "WARC/", 5);
	if (g) gzclose(g);
	return yes;
}

int extract_bundle_add_input(extract_bundle *b, const char *path, const char *url)
{
	size_t before = problems(b);
	if (b->broken) return WARC_ERR_IO;
	struct stat st;
	if (stat(path, &st)) {
		x_bundle_report(b, EXTRACT_BUNDLE_UNREADABLE, "%s: %s", path, strerror(errno));
		return WARC_ERR_IO;
	}
	if (S_ISDIR(st.st_mode)) {
		warc_paths warcs = { 0 };
		warc_error err;
		if (warc_crawl_dir_warcs(path, &warcs, &err) == WARC_OK) {
			for (size_t i = 0; i < warcs.n && !b->broken; i++) (void)extract_bundle_add_warc(b, warcs.v[i]);
		} else {
			x_bundle_report(b, EXTRACT_BUNDLE_UNREADABLE, "%s", err.msg);
		}
		warc_paths_free(&warcs);
		return problems(b) > before ? WARC_ERR_IO : WARC_OK;
	}
	if (warc_is_warc_name(path) || looks_warc(path)) return extract_bundle_add_warc(b, path);
	return extract_bundle_add_html(b, path, url);
}

int extract_bundle_check_input(const char *path, warc_error *err)
{
	struct stat st;
	if (stat(path, &st)) return warc_fail(err, WARC_ERR_IO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		warc_paths warcs = { 0 };
		int rc = warc_crawl_dir_warcs(path, &warcs, err);
		warc_paths_free(&warcs);
		return rc == WARC_OK ? WARC_OK : WARC_ERR_IO;
	}
	FILE *f = fopen(path, "rb");
	if (!f) return warc_fail(err, WARC_ERR_IO, "%s: %s", path, strerror(errno));
	fclose(f);
	return WARC_OK;
}

int extract_bundle_run(const extract_bundle_options *opt, const char *const *inputs, size_t n, const char *url,
		       extract_bundle_run_result *res, warc_error *err)
{
	memset(res, 0, sizeof *res);
	for (size_t i = 0; i < n; i++) {
		int rc = extract_bundle_check_input(inputs[i], err);
		if (rc)
			return rc;
	}
	extract_bundle *b = NULL;
	int rc = extract_bundle_open(&b, opt, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		(void)extract_bundle_add_input(b, inputs[i], url);
	if (extract_bundle_close(b, &res->stats)) {
		res->write_failed = true;
		return warc_fail(err, WARC_ERR_IO, "an output write failed");
	}
	return WARC_OK;
}
