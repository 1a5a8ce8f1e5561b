/* SPDX-License-Identifier: Apache-2.0 */
/*
 * extract.h - main-text extraction: article body, captions and metadata from
 * one captured HTML (or plain text) payload; and the bundle writer that runs
 * it over HTML files, WARCs and crawl directories (pages.jsonl, text files,
 * WET records: see "Text bundles" below).
 *
 * Invariants:
 *  - Input is the decoded entity body (no chunking, no Content-Encoding);
 *    the charset is found here (BOM, HTTP header, <meta>, then uchardet) and
 *    everything in a result is UTF-8.
 *  - Bounded: inputs above extract_options.max_input are skipped with a
 *    reason; HTML is parsed under the EXTRACT_HTML_* limits (below); every
 *    walk is iterative or depth-capped. Hostile input yields a skipped or
 *    cut result, never a crash or a hang.
 *  - A page that cannot be extracted is still a result: extract_result_skipped()
 *    returns the reason ("not HTML or text: image/png", "empty body", ...), so
 *    callers list it instead of losing it silently.
 *  - The title and byline never appear in the text; captions are never
 *    inlined into it: they live in their own list.
 *  - No global state: extract_page() keeps everything in its own objects
 *    (a multi-threaded caller should call libxml2's xmlInitParser() once
 *    before starting threads, as libxml2 asks).
 *  - Ownership: extract_page() returns a result freed with extract_result_free();
 *    strings returned by accessors live as long as the result.
 */
#ifndef WARK_EXTRACT_H
#define WARK_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "warc/warc.h"

/* ---- Inputs ------------------------------------------------------------ */

/* Where a page came from: copied into the result and its JSON. All optional. */
typedef struct extract_source {
	const char *source;        /* file the page came from (WARC or HTML path) */
	const char *url;           /* page URL (WARC-Target-URI or --url) */
	const char *ts;            /* capture time, W3CDTF (WARC-Date) */
	const char *record_id;     /* WARC-Record-ID of the response */
	const char *digest;        /* payload digest ("sha1:...") */
	const char *content_type;  /* HTTP Content-Type header value, may carry charset= */
} extract_source;

typedef struct extract_options {
	size_t max_input;          /* bytes; larger bodies are skipped. 0 = EXTRACT_MAX_INPUT_DEFAULT */
	size_t max_text;           /* bytes of extracted text kept; 0 = EXTRACT_MAX_TEXT_DEFAULT */
} extract_options;

/*
 * Parse limits: any page costs bounded time and memory. The UTF-8 document is
 * rewritten by warc_html_bound() (linear: at most EXTRACT_HTML_MAX_BYTES,
 * EXTRACT_HTML_MAX_ELEMENTS start tags, EXTRACT_HTML_MAX_ATTRS attributes per
 * element, EXTRACT_HTML_MAX_ATTRS_TOTAL in all), then libxml2 builds the tree,
 * ended at EXTRACT_HTML_MAX_DEPTH open elements (libxml2's own limit) or after
 * EXTRACT_HTML_TIME_MS. The text comes from what was parsed; the result names
 * the limit (extract_result_parse_limit(), "parse_limit" in JSON).
 */
/* ---- Extraction ---------------------------------------------------------- */

typedef struct extract_result extract_result;

/*
 * Extract one page. body/len is the decoded HTTP entity body. Returns WARC_OK
 * with *out set (possibly a skipped result), or WARC_ERR_NOMEM / WARC_ERR_USAGE.
 * opt may be NULL for defaults.
 */
int extract_page(const char *body, size_t len, const extract_source *src,
		 const extract_options *opt, extract_result **out, warc_error *err) WARC_WUR;

/* A result that only records why a page was skipped (for callers that reject
 * a record before extraction, e.g. a WARC record that failed to decode). */
int extract_result_new_skipped(const extract_source *src, const char *reason,
			       extract_result **out) WARC_WUR;

/* Frees r; every string an accessor returned goes with it. NULL is a no-op. */
void extract_result_free(extract_result *r);

/* ---- Result accessors ---------------------------------------------------- */

/* NULL when the page was extracted, else the reason it was not. */
const char *extract_result_skipped(const extract_result *r);
/* Metadata: NULL when unknown. date is ISO 8601 ("2021-03-23T14:44:00Z" or
 * "2021-03-23"); language a lowercase primary subtag ("en"). */
const char *extract_result_title(const extract_result *r);
const char *extract_result_byline(const extract_result *r);
const char *extract_result_date(const extract_result *r);
const char *extract_result_language(const extract_result *r);
/* The page's URL (extract_source.url; WARC-Target-URI for WARC input). */
const char *extract_result_url(const extract_result *r);
/* The input file the page came from (extract_source.source). */
const char *extract_result_source(const extract_result *r);
/* The charset the body was decoded from ("utf-8", "windows-1252", ...). */
const char *extract_result_charset(const extract_result *r);
/* The parse limit that cut the page ("bytes", "elements", "attributes",
 * "depth", "time"), or NULL when it was parsed whole. */
const char *extract_result_parse_limit(const extract_result *r);

/* Block kinds, for formats that keep structure (Markdown). */
typedef enum extract_block_kind {
	EXTRACT_PARA = 0, EXTRACT_HEADING, EXTRACT_ITEM, EXTRACT_QUOTE, EXTRACT_PRE, EXTRACT_ROW,
} extract_block_kind;

/* Body text as blocks, in document order (text is whitespace-normalised). */
size_t extract_result_block_count(const extract_result *r);
const char *extract_result_block_text(const extract_result *r, size_t i);
extract_block_kind extract_result_block_kind(const extract_result *r, size_t i);
int extract_result_block_level(const extract_result *r, size_t i);  /* h1..h6 -> 1..6 */
/* The whole body text: blocks separated by blank lines (caller does not free). */
const char *extract_result_text(const extract_result *r);
size_t extract_result_word_count(const extract_result *r);

/* Captions: one per figure / meaningful image in the article. */
size_t extract_result_caption_count(const extract_result *r);
const char *extract_result_caption_src(const extract_result *r, size_t i);      /* "" if none */
const char *extract_result_caption_alt(const extract_result *r, size_t i);      /* "" if none */
const char *extract_result_caption_text(const extract_result *r, size_t i);     /* "" if none */

/* ---- Output -------------------------------------------------------------- */

/*
 * One JSON object (no newline) with source, url, ts, record_id, title,
 * byline, date, language, text, captions [{src, alt, caption}], word_count,
 * digest; or, for skipped pages, source, url, ts, record_id, digest and
 * "skipped": reason. Caller frees the string with free().
 */
char *extract_result_json(const extract_result *r);

/* Plain text: title line, blank line, body (blocks separated by blank lines). */
int extract_write_txt(const extract_result *r, FILE *f, warc_error *err) WARC_WUR;
/* Markdown: "# title", metadata line, structured body, captions as a list. */
int extract_write_md(const extract_result *r, FILE *f, warc_error *err) WARC_WUR;

/*
 * A file name for the page's text that a user can find it by: host + path
 * slug ("news.example.test_world-news_china-north-korea"), ASCII [a-z0-9._-]
 * only, at most 120 bytes, without extension. Falls back to the source name.
 */
void extract_result_slug(const extract_result *r, char *out, size_t outsz);

/*
 * The WET body (title line, then the text) as a new malloc'd string; the
 * caller writes it as a WARC conversion record.
 */
char *extract_result_wet_body(const extract_result *r, size_t *len);

/* ---- Text bundles (wark extract) ------------------------------------------ */

/*
 * A bundle writer runs extraction over whole inputs (HTML files, WARC files,
 * crawl directories) and writes what SPEC.md "wark extract" describes:
 *
 *  - to a directory: OUTDIR/pages.jsonl (one JSON line per page, skipped
 *    pages included), OUTDIR/text/NAME.txt per extracted page (NAME from
 *    extract_result_slug(), "-2", "-3"... added on a clash) and, for pages
 *    read from WARCs, WET conversion records in OUTDIR/wark-extract-*.warc.wet.gz;
 *  - or to a stream (stdout) as JSON lines, plain text or Markdown.
 *
 * The writer never prints: every page, every skipped page and every problem
 * goes to the caller's report callback as one ready-made line (no
 * "wark extract: " prefix, no newline) with its kind, and the caller decides
 * what to print and what exit status a kind means. Pages that cannot be
 * extracted are not problems: they are listed with "skipped": reason.
 *
 *   extract_bundle_options o = {.outdir = dir, .report = print_it};
 *   extract_bundle *b;
 *   if (extract_bundle_open(&b, &o, &err)) ... err.msg ...
 *   for each input: extract_bundle_add_input(b, path, NULL);
 *   extract_bundle_stats st;
 *   extract_bundle_close(b, &st);    (finishes the WET files, frees b)
 *
 * Not thread-safe: one writer per thread.
 */

typedef struct extract_bundle extract_bundle;

/* What the stream form writes per page (ignored with an outdir). */
typedef enum extract_bundle_format {
	EXTRACT_BUNDLE_JSONL = 0,  /* the pages.jsonl line, skipped pages included */
	EXTRACT_BUNDLE_TXT,        /* extract_write_txt() then a blank line; skipped pages not written */
	EXTRACT_BUNDLE_MD,         /* extract_write_md(); skipped pages not written */
} extract_bundle_format;

/* The kind of a reported line. */
typedef enum extract_bundle_note {
	EXTRACT_BUNDLE_PAGE,          /* a page written with text; message: its URL (or file) */
	EXTRACT_BUNDLE_SKIPPED,       /* a page listed without text: "URL: skipped: why" */
	EXTRACT_BUNDLE_FAILED,        /* a page, text file or WET record not written; a damaged WARC */
	EXTRACT_BUNDLE_UNREADABLE,    /* an input that cannot be opened; a directory without WARCs */
} extract_bundle_note;

/* page is the result for PAGE and SKIPPED (valid during the call), else NULL. */
typedef void (*extract_bundle_report_fn)(void *arg, extract_bundle_note kind, const char *message,
					 const extract_result *page);

typedef struct extract_bundle_options {
	const char *outdir;             /* write the directory form here (created if missing) */
	FILE *stream;                   /* without outdir: where pages go (required then) */
	extract_bundle_format format;   /* stream form only */
	extract_options extract;        /* limits passed to extract_page() */
	extract_bundle_report_fn report;  /* may be NULL (then nothing is reported) */
	void *report_arg;
} extract_bundle_options;

/* Counts so far: pages written with text, pages listed as skipped, and
 * reported problems of each kind (FAILED, UNREADABLE). */
typedef struct extract_bundle_stats {
	size_t extracted, skipped;
	size_t failed, unreadable;
} extract_bundle_stats;

/*
 * Open a writer. With opt->outdir, the bundle is built in
 * OUTDIR.part-XXXXXX beside OUTDIR (text/ and pages.jsonl made at once; WET
 * files opened on the first page read from a WARC) and swapped in whole at
 * close. OUTDIR must be missing, empty or an earlier bundle. Returns
 * WARC_OK, WARC_ERR_IO when the temporary cannot be created (err: "OUTDIR:
 * why"), WARC_ERR_USAGE for an OUTDIR holding other files or a stream form
 * without a stream, or WARC_ERR_NOMEM.
 */
int extract_bundle_open(extract_bundle **out, const extract_bundle_options *opt, warc_error *err) WARC_WUR;

/*
 * Add one input: a crawl directory (every .warc.gz file in DIR/warc/, in
 * name order), a WARC (by its .warc/.warc.gz name or its first bytes
 * "WARC/", plain or gzip) or else an HTML file. url is the page URL of an HTML file, may be
 * NULL. Problems are reported and counted, never fatal: returns WARC_OK when
 * nothing was reported as failed or unreadable for this input, else
 * WARC_ERR_IO.
 */
int extract_bundle_add_input(extract_bundle *b, const char *path, const char *url);
/* An HTML file (.html, gzip-compressed .html.gz; .txt is read as plain text). */
int extract_bundle_add_html(extract_bundle *b, const char *path, const char *url);
/* Every response and revisit record with an application/http block and every
 * resource record of a WARC file; other records are passed over. */
int extract_bundle_add_warc(extract_bundle *b, const char *path);

void extract_bundle_get_stats(const extract_bundle *b, extract_bundle_stats *out);

/*
 * Finish: close and rename the WET files (NAME.warc.gz -> NAME.warc.wet.gz),
 * close pages.jsonl and swap the bundle in place of OUTDIR; fill *stats (may
 * be NULL) with the final counts and free b. Returns WARC_OK, or
 * WARC_ERR_IO when an output write failed (a full disk) at any point: then
 * nothing replaced OUTDIR and the run stopped at the failure (reported as
 * EXTRACT_BUNDLE_FAILED). The stream is not closed. NULL b is a no-op.
 */
int extract_bundle_close(extract_bundle *b, extract_bundle_stats *stats);
/*
 * The whole run of a bundle: every input checked first
 * (extract_bundle_check_input(): a bad one creates nothing), the writer
 * opened, each input added (url as for extract_bundle_add_input()), the
 * writer closed. Returns WARC_OK when the bundle was written: problems of
 * single pages and inputs were reported and are counted in res->stats
 * (failed, unreadable), never fatal. Otherwise the status of the first input
 * that cannot be read or of extract_bundle_open(), err filled; or
 * WARC_ERR_IO with res->write_failed when an output write failed (already
 * reported as EXTRACT_BUNDLE_FAILED; nothing replaced OUTDIR).
 */
typedef struct extract_bundle_run_result {
	extract_bundle_stats stats;   /* final counts: pages extracted, skipped, problems */
	bool write_failed;
} extract_bundle_run_result;

int extract_bundle_run(const extract_bundle_options *opt, const char *const *inputs, size_t n, const char *url,
		       extract_bundle_run_result *res, warc_error *err) WARC_WUR;

/* Can path be read as an input (a file that opens, a directory with
 * warc/ *.warc.gz)? WARC_OK or WARC_ERR_IO ("PATH: why"): check every input
 * before opening a writer, so that a bad one creates nothing. */
int extract_bundle_check_input(const char *path, warc_error *err) WARC_WUR;

/* ---- Limits -------------------------------------------------------------- */

/* Every limit of extract/, named once; SPEC.md section 5 "Limits" lists them. */
#define EXTRACT_MAX_INPUT_DEFAULT (32u << 20)  /* body bytes: a larger page is skipped with a reason */
#define EXTRACT_MAX_TEXT_DEFAULT (4u << 20)    /* bytes of text kept per page; the rest is cut */
#define EXTRACT_INPUT_FILE_MAX (64u << 20)     /* an HTML input file (inflated): larger is unreadable */
#define EXTRACT_WET_FILES_MAX 100000           /* WET files one run writes: more fails the run */

/* HTML parse limits (above: the result names the one that cut a page) */
#define EXTRACT_HTML_MAX_BYTES (32u << 20)     /* of the UTF-8 document */
#define EXTRACT_HTML_MAX_ELEMENTS 100000u      /* start tags */
#define EXTRACT_HTML_MAX_ATTRS 256u            /* attributes of one element; the rest dropped */
#define EXTRACT_HTML_MAX_ATTRS_TOTAL 200000u   /* attributes of the document */
#define EXTRACT_HTML_MAX_DEPTH 256             /* open elements (libxml2's own limit) */
#define EXTRACT_HTML_TIME_MS 2000u             /* parse time per page */

#endif
