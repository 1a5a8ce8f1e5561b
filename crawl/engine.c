/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.c - crawl_run(): the loop that ties frontier, fetcher, capture and
 * policy together.
 *
 * Design: a single-threaded event loop over libcurl's multi interface.
 * Each pass (1) picks due URLs origin by origin, round robin, within the
 * per-origin connection cap, delay and robots state, (2) drives transfers,
 * (3) turns each finished transfer into records, crawl.log lines and new
 * frontier rows, and (4) commits state in batches, always after syncing the
 * WARC. Policy for one finished fetch (retry, capture, redirect, robots)
 * lives in handle_fetch(); what a discovered URL becomes lives in
 * discover.c.
 */
#include "crawl/internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COMMIT_EVERY 32          /* captures per state commit at most */
#define COMMIT_MS 250            /* or this often */
#define PROGRESS_MS 1000

void crawl_config_init(crawl_config *c)
{
	memset(c, 0, sizeof *c);
	c->scope = CRAWL_SCOPE_HOST;
	c->depth = -1;
	c->requisites = true;
	c->host_connections = 2;
	c->connections = 32;
	c->obey_robots = true;
	c->timeout_s = 30;
	c->retries = 2;
	c->host_budget = 100000;
	c->user_agent = "wark/" WARK_VERSION " (+https://github.com/wark-archive/wark)";
	c->warc_size = WARC_WRITER_MAX_SIZE_DEFAULT;
	c->warc_prefix = "wark";
	c->accept_encoding = "gzip";
	c->backoff_ms = 1000;
	c->grace_s = 10;
	c->check_certificate = true;
}

/* ---- crawl.log and callbacks ---- */

int crw_log(engine *e, const crawl_event *ev)
{
	warc_buf_reset(&e->line);
	if (crawl_log_line(ev, &e->line))
		return WARC_OK; /* a line over the limit is dropped, not fatal */
	if (fwrite(e->line.data, 1, e->line.len, e->log) != e->line.len)
		return warc_fail(e->err, warc_errno_status(errno, false), "crawl.log: %s", strerror(errno));
	if (ev->outcome == CRAWL_OUT_FAILED)
		e->res->totals.failed++;
	if (e->cb && e->cb->on_event)
		e->cb->on_event(e->cb->ctx, ev);
	return WARC_OK;
}

static void fill_progress(engine *e, crawl_progress *p)
{
	*p = e->res->totals;
	p->queued = e->queued;
	p->in_flight = e->nflight;
	p->hosts_active = 0;
	for (size_t i = 0; i < e->norigins; i++)
		if (e->origins[i]->inflight || e->origins[i]->queued)
			p->hosts_active++;
	p->elapsed_s = (double)(crw_now_ms() - e->start_ms) / 1000.0;
}

static void progress(engine *e, bool force)
{
	int64_t now = crw_now_ms();
	if (!force && now - e->last_progress_ms < PROGRESS_MS)
		return;
	e->last_progress_ms = now;
	fill_progress(e, &e->res->totals);
	if (e->cb && e->cb->on_progress)
		e->cb->on_progress(e->cb->ctx, &e->res->totals);
}

/* ---- durable state ---- */

static int commit(engine *e, bool force)
{
	int64_t now = crw_now_ms();
	if (!force && e->uncommitted < COMMIT_EVERY && now - e->last_commit_ms < COMMIT_MS)
		return WARC_OK;
	e->last_commit_ms = now;
	int rc = WARC_OK;
	if (e->writer && e->uncommitted)
		rc = warc_writer_sync(e->writer, e->err);
	if (!rc && fflush(e->log))
		rc = warc_fail(e->err, warc_errno_status(errno, false), "crawl.log: %s", strerror(errno));
	struct stat st;
	if (!rc && fstat(fileno(e->log), &st) == 0) /* crawl.log up to here goes with this state */
		rc = crw_frontier_mark_put(e->fr, "log", (int64_t)st.st_size, e->err);
	if (!rc)
		rc = crw_frontier_commit(e->fr, e->err);
	if (!rc)
		rc = crw_frontier_begin(e->fr, e->err);
	e->uncommitted = 0;
	return rc;
}

/* ---- in-flight list ---- */

static int flight_add(engine *e, crw_fetch *f)
{
	if (e->nflight == e->capflight) {
		size_t cap = e->capflight ? e->capflight * 2 : 64;
		crw_fetch **n = realloc(e->flight, cap * sizeof *n);
		if (!n)
			return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
		e->flight = n;
		e->capflight = cap;
	}
	e->flight[e->nflight++] = f;
	return WARC_OK;
}

static void flight_remove(engine *e, crw_fetch *f)
{
	for (size_t i = 0; i < e->nflight; i++)
		if (e->flight[i] == f) {
			e->flight[i] = e->flight[--e->nflight];
			return;
		}
}

/* ---- scheduling ---- */

static bool is_page(crw_kind kind)
{
	return kind == CRAWL_KIND_PAGE || kind == CRAWL_KIND_REQUISITE;
}

/* --max-pages: no new fetch once the captures plus those in flight reach it. */
static bool pages_full(engine *e)
{
	uint64_t max = e->cfg->max_pages;
	return max && e->pages_base + e->pages + e->pages_inflight >= max;
}

/* A limit ends the run (in-flight fetches still finish). */
static bool limit_hit(engine *e)
{
	const crawl_config *c = e->cfg;
	if (c->max_pages && e->pages_base + e->pages >= c->max_pages)
		return true;
	if (c->max_bytes && e->res->totals.bytes >= c->max_bytes)
		return true;
	if (c->max_time_s && crw_now_ms() - e->start_ms >= (int64_t)c->max_time_s * 1000)
		return true;
	return false;
}

static long origin_delay(engine *e, const crw_origin *o)
{
	long d = (long)e->cfg->delay_ms;
	long r = crw_robots_origin(o)->robots_delay_ms;
	return r > d ? r : d;
}

/* Path and query of an absolute URL, as robots rules match them. */
static const char *path_query(const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	return p ? p : "/";
}

static int start_job(engine *e, crw_origin *o, crw_job *job)
{
	crw_fetch *f = crw_fetch_new(e->cfg->dir);
	if (!f) {
		crw_job_clear(job);
		return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
	}
	f->job = *job;
	memset(job, 0, sizeof *job);
	f->origin = o;
	f->bytes_counter = &e->res->totals.bytes;
	int rc = flight_add(e, f);
	if (!rc)
		rc = crw_fetcher_start(e->fe, f, e->err);
	if (rc) {
		flight_remove(e, f);
		crw_fetch_free(f);
		return rc;
	}
	o->inflight++;
	if (is_page(f->job.kind))
		e->pages_inflight++;
	return WARC_OK;
}

/* Start what is due: origins round robin, each up to its connection cap. */
static int schedule(engine *e)
{
	const crawl_config *c = e->cfg;
	int64_t now = crw_now_ms();
	size_t n = e->norigins;
	for (size_t k = 0; k < n && e->nflight < c->connections; k++) {
		crw_origin *o = e->origins[(e->rr + k) % n];
		while (o->queued && o->inflight < c->host_connections && now >= o->next_ms &&
		       e->nflight < c->connections && !pages_full(e)) {
			bool robots_only = c->obey_robots && o->robots_state == CRAWL_ROBOTS_UNKNOWN;
			if (robots_only && o->inflight)
				break; /* robots.txt in flight: wait for it */
			if (o->robots_state == CRAWL_ROBOTS_ALIAS &&
			    crw_robots_origin(o)->robots_state == CRAWL_ROBOTS_UNKNOWN)
				break; /* the robots.txt it redirected to is not known yet */
			crw_job job;
			bool found;
			int rc = crw_frontier_next(e->fr, o->key, robots_only, now, &job, &found, e->err);
			if (rc)
				return rc;
			if (!found) {
				int64_t due = crw_frontier_next_due(e->fr, o->key, robots_only);
				if (robots_only && due < 0) {
					/* no robots.txt row left to fetch: nothing to obey */
					o->robots_state = CRAWL_ROBOTS_ALLOW;
					continue;
				}
				if (due < 0) { /* nothing queued after all: keep the totals true */
					e->queued -= o->queued;
					o->queued = 0;
				}
				o->next_ms = due > now ? due : now + 1000;
				break;
			}
			o->queued--;
			e->queued--;
			if (job.kind != CRAWL_KIND_ROBOTS && c->obey_robots &&
			    !crw_robots_allows(o, path_query(job.url))) {
				rc = crw_final(e, &job, CRAWL_OUT_ROBOTS, NULL);
				crw_job_clear(&job);
				if (rc)
					return rc;
				continue;
			}
			if ((rc = start_job(e, o, &job)))
				return rc;
			o->next_ms = now + origin_delay(e, o);
		}
	}
	if (n)
		e->rr = (e->rr + 1) % n;
	return WARC_OK;
}

/* Milliseconds until the next origin becomes due (for the poll timeout). */
static int wait_ms(engine *e)
{
	int64_t now = crw_now_ms(), best = 200;
	for (size_t i = 0; i < e->norigins; i++) {
		crw_origin *o = e->origins[i];
		if (!o->queued || o->inflight >= e->cfg->host_connections)
			continue;
		int64_t d = o->next_ms - now;
		if (d < best)
			best = d;
	}
	return best < 1 ? 1 : (int)best;
}

/* ---- one finished fetch ---- */

static int64_t retry_after_ms(const crw_fetch *f, const warc_http *http)
{
	const char *ra = http ? warc_headers_get(warc_http_headers(http), "Retry-After") : NULL;
	if (!ra)
		return -1;
	char *end;
	long secs = strtol(ra, &end, 10);
	if (end != ra && secs >= 0)
		return (int64_t)secs * 1000;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (strptime(ra, "%a, %d %b %Y %H:%M:%S GMT", &tm)) {
		int64_t when = (int64_t)timegm(&tm) * 1000;
		int64_t d = when - f->started_ms;
		return d > 0 ? d : 0;
	}
	return -1;
}

/* Put the URL back for another attempt after a backoff; log the attempt. */
static int retry(engine *e, crw_fetch *f, int64_t after_ms, const char *why, bool host_wide)
{
	unsigned tries = f->job.tries + 1;
	int64_t backoff = (int64_t)e->cfg->backoff_ms << (tries - 1 < 16 ? tries - 1 : 16);
	if (backoff > CRAWL_BACKOFF_MAX_MS)
		backoff = CRAWL_BACKOFF_MAX_MS;
	if (after_ms > backoff)
		backoff = after_ms > CRAWL_RETRY_AFTER_MAX_MS ? CRAWL_RETRY_AFTER_MAX_MS : after_ms;
	int64_t when = crw_now_ms() + backoff;
	crw_origin *o = f->origin;
	if (host_wide && o->next_ms < when)
		o->next_ms = when;
	int rc = crw_frontier_requeue(e->fr, f->job.id, tries, when, e->err);
	if (rc)
		return rc;
	o->queued++;
	e->queued++;
	crawl_event ev = {
		.when = f->started, .status = (int)f->status, .size = f->response.len, .url = f->job.url,
		.hops = f->job.hops, .via = f->job.via, .duration_ms = f->duration_ms,
		.outcome = CRAWL_OUT_NONE, .error = why,
	};
	return crw_log(e, &ev);
}

static bool transient_status(long status)
{
	return status == 429 || status >= 500;
}

static int handle_fetch(engine *e, crw_fetch *f)
{
	crw_origin *o = f->origin;
	o->inflight--;
	if (is_page(f->job.kind))
		e->pages_inflight--;
	flight_remove(e, f);
	const crawl_config *c = e->cfg;
	bool can_retry = f->job.tries < c->retries && crw_fetch_retryable(f);
	char why[64];

	if (f->io_failed) {
		/* Our side failed (spool disk full, request too large): give up on it. */
		return crw_fetch_failed(e, f, f->io_error.msg);
	}
	bool got_response = f->head_len && f->status;
	bool network_error = f->result != 0 && !(f->truncated && got_response);
	if (network_error || (f->truncated && !strcmp(f->truncated, "disconnect") && can_retry)) {
		snprintf(why, sizeof why, "%s", crw_fetch_reason(f));
		if (can_retry)
			return retry(e, f, -1, why, false);
		return crw_fetch_failed(e, f, why);
	}

	crw_response r;
	int rc = crw_response_open(e, f, &r);
	if (rc)
		return rc;
	if (transient_status(f->status) && can_retry) {
		snprintf(why, sizeof why, "http-%ld", f->status);
		rc = retry(e, f, retry_after_ms(f, r.http), why,
			   f->status == 429 || f->status == 503);
	} else {
		rc = crw_capture(e, f, &r);
	}
	crw_response_close(&r);
	return rc;
}

/* ---- setup and teardown ---- */

static int mkdir_p(const char *path, warc_error *err)
{
	if (mkdir(path, 0777) && errno != EEXIST)
		return warc_fail(err, WARC_ERR_IO, "cannot create %s: %s", path, strerror(errno));
	struct stat st;
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return warc_fail(err, WARC_ERR_IO, "%s: not a directory", path);
	return WARC_OK;
}

/* Repair the WARC files a killed run left open. */
static int repair_open_files(engine *e)
{
	DIR *d = opendir(e->warc_dir);
	if (!d)
		return warc_fail(e->err, WARC_ERR_IO, "%s: %s", e->warc_dir, strerror(errno));
	struct dirent *de;
	int rc = WARC_OK;
	while (!rc && (de = readdir(d))) {
		if (!warc_ends_with(de->d_name, ".open"))
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", e->warc_dir, de->d_name);
		uint64_t kept = 0;
		rc = warc_repair_open_file(path, &kept, e->err);
		path[strlen(path) - 5] = '\0'; /* its name now */
		if (!rc && kept == 0 && unlink(path)) /* killed before its first record: nothing to keep */
			rc = warc_fail(e->err, WARC_ERR_IO, "%s: %s", path, strerror(errno));
	}
	closedir(d);
	return rc;
}

static int write_line(void *ctx, const char *line)
{
	FILE *out = ctx;
	return fputs(line, out) == EOF ? WARC_ERR_IO : WARC_OK;
}

/* DIR/index.cdxj over every closed WARC in DIR/warc, sorted (via SQLite, not RAM).
 * temp.lines already holds the lines of this run's captures (ownindex.c);
 * the files they do not cover (earlier runs, or a record that could not be
 * indexed as written) are read back, their lines merging as duplicates. */
static int write_index(engine *e)
{
	warc_paths all = { 0 };
	int rc = warc_dir_warcs(e->warc_dir, &all, e->err);
	for (size_t i = 0; !rc && i < all.n; i++) {
		const char *name = strrchr(all.v[i], '/') + 1;
		if (warc_ends_with(name, ".warc.gz") && crw_index_needs_read(e, name))
			rc = warc_index_file(all.v[i], name, crw_index_add, e, e->err);
	}
	warc_paths_free(&all);
	if (rc)
		return rc;
	char tmp[4096], final[4096];
	snprintf(tmp, sizeof tmp, "%s/index.cdxj.tmp", e->cfg->dir);
	snprintf(final, sizeof final, "%s/index.cdxj", e->cfg->dir);
	FILE *out = fopen(tmp, "w");
	if (!out)
		return warc_fail(e->err, warc_errno_status(errno, false), "%s: %s", tmp, strerror(errno));
	rc = crw_frontier_lines_each(e->fr, write_line, out, e->err);
	if (fclose(out) && !rc)
		rc = warc_fail(e->err, warc_errno_status(errno, false), "%s: %s", tmp, strerror(errno));
	if (!rc && rename(tmp, final))
		rc = warc_fail(e->err, warc_errno_status(errno, false), "%s: %s", final, strerror(errno));
	if (!rc)
		rc = crw_frontier_lines_reset(e->fr, e->err);
	return rc;
}

static int limit_line(void *ctx, const crw_job *j)
{
	return crw_log_decision(ctx, j, CRAWL_OUT_LIMIT, NULL);
}

static void engine_free(engine *e)
{
	for (size_t i = 0; i < e->nflight; i++) {
		crw_fetcher_abort(e->fe, e->flight[i]);
		crw_fetch_free(e->flight[i]);
	}
	free(e->flight);
	free(e->own);
	free(e->chains);
	crw_fetcher_free(e->fe);
	crw_origins_free(e);
	crawl_scope_free(e->scope);
	crawl_scope_free(e->excludes);
	crw_frontier_close(e->fr);
	if (e->log)
		fclose(e->log);
	warc_buf_free(&e->line);
	warc_buf_free(&e->warcinfo);
	free(e->warc_dir);
}

static int open_outputs(engine *e)
{
	const crawl_config *c = e->cfg;
	char path[4096];
	snprintf(path, sizeof path, "%s/state.db", c->dir);
	/* decided before anything is created */
	if (!c->resume && access(path, F_OK) == 0)
		return warc_fail(e->err, WARC_ERR_USAGE, "%s already holds a crawl (use --resume to continue it)",
				 c->dir);
	if (c->resume && access(path, F_OK) != 0)
		return warc_fail(e->err, WARC_ERR_USAGE, "%s holds no crawl to resume", c->dir);
	int rc = mkdir_p(c->dir, e->err);
	size_t n = strlen(c->dir) + 8;
	e->warc_dir = malloc(n);
	if (!e->warc_dir)
		return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
	snprintf(e->warc_dir, n, "%s/warc", c->dir);
	if (!rc)
		rc = mkdir_p(e->warc_dir, e->err);
	if (rc)
		return rc;
	if (c->resume && (rc = repair_open_files(e)))
		return rc;
	if ((rc = crw_frontier_open(&e->fr, c->dir, e->err)))
		return rc;
	snprintf(path, sizeof path, "%s/crawl.log", c->dir);
	int64_t keep = c->resume ? crw_frontier_mark_get(e->fr, "log") : -1;
	struct stat st;
	if (keep >= 0 && stat(path, &st) == 0 && st.st_size > keep && truncate(path, (off_t)keep))
		return warc_fail(e->err, WARC_ERR_IO, "%s: %s", path, strerror(errno));
	e->log = fopen(path, "a");
	if (!e->log)
		return warc_fail(e->err, WARC_ERR_IO, "%s: %s", path, strerror(errno));
	return WARC_OK;
}

/* Every --include/--exclude pattern compiles (in a scope thrown away). */
static int check_patterns(const crawl_config *c, warc_error *err)
{
	crawl_scope *s;
	int rc = crawl_scope_new(&s, CRAWL_SCOPE_ANY, err);
	for (size_t i = 0; !rc && i < c->nincludes + c->nexcludes; i++) {
		bool inc = i < c->nincludes;
		const char *re = inc ? c->includes[i] : c->excludes[i - c->nincludes];
		warc_error why;
		if (crawl_scope_include(s, re, &why))
			rc = warc_fail(err, WARC_ERR_USAGE, "%s '%.200s': %s", inc ? "--include" : "--exclude", re,
				       why.msg);
	}
	if (s)
		crawl_scope_free(s);
	return rc;
}

int crawl_config_check(const crawl_config *c, warc_error *err)
{
	if (!c->dir || !*c->dir)
		return warc_fail(err, WARC_ERR_USAGE, "no output directory");
	if (!c->nseeds && !c->resume)
		return warc_fail(err, WARC_ERR_USAGE, "no seed URL");
	if (!c->host_connections || !c->connections)
		return warc_fail(err, WARC_ERR_USAGE, "connections must be at least 1");
	if (!c->user_agent || !*c->user_agent)
		return warc_fail(err, WARC_ERR_USAGE, "empty user agent");
	int rc = check_patterns(c, err);
	for (size_t i = 0; !rc && i < c->nseeds; i++) {
		warc_buf url;
		warc_buf_init(&url, WARC_LIMIT_URL);
		rc = crawl_url_seed(c->seeds[i], &url, err);
		warc_buf_free(&url);
	}
	return rc;
}

/* The main loop; returns with every in-flight fetch handled or aborted. */
static int loop(engine *e)
{
	const crawl_config *c = e->cfg;
	bool stopping = false;
	int64_t deadline = 0;
	for (;;) {
		int stop = e->cb && e->cb->stop ? (int)*e->cb->stop : 0;
		int64_t now = crw_now_ms();
		if (stop >= 2) {
			e->res->interrupted = true;
			break;
		}
		if (!stopping && (stop == 1 || limit_hit(e))) {
			stopping = true;
			if (stop == 1)
				e->res->interrupted = true;
			else
				e->res->limit_reached = true;
			deadline = now + (int64_t)(stop == 1 ? c->grace_s : c->timeout_s + c->grace_s) * 1000;
		}
		if (stop == 1 && !e->res->interrupted) { /* a signal during a limit wind-down */
			e->res->interrupted = true;
			deadline = now + (int64_t)c->grace_s * 1000;
		}
		if (!stopping) {
			int rc = schedule(e);
			if (rc)
				return rc;
		}
		if (!e->nflight) {
			if (stopping)
				break;
			if (!e->queued) {
				e->res->complete = true;
				break;
			}
		}
		if (stopping && now >= deadline)
			break;
		int rc = crw_fetcher_run(e->fe, stopping ? 50 : wait_ms(e), e->err);
		crw_fetch *f;
		while (!rc && (f = crw_fetcher_done(e->fe))) {
			rc = handle_fetch(e, f);
			crw_fetch_free(f);
		}
		if (!rc)
			rc = commit(e, false);
		if (rc)
			return rc;
		progress(e, false);
	}
	/* Whatever is still in flight goes back to the queue. */
	while (e->nflight) {
		crw_fetch *f = e->flight[e->nflight - 1];
		crw_fetcher_abort(e->fe, f);
		int rc = crw_frontier_requeue(e->fr, f->job.id, f->job.tries, 0, e->err);
		((crw_origin *)f->origin)->inflight--;
		((crw_origin *)f->origin)->queued++;
		e->queued++;
		e->nflight--;
		crw_fetch_free(f);
		if (rc)
			return rc;
	}
	return WARC_OK;
}

int crawl_run(const crawl_config *config, const crawl_callbacks *callbacks, crawl_result *result,
	      warc_error *err)
{
	memset(result, 0, sizeof *result);
	int rc = crawl_config_check(config, err);
	if (rc)
		return rc;
	engine e_, *e = &e_;
	memset(e, 0, sizeof *e);
	e->cfg = config;
	e->cb = callbacks;
	e->res = result;
	e->err = err;
	e->start_ms = crw_now_ms();
	e->last_commit_ms = e->last_progress_ms = e->start_ms;
	warc_buf_init(&e->line, WARC_LIMIT_LINE);
	e->traps = config->traps;
	if (!e->traps.max_path_depth)
		e->traps.max_path_depth = CRAWL_TRAP_PATH_DEPTH;
	if (!e->traps.max_segment_repeats)
		e->traps.max_segment_repeats = CRAWL_TRAP_SEGMENT_REPEATS;
	if (!e->traps.max_url_length)
		e->traps.max_url_length = CRAWL_TRAP_URL_LENGTH;
	if (!e->traps.max_thin_chain)
		e->traps.max_thin_chain = CRAWL_TRAP_THIN_CHAIN;
	e->chains = calloc(CRAWL_TRAP_PATTERNS, sizeof *e->chains);

	rc = e->chains ? open_outputs(e) : warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	if (!rc)
		rc = crw_frontier_begin(e->fr, err);
	if (!rc)
		rc = crw_setup_scope(e);
	if (!rc)
		rc = crw_origins_load(e);
	if (!rc && config->resume) /* what a killed run wrote after its last commit */
		rc = crw_reconcile(e);
	if (!rc && config->dedup_index) {
		uint64_t loaded;
		rc = crw_dedup_import(e->fr, config->dedup_index, &loaded, err);
	}
	if (!rc)
		rc = crw_add_seeds(e);
	if (!rc)
		rc = crw_fetcher_new(&e->fe, config, err);
	if (!rc)
		rc = commit(e, true);
	if (!rc)
		rc = loop(e);
	if (!rc && result->limit_reached && !result->interrupted)
		rc = crw_frontier_each_queued(e->fr, limit_line, e, err);
	if (e->writer) {
		int wrc = e->uncommitted ? warc_writer_sync(e->writer, err) : WARC_OK;
		if (!rc)
			rc = wrc;
	}
	if (!rc)
		rc = commit(e, true);
	if (e->writer) {
		int wrc = warc_writer_close(e->writer, rc ? NULL : err);
		e->writer = NULL;
		if (!rc)
			rc = wrc;
	}
	if (!rc && !(callbacks && callbacks->stop && *callbacks->stop >= 2))
		rc = write_index(e);
	if (e->fr) {
		result->captured_total = crw_frontier_count_captured(e->fr, false);
		uint64_t total = 0;
		crw_frontier_seed_stats(e->fr, &total, &result->seeds_failed);
		result->seeds_total = total;
	}
	if (e->log)
		fflush(e->log);
	if (e->fr) /* a run that never opened its state reports nothing */
		progress(e, true);
	engine_free(e);
	warc_error ignored;
	if (crawl_log_summarise(config->dir, &result->log, &ignored))
		memset(&result->log, 0, sizeof result->log);   /* no log: nothing to report */
	return rc;
}

void crawl_result_free(crawl_result *result)
{
	crawl_log_summary_free(&result->log);
}
