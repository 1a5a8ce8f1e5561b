/* SPDX-License-Identifier: Apache-2.0 */
/*
 * str.c - the two string tests every module kept writing: a suffix check
 * (file names: .warc.gz, .open, .wacz...) and the bytewise qsort/bsearch
 * comparator of string pointers (the order of `LC_ALL=C sort`).
 */
#include "warc/warc.h"

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
