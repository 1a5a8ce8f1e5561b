/* SPDX-License-Identifier: Apache-2.0 */
/*
 * digest.c - labelled WARC digests: computing, formatting and parsing.
 *
 * Hashing is OpenSSL EVP (no hand-written SHA). We write the forms the
 * community settled on (sha1: + uppercase base32, sha256: + lowercase hex)
 * and read every form seen in the wild: labels "sha1", "SHA-1", "sha256",
 * "sha-256" in any case, values in base32, base16 or base64 (standard or
 * URL-safe alphabet, padded or not). The encoding is told apart by length,
 * which is unambiguous for SHA-1 (32/40/27-28 chars) and SHA-256 (52-56/64/
 * 43-44 chars). Parsing never reads past the string's NUL, so hostile
 * values fail cleanly with WARC_ERR_FORMAT.
 */
#include "warc/warc.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct warc_digest {
	EVP_MD_CTX *ctx;
	warc_digest_alg alg;
};

static const EVP_MD *alg_md(warc_digest_alg alg)
{
	return alg == WARC_SHA256 ? EVP_sha256() : EVP_sha1();
}

static size_t alg_len(warc_digest_alg alg)
{
	return alg == WARC_SHA256 ? 32 : 20;
}

warc_digest *warc_digest_new(warc_digest_alg alg)
{
	if (alg != WARC_SHA1 && alg != WARC_SHA256)
		return NULL;
	warc_digest *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->alg = alg;
	d->ctx = EVP_MD_CTX_new();
	if (!d->ctx || EVP_DigestInit_ex(d->ctx, alg_md(alg), NULL) != 1) {
		EVP_MD_CTX_free(d->ctx);
		free(d);
		return NULL;
	}
	return d;
}

void warc_digest_update(warc_digest *d, const void *p, size_t n)
{
	if (d && n)
		EVP_DigestUpdate(d->ctx, p, n);
}

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* Format raw digest bytes in the labelled form for alg. */
static void format_labelled(warc_digest_alg alg, const unsigned char *raw, size_t n,
			    char out[WARC_DIGEST_STR_MAX])
{
	char *o = out;
	if (alg == WARC_SHA256) {
		static const char hex[] = "0123456789abcdef";
		memcpy(o, "sha256:", 7);
		o += 7;
		for (size_t i = 0; i < n; i++) {
			*o++ = hex[raw[i] >> 4];
			*o++ = hex[raw[i] & 15];
		}
	} else {
		memcpy(o, "sha1:", 5);
		o += 5;
		uint32_t acc = 0;
		int bits = 0;
		for (size_t i = 0; i < n; i++) {
			acc = (acc << 8) | raw[i];
			bits += 8;
			while (bits >= 5) {
				*o++ = B32[(acc >> (bits - 5)) & 31];
				bits -= 5;
			}
		}
		if (bits > 0)
			*o++ = B32[(acc << (5 - bits)) & 31];
	}
	*o = '\0';
}

void warc_digest_final(warc_digest *d, char out[WARC_DIGEST_STR_MAX])
{
	unsigned char raw[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	out[0] = '\0';
	if (!d || EVP_DigestFinal_ex(d->ctx, raw, &n) != 1)
		return;
	format_labelled(d->alg, raw, n, out);
}

void warc_digest_free(warc_digest *d)
{
	if (!d)
		return;
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

void warc_digest_buf(warc_digest_alg alg, const void *p, size_t n, char out[WARC_DIGEST_STR_MAX])
{
	unsigned char raw[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	out[0] = '\0';
	if (EVP_Digest(p, n, raw, &len, alg_md(alg), NULL) == 1)
		format_labelled(alg, raw, len, out);
}

/* ---- parsing ----------------------------------------------------------- */

static int b32_val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

static int b64_val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decode n chars of a base-2^bits alphabet into exactly want bytes. */
static bool decode_bits(const char *v, size_t n, int bits, int (*val)(int), unsigned char *raw,
			size_t want)
{
	uint32_t acc = 0;
	int have = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int x = val((unsigned char)v[i]);
		if (x < 0)
			return false;
		acc = (acc << bits) | (uint32_t)x;
		have += bits;
		if (have >= 8) {
			if (o == want)
				return false;
			raw[o++] = (unsigned char)(acc >> (have - 8));
			have -= 8;
			acc &= (1u << have) - 1;
		}
	}
	/* Leftover bits must be zero padding. */
	return o == want && (acc & ((1u << have) - 1)) == 0;
}

int warc_digest_parse(const char *s, warc_digest_alg *alg, unsigned char raw[64], size_t *rawlen)
{
	if (!s)
		return WARC_ERR_FORMAT;
	while (*s == ' ' || *s == '\t')
		s++;
	const char *colon = strchr(s, ':');
	if (!colon)
		return WARC_ERR_FORMAT;
	size_t ll = (size_t)(colon - s);
	warc_digest_alg a;
	if ((ll == 4 && !strncasecmp(s, "sha1", 4)) || (ll == 5 && !strncasecmp(s, "sha-1", 5)))
		a = WARC_SHA1;
	else if ((ll == 6 && !strncasecmp(s, "sha256", 6)) || (ll == 7 && !strncasecmp(s, "sha-256", 7)))
		a = WARC_SHA256;
	else
		return WARC_ERR_FORMAT;

	const char *v = colon + 1;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	size_t pad = 0;
	while (n && v[n - 1] == '=') {
		n--;
		pad++;
	}
	if (pad > 6)
		return WARC_ERR_FORMAT;
	size_t want = alg_len(a);
	size_t b16 = want * 2, b32 = (want * 8 + 4) / 5, b64 = (want * 8 + 5) / 6;
	bool ok;
	if (n == b16 && pad == 0)
		ok = decode_bits(v, n, 4, warc_hex_value, raw, want);
	else if (n == b32)
		ok = decode_bits(v, n, 5, b32_val, raw, want);
	else if (n == b64)
		ok = decode_bits(v, n, 6, b64_val, raw, want);
	else
		ok = false;
	if (!ok)
		return WARC_ERR_FORMAT;
	*alg = a;
	*rawlen = want;
	return WARC_OK;
}

bool warc_digest_matches(const char *labelled, warc_digest_alg alg, const unsigned char *raw, size_t rawlen)
{
	warc_digest_alg a;
	unsigned char got[64];
	size_t n;
	if (warc_digest_parse(labelled, &a, got, &n) != WARC_OK)
		return false;
	return a == alg && n == rawlen && memcmp(got, raw, n) == 0;
}
