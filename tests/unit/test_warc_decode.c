/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_warc_decode.c - Content-Encoding decoding: round trips, stacks, tolerance,
 * corrupt data, truncation and the decompression-bomb limit.
 *
 * gzip/deflate/zstd inputs are made at test time with zlib and libzstd (both
 * linked anyway). The brotli vectors below were generated once with
 * libbrotlienc (quality 11, lgwin 22), since only the decoder is linked:
 * br_text = br(BR_TEXT), br_bomb_4mib = br(4 MiB of 'a'),
 * br_of_gzip_text = br(gzip -9 of BR_TEXT).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "tests/support/support.h"
#include "warc/warc.h"

#define BR_LINE "Brotli test body: the quick brown fox jumps over the lazy dog. 0123456789\n"

static const unsigned char br_text[77] = {
	0x1b, 0xc7, 0x05, 0x38, 0x8c, 0x94, 0x6e, 0xe6, 0x62, 0x84, 0x4a, 0x37,
	0xb7, 0x51, 0x5f, 0x49, 0x17, 0xd2, 0xf0, 0xf9, 0xa3, 0x29, 0x8b, 0x22,
	0x2c, 0xa9, 0xe1, 0xa9, 0xb0, 0x37, 0x70, 0xc8, 0x01, 0xfb, 0xc3, 0xe6,
	0x79, 0x80, 0xa1, 0x41, 0x79, 0xa2, 0xc8, 0x9e, 0x8e, 0xb1, 0x83, 0x0f,
	0x2f, 0x53, 0xd7, 0x23, 0x73, 0x13, 0xb8, 0x2c, 0x49, 0x75, 0x6a, 0x7f,
	0x51, 0xb3, 0x61, 0x3e, 0x9c, 0xc4, 0x7f, 0x68, 0x07, 0x43, 0x69, 0x63,
	0x9d, 0x0f, 0x31, 0x65, 0x02,
};
static const unsigned char br_bomb_4mib[14] = {
	0x9b, 0xff, 0xff, 0x3f, 0xf8, 0x25, 0xc2, 0xe2, 0xb1, 0x40, 0x20, 0xf7,
	0xfe, 0x07,
};
static const unsigned char br_of_gzip_text[110] = {
	0x8b, 0x34, 0x80, 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x03, 0x73, 0x2a, 0xca, 0x2f, 0xc9, 0xc9, 0x54, 0x28, 0x49, 0x2d, 0x2e,
	0x51, 0x48, 0xca, 0x4f, 0xa9, 0xb4, 0x52, 0x28, 0xc9, 0x48, 0x55, 0x28,
	0x2c, 0xcd, 0x4c, 0xce, 0x56, 0x48, 0x2a, 0xca, 0x2f, 0xcf, 0x53, 0x48,
	0xcb, 0xaf, 0x50, 0xc8, 0x2a, 0xcd, 0x2d, 0x28, 0x56, 0xc8, 0x2f, 0x4b,
	0x2d, 0x02, 0x4b, 0xe7, 0x24, 0x56, 0x55, 0x2a, 0xa4, 0xe4, 0xa7, 0xeb,
	0x29, 0x18, 0x18, 0x1a, 0x19, 0x9b, 0x98, 0x9a, 0x99, 0x5b, 0x58, 0x72,
	0x39, 0x8d, 0x9a, 0x34, 0x6a, 0xd2, 0xa8, 0x49, 0xa3, 0x26, 0x8d, 0x9a,
	0x34, 0x00, 0x26, 0x01, 0x00, 0x58, 0xa3, 0x91, 0x3c, 0xc8, 0x05, 0x00,
	0x00, 0x03,
};

static int buf_sink(void *ctx, const void *p, size_t n)
{
	return warc_buf_add(ctx, p, n);
}

static char *br_expected(void)
{
	static char s[4096];
	s[0] = '\0';
	for (int i = 0; i < 20; i++)
		strcat(s, BR_LINE);
	return s;
}

/* Some compressible text of n bytes. */
static unsigned char *sample(size_t n)
{
	unsigned char *p = malloc(n);
	unsigned x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (unsigned char)("abcdefgh <>/\n"[(x >> 16) % 13]);
	}
	return p;
}

static size_t zstd_compress(const void *in, size_t n, unsigned char **out)
{
	size_t cap = ZSTD_compressBound(n);
	*out = malloc(cap);
	size_t len = ZSTD_compress(*out, cap, in, n, 3);
	cr_assert_not(ZSTD_isError(len));
	return len;
}

/* Decode in slices of step bytes (0 = one feed); returns the status of the first failure or of end(). */
static int decode(const char *coding, const void *in, size_t n, size_t step, uint64_t max_out,
		  warc_buf *out, warc_error *err)
{
	warc_buf_init(out, 64u << 20);
	warc_decoder *d = NULL;
	int rc = warc_decoder_new(&d, coding, max_out, buf_sink, out, err);
	if (rc)
		return rc;
	const unsigned char *p = in;
	if (!step)
		step = n ? n : 1;
	for (size_t i = 0; !rc && i < n; i += step)
		rc = warc_decoder_feed(d, p + i, n - i < step ? n - i : step, err);
	if (!rc)
		rc = warc_decoder_end(d, err);
	warc_decoder_free(d);
	return rc;
}

static void round_trip(const char *coding, const void *enc, size_t n, const void *want, size_t want_len)
{
	static const size_t steps[] = { 0, 1, 7, 4096 };
	for (size_t s = 0; s < sizeof steps / sizeof *steps; s++) {
		warc_buf out;
		warc_error err = { "" };
		int rc = decode(coding, enc, n, steps[s], 64u << 20, &out, &err);
		cr_assert_eq(rc, WARC_OK, "%s step %zu: %d %s", coding, steps[s], rc, err.msg);
		cr_assert_eq(out.len, want_len, "%s step %zu: %zu bytes", coding, steps[s], out.len);
		cr_assert(want_len == 0 || memcmp(out.data, want, want_len) == 0, "%s step %zu", coding, steps[s]);
		warc_buf_free(&out);
	}
}

Test(decode, gzip_round_trip_any_slicing)
{
	size_t n = 100000;
	unsigned char *text = sample(n), *gz;
	size_t gzn = deflate_bytes(31, text, n, &gz);
	round_trip("gzip", gz, gzn, text, n);
	round_trip("x-gzip", gz, gzn, text, n);
	round_trip(" GZip ", gz, gzn, text, n);
	free(gz);
	free(text);
}

Test(decode, gzip_concatenated_members_and_trailing_garbage)
{
	unsigned char *a, *b;
	size_t an = deflate_bytes(31, "first,", 6, &a), bn = deflate_bytes(31, "second", 6, &b);
	unsigned char *cat = malloc(an + bn + 8);
	memcpy(cat, a, an);
	memcpy(cat + an, b, bn);
	round_trip("gzip", cat, an + bn, "first,second", 12);
	memset(cat + an + bn, 0, 8);   /* NUL padding after the last member */
	round_trip("gzip", cat, an + bn + 8, "first,second", 12);
	memcpy(cat + an + bn, "junk", 4);
	round_trip("gzip", cat, an + bn + 4, "first,second", 12);
	free(a);
	free(b);
	free(cat);
}

Test(decode, deflate_zlib_wrapped_and_raw)
{
	size_t n = 50000;
	unsigned char *text = sample(n), *zl, *raw;
	size_t zln = deflate_bytes(15, text, n, &zl), rawn = deflate_bytes(-15, text, n, &raw);
	round_trip("deflate", zl, zln, text, n);
	round_trip("deflate", raw, rawn, text, n);
	unsigned char *one;
	size_t onen = deflate_bytes(-15, "x", 1, &one);
	round_trip("deflate", one, onen, "x", 1);
	free(one);
	free(zl);
	free(raw);
	free(text);
}

Test(decode, br_round_trip)
{
	const char *want = br_expected();
	round_trip("br", br_text, sizeof br_text, want, strlen(want));
}

Test(decode, zstd_round_trip_and_two_frames)
{
	size_t n = 200000;
	unsigned char *text = sample(n), *zs;
	size_t zn = zstd_compress(text, n, &zs);
	round_trip("zstd", zs, zn, text, n);
	unsigned char *a, *b;
	size_t an = zstd_compress("one ", 4, &a), bn = zstd_compress("two", 3, &b);
	unsigned char *cat = malloc(an + bn);
	memcpy(cat, a, an);
	memcpy(cat + an, b, bn);
	round_trip("zstd", cat, an + bn, "one two", 7);
	free(a);
	free(b);
	free(cat);
	free(zs);
	free(text);
}

Test(decode, stacks_decoded_in_reverse_order)
{
	const char *want = br_expected();
	round_trip("gzip, br", br_of_gzip_text, sizeof br_of_gzip_text, want, strlen(want));
	/* deflate applied first, then zstd: "deflate, zstd" */
	size_t n = 30000;
	unsigned char *text = sample(n), *df, *zs;
	size_t dn = deflate_bytes(15, text, n, &df);
	size_t zn = zstd_compress(df, dn, &zs);
	round_trip("deflate,zstd", zs, zn, text, n);
	round_trip("identity, deflate, identity, zstd", zs, zn, text, n);
	warc_buf out;
	warc_error err = { "" };
	cr_assert_neq(decode("zstd, deflate", zs, zn, 0, 1 << 20, &out, &err), WARC_OK, "wrong order fails");
	warc_buf_free(&out);
	free(df);
	free(zs);
	free(text);
}

Test(decode, identity_and_empty)
{
	round_trip("identity", "plain", 5, "plain", 5);
	round_trip("", "plain", 5, "plain", 5);
	round_trip(NULL, "plain", 5, "plain", 5);
	round_trip("gzip", "", 0, "", 0);
	round_trip("br", "", 0, "", 0);
	round_trip("zstd", "", 0, "", 0);
	round_trip("deflate", "", 0, "", 0);
}

Test(decode, unknown_coding_refused)
{
	warc_decoder *d = (warc_decoder *)1;
	warc_error err = { "" };
	warc_buf out;
	cr_assert_eq(warc_decoder_new(&d, "gzip, compress", 100, buf_sink, &out, &err), WARC_ERR_FORMAT);
	cr_assert_null(d);
	cr_assert_str_eq(err.msg, "unsupported content-encoding compress");
	cr_assert_eq(warc_decoder_new(&d, "br,br,br,br,br,br,br,br,br", 100, buf_sink, &out, &err),
		     WARC_ERR_FORMAT, "absurd stacks refused");
}

Test(decode, corrupt_data_is_format_error_naming_the_coding)
{
	static const char *codings[] = { "gzip", "deflate", "br", "zstd" };
	unsigned char junk[600];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)(i * 7 + 3);
	junk[0] = 0xff; /* no valid gzip/zlib/zstd magic */
	for (size_t c = 0; c < 4; c++) {
		warc_buf out;
		warc_error err = { "" };
		int rc = decode(codings[c], junk, sizeof junk, 0, 1 << 20, &out, &err);
		cr_assert_eq(rc, WARC_ERR_FORMAT, "%s: %d %s", codings[c], rc, err.msg);
		cr_assert(strstr(err.msg, codings[c]) && strstr(err.msg, "corrupt"), "%s", err.msg);
		warc_buf_free(&out);
	}
	/* gzip whose deflate data is damaged in the middle */
	size_t n = 20000;
	unsigned char *text = sample(n), *gz;
	size_t gzn = deflate_bytes(31, text, n, &gz);
	for (size_t i = gzn / 2; i < gzn / 2 + 40; i++)
		gz[i] ^= 0x5a;
	warc_buf out;
	warc_error err = { "" };
	int rc = decode("gzip", gz, gzn, 0, 1 << 20, &out, &err);
	cr_assert(rc == WARC_ERR_FORMAT, "%d %s", rc, err.msg);
	warc_buf_free(&out);
	free(gz);
	free(text);
}

Test(decode, truncated_stream_keeps_prefix_and_says_so)
{
	size_t n = 100000;
	unsigned char *text = sample(n), *gz, *zs;
	size_t gzn = deflate_bytes(31, text, n, &gz);
	warc_buf out;
	warc_error err = { "" };
	cr_assert_eq(decode("gzip", gz, gzn / 2, 0, 1 << 20, &out, &err), WARC_ERR_TRUNCATED);
	cr_assert_gt(out.len, 0, "what was decoded reached the sink");
	cr_assert_eq(memcmp(out.data, text, out.len), 0);
	warc_buf_free(&out);
	size_t zn = zstd_compress(text, n, &zs);
	cr_assert_eq(decode("zstd", zs, zn - 3, 0, 1 << 20, &out, &err), WARC_ERR_TRUNCATED);
	warc_buf_free(&out);
	cr_assert_eq(decode("br", br_text, sizeof br_text - 2, 0, 1 << 20, &out, &err), WARC_ERR_TRUNCATED);
	warc_buf_free(&out);
	free(gz);
	free(zs);
	free(text);
}

static void expect_bomb(const char *coding, const void *in, size_t n, uint64_t max_out)
{
	warc_buf out;
	warc_error err = { "" };
	int rc = decode(coding, in, n, 0, max_out, &out, &err);
	cr_assert_eq(rc, WARC_ERR_TOOBIG, "%s: %d %s", coding, rc, err.msg);
	cr_assert_eq(out.len, max_out, "%s: exactly the first max_out bytes reach the sink", coding);
	cr_assert(strstr(err.msg, "exceeds"), "%s", err.msg);
	warc_buf_free(&out);
}

Test(decode, bomb_limit)
{
	size_t n = 8u << 20;
	unsigned char *zeros = calloc(1, n), *gz, *zs;
	size_t gzn = deflate_bytes(31, zeros, n, &gz);
	cr_assert_lt(gzn, 20000);
	expect_bomb("gzip", gz, gzn, 1 << 20);
	expect_bomb("br", br_bomb_4mib, sizeof br_bomb_4mib, 1 << 20);
	size_t zn = zstd_compress(zeros, 4u << 20, &zs);
	expect_bomb("zstd", zs, zn, 1 << 20);
	expect_bomb("identity", zeros, 4096, 1000);
	/* the limit is exact: max_out bytes are fine */
	warc_buf out;
	warc_error err = { "" };
	cr_assert_eq(decode("gzip", gz, gzn, 0, n, &out, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(out.len, n);
	warc_buf_free(&out);
	free(gz);
	free(zs);
	free(zeros);
}

Test(decode, zstd_window_over_8mib_refused)
{
	size_t n = 16u << 20;
	unsigned char *zeros = calloc(1, n), *zs;
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	cr_assert_not(ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_windowLog, 25)));
	size_t cap = ZSTD_compressBound(n);
	zs = malloc(cap);
	size_t zn = ZSTD_compress2(cc, zs, cap, zeros, n);
	cr_assert_not(ZSTD_isError(zn));
	ZSTD_freeCCtx(cc);
	warc_buf out;
	warc_error err = { "" };
	cr_assert_eq(decode("zstd", zs, zn, 0, 64u << 20, &out, &err), WARC_ERR_TOOBIG, "%s", err.msg);
	warc_buf_free(&out);
	free(zs);
	free(zeros);
}

static int small_sink(void *ctx, const void *p, size_t n)
{
	return warc_buf_add(ctx, p, n);
}

Test(decode, sink_error_is_reported_and_sticky)
{
	warc_buf small;
	warc_buf_init(&small, 10);
	warc_decoder *d = NULL;
	warc_error err = { "" };
	cr_assert_eq(warc_decoder_new(&d, "identity", 1000, small_sink, &small, &err), WARC_OK);
	cr_assert_eq(warc_decoder_feed(d, "0123456789abc", 13, &err), WARC_ERR_TOOBIG);
	cr_assert_neq(err.msg[0], '\0');
	cr_assert_eq(warc_decoder_feed(d, "x", 1, &err), WARC_ERR_TOOBIG);
	cr_assert_eq(warc_decoder_end(d, &err), WARC_ERR_TOOBIG);
	warc_decoder_free(d);
	warc_buf_free(&small);
}
