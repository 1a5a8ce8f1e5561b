/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_packmeta.c - libFuzzer target for the metadata parsers of WACZ and
 * bag verification, fed directly (fuzz_pack reaches them only through a
 * valid ZIP or tar, which mutation rarely keeps): datapackage.json,
 * datapackage-digest.json, the CDXJ, CDX and ZipNum (.idx + .cdx.gz)
 * indexes, pages.jsonl, bagit.txt, manifest-ALG.txt, tagmanifest-ALG.txt and
 * bag-info.txt (Payload-Oxum).
 *
 * Input: one selector byte (even: WACZ rules, odd: bag rules), then entries
 * "=== NAME\nDATA" one after the other (DATA ends where "\n=== " starts the
 * next one; a NAME ending in '/' is a directory). The entries become pass 1's
 * list as verify.c builds it, and pk_wacz_prepare or pk_bag_prepare runs on
 * them. Besides "no crash, no leak, no hang" it checks what they hand to
 * pass 2: every expectation names a path and carries a lowercase hex digest
 * no longer than its algorithm's, every index line a URL and a filename.
 * Seeds: tests/fuzz/corpus/packmeta/ (a WACZ, a ZipNum WACZ and a bag by wark).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pack/internal.h"

#define MAX_ENTRIES 64

static void count(void *ctx, const char *where, bool is_warning, const char *msg)
{
	(void)is_warning;
	if (!where || !msg)
		__builtin_trap();
	(*(size_t *)ctx)++;
}

/* Split the input into entries; returns false when out of memory. */
static bool add_entries(pk_verify *v, const char *p, size_t n)
{
	static const char SEP[] = "\n=== ";
	if (n < 4 || memcmp(p, "=== ", 4))
		return true;
	p += 4;
	n -= 4;
	while (n && v->n < MAX_ENTRIES) {
		const char *nl = memchr(p, '\n', n);
		size_t namelen = nl ? (size_t)(nl - p) : n;
		const char *data = nl ? nl + 1 : p + n;
		size_t rest = n - (size_t)(data - p);
		const char *next = memmem(data, rest, SEP, sizeof SEP - 1);
		size_t dlen = next ? (size_t)(next - data) : rest;
		char *name = strndup(p, namelen);
		if (!name)
			return false;
		size_t nl2 = strlen(name);   /* a NUL in the name ends it */
		bool dir = nl2 && name[nl2 - 1] == '/';
		int rc = pk_vent_add(v, name, dir ? PK_E_DIR : PK_E_FILE, dir ? 0 : (int64_t)dlen);
		free(name);
		if (rc)
			return false;
		pk_vent *e = &v->e[v->n - 1];
		if (!dir) {
			e->data = malloc(dlen + 1);
			if (!e->data)
				return false;
			memcpy(e->data, data, dlen);
			e->data[dlen] = '\0';
			e->len = dlen;
		}
		if (!next)
			break;
		n -= (size_t)(next + sizeof SEP - 1 - p);
		p = next + sizeof SEP - 1;
	}
	return true;
}

static void check(const pk_verify *v)
{
	for (size_t i = 0; i < v->nx; i++) {
		const pk_expect *x = &v->x[i];
		if (!x->path || !x->source || strlen(x->hex) >= PK_HEX_MAX)
			__builtin_trap();
		for (const char *c = x->hex; *c; c++)
			if (*c >= 'A' && *c <= 'F')
				__builtin_trap();   /* compared with lowercase digests */
	}
	for (size_t i = 0; i < v->nix; i++)
		if (!v->ix[i].url || !v->ix[i].filename || strlen(v->ix[i].ts14) > 14)
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool bag = data[0] & 1;
	pack_verify_options opt = { .skip_records = true };
	pack_verify_result res;
	memset(&res, 0, sizeof res);
	res.kind = bag ? PACK_KIND_BAG : PACK_KIND_WACZ;
	size_t problems = 0;
	pk_verify v;
	memset(&v, 0, sizeof v);
	v.path = "fuzz";
	v.opt = &opt;
	v.fn = count;
	v.fctx = &problems;
	v.res = &res;
	if (add_entries(&v, (const char *)data + 1, size - 1)) {
		pk_vents_sort(&v);
		if (bag) {
			pk_bag_prepare(&v);
		} else {
			snprintf(v.dir_warc, sizeof v.dir_warc, "archive/");
			snprintf(v.dir_indexes, sizeof v.dir_indexes, "indexes/");
			snprintf(v.dir_pages, sizeof v.dir_pages, "pages/");
			pk_wacz_prepare(&v);
		}
		check(&v);
		if (problems != res.problems + res.warnings)
			__builtin_trap();
	}
	pk_verify_free(&v);
	return 0;
}
