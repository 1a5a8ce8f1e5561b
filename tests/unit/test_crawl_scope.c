/* SPDX-License-Identifier: Apache-2.0 */
/* test_crawl_scope.c - scope modes, include/exclude regexes (crawl/scope.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "crawl/crawl.h"

static crawl_scope *scope(crawl_scope_mode mode, const char *seed)
{
	crawl_scope *s = NULL;
	warc_error e;
	cr_assert_eq(crawl_scope_new(&s, mode, &e), WARC_OK);
	if (seed)
		cr_assert_eq(crawl_scope_add_seed(s, seed, &e), WARC_OK, "%s", e.msg);
	return s;
}

Test(crawl_scope, mode_names)
{
	static const struct {
		const char *name;
		crawl_scope_mode mode;
	} names[] = {
		{ "page", CRAWL_SCOPE_PAGE },     { "prefix", CRAWL_SCOPE_PREFIX }, { "host", CRAWL_SCOPE_HOST },
		{ "Domain", CRAWL_SCOPE_DOMAIN }, { "any", CRAWL_SCOPE_ANY },
	};
	crawl_scope_mode m;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		cr_assert_eq(crawl_scope_mode_parse(names[i].name, &m), WARC_OK, "%s", names[i].name);
		cr_assert_eq(m, names[i].mode, "%s", names[i].name);
	}
	cr_assert_neq(crawl_scope_mode_parse("site", &m), WARC_OK);
	cr_assert_neq(crawl_scope_mode_parse("", &m), WARC_OK);
}

Test(crawl_scope, page)
{
	crawl_scope *s = scope(CRAWL_SCOPE_PAGE, "HTTP://News.Test/a/index.html#x");
	cr_assert(crawl_scope_allows(s, "http://news.test/a/index.html"));
	cr_assert(crawl_scope_allows(s, "https://news.test/a/index.html"), "scheme is not compared");
	cr_assert_not(crawl_scope_allows(s, "http://news.test/a/other.html"));
	cr_assert_not(crawl_scope_allows(s, "http://news.test/a/index.html?x=1"));
	crawl_scope_free(s);
}

Test(crawl_scope, prefix)
{
	crawl_scope *s = scope(CRAWL_SCOPE_PREFIX, "http://news.test/world/index.html?x=1");
	cr_assert(crawl_scope_allows(s, "http://news.test/world/"));
	cr_assert(crawl_scope_allows(s, "http://news.test/world/europe/story.html"));
	cr_assert_not(crawl_scope_allows(s, "http://news.test/worldcup/"));
	cr_assert_not(crawl_scope_allows(s, "http://news.test/sport/"));
	cr_assert_not(crawl_scope_allows(s, "http://news.test.evil.test/world/"));
	cr_assert_not(crawl_scope_allows(s, "http://news.test:8080/world/"));
	crawl_scope_free(s);
}

Test(crawl_scope, host)
{
	crawl_scope *s = scope(CRAWL_SCOPE_HOST, "http://news.test/");
	cr_assert(crawl_scope_allows(s, "http://news.test/any/thing"));
	cr_assert(crawl_scope_allows(s, "https://news.test:8443/x"), "port and scheme are not compared");
	cr_assert_not(crawl_scope_allows(s, "http://static.test/a.css"));
	cr_assert_not(crawl_scope_allows(s, "http://www.news.test/"));
	cr_assert_not(crawl_scope_allows(s, "mailto:x@news.test"));
	cr_assert_not(crawl_scope_allows(s, "ftp://news.test/"));
	crawl_scope_free(s);
}

Test(crawl_scope, domain_uses_public_suffix_list)
{
	crawl_scope *s = scope(CRAWL_SCOPE_DOMAIN, "https://www.example.co.uk/");
	cr_assert(crawl_scope_allows(s, "https://news.example.co.uk/x"));
	cr_assert(crawl_scope_allows(s, "http://example.co.uk/"));
	cr_assert_not(crawl_scope_allows(s, "https://other.co.uk/"), "co.uk is a public suffix");
	crawl_scope_free(s);
	s = scope(CRAWL_SCOPE_DOMAIN, "https://alice.github.io/");
	cr_assert(crawl_scope_allows(s, "https://alice.github.io/repo/"));
	cr_assert_not(crawl_scope_allows(s, "https://bob.github.io/"), "github.io is a public suffix (private section)");
	crawl_scope_free(s);
	s = scope(CRAWL_SCOPE_DOMAIN, "http://news.test/");
	cr_assert(crawl_scope_allows(s, "http://img.news.test/"));
	cr_assert_not(crawl_scope_allows(s, "http://static.test/"));
	crawl_scope_free(s);
	s = scope(CRAWL_SCOPE_DOMAIN, "http://127.0.0.1:8080/");
	cr_assert(crawl_scope_allows(s, "http://127.0.0.1:9090/x"));
	cr_assert_not(crawl_scope_allows(s, "http://127.0.0.2/"));
	crawl_scope_free(s);
}

Test(crawl_scope, any_and_several_seeds)
{
	crawl_scope *s = scope(CRAWL_SCOPE_ANY, NULL);
	cr_assert(crawl_scope_allows(s, "http://whatever.test/"));
	cr_assert_not(crawl_scope_allows(s, "javascript:alert(1)"));
	crawl_scope_free(s);
	s = scope(CRAWL_SCOPE_HOST, "http://a.test/");
	warc_error e;
	cr_assert_eq(crawl_scope_add_seed(s, "http://b.test/x", &e), WARC_OK);
	cr_assert(crawl_scope_allows(s, "http://a.test/1"));
	cr_assert(crawl_scope_allows(s, "http://b.test/2"));
	cr_assert_not(crawl_scope_allows(s, "http://c.test/"));
	cr_assert_neq(crawl_scope_add_seed(s, "mailto:x@a.test", &e), WARC_OK);
	cr_assert_neq(crawl_scope_add_seed(s, "not a url", &e), WARC_OK);
	crawl_scope_free(s);
}

Test(crawl_scope, include_widens_exclude_wins)
{
	crawl_scope *s = scope(CRAWL_SCOPE_HOST, "http://news.test/");
	warc_error e;
	cr_assert_eq(crawl_scope_include(s, "^https?://static\\.test/", &e), WARC_OK);
	cr_assert_eq(crawl_scope_exclude(s, "/calendar/", &e), WARC_OK);
	cr_assert_eq(crawl_scope_exclude(s, "[?&]sessionid=", &e), WARC_OK);
	cr_assert(crawl_scope_allows(s, "http://static.test/app.js"));
	cr_assert_not(crawl_scope_allows(s, "http://other.test/app.js"));
	cr_assert_not(crawl_scope_allows(s, "http://news.test/calendar/2024/01"));
	cr_assert_not(crawl_scope_allows(s, "http://static.test/calendar/x"), "exclude beats include");
	cr_assert_not(crawl_scope_allows(s, "http://news.test/a?x=1&sessionid=9"));
	cr_assert(crawl_scope_allows(s, "http://news.test/a?x=1"));
	/* bad patterns are refused with a message */
	e.msg[0] = '\0';
	cr_assert_neq(crawl_scope_include(s, "(unclosed", &e), WARC_OK);
	cr_assert_neq(e.msg[0], '\0');
	crawl_scope_free(s);
}
