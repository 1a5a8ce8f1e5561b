/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pack_pages.c - pages.jsonl of a WACZ (pack/pages.c, pk_pages_build):
 * one line per URL (its first capture) in capture order, titles from the
 * text bundle or else the page's own <title>, the bundle's text, and a
 * damaged bundle refused. WARCs are made with the warc writer.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pack/internal.h"
#include "tests/support/support.h"
#include "warc/warc.h"

TestSuite(pack_pages, .init = suite_tmp_init, .fini = suite_tmp_fini);

typedef struct capture {
	const char *url, *date, *title;
} capture;

/* Three captures: b, a, then b again later (the page for b is its first). */
static const capture CAPTURES[] = {
	{ "http://s.test/b", "2025-03-01T12:00:02Z", "\n  B &amp;\n page " },
	{ "http://s.test/a", "2025-03-01T12:00:03Z", "A" },
	{ "http://s.test/b", "2025-03-01T12:00:05Z", "B later" },
};
#define NCAPTURES (sizeof CAPTURES / sizeof CAPTURES[0])

/* Write the captures into one WARC in suite_tmp; in->warcs[0] is it, and cand[i]
 * the page candidate of CAPTURES[i] (as the index would give it). */
static void write_captures(pk_inputs *in, pk_page_cand cand[NCAPTURES])
{
	warc_writer_options o = { .dir = suite_tmp, .prefix = "pages", .hostname = "h" };
	warc_writer *w;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK, "%s", err.msg);
	char name[256] = "";
	for (size_t i = 0; i < NCAPTURES; i++) {
		char block[512];
		snprintf(block, sizeof block,
			 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>%s</title></html>",
			 CAPTURES[i].title);
		warc_record_spec s = { .type = "response", .target_uri = CAPTURES[i].url, .date = CAPTURES[i].date,
				       .payload = WARC_PAYLOAD_HTTP, .block = block, .block_len = strlen(block) };
		warc_written where;
		cr_assert_eq(warc_writer_write(w, &s, &where, &err), WARC_OK, "%s", err.msg);
		snprintf(name, sizeof name, "%s", where.filename);
		cand[i] = (pk_page_cand){ .url = strdup(CAPTURES[i].url), .warc = 0, .offset = where.offset };
		cr_assert(warc_date_to_ts14(CAPTURES[i].date, cand[i].ts14) == WARC_OK);
	}
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);
	memset(in, 0, sizeof *in);
	in->warcs = calloc(1, sizeof *in->warcs);
	cr_assert_not_null(in->warcs);
	in->n_warcs = 1;
	cr_assert(asprintf(&in->warcs[0].src, "%s/%s", suite_tmp, name) > 0);
	in->warcs[0].name = strdup(name);
}

/* pk_pages_build into a fresh pk_gen; returns pages.jsonl's bytes (caller frees). */
static char *build(pk_inputs *in, pk_page_cand *cand, size_t *n, pk_gen *g, int want_rc, warc_error *err)
{
	memset(g, 0, sizeof *g);
	cr_assert_eq(pk_blob_open(&g->pages, suite_tmp, err), WARC_OK, "%s", err->msg);
	int rc = pk_pages_build(in, cand, n, g, err);
	cr_assert_eq(rc, want_rc, "%s", err->msg);
	char *text = calloc(1, (size_t)g->pages.len + 1);
	cr_assert_not_null(text);
	if (g->pages.len)
		cr_assert_eq(pk_blob_read_at(&g->pages, 0, text, (size_t)g->pages.len, err), WARC_OK, "%s", err->msg);
	return text;
}

/* The page id: the first 32 hex digits of sha256("TS14 URL"). */
static void page_id(const char *ts14, const char *url, char out[PK_HEX_MAX])
{
	char src[512];
	snprintf(src, sizeof src, "%s %s", ts14, url);
	pk_hash_buf(PK_SHA256, src, strlen(src), out);
	out[32] = '\0';
}

static void free_cands(pk_page_cand *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].url);
}

Test(pack_pages, one_line_per_url_first_capture_in_capture_order_with_html_titles)
{
	pk_inputs in;
	pk_page_cand cand[NCAPTURES];
	write_captures(&in, cand);
	size_t n = NCAPTURES;
	pk_gen g;
	warc_error err;
	char *text = build(&in, cand, &n, &g, WARC_OK, &err);

	char idb[PK_HEX_MAX], ida[PK_HEX_MAX], want[2048];
	page_id("20250301120002", "http://s.test/b", idb);
	page_id("20250301120003", "http://s.test/a", ida);
	snprintf(want, sizeof want,
		 "{\"format\": \"json-pages-1.0\", \"id\": \"pages\", \"title\": \"All Pages\"}\n"
		 "{\"id\": \"%s\", \"url\": \"http://s.test/b\", \"ts\": \"2025-03-01T12:00:02Z\", \"title\": \"B & page\"}\n"
		 "{\"id\": \"%s\", \"url\": \"http://s.test/a\", \"ts\": \"2025-03-01T12:00:03Z\", \"title\": \"A\"}\n",
		 idb, ida);
	cr_assert_str_eq(text, want);
	cr_assert_eq(n, 2, "the later capture of b was dropped");
	cr_assert_eq(g.n_pages, 2);
	cr_assert_str_eq(g.main_url, "http://s.test/b");
	cr_assert_str_eq(g.main_ts, "2025-03-01T12:00:02Z");
	free(text);
	free_cands(cand, n);
	pk_gen_free(&g);
	pk_inputs_free(&in);
}

Test(pack_pages, bundle_title_and_text_win_and_the_header_says_has_text)
{
	pk_inputs in;
	pk_page_cand cand[NCAPTURES];
	write_captures(&in, cand);
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/bundle", suite_tmp);
	struct run r = run_sh("mkdir -p '%s/text' && printf 'Body of b' > '%s/text/b.txt'", dir, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	snprintf(path, sizeof path, "%s/pages.jsonl", dir);
	/* two lines for b: the one of the same capture second is chosen */
	const char *lines =
		"{\"url\": \"http://s.test/b\", \"ts\": \"2025-03-01T12:00:05Z\", \"title\": \"Wrong capture\"}\n"
		"{\"url\": \"http://s.test/b\", \"ts\": \"2025-03-01T12:00:02Z\", \"title\": \"Bundle B\","
		" \"text_file\": \"text/b.txt\", \"captions\": [{\"caption\": \"A caption\"}]}\n";
	cr_assert_eq(write_file(path, lines, strlen(lines)), 0);
	in.bundle_pages = strdup(path);
	in.bundle_dir = strdup(dir);
	size_t n = NCAPTURES;
	pk_gen g;
	warc_error err;
	char *text = build(&in, cand, &n, &g, WARC_OK, &err);
	cr_assert(strstr(text, "\"title\": \"All Pages\", \"hasText\": true}\n"), "%s", text);
	cr_assert(strstr(text, "\"url\": \"http://s.test/b\", \"ts\": \"2025-03-01T12:00:02Z\", \"title\": \"Bundle B\","
			       " \"text\": \"Body of b\\nA caption\"}\n"),
		  "%s", text);
	cr_assert(strstr(text, "\"url\": \"http://s.test/a\", \"ts\": \"2025-03-01T12:00:03Z\", \"title\": \"A\"}\n"),
		  "a page the bundle lacks keeps its HTML title and has no text: %s", text);
	free(text);
	free_cands(cand, n);
	pk_gen_free(&g);
	pk_inputs_free(&in);
}

Test(pack_pages, a_cut_bundle_line_is_refused_with_a_hint)
{
	pk_inputs in;
	pk_page_cand cand[NCAPTURES];
	write_captures(&in, cand);
	char path[600];
	snprintf(path, sizeof path, "%s/pages.jsonl", suite_tmp);
	const char *lines = "{\"url\": \"http://s.test/b\"}\n{\"url\": \"http://s.te";
	cr_assert_eq(write_file(path, lines, strlen(lines)), 0);
	in.bundle_pages = strdup(path);
	in.bundle_dir = strdup(suite_tmp);
	size_t n = NCAPTURES;
	pk_gen g;
	warc_error err;
	char *text = build(&in, cand, &n, &g, WARC_ERR_FORMAT, &err);
	cr_assert(strstr(err.msg, "line 2 is cut short"), "%s", err.msg);
	cr_assert(strstr(err.msg, "extract it again"), "%s", err.msg);
	free(text);
	free_cands(cand, n);
	pk_gen_free(&g);
	pk_inputs_free(&in);
}

Test(pack_pages, no_candidates_give_the_header_alone)
{
	pk_inputs in = { 0 };
	size_t n = 0;
	pk_gen g;
	warc_error err;
	char *text = build(&in, NULL, &n, &g, WARC_OK, &err);
	cr_assert_str_eq(text, "{\"format\": \"json-pages-1.0\", \"id\": \"pages\", \"title\": \"All Pages\"}\n");
	cr_assert_eq(g.n_pages, 0);
	cr_assert_null(g.main_url);
	free(text);
	pk_gen_free(&g);
}
