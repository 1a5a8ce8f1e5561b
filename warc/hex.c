/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hex.c - the value of one hexadecimal digit.
 *
 * Chunk sizes, hex digests, percent-escapes in URIs and robots.txt paths
 * all read hex digits; one function keeps them agreeing on what one is
 * (ASCII 0-9, a-f, A-F, nothing else, whatever the locale).
 */
#include "warc/warc.h"

int warc_hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
