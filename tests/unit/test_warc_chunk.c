/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_chunk.c - the streaming de-chunker: framing variants, slicing, fall-back. */
#include <criterion/criterion.h>
#include <string.h>

#include "warc/warc.h"

static int buf_sink(void *ctx, const void *p, size_t n)
{
	return warc_buf_add(ctx, p, n);
}

/* De-chunk in slices of `step` bytes (0 = all at once); returns the problem or NULL. */
static const char *dechunk(const char *in, size_t n, size_t step, warc_buf *out, char *problem, size_t psz)
{
	warc_buf_init(out, 1 << 20);
	warc_dechunk *d = warc_dechunk_new(buf_sink, out);
	cr_assert_not_null(d);
	if (!step)
		step = n ? n : 1;
	for (size_t i = 0; i < n; i += step) {
		size_t k = n - i < step ? n - i : step;
		cr_assert_eq(warc_dechunk_feed(d, in + i, k), WARC_OK);
	}
	cr_assert_eq(warc_dechunk_end(d), WARC_OK);
	const char *p = warc_dechunk_problem(d);
	if (p)
		snprintf(problem, psz, "%s", p);
	warc_dechunk_free(d);
	return p ? problem : NULL;
}

static void expect(const char *in, const char *want, bool want_problem)
{
	size_t n = strlen(in);
	for (size_t step = 0; step <= 7; step++) {
		warc_buf out;
		char prob[200];
		const char *p = dechunk(in, n, step, &out, prob, sizeof prob);
		cr_assert_eq(out.len, strlen(want), "step %zu: got %zu bytes '%s'", step, out.len,
			     out.data ? out.data : "");
		cr_assert(out.len == 0 || memcmp(out.data, want, out.len) == 0, "step %zu: got '%s'", step, out.data);
		if (want_problem)
			cr_assert_not_null(p, "step %zu: a problem is recorded", step);
		else
			cr_assert_null(p, "step %zu: unexpected problem: %s", step, p);
		warc_buf_free(&out);
	}
}

Test(dechunk, simple_crlf)
{
	expect("5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n", "hello, world", false);
}

Test(dechunk, hex_case_extensions_and_whitespace)
{
	expect("A;name=value\r\n0123456789\r\na ; ext\r\nabcdefghij\r\n 3 \r\nxyz\r\n000\r\n\r\n",
	       "0123456789abcdefghijxyz", false);
}

Test(dechunk, lf_only)
{
	expect("3\nabc\n2\nde\n0\n\n", "abcde", false);
}

Test(dechunk, trailers_skipped)
{
	expect("4\r\nbody\r\n0\r\nExpires: never\r\nX-Checksum: 12\r\n\r\n", "body", false);
}

Test(dechunk, missing_final_crlf_tolerated)
{
	expect("4\r\nbody\r\n0\r\n", "body", false);
}

Test(dechunk, chunk_data_may_contain_crlf)
{
	expect("6\r\n\r\n0\r\n\r\r\n0\r\n\r\n", "\r\n0\r\n\r", false);
}

Test(dechunk, empty_input_is_empty_body)
{
	expect("", "", false);
}

Test(dechunk, not_chunked_at_all_passes_through)
{
	expect("<html>hello</html>", "<html>hello</html>", true);
	/* begins with hex digits: still passed through whole */
	expect("abc def", "abc def", true);
	expect("deadbeef", "deadbeef", true);
}

Test(dechunk, bad_size_after_good_chunk_passes_rest_through)
{
	expect("3\r\nabc\r\nzz\r\nmore", "abczz\r\nmore", true);
}

Test(dechunk, missing_crlf_after_data)
{
	expect("3\r\nabcdef\r\n0\r\n\r\n", "abcdef\r\n0\r\n\r\n", true);
	expect("3\r\nabc\rX", "abc\rX", true);
}

Test(dechunk, eof_inside_chunk_keeps_data)
{
	expect("10\r\nonly part", "only part", true);
	expect("3\r\nabc\r\n", "abc", true);
	expect("3\r\nabc\r\n1", "abc1", true);
}

Test(dechunk, bytes_after_last_chunk_ignored_with_problem)
{
	expect("3\r\nabc\r\n0\r\n\r\nGARBAGE", "abc", true);
}

Test(dechunk, empty_size_line_falls_back)
{
	expect("3\r\nabc\r\n\r\n3\r\ndef\r\n0\r\n\r\n", "abc\r\n3\r\ndef\r\n0\r\n\r\n", true);
}

Test(dechunk, overlong_size_line_and_huge_size)
{
	char in[6000];
	memset(in, ' ', sizeof in);
	in[0] = '1';
	in[1] = ';';
	in[sizeof in - 1] = '\0';
	warc_buf out;
	char prob[200];
	cr_assert_not_null(dechunk(in, strlen(in), 0, &out, prob, sizeof prob));
	cr_assert_eq(out.len, strlen(in), "the line is passed through");
	warc_buf_free(&out);
	expect("fffffffffffffffff\r\nx", "fffffffffffffffff\r\nx", true);
}

Test(dechunk, problem_names_the_defect)
{
	warc_buf out;
	char prob[200];
	const char *p = dechunk("zz\r\n", 4, 0, &out, prob, sizeof prob);
	cr_assert_not_null(p);
	cr_assert(strstr(p, "not hex"), "%s", p);
	warc_buf_free(&out);
	p = dechunk("9\r\nabc", 6, 0, &out, prob, sizeof prob);
	cr_assert(strstr(p, "inside a chunk"), "%s", p);
	warc_buf_free(&out);
}

static int failing_sink(void *ctx, const void *p, size_t n)
{
	(void)ctx, (void)p, (void)n;
	return WARC_ERR_TOOBIG;
}

Test(dechunk, sink_error_is_sticky)
{
	warc_dechunk *d = warc_dechunk_new(failing_sink, NULL);
	cr_assert_eq(warc_dechunk_feed(d, "3\r\nabc\r\n", 8), WARC_ERR_TOOBIG);
	cr_assert_eq(warc_dechunk_feed(d, "0\r\n\r\n", 5), WARC_ERR_TOOBIG);
	cr_assert_eq(warc_dechunk_end(d), WARC_ERR_TOOBIG);
	warc_dechunk_free(d);
}
