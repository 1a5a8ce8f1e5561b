/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_utf8.c - RFC 3629 UTF-8 (warc/utf8.c): the boundaries of each
 * sequence length, and what is refused (overlongs, surrogates, code points
 * above U+10FFFF, stray or missing continuation bytes).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "warc/warc.h"

static bool valid(const char *s)
{
	return warc_utf8_valid(s, strlen(s));
}

Test(utf8, accepts_each_length_at_its_bounds)
{
	cr_assert(valid(""));
	cr_assert(valid("plain ASCII \x7f"));
	cr_assert(valid("\xc2\x80 \xdf\xbf"));                 /* U+0080, U+07FF */
	cr_assert(valid("\xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 \xef\xbf\xbf")); /* U+0800, U+D7FF, U+E000, U+FFFF */
	cr_assert(valid("\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf")); /* U+10000, U+10FFFF */
	cr_assert(warc_utf8_valid("a\0b", 3), "NUL is a character");
}

Test(utf8, refuses_overlongs_surrogates_and_beyond_unicode)
{
	cr_assert(!valid("\xc0\xaf"));
	cr_assert(!valid("\xc1\xbf"));
	cr_assert(!valid("\xe0\x80\xaf"));
	cr_assert(!valid("\xf0\x80\x80\xaf"));
	cr_assert(!valid("\xed\xa0\x80"), "U+D800");
	cr_assert(!valid("\xed\xbf\xbf"), "U+DFFF");
	cr_assert(!valid("\xf4\x90\x80\x80"), "U+110000");
	cr_assert(!valid("\xf5\x80\x80\x80"));
	cr_assert(!valid("\xf8\x88\x80\x80\x80"));
	cr_assert(!valid("\xff"));
}

Test(utf8, refuses_broken_sequences)
{
	cr_assert(!valid("\x80"), "stray continuation");
	cr_assert(!valid("a\xc3"), "cut short");
	cr_assert(!valid("\xe2\x82"), "cut short");
	cr_assert(!valid("\xc3(") , "bad continuation");
	cr_assert(!warc_utf8_valid("\xe2\x82\xac", 2), "length bounds the input");
}

Test(utf8, decode_gives_code_point_and_length)
{
	uint32_t cp = 0;
	cr_assert_eq(warc_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	cr_assert_eq(cp, 'A');
	cr_assert_eq(warc_utf8_decode((const unsigned char *)"\xe2\x82\xac!", 4, &cp), 3);
	cr_assert_eq(cp, 0x20ac);
	cr_assert_eq(warc_utf8_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp), 4);
	cr_assert_eq(cp, 0x1f600);
	cr_assert_eq(warc_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	cr_assert_eq(warc_utf8_decode((const unsigned char *)"x", 0, &cp), 0);
}
