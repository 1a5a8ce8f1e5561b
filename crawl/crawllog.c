/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crawllog.c - the crawl.log line format (after Heritrix's crawl.log):
 *
 *   TIME STATUS SIZE URL HOPS VIA MIME DURATION_MS DIGEST OUTCOME
 *
 * space separated, one line per fetch or final decision, "-" for an empty
 * field. OUTCOME is a token ("captured", "failed", ...) optionally
 * followed by ":detail" (no spaces), e.g. "failed:timeout",
 * "captured:truncated-length", "retry:http-503".
 */
#include "crawl/engine_internal.h"

#include <string.h>

const char *crawl_outcome_name(crawl_outcome o)
{
	switch (o) {
	case CRAWL_OUT_NONE: return "retry";
	case CRAWL_OUT_CAPTURED: return "captured";
	case CRAWL_OUT_REVISIT: return "revisit";
	case CRAWL_OUT_REDIRECT: return "redirect";
	case CRAWL_OUT_ROBOTS: return "robots-blocked";
	case CRAWL_OUT_TRAP: return "trap";
	case CRAWL_OUT_BUDGET: return "budget-cut";
	case CRAWL_OUT_FAILED: return "failed";
	case CRAWL_OUT_LIMIT: return "limit-cut";
	}
	return "unknown";
}

/* A field without spaces or control bytes (URLs are ASCII already). */
static int add_token(warc_buf *out, const char *s)
{
	if (!s || !*s)
		return warc_buf_addstr(out, "-");
	for (const char *p = s; *p; p++) {
		char c = (unsigned char)*p <= ' ' ? '_' : *p;
		if (warc_buf_add(out, &c, 1))
			return WARC_ERR_TOOBIG;
	}
	return WARC_OK;
}

int crawl_log_line(const crawl_event *ev, warc_buf *out)
{
	struct tm tm;
	gmtime_r(&ev->when.tv_sec, &tm);
	char when[40];
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	int rc = warc_buf_printf(out, "%s.%03ldZ ", when, ev->when.tv_nsec / 1000000);
	if (!rc)
		rc = ev->status ? warc_buf_printf(out, "%d ", ev->status) : warc_buf_addstr(out, "- ");
	if (!rc)
		rc = ev->duration_ms >= 0 ? warc_buf_printf(out, "%llu ", (unsigned long long)ev->size)
					  : warc_buf_addstr(out, "- ");
	if (!rc)
		rc = add_token(out, ev->url);
	if (!rc)
		rc = warc_buf_addstr(out, " ");
	if (!rc)
		rc = add_token(out, ev->hops);
	if (!rc)
		rc = warc_buf_addstr(out, " ");
	if (!rc)
		rc = add_token(out, ev->via);
	if (!rc)
		rc = warc_buf_addstr(out, " ");
	if (!rc)
		rc = add_token(out, ev->mime);
	if (!rc)
		rc = ev->duration_ms >= 0 ? warc_buf_printf(out, " %ld ", ev->duration_ms)
					  : warc_buf_addstr(out, " - ");
	if (!rc)
		rc = add_token(out, ev->digest);
	if (!rc)
		rc = warc_buf_printf(out, " %s", crawl_outcome_name(ev->outcome));
	if (!rc && ev->error && *ev->error) {
		rc = warc_buf_addstr(out, ":");
		if (!rc)
			rc = add_token(out, ev->error);
	}
	if (!rc && ev->truncated) {
		rc = warc_buf_addstr(out, ev->error && *ev->error ? ",truncated-" : ":truncated-");
		if (!rc)
			rc = warc_buf_addstr(out, ev->truncated);
	}
	if (!rc)
		rc = warc_buf_addstr(out, "\n");
	return rc;
}
