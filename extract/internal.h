/* SPDX-License-Identifier: Apache-2.0 */
/*
 * extract/internal.h - private to extract/: the result layout and the steps
 * that extract_page() chains (decode, DOM annotation, scoring, metadata,
 * captions), then the bundle writer's state (wark extract). Every private
 * name here starts with x_; the public ones (extract.h) with extract_.
 *
 * Not a public header: nothing outside extract/ includes it. The DOM is
 * libxml2's tree; per-element facts live in a side array reached through
 * xmlNode._private, so the tree itself is never modified by scoring.
 */
#ifndef WARK_EXTRACT_INTERNAL_H
#define WARK_EXTRACT_INTERNAL_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>

#include "extract/extract.h"

/* Maximum element depth any walk descends (libxml2 itself stops at 256). */
#define X_MAX_DEPTH 512
/* Text gathered (x_text) for: one emitted block, one element looked at whole
 * (a caption, a short paragraph), one metadata field (author, h1, byline).
 * Past the limit the text is cut or not used. */
#define X_BLOCK_TEXT_MAX (1u << 20)
#define X_ELEMENT_TEXT_MAX (1u << 16)
#define X_FIELD_TEXT_MAX 4096

/* One block of the body text (a paragraph, heading, list item...). */
typedef struct x_block {
	char *text;              /* whitespace-collapsed UTF-8 */
	extract_block_kind kind;
	int level;               /* heading level 1-6, list nesting, or 0 */
} x_block;

/* One image caption (each string "" when absent, never NULL). */
typedef struct x_caption {
	char *src, *alt, *caption;
} x_caption;

/* The result of one page (extract.h's accessors read it; page.c builds and
 * frees it). Strings are malloc'd, NULL when unknown. */
struct extract_result {
	char *source, *url, *ts, *record_id, *digest;
	char *skipped;       /* why the page gave no text, or NULL */
	char *title, *byline, *date, *language, *charset;
	x_block *blocks;
	size_t nblocks, cblocks;
	x_caption *caps;
	size_t ncaps, ccaps;
	char *text;          /* joined blocks, built at the end */
	size_t words;
	char *root_path;     /* where the content root is (for diagnostics) */
	const char *parse_limit; /* static: the limit that cut the parse, or NULL */
};

/* ---- decode.c ---- */
/* Convert body to a new UTF-8 string (*out, *outlen; caller frees) choosing
 * the charset from BOM, content_type, <meta> prescan, then detection.
 * charset_out receives the lowercase name used. */
int x_decode(const char *body, size_t len, const char *content_type, char **out, size_t *outlen,
	     char *charset_out, size_t charset_sz, warc_error *err) WARC_WUR;
/* True if p/n is valid UTF-8. */

/* ---- dom.c ---- */

/* x_info.flags: what annotation and scoring decided about an element. */
enum {
	XF_SKIP = 1,        /* boilerplate: out of text and captions */
	XF_NOTEXT = 2,      /* out of text only (figure, header, time...) */
	XF_BLOCK = 4,       /* block-level element */
	XF_INLINE_LEAF = 8, /* block whose children are all inline: a paragraph */
	XF_POSITIVE = 16,   /* class/id hints at article content */
	XF_CANDIDATE = 32,
	XF_NEG = 64,        /* class/id hints at boilerplate */
	XF_HARD = 128,      /* skipped for its tag, role or hidden state */
};

/* Per-element facts, one per element in x_dom.info, reached by X(node). */
typedef struct x_info {
	uint32_t text;      /* visible chars in subtree (whitespace runs count 1) */
	uint32_t link;      /* of which inside <a> */
	uint32_t ptext;     /* chars in good paragraphs within */
	uint32_t commas;
	uint32_t nparas;    /* good paragraphs within */
	uint32_t direct, dlink, dcommas; /* inline text beside block children */
	uint32_t words, stops;           /* words in text, of which stopwords */
	float score;
	int16_t weight;     /* class/id weight */
	uint8_t flags;
	uint8_t depth;
	uint8_t tag;        /* tag class bits (dom.c) */
	uint8_t quotes;     /* holds a blockquote with text (embedded posts) */
} x_info;

/* A parsed, annotated page (x_dom_build() fills it, x_dom_free() frees it). */
typedef struct x_dom {
	htmlDocPtr doc;
	xmlNodePtr body;     /* <body>, or the root element when there is none */
	x_info *info;        /* one per element */
	size_t ninfo;
	uint32_t total_text; /* visible characters of the whole body */
	const char *limit;   /* the parse limit that cut the page (static), or NULL */
} x_dom;

/* The facts of an annotated element n (NULL for nodes that are not elements). */
static inline x_info *X(xmlNodePtr n) { return (x_info *)n->_private; }
/* Is n an element named name (any case)? */
static inline bool x_is(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name && !xmlStrcasecmp(n->name, (const xmlChar *)name);
}

/* Parse UTF-8 HTML; annotate every element (flags, text/link counts).
 * WARC_ERR_TOOBIG past 2 GiB, WARC_ERR_FORMAT when libxml2 gives no
 * document, WARC_ERR_NOMEM; d->limit names a parse limit that cut the page.
 * x_dom_free() frees d whatever this returned. */
int x_dom_build(x_dom *d, const char *html, size_t len, warc_error *err) WARC_WUR;
/* Free the tree and the side array (d may have failed to build). */
void x_dom_free(x_dom *d);
/* Attribute value or NULL (caller frees with xmlFree). */
char *x_attr(xmlNodePtr n, const char *name);
/* Is name (any case) a block-level element (p, div, li, h1...)? */
bool x_is_block_name(const xmlChar *name);
/* Visible text of a subtree, whitespace-collapsed and trimmed, appended to b.
 * X_TEXT_ALL honours XF_SKIP, X_TEXT_BODY also XF_NOTEXT, X_TEXT_RAW only
 * leaves out scripts, styles and buttons (captions with their credits). */
enum { X_TEXT_ALL = 0, X_TEXT_BODY = 1, X_TEXT_RAW = 2 };
/* Returns WARC_OK, or WARC_ERR_TOOBIG when b is full (or out of memory). */
int x_text(xmlNodePtr n, warc_buf *b, int mode);
/* Add the visible characters of s (whitespace runs count once) and its
 * commas to the counters. */
void x_count_text(const xmlChar *s, uint32_t *chars, uint32_t *commas);
/* Collapse whitespace in place and trim. */
void x_squash(char *s);
/* Count UTF-8 code points. */
size_t x_chars(const char *s);
/* Count words: runs of ASCII letters, digits, '_' and non-ASCII bytes. */
size_t x_words(const char *s);
/* Lowercased class + " " + id (malloc'd, "" when none). */
char *x_class_id(xmlNodePtr n);
/* Does any of the NULL-terminated words occur in classid (substring
 * match; classid NULL: false)? */
bool x_hint_any(const char *classid, const char *const *words);

/* ---- stopwords.c ---- */
/* Add the words of s, and how many are common stopwords, to the counters. */
void x_stopcount(const xmlChar *s, uint32_t *words, uint32_t *stops);

/* ---- score.c ---- */
/* Score the elements, pick the content root (*root_out) and append the body
 * blocks to r: the root and its siblings that read as more of the article,
 * boilerplate left out, the title and byline not repeated, at most
 * max_text bytes of text. WARC_ERR_NOMEM is the only failure. */
int x_extract_body(x_dom *d, extract_result *r, xmlNodePtr *root_out, size_t max_text) WARC_WUR;

/* ---- meta.c ---- */
/* Fill r's title, byline, date and language from the page (declared data
 * first, then markup, then url for the date); fields not found stay NULL.
 * Returns WARC_OK (a string that cannot be copied is left NULL). */
int x_extract_meta(x_dom *d, extract_result *r, const char *url) WARC_WUR;

/* ---- captions.c ---- */
/* Append the image captions of the article around root (its enclosing
 * <article>, else root itself) to r. WARC_ERR_NOMEM is the only failure. */
int x_extract_captions(x_dom *d, xmlNodePtr root, extract_result *r) WARC_WUR;

/* ---- page.c: building the result ---- */
/* Append a copy of text as a block. WARC_OK or WARC_ERR_NOMEM. */
int x_add_block(extract_result *r, const char *text, extract_block_kind kind, int level) WARC_WUR;
/* Append copies of a caption's strings (none may be NULL); captions past
 * the 1000th are dropped silently. WARC_OK or WARC_ERR_NOMEM. */
int x_add_caption(extract_result *r, const char *src, const char *alt, const char *cap) WARC_WUR;
/* strdup() that passes NULL through (NULL also when out of memory). */
char *x_strdup(const char *s);


/* ======== The bundle writer ======== */

/*
 * The bundle writer's state and the steps its files share (naming, WET
 * records, emitting a page, reporting). The bundle is split by concept:
 * bundle.c opens, closes and writes pages; bundle_input.c reads HTML files
 * and sorts inputs; bundle_warc.c walks WARC records and decides what is
 * skipped; bundle_wet.c writes WET conversion records; bundle_names.c hands
 * out unique text file names. Everything the user sees goes through
 * x_bundle_report(), never to stdio directly.
 */

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
void x_bundle_report(extract_bundle *b, extract_bundle_note kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An output write failed (a full disk): report it as FAILED and mark the
 * bundle broken, so that no more pages are read and close replaces nothing. */
void x_bundle_output_failed(extract_bundle *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write one result: its pages.jsonl line and text file, or its stream form. */
void x_bundle_emit(extract_bundle *b, const extract_result *r);
/* Emit a result that only says why src was skipped. */
void x_bundle_emit_skipped(extract_bundle *b, const extract_source *src, const char *reason);

/*
 * Claim a unique text file name for slug: slug itself, else slug-2,
 * slug-3, ... (the last try, slug-99999, is taken even if used). out has
 * X_BUNDLE_NAME_MAX bytes. Returns WARC_OK, WARC_ERR_TOOBIG beyond
 * X_BUNDLE_NAMES_BYTES of names or WARC_ERR_NOMEM (out is still filled).
 */
int x_bundle_names_claim(warc_strset *n, const char *slug, char out[X_BUNDLE_NAME_MAX]) WARC_WUR;

/* One WET conversion record for a page read from a WARC (refers_to: the
 * response's record ID, date: its WARC-Date). Failures are reported. */
void x_bundle_wet_write(extract_bundle *b, const extract_result *r, const char *refers_to, const char *date);
/* Close the WET writer and rename its files NAME.warc.wet.gz. */
void x_bundle_wet_close(extract_bundle *b);

#endif
