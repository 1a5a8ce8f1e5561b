/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl_resume.c - 'wark crawl --resume' after kill -9 and after
 * SIGINT: the union of the WARCs holds every URL an uninterrupted crawl
 * captures, each once apart from the few in flight (kill -9) or exactly once
 * (SIGINT), every file verifies and no .open file is left.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/support/crawltest.h"

static struct crawl_env env;

static void stop_env(void)
{
	crawl_env_stop(&env);
}

/* Options shared by the reference crawl and the interrupted one. */
#define OPTS "--exclude /calendar/ --host-connections 1"

/* Sorted captured URIs of a crawl without repeats; *dups receives how many repeat. */
static char *uris_and_dups(const char *dir, size_t *dups)
{
	char *all = crawl_captured_uris(dir);
	cr_assert_not_null(all);
	char *out = calloc(1, strlen(all) + 1);
	const char *prev = NULL;
	size_t prevlen = 0;
	*dups = 0;
	for (char *save = NULL, *l = strtok_r(all, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(l);
		if (prev && n == prevlen && !memcmp(prev, l, n)) {
			(*dups)++;
			continue;
		}
		strcat(out, l);
		strcat(out, "\n");
		prev = l;
		prevlen = n;
	}
	free(all);
	return out;
}

static char *reference_uris(const char *seed)
{
	char ref[4200];
	snprintf(ref, sizeof ref, "%s/ref", env.tmp);
	struct run r = run_wark("crawl -q %s %s " OPTS " -o %s", env.resolve, seed, ref);
	cr_assert_eq(r.status, 0, "reference crawl: %s", r.err);
	run_free(&r);
	size_t dups;
	char *u = uris_and_dups(ref, &dups);
	cr_assert_eq(dups, 0);
	cr_assert_gt(count_lines(u), 40, "reference crawl too small: %s", u);
	return u;
}

/* Start a crawl in the background and kill it with sig ms after it began
 * writing its own WARC file (a new, non-empty NAME.warc.gz.open; at most 30 s):
 * timed from its start instead, a loaded machine signals it before it wrote
 * anything. Returns its exit status. */
static int crawl_killed(const char *args, const char *sig, int ms)
{
	struct run r = run_sh("old=$(ls %s/warc 2>/dev/null | grep '\\.open$'); "
			      "%s crawl -q %s %s -o %s & p=$!; i=0; "
			      "until [ $i -ge 600 ] || ! kill -0 $p 2>/dev/null || "
			      "find %s/warc -name '*.open' -size +0 2>/dev/null | grep -vF \"${old:-/none/}\" | grep -q .; "
			      "do sleep 0.05; i=$((i + 1)); done; "
			      "sleep %d.%03d; kill -%s $p; wait $p; echo $?",
			      env.out, wark_bin(), env.resolve, args, env.out, env.out, ms / 1000, ms % 1000, sig);
	int st = atoi(r.out);
	run_free(&r);
	return st;
}

/* Start the site, crawl it once uninterrupted for the reference URL set
 * (*ref, caller frees), then start the same crawl again and stop it with
 * sig after ms. Returns that run's exit status. */
static int reference_then_interrupted(const char *sig, int ms, char **ref)
{
	crawl_env_start(&env, NULL);
	char seed[256];
	sitesrv_url(&env.srv, "news.test", "/", seed, sizeof seed);
	*ref = reference_uris(seed);
	char args[512];
	snprintf(args, sizeof args, "%s " OPTS " --delay 40", seed);
	return crawl_killed(args, sig, ms);
}

static int open_files(void)
{
	struct run r = run_sh("ls %s/warc | grep -c '\\.open$'", env.out);
	int n = atoi(r.out);
	run_free(&r);
	return n;
}

Test(crawl_resume, kill9_twice_then_resume_loses_nothing, .timeout = 90, .fini = stop_env)
{
	const char *v = getenv("WARK_VARIANT");
	if (v && !strcmp(v, "valgrind"))
		cr_skip_test("kills at 0.6 s and 0.4 s, mid-write: under valgrind no WARC is open yet");
	char *ref;
	int st = reference_then_interrupted("9", 600, &ref);
	cr_assert_eq(st, 137, "first run was not killed (exit %d): the crawl was too quick", st);
	cr_assert_eq(open_files(), 1, "kill -9 should leave the WARC being written open");
	char log1[4200];
	snprintf(log1, sizeof log1, "%s/crawl.log", env.out);

	/* Resume (options come from DIR/crawl.args), killed again. */
	char resume[256];
	snprintf(resume, sizeof resume, "--resume");
	st = crawl_killed(resume, "9", 400);
	cr_assert(st == 137 || st == 0, "second run exit %d", st);

	struct run r = run_wark("crawl -q --resume -o %s", env.out);
	cr_assert_eq(r.status, 0, "final resume: %s", r.err);
	run_free(&r);

	size_t dups;
	char *got = uris_and_dups(env.out, &dups);
	cr_assert_str_eq(got, ref, "captured URL sets differ");
	/* Only captures of the last uncommitted batch and those in flight can repeat. */
	cr_assert_leq(dups, 2 * (32 + 2), "%zu URLs captured twice", dups);
	free(got);
	free(ref);

	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert_null(crawl_log_unfinished(&log));
	crawl_log_free(&log);
	crawl_assert_warcs_ok(&env, 0);
}

Test(crawl_resume, sigint_finishes_in_flight_exits_130_and_resumes_exactly_once, .timeout = 90,
     .fini = stop_env)
{
	char *ref;
	int st = reference_then_interrupted("INT", 500, &ref);
	cr_assert_eq(st, 130, "SIGINT exit %d", st);
	cr_assert_eq(open_files(), 0, "SIGINT must close the WARC");
	struct run r = run_wark("verify -q %s/warc/*.warc.gz", env.out);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_free(&r);

	r = run_wark("crawl -q --resume -o %s", env.out);
	cr_assert_eq(r.status, 0, "resume: %s", r.err);
	run_free(&r);
	size_t dups;
	char *got = uris_and_dups(env.out, &dups);
	cr_assert_str_eq(got, ref, "captured URL sets differ");
	cr_assert_eq(dups, 0, "a clean stop refetches nothing");
	/* --host-connections 1 held in every run. */
	cr_assert_eq(srvlog_max_inflight(&env, "news.test"), 1);
	cr_assert_eq(srvlog_max_inflight(&env, "static.test"), 1);
	free(got);
	free(ref);
	crawl_assert_warcs_ok(&env, 0);
}

Test(crawl_resume, second_sigint_stops_at_once, .timeout = 60, .fini = stop_env)
{
	const char *v = getenv("WARK_VARIANT");
	if (v && !strcmp(v, "valgrind"))
		cr_skip_test("signals at 0.5 s and 0.8 s, a bound of 4 s: under valgrind wark has barely started");
	crawl_env_start(&env, "--drip-ms 100");
	char slow[256];
	sitesrv_url(&env.srv, "news.test", "/fault/slow?chunks=30", slow, sizeof slow);
	/* The slow body takes 3 s; two signals must end the crawl long before. */
	struct run r = run_sh("start=$(date +%%s%%N); %s crawl -q %s %s -o %s & p=$!; sleep 0.5; kill -INT $p; "
			      "sleep 0.3; kill -INT $p; wait $p; st=$?; end=$(date +%%s%%N); "
			      "echo $st $(( (end - start) / 1000000 ))",
			      wark_bin(), env.resolve, slow, env.out);
	int st = -1, ms = -1;
	cr_assert_eq(sscanf(r.out, "%d %d", &st, &ms), 2, "%s", r.out);
	run_free(&r);
	cr_assert_eq(st, 130);
	cr_assert_lt(ms, 4000, "took %d ms to stop", ms);
	cr_assert_eq(open_files(), 0);
	/* The aborted fetch is still queued: resuming captures it. */
	r = run_wark("crawl -q --resume --timeout 20 -o %s", env.out);
	cr_assert_eq(r.status, 0, "resume: %s", r.err);
	run_free(&r);
	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert_str_eq(crawl_log_outcome(&log, env.base_news, "/fault/slow?chunks=30"), "captured");
	crawl_log_free(&log);
	crawl_assert_warcs_ok(&env, 0);
}

/* Sorted response/revisit URIs of DIR's WARCs, by wark's own reader (fast). */
static char *captured_uris_ls(const char *dir, size_t *dups)
{
	struct run r = run_sh("%s ls %s/warc/*.warc.gz | awk -F'\\t' '$2==\"response\"||$2==\"revisit\"{print $4}' "
			      "| LC_ALL=C sort > %s/../uris && LC_ALL=C uniq %s/../uris && "
			      "LC_ALL=C uniq -d %s/../uris | wc -l >&2",
			      wark_bin(), dir, dir, dir, dir);
	cr_assert_eq(r.status, 0, "ls: %s", r.err);
	*dups = (size_t)atol(r.err);
	char *out = r.out;
	r.out = NULL;
	run_free(&r);
	return out;
}

/*
 * kill -9 at seeded, varied moments, then --resume: the WARCs beyond the
 * last commit are reconciled, so only the requests in flight at the kill
 * are made again - at most --connections captures repeat, never a batch.
 */
Test(crawl_resume, kill9_at_varied_moments_repeats_only_in_flight, .timeout = 240, .fini = stop_env)
{
	crawl_env_start(&env, NULL);
	char seed[256];
	sitesrv_url(&env.srv, "news.test", "/", seed, sizeof seed);
	char *ref = reference_uris(seed);
	const int connections = 4;
	bool asan = getenv("WARK_VARIANT") && !strcmp(getenv("WARK_VARIANT"), "asan");
	int trials = asan ? 8 : 20;
	unsigned rnd = 20261202;
	size_t killed = 0, most = 0;
	for (int t = 0; t < trials; t++) {
		rm_rf(env.out);
		rnd = rnd * 1103515245u + 12345u;
		int ms = 150 + (int)((rnd >> 8) % 1300);
		char args[512];
		snprintf(args, sizeof args, "%s --exclude /calendar/ --host-connections 3 --connections %d", seed,
			 connections);
		int st = crawl_killed(args, "9", ms);
		cr_assert(st == 137 || st == 0, "trial %d: first run exit %d", t, st);
		killed += st == 137;
		/* killed before it even saved its options: the user runs it again */
		char saved[4200];
		snprintf(saved, sizeof saved, "%s/crawl.args", env.out);
		bool started = access(saved, F_OK) == 0;
		struct run r = started ? run_wark("crawl -q --resume -o %s", env.out)
				       : run_wark("crawl -q %s %s -o %s", env.resolve, args, env.out);
		cr_assert_eq(r.status, 0, "trial %d (kill at %d ms): resume: %s", t, ms, r.err);
		run_free(&r);
		size_t dups;
		char *got = captured_uris_ls(env.out, &dups);
		cr_assert_str_eq(got, ref, "trial %d (kill at %d ms): captured URL sets differ", t, ms);
		cr_assert_leq(dups, (size_t)connections, "trial %d (kill at %d ms): %zu URLs captured twice", t, ms,
			      dups);
		if (dups > most)
			most = dups;
		free(got);
		struct crawl_log log;
		crawl_log_load(&log, env.out);
		cr_assert_null(crawl_log_unfinished(&log), "trial %d: unfinished in crawl.log", t);
		crawl_log_free(&log);
		r = run_wark("verify -q %s/warc/*.warc.gz", env.out);
		cr_assert_eq(r.status, 0, "trial %d: verify: %s%s", t, r.out, r.err);
		run_free(&r);
	}
	cr_assert_geq(killed, (size_t)trials / 2, "only %zu of %d runs were killed: the crawl was too quick", killed,
		      trials);
	crawl_assert_warcs_ok(&env, 0);
	cr_log_info("%zu of %d runs killed; at most %zu URLs captured twice", killed, trials, most);
	free(ref);
}
