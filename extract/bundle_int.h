/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bundle_int.h - private to extract/: the bundle writer's state and the
 * steps its files share (naming, WET records, emitting a page, reporting).
 *
 * The bundle is split by concept: bundle.c opens, closes and writes pages;
 * bundle_input.c reads HTML files and sorts inputs; bundle_warc.c walks WARC
 * records and decides what is skipped; bundle_wet.c writes WET conversion
 * records; bundle_names.c hands out unique text file names. Everything the
 * user sees goes through bundle_report(), never to stdio directly.
 */
#ifndef WARK_BUNDLE_INT_H
#define WARK_BUNDLE_INT_H

#include "extract/extract.h"

/* Internal bounds (the user-visible ones are in extract.h): one reported
 * line, the text file names remembered for clash checks, the "-N" suffixes
 * tried on a clash, and the tolerated-problem text of one payload read (not
 * shown). */
#define X_BUNDLE_MAX_MESSAGE 8192
#define X_BUNDLE_NAMES_BYTES (1u << 30)
#define X_BUNDLE_MAX_SUFFIX 100000
#define X_BUNDLE_WARN_MAX 4096
/* A text file name: a slug (at most 120 bytes) and its "-N" suffix. */
#define X_BUNDLE_NAME_MAX 160

/* The WET side output of a bundle: one WARC writer shared by every page
 * read from a WARC, its files renamed to NAME.warc.wet.gz at close. */
typedef struct x_wet {
	warc_writer *writer;     /* opened on the first WARC page */
	char **files;            /* files the writer produced, renamed at close */
	size_t nfiles;
	bool failed;             /* the writer could not be opened: write no more */
} x_wet;

/* An open bundle (extract.h: extract_bundle_open/add/close): the output
 * directory being built, or the stream, and what has been written so far. */
struct extract_bundle {
	char *outdir;            /* NULL: stream form; else the final name (for messages) */
	warc_atomic out;         /* OUTDIR.part-XXXXXX, swapped in at close */
	const char *workdir;     /* out.tmp_path: where every file is written */
	bool broken;             /* an output write failed: stop, and replace nothing */
	FILE *pages;             /* WORKDIR/pages.jsonl */
	FILE *stream;
	extract_bundle_format format;
	extract_options extract;
	extract_bundle_report_fn report;
	void *report_arg;
	warc_strset names;       /* text file names used so far */
	x_wet wet;
	extract_bundle_stats stats;
};

/* Report a problem (FAILED or UNREADABLE) to the caller and count it (printf-style). */
void bundle_report(extract_bundle *b, extract_bundle_note kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An output write failed (a full disk): report it as FAILED and mark the
 * bundle broken, so that no more pages are read and close replaces nothing. */
void bundle_output_failed(extract_bundle *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write one result: its pages.jsonl line and text file, or its stream form. */
void bundle_emit(extract_bundle *b, const extract_result *r);
/* Emit a result that only says why src was skipped. */
void bundle_emit_skipped(extract_bundle *b, const extract_source *src, const char *reason);

/*
 * Claim a unique text file name for slug: slug itself, else slug-2,
 * slug-3, ... (the last try, slug-99999, is taken even if used). out has
 * X_BUNDLE_NAME_MAX bytes. Returns WARC_OK, WARC_ERR_TOOBIG beyond
 * X_BUNDLE_NAMES_BYTES of names or WARC_ERR_NOMEM (out is still filled).
 */
int bundle_names_claim(warc_strset *n, const char *slug, char out[X_BUNDLE_NAME_MAX]) WARC_WUR;

/* One WET conversion record for a page read from a WARC (refers_to: the
 * response's record ID, date: its WARC-Date). Failures are reported. */
void bundle_wet_write(extract_bundle *b, const extract_result *r, const char *refers_to, const char *date);
/* Close the WET writer and rename its files NAME.warc.wet.gz. */
void bundle_wet_close(extract_bundle *b);

#endif
