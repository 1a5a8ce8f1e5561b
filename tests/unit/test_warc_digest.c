/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_digest.c - digest computing, formatting and lenient parsing (warc/digest.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "warc/warc.h"

static const char RESP_BLOCK[] =
	"HTTP/1.1 200 OK\r\n"
	"Content-Type: text/html; charset=utf-8\r\n"
	"Content-Length: 29\r\n"
	"\r\n"
	"<html><body>Hi</body></html>\n";

Test(digest, empty_sha1_and_sha256)
{
	char out[WARC_DIGEST_STR_MAX];
	warc_digest_buf(WARC_SHA1, "", 0, out);
	cr_assert_str_eq(out, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
	warc_digest_buf(WARC_SHA256, "", 0, out);
	cr_assert_str_eq(out, "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(digest, standards_example_block_and_payload)
{
	/* standards.md 1.13: the verified response record. */
	char out[WARC_DIGEST_STR_MAX];
	cr_assert_eq(strlen(RESP_BLOCK), 108);
	warc_digest_buf(WARC_SHA1, RESP_BLOCK, 108, out);
	cr_assert_str_eq(out, "sha1:MR2DKMSVKIGWWYHMSDGCC5GKDVAPQ3MC");
	warc_digest_buf(WARC_SHA1, RESP_BLOCK + 79, 29, out);
	cr_assert_str_eq(out, "sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3");
	const char *req = "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: demo/0.1\r\nAccept: */*\r\n\r\n";
	warc_digest_buf(WARC_SHA1, req, strlen(req), out);
	cr_assert_str_eq(out, "sha1:PNODUFGPIWHX5DQ6SEIJ5PCBUMDOE2CJ");
}

Test(digest, streaming_equals_one_shot_in_any_chunking)
{
	char one[WARC_DIGEST_STR_MAX], inc[WARC_DIGEST_STR_MAX];
	for (int alg = 0; alg < 2; alg++) {
		warc_digest_buf((warc_digest_alg)alg, RESP_BLOCK, 108, one);
		for (size_t step = 1; step < 20; step += 3) {
			warc_digest *d = warc_digest_new((warc_digest_alg)alg);
			cr_assert_not_null(d);
			for (size_t i = 0; i < 108; i += step)
				warc_digest_update(d, RESP_BLOCK + i, i + step > 108 ? 108 - i : step);
			warc_digest_final(d, inc);
			warc_digest_free(d);
			cr_assert_str_eq(inc, one);
		}
	}
}

Test(digest, parse_accepts_labels_and_encodings)
{
	/* SHA-1 of "" in base32, base16 (both cases), base64 (padded and not) under several labels. */
	const char *forms[] = {
		"sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
		"SHA-1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
		"sha1:3i42h3s6nnfq2msvx7xzkyayscx5qbyj",
		"sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"SHA1:DA39A3EE5E6B4B0D3255BFEF95601890AFD80709",
		"sha1:2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
		"sha1:2jmj7l5rSw0yVb_vlWAYkK_YBwk",
	};
	unsigned char want[20] = { 0xda, 0x39, 0xa3, 0xee, 0x5e, 0x6b, 0x4b, 0x0d, 0x32, 0x55,
				   0xbf, 0xef, 0x95, 0x60, 0x18, 0x90, 0xaf, 0xd8, 0x07, 0x09 };
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		warc_digest_alg alg = WARC_SHA256;
		unsigned char raw[64];
		size_t n = 0;
		cr_assert_eq(warc_digest_parse(forms[i], &alg, raw, &n), WARC_OK, "%s", forms[i]);
		cr_assert_eq(alg, WARC_SHA1);
		cr_assert_eq(n, 20);
		cr_assert_eq(memcmp(raw, want, 20), 0, "%s", forms[i]);
		cr_assert(warc_digest_matches(forms[i], WARC_SHA1, want, 20));
		cr_assert_not(warc_digest_matches(forms[i], WARC_SHA256, want, 20));
	}
}

Test(digest, sha256_forms_round_trip)
{
	char out[WARC_DIGEST_STR_MAX];
	warc_digest_buf(WARC_SHA256, "abc", 3, out);
	warc_digest_alg alg;
	unsigned char raw[64];
	size_t n;
	cr_assert_eq(warc_digest_parse(out, &alg, raw, &n), WARC_OK);
	cr_assert_eq(alg, WARC_SHA256);
	cr_assert_eq(n, 32);
	cr_assert_eq(raw[0], 0xba);
	cr_assert_eq(raw[31], 0xad);
	cr_assert(warc_digest_matches("SHA-256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", WARC_SHA256, raw, 32));
	cr_assert(warc_digest_matches("sha256:XJ4BNP4PAHH6UQKBIDPF3LRCEOYAGYNDSYLXVHFUCD7WD4QACWWQ====",
				      WARC_SHA256, raw, 32));
}

Test(digest, parse_rejects_garbage)
{
	const char *bad[] = {
		"", ":", "sha1", "sha1:", "md5:d41d8cd98f00b204e9800998ecf8427e",
		"sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBY",     /* one char short */
		"sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJJ",   /* one too many */
		"sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBY1",    /* '1' is not base32 */
		"sha1:da39a3ee5e6b4b0d3255bfef95601890afd8070g",
		"sha1:=========================================",
		"sha256:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
		"sha1:\xff\xfe\xfd",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		warc_digest_alg alg;
		unsigned char raw[64];
		size_t n;
		cr_assert_eq(warc_digest_parse(bad[i], &alg, raw, &n), WARC_ERR_FORMAT, "%s", bad[i]);
	}
	cr_assert_eq(warc_digest_parse(NULL, &(warc_digest_alg){ 0 }, (unsigned char[64]){ 0 }, &(size_t){ 0 }),
		     WARC_ERR_FORMAT);
}

Test(digest, parse_survives_hostile_strings)
{
	/* Deterministic pseudo-random strings with digest-like prefixes: no crash, no overread (ASan). */
	unsigned int seed = 12345;
	const char *prefixes[] = { "sha1:", "sha256:", "SHA-1:", "sha-256:", "" };
	for (int i = 0; i < 20000; i++) {
		char s[128];
		size_t pl = strlen(prefixes[i % 5]);
		memcpy(s, prefixes[i % 5], pl);
		size_t len = pl + (size_t)(i % 70);
		for (size_t j = pl; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			int c = (int)((seed >> 16) % 256);
			s[j] = (char)(c ? c : '=');
		}
		s[len] = '\0';
		warc_digest_alg alg;
		unsigned char raw[64];
		size_t n;
		int rc = warc_digest_parse(s, &alg, raw, &n);
		cr_assert(rc == WARC_OK || rc == WARC_ERR_FORMAT);
	}
}
