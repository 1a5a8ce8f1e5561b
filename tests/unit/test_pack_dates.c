/* SPDX-License-Identifier: Apache-2.0 */
/* test_pack_dates.c - epoch seconds, RFC 3339 and 14-digit timestamps (pack/dates.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "pack/internal.h"

Test(pack_api, dates)
{
	char ts[15], out[32];
	cr_assert(pk_rfc3339_ts14("2025-03-01T12:00:01.123456Z", ts));
	cr_assert_str_eq(ts, "20250301120001");
	cr_assert(pk_rfc3339_ts14("2025-03-01", ts));
	cr_assert_str_eq(ts, "20250301000000");
	cr_assert(!pk_rfc3339_ts14("March 1", ts));
	cr_assert_eq(pk_ts14_epoch("20231114221320"), 1700000000);
	cr_assert_eq(pk_ts14_epoch("2023111422132x"), -1);
	pk_rfc3339(1700000000, out);
	cr_assert_str_eq(out, "2023-11-14T22:13:20Z");
}
