/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_buf.c - the bounded buffer (warc/buf.c). */
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
