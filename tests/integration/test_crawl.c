/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl.c - acceptance tests of 'wark crawl' against the fault-injecting
 * multi-host test site (tests/server/sitesrv.py): outcomes in crawl.log,
 * robots and scope, per-host concurrency from the server's own log, faults
 * (retry, reset, size and time cuts, big bodies), dedup, and that wark
 * verify and warcio.js accept every WARC. Resume after kill -9 and SIGINT
 * is in test_crawl_resume.c.
 */
#include <criterion/criterion.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/support/crawltest.h"
#include "warc/warc.h"

/* One test site per test; .fini stops it even when an assertion failed. */
static struct crawl_env env;

static void stop_env(void)
{
	crawl_env_stop(&env);
}

Test(crawl, site_completes_with_robots_scope_requisites_and_caps, .timeout = 60, .fini = stop_env)
{
	crawl_env_start(&env, NULL);
	char seed[256];
	sitesrv_url(&env.srv, "news.test", "/", seed, sizeof seed);
	struct run r = crawl_run_wark(&env, "%s --host-budget 40 --host-connections 2", seed);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);

	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert_gt(log.n, 30, "only %zu lines", log.n);
	const char *unfinished = crawl_log_unfinished(&log);
	cr_assert_null(unfinished, "no final outcome for %s", unfinished);

	/* robots.txt obeyed: logged as blocked, never requested. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/private/secret.html"), "robots-blocked");
	cr_assert_eq(srvlog_count(&env, "news.test", "/private/"), 0);
	cr_assert_gt(srvlog_count(&env, "news.test", "/robots.txt"), 0);
	/* Scope host: other.test is linked but out of scope, so never contacted. */
	cr_assert_eq(srvlog_count(&env, "other.test", "/"), 0);
	/* Requisites off-host, including CSS @import and the font it names. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_static, "/css/main.css"), "captured");
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_static, "/css/fonts.css"), "captured");
	/* (static.test's budget of 40 is spent in fetch order, which under valgrind's
	 * slowness can reach the font, two CSS hops deep, only after the images) */
	const char *variant = getenv("WARK_VARIANT");
	if (!variant || strcmp(variant, "valgrind"))
		cr_assert_str_eq(crawl_log_outcome(&log, env.base_static, "/fonts/site.woff2"), "captured");
	/* Redirect recorded, its target captured once. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/old-home"), "redirect");
	cr_assert_eq(srvlog_count_exact(&env, "news.test", "/"), 1);
	/* 404 is a capture too; identical bodies give one response and one revisit. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/missing.html"), "captured");
	char *a = strdup(crawl_log_outcome(&log, env.base_news, "/dup/a.html"));
	char *b = strdup(crawl_log_outcome(&log, env.base_news, "/dup/b.html"));
	cr_assert((!strcmp(a, "captured") && !strcmp(b, "revisit")) || (!strcmp(a, "revisit") && !strcmp(b, "captured")),
		  "dup outcomes %s %s", a, b);
	free(a);
	free(b);
	/* The infinite calendar was cut by the host budget and the crawl ended. */
	cr_assert_gt(crawl_log_count(&log, "budget-cut"), 0);
	/* Politeness: the server never saw more than 2 requests at once per host. */
	cr_assert_leq(srvlog_max_inflight(&env, "news.test"), 2);
	cr_assert_leq(srvlog_max_inflight(&env, "static.test"), 2);

	/* Every WARC verifies; warcio.js reads them; the CDXJ is sorted and complete. */
	crawl_assert_warcs_ok(&env, crawl_log_count(&log, "captured") + crawl_log_count(&log, "revisit") +
					    crawl_log_count(&log, "redirect"));
	crawl_log_free(&log);
	crawl_env_stop(&env);
}

Test(crawl, faults_retries_truncation_and_bounded_memory, .timeout = 60, .fini = stop_env)
{
	crawl_env_start(&env, "--big-size 12000000 --drip-ms 50 --drip-chunks 10");
	char faults[256], slow[256];
	sitesrv_url(&env.srv, "news.test", "/faults.html", faults, sizeof faults);
	sitesrv_url(&env.srv, "news.test", "/fault/slow?chunks=200", slow, sizeof slow);
	struct run r = crawl_run_wark_timed(&env, "%s %s --retries 2 --timeout 3 --depth 1", faults, slow);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	long rss_kb = crawl_rss_kb(&r);
	run_free(&r);

	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert_null(crawl_log_unfinished(&log));
	/* 503 + Retry-After once, then 200: one retry line, then captured. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/fault/503-once"), "captured");
	cr_assert_gt(crawl_log_count(&log, "retry:http-503"), 0);
	cr_assert_eq(srvlog_count(&env, "news.test", "/fault/503-once"), 2);
	/* A reset mid-body is retried; the last attempt is kept truncated or fails. */
	cr_assert_eq(srvlog_count(&env, "news.test", "/fault/reset"), 3);
	const char *reset = crawl_log_outcome(&log, env.base_news, "/fault/reset");
	cr_assert(!strcmp(reset, "failed") || !strcmp(reset, "captured"), "reset: %s", reset);
	/* The slow stream is cut by --timeout and kept with WARC-Truncated: time. */
	cr_assert(crawl_log_has(&log, "/fault/slow?chunks=200", "captured:truncated-time"));
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/fault/slow"), "captured");
	/* Redirect loop ends; bad gzip is stored as received. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/fault/loop-a"), "redirect");
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/fault/loop-b"), "redirect");
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/fault/bad-gzip"), "captured");
	/* A 12 MB body is spooled to disk, not held in RAM. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/fault/big"), "captured");
	cr_assert(crawl_log_has(&log, "/fault/big", " 12000"), "big body size in the log");
	if (rss_kb > 0 && crawl_release_build())
		cr_assert_lt(rss_kb, 12000 + 8000, "max RSS %ld kB for a 12 MB body", rss_kb);
	crawl_assert_warcs_ok(&env, 0);
	crawl_log_free(&log);
	crawl_env_stop(&env);
}

Test(crawl, max_size_cut_is_marked_truncated_length, .timeout = 30, .fini = stop_env)
{
	crawl_env_start(&env, "--big-size 3000000");
	char big[256];
	sitesrv_url(&env.srv, "news.test", "/fault/big", big, sizeof big);
	struct run r = crawl_run_wark(&env, "%s --max-size 100000", big);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert(crawl_log_has(&log, "/fault/big", "captured:truncated-length"));
	r = run_sh("zcat %s/warc/*.warc.gz | grep -ac '^WARC-Truncated: length'", env.out);
	cr_assert_eq(atoi(r.out), 1, "%s", r.out);
	run_free(&r);
	crawl_assert_warcs_ok(&env, 0);
	crawl_log_free(&log);
	crawl_env_stop(&env);
}

Test(crawl, robots_ignore_sitemaps_and_crawl_delay, .timeout = 60, .fini = stop_env)
{
	crawl_env_start(&env, "--crawl-delay 0.3");
	char news[256], other[256];
	sitesrv_url(&env.srv, "news.test", "/", news, sizeof news);
	sitesrv_url(&env.srv, "other.test", "/", other, sizeof other);
	struct run r = crawl_run_wark(&env, "%s %s --robots ignore --sitemaps --depth 1 --exclude /calendar/ --exclude /fonts/",
				      news, other);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert_null(crawl_log_unfinished(&log));
	/* --robots ignore: the disallowed page is fetched, robots.txt is not. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/private/secret.html"), "captured");
	cr_assert_eq(srvlog_count(&env, "news.test", "/robots.txt"), 0);
	/* --exclude holds for requisites too: the CSS is fetched, the font it names is not. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_static, "/css/fonts.css"), "captured");
	cr_assert_eq(srvlog_count(&env, "static.test", "/fonts/"), 0);
	/* --sitemaps: /sitemap.xml is read and its pages queued. */
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/sitemap.xml"), "captured");
	crawl_log_free(&log);
	crawl_env_stop(&env);

	/* Obeying robots: Crawl-delay 0.3 s spaces other.test's requests (the server
	 * sees them with some jitter, hence 0.2 s); the
	 * robots.txt Sitemap: index and its gzipped sitemap are followed. */
	crawl_env_start(&env, "--crawl-delay 0.3");
	sitesrv_url(&env.srv, "news.test", "/", news, sizeof news);
	sitesrv_url(&env.srv, "other.test", "/", other, sizeof other);
	r = crawl_run_wark(&env, "%s %s --sitemaps --depth 1 --exclude /calendar/", other, news);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	crawl_log_load(&log, env.out);
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/extra/1.html"), "captured");
	double gap = srvlog_min_gap(&env, "other.test");
	cr_assert_geq(gap, 0.2, "other.test requests %.3f s apart", gap);
	crawl_log_free(&log);
	crawl_env_stop(&env);
}

/* The records of every DIR/warc/ *.warc.gz, read with wark's own reader. */
struct dedup_rec {
	char type[16], uri[512], id[WARC_ID_MAX], date[WARC_DATE_MAX];
	char refers_to[WARC_ID_MAX], refers_uri[512], refers_date[WARC_DATE_MAX];
};
#define DEDUP_RECS_MAX 64

static void copy_field(char *out, size_t n, const char *v)
{
	snprintf(out, n, "%s", v ? v : "");
}

static size_t dedup_records(const char *dir, struct dedup_rec *out)
{
	char pattern[4200];
	snprintf(pattern, sizeof pattern, "%s/warc/*.warc.gz", dir);
	glob_t g;
	cr_assert_eq(glob(pattern, 0, NULL, &g), 0, "no WARC in %s", pattern);
	size_t n = 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		warc_reader *r;
		warc_error err;
		cr_assert_eq(warc_reader_open(&r, g.gl_pathv[i], &err), WARC_OK, "%s", err.msg);
		warc_record *rec;
		int rc;
		while ((rc = warc_reader_next(r, &rec, &err)) == WARC_OK) {
			cr_assert_lt(n, DEDUP_RECS_MAX);
			const warc_headers *h = warc_record_headers(rec);
			struct dedup_rec *d = &out[n++];
			copy_field(d->type, sizeof d->type, warc_record_type(rec));
			copy_field(d->uri, sizeof d->uri, warc_record_target_uri(rec));
			copy_field(d->id, sizeof d->id, warc_record_id(rec));
			copy_field(d->date, sizeof d->date, warc_record_date(rec));
			copy_field(d->refers_to, sizeof d->refers_to, warc_headers_get(h, "WARC-Refers-To"));
			copy_field(d->refers_uri, sizeof d->refers_uri, warc_headers_get(h, "WARC-Refers-To-Target-URI"));
			copy_field(d->refers_date, sizeof d->refers_date, warc_headers_get(h, "WARC-Refers-To-Date"));
		}
		cr_assert_eq(rc, WARC_EOF, "%s", err.msg);
		warc_reader_close(r);
	}
	globfree(&g);
	return n;
}

/*
 * Crawl second_url into DIR with --dedup-index INDEX (and extra options);
 * every revisit must name a response of the first crawl (first[]) by
 * Refers-To-Target-URI; with_ids: its WARC-Refers-To is that response's
 * WARC-Record-ID and Refers-To-Date its WARC-Date, else it has no
 * WARC-Refers-To. Returns the number of revisits.
 */
static size_t crawl_against(const char *dir, const char *second_url, const char *index, const char *extra,
			    const struct dedup_rec *first, size_t nfirst, bool with_ids)
{
	char resolve[1024];
	sitesrv_resolve_args(&env.srv, resolve, sizeof resolve);
	struct run r = run_wark("crawl -q %s %s -o %s --dedup-index %s %s", resolve, second_url, dir, index, extra);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_wark("verify -q %s/warc/*.warc.gz", dir);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_free(&r);
	static struct dedup_rec recs[DEDUP_RECS_MAX];
	size_t n = dedup_records(dir, recs), revisits = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(recs[i].type, "revisit"))
			continue;
		revisits++;
		const struct dedup_rec *orig = NULL;
		for (size_t j = 0; j < nfirst && !orig; j++)
			if (!strcmp(first[j].type, "response") && !strcmp(first[j].uri, recs[i].refers_uri))
				orig = &first[j];
		cr_assert_not_null(orig, "revisit of %s refers to %s, not a first-crawl response", recs[i].uri,
				   recs[i].refers_uri);
		if (with_ids) {
			cr_assert_str_eq(recs[i].refers_to, orig->id, "WARC-Refers-To of %s", recs[i].uri);
			cr_assert_str_eq(recs[i].refers_date, orig->date, "WARC-Refers-To-Date of %s", recs[i].uri);
		} else {
			cr_assert_str_empty(recs[i].refers_to, "WARC-Refers-To of %s", recs[i].uri);
			cr_assert_str_not_empty(recs[i].refers_date);
			cr_assert_eq(strncmp(recs[i].refers_date, orig->date, 19), 0, "%s vs %s", recs[i].refers_date,
				     orig->date);
		}
	}
	return revisits;
}

Test(crawl, dedup_index_of_an_earlier_crawl_gives_revisits, .timeout = 90, .fini = stop_env)
{
	crawl_env_start(&env, NULL);
	char a[256];
	sitesrv_url(&env.srv, "news.test", "/dup/a.html", a, sizeof a);
	struct run r = crawl_run_wark(&env, "%s", a);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	static struct dedup_rec first[DEDUP_RECS_MAX];
	size_t nfirst = dedup_records(env.out, first);
	char second[4096];
	snprintf(second, sizeof second, "%s/second", env.tmp);
	char b[256];
	sitesrv_url(&env.srv, "news.test", "/dup/b.html", b, sizeof b);
	char index[4200];
	snprintf(index, sizeof index, "%s/index.cdxj", env.out);
	/* b.html (and robots.txt, the same bytes) become revisits of the first
	 * crawl's records, found in FIRST/warc/ by the index's filename and offset. */
	cr_assert_eq(crawl_against(second, b, index, "", first, nfirst, true), 2);
	r = run_sh("zcat %s/warc/*.warc.gz | grep -a -A12 '^WARC-Type: revisit' | grep -a -c -e '^WARC-Refers-To-Target-URI: %s' "
		   "-e '^WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest'",
		   second, a);
	cr_assert_eq(atoi(r.out), 3, "revisit fields: %s", r.out);
	run_free(&r);

	/* An index whose offsets point at other records (the warcinfo): not trusted. */
	char wrong[4200], third[4096];
	snprintf(wrong, sizeof wrong, "%s/wrong.cdxj", env.tmp);
	r = run_sh("sed 's/\"offset\": *\"*[0-9]*\"*/\"offset\": \"0\"/' %s > %s && grep -c '\"offset\": \"0\"' %s", index,
		   wrong, wrong);
	cr_assert_gt(atoi(r.out), 0, "%s%s", r.out, r.err);
	run_free(&r);
	snprintf(third, sizeof third, "%s/third", env.tmp);
	cr_assert_eq(crawl_against(third, b, wrong, "", first, nfirst, false), 2);

	/* The first crawl's WARCs moved away: revisits without WARC-Refers-To, the
	 * crawl still succeeds; --dedup-warcs says where they went. */
	char moved[4200], fourth[4096], fifth[4096], opt[4300];
	snprintf(moved, sizeof moved, "%s/moved", env.tmp);
	r = run_sh("mv %s/warc %s", env.out, moved);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	snprintf(fourth, sizeof fourth, "%s/fourth", env.tmp);
	cr_assert_eq(crawl_against(fourth, b, index, "", first, nfirst, false), 2);
	snprintf(fifth, sizeof fifth, "%s/fifth", env.tmp);
	snprintf(opt, sizeof opt, "--dedup-warcs %s", moved);
	cr_assert_eq(crawl_against(fifth, b, index, opt, first, nfirst, true), 2);
	crawl_env_stop(&env);
}

Test(crawl, usage_errors_and_nothing_captured, .timeout = 30, .fini = stop_env)
{
	struct run r = run_wark("crawl http://127.0.0.1:1/");
	cr_assert_eq(r.status, 2);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	run_free(&r);
	r = run_wark("crawl --no-such-thing -o /tmp/x http://127.0.0.1:1/");
	cr_assert_eq(r.status, 2);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	run_free(&r);
	r = run_wark("crawl --scope galaxy -o /tmp/x http://127.0.0.1:1/");
	cr_assert_eq(r.status, 2);
	run_free(&r);
	r = run_wark("crawl --help");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "--resume"));
	run_free(&r);

	char *tmp = make_tmpdir();
	/* A seed nobody answers: nothing captured, exit 1, and the log says why. */
	r = run_wark("crawl -q --retries 0 --timeout 2 http://127.0.0.1:1/ -o %s/out", tmp);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	run_free(&r);
	char path[4096];
	snprintf(path, sizeof path, "%s/out/crawl.log", tmp);
	char *log = read_file(path, NULL);
	cr_assert(log && strstr(log, "failed:connect"), "%s", log ? log : "(no log)");
	free(log);
	/* The directory holds a crawl now: a new one needs --resume. */
	r = run_wark("crawl -q http://127.0.0.1:1/ -o %s/out", tmp);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "--resume"));
	run_free(&r);
	rm_rf(tmp);
	free(tmp);
}

Test(crawl, max_pages_stops_and_logs_the_rest_as_limit_cut, .timeout = 30, .fini = stop_env)
{
	crawl_env_start(&env, NULL);
	char seed[256];
	sitesrv_url(&env.srv, "news.test", "/", seed, sizeof seed);
	struct run r = crawl_run_wark(&env, "%s --max-pages 5", seed);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	cr_assert(strstr(r.err, "stopped at a limit"), "%s", r.err);
	run_free(&r);
	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert_null(crawl_log_unfinished(&log));
	size_t pages = 0;
	for (size_t i = 0; i < log.n; i++)
		if (!strstr(log.url[i], "/robots.txt") &&
		    (!strncmp(log.outcome[i], "captured", 8) || !strcmp(log.outcome[i], "revisit") ||
		     !strcmp(log.outcome[i], "redirect")))
			pages++;
	cr_assert_eq(pages, 5, "%zu pages captured", pages);
	cr_assert_gt(crawl_log_count(&log, "limit-cut"), 10);
	crawl_log_free(&log);
	crawl_assert_warcs_ok(&env, 0);
}

/* Sizes and durations as people write them reach the crawl: warcinfo records
 * them in its own units (ms, s, bytes); --timeout 1500ms is rounded up to 2 s. */
Test(crawl, sizes_and_durations_with_units, .timeout = 60, .fini = stop_env)
{
	crawl_env_start(&env, NULL);
	char seed[256];
	sitesrv_url(&env.srv, "news.test", "/", seed, sizeof seed);
	struct run r = crawl_run_wark(&env, "%s --max-pages 3 --delay 10ms --max-time 2m --timeout 1500ms "
				      "--warc-size 1MiB --max-size 1.5GB --max-bytes 2G", seed);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	static const char *const want[] = {
		"wark-delay-ms: 10", "wark-max-time: 120", "wark-timeout: 2",
		"wark-max-size: 1500000000", "wark-max-bytes: 2000000000",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		r = run_sh("zcat %s/warc/*.warc.gz | grep -a -c '^%s\r$'", env.out, want[i]);
		cr_assert(atoi(r.out) >= 1, "no '%s' in warcinfo", want[i]);
		run_free(&r);
	}
	crawl_assert_warcs_ok(&env, 0);
}

/* A seed typed without a scheme is fetched over http://, as wget does; one that
 * cannot be a URL is refused with one line naming it once. */
Test(crawl, seed_without_scheme_gets_http, .timeout = 60, .fini = stop_env)
{
	crawl_env_start(&env, NULL);
	struct run r = crawl_run_wark(&env, "news.test:%d --scope page", env.srv.port);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/"), "captured");
	crawl_log_free(&log);
	crawl_assert_warcs_ok(&env, 0);

	char *tmp = make_tmpdir();
	static const char *const bad[] = { "mailto:a@b", "/news/", "ftp://news.test/" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = run_wark("crawl '%s' -o %s/out", bad[i], tmp);
		char want[128];
		snprintf(want, sizeof want, "wark crawl: seed '%s': ", bad[i]);
		cr_assert_eq(r.status, 2, "%s: exit %d", bad[i], r.status);
		cr_assert_eq(count_lines(r.err), 1, "one line: %s", r.err);
		cr_assert(!strncmp(r.err, want, strlen(want)), "%s", r.err);
		cr_assert(strstr(r.err + strlen(want), "seed") == NULL, "seed named once: %s", r.err);
		cr_assert_gt(strlen(r.err), strlen(want) + 10, "a reason: %s", r.err);
		run_free(&r);
	}
	rm_rf(tmp);
	free(tmp);
}

/* One tests/server/ script per test, with its own directory; .fini stops both. */
static int py_pid;
static char *py_tmp;

static void stop_py_server(void)
{
	crawl_pyserver_stop(py_pid);
	py_pid = 0;
	if (py_tmp) {
		rm_rf(py_tmp);
		free(py_tmp);
		py_tmp = NULL;
	}
}

/* Start tests/server/SCRIPT in a fresh py_tmp; returns its port. */
static int start_py_server(const char *script)
{
	py_tmp = make_tmpdir();
	int port = 0;
	py_pid = crawl_pyserver_start(script, py_tmp, &port);
	cr_assert_gt(py_pid, 0, "%s did not start", script);
	return port;
}

Test(crawl, chunked_and_gzip_bodies_are_stored_raw_with_dechunked_digest, .timeout = 30,
     .fini = stop_py_server)
{
	int port = start_py_server("chunksrv.py");
	struct run r = run_wark("crawl -q http://127.0.0.1:%d/ -o %s/out", port, py_tmp);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	char out[4200], base[64];
	snprintf(out, sizeof out, "%s/out", py_tmp);
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	struct crawl_log log;
	crawl_log_load(&log, out);
	/* /leaf is linked only inside a gzip body sent in chunks: found => de-chunked, then decoded. */
	cr_assert_str_eq(crawl_log_outcome(&log, base, "/leaf"), "captured");
	/* /img has the same chunked bytes as /: the de-chunked payload digests match. */
	cr_assert_str_eq(crawl_log_outcome(&log, base, "/img"), "revisit");
	crawl_log_free(&log);
	/* The blocks keep the chunk framing; verify checks the spec's payload digest. */
	r = run_sh("zcat %s/warc/*.warc.gz | grep -a -c '^Transfer-Encoding: chunked'", out);
	cr_assert_geq(atoi(r.out), 3, "%s", r.out);
	run_free(&r);
	r = run_sh("zcat %s/warc/*.warc.gz | grep -a -c '^2bc'", out);
	cr_assert_geq(atoi(r.out), 1, "chunk-size lines stored: %s", r.out);
	run_free(&r);
	r = run_wark("verify %s/warc/*.warc.gz", out);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "de-chunked"), "%s", r.out);
	run_free(&r);
}

Test(crawl, robots_redirect_is_followed_and_a_503_holds_the_origin_back, .timeout = 30,
     .fini = stop_py_server)
{
	int port = start_py_server("robotsrv.py");
	struct run r = run_wark("crawl -q --resolve localhost:%d:127.0.0.1 http://127.0.0.1:%d/ -o %s/out", port, port,
				py_tmp);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	char out[4200], a[64], b[64];
	snprintf(out, sizeof out, "%s/out", py_tmp);
	snprintf(a, sizeof a, "http://127.0.0.1:%d", port);
	snprintf(b, sizeof b, "http://localhost:%d", port);
	struct crawl_log log;
	crawl_log_load(&log, out);
	cr_assert_null(crawl_log_unfinished(&log));
	/* 127.0.0.1's robots.txt redirects to localhost's, which answers 503 once, then rules. */
	cr_assert_str_eq(crawl_log_outcome(&log, a, "/robots.txt"), "redirect");
	cr_assert_eq(crawl_log_count(&log, "retry:http-503"), 1);
	cr_assert_str_eq(crawl_log_outcome(&log, b, "/robots.txt"), "captured");
	/* Those rules govern 127.0.0.1, and nothing was fetched there before they were known. */
	cr_assert_str_eq(crawl_log_outcome(&log, a, "/private/a.html"), "robots-blocked");
	cr_assert_str_eq(crawl_log_outcome(&log, a, "/ok.html"), "captured");
	cr_assert(strstr(log.url[0], "/robots.txt") && strstr(log.url[1], "/robots.txt") &&
		  strstr(log.url[2], "/robots.txt"), "robots.txt fetches come first: %s %s %s", log.url[0], log.url[1],
		  log.url[2]);
	crawl_log_free(&log);
	r = run_wark("verify -q %s/warc/*.warc.gz", out);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_free(&r);
}
