/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_extract.c - 'wark extract' end to end: the news-article fixture
 * against its expected.json, WARC input with pages.jsonl, text files and WET
 * records, stdout formats, usage errors, and the Zyte benchmark F1 (scored
 * by tests/extract/zyte_eval.py, the benchmark's own metric).
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/support/support.h"

#define FIXTURE_URL "https://news.example.test/world-news/china-north-korea-leaders-messages-alliance/"

static json_t *load_json(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	cr_assert(j, "%s: %s", path, e.text);
	return j;
}

Test(extract, news_article_fixture_matches_expected)
{
	char *page = fixture_path("news-article/page.html");
	char *exp_path = fixture_path("news-article/expected.json");
	json_t *exp = load_json(exp_path);
	struct run r = run_wark("extract --format jsonl --url '%s' '%s'", FIXTURE_URL, page);
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	json_error_t je;
	json_t *got = json_loads(r.out, 0, &je);
	cr_assert(got, "output is one JSON object: %s", je.text);

	const char *fields[] = {"title", "date", "byline", "language"};
	for (size_t i = 0; i < 4; i++) {
		const char *want = json_string_value(json_object_get(exp, fields[i]));
		const char *have = json_string_value(json_object_get(got, fields[i]));
		cr_assert(have, "%s missing", fields[i]);
		cr_assert_str_eq(have, want, "%s", fields[i]);
	}
	const char *text = json_string_value(json_object_get(got, "text"));
	cr_assert(text);
	/* every expected paragraph, in order, each a paragraph of its own */
	const char *at = text;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(exp, "paragraphs"), i, p) {
		const char *want = json_string_value(p);
		const char *f = strstr(at, want);
		cr_assert(f, "paragraph %zu missing or out of order: %.60s", i, want);
		cr_assert(f == text || !strncmp(f - 2, "\n\n", 2), "paragraph %zu not separated by a blank line", i);
		at = f + strlen(want);
	}
	json_array_foreach(json_object_get(exp, "must_not_contain"), i, p)
		cr_assert(!strstr(text, json_string_value(p)), "text contains '%s'", json_string_value(p));
	/* title and byline stay out of the text; captions are not inlined */
	cr_assert(!strstr(text, json_string_value(json_object_get(exp, "title"))));
	cr_assert(!strstr(text, "By Press Association"));
	json_t *caps = json_object_get(got, "captions");
	json_t *want_caps = json_object_get(exp, "captions");
	cr_assert_eq(json_array_size(caps), json_array_size(want_caps), "captions: %s", r.out);
	json_array_foreach(want_caps, i, p) {
		json_t *c = json_array_get(caps, i);
		const char *keys[] = {"src", "alt", "caption"};
		for (size_t k = 0; k < 3; k++)
			cr_assert_str_eq(json_string_value(json_object_get(c, keys[k])),
					 json_string_value(json_object_get(p, keys[k])), "caption %zu %s", i, keys[k]);
		cr_assert(!strstr(text, json_string_value(json_object_get(p, "caption"))), "caption inlined");
	}
	cr_assert_gt(json_integer_value(json_object_get(got, "word_count")), 300);
	json_decref(got);
	json_decref(exp);
	run_free(&r);
	free(page);
	free(exp_path);
}

Test(extract, warc_input_writes_pages_text_and_wet)
{
	char *dir = make_tmpdir();
	char *w1 = fixture_path("warc/example.warc.gz");
	char *w2 = fixture_path("warc/example-iana.org-chunked.warc");
	struct run r = run_wark("extract '%s' '%s' -o '%s/out'", w1, w2, dir);
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	run_free(&r);

	char path[4096];
	snprintf(path, sizeof path, "%s/out/pages.jsonl", dir);
	char *pages = read_file(path, NULL);
	cr_assert(pages);
	int extracted = 0, skipped = 0;
	for (char *line = strtok(pages, "\n"); line; line = strtok(NULL, "\n")) {
		json_t *o = json_loads(line, 0, NULL);
		cr_assert(o, "a JSON object per line: %s", line);
		cr_assert(json_string_value(json_object_get(o, "record_id")));
		cr_assert(json_string_value(json_object_get(o, "ts")));
		if (json_object_get(o, "skipped")) {
			skipped++;
		} else {
			extracted++;
			cr_assert(json_string_value(json_object_get(o, "digest")));
			cr_assert(json_is_array(json_object_get(o, "captions")));
		}
		json_decref(o);
	}
	cr_assert_eq(extracted, 2, "example.com and iana.org");
	cr_assert_eq(skipped, 1, "the revisit record is listed as skipped");
	free(pages);

	snprintf(path, sizeof path, "%s/out/text/example.com.txt", dir);
	char *txt = read_file(path, NULL);
	cr_assert(txt, "text file named after the host");
	cr_assert(strstr(txt, "illustrative examples"));
	free(txt);

	r = run_sh("ls '%s'/out/*.warc.wet.gz | wc -l", dir);
	cr_assert_eq(atoi(r.out), 1);
	run_free(&r);
	r = run_wark("verify '%s'/out/*.warc.wet.gz", dir);
	cr_assert_eq(r.status, 0, "WET file verifies: %s %s", r.out, r.err);
	run_free(&r);
	r = run_sh("zcat '%s'/out/*.warc.wet.gz | tr -d '\\r' | grep -c -e '^WARC-Type: conversion' -e '^WARC-Refers-To: <urn:uuid:a9c51e3e' "
		   "-e '^WARC-Identified-Content-Language: en' -e '^Content-Type: text/plain' -e '^WARC-Date: 2017-03-06T04:02:06Z'",
		   dir);
	cr_assert_geq(atoi(r.out), 2 + 1 + 2 + 2 + 1, "conversion headers: %s", r.out);
	run_free(&r);
	/* the text never goes into replayable WARCs: only the .wet.gz holds it */
	r = run_sh("ls '%s'/out | grep -v -e '^pages.jsonl$' -e '^text$' -e '\\.warc\\.wet\\.gz$' | wc -l", dir);
	cr_assert_eq(atoi(r.out), 0);
	run_free(&r);
	rm_rf(dir);
	free(dir);
	free(w1);
	free(w2);
}

Test(extract, stdout_formats_and_skipped_files)
{
	char *dir = make_tmpdir();
	char *page = fixture_path("news-article/page.html");
	struct run r = run_wark("extract --format md '%s'", page);
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "# China and North Korea leaders"));
	cr_assert(strstr(r.out, "![North Korean leader Kim Jong Un"));
	run_free(&r);
	r = run_wark("extract --format txt '%s'", page);
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "China and North Korea leaders share messages reaffirming their alliance\n\n"));
	run_free(&r);
	/* a binary file is listed with a reason, not lost */
	char bin[4096];
	snprintf(bin, sizeof bin, "%s/image.html", dir);
	unsigned char png[64] = {0x89, 'P', 'N', 'G', 0, 0, 0, 13};
	cr_assert_eq(write_file(bin, png, sizeof png), 0);
	r = run_wark("extract --format jsonl '%s'", bin);
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "\"skipped\":"), "%s", r.out);
	run_free(&r);
	rm_rf(dir);
	free(dir);
	free(page);
}

Test(extract, usage_errors_exit_2)
{
	struct run r = run_wark("extract --bogus x.html");
	cr_assert_eq(r.status, 2);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	run_free(&r);
	r = run_wark("extract --format pdf x.html");
	cr_assert_eq(r.status, 2);
	run_free(&r);
	r = run_wark("extract");
	cr_assert_eq(r.status, 2);
	run_free(&r);
	r = run_wark("extract --format jsonl /nonexistent/page.html");
	cr_assert_eq(r.status, 2);
	run_free(&r);
	r = run_wark("extract --help");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "usage: wark extract"));
	run_free(&r);
}

/* A regression floor: F1 >= 0.95 on the 8 Zyte pages kept in
 * tests/fixtures/zyte-sample (the full corpus is for make bench only). */
Test(extract, zyte_sample_f1_floor, .timeout = 120)
{
	char *bench = fixture_path("zyte-sample");
	struct run r = run_sh("python3 tests/extract/zyte_eval.py '%s' '%s' --min-f1 0.95", wark_bin(), bench);
	fprintf(stderr, "zyte-dev: %s", r.out);
	cr_assert_eq(r.status, 0, "F1 below 0.95: %s %s", r.out, r.err);
	cr_assert(strstr(r.out, "pages 8 (8 extracted)"), "%s", r.out);
	run_free(&r);
	free(bench);
}

/* A crawl directory whose WARC holds a gzip+chunked windows-1252 article, a
 * 404, an image and a decompression bomb: one page, three listed skips. */
Test(extract, crawl_dir_skips_are_listed_with_reasons, .timeout = 60)
{
	char *dir = make_tmpdir();
	struct run r = run_sh("mkdir -p '%s/crawl/warc' && python3 tests/extract/make_test_warc.py '%s/crawl/warc/t.warc.gz'",
			      dir, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_wark("extract '%s/crawl' -o '%s/out'", dir, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "1 pages extracted, 3 skipped"), "%s", r.err);
	run_free(&r);
	char path[4096];
	snprintf(path, sizeof path, "%s/out/pages.jsonl", dir);
	char *pages = read_file(path, NULL);
	cr_assert(pages);
	cr_assert(strstr(pages, "\"charset\":\"windows-1252\""));
	cr_assert(strstr(pages, "The caf\xc3\xa9 on the corner"), "decoded, de-chunked, gunzipped: %s", pages);
	cr_assert(strstr(pages, "\xe2\x80\x9cnew\xe2\x80\x9d"));
	cr_assert(strstr(pages, "\"skipped\":\"HTTP status 404\""));
	cr_assert(strstr(pages, "\"skipped\":\"not HTML or text: image/png\""));
	cr_assert(strstr(pages, "\"url\":\"http://site.test/bomb\""));
	cr_assert(strstr(pages, "byte limit"), "the bomb is stopped at the limit: %s", pages);
	free(pages);
	snprintf(path, sizeof path, "%s/out/text/site.test_cafe.txt", dir);
	char *txt = read_file(path, NULL);
	cr_assert(txt && !strncmp(txt, "Caf\xc3\xa9 news\n\n", 11), "%s", txt ? txt : "(missing)");
	free(txt);
	rm_rf(dir);
	free(dir);
}

/* Exit codes with -o: 2 for an input that cannot be opened (checked before
 * anything is created, so no output directory appears), 1 for a damaged
 * WARC (the summary line and the pages before a damaged record are still
 * written). */
Test(extract, exit_codes_unreadable_input_vs_damaged_warc)
{
	char *dir = make_tmpdir();
	char *trunc = fixture_path("warc/example-trunc.warc");
	struct run r = run_wark("extract '%s' -o '%s/a'", trunc, dir);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "example-trunc.warc: offset"), "%s", r.err);
	cr_assert(strstr(r.err, "wark extract: 1 pages extracted, 0 skipped\n"), "%s", r.err);
	run_free(&r);
	r = run_wark("extract '%s/nope.html' -o '%s/b'", dir, dir);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "nope.html: No such file or directory\n"), "%s", r.err);
	run_free(&r);
	r = run_wark("extract '%s' '%s/nope.html' -o '%s/c'", trunc, dir, dir);
	cr_assert_eq(r.status, 2, "%s", r.err);
	run_free(&r);
	r = run_wark("extract '%s/nope.html' '%s' -o '%s/d'", dir, trunc, dir);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert_eq(count_lines(r.err), 1, "one line, no summary: %s", r.err);
	run_free(&r);
	r = run_sh("ls '%s'", dir);
	cr_assert_str_eq(r.out, "a\n", "nothing made for b, c, d: %s", r.out);
	run_free(&r);
	r = run_wark("extract '%s' -o '%s/e'", dir, dir);
	cr_assert_eq(r.status, 2, "a directory without warc/: %s", r.err);
	cr_assert(strstr(r.err, ": a directory, but not a crawl directory (no "), "%s", r.err);
	run_free(&r);
	r = run_wark("extract '%s' -o /dev/null/out", trunc);
	cr_assert_eq(r.status, 2, "an output directory that cannot be made: %s", r.err);
	cr_assert_str_eq(r.err, "wark extract: /dev/null/out: Not a directory\n");
	run_free(&r);
	free(trunc);
	rm_rf(dir);
	free(dir);
}
