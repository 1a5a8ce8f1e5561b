/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl_links.c - link extraction from HTML, CSS and sitemaps:
 * element coverage, nav vs requisite, base href, srcset, meta refresh,
 * CSS url()/@import with quotes and escapes, sitemap and index, bounds.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawl/crawl.h"

typedef struct got {
	char *urls[256];
	crawl_link_kind kinds[256];
	size_t n;
	size_t stop_after;   /* 0 = never */
} got;

static int collect(void *ctx, const char *url, crawl_link_kind kind)
{
	got *g = ctx;
	if (g->n < 256) {
		g->urls[g->n] = strdup(url);
		g->kinds[g->n] = kind;
		g->n++;
	}
	if (g->stop_after && g->n >= g->stop_after)
		return 42;
	return 0;
}

static void got_free(got *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->urls[i]);
	g->n = 0;
}

/* Index of url in g, or -1. */
static int find(const got *g, const char *url)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->urls[i], url))
			return (int)i;
	return -1;
}

static void has(const got *g, const char *url, crawl_link_kind kind)
{
	int i = find(g, url);
	if (i < 0) {
		for (size_t k = 0; k < g->n; k++)
			fprintf(stderr, "  got %s (%d)\n", g->urls[k], g->kinds[k]);
	}
	cr_assert_geq(i, 0, "missing %s", url);
	cr_assert_eq(g->kinds[i], kind, "%s should be %s", url, kind == CRAWL_LINK_NAV ? "nav" : "requisite");
}

static void html(got *g, const char *page, const char *doc)
{
	warc_error e;
	cr_assert_eq(crawl_links_html(doc, strlen(doc), page, collect, g, &e), WARC_OK, "%s", e.msg);
}

static void css(got *g, const char *base, const char *text)
{
	warc_error e;
	cr_assert_eq(crawl_links_css(text, strlen(text), base, collect, g, &e), WARC_OK);
}

#define NAV CRAWL_LINK_NAV
#define REQ CRAWL_LINK_REQUISITE

Test(crawl_links, html_element_coverage)
{
	got g = { 0 };
	html(&g, "http://news.test/section/page.html",
	     "<!doctype html><html><head>"
	     "<link rel=stylesheet href=/css/site.css>"
	     "<link rel='shortcut icon' href=/favicon.ico>"
	     "<link rel=preload as=image href=hero.webp imagesrcset='hero-2x.webp 2x'>"
	     "<link rel=alternate type=application/rss+xml href=/feed.xml>"
	     "<link rel=next href=page2.html>"
	     "<link rel=dns-prefetch href=//cdn.test>"
	     "<meta http-equiv=Refresh content=\"30; URL='/refreshed'\">"
	     "<script src=https://static.test/app.js></script>"
	     "<style>body { background: url(bg.png) }</style>"
	     "</head><body background=/bodybg.gif>"
	     "<a href=article.html#comments>article</a>"
	     "<map><area href=/area-target shape=rect></map>"
	     "<img src=img/a.jpg srcset='img/a-400.jpg 400w, img/a-800.jpg 800w'>"
	     "<picture><source srcset='pic.avif 1x, pic-2x.avif 2x' type=image/avif><img src=pic.jpg></picture>"
	     "<iframe src=/embed/frame.html></iframe>"
	     "<frameset><frame src=frame2.html></frameset>"
	     "<embed src=movie.swf><object data=/obj.svg></object>"
	     "<video src=v.mp4 poster=poster.jpg><source src=v.webm><track src=subs.vtt></video>"
	     "<audio src=a.mp3></audio>"
	     "<form><input type=image src=button.png><input type=text src=notme.png></form>"
	     "<div style=\"background-image:url('/inline.png')\">x</div>"
	     "<img data-src=lazy.jpg>"
	     "</body></html>");
	has(&g, "http://news.test/css/site.css", REQ);
	has(&g, "http://news.test/favicon.ico", REQ);
	has(&g, "http://news.test/section/hero.webp", REQ);
	has(&g, "http://news.test/section/hero-2x.webp", REQ);
	has(&g, "http://news.test/feed.xml", NAV);
	has(&g, "http://news.test/section/page2.html", NAV);
	cr_assert_eq(find(&g, "http://cdn.test/"), -1, "dns-prefetch is not a resource");
	has(&g, "http://news.test/refreshed", NAV);
	has(&g, "https://static.test/app.js", REQ);
	has(&g, "http://news.test/section/bg.png", REQ);
	has(&g, "http://news.test/bodybg.gif", REQ);
	has(&g, "http://news.test/section/article.html", NAV);
	has(&g, "http://news.test/area-target", NAV);
	has(&g, "http://news.test/section/img/a.jpg", REQ);
	has(&g, "http://news.test/section/img/a-400.jpg", REQ);
	has(&g, "http://news.test/section/img/a-800.jpg", REQ);
	has(&g, "http://news.test/section/pic.avif", REQ);
	has(&g, "http://news.test/section/pic-2x.avif", REQ);
	has(&g, "http://news.test/section/pic.jpg", REQ);
	has(&g, "http://news.test/embed/frame.html", NAV);
	has(&g, "http://news.test/section/frame2.html", NAV);
	has(&g, "http://news.test/section/movie.swf", REQ);
	has(&g, "http://news.test/obj.svg", REQ);
	has(&g, "http://news.test/section/v.mp4", REQ);
	has(&g, "http://news.test/section/poster.jpg", REQ);
	has(&g, "http://news.test/section/v.webm", REQ);
	has(&g, "http://news.test/section/subs.vtt", REQ);
	has(&g, "http://news.test/section/a.mp3", REQ);
	has(&g, "http://news.test/section/button.png", REQ);
	cr_assert_eq(find(&g, "http://news.test/section/notme.png"), -1, "input type=text has no image");
	has(&g, "http://news.test/inline.png", REQ);
	has(&g, "http://news.test/section/lazy.jpg", REQ);
	got_free(&g);
}

Test(crawl_links, base_href_applies_to_everything)
{
	got g = { 0 };
	html(&g, "http://news.test/a/b/page.html",
	     "<html><head><title>t</title>"
	     "<base href='/other/dir/'><base href='http://ignored.test/'>"
	     "</head><body><a href=x.html>x</a><img src='../img.png'>"
	     "<a href='/abs'>a</a><a href='//static.test/s'>s</a></body></html>");
	has(&g, "http://news.test/other/dir/x.html", NAV);
	has(&g, "http://news.test/other/img.png", REQ);
	has(&g, "http://news.test/abs", NAV);
	has(&g, "http://static.test/s", NAV);
	cr_assert_eq(g.n, 4);
	got_free(&g);

	/* an unusable base (javascript:) is ignored */
	html(&g, "http://news.test/a/page.html", "<base href='javascript:x'><a href=y>y</a>");
	has(&g, "http://news.test/a/y", NAV);
	got_free(&g);
}

Test(crawl_links, non_http_and_fragments_dropped)
{
	got g = { 0 };
	html(&g, "https://news.test/",
	     "<a href='mailto:ed@news.test'>m</a><a href='javascript:void(0)'>j</a>"
	     "<a href='tel:123'>t</a><a href='#top'>top</a><a href=''>self</a>"
	     "<img src='data:image/gif;base64,R0lGOD'><a href='ftp://x.test/'>f</a>"
	     "<a href='/p#frag'>p</a><a>no href</a>");
	/* '#top' and '' both mean this page */
	has(&g, "https://news.test/", NAV);
	has(&g, "https://news.test/p", NAV);
	for (size_t i = 0; i < g.n; i++)
		cr_assert(!strncmp(g.urls[i], "https://", 8) && !strchr(g.urls[i], '#'), "%s", g.urls[i]);
	cr_assert_eq(g.n, 2, "an empty href is skipped; '#top' is the page itself");
	got_free(&g);
}

Test(crawl_links, srcset_parsing)
{
	got g = { 0 };
	html(&g, "http://a.test/d/",
	     "<img srcset='  one.jpg 1x,two.jpg 2x ,\n three.jpg, four.jpg'>"
	     "<img srcset='a,b.jpg 100w, c.jpg'>"                /* comma inside a URL */
	     "<img srcset='img.jpg (foo, bar) 1x, img2.jpg 2x'>" /* parentheses in descriptors */
	     "<img srcset='data:image/png;base64,xx 1x, real.png 2x'>");
	has(&g, "http://a.test/d/one.jpg", REQ);
	has(&g, "http://a.test/d/two.jpg", REQ);
	has(&g, "http://a.test/d/three.jpg", REQ);
	has(&g, "http://a.test/d/four.jpg", REQ);
	has(&g, "http://a.test/d/a,b.jpg", REQ);
	has(&g, "http://a.test/d/c.jpg", REQ);
	has(&g, "http://a.test/d/img.jpg", REQ);
	has(&g, "http://a.test/d/img2.jpg", REQ);
	has(&g, "http://a.test/d/real.png", REQ);
	cr_assert_eq(g.n, 9);
	got_free(&g);
}

Test(crawl_links, meta_refresh_forms)
{
	const char *forms[] = {
		"0; url=/r1", "5;URL=&quot;/r1&quot;", "  3 , url = \"/r1\"  ", "0;/r1", "1.5; url=/r1",
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		got g = { 0 };
		char doc[256];
		snprintf(doc, sizeof doc, "<meta http-equiv='refresh' content='%s'>", forms[i]);
		html(&g, "http://a.test/x/", doc);
		has(&g, "http://a.test/r1", NAV);
		cr_assert_eq(g.n, 1);
		got_free(&g);
	}
	got g = { 0 };
	html(&g, "http://a.test/", "<meta http-equiv=refresh content='10'>");
	cr_assert_eq(g.n, 0, "a refresh without URL reloads the page itself: nothing new");
	got_free(&g);
}

Test(crawl_links, callback_can_stop_walk)
{
	got g = { .stop_after = 2 };
	warc_error e;
	const char *doc = "<a href=1>1</a><a href=2>2</a><a href=3>3</a><div style='background:url(4)'></div>";
	cr_assert_eq(crawl_links_html(doc, strlen(doc), "http://a.test/", collect, &g, &e), 42);
	cr_assert_eq(g.n, 2);
	got_free(&g);
	g.stop_after = 1;
	const char *sheet = "a{background:url(1)} b{background:url(2)}";
	cr_assert_eq(crawl_links_css(sheet, strlen(sheet), "http://a.test/", collect, &g, &e), 42);
	cr_assert_eq(g.n, 1);
	got_free(&g);
}

Test(crawl_links, tag_soup_and_empty_input)
{
	got g = { 0 };
	warc_error e;
	cr_assert_eq(crawl_links_html("", 0, "http://a.test/", collect, &g, &e), WARC_OK);
	cr_assert_eq(g.n, 0);
	html(&g, "http://a.test/", "<p><a href=one>unclosed <b><a href='two'<img src=x.png>");
	has(&g, "http://a.test/one", NAV);
	got_free(&g);
	/* binary junk does not crash the parser */
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 131 + 7);
	cr_assert_eq(crawl_links_html(junk, sizeof junk, "http://a.test/", collect, &g, &e), WARC_OK);
	got_free(&g);
}

Test(crawl_links, non_ascii_links_encoded)
{
	got g = { 0 };
	html(&g, "http://a.test/", "<meta charset=utf-8><a href='/caf\xc3\xa9?q=\xc3\xa9'>x</a>"
				   "<a href='http://b\xc3\xbc\x63her.test/'>idn</a>");
	has(&g, "http://a.test/caf%C3%A9?q=%C3%A9", NAV);
	has(&g, "http://xn--bcher-kva.test/", NAV);
	got_free(&g);
}

Test(crawl_links, css_url_forms)
{
	got g = { 0 };
	css(&g, "http://s.test/css/site.css",
	    "@import \"base.css\";\n"
	    "@import url(print.css) print;\n"
	    "@IMPORT 'upper.css';\n"
	    "a { background: url(  plain.png  ) }\n"
	    "b { background: URL(\"dq.png\") }\n"
	    "c { background: url('sq.png') no-repeat }\n"
	    "d { background: url(/abs/path.png) }\n"
	    "e { background: url(esc\\(aped\\).png) }\n"
	    "f { background: url('\\61 bc.png') }\n"
	    "g { content: \"url(notaurl.png)\" }\n"
	    "/* h { background: url(commented.png) } */\n"
	    "i { background: url(data:image/png;base64,AAAA) }\n"
	    "j { background-image: image-set('set1.png' 1x, url(set2.png) 2x, \"set3.avif\" type(\"image/avif\")) }\n"
	    "k { background: url('multi\\\nline.png') }\n"
	    "@font-face { src: url(font.woff2) format('woff2'), url(\"font.woff\") format(\"woff\") }\n"
	    "l { background: url(../up.png) }\n"
	    "m { background: url(x.png#frag) }\n"
	    "n { background: url() }\n");
	has(&g, "http://s.test/css/base.css", REQ);
	has(&g, "http://s.test/css/print.css", REQ);
	has(&g, "http://s.test/css/upper.css", REQ);
	has(&g, "http://s.test/css/plain.png", REQ);
	has(&g, "http://s.test/css/dq.png", REQ);
	has(&g, "http://s.test/css/sq.png", REQ);
	has(&g, "http://s.test/abs/path.png", REQ);
	has(&g, "http://s.test/css/esc(aped).png", REQ);
	has(&g, "http://s.test/css/abc.png", REQ);
	has(&g, "http://s.test/css/set1.png", REQ);
	has(&g, "http://s.test/css/set2.png", REQ);
	has(&g, "http://s.test/css/set3.avif", REQ);
	cr_assert_eq(find(&g, "http://s.test/css/image/avif"), -1, "type() strings are not URLs");
	has(&g, "http://s.test/css/multiline.png", REQ);
	has(&g, "http://s.test/css/font.woff2", REQ);
	has(&g, "http://s.test/css/font.woff", REQ);
	has(&g, "http://s.test/up.png", REQ);
	has(&g, "http://s.test/css/x.png", REQ);
	cr_assert_eq(find(&g, "http://s.test/css/notaurl.png"), -1, "strings are not URLs");
	cr_assert_eq(find(&g, "http://s.test/css/commented.png"), -1, "comments are skipped");
	cr_assert_eq(find(&g, "http://s.test/css/woff2"), -1, "format() strings are not URLs");
	cr_assert_eq(g.n, 17);
	got_free(&g);
}

Test(crawl_links, css_unterminated_input)
{
	const char *bad[] = { "a{background:url(", "a{background:url('x.png", "/* never closed", "@import \"",
			      "a{background:url(x y)}", "\\", "url(\\", "\\\n\\\nx" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		got g = { 0 };
		css(&g, "http://s.test/", bad[i]);
		got_free(&g);
	}
	got g = { 0 };
	css(&g, "http://s.test/", "a{background:url(x y)} b{background:url(ok.png)}");
	has(&g, "http://s.test/ok.png", REQ);
	cr_assert_eq(g.n, 1, "a bad url() token is dropped");
	got_free(&g);
}

static void sitemap(got *g, const char *url, const char *xml, bool *is_index)
{
	warc_error e;
	cr_assert_eq(crawl_links_sitemap(xml, strlen(xml), url, collect, g, is_index, &e), WARC_OK, "%s", e.msg);
}

Test(crawl_links, sitemap_urlset)
{
	got g = { 0 };
	bool idx = true;
	sitemap(&g, "http://news.test/sitemap.xml",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
		"        xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n"
		"  <url><loc>http://news.test/a.html</loc><lastmod>2024-01-01</lastmod></url>\n"
		"  <url><loc>\n   http://news.test/b.html?x=1&amp;y=2\n  </loc>\n"
		"    <image:image><image:loc>http://static.test/b.jpg</image:loc></image:image></url>\n"
		"  <url><loc><![CDATA[http://news.test/c.html]]></loc></url>\n"
		"  <url><loc>/relative.html</loc></url>\n"
		"  <url><loc>mailto:x@news.test</loc></url>\n"
		"  <loc>http://news.test/not-in-url.html</loc>\n"
		"</urlset>\n",
		&idx);
	cr_assert_not(idx);
	has(&g, "http://news.test/a.html", NAV);
	has(&g, "http://news.test/b.html?x=1&y=2", NAV);
	has(&g, "http://static.test/b.jpg", REQ);
	has(&g, "http://news.test/c.html", NAV);
	has(&g, "http://news.test/relative.html", NAV);
	cr_assert_eq(find(&g, "http://news.test/not-in-url.html"), -1);
	cr_assert_eq(g.n, 5);
	got_free(&g);
}

Test(crawl_links, sitemap_index_and_prefixes)
{
	got g = { 0 };
	bool idx = false;
	sitemap(&g, "http://news.test/sitemap-index.xml",
		"<sm:sitemapindex xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
		"<sm:sitemap><sm:loc>http://news.test/sitemap-1.xml</sm:loc></sm:sitemap>"
		"<sm:sitemap><sm:loc>http://news.test/sitemap-2.xml.gz</sm:loc></sm:sitemap>"
		"</sm:sitemapindex>",
		&idx);
	cr_assert(idx);
	has(&g, "http://news.test/sitemap-1.xml", NAV);
	has(&g, "http://news.test/sitemap-2.xml.gz", NAV);
	cr_assert_eq(g.n, 2);
	got_free(&g);
}

Test(crawl_links, sitemap_not_xml_or_hostile)
{
	got g = { 0 };
	bool idx;
	/* the protocol's text form */
	sitemap(&g, "http://a.test/sitemap.txt", "http://a.test/1\r\nhttp://a.test/2\n\n  http://a.test/3  \n", &idx);
	cr_assert_eq(g.n, 3);
	cr_assert_not(idx);
	got_free(&g);
	/* RSS is not a sitemap: no entries */
	sitemap(&g, "http://a.test/feed", "<rss><channel><item><link>http://a.test/x</link></item></channel></rss>",
		&idx);
	cr_assert_eq(g.n, 0);
	/* external entities are not fetched or expanded */
	sitemap(&g, "http://a.test/s.xml",
		"<?xml version='1.0'?><!DOCTYPE urlset [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
		"<urlset><url><loc>http://a.test/&e;</loc></url></urlset>",
		&idx);
	for (size_t i = 0; i < g.n; i++)
		cr_assert_null(strstr(g.urls[i], "root"), "%s", g.urls[i]);
	got_free(&g);
	/* broken XML: what came before the damage is kept, no crash */
	sitemap(&g, "http://a.test/s.xml", "<urlset><url><loc>http://a.test/ok</loc></url><url><loc>", &idx);
	has(&g, "http://a.test/ok", NAV);
	got_free(&g);
}

static int count_only(void *ctx, const char *url, crawl_link_kind kind)
{
	(void)url;
	(void)kind;
	(*(size_t *)ctx)++;
	return 0;
}

Test(crawl_links, sitemap_entry_limit)
{
	size_t n = 50010, cap = 64 + n * 48;
	char *x = malloc(cap);
	size_t k = (size_t)sprintf(x, "<urlset>");
	for (size_t i = 0; i < n; i++)
		k += (size_t)sprintf(x + k, "<url><loc>http://a.test/%zu</loc></url>", i);
	k += (size_t)sprintf(x + k, "</urlset>");
	size_t count = 0;
	bool idx;
	warc_error e;
	cr_assert_eq(crawl_links_sitemap(x, k, "http://a.test/s.xml", count_only, &count, &idx, &e), WARC_OK);
	cr_assert_eq(count, 50000, "the protocol's 50,000 URL limit");
	free(x);
}

/* The DOM keeps only <style> text: style content long enough to arrive in
 * many parser callbacks, with text and entities around it, gives the same
 * links, in document order. */
Test(crawl_links, style_text_kept_other_text_dropped)
{
	static char doc[16384];
	char pad[3001];
	memset(pad, 'x', 3000);
	pad[3000] = '\0';
	snprintf(doc, sizeof doc,
		 "<!DOCTYPE html><html><head><style>/*%s*/ a{background:url(one.png)} /*%s*/ "
		 "@import \"two.css\";</style></head><body>&amp; text %s <p style=\"background:url(three.png)\">"
		 "<a href=\"four.html\">four</a> <script>var s = \"<a href=no.html>\";</script></body></html>",
		 pad, pad, pad);
	got g = { .n = 0 };
	html(&g, "http://example.com/d/p.html", doc);
	cr_assert_eq(g.n, 4, "got %zu", g.n);
	cr_assert_str_eq(g.urls[0], "http://example.com/d/one.png");
	cr_assert_str_eq(g.urls[1], "http://example.com/d/two.css");
	cr_assert_str_eq(g.urls[2], "http://example.com/d/three.png");
	cr_assert_str_eq(g.urls[3], "http://example.com/d/four.html");
	got_free(&g);
}
