/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_ident.c - record IDs and WARC dates (warc/ident.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "warc/warc.h"

Test(ident, record_id_is_fresh_uuid_v4_urn)
{
	char a[WARC_ID_MAX], b[WARC_ID_MAX];
	cr_assert_eq(warc_make_record_id(a), WARC_OK);
	cr_assert_eq(warc_make_record_id(b), WARC_OK);
	cr_assert_str_neq(a, b);
	cr_assert_eq(strlen(a), 47, "%s", a);
	cr_assert_eq(strncmp(a, "<urn:uuid:", 10), 0);
	cr_assert_eq(a[46], '>');
	cr_assert_eq(a[10 + 14], '4', "version nibble: %s", a);
	cr_assert(strchr("89ab", a[10 + 19]), "variant: %s", a);
	for (const char *p = a + 10; p < a + 46; p++)
		cr_assert(strchr("0123456789abcdef-", *p), "lowercase hex: %s", a);
}

Test(ident, format_date_microseconds_utc)
{
	char out[WARC_DATE_MAX];
	struct timespec ts = { 1740830401, 123456789 };
	warc_format_date(&ts, out);
	cr_assert_str_eq(out, "2025-03-01T12:00:01.123456Z");
	ts.tv_nsec = 0;
	warc_format_date(&ts, out);
	cr_assert_str_eq(out, "2025-03-01T12:00:01.000000Z");
}

Test(ident, parse_date_granularities)
{
	struct timespec ts;
	cr_assert_eq(warc_parse_date("2025-03-01T12:00:01Z", &ts), WARC_OK);
	cr_assert_eq(ts.tv_sec, 1740830401);
	cr_assert_eq(ts.tv_nsec, 0);
	cr_assert_eq(warc_parse_date("2025-03-01T12:00:01.1Z", &ts), WARC_OK);
	cr_assert_eq(ts.tv_nsec, 100000000);
	cr_assert_eq(warc_parse_date("2025-03-01T12:00:01.123456789Z", &ts), WARC_OK);
	cr_assert_eq(ts.tv_nsec, 123456789);
	cr_assert_eq(warc_parse_date("2025-03-01T13:00:01+01:00", &ts), WARC_OK);
	cr_assert_eq(ts.tv_sec, 1740830401);
	cr_assert_eq(warc_parse_date("2025-03-01T12:00Z", &ts), WARC_OK);
	cr_assert_eq(ts.tv_sec, 1740830400);
	cr_assert_eq(warc_parse_date("2025-03-01", &ts), WARC_OK);
	cr_assert_eq(warc_parse_date("2025", &ts), WARC_OK);
	/* round trip of what we write */
	char out[WARC_DATE_MAX];
	struct timespec w = { 1700000000, 654321000 };
	warc_format_date(&w, out);
	cr_assert_eq(warc_parse_date(out, &ts), WARC_OK);
	cr_assert_eq(ts.tv_sec, w.tv_sec);
	cr_assert_eq(ts.tv_nsec, w.tv_nsec);
}

Test(ident, parse_date_rejects_bad)
{
	const char *bad[] = { "", "2025-13-01", "2025-02-30", "2025-03-01T12:00:01", "2025-03-01T12:00:01.Z",
			      "2025-03-01T12:00:01.1234567890Z", "2025-03-01T24:00:00Z", "2025-03-01T12:00:01Zx",
			      "25-03-01", "2025-03-01 12:00:01Z", NULL };
	struct timespec ts;
	for (int i = 0; bad[i]; i++)
		cr_assert_eq(warc_parse_date(bad[i], &ts), WARC_ERR_FORMAT, "%s", bad[i]);
	cr_assert_eq(warc_parse_date(NULL, &ts), WARC_ERR_FORMAT);
}

Test(ident, ts14_truncates)
{
	char ts[15];
	cr_assert_eq(warc_date_to_ts14("2025-03-01T12:00:01.999999Z", ts), WARC_OK);
	cr_assert_str_eq(ts, "20250301120001");
	cr_assert_eq(warc_date_to_ts14("2014-01-03T03:03:21Z", ts), WARC_OK);
	cr_assert_str_eq(ts, "20140103030321");
	cr_assert_eq(warc_date_to_ts14("garbage", ts), WARC_ERR_FORMAT);
}
