/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl_robots.c - robots.txt per RFC 9309: groups, longest match,
 * wildcards, percent-encoding, Crawl-delay, Sitemap, size limit, odd input.
 * Cases follow the RFC's text and the shape of Google's robotstxt tests.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "crawl/crawl.h"

static crawl_robots *parse(const char *txt, const char *ua)
{
	crawl_robots *r = NULL;
	warc_error e;
	cr_assert_eq(crawl_robots_parse(txt, strlen(txt), ua, &r, &e), WARC_OK);
	cr_assert_not_null(r);
	return r;
}

static bool allowed(const char *txt, const char *ua, const char *path)
{
	crawl_robots *r = parse(txt, ua);
	bool ok = crawl_robots_allowed(r, path);
	crawl_robots_free(r);
	return ok;
}

Test(crawl_robots, empty_file_allows_everything)
{
	cr_assert(allowed("", "wark", "/"));
	cr_assert(allowed("", "wark", "/any/thing?x=1"));
	cr_assert(allowed("# only a comment\n", "wark", "/x"));
}

Test(crawl_robots, groups_and_merging)
{
	const char *txt = "allow: /foo/bar/\n"       /* outside any group: ignored */
			  "\n"
			  "user-agent: FooBot\n"
			  "disallow: /\n"
			  "allow: /x/\n"
			  "user-agent: BarBot\n"
			  "disallow: /\n"
			  "allow: /y/\n"
			  "\n\n"
			  "allow: /w/\n"               /* still BarBot's group */
			  "user-agent: BazBot\n"
			  "\n"
			  "user-agent: FooBot\n"       /* BazBot and FooBot share this group */
			  "allow: /z/\n"
			  "disallow: /\n";
	cr_assert(allowed(txt, "FooBot", "/x/b"));
	cr_assert(allowed(txt, "FooBot", "/z/d"), "FooBot's two groups are merged");
	cr_assert_not(allowed(txt, "FooBot", "/y/c"));
	cr_assert(allowed(txt, "BarBot", "/y/c"));
	cr_assert(allowed(txt, "BarBot", "/w/a"));
	cr_assert_not(allowed(txt, "BarBot", "/z/d"));
	cr_assert(allowed(txt, "BazBot", "/z/d"));
	cr_assert_not(allowed(txt, "FooBot", "/foo/bar/"));
	cr_assert_not(allowed(txt, "BazBot", "/foo/bar/"));
}

Test(crawl_robots, keys_and_agent_names_case_insensitive)
{
	const char *upper = "USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n";
	const char *camel = "uSeR-aGeNt: fOoBoT\nAlLoW: /x/\ndIsAlLoW: /\n";
	cr_assert(allowed(upper, "foobot", "/x/y"));
	cr_assert_not(allowed(upper, "FOOBOT", "/a/b"));
	cr_assert(allowed(camel, "FooBot", "/x/y"));
	cr_assert_not(allowed(camel, "FooBot", "/a/b"));
}

Test(crawl_robots, product_token_of_user_agent)
{
	const char *txt = "User-agent: *\nDisallow: /\n"
			  "User-agent: wark\nAllow: /x/\nDisallow: /\n";
	/* our full User-Agent header: the product token is what counts */
	cr_assert(allowed(txt, "wark/0.1 (+https://example.org/bot)", "/x/y"));
	cr_assert_not(allowed(txt, "wark/0.1", "/a"));
	/* a group naming "Foo Bar" is read as "Foo" */
	const char *sp = "User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n";
	cr_assert(allowed(sp, "Foo", "/x/y"));
	/* "warkbot" is not "wark": no prefix matching */
	const char *other = "User-agent: warkbot\nDisallow: /\n";
	cr_assert(allowed(other, "wark", "/a"));
}

Test(crawl_robots, star_group_only_when_no_specific_group)
{
	const char *global = "user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n";
	cr_assert_not(allowed(global, "FooBot", "/x/y"));
	cr_assert(allowed(global, "BarBot", "/x/y"));
	const char *only_specific = "user-agent: FooBot\nallow: /\n"
				    "user-agent: BarBot\ndisallow: /\n";
	cr_assert(allowed(only_specific, "QuxBot", "/x/y"), "no group applies: everything allowed");
	/* the specific group replaces '*' entirely, even where it says nothing */
	const char *t = "User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n";
	cr_assert(allowed(t, "FooBot", "/x/page"));
	cr_assert_not(allowed(t, "FooBot", "/y/page"));
	cr_assert_not(allowed(t, "OtherBot", "/x/page"));
	/* an agent line shared with '*' in one group */
	const char *shared = "User-agent: a\nUser-agent: *\nDisallow: /s\n";
	cr_assert_not(allowed(shared, "a", "/s"));
	cr_assert_not(allowed(shared, "zzz", "/s"));
}

Test(crawl_robots, longest_match_allow_wins_ties)
{
	cr_assert_not(allowed("user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/\n", "FooBot",
			      "/x/page.html"));
	const char *t2 = "user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n";
	cr_assert(allowed(t2, "FooBot", "/x/page.html"));
	cr_assert_not(allowed(t2, "FooBot", "/x/"));
	cr_assert(allowed("user-agent: FooBot\ndisallow: /\nallow: /\n", "FooBot", "/x/page.html"));
	cr_assert(allowed("user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n", "FooBot",
			  "/x/page.html"));
	const char *t3 = "user-agent: FooBot\ndisallow: /x\nallow: /x/\n";
	cr_assert_not(allowed(t3, "FooBot", "/x"));
	cr_assert(allowed(t3, "FooBot", "/x/"));
	/* pattern length counts, wildcards included */
	const char *t4 = "user-agent: FooBot\nallow: /page\ndisallow: /*.html\n";
	cr_assert_not(allowed(t4, "FooBot", "/page.html"));
	cr_assert(allowed(t4, "FooBot", "/page"));
	const char *t5 = "user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n";
	cr_assert(allowed(t5, "FooBot", "/x/page.html"));
	cr_assert_not(allowed(t5, "FooBot", "/x/y.html"));
	cr_assert(allowed("user-agent: FooBot\nallow: /folder\ndisallow: /folder\n", "FooBot", "/folder/page"));
}

Test(crawl_robots, empty_disallow_means_allow)
{
	cr_assert(allowed("User-agent: *\nDisallow:\n", "wark", "/anything"));
	cr_assert(allowed("user-agent: FooBot\ndisallow: \nallow: \n", "FooBot", "/x/page.html"));
	/* but a group with only an empty disallow still is *the* group for us */
	cr_assert(allowed("User-agent: *\nDisallow: /\nUser-agent: wark\nDisallow:\n", "wark", "/a"));
}

Test(crawl_robots, wildcards_and_end_anchor)
{
	const char *t = "User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n";
	cr_assert_not(allowed(t, "FooBot", "/foo/bar/quz"));
	cr_assert(allowed(t, "FooBot", "/foo/quz"));
	cr_assert(allowed(t, "FooBot", "/foo//quz"));
	const char *d = "User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n";
	cr_assert_not(allowed(d, "FooBot", "/foo/bar"));
	cr_assert(allowed(d, "FooBot", "/foo/bar/"));
	cr_assert(allowed(d, "FooBot", "/foo/bar/baz"));
	const char *php = "user-agent: FooBot\ndisallow: /\nallow: /*.php$\n";
	cr_assert(allowed(php, "FooBot", "/filename.php"));
	cr_assert(allowed(php, "FooBot", "/folder/filename.php"));
	cr_assert_not(allowed(php, "FooBot", "/filename.php?parameters"));
	cr_assert_not(allowed(php, "FooBot", "/filename.php/"));
	cr_assert_not(allowed(php, "FooBot", "/filename.php5"));
	cr_assert_not(allowed(php, "FooBot", "/windows.PHP"));
	const char *php2 = "user-agent: FooBot\ndisallow: /\nallow: /*.php\n";
	cr_assert(allowed(php2, "FooBot", "/folder/filename.php?parameters"));
	cr_assert(allowed(php2, "FooBot", "/index?f=filename.php/"));
	cr_assert_not(allowed(php2, "FooBot", "/php/"));
	const char *fish = "user-agent: FooBot\ndisallow: /\nallow: /fish*\n";
	cr_assert(allowed(fish, "FooBot", "/fishheads/yummy.html"));
	cr_assert_not(allowed(fish, "FooBot", "/catfish"));
	cr_assert_not(allowed(fish, "FooBot", "/Fish.asp"));
	cr_assert_not(allowed(fish, "FooBot", "/?id=fish"));
	const char *root = "user-agent: FooBot\nallow: /$\ndisallow: /\n";
	cr_assert(allowed(root, "FooBot", "/"));
	cr_assert_not(allowed(root, "FooBot", "/page.html"));
	/* many stars do not blow up */
	char big[4096] = "user-agent: *\ndisallow: /";
	for (int i = 0; i < 400; i++)
		strcat(big, "*a");
	strcat(big, "$\n");
	char path[2048] = "/";
	for (int i = 0; i < 1500; i++)
		strcat(path, "a");
	strcat(path, "b");
	cr_assert(allowed(big, "x", path));
}

Test(crawl_robots, comments_and_bad_lines)
{
	const char *t = "\xEF\xBB\xBFUser-agent: FooBot\n"
			"# Disallow: /\n"
			"Disallow: /foo/quz#qux\n"
			"this line is garbage\n"
			"\x01\x02\xff: \xfe\n"
			"Unknown-Directive: whatever\n"
			"Allow: /\n";
	cr_assert(allowed(t, "FooBot", "/foo/bar"));
	cr_assert_not(allowed(t, "FooBot", "/foo/quz"));
	/* missing colon accepted for known keys */
	cr_assert_not(allowed("user-agent FooBot\ndisallow /\n", "FooBot", "/x/y"));
	cr_assert(allowed("foo: FooBot\nbar: /\n", "FooBot", "/x/y"));
}

Test(crawl_robots, line_endings)
{
	const char *unixf = "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /\n";
	const char *dos = "User-Agent: foo\r\nAllow: /some/path\r\nUser-Agent: bar\r\n\r\n\r\nDisallow: /\r\n";
	const char *mac = "User-Agent: foo\rAllow: /some/path\rUser-Agent: bar\r\r\rDisallow: /\r";
	const char *nofinal = "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /";
	const char *all[] = { unixf, dos, mac, nofinal };
	for (size_t i = 0; i < 4; i++) {
		cr_assert_not(allowed(all[i], "bar", "/x"), "variant %zu", i);
		cr_assert(allowed(all[i], "foo", "/x"), "variant %zu", i);
	}
}

Test(crawl_robots, percent_encoding_normalised)
{
	/* non-ASCII in a rule compares equal to its UTF-8 percent-encoding */
	const char *t = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/\xe3\x83\x84\n";
	cr_assert(allowed(t, "FooBot", "/foo/bar/%E3%83%84"));
	cr_assert(allowed(t, "FooBot", "/foo/bar/%e3%83%84"), "hex case does not matter");
	/* encoded unreserved characters equal their plain form (RFC 9309 §2.2.2) */
	const char *u = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n";
	cr_assert(allowed(u, "FooBot", "/foo/bar/baz"));
	cr_assert(allowed(u, "FooBot", "/foo/bar/%62%61%7A"));
	const char *tilde = "User-agent: *\nDisallow: /~joe/\n";
	cr_assert_not(allowed(tilde, "x", "/%7Ejoe/index.html"));
	/* reserved characters stay distinct from their encoding */
	const char *slash = "User-agent: *\nDisallow: /a/b\n";
	cr_assert(allowed(slash, "x", "/a%2Fb"));
	/* query strings take part */
	const char *q = "User-Agent: *\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n";
	cr_assert(allowed(q, "x", "/foo/bar?qux=taz&baz=http://foo.bar?tar&par"));
}

Test(crawl_robots, robots_txt_itself_always_allowed)
{
	cr_assert(allowed("User-agent: *\nDisallow: /\n", "wark", "/robots.txt"));
	crawl_robots *d = crawl_robots_disallow_all();
	cr_assert(crawl_robots_allowed(d, "/robots.txt"));
	cr_assert_not(crawl_robots_allowed(d, "/"));
	crawl_robots_free(d);
	crawl_robots *a = crawl_robots_allow_all();
	cr_assert(crawl_robots_allowed(a, "/private/x"));
	cr_assert_eq(crawl_robots_delay_ms(a), -1);
	crawl_robots_free(a);
}

/* Found by fuzz_robots: /robots.txt was allowed only when spelt exactly so,
 * while the rules compare percent-encoding normalised paths. */
Test(crawl_robots, robots_txt_allowed_in_any_spelling)
{
	const char *txt = "User-agent: *\nDisallow: /robots.txt\nDisallow: /\n";
	cr_assert(allowed(txt, "wark", "/robots.txt"));
	cr_assert(allowed(txt, "wark", "/%72obots.txt"));
	cr_assert(allowed(txt, "wark", "/robots%2etxt"));
	cr_assert_not(allowed(txt, "wark", "/robots.txt?x=1"));
	crawl_robots *d = crawl_robots_disallow_all();
	cr_assert(crawl_robots_allowed(d, "/%72obots.txt"));
	crawl_robots_free(d);
}

Test(crawl_robots, crawl_delay_of_matched_group)
{
	const char *t = "User-agent: *\nCrawl-delay: 2\nDisallow: /tmp/\n"
			"User-agent: wark\nCrawl-delay: 0.5\nDisallow: /x/\n";
	crawl_robots *r = parse(t, "wark");
	cr_assert_eq(crawl_robots_delay_ms(r), 500);
	crawl_robots_free(r);
	r = parse(t, "other");
	cr_assert_eq(crawl_robots_delay_ms(r), 2000);
	crawl_robots_free(r);
	r = parse("User-agent: *\nDisallow: /x\n", "wark");
	cr_assert_eq(crawl_robots_delay_ms(r), -1);
	crawl_robots_free(r);
	r = parse("User-agent: *\nCrawl-delay: soon\n", "wark");
	cr_assert_eq(crawl_robots_delay_ms(r), -1, "garbage delay ignored");
	crawl_robots_free(r);
}

Test(crawl_robots, sitemaps_anywhere)
{
	const char *t = "Sitemap: http://news.test/sitemap.xml\n"
			"User-agent: *\n"
			"Sitemap: http://news.test/sitemap-index.xml\n"
			"Disallow: /private/\n"
			"User-agent: other\nDisallow: /\n"
			"sitemap:http://static.test/s.xml.gz   \n";
	crawl_robots *r = parse(t, "wark");
	cr_assert_eq(crawl_robots_sitemap_count(r), 3);
	cr_assert_str_eq(crawl_robots_sitemap(r, 0), "http://news.test/sitemap.xml");
	cr_assert_str_eq(crawl_robots_sitemap(r, 1), "http://news.test/sitemap-index.xml");
	cr_assert_str_eq(crawl_robots_sitemap(r, 2), "http://static.test/s.xml.gz");
	cr_assert_null(crawl_robots_sitemap(r, 3));
	/* a Sitemap line does not split the '*' group */
	cr_assert_not(crawl_robots_allowed(r, "/private/a"));
	cr_assert(crawl_robots_allowed(r, "/public"));
	crawl_robots_free(r);
}

Test(crawl_robots, only_first_max_bytes_parsed)
{
	size_t pad = CRAWL_ROBOTS_MAX + 1000;
	char *t = malloc(pad + 64);
	strcpy(t, "User-agent: *\nDisallow: /early/\n");
	size_t n = strlen(t);
	while (n < CRAWL_ROBOTS_MAX - 10)
		t[n++] = '\n';
	/* a rule that straddles the limit, then one wholly past it */
	const char *tail = "Disallow: /cut-in-the-middle/\nDisallow: /late/\n";
	memcpy(t + n, tail, strlen(tail));
	n += strlen(tail);
	while (n < pad)
		t[n++] = '\n';
	crawl_robots *r = NULL;
	warc_error e;
	cr_assert_eq(crawl_robots_parse(t, n, "wark", &r, &e), WARC_OK);
	cr_assert_not(crawl_robots_allowed(r, "/early/x"));
	cr_assert(crawl_robots_allowed(r, "/late/x"), "rules past the limit are ignored");
	cr_assert(crawl_robots_allowed(r, "/cut-in-the-middle/x"), "a line cut by the limit is dropped");
	cr_assert(crawl_robots_allowed(r, "/"), "the cut line must not become 'Disallow: /'");
	crawl_robots_free(r);
	free(t);
}

Test(crawl_robots, empty_path_is_root)
{
	cr_assert_not(allowed("User-agent: *\nDisallow: /\n", "x", ""));
	cr_assert(allowed("User-agent: *\nDisallow: /a\n", "x", ""));
}

Test(crawl_robots, rfc9309_section5_example)
{
	/* the example file of RFC 9309 §5.1 */
	const char *t = "User-Agent: *\n"
			"Disallow: *.gif$\n"
			"Disallow: /example/\n"
			"Allow: /publications/\n"
			"\n"
			"User-Agent: foobot\n"
			"Disallow:/\n"
			"Allow:/example/page.html\n"
			"Allow:/example/allowed.gif\n"
			"\n"
			"User-Agent: barbot\n"
			"User-Agent: bazbot\n"
			"Disallow: /example/page.html\n"
			"\n"
			"User-Agent: quxbot\n"
			"\n"
			"EOF\n";
	/* '*' group: any .gif, /example/, but /publications/ allowed */
	cr_assert_not(allowed(t, "otherbot", "/a/b/pic.gif"));
	cr_assert(allowed(t, "otherbot", "/a/b/pic.gif?x"), "$ anchors the end");
	cr_assert_not(allowed(t, "otherbot", "/example/x"));
	cr_assert(allowed(t, "otherbot", "/publications/x"));
	cr_assert(allowed(t, "otherbot", "/"));
	/* foobot: only the two allowed paths */
	cr_assert_not(allowed(t, "foobot", "/"));
	cr_assert_not(allowed(t, "FooBot/1.0", "/publications/x"));
	cr_assert(allowed(t, "foobot", "/example/page.html"));
	cr_assert(allowed(t, "foobot", "/example/allowed.gif"));
	cr_assert_not(allowed(t, "foobot", "/example/other.gif"));
	/* barbot and bazbot share a group; .gif rules of '*' do not apply to them */
	cr_assert_not(allowed(t, "barbot", "/example/page.html"));
	cr_assert_not(allowed(t, "bazbot", "/example/page.html"));
	cr_assert(allowed(t, "bazbot", "/example/other.html"));
	cr_assert(allowed(t, "barbot", "/x.gif"));
	/* quxbot: a group without rules allows everything */
	cr_assert(allowed(t, "quxbot", "/example/page.html"));
	cr_assert(allowed(t, "quxbot", "/x.gif"));
}

Test(crawl_robots, rfc9309_longest_match_example)
{
	/* §5.2: the longer Disallow beats the shorter Allow */
	const char *t = "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n";
	cr_assert(allowed(t, "foobot", "/example/page/"));
	cr_assert(allowed(t, "foobot", "/example/page/other.gif"));
	cr_assert_not(allowed(t, "foobot", "/example/page/disallowed.gif"));
}
