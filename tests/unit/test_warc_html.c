/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_html.c - warc_html_bound (warc/html.c): the canonical, bounded HTML that libxml2 is given. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warc/warc.h"

static const warc_html_limits LIM = { .max_elements = 100, .max_attrs = 3, .max_attrs_total = 10 };

static char *bound(const char *in, size_t limit, unsigned *cut)
{
	warc_buf out;
	warc_buf_init(&out, limit);
	cr_assert_eq(warc_html_bound(in, strlen(in), &LIM, &out, cut), WARC_OK);
	char *s = strdup(out.data ? out.data : "");
	warc_buf_free(&out);
	return s;
}

Test(html_bound, tags_are_canonical_and_comments_dropped)
{
	unsigned cut;
	char *s = bound("<!DOCTYPE html><HTML><a HREF=x title='a\"b' hidden>t &amp; 1<2</a><!-- <p> --><?pi?>", 1 << 20, &cut);
	cr_assert_str_eq(s, "<html><a href=\"x\" title=\"a&quot;b\" hidden>t &amp; 1&lt;2</a>");
	cr_assert_eq(cut, 0);
	free(s);
}

Test(html_bound, attributes_per_element_and_in_all_are_capped)
{
	unsigned cut;
	char *s = bound("<p a=1 b=2 a=3 c=4 d=5 @x=6>", 1 << 20, &cut);
	cr_assert_str_eq(s, "<p a=\"1\" b=\"2\" c=\"4\">", "duplicates and bad names dropped, then the cap");
	cr_assert_eq(cut, WARC_HTML_CUT_ATTRS);
	free(s);
	s = bound("<i a b c><i a b c><i a b c><i a b c>", 1 << 20, &cut);
	cr_assert_str_eq(s, "<i a b c><i a b c><i a b c><i a>");
	cr_assert_str_eq(warc_html_cut_name(cut), "attributes");
	free(s);
}

Test(html_bound, raw_text_cannot_hide_a_tag_from_the_limits)
{
	/* libxml2 and this pass may disagree on where a <script> ends; the output is canonical. */
	unsigned cut;
	char *s = bound("<script>if(a<b)x='</p>'</script ><p a b c d e>", 1 << 20, &cut);
	cr_assert_str_eq(s, "<script>if(a<b)x='<\\/p>'</script><p a b c>");
	free(s);
	s = bound("<x y=\"</script><p a b c d e>\"><p q=\">\" a b c d>", 1 << 20, &cut);
	cr_assert_str_eq(s, "<x y=\"</script><p a b c d e>\"><p q=\">\" a b>");
	free(s);
}

Test(html_bound, elements_and_bytes_cut_the_rest)
{
	unsigned cut;
	char in[4000] = "";
	for (int i = 0; i < 200; i++)
		strcat(in, "<b>");
	char *s = bound(in, 1 << 20, &cut);
	cr_assert_eq(strlen(s), 300);
	cr_assert_str_eq(warc_html_cut_name(cut), "elements");
	free(s);
	s = bound("<p>hello world</p><p>more</p>", 10, &cut);
	cr_assert_str_eq(s, "<p>hello w");
	cr_assert_str_eq(warc_html_cut_name(cut), "bytes");
	free(s);
}

Test(html_bound, nul_bytes_are_dropped)
{
	warc_buf out;
	warc_buf_init(&out, 100);
	unsigned cut;
	cr_assert_eq(warc_html_bound("<p>a\0b</p>", 10, &LIM, &out, &cut), WARC_OK);
	cr_assert_str_eq(out.data, "<p>ab</p>");
	warc_buf_free(&out);
}
