/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_uri.c - libFuzzer target for the string parsers that see archived,
 * hostile text: warc_surt, warc_uri_to_ascii, warc_digest_parse,
 * warc_parse_date and the CDXJ JSON escaper.
 *
 * Input: the bytes of one string (cut at the first NUL). Besides "no crash,
 * no leak, no hang" it checks their promises: a SURT key is never empty,
 * warc_uri_to_ascii output is printable ASCII without spaces, a parsed
 * digest has the algorithm's length, and a CDXJ line is printable ASCII
 * ending in one newline whatever bytes the URL holds.
 * Seeds: tests/fuzz/corpus/uri/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "warc/warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	warc_buf b;
	warc_buf_init(&b, 4 * size + 1024);
	if (warc_surt(s, &b) == WARC_OK && (!b.data || !b.data[0]))
		abort();
	warc_error err;
	if (warc_uri_to_ascii(s, &b, &err) == WARC_OK)
		for (size_t i = 0; i < b.len; i++)
			if (b.data[i] <= 0x20 || b.data[i] >= 0x7f)
				abort();
	warc_digest_alg alg;
	unsigned char raw[64];
	size_t n = 0;
	if (warc_digest_parse(s, &alg, raw, &n) == WARC_OK && n != (alg == WARC_SHA1 ? 20u : 32u))
		abort();
	struct timespec ts;
	(void)!warc_parse_date(s, &ts);
	warc_index_entry e = { .surt = "k", .ts14 = "20250101000000", .url = s, .mime = s, .filename = "f" };
	warc_buf_reset(&b);
	if (warc_cdxj_line(&e, &b) == WARC_OK) {
		for (size_t i = 0; i + 1 < b.len; i++)
			if (b.data[i] < 0x20 || b.data[i] >= 0x7f)
				abort();
		if (b.data[b.len - 1] != '\n')
			abort();
	}
	warc_buf_free(&b);
	free(s);
	return 0;
}
