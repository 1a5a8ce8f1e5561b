/* SPDX-License-Identifier: Apache-2.0 */
/* test_pack_dates.c - epoch seconds, RFC 3339 and 14-digit timestamps (pack/dates.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "pack/internal.h"

Test(pack_api, dates)
{
	char ts[15], out[32];
	cr_assert_eq(warc_date_to_ts14("2025-03-01T12:00:01.123456Z", ts), WARC_OK);
	cr_assert_str_eq(ts, "20250301120001");
	cr_assert_eq(warc_date_to_ts14("2025-03-01", ts), WARC_OK);
	cr_assert_str_eq(ts, "20250301000000");
	/* an offset is converted to UTC (pk_rfc3339_ts14 used to drop it) */
	cr_assert_eq(warc_date_to_ts14("2025-03-01T14:00:01+02:00", ts), WARC_OK);
	cr_assert_str_eq(ts, "20250301120001");
	cr_assert_neq(warc_date_to_ts14("March 1", ts), WARC_OK);
	cr_assert_eq(pk_ts14_epoch("20231114221320"), 1700000000);
	cr_assert_eq(pk_ts14_epoch("2023111422132x"), -1);
	pk_rfc3339(1700000000, out);
	cr_assert_str_eq(out, "2023-11-14T22:13:20Z");
}
