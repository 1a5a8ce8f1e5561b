/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_crawldir.c - the WARC files of a directory and of a crawl directory (warc/crawldir.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/support/support.h"
#include "warc/warc.h"

Test(crawldir, lists_warcs_sorted_without_open_or_hidden_files)
{
	char *tmp = make_tmpdir();
	const char *names[] = { "b.warc.gz", "a.warc", "c.warc.gz.open", ".d.warc.gz", "notes.txt", "e.warc.gz" };
	char path[4096];
	snprintf(path, sizeof path, "%s/warc", tmp);
	struct run r = run_sh("mkdir -p %s/warc/sub.warc.gz.d", tmp);
	run_free(&r);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/warc/%s", tmp, names[i]);
		cr_assert_eq(write_file(path, "x", 1), 0);
	}
	warc_paths p = { 0 };
	warc_error err;
	cr_assert_eq(warc_crawl_dir_warcs(tmp, &p, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(p.n, 3);
	const char *want[] = { "a.warc", "b.warc.gz", "e.warc.gz" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/warc/%s", tmp, want[i]);
		cr_expect_str_eq(p.v[i], path);
	}
	warc_paths_free(&p);
	cr_assert_eq(p.n, 0);
	cr_assert(warc_is_warc_name("x.warc") && warc_is_warc_name("x.warc.gz"));
	cr_assert(!warc_is_warc_name("x.warc.gz.open") && !warc_is_warc_name("x.gz"));
	rm_rf(tmp);
	free(tmp);
}

Test(crawldir, a_directory_without_crawl_is_usage_error)
{
	char *tmp = make_tmpdir();
	warc_paths p = { 0 };
	warc_error err;
	cr_assert_eq(warc_crawl_dir_warcs(tmp, &p, &err), WARC_ERR_USAGE);
	cr_expect(strstr(err.msg, "not a crawl directory"), "%s", err.msg);
	struct run r = run_sh("mkdir %s/warc", tmp);
	run_free(&r);
	cr_assert_eq(warc_crawl_dir_warcs(tmp, &p, &err), WARC_ERR_USAGE);
	cr_expect(strstr(err.msg, "no WARC files"), "%s", err.msg);
	cr_assert_eq(p.n, 0);
	rm_rf(tmp);
	free(tmp);
}
