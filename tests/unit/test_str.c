/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_str.c - the shared string tests (warc/str.c): suffixes and the
 * bytewise comparator of string pointers.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "warc/warc.h"

Test(str, ends_with)
{
	cr_assert(warc_ends_with("a.warc.gz", ".warc.gz"));
	cr_assert(warc_ends_with(".open", ".open"));
	cr_assert(warc_ends_with("x", ""));
	cr_assert(!warc_ends_with("a.warc.gz.open", ".warc.gz"));
	cr_assert(!warc_ends_with("gz", ".gz"));
}

Test(str, cmp_str_sorts_bytewise)
{
	const char *v[] = { "b", "\xc3\xa9", "B", "a", "" };
	qsort(v, 5, sizeof *v, warc_cmp_str);
	const char *want[] = { "", "B", "a", "b", "\xc3\xa9" };
	for (int i = 0; i < 5; i++)
		cr_assert_str_eq(v[i], want[i]);
}
