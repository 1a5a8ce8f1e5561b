/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dates.c - the few date forms pack/ converts between: epoch seconds, the
 * 14-digit CDX timestamp and RFC 3339 / W3CDTF (WARC-Date, pages.jsonl ts).
 * Always UTC (timegm/gmtime_r), never the host's time zone; a date string
 * becomes a timestamp through warc_date_to_ts14, which applies its offset.
 */
#include "pack/internal.h"

#include <string.h>
#include <time.h>

void pk_rfc3339(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int64_t pk_ts14_epoch(const char *ts)
{
	if (strlen(ts) < 14)
		return -1;
	for (int i = 0; i < 14; i++)
		if (ts[i] < '0' || ts[i] > '9')
			return -1;
	struct tm tm = { 0 };
	tm.tm_year = digits(ts, 4) - 1900;
	tm.tm_mon = digits(ts + 4, 2) - 1;
	tm.tm_mday = digits(ts + 6, 2);
	tm.tm_hour = digits(ts + 8, 2);
	tm.tm_min = digits(ts + 10, 2);
	tm.tm_sec = digits(ts + 12, 2);
	return (int64_t)timegm(&tm);
}
