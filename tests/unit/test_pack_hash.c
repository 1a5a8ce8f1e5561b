/* SPDX-License-Identifier: Apache-2.0 */
/* test_pack_hash.c - several digests in one pass over the bytes (pack/hash.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "pack/internal.h"

Test(pack_api, hashes_in_one_pass)
{
	pk_hash h;
	warc_error err;
	cr_assert_eq(pk_hash_init(&h, PK_SHA256 | PK_SHA512 | PK_MD5, &err), WARC_OK);
	pk_hash_update(&h, "ab", 2);
	pk_hash_update(&h, "c", 1);
	char a[PK_HEX_MAX], b[PK_HEX_MAX], c[PK_HEX_MAX];
	pk_hash_final(&h, PK_SHA256, a);
	pk_hash_final(&h, PK_SHA512, b);
	pk_hash_final(&h, PK_MD5, c);
	pk_hash_free(&h);
	cr_assert_str_eq(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cr_assert(!strncmp(b, "ddaf35a193617abacc417349ae204131", 32));
	cr_assert_str_eq(c, "900150983cd24fb0d6963f7d28e17f72");
	cr_assert_eq(pk_hash_alg("SHA-256"), PK_SHA256);
	cr_assert_eq(pk_hash_alg("sha512"), PK_SHA512);
	cr_assert_eq(pk_hash_alg("blake3"), 0);
}
