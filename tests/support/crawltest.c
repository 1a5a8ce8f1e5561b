/* SPDX-License-Identifier: Apache-2.0 */
/* crawltest.c - see crawltest.h. */
#include "tests/support/crawltest.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void crawl_env_start(struct crawl_env *e, const char *server_args)
{
	memset(e, 0, sizeof *e);
	cr_assert_eq(sitesrv_start_opts(&e->srv, NULL, server_args), 0, "test site did not start");
	e->tmp = make_tmpdir();
	cr_assert_not_null(e->tmp);
	snprintf(e->out, sizeof e->out, "%s/out", e->tmp);
	sitesrv_resolve_args(&e->srv, e->resolve, sizeof e->resolve);
	snprintf(e->base_news, sizeof e->base_news, "http://news.test:%d", e->srv.port);
	snprintf(e->base_static, sizeof e->base_static, "http://static.test:%d", e->srv.port);
	snprintf(e->base_other, sizeof e->base_other, "http://other.test:%d", e->srv.port);
}

void crawl_env_stop(struct crawl_env *e)
{
	sitesrv_stop(&e->srv);
	if (e->tmp) {
		rm_rf(e->tmp);
		free(e->tmp);
		e->tmp = NULL;
	}
}

static struct run run_crawl(struct crawl_env *e, bool timed, const char *fmt, va_list ap)
{
	char args[4096];
	vsnprintf(args, sizeof args, fmt, ap);
	if (!timed)
		return run_wark("crawl -q %s %s -o %s", e->resolve, args, e->out);
	return run_sh("/usr/bin/time -f 'RSS %%M' %s crawl -q %s %s -o %s", wark_bin(), e->resolve, args, e->out);
}

struct run crawl_run_wark(struct crawl_env *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct run r = run_crawl(e, false, fmt, ap);
	va_end(ap);
	return r;
}

struct run crawl_run_wark_timed(struct crawl_env *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct run r = run_crawl(e, true, fmt, ap);
	va_end(ap);
	return r;
}

long crawl_rss_kb(const struct run *r)
{
	const char *p = r->err ? strstr(r->err, "RSS ") : NULL;
	return p ? strtol(p + 4, NULL, 10) : -1;
}

bool crawl_release_build(void)
{
	const char *v = getenv("WARK_VARIANT");
	return !v || !strcmp(v, "release");
}

/* ---- crawl.log ---- */

/* Field k (0-based, space separated) of line, copied into out. */
static void field(const char *line, int k, char *out, size_t outsz)
{
	const char *p = line;
	for (int i = 0; i < k && p; i++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	size_t n = p ? strcspn(p, " \n") : 0;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p ? p : "", n);
	out[n] = '\0';
}

void crawl_log_load(struct crawl_log *log, const char *dir)
{
	memset(log, 0, sizeof *log);
	char path[4096];
	snprintf(path, sizeof path, "%s/crawl.log", dir);
	log->text = read_file(path, NULL);
	cr_assert_not_null(log->text, "no %s", path);
	size_t lines = count_lines(log->text) + 1;
	log->url = calloc(lines, sizeof *log->url);
	log->outcome = calloc(lines, sizeof *log->outcome);
	log->line = calloc(lines, sizeof *log->line);
	for (char *save = NULL, *l = strtok_r(log->text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char url[4096], outcome[512];
		field(l, 3, url, sizeof url);
		field(l, 9, outcome, sizeof outcome);
		cr_assert(url[0] && outcome[0], "malformed crawl.log line: %s", l);
		log->line[log->n] = l;
		log->url[log->n] = strdup(url);
		log->outcome[log->n] = strdup(outcome);
		log->n++;
	}
}

void crawl_log_free(struct crawl_log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		free(log->url[i]);
		free(log->outcome[i]);
	}
	free(log->url);
	free(log->outcome);
	free(log->line);
	free(log->text);
	memset(log, 0, sizeof *log);
}

static bool is_retry(const char *outcome)
{
	return !strncmp(outcome, "retry", 5);
}

const char *crawl_log_unfinished(const struct crawl_log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		bool final = false;
		for (size_t j = 0; j < log->n && !final; j++)
			final = !strcmp(log->url[j], log->url[i]) && !is_retry(log->outcome[j]);
		if (!final)
			return log->url[i];
	}
	return NULL;
}

const char *crawl_log_outcome(const struct crawl_log *log, const char *base, const char *path)
{
	static __thread char tok[64];
	char url[4096];
	snprintf(url, sizeof url, "%s%s", base, path);
	tok[0] = '\0';
	for (size_t i = 0; i < log->n; i++)
		if (!strcmp(log->url[i], url) && !is_retry(log->outcome[i])) {
			size_t n = strcspn(log->outcome[i], ":");
			if (n >= sizeof tok)
				n = sizeof tok - 1;
			memcpy(tok, log->outcome[i], n);
			tok[n] = '\0';
		}
	return tok;
}

size_t crawl_log_count(const struct crawl_log *log, const char *outcome)
{
	size_t n = 0, len = strlen(outcome);
	for (size_t i = 0; i < log->n; i++)
		if (!strncmp(log->outcome[i], outcome, len) && (!log->outcome[i][len] || log->outcome[i][len] == ':'))
			n++;
	return n;
}

bool crawl_log_has(const struct crawl_log *log, const char *a, const char *b)
{
	for (size_t i = 0; i < log->n; i++)
		if (strstr(log->line[i], a) && strstr(log->line[i], b))
			return true;
	return false;
}

/* ---- small single-purpose servers ---- */

int crawl_pyserver_start(const char *script, const char *dir, int *port)
{
	char path[4096], portfile[4096];
	snprintf(path, sizeof path, "%s/tests/server/%s", repo_root(), script);
	snprintf(portfile, sizeof portfile, "%s/port", dir);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("python3", "python3", path, portfile, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			int ok = fscanf(f, "%d", port) == 1;
			fclose(f);
			if (ok)
				return (int)pid;
		}
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return -1;
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
	}
	crawl_pyserver_stop((int)pid);
	return -1;
}

void crawl_pyserver_stop(int pid)
{
	if (pid <= 0)
		return;
	kill((pid_t)pid, SIGTERM);
	waitpid((pid_t)pid, NULL, 0);
}

/* ---- the server's request log (JSON lines with sorted keys) ---- */

static bool json_str(const char *line, const char *key, char *out, size_t outsz)
{
	char k[64];
	snprintf(k, sizeof k, "\"%s\": \"", key);
	const char *p = strstr(line, k);
	if (!p)
		return false;
	p += strlen(k);
	size_t n = strcspn(p, "\"");
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

static double json_num(const char *line, const char *key)
{
	char k[64];
	snprintf(k, sizeof k, "\"%s\": ", key);
	const char *p = strstr(line, k);
	return p ? strtod(p + strlen(k), NULL) : -1;
}

typedef void (*srvlog_fn)(void *ctx, const char *line, const char *path);

static void srvlog_each(const struct crawl_env *e, const char *host, srvlog_fn fn, void *ctx)
{
	char *text = read_file(e->srv.log, NULL);
	if (!text)
		return;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char h[128], path[4096];
		if (json_str(l, "host", h, sizeof h) && !strcmp(h, host) && json_str(l, "path", path, sizeof path))
			fn(ctx, l, path);
	}
	free(text);
}

struct count_ctx {
	const char *path;
	bool exact;
	int n;
};

static void count_fn(void *ctx, const char *line, const char *path)
{
	struct count_ctx *c = ctx;
	(void)line;
	if (c->exact ? !strcmp(path, c->path) : !strncmp(path, c->path, strlen(c->path)))
		c->n++;
}

int srvlog_count(const struct crawl_env *e, const char *host, const char *prefix)
{
	struct count_ctx c = { prefix, false, 0 };
	srvlog_each(e, host, count_fn, &c);
	return c.n;
}

int srvlog_count_exact(const struct crawl_env *e, const char *host, const char *path)
{
	struct count_ctx c = { path, true, 0 };
	srvlog_each(e, host, count_fn, &c);
	return c.n;
}

static void max_fn(void *ctx, const char *line, const char *path)
{
	int *m = ctx;
	(void)path;
	int v = (int)json_num(line, "inflight");
	if (v > *m)
		*m = v;
}

int srvlog_max_inflight(const struct crawl_env *e, const char *host)
{
	int m = 0;
	srvlog_each(e, host, max_fn, &m);
	return m;
}

struct starts {
	double v[4096];
	size_t n;
};

static void start_fn(void *ctx, const char *line, const char *path)
{
	struct starts *s = ctx;
	(void)path;
	if (s->n < sizeof s->v / sizeof s->v[0])
		s->v[s->n++] = json_num(line, "start");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double srvlog_min_gap(const struct crawl_env *e, const char *host)
{
	struct starts *s = calloc(1, sizeof *s);
	srvlog_each(e, host, start_fn, s);
	qsort(s->v, s->n, sizeof s->v[0], cmp_double);
	double gap = 1e9;
	for (size_t i = 1; i < s->n; i++)
		if (s->v[i] - s->v[i - 1] < gap)
			gap = s->v[i] - s->v[i - 1];
	free(s);
	return gap;
}

/* ---- WARC checks ---- */

char *crawl_captured_uris(const char *dir)
{
	struct run r = run_sh("for f in %s/warc/*.warc.gz; do node %s/tests/js/node_modules/.bin/warcio index \"$f\" "
			      "-f warc-type,warc-target-uri 2>>%s/../warcio.err || echo WARCIO-FAILED; done "
			      "| grep -e '\"response\"' -e '\"revisit\"' -e WARCIO-FAILED "
			      "| sed 's/.*\"warc-target-uri\":\"\\([^\"]*\\)\".*/\\1/' | LC_ALL=C sort",
			      dir, repo_root(), dir);
	char *out = r.out;
	r.out = NULL;
	run_free(&r);
	return out;
}

size_t crawl_assert_warcs_ok(const struct crawl_env *e, size_t expected_captures)
{
	struct run r = run_sh("ls %s/warc | grep -c '\\.open$'", e->out);
	cr_assert_eq(atoi(r.out), 0, "open WARC files left: %s", r.out);
	run_free(&r);
	r = run_wark("verify -q %s/warc/*.warc.gz", e->out);
	cr_assert_eq(r.status, 0, "wark verify: %s%s", r.out, r.err);
	run_free(&r);
	char *uris = crawl_captured_uris(e->out);
	cr_assert_not_null(uris);
	if (strstr(uris, "WARCIO-FAILED")) {
		char path[4200];
		snprintf(path, sizeof path, "%s/../warcio.err", e->out);
		char *why = read_file(path, NULL);
		cr_assert_fail("warcio.js could not index: %s", why ? why : "?");
	}
	size_t records = count_lines(uris);
	free(uris);
	if (expected_captures)
		cr_assert_eq(records, expected_captures, "%zu response/revisit records, crawl.log says %zu", records,
			     expected_captures);
	r = run_sh("LC_ALL=C sort -c %s/index.cdxj && grep -c '' %s/index.cdxj", e->out, e->out);
	cr_assert_eq(r.status, 0, "index.cdxj not sorted: %s", r.err);
	cr_assert_eq((size_t)atol(r.out), records, "index.cdxj has %s lines for %zu records", r.out, records);
	run_free(&r);
	/* The crawl makes its lines as it writes: the same as indexing the files. */
	r = run_wark("index -o %s/../reindex.cdxj %s/warc/*.warc.gz", e->out, e->out);
	cr_assert_eq(r.status, 0, "wark index: %s", r.err);
	run_free(&r);
	r = run_sh("LC_ALL=C sort -u %s/../reindex.cdxj | diff - %s/index.cdxj", e->out, e->out);
	cr_assert_eq(r.status, 0, "index.cdxj differs from wark index of the WARCs: %s", r.out);
	run_free(&r);
	return records;
}
