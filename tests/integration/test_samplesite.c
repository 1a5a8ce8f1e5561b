/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_samplesite.c - the bundled sample news site (tools/samplesite/): the
 * generator is deterministic and writes what the demo and the crawl, extract
 * and pack tests rely on, and serve.py serves it like a real HTTP/1.1 server.
 *
 * The checks themselves live in tests/samplesite/check_site.py (an
 * independent html.parser / http.client look at the output); each test here
 * runs one mode of it and shows its report on failure. Skipped in the ASan
 * variant: no wark code runs here.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "tests/support/support.h"

static char *dir;

static void setup(void)
{
	const char *v = getenv("WARK_VARIANT");
	if (v && (!strcmp(v, "asan") || !strcmp(v, "valgrind")))
		cr_skip_test("python only, no wark code: runs in the release suite");
	dir = make_tmpdir();
	cr_assert(dir);
}

static void teardown(void)
{
	rm_rf(dir);
	free(dir);
}

TestSuite(samplesite, .init = setup, .fini = teardown, .timeout = 90);

Test(samplesite, generator_is_deterministic)
{
	struct run r = run_sh("cd '%s' && python3 tools/samplesite/gen.py '%s/a' --base-url http://127.0.0.1:9 "
			      "--truth '%s/a.jsonl' >/dev/null && python3 tools/samplesite/gen.py '%s/b' "
			      "--base-url http://127.0.0.1:9 --truth '%s/b.jsonl' >/dev/null && diff -r '%s/a' '%s/b' && "
			      "cmp '%s/a.jsonl' '%s/b.jsonl'",
			      repo_root(), dir, dir, dir, dir, dir, dir, dir, dir);
	cr_assert_eq(r.status, 0, "two runs differ or failed: %s%s", r.out, r.err);
	run_free(&r);
	/* The origin only reaches absolute URLs: sitemap, robots, canonical, JSON-LD. */
	r = run_sh("grep -c 'http://127.0.0.1:9/' '%s/a/sitemap.xml' && grep -q 'http://127.0.0.1:9/sitemap.xml' "
		   "'%s/a/robots.txt' && ! grep -rl '127.0.0.1:8000' '%s/a'", dir, dir, dir);
	cr_assert_eq(r.status, 0, "base URL not applied: %s%s", r.out, r.err);
	cr_assert_geq(atoi(r.out), 36 + 6, "sitemap entries: %s", r.out);
	run_free(&r);
}

Test(samplesite, articles_have_headline_byline_dates_figures_and_links)
{
	struct run r = run_sh("cd '%s' && python3 tools/samplesite/gen.py '%s/s' --truth '%s/t.jsonl' >/dev/null && "
			      "python3 tests/samplesite/check_site.py site '%s/s' '%s/t.jsonl'",
			      repo_root(), dir, dir, dir, dir);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "check_site: ok"));
	run_free(&r);
	r = run_sh("wc -l < '%s/t.jsonl'", dir);
	cr_assert_eq(atoi(r.out), 36);
	run_free(&r);
}

Test(samplesite, server_ranges_types_redirects_and_sigterm)
{
	struct run r = run_sh("cd '%s' && python3 tools/samplesite/gen.py '%s/s' --per-section 1 >/dev/null && "
			      "python3 tests/samplesite/check_site.py serve '%s/s'",
			      repo_root(), dir, dir);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "check_site: ok"));
	run_free(&r);
}
