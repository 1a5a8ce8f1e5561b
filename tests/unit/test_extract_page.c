/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_extract_page.c - extract_page() on small hand-made pages: charsets,
 * metadata sources, boilerplate removal, captions, skipped payloads and
 * hostile input (deep nesting, huge and broken pages).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

static extract_result *run(const char *html, size_t len, const char *url, const char *ct)
{
	extract_source src = {.url = url, .content_type = ct};
	extract_result *r = NULL;
	warc_error err;
	cr_assert_eq(extract_page(html, len, &src, NULL, &r, &err), WARC_OK, "%s", err.msg);
	cr_assert(r);
	return r;
}

static extract_result *runs(const char *html, const char *ct)
{
	return run(html, strlen(html), NULL, ct);
}

#define PARA "<p>This is a long enough paragraph of article text, with commas, words, and more words so it scores.</p>"

Test(extract_charset, windows_1252_from_meta)
{
	const char *html = "<html><head><meta charset=\"windows-1252\"><title>T</title></head><body><article>"
			   "<p>Caf\xe9 society, na\xefve art and \x93smart quotes\x94 appear in this paragraph of text.</p>"
			   PARA "</article></body></html>";
	extract_result *r = runs(html, "text/html");
	cr_assert_str_eq(extract_result_charset(r), "windows-1252");
	cr_assert(strstr(extract_result_text(r), "Caf\xc3\xa9 society"), "%s", extract_result_text(r));
	cr_assert(strstr(extract_result_text(r), "\xe2\x80\x9csmart quotes\xe2\x80\x9d"));
	extract_result_free(r);
}

Test(extract_charset, http_header_wins_over_meta_and_utf8_wins_when_valid)
{
	const char *latin = "<html><head><meta charset=\"utf-8\"></head><body><p>Gr\xfc\xdf" "e aus K\xf6ln, "
			    "eine lange Zeile Text mit Kommas, damit sie als Absatz z\xe4hlt.</p></body></html>";
	extract_result *r = runs(latin, "text/html; charset=ISO-8859-1");
	cr_assert_str_eq(extract_result_charset(r), "windows-1252");
	cr_assert(strstr(extract_result_text(r), "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln"), "%s", extract_result_text(r));
	extract_result_free(r);
	/* servers default to ISO-8859-1; bytes that are valid UTF-8 are UTF-8 */
	const char *u8 = "<html><body><p>Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln, eine lange Zeile Text mit Kommas, "
			 "damit sie als Absatz z\xc3\xa4hlt.</p></body></html>";
	r = runs(u8, "text/html; charset=ISO-8859-1");
	cr_assert_str_eq(extract_result_charset(r), "utf-8");
	cr_assert(strstr(extract_result_text(r), "Gr\xc3\xbc\xc3\x9f" "e"));
	extract_result_free(r);
}

Test(extract_charset, utf16_bom_and_broken_utf8)
{
	const char *ascii = "<html><body><p>Hello from a UTF-16 page, with enough words to be a paragraph.</p></body></html>";
	size_t n = strlen(ascii);
	char *u16 = malloc(2 + 2 * n);
	u16[0] = (char)0xFF;
	u16[1] = (char)0xFE;
	for (size_t i = 0; i < n; i++) {
		u16[2 + 2 * i] = ascii[i];
		u16[3 + 2 * i] = 0;
	}
	extract_result *r = run(u16, 2 + 2 * n, NULL, "text/html");
	cr_assert_null(extract_result_skipped(r));
	cr_assert(strstr(extract_result_text(r), "Hello from a UTF-16 page"), "%s", extract_result_text(r));
	extract_result_free(r);
	free(u16);
	/* declared UTF-8 with a stray byte: replaced, the rest kept */
	r = runs("<html><head><meta charset=utf-8></head><body><p>Broken \xff byte in a paragraph that is "
		 "otherwise fine, with commas, and words.</p></body></html>", "text/html");
	cr_assert(strstr(extract_result_text(r), "Broken \xef\xbf\xbd byte"), "%s", extract_result_text(r));
	extract_result_free(r);
}

Test(extract_meta, jsonld_opengraph_url_and_lang)
{
	const char *html =
		"<html lang=\"pt-BR\"><head><title>Headline here - Site</title>"
		"<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Site\"},"
		"{\"@type\":\"NewsArticle\",\"headline\":\"Headline here\",\"datePublished\":\"2020-05-01T10:00:00-03:00\","
		"\"author\":[{\"@type\":\"Person\",\"name\":\"Ana Silva\"},{\"@type\":\"Person\",\"name\":\"Rui Costa\"}]}]}</script>"
		"</head><body><h1>Headline here</h1><p class=\"byline\">By Ana Silva and Rui Costa</p><article>" PARA PARA
		"</article></body></html>";
	extract_result *r = runs(html, "text/html");
	cr_assert_str_eq(extract_result_title(r), "Headline here");
	cr_assert_str_eq(extract_result_byline(r), "Ana Silva, Rui Costa");
	cr_assert_str_eq(extract_result_date(r), "2020-05-01T13:00:00Z");
	cr_assert_str_eq(extract_result_language(r), "pt");
	cr_assert(!strstr(extract_result_text(r), "Headline here"), "title kept out of the text");
	cr_assert(!strstr(extract_result_text(r), "Ana Silva"), "byline kept out of the text");
	extract_result_free(r);
	/* a byline line without "By" is still the byline */
	r = runs("<html><head><meta name=\"author\" content=\"Jo Bloggs\"></head><body><article>"
		 "<div class=\"author-name\">Jo Bloggs</div>" PARA PARA "</article></body></html>", "text/html");
	cr_assert_str_eq(extract_result_byline(r), "Jo Bloggs");
	cr_assert(!strstr(extract_result_text(r), "Jo Bloggs"), "%s", extract_result_text(r));
	extract_result_free(r);

	r = run("<html><head><title>Only a title | Example</title></head><body>" PARA "</body></html>", 0, NULL, NULL);
	extract_result_free(r);
	const char *h2 = "<html><head><title>Only a title here | Example</title>"
			 "<meta name=\"author\" content=\"By Jo Bloggs\"></head><body>" PARA PARA "</body></html>";
	r = run(h2, strlen(h2), "https://example.test/news/2019/11/18/story.html", "text/html");
	cr_assert_str_eq(extract_result_title(r), "Only a title here");
	cr_assert_str_eq(extract_result_byline(r), "Jo Bloggs");
	cr_assert_str_eq(extract_result_date(r), "2019-11-18");
	cr_assert_str_eq(extract_result_language(r), "en", "guessed from stopwords");
	extract_result_free(r);
}

Test(extract_body, boilerplate_dropped_structure_kept)
{
	const char *html =
		"<html><body><nav><a href=/>Home</a><a href=/news>News</a></nav>"
		"<div class=\"cookie-banner\"><p>We use cookies to improve your experience on this site, accept them.</p></div>"
		"<div id=\"main\"><div class=\"story-body\">" PARA
		"<h2>A subheading inside</h2><ul><li>First listed point of the story</li><li>Second listed point</li></ul>"
		"<blockquote><p>A quotation from someone important, quoted at length for the article.</p></blockquote>"
		"<div class=\"share-tools\"><a href=#>Facebook</a> <a href=#>Twitter</a></div>" PARA
		"<figure><img src=\"/a.jpg\" alt=\"A harbour at dusk with boats\"><figcaption>The harbour. "
		"<span class=\"credit\">Photo: J. Doe</span></figcaption></figure>" PARA
		"</div><div class=\"related-links\"><h3>Related</h3><ul><li><a href=/x>Another story that is linked</a></li>"
		"<li><a href=/y>Yet another linked story here</a></li></ul></div></div>"
		"<footer><p>Copyright 2024 Example Media, all rights reserved, and more footer text.</p></footer></body></html>";
	extract_result *r = runs(html, "text/html");
	const char *t = extract_result_text(r);
	cr_assert(strstr(t, "A subheading inside"), "%s", t);
	cr_assert(strstr(t, "First listed point"));
	cr_assert(strstr(t, "A quotation from someone important"));
	const char *bad[] = {"Home", "cookies", "Facebook", "Another story", "Copyright", "The harbour", "Photo: J. Doe"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) cr_assert(!strstr(t, bad[i]), "'%s' in %s", bad[i], t);
	bool heading = false, item = false, quote = false;
	for (size_t i = 0; i < extract_result_block_count(r); i++) {
		extract_block_kind k = extract_result_block_kind(r, i);
		heading |= k == EXTRACT_HEADING;
		item |= k == EXTRACT_ITEM;
		quote |= k == EXTRACT_QUOTE;
	}
	cr_assert(heading && item && quote);
	cr_assert_eq(extract_result_caption_count(r), 1);
	cr_assert_str_eq(extract_result_caption_src(r, 0), "/a.jpg");
	cr_assert_str_eq(extract_result_caption_alt(r, 0), "A harbour at dusk with boats");
	cr_assert_str_eq(extract_result_caption_text(r, 0), "The harbour. Photo: J. Doe");
	extract_result_free(r);
}

Test(extract_skip, non_html_empty_and_too_big)
{
	extract_result *r = runs("\x89PNG\r\n\x1a\n\0\0\0", "image/png");
	cr_assert(extract_result_skipped(r));
	cr_assert(strstr(extract_result_skipped(r), "image/png"));
	char *j = extract_result_json(r);
	cr_assert(strstr(j, "\"skipped\":\"not HTML or text: image/png\""), "%s", j);
	free(j);
	extract_result_free(r);
	r = run("", 0, NULL, "text/html");
	cr_assert_str_eq(extract_result_skipped(r), "empty body");
	extract_result_free(r);
	extract_source src = {.content_type = "text/html"};
	extract_options opt = {.max_input = 100};
	warc_error err;
	char big[200];
	memset(big, 'a', sizeof big);
	cr_assert_eq(extract_page(big, sizeof big, &src, &opt, &r, &err), WARC_OK);
	cr_assert(strstr(extract_result_skipped(r), "limit"));
	extract_result_free(r);
	/* plain text: paragraphs from blank lines */
	r = runs("First paragraph of plain text.\n\nSecond one\nwrapped.\n", "text/plain; charset=utf-8");
	cr_assert_eq(extract_result_block_count(r), 2);
	cr_assert_str_eq(extract_result_block_text(r, 1), "Second one wrapped.");
	extract_result_free(r);
}

Test(extract_hostile, deep_nesting_and_huge_flat_page, .timeout = 20)
{
	size_t depth = 200000;
	size_t cap = depth * 10 + 1000;
	char *html = malloc(cap);
	size_t n = 0;
	n += (size_t)sprintf(html + n, "<html><body>");
	for (size_t i = 0; i < depth; i++) n += (size_t)sprintf(html + n, i % 2 ? "<div>" : "<b>");
	n += (size_t)sprintf(html + n, "deep text");
	extract_result *r = run(html, n, NULL, "text/html");
	extract_result_free(r);
	/* 5 MB of paragraphs: bounded and fine */
	free(html);
	size_t paras = 50000;
	html = malloc(paras * 120 + 100);
	n = (size_t)sprintf(html, "<html><body><article>");
	for (size_t i = 0; i < paras; i++) n += (size_t)sprintf(html + n, PARA);
	r = run(html, n, NULL, "text/html");
	/* under valgrind (20-50x slower) the parse may end at EXTRACT_HTML_TIME_MS:
	 * there the bound is what is tested, not the text */
	const char *v = getenv("WARK_VARIANT");
	if (!v || strcmp(v, "valgrind")) {
		cr_assert_null(extract_result_skipped(r));
		cr_assert_gt(extract_result_word_count(r), 100000);
	}
	extract_result_free(r);
	free(html);
}

Test(extract_hostile, garbage_and_unclosed_markup)
{
	const char *cases[] = {"<", "<<<<>>>>", "<html><body><p>unclosed <b><i><table><tr><td>cell",
			       "<!-- never closed", "<script>var x = '</p>';", "<svg><svg><svg>", "\xef\xbb\xbf",
			       "<meta charset=\"x-unknown-charset\"><p>text with an unknown charset label here.</p>",
			       "<html><head><script type=\"application/ld+json\">{\"@graph\":[[[[[[[[[[[[[]]]]]]]]]]]]]}</script>"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		extract_result *r = runs(cases[i], "text/html");
		char *j = extract_result_json(r);
		cr_assert(j);
		free(j);
		extract_result_free(r);
	}
}

Test(extract_output, slug_names_host_and_path)
{
	extract_result *r = run("<p>x</p>", 8, "https://News.Example.test/world/2021/story-one.html?id=7#top", "text/html");
	char slug[128];
	extract_result_slug(r, slug, sizeof slug);
	cr_assert_str_eq(slug, "news.example.test_world_2021_story-one.html_id_7");
	extract_result_free(r);
}

/* A link-rich article (every paragraph a third links) loses the scoring to a
 * tiny "content" box; the safety net takes the element holding the text. */
Test(extract_body, safety_net_when_the_winner_is_nearly_empty)
{
	char html[8192];
	size_t n = (size_t)snprintf(html, sizeof html, "<html><body><div class=\"content\"><p>A short teaser line of text here.</p></div><div>");
	for (int i = 0; i < 6; i++)
		n += (size_t)snprintf(html + n, sizeof html - n,
				      "<p>Paragraph %d of this story tells <a href=/a%d>what the officials said about it "
				      "today</a>, and then some more.</p>", i, i);
	snprintf(html + n, sizeof html - n, "</div></body></html>");
	extract_result *r = runs(html, "text/html");
	const char *t = extract_result_text(r);
	cr_assert(strstr(t, "Paragraph 0 of this story") && strstr(t, "Paragraph 5 of this story"), "%s", t);
	cr_assert(!strstr(t, "teaser"), "%s", t);
	extract_result_free(r);
}

/* A comma-rich word list (a tag cloud) outscores prose on commas alone; its
 * lack of stopwords, against the page's own density, puts it back. */
Test(extract_body, stopword_density_beats_comma_lists)
{
	const char *html =
		"<html><body><div><p>Apples, Bananas, Cherries, Dates, Elderberries, Figs, Grapes, Honeydew, Kiwis, "
		"Lemons, Limes, Mangoes, Nectarines, Oranges, Papayas, Pears, Plums, Quinces, Raspberries, "
		"Strawberries, Tangerines, Watermelons</p></div><div>"
		"<p>The market opened early on the first day of the season, and the traders said that they had "
		"never seen so many people at the stalls before.</p>"
		"<p>Most of them came for the fruit, which was cheaper than it had been for years, and many of "
		"them stayed on to talk with the growers.</p>"
		"<p>By noon the stalls were nearly empty, and the organisers said that they would open for an "
		"extra day next week if the weather held.</p></div></body></html>";
	extract_result *r = runs(html, "text/html");
	const char *t = extract_result_text(r);
	cr_assert(strstr(t, "The market opened early"), "%s", t);
	cr_assert(!strstr(t, "Watermelons"), "%s", t);
	extract_result_free(r);
}
