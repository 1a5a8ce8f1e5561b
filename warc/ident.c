/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ident.c - record identifiers and WARC dates.
 *
 * Record IDs are random (v4) UUID URNs from the kernel's CSPRNG via
 * getrandom(2): no state, no clock, unique across processes and hosts.
 * Dates are written in W3CDTF UTC with microseconds (WARC/1.1 allows 1-9
 * fraction digits); any W3CDTF granularity is read back, with 'Z' or a
 * numeric offset, and range-checked field by field before timegm().
 */
#include "warc/warc.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

int warc_make_record_id(char out[WARC_ID_MAX])
{
	unsigned char u[16];
	size_t got = 0;
	while (got < sizeof u) {
		ssize_t n = getrandom(u + got, sizeof u - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			out[0] = '\0';
			return WARC_ERR_IO;
		}
		got += (size_t)n;
	}
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);  /* version 4 */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);  /* RFC 4122 variant */
	snprintf(out, WARC_ID_MAX,
		 "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		 u[14], u[15]);
	return WARC_OK;
}

/* strlcpy: copy what fits, always NUL-terminate. */
static void copy_bounded(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void warc_format_date(const struct timespec *ts, char out[WARC_DATE_MAX])
{
	struct tm tm;
	time_t t = ts->tv_sec;
	long us = ts->tv_nsec / 1000;
	if (us < 0 || us > 999999)
		us = 0;
	if (!gmtime_r(&t, &tm)) {
		snprintf(out, WARC_DATE_MAX, "1970-01-01T00:00:00.000000Z");
		return;
	}
	char tmp[128];   /* roomy: the compiler cannot bound tm's fields */
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us);
	copy_bounded(out, WARC_DATE_MAX, tmp);
}

/* Read exactly n digits at *p into *v; advance. */
static bool digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		x = x * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*v = x;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

int warc_parse_date(const char *s, struct timespec *out)
{
	if (!s)
		return WARC_ERR_FORMAT;
	const char *p = s;
	int Y, M = 1, D = 1, h = 0, m = 0, sec = 0, off = 0;
	long ns = 0;
	if (!digits(&p, 4, &Y))
		return WARC_ERR_FORMAT;
	if (*p == '-') {
		p++;
		if (!digits(&p, 2, &M) || M < 1 || M > 12)
			return WARC_ERR_FORMAT;
		if (*p == '-') {
			p++;
			if (!digits(&p, 2, &D) || D < 1 || D > days_in_month(Y, M))
				return WARC_ERR_FORMAT;
			if (*p == 'T') {
				p++;
				if (!digits(&p, 2, &h) || h > 23 || *p++ != ':' || !digits(&p, 2, &m) || m > 59)
					return WARC_ERR_FORMAT;
				if (*p == ':') {
					p++;
					if (!digits(&p, 2, &sec) || sec > 60)
						return WARC_ERR_FORMAT;
					if (*p == '.') {
						p++;
						int nd = 0;
						long scale = 100000000;
						while (isdigit((unsigned char)*p)) {
							if (++nd > 9)
								return WARC_ERR_FORMAT;
							ns += (*p - '0') * scale;
							scale /= 10;
							p++;
						}
						if (nd == 0)
							return WARC_ERR_FORMAT;
					}
				}
				/* W3CDTF: a time always carries a zone designator. */
				if (*p == 'Z') {
					p++;
				} else if (*p == '+' || *p == '-') {
					int sign = *p++ == '-' ? -1 : 1, oh, om;
					if (!digits(&p, 2, &oh) || oh > 23 || *p++ != ':' || !digits(&p, 2, &om) ||
					    om > 59)
						return WARC_ERR_FORMAT;
					off = sign * (oh * 3600 + om * 60);
				} else {
					return WARC_ERR_FORMAT;
				}
			}
		}
	}
	if (*p != '\0')
		return WARC_ERR_FORMAT;
	struct tm tm = { 0 };
	tm.tm_year = Y - 1900;
	tm.tm_mon = M - 1;
	tm.tm_mday = D;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = sec;
	time_t t = timegm(&tm);
	out->tv_sec = t - off;
	out->tv_nsec = ns;
	return WARC_OK;
}

int warc_date_to_ts14(const char *warc_date, char out[15])
{
	struct timespec ts;
	struct tm tm;
	out[0] = '\0';
	if (warc_parse_date(warc_date, &ts) != WARC_OK)
		return WARC_ERR_FORMAT;
	time_t t = ts.tv_sec;
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0)
		return WARC_ERR_FORMAT;
	char tmp[96];
	snprintf(tmp, sizeof tmp, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	copy_bounded(out, 15, tmp);
	return WARC_OK;
}
