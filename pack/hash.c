/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hash.c - several OpenSSL EVP digests fed from one pass over the bytes.
 *
 * Packing and verifying read each file once, so every digest a manifest
 * needs (sha256 for WACZ, sha256+sha512 for BagIt, whatever algorithm a
 * foreign bag uses) is computed side by side on the same buffer.
 */
#include "pack/internal.h"

#include <openssl/evp.h>
#include <string.h>
#include <strings.h>

static const struct {
	unsigned bit;
	const char *name;
} algs[PK_NALGS] = {
	{ PK_MD5, "md5" }, { PK_SHA1, "sha1" }, { PK_SHA256, "sha256" }, { PK_SHA512, "sha512" },
};

static const EVP_MD *alg_md(unsigned bit)
{
	switch (bit) {
	case PK_MD5: return EVP_md5();
	case PK_SHA1: return EVP_sha1();
	case PK_SHA256: return EVP_sha256();
	case PK_SHA512: return EVP_sha512();
	}
	return NULL;
}

static int alg_index(unsigned bit)
{
	for (int i = 0; i < PK_NALGS; i++)
		if (algs[i].bit == bit)
			return i;
	return -1;
}

unsigned pk_hash_alg(const char *name)
{
	char norm[16];
	size_t j = 0;
	for (const char *p = name; *p && j + 1 < sizeof norm; p++)
		if (*p != '-' && *p != '_')
			norm[j++] = (char)(*p | 0x20);
	norm[j] = '\0';
	for (int i = 0; i < PK_NALGS; i++)
		if (!strcmp(norm, algs[i].name))
			return algs[i].bit;
	return 0;
}

const char *pk_hash_name(unsigned alg)
{
	int i = alg_index(alg);
	return i < 0 ? "?" : algs[i].name;
}

int pk_hash_init(pk_hash *h, unsigned want, warc_error *err)
{
	memset(h, 0, sizeof *h);
	h->algs = want;
	for (int i = 0; i < PK_NALGS; i++) {
		if (!(want & algs[i].bit))
			continue;
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		if (!c || EVP_DigestInit_ex(c, alg_md(algs[i].bit), NULL) != 1) {
			EVP_MD_CTX_free(c);
			pk_hash_free(h);
			return warc_fail(err, WARC_ERR_NOMEM, "cannot start %s digest", algs[i].name);
		}
		h->ctx[i] = c;
	}
	return WARC_OK;
}

void pk_hash_update(pk_hash *h, const void *p, size_t n)
{
	for (int i = 0; i < PK_NALGS; i++)
		if (h->ctx[i])
			EVP_DigestUpdate(h->ctx[i], p, n);
}

static void to_hex(const unsigned char *raw, unsigned n, char out[PK_HEX_MAX])
{
	static const char hx[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = hx[raw[i] >> 4];
		out[2 * i + 1] = hx[raw[i] & 15];
	}
	out[2 * n] = '\0';
}

void pk_hash_final(pk_hash *h, unsigned alg, char out[PK_HEX_MAX])
{
	int i = alg_index(alg);
	out[0] = '\0';
	if (i < 0 || !h->ctx[i])
		return;
	unsigned char raw[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_DigestFinal_ex(h->ctx[i], raw, &n);
	to_hex(raw, n, out);
}

void pk_hash_free(pk_hash *h)
{
	for (int i = 0; i < PK_NALGS; i++) {
		EVP_MD_CTX_free(h->ctx[i]);
		h->ctx[i] = NULL;
	}
}

void pk_hash_buf(unsigned alg, const void *p, size_t n, char out[PK_HEX_MAX])
{
	unsigned char raw[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	out[0] = '\0';
	if (alg_md(alg) && EVP_Digest(p, n, raw, &len, alg_md(alg), NULL) == 1)
		to_hex(raw, len, out);
}
