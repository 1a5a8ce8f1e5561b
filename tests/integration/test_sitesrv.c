/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sitesrv.c - the crawler tests' harness works: tests/server/sitesrv.py
 * starts, serves its hosts by Host header, injects its faults, logs one JSON
 * line per request with per-host in-flight counts, and stops cleanly.
 * Driven with the curl tool, pinned to 127.0.0.1 with --resolve.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/sitesrv.h"
#include "tests/support/support.h"

static struct sitesrv srv;
static char resolve[512];
static char *tmp;
static char logpath[512];

static void start(const char *extra)
{
	tmp = make_tmpdir();
	cr_assert_not_null(tmp);
	snprintf(logpath, sizeof logpath, "%s/requests.log", tmp);
	cr_assert_eq(sitesrv_start_opts(&srv, logpath, extra), 0, "sitesrv did not start");
	sitesrv_resolve_args(&srv, resolve, sizeof resolve);
}

/* .fini: whatever happened, nothing is left running or lying around */
static void stop(void)
{
	sitesrv_stop(&srv);
	if (tmp)
		rm_rf(tmp);
	free(tmp);
	tmp = NULL;
}

/* curl with the hosts pinned to loopback; never through a proxy. */
static struct run fetch(const char *opts, const char *host, const char *path)
{
	char url[256];
	sitesrv_url(&srv, host, path, url, sizeof url);
	return run_sh("curl --noproxy '*' -s -S --max-time 20 %s %s '%s'", resolve, opts, url);
}

typedef struct logstat {
	size_t lines;
	int max_inflight[3];   /* news, static, other */
	size_t status_503, status_404;
} logstat;

/* Stops the server (so every request is logged), then reads its log. */
static logstat read_log(void)
{
	logstat st = { 0 };
	sitesrv_stop(&srv);
	char *text = read_file(logpath, NULL);
	cr_assert_not_null(text, "no request log at %s", logpath);
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_error_t je;
		json_t *o = json_loads(line, 0, &je);
		cr_assert_not_null(o, "log line is not JSON: %s", line);
		const char *host = json_string_value(json_object_get(o, "host"));
		json_t *inflight = json_object_get(o, "inflight");
		cr_assert_not_null(host);
		cr_assert(json_is_integer(inflight));
		cr_assert(json_is_number(json_object_get(o, "start")) && json_is_number(json_object_get(o, "end")));
		cr_assert(json_is_string(json_object_get(o, "path")));
		int status = (int)json_integer_value(json_object_get(o, "status"));
		int n = (int)json_integer_value(inflight);
		int idx = !strcmp(host, "news.test") ? 0 : !strcmp(host, "static.test") ? 1 : 2;
		if (n > st.max_inflight[idx])
			st.max_inflight[idx] = n;
		st.status_503 += status == 503;
		st.status_404 += status == 404;
		st.lines++;
		json_decref(o);
	}
	free(text);
	return st;
}

Test(sitesrv, serves_hosts_by_host_header, .fini = stop)
{
	start(NULL);
	struct run r = fetch("", "news.test", "/");
	cr_assert_eq(r.status, 0, "%s", r.err);
	char want[128];
	snprintf(want, sizeof want, "http://static.test:%d/css/main.css", sitesrv_port(&srv));
	cr_assert(strstr(r.out, want), "home links the static host's stylesheet");
	cr_assert(strstr(r.out, "/article/world-1.html"));
	run_free(&r);

	r = fetch("", "news.test", "/robots.txt");
	cr_assert(strstr(r.out, "Disallow: /private/") && strstr(r.out, "Sitemap: http://news.test:"));
	run_free(&r);
	r = fetch("", "other.test", "/robots.txt");
	cr_assert(strstr(r.out, "Crawl-delay:"));
	run_free(&r);
	r = fetch("", "static.test", "/css/main.css");
	cr_assert(strstr(r.out, "@import"));
	run_free(&r);

	/* same URL on two hosts is two different resources */
	r = fetch("-o /dev/null -w '%{http_code}'", "static.test", "/article/world-1.html");
	cr_assert_str_eq(r.out, "404");
	run_free(&r);
	r = fetch("-H 'Host: nosuch.test' -o /dev/null -w '%{http_code}'", "news.test", "/");
	cr_assert_str_eq(r.out, "404", "an unknown Host gets 404");
	run_free(&r);

	/* sitemaps: the index names a gzip file holding pages found nowhere else */
	r = fetch("", "news.test", "/sitemap-index.xml");
	cr_assert(strstr(r.out, "<sitemapindex") && strstr(r.out, "sitemap-extra.xml.gz"));
	run_free(&r);
	char url[256];
	sitesrv_url(&srv, "news.test", "/sitemap-extra.xml.gz", url, sizeof url);
	r = run_sh("curl --noproxy '*' -s %s '%s' | gzip -dc", resolve, url);
	cr_assert(strstr(r.out, "/extra/1.html"), "%s", r.out);
	run_free(&r);

	logstat st = read_log();
	cr_assert_eq(st.lines, 8, "one log line per request");
	cr_assert_eq(st.status_404, 2);
}

Test(sitesrv, faults, .fini = stop)
{
	start("--big-size 300000");
	struct run r = fetch("-D - -o /dev/null", "news.test", "/fault/503-once");
	cr_assert(strstr(r.out, " 503") && strstr(r.out, "Retry-After: 1"), "%s", r.out);
	run_free(&r);
	r = fetch("-o /dev/null -w '%{http_code}'", "news.test", "/fault/503-once");
	cr_assert_str_eq(r.out, "200", "second time lucky");
	run_free(&r);

	r = fetch("-o /dev/null", "news.test", "/fault/reset");
	cr_assert(r.status == 56 || r.status == 18, "connection reset mid-body: curl exit %d", r.status);
	run_free(&r);

	r = fetch("--compressed -o /dev/null", "news.test", "/fault/bad-gzip");
	cr_assert_eq(r.status, 61, "bad content encoding: curl exit %d", r.status);
	run_free(&r);

	r = fetch("-L --max-redirs 4 -o /dev/null", "news.test", "/fault/loop-a");
	cr_assert_eq(r.status, 47, "redirect loop: curl exit %d", r.status);
	run_free(&r);

	r = fetch("-o /dev/null -w '%{size_download}'", "news.test", "/fault/big");
	cr_assert_str_eq(r.out, "300000");
	run_free(&r);

	r = fetch("-o /dev/null -w '%{http_code}'", "news.test", "/fault/404");
	cr_assert_str_eq(r.out, "404");
	run_free(&r);

	r = fetch("", "news.test", "/calendar/2024/12");
	cr_assert(strstr(r.out, "/calendar/2025/01"), "the calendar goes on forever");
	run_free(&r);

	struct run a = fetch("", "news.test", "/dup/a.html"), b = fetch("", "news.test", "/dup/b.html");
	cr_assert_str_eq(a.out, b.out);
	run_free(&a);
	run_free(&b);

	logstat st = read_log();
	cr_assert_eq(st.status_503, 1);
}

Test(sitesrv, logs_concurrent_requests_per_host, .fini = stop)
{
	start("--drip-ms 60");
	char url[256];
	sitesrv_url(&srv, "news.test", "/fault/slow?chunks=6", url, sizeof url);
	char other[256];
	sitesrv_url(&srv, "other.test", "/", other, sizeof other);
	/* three slow requests to one host at once, one quick one to another */
	struct run r = run_sh("for i in 1 2 3; do curl --noproxy '*' -s %s -o /dev/null '%s' & done; "
			      "curl --noproxy '*' -s %s -o /dev/null '%s'; wait",
			      resolve, url, resolve, other);
	cr_assert_eq(r.status, 0);
	run_free(&r);
	logstat st = read_log();
	cr_assert_eq(st.lines, 4);
	cr_assert_eq(st.max_inflight[0], 3, "three overlapping requests to news.test");
	cr_assert_eq(st.max_inflight[2], 1, "other.test counted separately");
}

Test(sitesrv, stop_is_clean_and_idempotent)
{
	cr_assert_eq(sitesrv_start(&srv, NULL), 0);
	pid_t pid = srv.pid;
	cr_assert_gt(sitesrv_port(&srv), 0);
	sitesrv_stop(&srv);
	cr_assert_eq(kill(pid, 0), -1, "server process is gone");
	sitesrv_stop(&srv);
}
