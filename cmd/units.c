/* SPDX-License-Identifier: Apache-2.0 */
/*
 * units.c - sizes and durations as people write them on a command line:
 * "1GB", "1.5G", "512KiB", "1e9"; "500ms", "2s", "1m", "2h".
 *
 * One reader of decimal numbers for both, in integers: the digits and the
 * power of ten of "1.5" or "1e9" are kept apart and scaled by the unit at
 * the end with overflow checks, so no value is rounded through a double
 * and anything above 2^64-1 is refused rather than wrapped. Units are
 * matched case-insensitively from one table per kind (SPEC.md section on
 * crawl options): decimal SI for k/M/G/T with or without B, binary for
 * KiB/MiB/GiB/TiB, as the IEC prefixes say.
 */
#include "cmd/cmd.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

struct unit {
	const char *name;
	uint64_t mult;
};

#define KI (1ull << 10)
static const struct unit size_units[] = {
	{ "", 1 }, { "b", 1 },
	{ "k", 1000ull }, { "kb", 1000ull }, { "ki", KI }, { "kib", KI },
	{ "m", 1000000ull }, { "mb", 1000000ull }, { "mi", KI * KI }, { "mib", KI * KI },
	{ "g", 1000000000ull }, { "gb", 1000000000ull }, { "gi", KI * KI * KI }, { "gib", KI * KI * KI },
	{ "t", 1000000000000ull }, { "tb", 1000000000000ull }, { "ti", KI * KI * KI * KI },
	{ "tib", KI * KI * KI * KI },
};

static const struct unit duration_units[] = {
	{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "min", 60000 }, { "h", 3600000 },
};

/*
 * A decimal number at *p: digits, an optional fraction, and (with
 * exponent) an optional e/E, '+' and digits. *m gets the significant
 * digits and *exp10 the power of ten they are scaled by. Fraction digits
 * beyond what 64 bits hold are dropped; an integer part that does not fit
 * is refused. Returns -1 when there is no digit at all.
 */
static int read_decimal(const char **p, bool exponent, uint64_t *m, int *exp10)
{
	const char *s = *p;
	uint64_t v = 0;
	int e = 0, digits = 0;
	for (; isdigit((unsigned char)*s); s++, digits++)
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, (uint64_t)(*s - '0'), &v))
			return -1;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++, digits++)
			if (v <= (UINT64_MAX - 9) / 10)
				v = v * 10 + (uint64_t)(*s - '0'), e--;
	if (!digits)
		return -1;
	if (exponent && (*s == 'e' || *s == 'E') && (isdigit((unsigned char)s[1]) ||
						      (s[1] == '+' && isdigit((unsigned char)s[2])))) {
		s += s[1] == '+' ? 2 : 1;
		int x = 0;
		for (; isdigit((unsigned char)*s); s++)
			if (x < 1000)
				x = x * 10 + (*s - '0');
		e += x;
	}
	*p = s;
	*m = v;
	*exp10 = e;
	return 0;
}

/* m * 10^exp10 * mult into *out, truncated toward zero; -1 on overflow. */
static int scale(uint64_t m, int exp10, uint64_t mult, uint64_t *out)
{
	while (exp10 < 0 && m && m % 10 == 0)
		m /= 10, exp10++;
	for (; exp10 > 0 && m; exp10--)
		if (__builtin_mul_overflow(m, 10, &m))
			return -1;
	if (__builtin_mul_overflow(m, mult, &m))
		return -1;
	for (; exp10 < 0 && m; exp10++)
		m /= 10;
	*out = m;
	return 0;
}

/* The multiplier of the unit spelled s in table t (n entries), or 0. */
static uint64_t unit_mult(const struct unit *t, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(t[i].name, s))
			return t[i].mult;
	return 0;
}

int cmd_parse_size(const char *s, uint64_t *out)
{
	uint64_t m;
	int e;
	if (!s || read_decimal(&s, true, &m, &e))
		return -1;
	uint64_t mult = unit_mult(size_units, sizeof size_units / sizeof size_units[0], s);
	return mult ? scale(m, e, mult, out) : -1;
}

int cmd_parse_duration(const char *s, uint64_t bare_ms, uint64_t *ms)
{
	uint64_t m;
	int e;
	if (!s || read_decimal(&s, false, &m, &e))
		return -1;
	uint64_t mult = *s ? unit_mult(duration_units, sizeof duration_units / sizeof duration_units[0], s)
			   : bare_ms;
	return mult ? scale(m, e, mult, ms) : -1;
}
