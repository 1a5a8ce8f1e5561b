/* SPDX-License-Identifier: Apache-2.0 */
/* test_buf.c - the bounded buffer and header list. */
#include <criterion/criterion.h>
#include <string.h>

#include "warc/warc.h"

Test(buf, grows_until_limit_then_refuses)
{
	warc_buf b;
	warc_buf_init(&b, 10);
	cr_assert_eq(warc_buf_addstr(&b, "hello"), WARC_OK);
	cr_assert_eq(warc_buf_printf(&b, "%d", 1234), WARC_OK);
	cr_assert_str_eq(b.data, "hello1234");
	cr_assert_eq(warc_buf_addstr(&b, "xy"), WARC_ERR_TOOBIG);
	cr_assert_eq(b.len, 9, "a refused append leaves the buffer as it was");
	cr_assert_eq(warc_buf_addstr(&b, "z"), WARC_OK);
	warc_buf_free(&b);
}

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
