/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warc.h - the WARC library: record model, streaming reader, writer, digests,
 * HTTP message layer, URI/SURT and CDXJ indexing.
 *
 * Layering: warc/ depends on nothing else in wark (only libc, zlib, OpenSSL
 * libcrypto, brotli, zstd, libidn2, PCRE2). crawl/, extract/ and pack/ build on it;
 * it never includes them and never prints or exits: every fallible function
 * returns a warc_status and fills a warc_error with one human-readable line
 * that names the file and byte offset where that makes sense.
 *
 * Invariants:
 *  - Bounded by construction. Every growable buffer is a warc_buf with a size
 *    limit; hostile input fails with WARC_ERR_TOOBIG instead of eating memory.
 *    Record blocks are streamed, never held whole: memory is constant in the
 *    size of a record.
 *  - Ownership: a function named *_new / *_open returns an object the caller
 *    frees with the matching *_free / *_close. Strings returned by accessors
 *    are borrowed and live as long as the object they came from.
 *  - No global mutable state.
 */
#ifndef WARK_WARC_H
#define WARK_WARC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#define WARC_WUR __attribute__((warn_unused_result))
#define WARC_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* ---- Status codes and errors ------------------------------------------ */

typedef enum warc_status {
	WARC_OK = 0,
	WARC_EOF = 1,             /* no more records: not an error */
	WARC_ERR_IO = -1,         /* open/read/write failed (errno text in msg) */
	WARC_ERR_FORMAT = -2,     /* bytes are not what the format says */
	WARC_ERR_TOOBIG = -3,     /* a bounded buffer hit its limit */
	WARC_ERR_NOMEM = -4,
	WARC_ERR_TRUNCATED = -5,  /* input ended inside a record */
	WARC_ERR_USAGE = -6,      /* the caller passed something invalid */
	WARC_ERR_NOTFOUND = -7,   /* I/O: a path named does not exist (ENOENT) */
	WARC_ERR_NOSPACE = -8,    /* I/O: the disk or the quota is full (ENOSPC, EDQUOT) */
} warc_status;

typedef struct warc_error {
	char msg[512];
} warc_error;

/* Fill err (if not NULL) with a formatted message and return code. */
int warc_fail(warc_error *err, int code, const char *fmt, ...) WARC_PRINTF(3, 4);
/*
 * The status for a failed system call's errno: WARC_ERR_NOSPACE (ENOSPC,
 * EDQUOT), WARC_ERR_NOTFOUND (ENOENT) when reading (opening an input: a
 * missing input), else WARC_ERR_IO (a missing output directory included).
 * Used where a caller must tell these apart (a missing input is bad usage,
 * a full disk can be freed and resumed); the message still carries
 * strerror(). Callers that treat every I/O failure alike test
 * warc_status_is_io().
 */
int warc_errno_status(int e, bool reading);
/* WARC_ERR_IO, WARC_ERR_NOTFOUND or WARC_ERR_NOSPACE. */
bool warc_status_is_io(int status);

/* ---- Bounded growable buffer (curl's dynbuf) --------------------------- */

typedef struct warc_buf {
	char *data;      /* always NUL-terminated when not NULL */
	size_t len;
	size_t cap;
	size_t limit;    /* len may never exceed this */
} warc_buf;

/* An empty buffer that may hold up to limit bytes (allocates nothing). */
void warc_buf_init(warc_buf *b, size_t limit);
/* Append bytes, a string, or formatted text. WARC_OK, WARC_ERR_TOOBIG when
 * len would pass the limit, WARC_ERR_NOMEM; b is unchanged on error. */
int warc_buf_add(warc_buf *b, const void *p, size_t n) WARC_WUR;
int warc_buf_addstr(warc_buf *b, const char *s) WARC_WUR;
int warc_buf_printf(warc_buf *b, const char *fmt, ...) WARC_PRINTF(2, 3) WARC_WUR;
void warc_buf_reset(warc_buf *b);          /* len = 0, keeps memory */
void warc_buf_free(warc_buf *b);           /* frees memory, keeps limit */
char *warc_buf_detach(warc_buf *b);        /* caller owns the string; b is empty */

/* ---- Strings (str.c) ------------------------------------------------------ */

/* Whether s ends with suffix (every string ends with ""). */
bool warc_ends_with(const char *s, const char *suffix);
/* qsort/bsearch comparator of two `char *` elements: strcmp, i.e. bytewise. */
int warc_cmp_str(const void *a, const void *b);
/*
 * Bytes p[0..n) as text for a message: printable ASCII and well-formed UTF-8
 * as they are, any other byte (controls, DEL, stray bytes >= 0x80) as \xNN.
 * Writes whole characters only, NUL-terminated, at most outsz bytes (4n+1
 * hold all); returns how many input bytes it wrote.
 */
size_t warc_escape_bytes(char *out, size_t outsz, const void *p, size_t n);

/* ---- Regular expressions (regex.c) ---------------------------------------- */

/* PCRE2 patterns (UTF-8; subjects with invalid UTF-8 still match), searched
 * unanchored. Zero-initialise; release with warc_regex_list_free (then empty
 * and usable again). */
typedef struct warc_regex_list {
	void **v;   /* pcre2_code * */
	size_t n;
} warc_regex_list;

/* Compile re and add it; WARC_ERR_USAGE "bad regex at offset N: why". */
int warc_regex_list_add(warc_regex_list *l, const char *re, warc_error *err) WARC_WUR;
/* Whether any pattern of l occurs in s (false for an empty list). */
bool warc_regex_list_any(const warc_regex_list *l, const char *s);
void warc_regex_list_free(warc_regex_list *l);

/* ---- Bounded set of strings ------------------------------------------- */

/* A set of strings (copies owned by the set), bounded like warc_buf: its
 * table and strings together never take more than limit bytes. Lookups are
 * hashed (strset.c). Set up with warc_strset_init, release with
 * warc_strset_free (the set is then empty and usable again). */
typedef struct warc_strset {
	char **items;      /* cap slots, NULL = empty */
	uint64_t *hashes;  /* the hash of each item */
	size_t cap;        /* 0 or a power of two */
	size_t count;      /* strings held */
	size_t bytes;      /* table and strings */
	size_t limit;      /* bytes may never exceed this */
} warc_strset;

/* An empty set of at most limit bytes (allocates nothing). */
void warc_strset_init(warc_strset *s, size_t limit);
/* Does the set hold str? */
bool warc_strset_has(const warc_strset *s, const char *str);
/* Adds a copy of str (WARC_OK also when it is there already). WARC_ERR_TOOBIG
 * when it would take the set past its limit, WARC_ERR_NOMEM; the set is
 * unchanged on error. */
int warc_strset_add(warc_strset *s, const char *str) WARC_WUR;
/* Free the strings and the table; s is empty and usable again. */
void warc_strset_free(warc_strset *s);

/* ---- Bounded HTML (before libxml2; html.c) ------------------------------ */

/* Limits of warc_html_bound(); each module names its values in its header. */
typedef struct warc_html_limits {
	size_t max_elements;     /* start tags kept; the document is cut before the next one */
	size_t max_attrs;        /* attributes kept per element; later ones dropped */
	size_t max_attrs_total;  /* attributes kept in the whole document */
} warc_html_limits;
#define WARC_HTML_CUT_BYTES 1u     /* out's limit was reached: the rest is cut */
#define WARC_HTML_CUT_ELEMENTS 2u  /* max_elements reached: the rest is cut */
#define WARC_HTML_CUT_ATTRS 4u     /* attributes were dropped */

/*
 * Rewrites any bytes as a canonical HTML document in out (at most
 * out->limit bytes): start tags <name a="v"> with at most lim's attributes
 * (well-formed names by libxml2's grammar, first of duplicates kept, '"' in
 * values as &quot;), end tags </name>, text with every other '<' as &lt;,
 * NUL bytes dropped, comments, doctypes and <!...>/<?...> dropped, <script>
 * and <style> text kept with "</" written "<\/". Linear time; libxml2 then
 * sees exactly the elements and attributes counted here. *cut gets the
 * WARC_HTML_CUT_* flags of the limits that were hit. WARC_OK, or
 * WARC_ERR_NOMEM, WARC_ERR_USAGE (a zero limit).
 */
int warc_html_bound(const char *in, size_t len, const warc_html_limits *lim, warc_buf *out,
		    unsigned *cut) WARC_WUR;
/* "elements", "bytes" or "attributes" for the most severe flag in cut, or NULL. */
const char *warc_html_cut_name(unsigned cut);

/* ---- Header fields (WARC named fields and HTTP headers) ---------------- */

/* An ordered list of name/value pairs; lookups ignore case; names may repeat. */
typedef struct warc_headers warc_headers;

/* An empty list, or NULL when out of memory; free with warc_headers_free()
 * (NULL allowed). */
warc_headers *warc_headers_new(void);
void warc_headers_free(warc_headers *h);
/* Append copies of name and value (WARC_OK or WARC_ERR_NOMEM). */
int warc_headers_add(warc_headers *h, const char *name, const char *value) WARC_WUR;
/* Replace every field called name with one (adds it when absent). */
int warc_headers_set(warc_headers *h, const char *name, const char *value) WARC_WUR;
/* First value of name, or NULL. */
const char *warc_headers_get(const warc_headers *h, const char *name);
/* The fields in order: how many, and the name and value of the i-th (i < count). */
size_t warc_headers_count(const warc_headers *h);
const char *warc_headers_name(const warc_headers *h, size_t i);
const char *warc_headers_value(const warc_headers *h, size_t i);

/* ---- Digests ----------------------------------------------------------- */

typedef enum warc_digest_alg { WARC_SHA1 = 0, WARC_SHA256 = 1 } warc_digest_alg;
#define WARC_DIGEST_STR_MAX 80  /* "sha256:" + 64 hex + NUL fits */

/* A running digest: new (NULL when out of memory), update with bytes,
 * final once, free (NULL allowed). */
typedef struct warc_digest warc_digest;
warc_digest *warc_digest_new(warc_digest_alg alg);
void warc_digest_update(warc_digest *d, const void *p, size_t n);
/* Labelled form: "sha1:" + uppercase base32, or "sha256:" + lowercase hex. */
void warc_digest_final(warc_digest *d, char out[WARC_DIGEST_STR_MAX]);
void warc_digest_free(warc_digest *d);
/* One-shot helper over a buffer. */
void warc_digest_buf(warc_digest_alg alg, const void *p, size_t n, char out[WARC_DIGEST_STR_MAX]);
/*
 * Parse a labelled digest as found in the wild ("sha1:", "SHA-1:", "sha256:",
 * base32, base16 or base64 values) into the algorithm and raw bytes.
 * Returns WARC_OK, or WARC_ERR_FORMAT for unknown labels/encodings.
 */
int warc_digest_parse(const char *s, warc_digest_alg *alg, unsigned char raw[64], size_t *rawlen) WARC_WUR;
/* Compare a labelled digest string against raw bytes computed with alg. */
bool warc_digest_matches(const char *labelled, warc_digest_alg alg, const unsigned char *raw, size_t rawlen);

/* ---- Identifiers and dates --------------------------------------------- */

#define WARC_ID_MAX 48   /* "<urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx>" + NUL */
#define WARC_DATE_MAX 40

/* A fresh "<urn:uuid:v4>" from the kernel's CSPRNG. */
int warc_make_record_id(char out[WARC_ID_MAX]) WARC_WUR;
/* W3CDTF UTC with microseconds: 2025-03-01T12:00:01.123456Z */
void warc_format_date(const struct timespec *ts, char out[WARC_DATE_MAX]);
/* Parse any W3CDTF WARC-Date (1-9 fraction digits, or none). */
int warc_parse_date(const char *s, struct timespec *out) WARC_WUR;
/* The 14-digit CDX timestamp YYYYMMDDhhmmss of a WARC-Date string (truncated). */
int warc_date_to_ts14(const char *warc_date, char out[15]) WARC_WUR;

/* ---- WARC files of a directory ------------------------------------------ */

/* A list of paths, owned (free with warc_paths_free; {0} is empty). */
typedef struct warc_paths {
	char **v;
	size_t n;
} warc_paths;

/* Whether name is a WARC file's: it ends .warc or .warc.gz (so not a
 * NAME.warc.gz.open still being written). */
bool warc_is_warc_name(const char *name);
/* Append "dir/NAME" for each WARC name directly in dir (not hidden ones),
 * sorted bytewise. WARC_ERR_IO when dir cannot be read. */
int warc_dir_warcs(const char *dir, warc_paths *out, warc_error *err) WARC_WUR;
/* The WARCs of a crawl directory: warc_dir_warcs(DIR/warc). WARC_ERR_USAGE
 * when dir has no warc/ directory (it is no crawl) or that holds no WARC. */
int warc_crawl_dir_warcs(const char *dir, warc_paths *out, warc_error *err) WARC_WUR;
/* Free the paths; p is empty again. */
void warc_paths_free(warc_paths *p);

/* ---- Reader ------------------------------------------------------------ */

typedef struct warc_reader warc_reader;
typedef struct warc_record warc_record;

/* Warnings about tolerated defects (offset = start of the record concerned). */
typedef void (*warc_warn_fn)(void *ctx, uint64_t offset, const char *msg);

/* Open a .warc or .warc.gz file (compression detected from the bytes). */
int warc_reader_open(warc_reader **out, const char *path, warc_error *err) WARC_WUR;
/* Read from an already open stream (not closed by the reader); name is for messages. */
int warc_reader_open_stream(warc_reader **out, FILE *f, const char *name, warc_error *err) WARC_WUR;
/* Where warnings about tolerated defects go (none by default). */
void warc_reader_set_warn(warc_reader *r, warc_warn_fn fn, void *ctx);
/* Close the reader (and the file it opened; a stream stays open). */
void warc_reader_close(warc_reader *r);

/* True when the input is gzip; true also for a whole-file gzip stream (see below). */
bool warc_reader_is_gzip(const warc_reader *r);
/* True once the reader has seen several records in one gzip member (not seekable). */
bool warc_reader_whole_file_gzip(const warc_reader *r);

/*
 * Advance to the next record. Any unread rest of the previous record is
 * skipped and its trailer checked. Returns WARC_OK with *rec set (borrowed,
 * valid until the next call), WARC_EOF at a clean end, or an error. After an
 * error, warc_reader_resync() scans forward for the next "WARC/" record start
 * (gzip: the next member; nothing when the damage ended where a record
 * starts) and returns WARC_OK if one was found. warc_reader_next() does this
 * itself, and does not report again damage that warc_record_read() reported.
 */
int warc_reader_next(warc_reader *r, warc_record **rec, warc_error *err) WARC_WUR;
int warc_reader_resync(warc_reader *r, warc_error *err) WARC_WUR;

/* Record header accessors: strings borrowed from rec, valid until the next
 * warc_reader_next(); type, ID and date are "" when absent, the target URI
 * and content type NULL. */
const warc_headers *warc_record_headers(const warc_record *rec);
const char *warc_record_version(const warc_record *rec);     /* "WARC/1.1" */
const char *warc_record_type(const warc_record *rec);        /* "response", ... or "" */
const char *warc_record_id(const warc_record *rec);
const char *warc_record_date(const warc_record *rec);
/* WARC-Target-URI with wget's <...> stripped (a warning is issued then). */
const char *warc_record_target_uri(const warc_record *rec);
const char *warc_record_content_type(const warc_record *rec);
uint64_t warc_record_content_length(const warc_record *rec);
/* The record's header exactly as stored: version line, fields and the empty
 * line that ends them, with their line ends as they are in the file. */
const char *warc_record_raw_header(const warc_record *rec, size_t *len);
/* After warc_record_finish(): the CR/LF bytes found after the block (at most
 * 4; "\r\n\r\n" when the trailer is right). */
const char *warc_record_trailer(const warc_record *rec, size_t *len);
/* Offset of the record in the file (gzip: of its member). */
uint64_t warc_record_offset(const warc_record *rec);

/*
 * Stream the block. Returns bytes read (0 at the end of the block) or a
 * negative warc_status. The block may be read in any chunk sizes.
 */
ssize_t warc_record_read(warc_record *rec, void *buf, size_t n, warc_error *err) WARC_WUR;

/*
 * Consume the rest of the block and the trailer. Afterwards
 * warc_record_length() gives the stored length (gzip: compressed member size;
 * plain: header + block + trailer). Returns WARC_OK, or an error such as a
 * truncated block. A missing or short CRLFCRLF trailer is a warning only, and
 * flagged by warc_record_trailer_ok().
 */
int warc_record_finish(warc_record *rec, warc_error *err) WARC_WUR;
/* The stored length (valid after warc_record_finish()). */
uint64_t warc_record_length(const warc_record *rec);
/* Was the CRLFCRLF trailer there and right (after warc_record_finish())? */
bool warc_record_trailer_ok(const warc_record *rec);

/* ---- HTTP message layer -------------------------------------------------- */

typedef struct warc_http warc_http;

/*
 * Parse an HTTP/1.x request or response head from the first bytes of a block.
 * Returns WARC_OK and sets *head_len to the bytes up to and including the
 * blank line, WARC_ERR_TRUNCATED when buf holds no complete head yet (give it
 * more bytes), WARC_ERR_FORMAT when it is not HTTP, WARC_ERR_TOOBIG beyond
 * WARC_LIMIT_HEADER. Accepts LF-only lines and obs-fold continuation lines.
 */
int warc_http_parse(const char *buf, size_t len, warc_http **out, size_t *head_len, warc_error *err) WARC_WUR;
/* Free a parsed head (NULL allowed). */
void warc_http_free(warc_http *h);
/* The parts of the head (strings borrowed from h). */
bool warc_http_is_response(const warc_http *h);
int warc_http_status(const warc_http *h);                /* 0 for requests */
const char *warc_http_reason(const warc_http *h);
const char *warc_http_method(const warc_http *h);        /* NULL for responses */
const char *warc_http_target(const warc_http *h);        /* request-target */
const char *warc_http_version(const warc_http *h);       /* "HTTP/1.1" */
const warc_headers *warc_http_headers(const warc_http *h);
/* Header value helpers. */
bool warc_http_is_chunked(const warc_http *h);
/* The media type of Content-Type, lowercased, without parameters ("" if absent). */
void warc_http_mime(const warc_http *h, char *out, size_t outsz);

/*
 * Reading the HTTP head that starts a record's block (httphead.c): the one
 * reader of cat --headers, indexing and warc_record_http_payload(). The head
 * must end (blank line) within the first WARC_LIMIT_HEADER bytes of the
 * block, else WARC_ERR_TOOBIG, whatever the read sizes. A block that ends
 * inside its head (no blank line) is read as a head-only message: WARC_OK,
 * the whole block is head, unterminated set (callers warn). An empty block,
 * or one that is not HTTP, is WARC_ERR_FORMAT.
 */
typedef struct warc_http_head {
	warc_http *http;     /* the parsed head (caller frees), NULL unless WARC_OK */
	size_t len;          /* the bytes it takes from the start of the block */
	bool unterminated;   /* the block ended inside the head (read as head-only) */
	bool bad_head;       /* the error is about the block's bytes (no usable head), not the reading */
} warc_http_head;
/* Read it from rec (none of the block read yet) into buf (reset first; limit
 * at least WARC_LIMIT_HEADER). On WARC_OK, bytes of buf past out->len are the
 * first bytes of the body; the rest of the block is still to be read. Reader
 * errors are returned as warc_record_read() gives them. */
int warc_record_http_head(warc_record *rec, warc_buf *buf, warc_http_head *out, warc_error *err) WARC_WUR;
/* The same decision on the first len bytes of a block held in memory: whole
 * says they are all of it. Not whole, WARC_ERR_TRUNCATED asks for more (for
 * WARC_LIMIT_HEADER bytes of a longer block: what warc_record_http_head()
 * reports as WARC_ERR_TOOBIG). */
int warc_http_parse_block(const char *block, size_t len, bool whole, warc_http_head *out,
			  warc_error *err) WARC_WUR;

/*
 * Streaming de-chunker, tolerant of bad framing: when a chunk-size line is
 * not hex, or the input ends inside a chunk, it passes the remaining bytes
 * through unchanged and sets warc_dechunk_problem(). Output goes to the sink.
 */
typedef int (*warc_sink_fn)(void *ctx, const void *p, size_t n);
typedef struct warc_dechunk warc_dechunk;
/* NULL when out of memory. */
warc_dechunk *warc_dechunk_new(warc_sink_fn sink, void *ctx);
/* Feed framed bytes in any chunk sizes; returns WARC_OK or the sink's error. */
int warc_dechunk_feed(warc_dechunk *d, const void *p, size_t n) WARC_WUR;
/* Call at end of input; returns WARC_OK or the sink's error. */
int warc_dechunk_end(warc_dechunk *d) WARC_WUR;
/* NULL if the framing was fine, else a short description of the first problem. */
const char *warc_dechunk_problem(const warc_dechunk *d);
/* Free d (NULL allowed). */
void warc_dechunk_free(warc_dechunk *d);

/*
 * Streaming Content-Encoding decoder: gzip, x-gzip, deflate (zlib or raw),
 * br, zstd, identity; comma-separated stacks are decoded in reverse order.
 * max_out bounds the decoded size (decompression bombs): beyond it,
 * feed() returns WARC_ERR_TOOBIG.
 */
typedef struct warc_decoder warc_decoder;
/* A decoder for content_encoding (NULL or "": identity) sending decoded
 * bytes to sink. WARC_ERR_FORMAT for an unsupported coding, WARC_ERR_NOMEM. */
int warc_decoder_new(warc_decoder **out, const char *content_encoding, uint64_t max_out,
		     warc_sink_fn sink, void *ctx, warc_error *err) WARC_WUR;
/* Feed encoded bytes in any chunk sizes; end after the last. Both return
 * WARC_OK or the first error (corrupt data, WARC_ERR_TOOBIG, the sink's),
 * and keep returning it. */
int warc_decoder_feed(warc_decoder *d, const void *p, size_t n, warc_error *err) WARC_WUR;
int warc_decoder_end(warc_decoder *d, warc_error *err) WARC_WUR;
/* Free d (NULL allowed). */
void warc_decoder_free(warc_decoder *d);

/*
 * Convenience for consumers (extract, cat --payload): the entity body of an
 * application/http record, de-chunked and content-decoded, into a bounded
 * buffer. *http (optional) receives the parsed head; caller frees it.
 * Problems that were tolerated (bad chunking) are appended to warn (may be NULL).
 */
int warc_record_http_body(warc_record *rec, warc_buf *body, warc_http **http,
			  warc_buf *warn, warc_error *err) WARC_WUR;
/* The same entity body streamed to sink in constant memory (at most max_out
 * decoded bytes, then WARC_ERR_TOOBIG). A sink error ends it with that code. */
int warc_record_http_payload(warc_record *rec, uint64_t max_out, warc_sink_fn sink, void *ctx,
			     warc_http **http, warc_buf *warn, warc_error *err) WARC_WUR;

/* ---- Verification -------------------------------------------------------- */

typedef enum warc_chunk_convention {
	WARC_CHUNKS_NONE = 0,   /* no chunked record with a payload digest seen */
	WARC_CHUNKS_SPEC,       /* payload digest over the de-chunked body */
	WARC_CHUNKS_RAW,        /* payload digest over the raw chunked bytes (warcio, wget) */
	WARC_CHUNKS_MIXED,
} warc_chunk_convention;

typedef struct warc_verify_result {
	uint64_t records;
	uint64_t problems;        /* each reported through the problem callback */
	uint64_t warnings;
	uint64_t digests_checked;
	warc_chunk_convention chunks;
} warc_verify_result;

/* Called once per problem (is_warning = tolerated defect). */
typedef void (*warc_problem_fn)(void *ctx, uint64_t offset, bool is_warning, const char *msg);

/*
 * Read every record of a WARC file and check structure, Content-Length,
 * trailers, block and payload digests. Problems go to the callback; the file
 * is read to the end, resynchronising after damage. Returns WARC_OK when the
 * file could be read (see result->problems for the verdict), or WARC_ERR_IO
 * when it could not be opened.
 */
int warc_verify_file(const char *path, warc_problem_fn fn, void *ctx,
		     warc_verify_result *result, warc_error *err) WARC_WUR;

/* ---- Writer ---------------------------------------------------------------- */

typedef struct warc_writer warc_writer;

typedef struct warc_writer_options {
	const char *dir;              /* where files go (must exist) */
	const char *prefix;           /* file name prefix, default "wark" */
	const char *hostname;         /* for the file name; default gethostname() */
	uint64_t max_size;            /* rotate after a file reaches this; 0 = WARC_WRITER_MAX_SIZE_DEFAULT */
	warc_digest_alg digest;       /* WARC_SHA1 (default) or WARC_SHA256 */
	/* warcinfo block (application/warc-fields "name: value\r\n" lines) written
	 * first in every file; may be NULL for a minimal one naming the software. */
	const char *warcinfo;
} warc_writer_options;

typedef enum warc_payload_mode {
	WARC_PAYLOAD_NONE = 0,   /* no payload digest (warcinfo, metadata) */
	WARC_PAYLOAD_BLOCK,      /* payload = whole block (resource, conversion) */
	WARC_PAYLOAD_HTTP,       /* payload = HTTP entity body, de-chunked, coding kept */
	WARC_PAYLOAD_GIVEN,      /* use spec->payload_digest (revisit) */
} warc_payload_mode;

/* What to write. Unset strings are omitted. */
typedef struct warc_record_spec {
	const char *type;              /* "response", "request", ... (required) */
	const char *target_uri;        /* must be ASCII; see warc_uri_to_ascii() */
	const char *date;              /* WARC-Date; NULL = now */
	const char *content_type;      /* NULL with WARC_PAYLOAD_HTTP (or a non-empty revisit):
	                                  application/http;msgtype=request|response */
	const char *record_id;         /* NULL = fresh one */
	const warc_headers *extra;     /* further fields, written as given */
	warc_payload_mode payload;
	const char *payload_digest;    /* for WARC_PAYLOAD_GIVEN */
	/* The block: from memory, or from an open file (read from its start, length bytes). */
	const void *block;
	size_t block_len;
	FILE *block_file;
	uint64_t block_file_len;
} warc_record_spec;

/* Where a written record landed. */
typedef struct warc_written {
	char record_id[WARC_ID_MAX];
	char block_digest[WARC_DIGEST_STR_MAX];
	char payload_digest[WARC_DIGEST_STR_MAX];   /* "" if none */
	char filename[256];                          /* final name (without .open) */
	uint64_t offset;
	uint64_t length;                             /* compressed member size */
	uint64_t payload_len;
} warc_written;

/*
 * Start writing WARC/1.1 files in opt->dir, one gzip member per record,
 * named PREFIX-YYYYMMDDhhmmssSSS-SERIAL-HOST.warc.gz. The first file is
 * created at once as NAME.warc.gz.open, beginning with a warcinfo record
 * (opt->warcinfo) whose WARC-Filename is the final name; it is renamed to
 * NAME.warc.gz when closed, so a crash leaves an obviously unfinished file
 * for warc_repair_open_file(). WARC_ERR_USAGE for a missing directory
 * name, an unknown digest or a prefix with '/'; WARC_ERR_IO when the file
 * cannot be created; WARC_ERR_NOMEM.
 */
int warc_writer_open(warc_writer **out, const warc_writer_options *opt, warc_error *err) WARC_WUR;
/*
 * Append one record; where (may be NULL) gets its ID, digests, final file
 * name, offset and compressed length. The block is read twice (digests,
 * then compression), never held whole, so it may be a file of any size.
 * Fields the spec may not carry (WARC 1.1 section 5: WARC-Target-URI on
 * warcinfo, WARC-Refers-To on a response, fields the writer owns, repeats,
 * CR or LF in a value) are refused with WARC_ERR_USAGE and nothing is
 * written. A record counts as written only once it left stdio's buffer:
 * on any failure (WARC_ERR_IO, a full disk, WARC_ERR_NOMEM) the file is
 * truncated back to where the record started, so it never holds half a
 * record, and the writer stays usable for the next record. After a record
 * takes the file to opt->max_size the file is closed (renamed); the next
 * write opens a new one.
 */
int warc_writer_write(warc_writer *w, const warc_record_spec *spec, warc_written *where, warc_error *err) WARC_WUR;
/* Make everything written so far durable (fflush + fsync). */
int warc_writer_sync(warc_writer *w, warc_error *err) WARC_WUR;
/* Close the current file (renaming NAME.warc.gz.open to NAME.warc.gz) and free w. */
int warc_writer_close(warc_writer *w, warc_error *err) WARC_WUR;
/* Path of the file currently being written (with .open), or NULL. */
const char *warc_writer_current_path(const warc_writer *w);

/*
 * Cut a torn NAME.warc.gz.open back to its last whole record (gzip member
 * that inflates to a complete record) and rename it to NAME.warc.gz.
 * *kept receives the bytes kept. Used by crash recovery.
 */
int warc_repair_open_file(const char *path, uint64_t *kept, warc_error *err) WARC_WUR;

/* ---- Atomic output (atomic.c) --------------------------------------------- */

/*
 * Nothing half-written under a final name. warc_atomic_open creates
 * FINAL.part-XXXXXX beside FINAL (a file open for writing in a->fd, or a
 * directory at a->tmp_path to fill), first removing such temporaries left
 * by killed writers (a live writer's is flock'ed and kept). Write into it,
 * then warc_atomic_commit: fsync (a file) or syncfs (a directory tree),
 * rename into place (a directory replaces an earlier one atomically with
 * RENAME_EXCHANGE, then the earlier one is removed), fsync the parent. On
 * any failure, or with warc_atomic_abort, the temporary is removed and
 * FINAL is untouched. Errors name FINAL; creation failures are WARC_ERR_IO
 * with errno's text ("FINAL: Permission denied").
 */
typedef struct warc_atomic {
	char *final_path;
	char *tmp_path;     /* NULL when nothing is left to remove */
	int fd;             /* file: the temporary, open for writing; dir: -1 */
	int lock_fd;        /* holds the flock (file: == fd) */
	FILE *f;            /* file: the stream of warc_atomic_stream, or NULL */
	bool is_dir;
} warc_atomic;

/* Create FINAL's temporary (see above). */
int warc_atomic_open(warc_atomic *a, const char *final_path, bool is_dir, warc_error *err) WARC_WUR;
/* A stdio stream over a file temporary (owned by a; commit flushes and closes it). */
FILE *warc_atomic_stream(warc_atomic *a);
/* Durable and in place (a is released either way). */
int warc_atomic_commit(warc_atomic *a, warc_error *err) WARC_WUR;
/* Remove the temporary and release a (also after a failed open or a commit). */
void warc_atomic_abort(warc_atomic *a);
/* Could warc_atomic_open create FINAL's temporary (its directory exists and is
 * writable: not read-only, immutable or denied)? Creates nothing; for
 * checking an output before long work. WARC_OK or WARC_ERR_IO ("FINAL: why"). */
int warc_atomic_check(const char *final_path, warc_error *err) WARC_WUR;
/* Remove FINAL.part-XXXXXX leftovers of killed writers (warc_atomic_open does it). */
void warc_atomic_clean(const char *final_path);
/* rm -r path (no symlinks followed); 0, or -1 if something could not be removed. */
int warc_remove_tree(const char *path);

/* ---- Temporary files and the external sort (tmpfile.c, sort.c) ------------ */

/* An anonymous temporary file (created in dir, else $TMPDIR, else /tmp, and
 * unlinked at once), open for reading and writing. WARC_ERR_IO when it
 * cannot be made. */
int warc_tmpfile(const char *dir, FILE **out, warc_error *err) WARC_WUR;

/*
 * Bounded external sort of lines in bytewise order (LC_ALL=C sort's): add
 * lines (no '\n' or NUL inside), then take them back in order once with
 * warc_sort_each. Holds at most mem_limit bytes of lines (0: WARC_SORT_MEM_MAX,
 * counting each line's length plus a pointer), writing sorted runs to
 * warc_tmpfile(tmpdir) beyond that and merging them at the end. Equal lines
 * are all kept. tmpdir (may be NULL) must outlive the sort.
 */
typedef struct warc_sort warc_sort;
/* Called per line in order (line NUL-terminated, len without the NUL); a
 * non-zero return stops warc_sort_each with that status. */
typedef int (*warc_line_fn)(void *ctx, const char *line, size_t len);
int warc_sort_new(warc_sort **out, const char *tmpdir, size_t mem_limit, warc_error *err) WARC_WUR;
int warc_sort_add(warc_sort *s, const char *line, size_t len, warc_error *err) WARC_WUR;
int warc_sort_each(warc_sort *s, warc_line_fn fn, void *ctx, warc_error *err) WARC_WUR;
/* Runs written to disk so far (0: everything stayed in memory). */
size_t warc_sort_runs(const warc_sort *s);
void warc_sort_free(warc_sort *s);

/* ---- URIs and SURT ------------------------------------------------------- */

/* Value 0-15 of the hex digit c (ASCII 0-9, a-f, A-F), or -1 for any other c. */
int warc_hex_value(int c);

/* ---- UTF-8 (utf8.c) ------------------------------------------------------ */

/* One RFC 3629 sequence at s (n bytes available): its length 1-4 with the
 * code point in *cp, or 0 when it is not well-formed (bad lead or
 * continuation byte, cut short, overlong, a surrogate, above U+10FFFF). */
size_t warc_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Whether the n bytes at p are well-formed UTF-8 (NUL is a character). */
bool warc_utf8_valid(const void *p, size_t n);

/*
 * An absolute http(s) URL made safe for WARC-Target-URI: IDNA (punycode)
 * host, percent-encoded non-ASCII and spaces in path/query, fragment dropped.
 */
int warc_uri_to_ascii(const char *uri, warc_buf *out, warc_error *err) WARC_WUR;
/* IA-style SURT key (pywb conventions). URIs without scheme://host (dns:, urn:,
 * file:///, filedesc:, warcinfo:) pass through unchanged. */
int warc_surt(const char *uri, warc_buf *out) WARC_WUR;

/* ---- Index (CDXJ / CDX) -------------------------------------------------- */

/*
 * The key query of a non-GET capture, as warcio.js (ReplayWeb.page) and
 * pywb look it up: from the request's method, Content-Type (NULL: none) and
 * body (the first body_len bytes as stored; body_complete false when the
 * body was longer and cut at WARC_LIMIT_POST_BODY), key_query gets
 * "__wb_method=<method lowercased>&<query>" to append to the URL with '?'
 * or '&' before the SURT is taken, and request_body the query as the index
 * records it (may be empty). Both buffers are reset first; give key_query a
 * limit of at least WARC_LIMIT_POST_KEY bytes.
 */
int warc_post_query(const char *method, const char *content_type, const void *body, size_t body_len,
		    bool body_complete, warc_buf *key_query, warc_buf *request_body) WARC_WUR;

typedef struct warc_index_entry {
	const char *surt;
	char ts14[15];
	const char *url;
	const char *mime;
	int status;               /* 0 when not HTTP */
	const char *digest;       /* WARC-Payload-Digest as written, or NULL */
	uint64_t length, offset;
	const char *filename;
	const char *record_type;
	const char *method;       /* request method for non-GET, else NULL */
	const char *request_body; /* the non-GET request's body as a query (warc_post_query), or NULL */
} warc_index_entry;

typedef int (*warc_index_fn)(void *ctx, const warc_index_entry *e);

/*
 * Index the records of one WARC (response, revisit, resource and metadata
 * unless warc-fields). filename is what entries call the file (e.g. its base
 * name). Calls fn per entry in file order (an entry is held back by one
 * record, so that a neighbouring non-GET request can give it its method and
 * query). Damage does not stop the walk: damaged records are skipped (the
 * reader resynchronises), the rest of the file is indexed, and then the
 * first error met is returned with its message (a whole-file gzip stream,
 * whose offsets cannot be seeked, is WARC_ERR_FORMAT after indexing). A
 * nonzero return from fn stops at once and is returned. WARC_ERR_IO when
 * the file cannot be opened.
 */
int warc_index_file(const char *path, const char *filename, warc_index_fn fn, void *ctx,
		    warc_error *err) WARC_WUR;
/*
 * The entry warc_index_file() gives a response or revisit record, from what
 * its writer knows instead of reading the file back (a crawler indexing as it
 * writes). The record must have been written as described: WARC-Type type,
 * WARC-Target-URI, WARC-Date, Content-Type (NULL: none), WARC-Payload-Digest
 * (NULL or "": none), a block of block_len bytes whose first
 * min(block_len, WARC_LIMIT_HEADER) bytes are block_head, at offset/length as
 * warc_written reports them; and not right after a non-GET request record for
 * the same URI (that would add a method). Calls fn once (the HTTP head is
 * read from block_head as warc_record_http_head() reads it from the file).
 */
typedef struct warc_index_written_record {
	const char *type, *target_uri, *date, *content_type, *payload_digest;
	const void *block_head;
	size_t block_head_len;
	uint64_t block_len;
	uint64_t offset, length;
} warc_index_written_record;
int warc_index_written(const warc_index_written_record *r, const char *filename, warc_index_fn fn, void *ctx,
		       warc_error *err) WARC_WUR;
/* One CDXJ line (with '\n') for e. */
int warc_cdxj_line(const warc_index_entry *e, warc_buf *out) WARC_WUR;
/* One classic 11-field CDX line: N b a m s k r M S V g. */
int warc_cdx_line(const warc_index_entry *e, warc_buf *out) WARC_WUR;
#define WARC_CDX_HEADER " CDX N b a m s k r M S V g\n"

/* ---- Limits -------------------------------------------------------------- */

/*
 * Every limit of warc/, named once; SPEC.md section 5 "Limits" lists the
 * ones a user can meet. A buffer that would pass its limit is
 * WARC_ERR_TOOBIG unless a line says otherwise.
 */
#define WARC_LIMIT_HEADER   (1u << 20)    /* a WARC or HTTP header block: longer is a damaged record */
#define WARC_LIMIT_LINE     (64u << 10)   /* one header line, or an index or log line read back */
#define WARC_LIMIT_URL      (64u << 10)   /* one URL resolved, normalised or made ASCII: longer is refused */
#define WARC_LIMIT_HTTP_FIELDS 16384      /* fields of one HTTP head: more is WARC_ERR_FORMAT */
#define WARC_LIMIT_CHUNK_LINE 4096        /* one chunk-size line: longer is broken chunking */
#define WARC_LIMIT_CODINGS  8             /* content codings stacked on one body: more is WARC_ERR_FORMAT */
#define WARC_LIMIT_ZSTD_WINDOW_LOG 23     /* 8 MiB zstd window (the HTTP coding's limit): larger fails */
#define WARC_LIMIT_SURT     (1u << 20)    /* one SURT key: longer leaves the record unindexed (an error) */
#define WARC_LIMIT_INDEX_LINE (4u << 20)  /* one CDXJ or CDX line formatted: longer is WARC_ERR_TOOBIG */
#define WARC_LIMIT_DIR_WARCS 1000000u     /* WARC files listed from one directory: more is WARC_ERR_TOOBIG */
#define WARC_SORT_MEM_MAX   (64u << 20)   /* bytes of lines a sort holds before writing a run */
#define WARC_SORT_FANIN_MAX 64u           /* runs merged at once (open temporary files) */
#define WARC_LIMIT_POST_BODY (1u << 20)   /* request body read to key a non-GET capture; the rest unread */
#define WARC_POST_QUERY_MAX  4096         /* UTF-16 units of that query (warcio.js's limit); the rest cut */
#define WARC_LIMIT_POST_KEY (4 * WARC_POST_QUERY_MAX + 64)  /* bytes of a key query: 3 per unit + method */
#define WARC_WRITER_MAX_SIZE_DEFAULT 1000000000ull  /* bytes of a WARC file before rotation, by default */

#endif
