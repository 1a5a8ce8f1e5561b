/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_extract.c - libFuzzer target for extract_page(): charset detection
 * and conversion, the libxml2 parse, DOM annotation, scoring, metadata
 * (JSON-LD through jansson), captions and every output writer.
 *
 * Input: one selector byte, then the payload. The selector picks the
 * Content-Type given with it (HTML with or without charset, plain text,
 * none, a binary type). Besides "no crash, no leak, no hang" it checks the
 * result's promises: a result always exists, skipped results carry a
 * reason, text is valid UTF-8 and holds no NUL, the JSON serialises.
 * Seeds: tests/fuzz/corpus/extract/ (selector byte + page).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

static const char *types[] = {
	"text/html", "text/html; charset=utf-8", "text/html; charset=windows-1252", "text/html; charset=shift_jis",
	NULL, "text/plain", "application/xhtml+xml", "image/png",
};

static int valid_utf8(const unsigned char *p)
{
	while (*p) {
		int k = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
		if (k < 0) return 0;
		for (int i = 1; i <= k; i++)
			if ((p[i] & 0xC0) != 0x80) return 0;
		p += k + 1;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1) return 0;
	const char *ct = types[data[0] % (sizeof types / sizeof *types)];
	extract_source src = {.url = "https://fuzz.example.test/2020/01/02/page.html", .content_type = ct};
	extract_options opt = {.max_input = 1u << 20};
	extract_result *r = NULL;
	warc_error err;
	if (extract_page((const char *)data + 1, size - 1, &src, &opt, &r, &err) != WARC_OK) {
		if (r) __builtin_trap();   /* errors (out of memory only) leave no result */
		return 0;
	}
	if (!r) __builtin_trap();
	const char *skip = extract_result_skipped(r);
	if (skip && !*skip) __builtin_trap();
	if (!skip) {
		const char *t = extract_result_text(r);
		if (!valid_utf8((const unsigned char *)t)) __builtin_trap();
		for (size_t i = 0; i < extract_result_caption_count(r); i++)
			if (!extract_result_caption_src(r, i) || !extract_result_caption_text(r, i)) __builtin_trap();
	}
	char *j = extract_result_json(r);
	if (!j) __builtin_trap();
	free(j);
	FILE *f = fopen("/dev/null", "w");
	if (f) {
		if (extract_write_md(r, f, &err) || extract_write_txt(r, f, &err)) __builtin_trap();
		fclose(f);
	}
	size_t n;
	char *w = extract_result_wet_body(r, &n);
	free(w);
	char slug[128];
	extract_result_slug(r, slug, sizeof slug);
	extract_result_free(r);
	return 0;
}
