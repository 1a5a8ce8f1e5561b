/* SPDX-License-Identifier: Apache-2.0 */
/* test_crawl_dedup.c - the --dedup-index line parser (crw_dedup_line):
 * what an earlier crawl's CDXJ line gives the import, and which lines it
 * skips. The import itself runs end to end in tests/integration/test_crawl.c. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "crawl/internal.h"

struct got {
	int n;
	crw_dedup_entry en;
	char url[256], warc[256];
};

static int keep(void *ctx, const crw_dedup_entry *en)
{
	struct got *g = ctx;
	g->n++;
	g->en = *en;
	snprintf(g->url, sizeof g->url, "%s", en->url);
	snprintf(g->warc, sizeof g->warc, "%s", en->warc_name ? en->warc_name : "(none)");
	return WARC_OK;
}

static struct got parse(const char *line)
{
	struct got g;
	memset(&g, 0, sizeof g);
	cr_assert_eq(crw_dedup_line(line, strlen(line), keep, &g), WARC_OK);
	return g;
}

Test(crawl_dedup, a_capture_line_gives_digest_url_date_and_place)
{
	struct got g = parse("com,example)/ 20250102030405 {\"url\": \"http://example.com/\", \"mime\": \"text/html\", "
			     "\"digest\": \"2WAXX5NUWNNCS2BDKCO5OVDQBJVNKIVV\", \"offset\": \"1043\", "
			     "\"filename\": \"a.warc.gz\"}\n");
	cr_assert_eq(g.n, 1);
	cr_expect_str_eq(g.en.digest, "sha1:2WAXX5NUWNNCS2BDKCO5OVDQBJVNKIVV");
	cr_expect_str_eq(g.en.date, "2025-01-02T03:04:05Z");
	cr_expect_str_eq(g.url, "http://example.com/");
	cr_expect_str_eq(g.warc, "a.warc.gz");
	cr_expect_eq(g.en.offset, 1043);
}

Test(crawl_dedup, offset_as_number_and_no_newline)
{
	struct got g = parse("k 20250102030405 {\"url\": \"http://e/\", \"digest\": \"sha256:ab\", \"offset\": 7, "
			     "\"filename\": \"w.warc\"}");
	cr_assert_eq(g.n, 1);
	cr_expect_str_eq(g.en.digest, "sha256:ab");
	cr_expect_eq(g.en.offset, 7);
}

Test(crawl_dedup, a_filename_without_a_usable_offset_names_no_warc)
{
	struct got g = parse("k 20250102030405 {\"url\": \"http://e/\", \"digest\": \"X\", \"offset\": \"12x\", "
			     "\"filename\": \"w.warc\"}");
	cr_assert_eq(g.n, 1);
	cr_expect_str_eq(g.warc, "(none)");
	g = parse("k 20250102030405 {\"url\": \"http://e/\", \"digest\": \"X\", \"offset\": \"1\", \"filename\": \"\"}");
	cr_expect_str_eq(g.warc, "(none)");
}

Test(crawl_dedup, skips_revisits_empty_payloads_and_damage)
{
	const char *skipped[] = {
		"k 20250102030405 {\"url\": \"http://e/\", \"mime\": \"warc/revisit\", \"digest\": \"X\"}",
		"k 20250102030405 {\"url\": \"http://e/\", \"digest\": \"3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ\"}",
		"k 20250102030405 {\"url\": \"http://e/\", \"digest\": \"\"}",
		"k 20250102030405 {\"digest\": \"X\"}",
		"k 20250102030405 {\"url\": \"http://e/\", \"digest\": \"X\"",
		"k 2025010203040 {\"url\": \"http://e/\", \"digest\": \"X\"}",
		"k 2025010203040x {\"url\": \"http://e/\", \"digest\": \"X\"}",
		"",
		"no spaces",
	};
	for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++)
		cr_expect_eq(parse(skipped[i]).n, 0, "%s", skipped[i]);
}

/* A digest too long for the table is skipped, not cut to a wrong one. */
Test(crawl_dedup, an_overlong_digest_is_skipped)
{
	char line[512], digest[WARC_DIGEST_STR_MAX + 1];
	memset(digest, 'A', sizeof digest - 1);
	digest[sizeof digest - 1] = '\0';
	snprintf(line, sizeof line, "k 20250102030405 {\"url\": \"http://e/\", \"digest\": \"%s\"}", digest);
	cr_expect_eq(parse(line).n, 0);
}

/* Found by fuzz_cdxj: 14 digits that are no date ("month 51") became the
 * WARC-Refers-To-Date of later revisits. */
Test(crawl_dedup, fourteen_digits_that_are_no_date_are_skipped)
{
	const char *bad[] = { "20205102030405", "20250230030405", "20250102250405", "20250102036105" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char line[256];
		snprintf(line, sizeof line, "k %s {\"url\": \"http://e/\", \"digest\": \"X\"}", bad[i]);
		cr_expect_eq(parse(line).n, 0, "%s", bad[i]);
	}
	cr_expect_eq(parse("k 20240229235960 {\"url\": \"http://e/\", \"digest\": \"X\"}").n, 1, "leap day, leap second");
}
