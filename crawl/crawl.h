/*
 * crawl.h - the crawler: discovery (links, sitemaps), policy (scope, robots,
 * traps), the frontier and fetch loop that writes captures through warc/.
 *
 * Layering: crawl/ includes warc/warc.h only. It never prints or exits: the
 * crawl loop reports progress and per-fetch outcomes through callbacks that
 * cmd/crawl.c turns into the status line and crawl.log.
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

#define CRAWL_WUR __attribute__((warn_unused_result))

/* ======================================================================
 * 1. Policy and discovery
 * ====================================================================== */

/* ---- URLs ---- */

/*
 * Resolve ref against base (RFC 3986), keep only http/https, drop the
 * fragment, lowercase scheme and host, remove default port and dot
 * segments, make the result ASCII (warc_uri_to_ascii rules). Returns
 * WARC_OK, or WARC_ERR_FORMAT for unusable refs (mailto:, javascript:, junk).
 */
int crawl_url_resolve(const char *base, const char *ref, warc_buf *out, warc_error *err) CRAWL_WUR;
/* Also: surrounding whitespace trimmed, tab/CR/LF removed, '\\' before the query
 * read as '/', userinfo kept, an empty path becomes "/". out is reset first.
 * WARC_ERR_TOOBIG when the result exceeds out's limit or an input 64 KiB. */
/* Host (lowercase, no port; IPv6 in brackets) of an absolute URL into out;
 * WARC_ERR_FORMAT if none, WARC_ERR_TOOBIG if it does not fit. */
int crawl_url_host(const char *url, char *out, size_t outsz) CRAWL_WUR;

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
 * scanner, img data-src/data-srcset, rel=dns-prefetch/preconnect skipped. */
int crawl_links_html(const char *html, size_t len, const char *page_url,
		     crawl_link_fn fn, void *ctx, warc_error *err) CRAWL_WUR;
/* Links of a CSS stylesheet or style attribute: url(...) and @import. */
int crawl_links_css(const char *css, size_t len, const char *base_url,
		    crawl_link_fn fn, void *ctx, warc_error *err) CRAWL_WUR;
/* <loc> entries of a sitemap or sitemap index (XML; gzip is decoded by the caller).
 * Entries of a sitemap index are reported with *is_index set. url/loc and
 * sitemap/loc are nav, image:loc requisites. Input over 64 MiB is refused
 * (WARC_ERR_TOOBIG), entries past 50,000 ignored; a document that does not
 * start with '<' is read as the text format (one URL per line); an XML root
 * other than urlset/sitemapindex yields nothing. No entities, no network. */
int crawl_links_sitemap(const char *xml, size_t len, const char *sitemap_url,
			crawl_link_fn fn, void *ctx, bool *is_index, warc_error *err) CRAWL_WUR;

/* ---- robots.txt (RFC 9309) ---- */

typedef struct crawl_robots crawl_robots;
#define CRAWL_ROBOTS_MAX (500u * 1024u)   /* bytes of robots.txt parsed; the rest ignored */

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
/* Policies for fetch outcomes: 4xx = allow all, 5xx/unreachable = disallow all. */
crawl_robots *crawl_robots_allow_all(void);
crawl_robots *crawl_robots_disallow_all(void);
/* path_query is the URL's path plus "?query" (percent-encoded as on the wire). */
bool crawl_robots_allowed(const crawl_robots *r, const char *path_query);
/* Crawl-delay in milliseconds for the matched group, or -1 when none
 * (fractions allowed; capped at one day). Sitemap lines count wherever they
 * stand (at most 1000 kept), in file order; strings live as long as r. */
long crawl_robots_delay_ms(const crawl_robots *r);
size_t crawl_robots_sitemap_count(const crawl_robots *r);
const char *crawl_robots_sitemap(const crawl_robots *r, size_t i);
void crawl_robots_free(crawl_robots *r);

/* ---- Scope ---- */

typedef enum crawl_scope_mode {
	CRAWL_SCOPE_PAGE = 0,    /* the seeds only (plus their requisites) */
	CRAWL_SCOPE_PREFIX,      /* URLs under the seed's directory */
	CRAWL_SCOPE_HOST,        /* same host as a seed (default) */
	CRAWL_SCOPE_DOMAIN,      /* same registered domain (libpsl) */
	CRAWL_SCOPE_ANY,
} crawl_scope_mode;

typedef struct crawl_scope crawl_scope;
int crawl_scope_new(crawl_scope **out, crawl_scope_mode mode, warc_error *err) CRAWL_WUR;
int crawl_scope_add_seed(crawl_scope *s, const char *url, warc_error *err) CRAWL_WUR;
/* PCRE2 patterns (UTF) searched for anywhere in the URL: anchor with ^...$.
 * Compiled once (JIT when available); a bad pattern is WARC_ERR_USAGE with
 * the compiler's message. A URL matching an include pattern is in scope
 * whatever the mode says; one matching an exclude pattern is out, always.
 * Modes compare without the scheme (http and https of a site are one
 * scope); host compares the host only (any port); prefix the seed's
 * host[:port] and path up to its last '/'; domain uses libpsl's built-in
 * list (hosts without a registrable domain, such as IPs, stand for
 * themselves); page the normalised seed URL. Only http(s) URLs are allowed. */
int crawl_scope_include(crawl_scope *s, const char *regex, warc_error *err) CRAWL_WUR;
int crawl_scope_exclude(crawl_scope *s, const char *regex, warc_error *err) CRAWL_WUR;
/* In scope as a page? (mode + include/exclude). Requisites are decided by the engine. */
bool crawl_scope_allows(const crawl_scope *s, const char *url);
int crawl_scope_mode_parse(const char *name, crawl_scope_mode *out);
void crawl_scope_free(crawl_scope *s);

/* ---- Trap guards ---- */

typedef struct crawl_trap_limits {
	unsigned max_path_depth;       /* path segments; default 20 */
	unsigned max_segment_repeats;  /* same segment appearing this often; default 3 */
	unsigned max_url_length;       /* default 2048 */
} crawl_trap_limits;

/* NULL when url looks fine, else a static reason: "URL too long", "path too
 * deep" (more non-empty path segments than allowed), "repeated path segment"
 * (one segment occurring max_segment_repeats times or more, anywhere in the
 * path; the query is not looked at). lim NULL or a 0 field = the default. */
const char *crawl_trap_check(const crawl_trap_limits *lim, const char *url);

/* ======================================================================
 * 2. The crawl engine (frontier, fetcher, capture, resume)
 * ====================================================================== */

#endif
