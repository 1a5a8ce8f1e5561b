/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_extract_bundle.c - the extract bundle writer (extract_bundle_*) through its
 * public API: text file names on clashes, skip reasons and problems reaching
 * the report callback, pages.jsonl lines, WET files, and the counts a caller
 * picks its exit code from. Inputs are files written here (HTML, and WARCs
 * made with warc/'s writer) in a fresh temporary directory.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>

#include "extract/extract.h"
#include "tests/support/support.h"

#define ARTICLE "<html><head><title>A story</title></head><body><article>" \
	"<p>This is a long enough paragraph of article text, with commas, words, and more words so it scores.</p>" \
	"<p>A second paragraph follows here, also long enough, with commas, so the page has an article.</p>" \
	"</article></body></html>"

/* Every reported line, with its kind, in order; pages and skips counted apart. */
struct notes {
	size_t n, pages, skips;
	extract_bundle_note kind[64];
	char msg[64][512];
};

static void collect(void *arg, extract_bundle_note kind, const char *message, const extract_result *page)
{
	struct notes *s = arg;
	bool about_page = kind == EXTRACT_BUNDLE_PAGE || kind == EXTRACT_BUNDLE_SKIPPED;
	cr_assert_eq(page != NULL, about_page, "a result comes with page and skip lines only");
	if (about_page) cr_assert_eq(extract_result_skipped(page) != NULL, kind == EXTRACT_BUNDLE_SKIPPED);
	if (kind == EXTRACT_BUNDLE_PAGE) s->pages++;
	if (kind == EXTRACT_BUNDLE_SKIPPED) s->skips++;
	if (s->n < 64) {
		s->kind[s->n] = kind;
		snprintf(s->msg[s->n], sizeof s->msg[s->n], "%s", message);
	}
	s->n++;
}

/* The index of the first line of this kind holding text, or -1. */
static int find_note(const struct notes *s, extract_bundle_note kind, const char *text)
{
	for (size_t i = 0; i < s->n && i < 64; i++)
		if (s->kind[i] == kind && strstr(s->msg[i], text)) return (int)i;
	return -1;
}

/* Strings the tests make (paths, temp dirs), freed after each test. */
static char *scratch[256];
static size_t nscratch;

static char *own(char *p)
{
	cr_assert(p && nscratch < sizeof scratch / sizeof *scratch);
	return scratch[nscratch++] = p;
}

static void free_scratch(void)
{
	while (nscratch) free(scratch[--nscratch]);
}

TestSuite(bundle, .fini = free_scratch);

static char *path_in(const char *dir, const char *rel)
{
	char *p = NULL;
	cr_assert(asprintf(&p, "%s/%s", dir, rel) > 0);
	return own(p);
}

static char *write_in(const char *dir, const char *rel, const char *text)
{
	char *p = path_in(dir, rel);
	cr_assert_eq(write_file(p, text, strlen(text)), 0, "%s", p);
	return p;
}

static bool exists(const char *dir, const char *rel)
{
	char *p = path_in(dir, rel);
	struct stat st;
	return stat(p, &st) == 0;
}

static extract_bundle *open_dir(const char *outdir, struct notes *notes)
{
	extract_bundle_options o = {.outdir = outdir, .report = collect, .report_arg = notes};
	extract_bundle *b = NULL;
	warc_error err;
	cr_assert_eq(extract_bundle_open(&b, &o, &err), WARC_OK, "%s", err.msg);
	return b;
}

Test(bundle, same_slug_gets_numbered_names_in_input_order)
{
	char *dir = own(make_tmpdir()), *out = path_in(dir, "out");
	cr_assert_eq(mkdir(path_in(dir, "a"), 0777), 0);
	cr_assert_eq(mkdir(path_in(dir, "b"), 0777), 0);
	char *a = write_in(dir, "a/page.html", ARTICLE), *bb = write_in(dir, "b/page.html", ARTICLE);
	struct notes notes = {0};
	extract_bundle *b = open_dir(out, &notes);
	/* no URL: named after the file; the second file of that name gets -2 */
	cr_assert_eq(extract_bundle_add_input(b, a, NULL), WARC_OK);
	cr_assert_eq(extract_bundle_add_input(b, bb, NULL), WARC_OK);
	/* the same URL three times, enough other names to make the set grow in between */
	const char *url = "https://news.example.test/world/story?id=7";
	cr_assert_eq(extract_bundle_add_html(b, a, url), WARC_OK);
	for (int i = 0; i < 300; i++) {
		char u[128];
		snprintf(u, sizeof u, "https://news.example.test/n/%d", i);
		cr_assert_eq(extract_bundle_add_html(b, a, u), WARC_OK);
	}
	cr_assert_eq(extract_bundle_add_html(b, bb, url), WARC_OK);
	cr_assert_eq(extract_bundle_add_html(b, a, url), WARC_OK);
	extract_bundle_stats st;
	extract_bundle_close(b, &st);
	cr_assert_eq(notes.n, 305, "one line per page and no problem");
	cr_assert_eq(notes.pages, 305);
	cr_assert_eq(notes.kind[0], EXTRACT_BUNDLE_PAGE);
	cr_assert(strstr(notes.msg[0], "a/page.html"), "no URL: the file: %s", notes.msg[0]);
	cr_assert_str_eq(notes.msg[2], "https://news.example.test/world/story?id=7");
	cr_assert_eq(st.extracted, 305);
	cr_assert_eq(st.skipped + st.failed + st.unreadable, 0);
	cr_assert(exists(out, "text/page.html.txt"));
	cr_assert(exists(out, "text/page.html-2.txt"));
	cr_assert_not(exists(out, "text/page.html-3.txt"));
	cr_assert(exists(out, "text/news.example.test_world_story_id_7.txt"));
	cr_assert(exists(out, "text/news.example.test_world_story_id_7-2.txt"));
	cr_assert(exists(out, "text/news.example.test_world_story_id_7-3.txt"));
	cr_assert(exists(out, "text/news.example.test_n_299.txt"));
	cr_assert_not(exists(out, "text/news.example.test_n_299-2.txt"));
	char *text = read_file(path_in(out, "text/page.html-2.txt"), NULL);
	cr_assert(text && !strncmp(text, "A story\n\nThis is a long enough paragraph", 40), "%s", text);
	char *jsonl = read_file(path_in(out, "pages.jsonl"), NULL);
	cr_assert_eq(count_lines(jsonl), 305);
	free(text);
	free(jsonl);
	rm_rf(dir);
}

/* A WARC written with warc/'s writer: a 200 article, a 404, a revisit and a PNG. */
static char *make_warc(const char *dir)
{
	warc_writer_options o = {.dir = dir, .prefix = "in", .hostname = "test"};
	warc_writer *w = NULL;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK, "%s", err.msg);
	char ok[4096], notfound[512];
	snprintf(ok, sizeof ok, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %zu\r\n\r\n%s",
		 strlen(ARTICLE), ARTICLE);
	snprintf(notfound, sizeof notfound, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n"
		 "Content-Length: 9\r\n\r\nnot found");
	const char *png = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG";
	struct { const char *uri, *block; } resp[] = {
		{"http://site.test/a.html", ok}, {"http://site.test/missing", notfound}, {"http://site.test/i.png", png},
	};
	warc_written where;
	for (size_t i = 0; i < 3; i++) {
		warc_record_spec s = {.type = "response", .target_uri = resp[i].uri, .date = "2024-03-01T10:00:00Z",
				      .content_type = "application/http;msgtype=response",
				      .payload = WARC_PAYLOAD_HTTP, .block = resp[i].block,
				      .block_len = strlen(resp[i].block)};
		cr_assert_eq(warc_writer_write(w, &s, &where, &err), WARC_OK, "%s", err.msg);
	}
	const char *head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
	warc_headers *h = warc_headers_new();
	cr_assert_eq(warc_headers_add(h, "WARC-Profile",
				      "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"), WARC_OK);
	warc_record_spec rv = {.type = "revisit", .target_uri = "http://site.test/again.html",
			       .content_type = "application/http;msgtype=response", .extra = h,
			       .payload = WARC_PAYLOAD_GIVEN, .payload_digest = "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
			       .block = head, .block_len = strlen(head)};
	cr_assert_eq(warc_writer_write(w, &rv, &where, &err), WARC_OK, "%s", err.msg);
	warc_headers_free(h);
	char *path = path_in(dir, where.filename);
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);
	return path;
}

Test(bundle, warc_pages_listed_with_skip_reasons_and_wet_file)
{
	char *dir = own(make_tmpdir()), *out = path_in(dir, "out");
	cr_assert_eq(mkdir(path_in(dir, "crawl"), 0777), 0);
	cr_assert_eq(mkdir(path_in(dir, "crawl/warc"), 0777), 0);
	char *warc = make_warc(path_in(dir, "crawl/warc"));
	struct notes notes = {0};
	extract_bundle *b = open_dir(out, &notes);
	cr_assert_eq(extract_bundle_add_input(b, path_in(dir, "crawl"), NULL), WARC_OK);
	extract_bundle_stats st;
	extract_bundle_close(b, &st);
	cr_assert_eq(notes.n, 4, "one line per page, no problem: %s", notes.msg[0]);
	cr_assert_eq(notes.pages, 1);
	cr_assert_eq(notes.skips, 3);
	cr_assert_geq(find_note(&notes, EXTRACT_BUNDLE_PAGE, "http://site.test/a.html"), 0);
	cr_assert_geq(find_note(&notes, EXTRACT_BUNDLE_SKIPPED, "http://site.test/missing: skipped: HTTP status 404"), 0);
	cr_assert_geq(find_note(&notes, EXTRACT_BUNDLE_SKIPPED,
				"http://site.test/again.html: skipped: revisit record: payload not stored here"), 0);
	cr_assert_geq(find_note(&notes, EXTRACT_BUNDLE_SKIPPED,
				"http://site.test/i.png: skipped: not HTML or text: image/png"), 0);
	cr_assert_eq(st.extracted, 1);
	cr_assert_eq(st.skipped, 3);
	char *jsonl = read_file(path_in(out, "pages.jsonl"), NULL);
	cr_assert_eq(count_lines(jsonl), 4);
	cr_assert(strstr(jsonl, "\"url\":\"http://site.test/missing\""), "%s", jsonl);
	cr_assert(strstr(jsonl, "\"skipped\":\"HTTP status 404\"}"), "%s", jsonl);
	cr_assert(strstr(jsonl, "\"skipped\":\"revisit record: payload not stored here\"}"), "%s", jsonl);
	cr_assert(strstr(jsonl, "\"skipped\":\"not HTML or text: image/png\"}"), "%s", jsonl);
	cr_assert(strstr(jsonl, warc), "source is the WARC path");
	cr_assert(exists(out, "text/site.test_a.html.txt"));
	/* one WET file, renamed .warc.wet.gz, holding one conversion record */
	DIR *d = opendir(out);
	cr_assert(d);
	int wet = 0, other = 0;
	char wetname[512] = "";
	for (struct dirent *e; (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		if (l > 12 && !strcmp(e->d_name + l - 12, ".warc.wet.gz")) {
			wet++;
			snprintf(wetname, sizeof wetname, "%s", e->d_name);
		} else if (strstr(e->d_name, ".warc")) {
			other++;
		}
	}
	closedir(d);
	cr_assert_eq(wet, 1);
	cr_assert_eq(other, 0, "no .warc.gz left unrenamed");
	cr_assert(!strncmp(wetname, "wark-extract-", 13), "%s", wetname);
	warc_reader *rd = NULL;
	warc_error err;
	cr_assert_eq(warc_reader_open(&rd, path_in(out, wetname), &err), WARC_OK, "%s", err.msg);
	int conversions = 0;
	warc_record *rec;
	int rc;
	while ((rc = warc_reader_next(rd, &rec, &err)) == WARC_OK) {
		if (strcmp(warc_record_type(rec), "conversion")) continue;
		conversions++;
		cr_assert_str_eq(warc_record_target_uri(rec), "http://site.test/a.html");
		cr_assert_str_eq(warc_record_date(rec), "2024-03-01T10:00:00Z");
		cr_assert(warc_headers_get(warc_record_headers(rec), "WARC-Refers-To"));
	}
	cr_assert_eq(rc, WARC_EOF, "%s", err.msg);
	warc_reader_close(rd);
	cr_assert_eq(conversions, 1);
	free(jsonl);
	rm_rf(dir);
}

Test(bundle, stream_txt_reports_skip_reasons_to_the_callback)
{
	char *dir = own(make_tmpdir());
	char *empty = write_in(dir, "empty.html", "");
	char *page = write_in(dir, "page.html", ARTICLE);
	char *outpath = path_in(dir, "stdout.txt");
	FILE *f = fopen(outpath, "w");
	cr_assert(f);
	struct notes notes = {0};
	extract_bundle_options o = {.stream = f, .format = EXTRACT_BUNDLE_TXT, .report = collect, .report_arg = &notes};
	extract_bundle *b = NULL;
	warc_error err;
	cr_assert_eq(extract_bundle_open(&b, &o, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(extract_bundle_add_html(b, empty, "http://site.test/empty"), WARC_OK);
	cr_assert_eq(extract_bundle_add_html(b, page, NULL), WARC_OK);
	extract_bundle_stats st;
	extract_bundle_close(b, &st);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(notes.n, 2);
	cr_assert_eq(notes.kind[0], EXTRACT_BUNDLE_SKIPPED);
	cr_assert_str_eq(notes.msg[0], "http://site.test/empty: skipped: empty body");
	cr_assert_eq(notes.kind[1], EXTRACT_BUNDLE_PAGE);
	cr_assert_eq(st.skipped, 1);
	cr_assert_eq(st.extracted, 1);
	cr_assert_eq(st.failed + st.unreadable, 0, "a skipped page is not a problem");
	char *text = read_file(outpath, NULL);
	cr_assert(text && !strncmp(text, "A story\n\n", 9), "%s", text);
	cr_assert(strstr(text, "so it scores.\n\n"), "txt form ends each page with a blank line");
	free(text);
	rm_rf(dir);
}

Test(bundle, unreadable_inputs_and_damaged_warcs_are_told_apart)
{
	char *dir = own(make_tmpdir()), *out = path_in(dir, "out");
	char *missing = path_in(dir, "nope.html");
	char *emptydir = path_in(dir, "nowarcs");
	cr_assert_eq(mkdir(emptydir, 0777), 0);
	/* a WARC cut inside its only record */
	char *warc = make_warc(dir);
	size_t len = 0;
	char *bytes = read_file(warc, &len);
	cr_assert(bytes && len > 40);
	char *cut = path_in(dir, "cut.warc.gz");
	cr_assert_eq(write_file(cut, bytes, len - 30), 0);
	free(bytes);
	struct notes notes = {0};
	extract_bundle *b = open_dir(out, &notes);
	cr_assert_eq(extract_bundle_add_input(b, missing, NULL), WARC_ERR_IO);
	cr_assert_eq(extract_bundle_add_input(b, emptydir, NULL), WARC_ERR_IO);
	cr_assert_eq(extract_bundle_add_input(b, cut, NULL), WARC_ERR_IO);
	extract_bundle_stats st;
	extract_bundle_close(b, &st);
	cr_assert_eq(find_note(&notes, EXTRACT_BUNDLE_UNREADABLE, "nope.html: No such file or directory"), 0);
	cr_assert_eq(find_note(&notes, EXTRACT_BUNDLE_UNREADABLE, "nowarcs: a directory, but not a crawl directory"), 1);
	int damaged = find_note(&notes, EXTRACT_BUNDLE_FAILED, "cut.warc.gz");
	cr_assert_gt(damaged, 1, "the damaged WARC is a failure, not an unreadable input");
	cr_assert_eq(notes.pages, 1);
	/* the revisit at the cut may or may not still parse (its member ends early) */
	cr_assert_geq(find_note(&notes, EXTRACT_BUNDLE_SKIPPED, "missing: skipped: HTTP status 404"), 0);
	cr_assert_geq(find_note(&notes, EXTRACT_BUNDLE_SKIPPED, "i.png: skipped: not HTML or text"), 0);
	cr_assert_eq(st.unreadable, 2);
	cr_assert_geq(st.failed, 1);
	cr_assert_eq(st.extracted, 1, "the records before the damage are kept");
	rm_rf(dir);
}

Test(bundle, open_fails_on_an_output_path_that_is_a_file)
{
	char *dir = own(make_tmpdir());
	char *file = write_in(dir, "plain", "x");
	char *under = path_in(file, "out");
	extract_bundle_options o = {.outdir = under};
	extract_bundle *b = NULL;
	warc_error err;
	cr_assert_eq(extract_bundle_open(&b, &o, &err), WARC_ERR_IO);
	cr_assert_null(b);
	cr_assert(strstr(err.msg, "plain/out: Not a directory"), "%s", err.msg);
	extract_bundle_options none = {0};
	cr_assert_eq(extract_bundle_open(&b, &none, &err), WARC_ERR_USAGE);
	cr_assert_null(b);
	rm_rf(dir);
}
