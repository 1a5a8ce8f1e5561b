/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl_hostile.c - what wark promises against hostile pages and traps
 * (SPEC.md section 5): a page of 300,000 attributes, 100,000 nested elements
 * or 1,000,000 tiny ones costs bounded time (crawl with --max-time and
 * extract end quickly, the capture is stored, the limit is logged), SIGTERM
 * takes effect while such pages are processed, and a calendar trap is cut
 * within 200 URLs while a 60-page pagination is crawled whole.
 * Server: tests/server/trapsrv.py. The time bounds are generous hang checks.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/crawltest.h"

static int py_pid;
static char *py_tmp;
static char base[64];

static void stop_server(void)
{
	crawl_pyserver_stop(py_pid);
	py_pid = 0;
	if (py_tmp) {
		rm_rf(py_tmp);
		free(py_tmp);
		py_tmp = NULL;
	}
}

static void start_server(void)
{
	py_tmp = make_tmpdir();
	int port = 0;
	py_pid = crawl_pyserver_start("trapsrv.py", py_tmp, &port);
	cr_assert_gt(py_pid, 0, "trapsrv.py did not start");
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
}

/* Seconds the shell command took (its own clock), parsed from "... S" on the last line. */
static double ends_with_seconds(const struct run *r)
{
	const char *nl = strrchr(r->out, ' ');
	return nl ? atof(nl + 1) : 1e9;
}

Test(crawl_hostile, hostile_pages_cost_bounded_time_are_stored_and_logged, .timeout = 300, .fini = stop_server)
{
	start_server();
	struct run r = run_sh("s=$(date +%%s%%N); %s crawl -q --max-time 20 %s/hostile/attrs %s/hostile/deep "
			      "%s/hostile/tiny -o %s/out; st=$?; e=$(date +%%s%%N); echo \"$st $(( (e - s) / 1000000 ))\" | "
			      "awk '{print $1, $2 / 1000}'",
			      wark_bin(), base, base, base, py_tmp);
	double secs = ends_with_seconds(&r);
	cr_assert_eq(atoi(r.out), 0, "exit: %s %s", r.out, r.err);
	cr_assert_lt(secs, crawl_release_build() ? 30 : 120, "the crawl took %.1f s", secs);
	run_free(&r);
	char out[4200];
	snprintf(out, sizeof out, "%s/out", py_tmp);
	struct crawl_log log;
	crawl_log_load(&log, out);
	/* each names its limit (a slow machine or ASan may hit the time budget first) */
	bool slow = !crawl_release_build();
	cr_assert(crawl_log_has(&log, "/hostile/attrs", slow ? "captured:parse-limit-" : "captured:parse-limit-attributes"));
	cr_assert(crawl_log_has(&log, "/hostile/deep", slow ? "captured:parse-limit-" : "captured:parse-limit-depth"));
	cr_assert(crawl_log_has(&log, "/hostile/tiny", "captured:parse-limit-"));
	/* links after the cut attributes are still taken */
	cr_assert_str_eq(crawl_log_outcome(&log, base, "/hostile/after"), "captured");
	crawl_log_free(&log);
	char *uris = crawl_captured_uris(out);
	cr_assert(strstr(uris, "/hostile/attrs\n") && strstr(uris, "/hostile/deep\n") && strstr(uris, "/hostile/tiny\n"),
		  "captures stored: %s", uris);
	free(uris);
}

Test(crawl_hostile, sigterm_while_hostile_pages_are_processed_ends_the_crawl, .timeout = 300, .fini = stop_server)
{
	start_server();
	/* 40 pages of 300,000 attributes each: before the parse limits one took minutes.
	 * Under valgrind wark needs seconds to start and install its handlers. */
	const char *v = getenv("WARK_VARIANT");
	int settle = v && !strcmp(v, "valgrind") ? 15 : 2;
	struct run r = run_sh("%s crawl -q --host-connections 4 %s/hostile/many -o %s/out & p=$!; sleep %d; "
			      "s=$(date +%%s%%N); kill -TERM $p; wait $p; st=$?; e=$(date +%%s%%N); "
			      "echo \"$st $(( (e - s) / 1000000 ))\" | awk '{print $1, $2 / 1000}'",
			      wark_bin(), base, py_tmp, settle);
	double secs = ends_with_seconds(&r);
	int st = atoi(r.out);
	cr_assert(st == 130 || st == 0, "exit: %s %s", r.out, r.err);
	cr_assert_lt(secs, crawl_release_build() ? 12 : 40, "SIGTERM took %.1f s to end the crawl", secs);
	run_free(&r);
}

Test(crawl_hostile, calendar_trap_is_cut_and_pagination_is_crawled_whole, .timeout = 300, .fini = stop_server)
{
	start_server();
	struct run r = run_wark("crawl -q --max-time 120 %s/ -o %s/out", base, py_tmp);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	char out[4200];
	snprintf(out, sizeof out, "%s/out", py_tmp);
	struct crawl_log log;
	crawl_log_load(&log, out);
	size_t calendar = 0;
	for (size_t i = 0; i < log.n; i++)
		if (strstr(log.url[i], "/calendar/"))
			calendar++;
	cr_assert_leq(calendar, 200, "%zu calendar URLs", calendar);
	cr_assert_gt(crawl_log_count(&log, "trap"), 0);
	cr_assert(crawl_log_has(&log, "/calendar/", "trap:thin-chain"));
	char path[64];
	for (int n = 1; n <= 60; n++) {
		snprintf(path, sizeof path, "/blog/page-%d", n);
		cr_assert_str_eq(crawl_log_outcome(&log, base, path), "captured", "%s", path);
	}
	for (int k = 3; k < 183; k++) {
		snprintf(path, sizeof path, "/blog/post-%d.html", k);
		cr_assert_str_eq(crawl_log_outcome(&log, base, path), "captured", "%s", path);
	}
	crawl_log_free(&log);
}

Test(crawl_hostile, trap_chain_0_turns_the_rule_off, .timeout = 300, .fini = stop_server)
{
	start_server();
	struct run r = run_wark("crawl -q --trap-chain 0 --host-budget 300 %s/calendar/?m=1 -o %s/out", base, py_tmp);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	char out[4200];
	snprintf(out, sizeof out, "%s/out", py_tmp);
	struct crawl_log log;
	crawl_log_load(&log, out);
	cr_assert_eq(crawl_log_count(&log, "trap"), 0);
	cr_assert_gt(crawl_log_count(&log, "budget-cut"), 0);
	crawl_log_free(&log);
}

Test(crawl_hostile, extract_of_40k_attributes_is_bounded_and_says_so, .timeout = 120)
{
	char *tmp = make_tmpdir();
	size_t cap = 40000 * 16 + 200, len = 0;
	char *html = malloc(cap);
	len += (size_t)sprintf(html, "<html><body><p ");
	for (int i = 0; i < 40000; i++)
		len += (size_t)sprintf(html + len, "a%d=%d ", i, i);
	len += (size_t)sprintf(html + len, ">A paragraph of text, long enough to count, with commas, and words.</p>");
	char path[4200];
	snprintf(path, sizeof path, "%s/a.html", tmp);
	cr_assert_eq(write_file(path, html, len), 0);
	free(html);
	struct run r = run_sh("s=$(date +%%s%%N); %s extract --format jsonl %s > %s/out.jsonl; st=$?; e=$(date +%%s%%N); "
			      "echo \"$st $(( (e - s) / 1000000 ))\" | awk '{print $1, $2 / 1000}'",
			      wark_bin(), path, tmp);
	double secs = ends_with_seconds(&r);
	cr_assert_eq(atoi(r.out), 0, "exit: %s %s", r.out, r.err);
	cr_assert_lt(secs, crawl_release_build() ? 10 : 60, "extract took %.1f s", secs);
	run_free(&r);
	snprintf(path, sizeof path, "%s/out.jsonl", tmp);
	char *json = read_file(path, NULL);
	cr_assert(json && strstr(json, "\"parse_limit\":\"attributes\""), "%s", json ? json : "(none)");
	cr_assert(strstr(json, "A paragraph of text"), "the text up to the limit is kept");
	free(json);
	rm_rf(tmp);
	free(tmp);
}
