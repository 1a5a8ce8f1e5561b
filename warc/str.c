/* SPDX-License-Identifier: Apache-2.0 */
/*
 * str.c - the string helpers every module kept writing: a suffix check
 * (file names: .warc.gz, .open, .wacz...), the bytewise qsort/bsearch
 * comparator of string pointers (the order of `LC_ALL=C sort`), and the
 * escaping of bytes quoted in a message (never raw binary on a terminal).
 */
#include "warc/warc.h"

#include <stdio.h>
#include <string.h>

bool warc_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !memcmp(s + n - k, suffix, k);
}

int warc_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t warc_escape_bytes(char *out, size_t outsz, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i = 0, k = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = s[i] >= 0x80 ? warc_utf8_decode(s + i, n - i, &cp) : 1;
		bool plain = s[i] >= 0x80 ? len > 0 : (s[i] >= 0x20 && s[i] < 0x7f);
		size_t need = plain ? len : 4;
		if (k + need >= outsz)
			break;
		if (plain)
			memcpy(out + k, s + i, len);
		else
			snprintf(out + k, 5, "\\x%02x", s[i]);
		k += need;
		i += plain ? len : 1;
	}
	if (outsz)
		out[k] = '\0';
	return i;
}
