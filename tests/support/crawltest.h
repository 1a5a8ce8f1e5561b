/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crawltest.h - helpers for the 'wark crawl' acceptance tests: a test site
 * plus an output directory, running the crawler against it, reading
 * crawl.log and the server's request log, and checking the WARCs with
 * 'wark verify', warcio.js and the CDXJ index.
 *
 * Assertions use Criterion, so these helpers are for Criterion tests only.
 */
#ifndef WARK_TEST_CRAWLTEST_H
#define WARK_TEST_CRAWLTEST_H

#include <stdbool.h>
#include <stddef.h>

#include "tests/support/sitesrv.h"
#include "tests/support/support.h"

struct crawl_env {
	struct sitesrv srv;
	char *tmp;                 /* private temporary directory */
	char out[4096];            /* TMP/out: the crawl directory */
	char resolve[1024];        /* --resolve arguments for every test host */
	char base_news[128], base_static[128], base_other[128];  /* "http://HOST:PORT" */
};

/* Start the test site (extra server options or NULL) and make a directory. */
void crawl_env_start(struct crawl_env *e, const char *server_args);
/* Stop the site, remove the directory. */
void crawl_env_stop(struct crawl_env *e);

/* "wark crawl -q RESOLVE ARGS -o OUT". */
struct run crawl_run_wark(struct crawl_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same under /usr/bin/time, for crawl_rss_kb(). */
struct run crawl_run_wark_timed(struct crawl_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Maximum RSS in kB reported by crawl_run_wark_timed, or -1. */
long crawl_rss_kb(const struct run *r);
/* True for the release build (RSS bounds mean nothing under ASan). */
bool crawl_release_build(void);

/* crawl.log, split into lines and fields. */
struct crawl_log {
	char *text;
	char **url, **outcome, **line;
	size_t n;
};
void crawl_log_load(struct crawl_log *log, const char *dir);
void crawl_log_free(struct crawl_log *log);
/* A URL whose last line is not a final outcome, or NULL when all are final. */
const char *crawl_log_unfinished(const struct crawl_log *log);
/* Outcome token (before ':') of the last line for base+path, or "" if none. */
const char *crawl_log_outcome(const struct crawl_log *log, const char *base, const char *path);
/* Lines whose outcome field is outcome or starts with outcome + ':'. */
size_t crawl_log_count(const struct crawl_log *log, const char *outcome);
/* Some line contains both substrings. */
bool crawl_log_has(const struct crawl_log *log, const char *a, const char *b);

/* Start "python3 tests/server/SCRIPT PORTFILE" (PORTFILE in dir); returns its
 * pid and sets *port, or returns -1. Stop it with crawl_pyserver_stop(). */
int crawl_pyserver_start(const char *script, const char *dir, int *port);
void crawl_pyserver_stop(int pid);

/* Requests in the server log to host whose path starts with prefix. */
int srvlog_count(const struct crawl_env *e, const char *host, const char *prefix);
/* ... whose path is exactly path. */
int srvlog_count_exact(const struct crawl_env *e, const char *host, const char *path);
/* Most requests to host that were in progress at once (the server's count). */
int srvlog_max_inflight(const struct crawl_env *e, const char *host);
/* Smallest gap in seconds between the starts of two requests to host. */
double srvlog_min_gap(const struct crawl_env *e, const char *host);

/*
 * Every DIR/warc/ *.warc.gz passes 'wark verify', no .open file is left,
 * warcio.js indexes them, and DIR/index.cdxj is sorted with one line per
 * response/revisit record. expected_captures > 0 also checks that count.
 * Returns the number of response/revisit records.
 */
size_t crawl_assert_warcs_ok(const struct crawl_env *e, size_t expected_captures);
/* Target URIs of the response/revisit records of every WARC in dir/warc,
 * one per line, sorted (caller frees). */
char *crawl_captured_uris(const char *dir);

#endif
