/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_fixtures.c - wark ls and wark verify on the real-world WARCs in
 * tests/fixtures/warc/, against the reference verdicts and record counts
 * of python warcio's checker (the fixtures' README).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/support/support.h"

struct fixture {
	const char *file;
	int records;          /* what warcio's indexer finds before it stops */
	bool exact;           /* false: warcio stops at damage, wark recovers and may find more */
	bool valid;
	const char *types;    /* first record types, space-separated */
	const char *expect;   /* a phrase verify must print (convention, warning), or NULL */
};

static const struct fixture fixtures[] = {
	{ "example.warc", 6, true, true, "warcinfo warcinfo response request revisit request", NULL },
	{ "example.warc.gz", 6, true, true, "warcinfo warcinfo response request revisit request", NULL },
	{ "example-digest.warc", 4, true, false, "request request request request", "payload digest" },
	{ "example-iana.org-chunked.warc", 3, true, true, "warcinfo response request", "raw chunked bytes" },
	{ "example-trunc.warc", 4, true, false, "warcinfo warcinfo response request", "Content-Length" },
	{ "example-wrong-chunks.warc.gz", 1, false, false, "response", NULL },
	{ "example-bad-non-chunked.warc.gz", 1, false, false, "warcinfo", "one gzip stream" },
	{ "example-resource.warc.gz", 3, true, true, "warcinfo warcinfo resource", NULL },
	{ "example-space-in-target-uri.warc.gz", 2, true, true, "warcinfo resource", "whitespace" },
	{ "example-wget-bad-target-uri.warc.gz", 6, true, true, "warcinfo request response metadata resource resource",
	  "angle brackets" },
	{ "post-test.warc.gz", 6, true, true, "response request response request response request", NULL },
	{ "wget-chunked-gzip.warc.gz", 34, true, true, "warcinfo request response", "raw chunked bytes" },
};

static char *warc_fixture(const char *name)
{
	char rel[256];
	snprintf(rel, sizeof rel, "warc/%s", name);
	return fixture_path(rel);
}

/* The second column of each ls line, space-joined. */
static void ls_types(const char *out, char *types, size_t sz, int *count)
{
	types[0] = '\0';
	*count = 0;
	for (const char *line = out; *line; ) {
		const char *tab = strchr(line, '\t');
		const char *nl = strchr(line, '\n');
		if (!nl)
			break;
		if (tab && tab < nl) {
			const char *t2 = strchr(tab + 1, '\t');
			size_t len = strlen(types);
			snprintf(types + len, sz - len, "%s%.*s", len ? " " : "", (int)(t2 - tab - 1), tab + 1);
			(*count)++;
		}
		line = nl + 1;
	}
}

Test(fixtures, ls_finds_the_records_warcio_finds)
{
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		const struct fixture *fx = &fixtures[i];
		char *p = warc_fixture(fx->file);
		struct run r = run_wark("ls '%s'", p);
		char types[4096];
		int n;
		ls_types(r.out, types, sizeof types, &n);
		if (fx->exact)
			cr_expect_eq(n, fx->records, "%s: %d records listed, warcio finds %d", fx->file, n, fx->records);
		else
			cr_expect_geq(n, fx->records, "%s: %d records listed, warcio finds %d", fx->file, n, fx->records);
		cr_expect(strncmp(types, fx->types, strlen(fx->types)) == 0, "%s: types '%s', want '%s...'",
			  fx->file, types, fx->types);
		run_free(&r);
		free(p);
	}
}

Test(fixtures, verify_reaches_warcio_verdict, .timeout = 60)
{
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		const struct fixture *fx = &fixtures[i];
		char *p = warc_fixture(fx->file);
		struct run r = run_wark("verify '%s'", p);
		cr_expect_eq(r.status, fx->valid ? 0 : 1, "%s: exit %d\n%s%s", fx->file, r.status, r.out, r.err);
		cr_expect(strstr(r.out, fx->valid ? ": OK:" : ": FAILED:"), "%s: summary\n%s", fx->file, r.out);
		if (fx->expect)
			cr_expect(strstr(r.out, fx->expect), "%s: expected '%s' in\n%s", fx->file, fx->expect, r.out);
		run_free(&r);
		free(p);
	}
}

Test(fixtures, verify_exit_2_for_missing_file_and_bad_usage)
{
	struct run r = run_wark("verify /nonexistent/x.warc.gz");
	cr_expect_eq(r.status, 2);
	cr_expect_eq(count_lines(r.err), 1, "one line: %s", r.err);
	run_free(&r);
	r = run_wark("verify");
	cr_expect_eq(r.status, 2);
	run_free(&r);
}

Test(fixtures, cat_prints_record_headers_and_payload)
{
	char *p = warc_fixture("example.warc.gz");
	/* the response is the third record; find its offset with ls */
	struct run ls = run_wark("ls '%s' | awk -F'\\t' '$2==\"response\"{print $1; exit}'", p);
	long off = atol(ls.out);
	cr_assert_gt(off, 0);
	struct run r = run_wark("cat '%s' --offset %ld --headers", p, off);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "WARC-Type: response"), "%s", r.out);
	cr_expect(strstr(r.out, "HTTP/1.1 200 OK"), "%s", r.out);
	run_free(&r);
	/* the body is gzip-coded in the record; --payload decodes it */
	r = run_wark("cat '%s' --offset %ld --payload", p, off);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "<title>Example Domain</title>"), "%.200s", r.out);
	run_free(&r);
	r = run_wark("cat '%s' --offset 1", p);
	cr_expect_eq(r.status, 1, "no record at offset 1: %s", r.err);
	run_free(&r);
	run_free(&ls);
	free(p);
}
