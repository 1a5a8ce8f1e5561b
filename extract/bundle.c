/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bundle.c - the bundle writer: open, write one page, report, close.
 *
 * A page becomes either a pages.jsonl line plus a text file (directory form)
 * or its stream form, decided once at open. The writer never prints and
 * never picks exit codes: each page, skip and problem goes to the caller's
 * callback with a kind (a page once its line and text file, or its stream
 * form, are written; before its WET record), and the caller
 * decides what to show and what it means. Pages that were skipped count as
 * pages, not problems. Reading inputs is in bundle_input.c and bundle_warc.c.
 *
 * The directory form is built whole in OUTDIR.part-XXXXXX beside OUTDIR
 * (warc_atomic) and swapped in at close, so OUTDIR is always an earlier
 * complete bundle or the new complete one. A failed write (a full disk)
 * stops the run; the temporary is removed and OUTDIR left as it was. OUTDIR
 * may be new, empty or an earlier bundle: a directory holding anything else
 * is refused, since the swap replaces it whole.
 */
#include "extract/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

static void vnote(extract_bundle *b, extract_bundle_note kind, const extract_result *page, const char *fmt,
		  va_list ap)
{
	if (!b->report) return;
	char msg[X_BUNDLE_MAX_MESSAGE];
	vsnprintf(msg, sizeof msg, fmt, ap);
	b->report(b->report_arg, kind, msg, page);
}

void x_bundle_report(extract_bundle *b, extract_bundle_note kind, const char *fmt, ...)
{
	if (kind == EXTRACT_BUNDLE_FAILED) b->stats.failed++;
	if (kind == EXTRACT_BUNDLE_UNREADABLE) b->stats.unreadable++;
	va_list ap;
	va_start(ap, fmt);
	vnote(b, kind, NULL, fmt, ap);
	va_end(ap);
}

/* Tell the caller about a page once it is written (or listed as skipped). */
static void note_page(extract_bundle *b, const extract_result *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void note_page(extract_bundle *b, const extract_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vnote(b, extract_result_skipped(r) ? EXTRACT_BUNDLE_SKIPPED : EXTRACT_BUNDLE_PAGE, r, fmt, ap);
	va_end(ap);
}

void x_bundle_output_failed(extract_bundle *b, const char *fmt, ...)
{
	b->stats.failed++;
	b->broken = true;
	va_list ap;
	va_start(ap, fmt);
	vnote(b, EXTRACT_BUNDLE_FAILED, NULL, fmt, ap);
	va_end(ap);
}

/* What an earlier bundle holds: pages.jsonl, text/ and WET files (also
 * unrenamed or unfinished ones of an older wark). */
static bool bundle_entry(const char *name)
{
	return !strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "pages.jsonl") || !strcmp(name, "text") ||
	       (!strncmp(name, "wark-extract-", 13) &&
		(warc_ends_with(name, ".warc.wet.gz") || warc_ends_with(name, ".warc.gz") || warc_ends_with(name, ".warc.gz.open")));
}

/* OUTDIR may be replaced whole: it is missing, empty or an earlier bundle. */
static int check_replaceable(const char *outdir, warc_error *err)
{
	const char *base = strrchr(outdir, '/');
	base = base && base[1] ? base + 1 : outdir;
	if (!strcmp(base, ".") || !strcmp(base, "..") || !strcmp(outdir, "/"))
		return warc_fail(err, WARC_ERR_USAGE, "%s: name the output directory itself (it is replaced whole)",
				 outdir);
	struct stat st;
	if (stat(outdir, &st))
		return errno == ENOENT ? WARC_OK : warc_fail(err, WARC_ERR_IO, "%s: %s", outdir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return warc_fail(err, WARC_ERR_IO, "%s: %s", outdir, strerror(ENOTDIR));
	DIR *d = opendir(outdir);
	if (!d)
		return warc_fail(err, WARC_ERR_IO, "%s: %s", outdir, strerror(errno));
	int rc = WARC_OK;
	for (struct dirent *de; !rc && (de = readdir(d));)
		if (!bundle_entry(de->d_name))
			rc = warc_fail(err, WARC_ERR_USAGE,
				       "%s holds '%s', which wark extract did not write: give a new or empty "
				       "directory, or an earlier extract output (it is replaced whole)",
				       outdir, de->d_name);
	closedir(d);
	return rc;
}

/* OUTDIR.part-XXXXXX with text/ and pages.jsonl. */
static int open_workdir(extract_bundle *b, warc_error *err)
{
	int rc = check_replaceable(b->outdir, err);
	if (!rc)
		rc = warc_atomic_open(&b->out, b->outdir, true, err);
	if (rc)
		return rc;
	b->workdir = b->out.tmp_path;
	char p[4096];
	snprintf(p, sizeof p, "%s/text", b->workdir);
	if (mkdir(p, 0777))
		return warc_fail(err, WARC_ERR_IO, "%s: %s", p, strerror(errno));
	snprintf(p, sizeof p, "%s/pages.jsonl", b->workdir);
	if (!(b->pages = fopen(p, "w")))
		return warc_fail(err, WARC_ERR_IO, "%s/pages.jsonl: %s", b->outdir, strerror(errno));
	return WARC_OK;
}

int extract_bundle_open(extract_bundle **out, const extract_bundle_options *opt, warc_error *err)
{
	*out = NULL;
	if (!opt->outdir && !opt->stream) return warc_fail(err, WARC_ERR_USAGE, "no output directory or stream");
	extract_bundle *b = calloc(1, sizeof *b);
	if (!b || (opt->outdir && !(b->outdir = strdup(opt->outdir)))) {
		free(b);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	warc_strset_init(&b->names, X_BUNDLE_NAMES_BYTES);
	b->stream = opt->stream;
	b->format = opt->format;
	b->extract = opt->extract;
	b->report = opt->report;
	b->report_arg = opt->report_arg;
	b->out.fd = b->out.lock_fd = -1;
	if (b->outdir) {
		int rc = open_workdir(b, err);
		if (rc) {
			b->broken = true;   /* close removes the temporary and reports nothing */
			b->report = NULL;
			(void)extract_bundle_close(b, NULL);
			return rc;
		}
	}
	*out = b;
	return WARC_OK;
}

/* The stream form of one page. */
static void emit_stream(extract_bundle *b, const extract_result *r)
{
	warc_error err;
	const char *skipped = extract_result_skipped(r);
	if (b->format == EXTRACT_BUNDLE_JSONL) {
		char *j = extract_result_json(r);
		if (!j) {
			x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "%s: out of memory",
				      extract_result_url(r) ? extract_result_url(r) : "page");
			return;
		}
		fputs(j, b->stream);
		fputc('\n', b->stream);
		free(j);
	} else if (!skipped) {
		int rc = b->format == EXTRACT_BUNDLE_MD ? extract_write_md(r, b->stream, &err)
							: extract_write_txt(r, b->stream, &err);
		if (rc) x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "output: %s", err.msg);
		if (b->format == EXTRACT_BUNDLE_TXT) fputc('\n', b->stream);
	}
}

/* OUTDIR/text/NAME.txt for an extracted page. */
static void write_text_file(extract_bundle *b, const extract_result *r)
{
	warc_error err;
	char slug[128], name[X_BUNDLE_NAME_MAX], path[4096];
	extract_result_slug(r, slug, sizeof slug);
	int rc = x_bundle_names_claim(&b->names, slug, name);
	if (rc)
		x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "%s: %s; a later page may take the same name", name,
			      rc == WARC_ERR_TOOBIG ? "too many text files to keep names unique" : "out of memory");
	snprintf(path, sizeof path, "%s/text/%s.txt", b->workdir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		x_bundle_output_failed(b, "%s/text/%s.txt: %s", b->outdir, name, strerror(errno));
		return;
	}
	rc = extract_write_txt(r, f, &err);
	if (!rc && fflush(f)) rc = warc_fail(&err, WARC_ERR_IO, "%s", strerror(errno));
	if (fclose(f) && !rc) rc = warc_fail(&err, WARC_ERR_IO, "%s", strerror(errno));
	if (rc) x_bundle_output_failed(b, "%s/text/%s.txt: %s", b->outdir, name, err.msg);
}

void x_bundle_emit(extract_bundle *b, const extract_result *r)
{
	bool skipped = extract_result_skipped(r) != NULL;
	if (skipped) b->stats.skipped++;
	else b->stats.extracted++;
	if (!b->outdir) {
		emit_stream(b, r);
	} else {
		char *j = extract_result_json(r);
		if (j) {
			if (fputs(j, b->pages) == EOF || fputc('\n', b->pages) == EOF)
				x_bundle_output_failed(b, "%s/pages.jsonl: %s", b->outdir, strerror(errno));
			free(j);
		} else {
			x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "%s: pages.jsonl line: out of memory",
				      extract_result_url(r) ? extract_result_url(r) : "page");
		}
		if (!skipped && !b->broken) write_text_file(b, r);
	}
	const char *url = extract_result_url(r);
	if (skipped) note_page(b, r, "%s: skipped: %s", url ? url : "page", extract_result_skipped(r));
	else note_page(b, r, "%s", url ? url : extract_result_source(r) ? extract_result_source(r) : "page");
}

void x_bundle_emit_skipped(extract_bundle *b, const extract_source *src, const char *reason)
{
	extract_result *r = NULL;
	if (extract_result_new_skipped(src, reason, &r) == WARC_OK) x_bundle_emit(b, r);
	else x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "%s: skipped (%s): out of memory", src->source, reason);
	extract_result_free(r);
}

void extract_bundle_get_stats(const extract_bundle *b, extract_bundle_stats *out)
{
	*out = b->stats;
}

/* Close pages.jsonl and the WET files, then swap the bundle in (or drop it). */
static int finish_dir(extract_bundle *b)
{
	warc_error err;
	if (!b->broken) x_bundle_wet_close(b);
	if (b->pages && fclose(b->pages) && !b->broken)
		x_bundle_output_failed(b, "%s/pages.jsonl: %s", b->outdir, strerror(errno));
	b->pages = NULL;
	if (b->broken) {
		extract_bundle_report_fn report = b->report;
		b->report = NULL;      /* the cause was reported; the rest is noise */
		x_bundle_wet_close(b);   /* frees the writer; its files go with the temporary */
		b->report = report;
		if (b->report)
			x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "%s: nothing written (an earlier output there is unchanged)",
				      b->outdir);
		warc_atomic_abort(&b->out);
		return WARC_ERR_IO;
	}
	if (warc_atomic_commit(&b->out, &err)) {
		x_bundle_output_failed(b, "%s (an earlier output there is unchanged)", err.msg);
		return WARC_ERR_IO;
	}
	return WARC_OK;
}

int extract_bundle_close(extract_bundle *b, extract_bundle_stats *stats)
{
	if (!b) return WARC_OK;
	int rc = b->outdir ? finish_dir(b) : WARC_OK;
	if (stats) *stats = b->stats;
	warc_strset_free(&b->names);
	free(b->outdir);
	free(b);
	return rc;
}
