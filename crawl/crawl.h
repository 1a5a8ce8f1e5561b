/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crawl.h - the crawler: discovery (links, sitemaps), policy (scope, robots,
 * traps), the frontier and fetch loop that writes captures through warc/.
 *
 * Layering: crawl/ includes warc/warc.h only. It never prints or exits: the
 * crawl loop writes its output directory (WARCs, crawl.log, state, index)
 * and reports progress and per-fetch outcomes through callbacks that
 * cmd/crawl.c turns into the status line.
 *
 * The file has two halves, owned by different parts of the module:
 *  1. policy and discovery: pure functions over bytes and URLs (urls.c,
 *     links.c, css.c, sitemap.c, robots.c, scope.c, traps.c);
 *  2. the crawl engine: frontier (SQLite), fetcher (curl multi), capture
 *     writing, resume (frontier.c, fetch.c, capture.c, engine.c ...).
 */
#ifndef WARK_CRAWL_H
#define WARK_CRAWL_H

#include "warc/warc.h"

#include <signal.h>

#define CRAWL_WUR __attribute__((warn_unused_result))

/* ======================================================================
 * 1. Policy and discovery
 * ====================================================================== */

/* ---- URLs ---- */

/*
 * Resolve ref against base (RFC 3986; base NULL: ref must be absolute),
 * keep only http/https, drop the fragment, lowercase scheme and host,
 * remove default port and dot segments, make the result ASCII
 * (warc_uri_to_ascii rules). Surrounding whitespace is trimmed, tab/CR/LF
 * removed, '\\' before the query read as '/', userinfo kept, an empty path
 * becomes "/". out is reset first. Returns WARC_OK, WARC_ERR_FORMAT for
 * unusable refs (mailto:, javascript:, junk), WARC_ERR_TOOBIG when the
 * result exceeds out's limit or an input 64 KiB.
 */
int crawl_url_resolve(const char *base, const char *ref, warc_buf *out, warc_error *err) CRAWL_WUR;
/* Host (lowercase, no port; IPv6 in brackets) of an absolute URL into out;
 * WARC_ERR_FORMAT if none, WARC_ERR_TOOBIG if it does not fit. */
int crawl_url_host(const char *url, char *out, size_t outsz) CRAWL_WUR;
/* A seed as the crawl keeps it (crawl_url_resolve() of the seed alone;
 * one typed without a scheme, "example.org/news" or "host:8080", gets
 * "http://" first, as wget does), or WARC_ERR_USAGE with one line naming
 * the seed as typed and what is wrong (not absolute, not http(s), no host). */
int crawl_url_seed(const char *seed, warc_buf *out, warc_error *err) CRAWL_WUR;

/* ---- Links ---- */

typedef enum crawl_link_kind {
	CRAWL_LINK_NAV = 0,     /* a, area, frame, iframe, meta refresh, sitemap entries: pages */
	CRAWL_LINK_REQUISITE,   /* img, srcset, source, script, link rel=stylesheet/icon/preload,
				 * embed, object, video/audio src and poster, input image,
				 * style url(), CSS url()/@import: needed to render a page */
} crawl_link_kind;

/* Called once per discovered absolute URL (already resolved and filtered; the
 * same URL may come more than once). url is only valid during the call.
 * A nonzero return stops the walk; the crawl_links_* function returns it.
 * The crawl_links_* functions return WARC_OK, the callback's nonzero value,
 * or a WARC_ERR_* for bad arguments or input over their limits. */
typedef int (*crawl_link_fn)(void *ctx, const char *url, crawl_link_kind kind);

/* Links of an HTML document (honours the first <base href>). Uses libxml2's
 * HTML parser; any bytes are accepted (tag soup, binary junk: fewer links).
 * Elements: see links.c; also style attributes and <style> through the CSS
 * scanner, img data-src/data-srcset, rel=dns-prefetch/preconnect skipped.
 * Parsed under the CRAWL_HTML_* limits below with the default time budget. */
int crawl_links_html(const char *html, size_t len, const char *page_url,
		     crawl_link_fn fn, void *ctx, warc_error *err) CRAWL_WUR;

/*
 * Parse limits: any page costs bounded time and memory. The document is
 * first rewritten by warc_html_bound() (linear; it keeps CRAWL_HTML_MAX_BYTES,
 * CRAWL_HTML_MAX_ELEMENTS start tags, CRAWL_HTML_MAX_ATTRS attributes per
 * element and CRAWL_HTML_MAX_ATTRS_TOTAL in all), then libxml2 builds the
 * tree, ended at CRAWL_HTML_MAX_DEPTH open elements (libxml2's own limit)
 * or after the time budget. Links are taken from what was parsed.
 */
typedef struct crawl_html_budget {
	unsigned time_ms;                    /* parse time; 0 = CRAWL_HTML_TIME_MS */
	int64_t run_left_ms;                 /* the run's time left, -1 = none: ends the parse (after the grace) */
	const volatile sig_atomic_t *stop;   /* set: ends the parse (after the grace); NULL = none */
} crawl_html_budget;

/* crawl_links_html under budget (NULL = defaults); *limit (if limit) gets the
 * limit that cut the document ("bytes", "elements", "attributes", "depth",
 * "time", "stopped") or NULL when it was parsed whole. */
int crawl_links_html_limited(const char *html, size_t len, const char *page_url,
			     const crawl_html_budget *budget, crawl_link_fn fn, void *ctx,
			     const char **limit, warc_error *err) CRAWL_WUR;
/* Links of a CSS stylesheet or style attribute: url(...) and @import. */
int crawl_links_css(const char *css, size_t len, const char *base_url,
		    crawl_link_fn fn, void *ctx, warc_error *err) CRAWL_WUR;
/* <loc> entries of a sitemap or sitemap index (XML; gzip is decoded by the caller).
 * Entries of a sitemap index are reported with *is_index set. url/loc and
 * sitemap/loc are nav, image:loc requisites. Input over CRAWL_SITEMAP_MAX_BYTES
 * is refused (WARC_ERR_TOOBIG), entries past CRAWL_SITEMAP_MAX_URLS ignored; a document that does not
 * start with '<' is read as the text format (one URL per line); an XML root
 * other than urlset/sitemapindex yields nothing. No entities, no network. */
int crawl_links_sitemap(const char *xml, size_t len, const char *sitemap_url,
			crawl_link_fn fn, void *ctx, bool *is_index, warc_error *err) CRAWL_WUR;

/* ---- robots.txt (RFC 9309) ---- */

typedef struct crawl_robots crawl_robots;

/*
 * Parse robots.txt for the product token of user_agent: its leading
 * [A-Za-z_-] characters, so "wark/0.1 (+url)" means "wark". Groups naming
 * that token (case-insensitively, exact) are merged and used; otherwise the
 * '*' groups. Allow/Disallow: longest pattern wins, allow on ties, '*' and a
 * final '$' supported, percent-encoding normalised on both sides, empty
 * values ignored, /robots.txt always allowed. Unknown lines, a BOM and a
 * forgotten colon after a known key are tolerated; a line cut by
 * CRAWL_ROBOTS_MAX is dropped. Any bytes parse (WARC_OK) barring NOMEM.
 */
int crawl_robots_parse(const char *txt, size_t len, const char *user_agent,
		       crawl_robots **out, warc_error *err) CRAWL_WUR;
/* Policies for fetch outcomes: 4xx = allow all, 5xx/unreachable = disallow
 * all. NULL when out of memory; freed with crawl_robots_free(). */
crawl_robots *crawl_robots_allow_all(void);
crawl_robots *crawl_robots_disallow_all(void);
/* May the URL be fetched? path_query is the URL's path plus "?query"
 * (percent-encoded as on the wire). */
bool crawl_robots_allowed(const crawl_robots *r, const char *path_query);
/* Crawl-delay in milliseconds for the matched group, or -1 when none
 * (fractions allowed; capped at one day). */
long crawl_robots_delay_ms(const crawl_robots *r);
/* The Sitemap: lines, counted wherever they stand (at most 1000 kept), in
 * file order: how many, and the i-th (i < count; strings live as long as r). */
size_t crawl_robots_sitemap_count(const crawl_robots *r);
const char *crawl_robots_sitemap(const crawl_robots *r, size_t i);
/* Free r (NULL allowed). */
void crawl_robots_free(crawl_robots *r);

/* ---- Scope ---- */

/*
 * Which pages a crawl follows, measured against each seed. Every mode
 * compares without the scheme (http and https of a site are one scope) and
 * allows only http(s) URLs; a URL in scope of any seed is in scope.
 * Requisites of in-scope pages are decided by the engine, not the mode.
 */
typedef enum crawl_scope_mode {
	CRAWL_SCOPE_PAGE = 0,    /* "page": the normalised seed URLs only (plus their requisites) */
	CRAWL_SCOPE_PREFIX,      /* "prefix": the seed's host[:port] and path up to its last '/' */
	CRAWL_SCOPE_HOST,        /* "host" (default): the seed's host, any port */
	CRAWL_SCOPE_DOMAIN,      /* "domain": the seed's registrable domain by libpsl's built-in
				  * list (a host without one, such as an IP, stands for itself) */
	CRAWL_SCOPE_ANY,         /* "any": every http(s) URL */
} crawl_scope_mode;

/* A scope: a mode, its seeds and --include/--exclude patterns. */
typedef struct crawl_scope crawl_scope;
/* A scope of mode without seeds or patterns. WARC_ERR_USAGE for a mode
 * out of range, WARC_ERR_NOMEM. */
int crawl_scope_new(crawl_scope **out, crawl_scope_mode mode, warc_error *err) CRAWL_WUR;
/* Add a seed (normalised by crawl_url_resolve()); WARC_ERR_FORMAT when it
 * is not an absolute http(s) URL with a host. */
int crawl_scope_add_seed(crawl_scope *s, const char *url, warc_error *err) CRAWL_WUR;
/* PCRE2 patterns (UTF) searched for anywhere in the URL: anchor with ^...$.
 * Compiled once (JIT when available); a bad pattern is WARC_ERR_USAGE with
 * the compiler's message. A URL matching an include pattern is in scope
 * whatever the mode says; one matching an exclude pattern is out, always. */
int crawl_scope_include(crawl_scope *s, const char *regex, warc_error *err) CRAWL_WUR;
int crawl_scope_exclude(crawl_scope *s, const char *regex, warc_error *err) CRAWL_WUR;
/* In scope as a page? (mode + include/exclude). Requisites are decided by the engine. */
bool crawl_scope_allows(const crawl_scope *s, const char *url);
/* The mode named name (the quoted names above, any case) into *out:
 * WARC_OK, or WARC_ERR_USAGE for an unknown name (nothing written). */
int crawl_scope_mode_parse(const char *name, crawl_scope_mode *out);
/* Free s (NULL allowed). */
void crawl_scope_free(crawl_scope *s);

/* ---- Trap guards ---- */

typedef struct crawl_trap_limits {
	unsigned max_path_depth;       /* path segments; default CRAWL_TRAP_PATH_DEPTH */
	unsigned max_segment_repeats;  /* same segment appearing this often; default CRAWL_TRAP_SEGMENT_REPEATS */
	unsigned max_url_length;       /* default CRAWL_TRAP_URL_LENGTH */
	unsigned max_thin_chain;       /* thin pages of one URL pattern in a row; default
					* CRAWL_TRAP_THIN_CHAIN, CRAWL_TRAP_CHAIN_OFF = no limit */
} crawl_trap_limits;

/*
 * Chains of thin pages (calendars, endless "next" links). A URL's pattern is
 * its host[:port], its path with every run of digits read as one '#', and
 * the sorted names of its query parameters (values ignored):
 * /calendar/?m=7 and /calendar/?m=8 share one. A page is thin when the
 * only new pages it links to share its own pattern. After
 * max_thin_chain thin pages of one pattern in a row, the new same-pattern
 * links of the next thin page are cut as "trap:thin-chain"; a page of the
 * pattern that brings other new pages resets the count (pagination that
 * lists new articles is never cut). Counted per run, in memory.
 */
#define CRAWL_TRAP_CHAIN_OFF 0xffffffffu   /* max_thin_chain: no limit */
/* 64-bit hash of url's pattern (see above); 0 for a URL without a host. */
uint64_t crawl_trap_pattern(const char *url);

/* NULL when url looks fine, else a static reason: "URL too long", "path too
 * deep" (more non-empty path segments than allowed), "repeated path segment"
 * (one segment occurring max_segment_repeats times or more, anywhere in the
 * path; the query is not looked at). lim NULL or a 0 field = the default. */
const char *crawl_trap_check(const crawl_trap_limits *lim, const char *url);

/* ======================================================================
 * 2. The crawl engine (frontier, fetcher, capture, resume)
 * ====================================================================== */

/*
 * crawl_run() owns one output directory:
 *   DIR/crawl.args              the crawl's arguments, one per line (outdir.c,
 *                               written by crawl_outdir_prepare() before the rest)
 *   DIR/warc/PREFIX-*.warc.gz   captures (NAME.warc.gz.open while being written)
 *   DIR/crawl.log               one line per fetch and per final URL outcome
 *   DIR/state.db                SQLite (WAL): frontier, seen set, per-URL
 *                               status and retries, hosts, dedup digests
 *   DIR/index.cdxj              CDXJ of every WARC in DIR/warc, sorted,
 *                               rewritten at the end of each run
 *   (DIR/index.cdxj.tmp, DIR/crawl.args.tmp and an unlinked spool file exist
 *   only while they are being written.)
 * Invariants:
 *  - Memory is bounded: the frontier and the seen set live in SQLite, bodies
 *    above CRAWL_SPOOL_BYTES go to an unlinked temporary file in DIR.
 *  - A URL is marked done in state.db only after its records are written and
 *    the WARC file synced, so after a crash (even kill -9) a resumed crawl
 *    loses no URL and refetches only the ones that were in flight.
 *  - Every fetch is its own capture: request + response (or revisit) +
 *    metadata, same WARC-Date, linked by WARC-Concurrent-To. Redirects are
 *    never followed by libcurl; each Location is scoped like a link.
 *  - The engine never prints or exits; it reports through crawl_callbacks
 *    and stops when *callbacks->stop becomes non-zero (see below).
 */

typedef struct crawl_config {
	const char *dir;                  /* output directory (created if missing) */
	const char *const *seeds;         /* absolute http(s) URLs */
	size_t nseeds;
	crawl_scope_mode scope;           /* default CRAWL_SCOPE_HOST */
	int depth;                        /* max link hops from a seed; -1 = unlimited */
	const char *const *includes;      /* PCRE2, see crawl_scope_include() */
	size_t nincludes;
	const char *const *excludes;
	size_t nexcludes;
	bool requisites;                  /* fetch embeds of in-scope pages off-scope (default on) */
	unsigned host_connections;        /* per host (scheme://host:port); default 2 */
	unsigned connections;             /* in total; default 32 */
	unsigned delay_ms;                /* between requests to one host; robots Crawl-delay may raise it */
	bool obey_robots;                 /* default true */
	uint64_t max_pages;               /* captures (response/revisit); 0 = no limit */
	uint64_t max_bytes;               /* bytes received; 0 = no limit */
	unsigned max_time_s;              /* wall clock for this run; 0 = no limit */
	uint64_t max_size;                /* per response body; beyond: WARC-Truncated: length; 0 = none */
	unsigned timeout_s;               /* per transfer; beyond: WARC-Truncated: time (default 30) */
	unsigned retries;                 /* extra attempts for resets, timeouts, 5xx, 429 (default 2) */
	unsigned host_budget;             /* URLs accepted per host; 0 = no limit (default 100000) */
	const char *user_agent;           /* default "wark/VERSION (+https://github.com/wark-archive/wark)" */
	uint64_t warc_size;               /* rotate WARC files at this size; default 1e9 */
	const char *warc_prefix;          /* default "wark" */
	const char *accept_encoding;      /* Accept-Encoding sent (default "gzip"); "" = none. Bodies stored as received */
	const char *const *resolve;       /* "HOST:PORT:ADDR" like curl --resolve */
	size_t nresolve;
	bool http1_only;                  /* HTTP/1.1 everywhere (exact wire bytes); default: HTTP/2
					   * over TLS when the server offers it by ALPN, written as
					   * HTTP/1.1 text with WARC-Protocol: h2 */
	const char *ca_certificate;       /* PEM file of CAs to trust (curl --cacert), or NULL */
	bool check_certificate;           /* verify the peer's certificate and name (default true) */
	bool resume;                      /* continue the crawl in DIR (seeds may then be empty) */
	bool sitemaps;                    /* also fetch sitemaps (robots.txt Sitemap: and /sitemap.xml) */
	const char *dedup_index;          /* CDXJ of earlier captures for revisits, or NULL */
	const char *dedup_warcs;          /* where else its WARCs may be (for WARC-Refers-To), or NULL */
	const char *command_line;         /* recorded in warcinfo, or NULL */
	const char *operator_name;        /* warcinfo operator, or NULL */
	unsigned backoff_ms;              /* first retry delay, doubled per attempt (default 1000) */
	unsigned grace_s;                 /* bounded wait for in-flight fetches after a stop (default 10) */
	crawl_trap_limits traps;          /* zeros = defaults */
} crawl_config;

/* Fill c with the defaults above (seeds and dir empty). */
void crawl_config_init(crawl_config *c);

/* Final outcome of a URL, or OUTCOME_NONE for an intermediate fetch (retry). */
typedef enum crawl_outcome {
	CRAWL_OUT_NONE = 0,        /* fetch done, URL not final yet (will be retried) */
	CRAWL_OUT_CAPTURED,        /* response record written */
	CRAWL_OUT_REVISIT,         /* revisit record written (identical payload) */
	CRAWL_OUT_REDIRECT,        /* 3xx written; Location scheduled like a link */
	CRAWL_OUT_ROBOTS,          /* robots.txt disallows it */
	CRAWL_OUT_TRAP,            /* crawl_trap_check() rejected it */
	CRAWL_OUT_BUDGET,          /* per-host URL budget used up */
	CRAWL_OUT_FAILED,          /* no capture: reason in event->error */
	CRAWL_OUT_LIMIT,           /* not fetched: --max-pages/--max-bytes/--max-time reached */
} crawl_outcome;

/* Token used in crawl.log ("captured", "revisit", "redirect", ...). */
const char *crawl_outcome_name(crawl_outcome o);

/* One line of crawl.log: a fetch, or a final outcome without a fetch. */
typedef struct crawl_event {
	struct timespec when;        /* fetch start (or decision time) */
	int status;                  /* HTTP status, 0 when none */
	uint64_t size;               /* bytes of the response as stored, 0 when none */
	const char *url;
	const char *hops;            /* discovery path from the seed: L link, E embed, R redirect,
				      * P prerequisite (robots.txt), M sitemap; "-" for a seed */
	const char *via;             /* the URL it was found on, or NULL */
	const char *mime;            /* Content-Type media type, or NULL */
	long duration_ms;            /* fetch time, -1 when no fetch */
	const char *digest;          /* payload digest, or NULL */
	crawl_outcome outcome;
	const char *error;           /* reason for FAILED/TRAP/retries, or NULL */
	const char *truncated;       /* "length" / "time" when the record is cut, else NULL */
} crawl_event;

/*
 * The crawl.log line for ev (with '\n'), space separated, "-" for empty:
 *   TIME STATUS SIZE URL HOPS VIA MIME DURATION_MS DIGEST OUTCOME[:DETAIL]
 */
int crawl_log_line(const crawl_event *ev, warc_buf *out) CRAWL_WUR;

typedef struct crawl_progress {
	uint64_t queued;             /* URLs waiting in the frontier */
	uint64_t in_flight;
	uint64_t captured;           /* responses + revisits written this run */
	uint64_t revisits;
	uint64_t failed;
	uint64_t bytes;              /* response bytes received this run */
	uint64_t warc_bytes;         /* compressed bytes written this run */
	unsigned hosts_active;
	double elapsed_s;
} crawl_progress;

typedef struct crawl_callbacks {
	void *ctx;
	/* Each crawl.log line, after it was written (may be NULL). */
	void (*on_event)(void *ctx, const crawl_event *ev);
	/* About once a second, and once at the end (may be NULL). */
	void (*on_progress)(void *ctx, const crawl_progress *p);
	/*
	 * Polled by the engine (may be NULL); set from a signal handler.
	 * 1: stop scheduling, let in-flight fetches finish (up to grace_s), save.
	 * 2: abort in-flight fetches now (they stay queued), save, return.
	 */
	const volatile sig_atomic_t *stop;
} crawl_callbacks;

/*
 * Totals of a whole crawl.log (every run of a resumed crawl), by final
 * outcome: captured (truncated ones included), revisits, redirects,
 * blocked (robots-blocked, trap, budget-cut) and failed. failures holds the
 * first CRAWL_LOG_FAILURES_KEPT "failed" lines verbatim (without '\n');
 * first_failure is the first "failed" line, else the first line with an
 * HTTP status of 400 or more, else NULL: the one-line reason a crawl that
 * captured no seed gives. Lines are read in pieces of CRAWL_LOG_LINE_READ
 * bytes. Strings are malloc'd: crawl_log_summary_free().
 */
#define CRAWL_LOG_FAILURES_KEPT 10
typedef struct crawl_log_summary {
	uint64_t captured, revisits, redirects, blocked, failed;
	char *failures[CRAWL_LOG_FAILURES_KEPT];
	size_t nfailures;
	char *first_failure;
} crawl_log_summary;

/* Summarise DIR/crawl.log into *s (zeroed first). WARC_OK, WARC_ERR_IO or
 * WARC_ERR_NOTFOUND (no crawl.log: *s stays zero), WARC_ERR_NOMEM. */
int crawl_log_summarise(const char *dir, crawl_log_summary *s, warc_error *err) CRAWL_WUR;
void crawl_log_summary_free(crawl_log_summary *s);

typedef struct crawl_result {
	crawl_progress totals;       /* this run */
	crawl_log_summary log;       /* the whole crawl.log after this run (all runs); zero when
				      * the directory was not reached. Free with crawl_result_free() */
	uint64_t captured_total;     /* captures in state.db across resumes */
	uint64_t seeds_total;        /* seeds in state.db (given, and targets of seed redirects) */
	uint64_t seeds_failed;       /* seeds without a capture or redirect below status 400 */
	bool interrupted;            /* stopped by *stop (the frontier may hold URLs) */
	bool limit_reached;          /* max-pages/bytes/time ended it */
	bool complete;               /* the frontier was drained */
} crawl_result;

/*
 * Check everything in config that can be wrong without touching the disk:
 * the directory named, seeds (crawl_url_seed()), --include/--exclude
 * regexes, connection counts, user agent. WARC_ERR_USAGE with one line
 * otherwise. crawl_run() calls it first; a caller about to create the
 * directory (or files in it) calls it before that.
 */
int crawl_config_check(const crawl_config *config, warc_error *err) CRAWL_WUR;

/*
 * Crawl until the frontier is empty, a limit is reached or *stop is set.
 * Returns WARC_OK when the run ended in order (see result), or an error
 * (unusable directory, bad option, WARC write failure) with err filled.
 * With config->resume, in-flight URLs of the previous run are queued again
 * and DIR/warc/\*.open files are repaired with warc_repair_open_file();
 * captures written after the last commit are then taken from the WARCs
 * instead of being fetched again (reconcile.c).
 */
int crawl_run(const crawl_config *config, const crawl_callbacks *callbacks,
	      crawl_result *result, warc_error *err) CRAWL_WUR;
/* Free what crawl_run() allocated in result (result->log); result stays usable. */
void crawl_result_free(crawl_result *result);

/*
 * The resume contract of the output directory (outdir.c). A crawl is started
 * by crawl_outdir_prepare() (after crawl_config_check(), before crawl_run()),
 * which creates DIR if missing and saves the crawl's arguments in
 * DIR/crawl.args, or does nothing when DIR/state.db exists already (then
 * crawl_run() refuses DIR without config->resume). On failure nothing is
 * left behind: WARC_ERR_IO "cannot create the output directory DIR: why" or
 * "cannot write in the output directory DIR: why". Arguments that are
 * "--resume" or hold a newline are not saved.
 *
 * A resumed crawl reads them back with crawl_args_load() and puts the
 * arguments given with --resume after them (later wins); a DIR with
 * crawl.args but no state.db (killed before it saved any state) starts
 * again without config->resume: crawl_outdir_has_state() tells.
 */
typedef struct crawl_args {
	char **v;
	size_t n;
} crawl_args;

int crawl_outdir_prepare(const char *dir, int argc, char *const *argv, warc_error *err) CRAWL_WUR;
bool crawl_outdir_has_state(const char *dir);
/* DIR/crawl.args into *out (free with crawl_args_free()): WARC_OK,
 * WARC_ERR_NOTFOUND when there is none, WARC_ERR_IO, WARC_ERR_NOMEM. */
int crawl_args_load(const char *dir, crawl_args *out, warc_error *err) CRAWL_WUR;
void crawl_args_free(crawl_args *a);

/* ======================================================================
 * Limits
 * ====================================================================== */

/* Every limit of crawl/, named once; SPEC.md section 5 "Limits" lists them.
 * (CRAWL_LOG_FAILURES_KEPT sizes crawl_log_summary, above.) */

/* URLs and links */
#define CRAWL_CSS_URL_MAX (16u << 10)      /* bytes of one CSS url() or @import value: longer is skipped */
#define CRAWL_BODY_PARSE_MAX (16u << 20)   /* decoded bytes of a body parsed for links; the rest is not */
#define CRAWL_OUTLINKS_MAX 10000           /* links kept per document (Heritrix's maxOutlinks); the rest dropped */
#define CRAWL_OUTLINKS_BYTES (8u << 20)    /* bytes of a document's link list (and outlink lines); the rest dropped */
#define CRAWL_HOPS_MAX 64                  /* hop path kept in full up to here, then its tail */

/* HTML parse limits (crawl_links_html_limited: a cut page says which limit) */
#define CRAWL_HTML_MAX_BYTES (16u << 20)      /* of the (decoded) document */
#define CRAWL_HTML_MAX_ELEMENTS 100000u       /* start tags */
#define CRAWL_HTML_MAX_ATTRS 256u             /* attributes of one element; the rest dropped */
#define CRAWL_HTML_MAX_ATTRS_TOTAL 200000u    /* attributes of the document */
#define CRAWL_HTML_MAX_DEPTH 256              /* open elements (libxml2's own limit) */
#define CRAWL_HTML_TIME_MS 1000u              /* parse time per page */
#define CRAWL_HTML_STOP_GRACE_MS 50           /* a stop or run limit ends a parse only after this */

/* robots.txt and sitemaps */
#define CRAWL_ROBOTS_MAX (500u * 1024u)         /* bytes of robots.txt parsed; the rest ignored */
#define CRAWL_ROBOTS_SITEMAPS_MAX 1000          /* Sitemap lines kept from one robots.txt; the rest ignored */
#define CRAWL_ROBOTS_DELAY_MAX_MS (86400L * 1000L)  /* Crawl-delay read: larger is read as this (1 day) */
#define CRAWL_SITEMAP_MAX_BYTES (64u << 20)     /* protocol: 50 MB uncompressed, with slack; larger is refused */
#define CRAWL_SITEMAP_MAX_URLS 50000u           /* entries of one sitemap (protocol); the rest ignored */
#define CRAWL_SITEMAP_LOC_MAX (8u << 10)        /* bytes of one <loc>: longer is skipped */
#define CRAWL_SITEMAP_DEPTH_MAX 64              /* XML nesting of a sitemap: deeper is refused */

/* Traps: the defaults of crawl_trap_limits, and the patterns tracked */
#define CRAWL_TRAP_PATH_DEPTH 20u          /* non-empty path segments: more is "trap:path too deep" */
#define CRAWL_TRAP_SEGMENT_REPEATS 3u      /* one segment this often is "trap:repeated path segment" */
#define CRAWL_TRAP_URL_LENGTH 2048u        /* bytes of a URL: longer is "trap:URL too long" */
#define CRAWL_TRAP_THIN_CHAIN 100u         /* thin pages of one pattern in a row before "trap:thin-chain" */
#define CRAWL_TRAP_PATTERNS 4096u          /* patterns tracked at once (hashed, a collision restarts a count) */

/* Politeness and retries */
#define CRAWL_DELAY_MAX_MS 30000           /* robots.txt Crawl-delay applied at most */
#define CRAWL_BACKOFF_MAX_MS 60000         /* exponential retry backoff at most */
#define CRAWL_RETRY_AFTER_MAX_MS 300000    /* a Retry-After honoured at most */

/* The engine and its output directory */
#define CRAWL_SPOOL_BYTES (1u << 20)       /* bodies above this spool to disk */
#define CRAWL_LOG_LINE_READ 8192           /* crawl.log read back in pieces of this */
#define CRAWL_ARGS_LINE_MAX 8192           /* bytes of one saved argument line read back */

#endif
