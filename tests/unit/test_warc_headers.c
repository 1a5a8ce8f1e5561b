/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_headers.c - the ordered header list (warc/headers.c). */
#include <criterion/criterion.h>

#include "warc/warc.h"

Test(headers, case_insensitive_and_repeated)
{
	warc_headers *h = warc_headers_new();
	cr_assert_eq(warc_headers_add(h, "Set-Cookie", "a=1"), WARC_OK);
	cr_assert_eq(warc_headers_add(h, "set-cookie", "b=2"), WARC_OK);
	cr_assert_eq(warc_headers_add(h, "Content-Type", "text/html"), WARC_OK);
	cr_assert_str_eq(warc_headers_get(h, "SET-COOKIE"), "a=1");
	cr_assert_eq(warc_headers_count(h), 3);
	cr_assert_eq(warc_headers_set(h, "set-COOKIE", "c=3"), WARC_OK);
	cr_assert_eq(warc_headers_count(h), 2);
	cr_assert_str_eq(warc_headers_get(h, "Set-Cookie"), "c=3");
	cr_assert_null(warc_headers_get(h, "Location"));
	warc_headers_free(h);
}
