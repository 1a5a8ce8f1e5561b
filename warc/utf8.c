/* SPDX-License-Identifier: Apache-2.0 */
/*
 * utf8.c - well-formed UTF-8 by RFC 3629.
 *
 * CDXJ escaping, charset detection, archive entry names and page titles
 * all ask whether bytes are UTF-8; one decoder keeps them agreeing: a lead
 * byte, its continuation bytes, no overlong form, no surrogate
 * (U+D800-U+DFFF), nothing above U+10FFFF. Replacing decoders (WHATWG's
 * maximal-subpart rule) are built on warc_utf8_decode where needed.
 */
#include "warc/warc.h"

size_t warc_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool warc_utf8_valid(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = warc_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}
