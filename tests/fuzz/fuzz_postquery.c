/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_postquery.c - libFuzzer target for the key query of non-GET
 * captures (warc/postquery.c: warcio.js's postToGetUrl): UTF-8 decoding
 * with replacement, form bodies, JSON flattening, multipart fields and
 * boundaries, base64 of anything else, the UTF-16 cut and decodeURI.
 * fuzz_http reaches it only through a request that parses; here every body
 * and every media type get there.
 *
 * Input: one selector byte, then the body. Selector bits 0-2 pick the
 * Content-Type (value 7: the body's first line is the Content-Type, the
 * rest the body), bit 3 says whether the body is complete, bits 4-5 pick
 * the method. Besides "no crash, no leak, no hang" it checks postquery's
 * promises: the key starts "__wb_method=<method lowercased>&", the
 * requestBody is valid UTF-8 of at most WARC_POST_QUERY_MAX UTF-16 units,
 * and the same input gives the same result twice.
 * Seeds: tests/fuzz/corpus/postquery/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "warc/warc.h"

static const char *types[] = {
	"application/x-www-form-urlencoded", "application/json", "application/json; charset=utf-8", "text/plain",
	"multipart/form-data; boundary=XyZ", "multipart/form-data; boundary=\"a b\"; charset=utf-8", NULL,
	"(first line)",
};
static const char *methods[] = { "POST", "put", "PATCH", "DELETE" };

/* Valid UTF-8 of at most max UTF-16 units? */
static bool utf8_units_ok(const unsigned char *p, size_t n, size_t max)
{
	size_t units = 0;
	for (size_t i = 0; i < n;) {
		size_t k;
		uint32_t c, min;
		if (p[i] < 0x80)
			k = 0, c = p[i], min = 0;
		else if ((p[i] & 0xE0) == 0xC0)
			k = 1, c = p[i] & 0x1F, min = 0x80;
		else if ((p[i] & 0xF0) == 0xE0)
			k = 2, c = p[i] & 0x0F, min = 0x800;
		else if ((p[i] & 0xF8) == 0xF0)
			k = 3, c = p[i] & 0x07, min = 0x10000;
		else
			return false;
		if (i + k >= n)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((p[i + j] & 0xC0) != 0x80)
				return false;
			c = c << 6 | (p[i + j] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return false;
		units += c >= 0x10000 ? 2 : 1;
		i += k + 1;
	}
	return units <= max;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size - 1 > WARC_LIMIT_POST_BODY)
		return 0;
	unsigned sel = data[0];
	const char *method = methods[(sel >> 4) & 3];
	bool complete = sel & 8;
	const char *body = (const char *)data + 1;
	size_t n = size - 1;
	char *ct_owned = NULL;
	const char *ct = types[sel & 7];
	if ((sel & 7) == 7) {
		const char *nl = memchr(body, '\n', n);
		size_t l = nl ? (size_t)(nl - body) : n;
		ct = ct_owned = strndup(body, l);
		if (!ct_owned)
			return 0;
		body += nl ? l + 1 : l;
		n -= nl ? l + 1 : l;
	}
	warc_buf key, rb, key2, rb2;
	warc_buf_init(&key, 4 * WARC_POST_QUERY_MAX + 64);
	warc_buf_init(&rb, 4 * WARC_POST_QUERY_MAX + 64);
	warc_buf_init(&key2, 4 * WARC_POST_QUERY_MAX + 64);
	warc_buf_init(&rb2, 4 * WARC_POST_QUERY_MAX + 64);
	if (warc_post_query(method, ct, body, n, complete, &key, &rb) != WARC_OK)
		__builtin_trap();
	char prefix[32] = "__wb_method=";
	size_t pl = strlen(prefix);
	for (const char *m = method; *m; m++)
		prefix[pl++] = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
	prefix[pl++] = '&';
	if (key.len < pl || memcmp(key.data, prefix, pl))
		__builtin_trap();
	if (!utf8_units_ok((const unsigned char *)(rb.data ? rb.data : ""), rb.len, WARC_POST_QUERY_MAX))
		__builtin_trap();
	if (warc_post_query(method, ct, body, n, complete, &key2, &rb2) != WARC_OK || key.len != key2.len ||
	    rb.len != rb2.len || memcmp(key.data, key2.data, key.len) || (rb.len && memcmp(rb.data, rb2.data, rb.len)))
		__builtin_trap();
	warc_buf_free(&key);
	warc_buf_free(&rb);
	warc_buf_free(&key2);
	warc_buf_free(&rb2);
	free(ct_owned);
	return 0;
}
