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
 *
 * crawl_log_summarise() reads a crawl.log back into outcome totals for the
 * caller's report (wark archive): the log is the only record of every run
 * of a resumed crawl, and the names come from crawl_outcome_name() here.
 */
#include "crawl/internal.h"

#include <errno.h>
#include <stdlib.h>
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

/* ---- reading crawl.log back: what a run's caller reports ---- */

/* The outcome of a line: its last field up to ':' ("failed:timeout" -> FAILED). */
static bool line_outcome(const char *line, crawl_outcome *out)
{
	const char *last = strrchr(line, ' ');
	const char *tok = last ? last + 1 : line;
	size_t n = strcspn(tok, ":");
	for (int o = CRAWL_OUT_NONE; o <= CRAWL_OUT_LIMIT; o++) {
		const char *name = crawl_outcome_name((crawl_outcome)o);
		if (strlen(name) == n && !strncmp(tok, name, n)) {
			*out = (crawl_outcome)o;
			return true;
		}
	}
	return false;
}

/* A line whose STATUS field is an HTTP error (4xx, 5xx). */
static bool line_http_error(const char *line)
{
	const char *sp = strchr(line, ' ');
	return sp && sp[1] >= '4' && sp[1] <= '5' && sp[2] >= '0' && sp[2] <= '9';
}

static int keep_line(char **slot, const char *line, warc_error *err)
{
	free(*slot);
	*slot = strdup(line);
	return *slot ? WARC_OK : warc_fail(err, WARC_ERR_NOMEM, "out of memory");
}

static int summary_add(crawl_log_summary *s, const char *line, bool *failure_seen, warc_error *err)
{
	crawl_outcome o;
	int rc = WARC_OK;
	if (!line_outcome(line, &o))
		o = CRAWL_OUT_NONE;
	switch (o) {
	case CRAWL_OUT_CAPTURED: s->captured++; break;
	case CRAWL_OUT_REVISIT: s->revisits++; break;
	case CRAWL_OUT_REDIRECT: s->redirects++; break;
	case CRAWL_OUT_ROBOTS:
	case CRAWL_OUT_TRAP:
	case CRAWL_OUT_BUDGET: s->blocked++; break;
	case CRAWL_OUT_FAILED:
		s->failed++;
		if (s->nfailures < CRAWL_LOG_FAILURES_KEPT)
			rc = keep_line(&s->failures[s->nfailures++], line, err);
		if (!rc && !*failure_seen)
			rc = keep_line(&s->first_failure, line, err);
		*failure_seen = true;
		return rc;
	default: break;
	}
	if (!*failure_seen && !s->first_failure && line_http_error(line))
		rc = keep_line(&s->first_failure, line, err);
	return rc;
}

int crawl_log_summarise(const char *dir, crawl_log_summary *s, warc_error *err)
{
	memset(s, 0, sizeof *s);
	char path[4096];
	snprintf(path, sizeof path, "%s/crawl.log", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return warc_fail(err, warc_errno_status(errno, true), "%s: %s", path, strerror(errno));
	char line[CRAWL_LOG_LINE_READ];
	bool failure_seen = false;
	int rc = WARC_OK;
	while (!rc && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		rc = summary_add(s, line, &failure_seen, err);
	}
	fclose(f);
	if (rc)
		crawl_log_summary_free(s);
	return rc;
}

void crawl_log_summary_free(crawl_log_summary *s)
{
	for (size_t i = 0; i < s->nfailures; i++)
		free(s->failures[i]);
	free(s->first_failure);
	memset(s, 0, sizeof *s);
}
