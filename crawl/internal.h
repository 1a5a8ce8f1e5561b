/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crawl/internal.h - private interfaces between the files of the crawl
 * engine (section 2 of crawl.h): spool, frontier, fetcher, capture, dedup,
 * crawl log. Not part of the public API; only crawl/ (and its tests) include it.
 *
 * Each piece owns one concept and one resource: the frontier owns state.db,
 * the fetcher owns the curl multi handle, capture owns the record layout,
 * the engine (engine.c) owns the loop and the policy that ties them.
 *
 * Names. Every private name declared here starts with crw_; the public
 * ones (crawl.h) start with crawl_.
 *
 * Error convention. The crw_spool_*, crw_frontier_*, crw_fetcher_*,
 * crw_dedup_* and crw_capture_* functions take a warc_error *err like
 * every fallible function of the module. The engine's own steps (the crw_
 * functions whose first argument is the engine *e) do not:
 * they fill e->err, which is the caller's warc_error given to crawl_run(),
 * and return the status (WARC_OK or a WARC_ERR_*). A nonzero status ends
 * the run: each caller returns it as it is, without overwriting e->err, so
 * the first failure is the one crawl_run() reports. Functions inside the
 * engine therefore pass e->err to the crw_frontier_* and other calls they
 * make. Per-URL failures (a fetch that failed, a robots.txt that does not
 * parse) are outcomes written to crawl.log, not errors; they never touch
 * e->err. Functions returning void or bool cannot fail (or, like
 * crw_index_capture(), recover on their own).
 *
 * Enums stored in state.db (crw_kind, crw_url_state, crw_robots_state,
 * crawl_outcome) keep their numeric values forever: a resumed crawl reads
 * rows an earlier wark wrote.
 */
#ifndef WARK_CRAWL_INTERNAL_H
#define WARK_CRAWL_INTERNAL_H

#include "crawl/crawl.h"

#include <stdint.h>
#include <stdio.h>

/* ---- time ---- */

/* Wall-clock milliseconds since the epoch (persisted retry times use it). */
int64_t crw_now_ms(void);

/* ---- spool (spool.c): a byte stream kept in memory up to CRAWL_SPOOL_BYTES,
 * then in an unlinked temporary file in a given directory ---- */

typedef struct crw_spool {
	warc_buf mem;
	FILE *file;          /* non-NULL once spilled; holds every byte from 0 */
	uint64_t len;
	const char *dir;     /* where the temporary file goes (borrowed) */
} crw_spool;

/* An empty spool whose temporary file (if ever needed) goes in dir ("/tmp"
 * when NULL; dir is borrowed and must outlive s). Allocates nothing. */
void crw_spool_init(crw_spool *s, const char *dir);
/* Append n bytes. The first append that would take the memory buffer past
 * CRAWL_SPOOL_BYTES moves everything to an unlinked DIR/.spool-XXXXXX file
 * (WARC_ERR_IO when it cannot be made or written, WARC_ERR_NOMEM). */
int crw_spool_add(crw_spool *s, const void *p, size_t n, warc_error *err) CRAWL_WUR;
/* Forget everything (keeps the memory buffer, closes the file). */
void crw_spool_reset(crw_spool *s);
/* Release the buffer and the file; s may be initialised again. */
void crw_spool_free(crw_spool *s);
/* Feed bytes [from, len) to sink in chunks (one call from memory, 64 KiB
 * chunks from the file); sink's nonzero return stops and is returned. Bytes
 * may still be added afterwards. */
int crw_spool_each(crw_spool *s, uint64_t from, warc_sink_fn sink, void *ctx, warc_error *err) CRAWL_WUR;
/* Copy at most n bytes from offset 0 into out (for heads); returns how many
 * (0 when the file cannot be read). */
size_t crw_spool_peek(crw_spool *s, void *out, size_t n);

/* ---- frontier (frontier.c): state.db ----
 *
 * One SQLite database per crawl directory, in WAL mode: the URL table
 * (frontier and seen set), origins and their robots knowledge, seeds,
 * payload digests for revisits, how far each WARC file and crawl.log are
 * accounted for, and a temporary table of index lines. Strings handed to
 * callbacks live during the call only. Every function returning a status
 * fills err with SQLite's message on failure. */

/* Why a URL is fetched. */
typedef enum crw_kind {
	CRAWL_KIND_PAGE = 0,        /* a page: its links are followed */
	CRAWL_KIND_REQUISITE = 1,   /* needed to render a page: links not followed */
	CRAWL_KIND_ROBOTS = 2,      /* an origin's /robots.txt, fetched before its other URLs */
	CRAWL_KIND_SITEMAP = 3,     /* a sitemap (or index): its <loc> entries are followed */
} crw_kind;

/* Where a URL row stands. */
typedef enum crw_url_state {
	CRAWL_ST_QUEUED = 0,        /* waiting (or due again for a retry) */
	CRAWL_ST_FLIGHT = 1,        /* handed out by crw_frontier_next() */
	CRAWL_ST_DONE = 2,          /* final: its crawl_outcome is stored */
} crw_url_state;

/* Robots knowledge about an origin, as persisted. */
typedef enum crw_robots_state {
	CRAWL_ROBOTS_UNKNOWN = 0,   /* not fetched yet (or in flight) */
	CRAWL_ROBOTS_RULES = 1,     /* body parsed */
	CRAWL_ROBOTS_ALLOW = 2,     /* 4xx, 3xx or --robots ignore */
	CRAWL_ROBOTS_DENY = 3,      /* 5xx or unreachable after retries */
	CRAWL_ROBOTS_ALIAS = 4,     /* redirected to another origin's /robots.txt (body = its key) */
} crw_robots_state;

/* One URL row (strings malloc'd; crw_job_clear() frees them). */

typedef struct crw_job {
	int64_t id;
	char *url;
	char *origin;
	char *hops;
	char *via;            /* NULL for seeds */
	int depth;            /* link hops from the seed */
	crw_kind kind;
	unsigned tries;       /* attempts already made */
} crw_job;

/* Free the strings of j and zero it (safe on a zeroed job). */
void crw_job_clear(crw_job *j);

typedef struct crw_frontier crw_frontier;

/* Open or create DIR/state.db (WAL). In-flight rows of an earlier run are
 * queued again. */
int crw_frontier_open(crw_frontier **out, const char *dir, warc_error *err) CRAWL_WUR;
/* Commit an open transaction and close the database; f may be NULL. */
void crw_frontier_close(crw_frontier *f);

/* Transactions: the engine keeps one open and commits in batches. */
int crw_frontier_begin(crw_frontier *f, warc_error *err) CRAWL_WUR;
int crw_frontier_commit(crw_frontier *f, warc_error *err) CRAWL_WUR;

/* Insert a URL. *added = false when it was seen before (nothing changes).
 * state is CRAWL_ST_QUEUED, or CRAWL_ST_DONE with outcome for URLs decided
 * at discovery (trap, budget). */
int crw_frontier_add(crw_frontier *f, const crw_job *j, crw_url_state state, crawl_outcome outcome,
		       bool *added, warc_error *err) CRAWL_WUR;
/* Next queued URL of origin that is due at now_ms (robots_only: only the
 * robots.txt row). Marks it in flight. *found = false when none. */
int crw_frontier_next(crw_frontier *f, const char *origin, bool robots_only, int64_t now_ms,
			crw_job *out, bool *found, warc_error *err) CRAWL_WUR;
/* Earliest not_before among the queued URLs of origin (robots_only: its
 * robots.txt row), or -1 when there is none. */
int64_t crw_frontier_next_due(crw_frontier *f, const char *origin, bool robots_only);
/* Row id is final: state DONE with outcome and HTTP status (0 when none). */
int crw_frontier_done(crw_frontier *f, int64_t id, crawl_outcome outcome, int status,
			warc_error *err) CRAWL_WUR;
/* Row id goes back to the queue for another attempt: tries made so far, not
 * handed out by crw_frontier_next() before not_before (epoch ms). */
int crw_frontier_requeue(crw_frontier *f, int64_t id, unsigned tries, int64_t not_before,
			   warc_error *err) CRAWL_WUR;

/* Origins (scheme://host:port): robots knowledge is stored; the URL counts
 * are derived from the URL table. */
typedef struct crw_origin_row {
	const char *origin;
	crw_robots_state robots_state;
	const char *robots_body;   /* CRAWL_ROBOTS_RULES: the body; CRAWL_ROBOTS_ALIAS: the origin's key */
	size_t robots_len;
	uint64_t accepted;         /* URLs accepted (not trap/budget cut), computed */
	uint64_t queued;           /* rows in state QUEUED, computed */
} crw_origin_row;
typedef int (*crawl_origin_fn)(void *ctx, const crw_origin_row *row);
/* Every origin that has URL rows, with its robots knowledge and counts; fn's
 * nonzero return stops the walk and is returned. */
int crw_frontier_origins(crw_frontier *f, crawl_origin_fn fn, void *ctx, warc_error *err) CRAWL_WUR;
/* Store row's robots state and body (the counts are not stored). */
int crw_frontier_save_origin(crw_frontier *f, const crw_origin_row *row, warc_error *err) CRAWL_WUR;

/* Seeds (including seeds added by redirects), for the scope on resume:
 * add_seed records url once; seeds calls fn on each
 * (fn's nonzero return stops the walk and is returned). */
int crw_frontier_add_seed(crw_frontier *f, const char *url, warc_error *err) CRAWL_WUR;
typedef int (*crawl_str_fn)(void *ctx, const char *s);
int crw_frontier_seeds(crw_frontier *f, crawl_str_fn fn, void *ctx, warc_error *err) CRAWL_WUR;

/* Seeds, and seeds without a capture below status 400 (a failed query
 * counts 0). Returns WARC_OK. */
int crw_frontier_seed_stats(crw_frontier *f, uint64_t *total, uint64_t *failed);
/* URL rows in state QUEUED (0 when the query fails). */
uint64_t crw_frontier_count_queued(crw_frontier *f);
/* Captures (responses, revisits, redirects); pages_only: pages and requisites. */
uint64_t crw_frontier_count_captured(crw_frontier *f, bool pages_only);
/* Queued URLs (not fetched), for the final limit-cut lines; fn's nonzero
 * return stops the walk and is returned. */
int crw_frontier_each_queued(crw_frontier *f, int (*fn)(void *ctx, const crw_job *j), void *ctx,
			       warc_error *err) CRAWL_WUR;

/* Payload digests already captured (this crawl or imported). The caller
 * of crw_frontier_digest_get() frees uri and warc_name. */
typedef struct crw_digest_row {
	char record_id[WARC_ID_MAX];   /* "" when unknown (imported index) */
	char *uri;
	char date[WARC_DATE_MAX];
	/* Imported and not looked up yet: the CDXJ filename and offset of the
	 * original record; warc_name is NULL otherwise. */
	char *warc_name;
	uint64_t warc_offset;
} crw_digest_row;
/* The row of a payload digest ("sha1:BASE32"); *found = false when unknown. */
int crw_frontier_digest_get(crw_frontier *f, const char *digest, crw_digest_row *out,
			      bool *found, warc_error *err) CRAWL_WUR;
/* The first capture of a digest in this crawl: the record that later
 * revisits refer to (an existing row is kept). */
int crw_frontier_digest_put(crw_frontier *f, const char *digest, const char *record_id,
			      const char *uri, const char *date, warc_error *err) CRAWL_WUR;
/* An imported digest (no record ID yet) and, when warc_name is not NULL,
 * where its record may be. A digest already known is left as it is. */
int crw_frontier_digest_import(crw_frontier *f, const char *digest, const char *uri, const char *date,
				 const char *warc_name, uint64_t warc_offset, warc_error *err) CRAWL_WUR;
/* The lookup of an imported digest's record is done: record_id (and date,
 * if not NULL) when it was found, NULL when not. Its source is forgotten
 * either way, so no digest is looked up twice. */
int crw_frontier_digest_resolved(crw_frontier *f, const char *digest, const char *record_id,
				   const char *date, warc_error *err) CRAWL_WUR;
/* The row of url (any state; *state gets it); *found = false when none. */
int crw_frontier_find(crw_frontier *f, const char *url, crw_job *out, crw_url_state *state, bool *found,
			warc_error *err) CRAWL_WUR;
/* The WARC file name (final name) holds records up to byte committed that
 * the state of this transaction accounts for (it only grows). */
int crw_frontier_warc_put(crw_frontier *f, const char *name, uint64_t committed, warc_error *err) CRAWL_WUR;
/* That offset, or -1 for a file the state has never accounted for. */
int64_t crw_frontier_warc_get(crw_frontier *f, const char *name);
/* Named integers kept with the state ("log": crawl.log bytes accounted for);
 * get gives -1 for a name never put. */
int crw_frontier_mark_put(crw_frontier *f, const char *key, int64_t value, warc_error *err) CRAWL_WUR;
int64_t crw_frontier_mark_get(crw_frontier *f, const char *key);
/* A sorted, de-duplicated scratch table for the CDXJ index lines (a TEMP
 * table: it dies with the connection). reset empties it, add inserts a line
 * (a duplicate is ignored), each calls fn on every line in byte order (as
 * LC_ALL=C sort; fn's nonzero return stops the walk and is returned). */
int crw_frontier_lines_reset(crw_frontier *f, warc_error *err) CRAWL_WUR;
int crw_frontier_lines_add(crw_frontier *f, const char *line, warc_error *err) CRAWL_WUR;
int crw_frontier_lines_each(crw_frontier *f, crawl_str_fn fn, void *ctx, warc_error *err) CRAWL_WUR;

/* ---- dedup (dedup.c, dedupref.c): --dedup-index import ---- */

/* Load the digests of a CDXJ file into the frontier's digest table
 * (crw_frontier_digest_import() for each line crw_dedup_line() keeps);
 * *loaded counts them. WARC_ERR_IO when the file cannot be read. */
int crw_dedup_import(crw_frontier *f, const char *cdxj_path, uint64_t *loaded, warc_error *err) CRAWL_WUR;
/* What the import keeps of one CDXJ line; strings live during the callback. */
typedef struct crw_dedup_entry {
	char digest[WARC_DIGEST_STR_MAX + 8];   /* labelled: "sha1:" added when the line has none */
	char date[WARC_DATE_MAX];               /* the line's timestamp as a WARC-Date */
	const char *url;
	const char *warc_name;                  /* NULL unless the line has a filename and an offset */
	uint64_t offset;
} crw_dedup_entry;
typedef int (*crawl_dedup_fn)(void *ctx, const crw_dedup_entry *en);
/* Parse one line "SURT TS14 {json}" (len bytes, any bytes, newline optional)
 * and call fn with it when it is a capture with a payload digest (not a
 * revisit, not the empty payload's digest, digest shorter than
 * WARC_DIGEST_STR_MAX); any other line is skipped. Returns fn's result or WARC_OK. */
int crw_dedup_line(const char *line, size_t len, crawl_dedup_fn fn, void *ctx) CRAWL_WUR;
/*
 * dedupref.c: an imported row (row->warc_name set, no record ID) about to
 * be the original of a revisit: read the WARC header at its offset (the
 * file looked for beside cfg->dedup_index, in its warc/, in
 * cfg->dedup_warcs) and, if it is the response/resource of row->uri with
 * that payload digest and date, fill row->record_id and row->date with its
 * own. The outcome is kept in f. A missing or different record leaves row
 * as it was; only a state.db error is returned.
 */
int crw_dedup_resolve(const crawl_config *cfg, crw_frontier *f, const char *digest, crw_digest_row *row,
			warc_error *err) CRAWL_WUR;

/* ---- fetcher (fetch.c): libcurl multi ----
 *
 * One crw_fetch per transfer: the request as sent and the response as
 * received (every head, then the body, in a spool), with what libcurl said
 * about it. The fetcher never follows redirects and never decodes bodies. */

typedef struct crw_fetch {
	crw_job job;
	struct timespec started;       /* WARC-Date of the capture */
	int64_t started_ms;
	long duration_ms;
	warc_buf request;              /* bytes sent */
	crw_spool response;          /* bytes received: head then body */
	uint64_t head_len;             /* 0 until the final head is complete */
	uint64_t body_len;
	const char *truncated;         /* "length", "time", "disconnect" or NULL */
	int result;                    /* CURLcode */
	char error[256];               /* curl's message when result != 0 */
	char ip[64];                   /* CURLINFO_PRIMARY_IP */
	long status;                   /* HTTP status of the final head, 0 if none */
	const char *http_protocol;     /* WARC-Protocol name of the response's HTTP version
					* ("http/1.0", "http/1.1", "h2"), NULL before a head */
	const char *tls_protocol;      /* "tls/1.3", "tls/1.2", ... for https when libcurl's
					* TLS library is the OpenSSL we link; else NULL */
	bool read_tls;                 /* that is the case: ask the SSL handle */
	void *origin;                  /* the engine's per-origin state (borrowed) */
	void *easy;                    /* CURL * */
	void *headers;                 /* struct curl_slist * */
	uint64_t max_size;
	uint64_t *bytes_counter;       /* running total of bytes received */
	warc_error io_error;           /* spool failure inside a callback */
	bool io_failed;
	bool saw_request_head;
} crw_fetch;

typedef struct crw_fetcher crw_fetcher;
/* A fetcher for cfg (borrowed: user agent, Accept-Encoding, --resolve, TLS
 * options, timeouts). WARC_ERR_IO when libcurl cannot start, WARC_ERR_NOMEM. */
int crw_fetcher_new(crw_fetcher **out, const crawl_config *cfg, warc_error *err) CRAWL_WUR;
/* Free the fetcher (fe may be NULL). The fetches are the caller's: abort
 * the running ones first. */
void crw_fetcher_free(crw_fetcher *fe);
/* Start fetching f->job.url. The caller keeps owning f (and frees it with
 * crw_fetch_free() after done() returned it or after abort()); the
 * fetcher borrows it meanwhile and never frees a fetch. */
int crw_fetcher_start(crw_fetcher *fe, crw_fetch *f, warc_error *err) CRAWL_WUR;
/* Drive transfers; wait at most timeout_ms for activity. A failing
 * transfer is not an error (see f->result); only libcurl's multi interface
 * failing is. */
int crw_fetcher_run(crw_fetcher *fe, int timeout_ms, warc_error *err) CRAWL_WUR;
/* A finished transfer, or NULL; each is returned once. */
crw_fetch *crw_fetcher_done(crw_fetcher *fe);
/* Stop borrowing f, running or finished (it is returned by no later done()). */
void crw_fetcher_abort(crw_fetcher *fe, crw_fetch *f);
/* Transfers started and not yet returned by done() or aborted. */
unsigned crw_fetcher_active(const crw_fetcher *fe);
/* An empty fetch whose response spools to spool_dir (borrowed); NULL when
 * out of memory. The caller fills f->job (and the limits) before starting it. */
crw_fetch *crw_fetch_new(const char *spool_dir);
/* Free f, its curl handle, buffers and job (f may be NULL). */
void crw_fetch_free(crw_fetch *f);
/* Short stable token for a curl result ("timeout", "connect", ...; "ok"
 * for success, "io" when the spool failed): the crawl.log detail. */
const char *crw_fetch_reason(const crw_fetch *f);
/* False when another attempt cannot change the outcome (the certificate
 * failed verification, the CA file is unusable). */
bool crw_fetch_retryable(const crw_fetch *f);

/* ---- h2text.c: HTTP/2 exchanges as HTTP/1.1 text ---- */

/* RFC 9110's reason phrase for code, "" for codes without one. */
const char *crw_http_reason(long code);
/* "HTTP/1.1 CODE REASON\r\n" into out (a trailing space when there is no
 * reason phrase); its length, or 0 when code is not 3 digits or out too small. */
size_t crw_h2_status_line(long code, char *out, size_t outsz);
/* libcurl's text of an HTTP/2 request ("GET / HTTP/2\r\nHost: ...") with the
 * request line's version made "HTTP/1.1"; the rest is kept byte for byte.
 * Any other request line is left alone. WARC_ERR_TOOBIG past req's limit. */
int crw_h2_request_head(warc_buf *req, warc_error *err) CRAWL_WUR;

/* ---- capture (capture.c): the records of one fetch ---- */

/* What capture needs beside the fetch itself (all borrowed). */
typedef struct crw_capture_info {
	const char *via;
	const char *hops;
	long fetch_ms;
	const warc_buf *outlinks;        /* "outlink: URL HOP\r\n" lines, or NULL */
	/* For a revisit: the earlier capture with the same payload digest. */
	const crw_digest_row *original;
	const char *payload_digest;      /* the digest that matched */
	/* For a response: its payload digest exactly as the writer would compute
	 * it (WARC_PAYLOAD_HTTP, sha1), so it is not computed twice; or NULL. */
	const char *response_payload_digest;
} crw_capture_info;

/* Where the records of a capture went. */
typedef struct crw_capture_result {
	warc_written response;           /* where the response (or revisit) landed */
	uint64_t bytes;                  /* compressed bytes of all records */
	char end_file[256];              /* the file of the last record (final name) */
	uint64_t end;                    /* and the offset just past it */
} crw_capture_result;

/* Write request, response (or revisit when info->original), metadata. */
int crw_capture_write(warc_writer *w, crw_fetch *f, const crw_capture_info *info,
			crw_capture_result *res, warc_error *err) CRAWL_WUR;
/* The index entry of the response (or revisit) crw_capture_write() wrote,
 * from what was written (warc_index_written()); fn is called once. */
int crw_capture_index(crw_fetch *f, const crw_capture_result *res, bool revisit, warc_index_fn fn,
			void *ctx, warc_error *err) CRAWL_WUR;

/* ---- the engine's own state (engine.c, origins.c, discover.c, process.c,
 * warcinfo.c) ---- */

/* Politeness and robots state of one origin (scheme://host:port). */
typedef struct crw_origin {
	char *key;
	uint64_t queued;           /* frontier rows waiting */
	uint64_t accepted;         /* URLs accepted, for the per-host budget */
	unsigned inflight;
	int64_t next_ms;           /* earliest next request start */
	crw_robots_state robots_state;
	crawl_robots *robots;      /* for CRAWL_ROBOTS_RULES */
	long robots_delay_ms;      /* Crawl-delay, 0 if none */
	struct crw_origin *robots_alias;  /* CRAWL_ROBOTS_ALIAS: whose robots.txt applies */
	char *alias_key;           /* while loading state.db only */
	struct crw_origin *next_in_bucket;
} crw_origin;

typedef struct engine {
	const crawl_config *cfg;
	const crawl_callbacks *cb;
	crawl_result *res;
	warc_error *err;
	crw_frontier *fr;
	crw_fetcher *fe;
	warc_writer *writer;
	crawl_scope *scope;
	crawl_scope *excludes;     /* "any" minus --exclude, for requisites */
	crawl_trap_limits traps;
	struct engine_chain { uint64_t pattern; unsigned thin; } *chains; /* CRAWL_TRAP_PATTERNS slots */
	char robots_agent[64];     /* product token for robots.txt groups */
	FILE *log;
	char *warc_dir;
	warc_buf line;             /* scratch for log and index lines */
	warc_buf warcinfo;         /* the writer's warcinfo block */
	/* origins: hash table for lookup, array for round robin */
	crw_origin **buckets;
	size_t nbuckets;
	crw_origin **origins;
	size_t norigins, caporigins;
	size_t rr;
	/* in flight */
	crw_fetch **flight;
	size_t nflight, capflight;
	uint64_t queued;           /* frontier rows waiting, all origins */
	uint64_t pages, pages_base;/* page/requisite captures: this run, earlier runs */
	uint64_t pages_inflight;   /* page/requisite fetches in flight */
	unsigned uncommitted;      /* captures since the last commit */
	/* WARC files this run wrote; covered: all their index lines are in temp.lines */
	struct engine_own_file { char name[256]; bool covered; } *own;
	size_t nown, capown;
	bool own_overflow;         /* out of memory for that list: read every file back */
	int64_t start_ms, last_commit_ms, last_progress_ms;
} engine;

/* engine.c: write ev's crawl.log line and pass ev to callbacks->on_event. */
int crw_log(engine *e, const crawl_event *ev) CRAWL_WUR;

/* ownindex.c: index lines of this run's captures as they are written */
/* After a capture: its line into temp.lines, or its file marked to be read back. */
void crw_index_capture(engine *e, crw_fetch *f, const crw_capture_result *res, bool revisit);
/* Does write_index still have to read the closed WARC file name? */
bool crw_index_needs_read(const engine *e, const char *name);
/* One index entry into temp.lines (warc_index_fn). */
int crw_index_add(void *ctx, const warc_index_entry *ie);

/* origins.c: the per-origin table (hash for lookup, array for round robin) */
/* Build the table from state.db's origins (on resume), robots rules parsed
 * again and aliases linked. */
int crw_origins_load(engine *e) CRAWL_WUR;
/* Free every origin and the table. */
void crw_origins_free(engine *e);
/* The origin of url ("scheme://host[:port]") into out; false if none. */
bool crw_origin_key(const char *url, char *out, size_t outsz);
/* Find or create (creating queues its robots.txt when robots are obeyed). */
int crw_origin_get(engine *e, const char *key, const crw_job *cause, crw_origin **out) CRAWL_WUR;
/* The origin whose robots.txt governs o (o itself unless redirected, RFC 9309
 * 2.3.1.2: at most 5 hops). */
const crw_origin *crw_robots_origin(const crw_origin *o);
/* Does the robots knowledge governing o allow path_query? RULES: the parsed
 * rules decide; DENY refuses everything; any other state allows. */
bool crw_robots_allows(const crw_origin *o, const char *path_query);
/* robots.txt of o redirected to location: follow it when it names another
 * origin's /robots.txt, else treat robots.txt as unavailable (allow all). */
int crw_robots_redirect(engine *e, crw_origin *o, const crw_job *cause, const char *location) CRAWL_WUR;
/* Record what robots.txt said (body for CRAWL_ROBOTS_RULES; a body that
 * does not parse counts as allow), persist it, push the origin's next
 * request back by its delay, and queue the Sitemap: lines with --sitemaps. */
int crw_robots_set(engine *e, crw_origin *o, crw_robots_state state, const char *body,
		      size_t len) CRAWL_WUR;

/* discover.c: what becomes a frontier row, and the decisions without a fetch */
/* The robots.txt product token from the user agent, then e->scope and
 * e->excludes from the config and the seeds kept in state.db (resume). */
int crw_setup_scope(engine *e) CRAWL_WUR;
/* Queue the config's seeds (and /sitemap.xml of each with --sitemaps). */
int crw_add_seeds(engine *e) CRAWL_WUR;
/* A URL found by parent (NULL for seeds) with hop letter, as kind: traps and
 * the host budget checked, then queued (a URL seen before is ignored). */
int crw_add_url(engine *e, const char *url, const crw_job *parent, char hop, crw_kind kind) CRAWL_WUR;
/* Route one link found in parent's document (scope, depth, requisites). */
int crw_add_link(engine *e, const crw_job *parent, const char *url, crawl_link_kind kind) CRAWL_WUR;
/* crw_add_link, but a new URL that passes scope and traps is cut as trap:REASON (trap set). */
int crw_add_link_trap(engine *e, const crw_job *parent, const char *url, crawl_link_kind kind,
			 const char *trap) CRAWL_WUR;
/* Route a redirect target of parent. */
int crw_add_redirect(engine *e, const crw_job *parent, const char *location) CRAWL_WUR;
/* A crawl.log line for a decision without a fetch. */
int crw_log_decision(engine *e, const crw_job *j, crawl_outcome out, const char *why) CRAWL_WUR;
/* A final line without a fetch (robots, trap, budget) and the done mark. */
int crw_final(engine *e, const crw_job *j, crawl_outcome out, const char *why) CRAWL_WUR;

/* process.c: a finished fetch with a response */

/* What is read from a response before its records are written. */
typedef struct crw_response {
	warc_http *http;           /* parsed head, or NULL when unparsable */
	char mime[128];
	char digest[WARC_DIGEST_STR_MAX];  /* payload digest (de-chunked), "" if none */
	bool digest_as_writer;     /* digest is what the writer's WARC_PAYLOAD_HTTP gives:
				    * the head parsed and ended exactly at head_len */
	uint64_t payload_len;
	warc_buf body;             /* decoded body when links are wanted, else empty */
	bool have_body;
} crw_response;
/* Parse f's head and compute the payload digest; decode the body into
 * r->body when links are wanted from it. crw_response_close() frees r
 * whatever this returned. */
int crw_response_open(engine *e, crw_fetch *f, crw_response *r) CRAWL_WUR;
void crw_response_close(crw_response *r);
/* Write f's records (a revisit when the digest was seen), then everything
 * that follows: done mark, crawl.log line, digest row, robots knowledge,
 * redirect target and links queued. */
int crw_capture(engine *e, crw_fetch *f, crw_response *r) CRAWL_WUR;
/* A capture a killed run wrote after its last commit, found on --resume:
 * everything crw_capture() does after writing the records (done mark,
 * log line, digest, robots, redirect, links), from what the records hold. */
typedef struct crw_replayed {
	bool revisit;
	const char *record_id;         /* of the response or revisit */
	const char *payload_digest;    /* WARC-Payload-Digest, or NULL */
	const char *metadata;          /* the metadata block (outlinks of a revisit) */
} crw_replayed;
int crw_replay(engine *e, crw_fetch *f, crw_response *r, const crw_replayed *rp) CRAWL_WUR;
/* reconcile.c: on --resume, replay every complete capture the WARC files
 * hold beyond what the state accounts for (after the .open repair), and cut
 * crawl.log back to what the state accounts for. */
int crw_reconcile(engine *e) CRAWL_WUR;

/* A fetch without a capture is final (no retry left): FAILED with why in
 * crawl.log and the done mark; a robots.txt fetch makes its origin DENY. */
int crw_fetch_failed(engine *e, crw_fetch *f, const char *why) CRAWL_WUR;

/* warcinfo.c: open e->writer on DIR/warc with the warcinfo record built
 * from the config (scope, limits, user agent, command line). */
int crw_open_writer(engine *e) CRAWL_WUR;

#endif
