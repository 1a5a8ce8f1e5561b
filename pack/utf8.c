/* SPDX-License-Identifier: Apache-2.0 */
/*
 * utf8.c - is a string well-formed UTF-8?
 *
 * File names and page titles go into archives as UTF-8: packing refuses a
 * name (inputs.c) or drops a title (pages.c) that is not, and verify
 * reports such an entry name (verify.c), all with this one test so that
 * what pack writes, verify accepts.
 * Structural only (lead byte, continuation bytes, no overlong two-byte
 * form); the code points themselves are not judged.
 */
#include "pack/internal.h"

bool pk_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
		if (n < 0 || (n == 1 && *p < 0xc2))
			return false;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return false;
	}
	return true;
}
