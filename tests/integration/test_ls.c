/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ls.c - 'wark ls': the file name column for several files (one file
 * unchanged), and the --type, --url and --url-regex filters on the
 * fixtures (example.warc.gz: 2 warcinfo, response, request, revisit,
 * request; post-test.warc.gz: three response/request pairs to httpbin).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/support/support.h"

/* wark ls ARGS on the fixture rel: its stdout (caller frees); exit 0 expected. */
static char *ls_out(const char *args, const char *rel)
{
	char *p = fixture_path(rel);
	struct run r = run_wark("ls %s '%s'", args, p);
	cr_expect_eq(r.status, 0, "ls %s: %s", args, r.err);
	cr_expect_str_eq(r.err, "");
	free(p);
	char *out = r.out;
	r.out = NULL;
	run_free(&r);
	return out;
}

Test(ls, several_files_get_a_file_column)
{
	char *a = fixture_path("warc/example.warc.gz"), *b = fixture_path("warc/post-test.warc.gz");
	struct run one = run_wark("ls '%s'", a);
	struct run two = run_wark("ls '%s' '%s'", a, b);
	cr_assert_eq(two.status, 0, "%s", two.err);
	cr_expect_eq(count_lines(two.out), 12);
	/* each line: the one-file line, a tab, the file name */
	char *line = two.out, *one_line = one.out;
	for (int i = 0; i < 12 && *line; i++) {
		char *nl = strchr(line, '\n');
		cr_assert(nl);
		*nl = '\0';
		char *tab = strrchr(line, '\t');
		cr_assert(tab);
		cr_expect_str_eq(tab + 1, i < 6 ? a : b, "line %d", i);
		if (i < 6) {
			char *onl = strchr(one_line, '\n');
			cr_assert(onl);
			cr_expect(tab - line == onl - one_line && !memcmp(line, one_line, (size_t)(tab - line)),
				  "line %d differs from the one-file line", i);
			one_line = onl + 1;
		}
		line = nl + 1;
	}
	cr_expect(!strstr(one.out, "example.warc.gz"), "one file: no name column");
	run_free(&one);
	run_free(&two);
	free(a);
	free(b);
}

Test(ls, type_filter_takes_repeats_and_comma_lists)
{
	char *all = ls_out("", "warc/example.warc.gz");
	char *r1 = ls_out("--type revisit,warcinfo", "warc/example.warc.gz");
	char *r2 = ls_out("-t warcinfo --type REVISIT", "warc/example.warc.gz");
	cr_expect_str_eq(r1, "0\twarcinfo\t2017-03-06T04:03:53Z\t-\tapplication/warc-fields\t353\n"
			     "353\twarcinfo\t2017-03-06T04:03:53Z\t-\tapplication/warc-fields\t431\n"
			     "2621\trevisit\t2017-03-06T04:03:48Z\thttp://example.com/\tapplication/http; "
			     "msgtype=response\t586\n");
	cr_expect_str_eq(r1, r2);
	char *req = ls_out("--type request", "warc/example.warc.gz");
	cr_expect_eq(count_lines(req), 2);
	cr_expect_eq(count_lines(all), 6);
	free(all);
	free(r1);
	free(r2);
	free(req);
}

Test(ls, url_prefix_and_regex_filters)
{
	char *pre = ls_out("--url 'http://httpbin.org/post?'", "warc/post-test.warc.gz");
	cr_expect_str_eq(pre, "2395\tresponse\t2014-06-10T00:12:55Z\thttp://httpbin.org/post?foo=bar\t"
			      "application/http;msgtype=response\t723\n"
			      "3118\trequest\t2014-06-10T00:12:55Z\thttp://httpbin.org/post?foo=bar\t"
			      "application/http;msgtype=request\t475\n");
	char *rx = ls_out("--url-regex 'foo=b.r$'", "warc/post-test.warc.gz");
	cr_expect_str_eq(rx, pre);
	char *both = ls_out("--url-regex 'foo=' --type request", "warc/post-test.warc.gz");
	cr_expect_eq(count_lines(both), 1);
	cr_expect(strstr(both, "\trequest\t"));
	/* not a prefix match in the middle; warcinfo has no URI and never matches */
	char *none = ls_out("--url httpbin.org", "warc/post-test.warc.gz");
	cr_expect_str_eq(none, "");
	char *any = ls_out("--url http://example.com/ --url-regex .", "warc/example.warc.gz");
	cr_expect_eq(count_lines(any), 4);
	free(pre);
	free(rx);
	free(both);
	free(none);
	free(any);
}

Test(ls, bad_filters_are_bad_usage)
{
	char *p = fixture_path("warc/example.warc.gz");
	const char *forms[] = { "ls --type bogus '%s'", "ls --type response,,request '%s'", "ls --url-regex '(' '%s'",
				"ls '%s' --url" };
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		char cmd[4200];
		snprintf(cmd, sizeof cmd, forms[i], p);
		struct run r = run_wark("%s", cmd);
		cr_expect_eq(r.status, 2, "wark %s: exit %d", cmd, r.status);
		cr_expect_eq(count_lines(r.err), 1, "wark %s: %s", cmd, r.err);
		cr_expect_str_eq(r.out, "");
		run_free(&r);
	}
	free(p);
}
