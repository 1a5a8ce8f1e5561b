/* SPDX-License-Identifier: Apache-2.0 */
/* test_crawl_traps.c - trap guards (crawl/traps.c): URL checks, patterns of the thin-chain rule,
 * and the HTML parse limits (links.c) that keep a hostile page cheap. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "crawl/crawl.h"

Test(crawl_traps, defaults)
{
	cr_assert_null(crawl_trap_check(NULL, "http://news.test/2024/05/01/story.html"));
	cr_assert_null(crawl_trap_check(NULL, "http://news.test/"));
	cr_assert_null(crawl_trap_check(NULL, "http://news.test"));
	cr_assert_null(crawl_trap_check(NULL, "http://news.test/a/b/a/c?x=/a/a/a/a"), "query is not path");
	cr_assert_not_null(crawl_trap_check(NULL, "http://news.test/x/x/x"));
	cr_assert_not_null(crawl_trap_check(NULL, "http://news.test/a/b/a/b/a/b"));
	cr_assert_not_null(crawl_trap_check(NULL, "http://news.test/img/css/img/css/img/style.css"));
	char deep[512] = "http://news.test";
	for (int i = 0; i < 21; i++)
		sprintf(deep + strlen(deep), "/d%d", i);
	cr_assert_str_eq(crawl_trap_check(NULL, deep), "path too deep");
	char ok[512] = "http://news.test";
	for (int i = 0; i < 20; i++)
		sprintf(ok + strlen(ok), "/d%d", i);
	cr_assert_null(crawl_trap_check(NULL, ok));
	char longu[3000] = "http://news.test/?q=";
	memset(longu + strlen(longu), 'a', 2100);
	cr_assert_str_eq(crawl_trap_check(NULL, longu), "URL too long");
}

Test(crawl_traps, custom_limits)
{
	crawl_trap_limits lim = { .max_path_depth = 3, .max_segment_repeats = 2, .max_url_length = 40 };
	cr_assert_null(crawl_trap_check(&lim, "http://a.test/1/2/3"));
	cr_assert_not_null(crawl_trap_check(&lim, "http://a.test/1/2/3/4"));
	cr_assert_not_null(crawl_trap_check(&lim, "http://a.test/x/x"));
	cr_assert_not_null(crawl_trap_check(&lim, "http://a.test/this-is-a-rather-long-path-name"));
	crawl_trap_limits zero = { 0 };
	cr_assert_null(crawl_trap_check(&zero, "http://a.test/x/x"), "0 means the default (3)");
}

Test(crawl_traps, pattern_wildcards_digits_and_query_values)
{
	uint64_t p = crawl_trap_pattern("http://h/calendar/?m=7");
	cr_assert_eq(p, crawl_trap_pattern("http://h/calendar/?m=123"));
	cr_assert_eq(crawl_trap_pattern("http://h/c/2024/01"), crawl_trap_pattern("http://h/c/1999/12"));
	cr_assert_eq(crawl_trap_pattern("http://h/s?a=1&b=2"), crawl_trap_pattern("http://h/s?b=9&a=x"), "names sorted");
	cr_assert_neq(p, crawl_trap_pattern("http://h/calendar/?y=7"));
	cr_assert_neq(p, crawl_trap_pattern("http://g/calendar/?m=7"));
	cr_assert_neq(crawl_trap_pattern("http://h/blog/page-2"), crawl_trap_pattern("http://h/blog/post-2.html"));
	cr_assert_eq(crawl_trap_pattern("not a url"), 0);
}

static int count(void *ctx, const char *url, crawl_link_kind kind)
{
	(void)kind;
	if (strstr(url, "/after"))
		++*(int *)ctx;
	return 0;
}

Test(crawl_traps, an_element_of_300k_attributes_is_cut_and_the_links_after_it_kept, .timeout = 60)
{
	size_t n = 300000, cap = n * 16 + 100, len = 0;
	char *html = malloc(cap);
	len += (size_t)sprintf(html, "<html><body><p ");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(html + len, "a%zu=%zu ", i, i);
	len += (size_t)sprintf(html + len, ">x</p><a href=\"/after\">a</a>");
	int found = 0;
	const char *limit = NULL;
	warc_error e;
	cr_assert_eq(crawl_links_html_limited(html, len, "http://h/", NULL, count, &found, &limit, &e), WARC_OK);
	cr_assert_eq(found, 1);
	cr_assert_str_eq(limit, "attributes");
	free(html);
}
