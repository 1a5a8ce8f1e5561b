/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pack_e2e.c - the whole chain on the crawler's test site: 'wark crawl'
 * captures it, 'wark extract' writes the text bundle into the crawl
 * directory, 'wark pack' makes a WACZ and a bag of it, and both 'wark
 * verify' and the independent checker accept them; the article text is in
 * pages.jsonl for ReplayWeb.page's search.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>

#include "tests/support/crawltest.h"

static struct crawl_env env;

static void stop_env(void)
{
	crawl_env_stop(&env);
}

Test(pack_e2e, crawl_extract_pack_verify, .timeout = 120, .fini = stop_env)
{
	crawl_env_start(&env, NULL);
	char seed[256];
	sitesrv_url(&env.srv, "news.test", "/", seed, sizeof seed);
	struct run r = crawl_run_wark(&env, "%s --host-budget 30 --max-pages 40", seed);
	cr_assert_eq(r.status, 0, "crawl exit %d: %s", r.status, r.err);
	run_free(&r);
	r = run_wark("extract %s -o %s/extract", env.out, env.out);
	cr_assert_eq(r.status, 0, "extract exit %d: %s", r.status, r.err);
	run_free(&r);

	r = run_wark("pack %s -o %s/site.wacz", env.out, env.tmp);
	cr_assert_eq(r.status, 0, "pack: %s", r.err);
	run_free(&r);
	r = run_wark("pack -f bagit %s -o %s/site.tar.gz", env.out, env.tmp);
	cr_assert_eq(r.status, 0, "pack bag: %s", r.err);
	run_free(&r);
	static const char *const outs[] = { "site.wacz", "site.tar.gz" };
	for (int i = 0; i < 2; i++) {
		r = run_wark("verify %s/%s", env.tmp, outs[i]);
		cr_assert_eq(r.status, 0, "verify %s: %s", outs[i], r.out);
		cr_assert(!strstr(r.out, " 0 pages"), "%s", r.out);
		run_free(&r);
		r = run_sh("python3 %s/tests/pack/check_archive.py %s/%s", repo_root(), env.tmp, outs[i]);
		cr_assert_eq(r.status, 0, "checker %s: %s", outs[i], r.out);
		run_free(&r);
	}
	/* articles are pages with a title and their extracted text; the bundle travels under text/ */
	r = run_sh("python3 %s/tests/pack/zipcat.py %s/site.wacz pages/pages.jsonl | python3 -c \"\n"
		   "import sys, json\nls = [json.loads(l) for l in sys.stdin]\n"
		   "assert ls[0] == {'format': 'json-pages-1.0', 'id': 'pages', 'title': 'All Pages', 'hasText': True}, ls[0]\n"
		   "arts = [p for p in ls[1:] if '/article/' in p['url']]\n"
		   "assert arts and all(p.get('title') and 'of the' in p.get('text', '') for p in arts), arts\n"
		   "print(len(arts))\"",
		   repo_root(), env.tmp);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_free(&r);
	r = run_sh("python3 %s/tests/pack/zipcat.py -l %s/site.wacz", repo_root(), env.tmp);
	cr_assert(strstr(r.out, "text/pages.jsonl\n") && strstr(r.out, ".warc.wet.gz\n"), "%s", r.out);
	cr_assert(!strstr(r.out, "crawl.log") && !strstr(r.out, "state.db"), "%s", r.out);
	run_free(&r);
}
