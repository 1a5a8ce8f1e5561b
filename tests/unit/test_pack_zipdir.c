/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pack_zipdir.c - the ZIP central-directory reader (pack/zipdir.c):
 * entries, methods and data offsets of archives made by zip(1), and the
 * hostile or damaged archives it refuses (cut files, local headers that
 * disagree with the directory, data that runs into the next entry).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pack/internal.h"
#include "tests/support/support.h"
#include "warc/warc.h"

TestSuite(pack_zipdir, .init = suite_tmp_init, .fini = suite_tmp_fini);

/* suite_tmp/s.zip: a.txt ("hello", stored) and d/b.txt ("world" 8 times, deflated). */
static char *make_zip(void)
{
	struct run r = run_sh("cd %s && printf hello > a.txt && mkdir d && "
			      "printf worldworldworldworldworldworldworldworld > d/b.txt && "
			      "zip -q -0 s.zip a.txt && zip -q -9 s.zip d/b.txt",
			      suite_tmp);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	char *p = NULL;
	cr_assert(asprintf(&p, "%s/s.zip", suite_tmp) > 0);
	return p;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Overwrite 4 bytes at off with v (little-endian). */
static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Read path, let edit change its bytes, write it back; edit gets the
 * offset of the central directory (from the end record, no comment). */
static void patch(const char *path, void (*edit)(unsigned char *zip, size_t len, uint32_t cd_off))
{
	size_t len;
	unsigned char *b = (unsigned char *)read_file(path, &len);
	cr_assert(b && len > 22);
	cr_assert_eq(le32(b + len - 22), 0x06054b50u, "an end record without a comment");
	edit(b, len, le32(b + len - 22 + 16));
	cr_assert_eq(write_file(path, b, len), 0);
	free(b);
}

Test(pack_zipdir, entries_methods_and_data_offsets)
{
	char *p = make_zip();
	pk_zipdir z;
	warc_error err;
	cr_assert_eq(pk_zipdir_read(p, &z, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(z.n, 2);
	cr_assert_not(z.zip64);
	cr_assert_str_eq(z.e[0].name, "a.txt");
	cr_assert_eq(z.e[0].method, 0, "stored");
	cr_assert_eq(z.e[0].csize, 5);
	cr_assert_str_eq(z.e[1].name, "d/b.txt");
	cr_assert_eq(z.e[1].method, 8, "deflated");
	cr_assert_eq(z.e[1].usize, 40);
	cr_assert_lt(z.e[1].csize, 40);
	size_t len;
	char *bytes = read_file(p, &len);
	cr_assert_not_null(bytes);
	cr_assert_lt(z.e[0].data_off + 5, len);
	cr_assert(!memcmp(bytes + z.e[0].data_off, "hello", 5), "data_off is where the stored bytes start");
	cr_assert_gt(z.e[1].lho, z.e[0].lho);
	free(bytes);
	pk_zipdir_free(&z);
	cr_assert_eq(z.n, 0);
	free(p);
}

Test(pack_zipdir, missing_short_and_cut_files_are_refused)
{
	pk_zipdir z;
	warc_error err;
	char p[600];
	snprintf(p, sizeof p, "%s/none.zip", suite_tmp);
	cr_assert_eq(pk_zipdir_read(p, &z, &err), WARC_ERR_NOTFOUND);
	snprintf(p, sizeof p, "%s/short.zip", suite_tmp);
	cr_assert_eq(write_file(p, "PK", 2), 0);
	cr_assert_eq(pk_zipdir_read(p, &z, &err), WARC_ERR_TRUNCATED);
	cr_assert(strstr(err.msg, "too short"), "%s", err.msg);
	snprintf(p, sizeof p, "%s/text.zip", suite_tmp);
	const char *text = "not a zip file at all, but long enough to hold an end record";
	cr_assert_eq(write_file(p, text, strlen(text)), 0);
	cr_assert_eq(pk_zipdir_read(p, &z, &err), WARC_ERR_TRUNCATED);
	cr_assert(strstr(err.msg, "end of central directory"), "%s", err.msg);
}

static void rename_first_local(unsigned char *zip, size_t len, uint32_t cd_off)
{
	(void)len;
	(void)cd_off;
	cr_assert_eq(le32(zip), 0x04034b50u);
	zip[30] = 'b'; /* "a.txt" -> "b.txt" in the first local header only */
}

Test(pack_zipdir, a_local_header_naming_another_file_is_refused)
{
	char *p = make_zip();
	patch(p, rename_first_local);
	pk_zipdir z;
	warc_error err;
	cr_assert_eq(pk_zipdir_read(p, &z, &err), WARC_ERR_FORMAT);
	cr_assert(strstr(err.msg, "a.txt: local header names another file"), "%s", err.msg);
	free(p);
}

static void grow_first_csize(unsigned char *zip, size_t len, uint32_t cd_off)
{
	cr_assert_lt(cd_off + 46, len);
	cr_assert_eq(le32(zip + cd_off), 0x02014b50u);
	put32(zip + cd_off + 20, 1000); /* a.txt's data would run over d/b.txt */
}

Test(pack_zipdir, data_running_into_the_next_entry_is_refused)
{
	char *p = make_zip();
	patch(p, grow_first_csize);
	pk_zipdir z;
	warc_error err;
	cr_assert_eq(pk_zipdir_read(p, &z, &err), WARC_ERR_FORMAT);
	cr_assert(strstr(err.msg, "a.txt: data overlaps the next entry"), "%s", err.msg);
	free(p);
}

static void point_outside(unsigned char *zip, size_t len, uint32_t cd_off)
{
	put32(zip + len - 22 + 16, cd_off + 100000); /* the directory "starts" past the end */
}

Test(pack_zipdir, a_directory_outside_the_file_is_refused)
{
	char *p = make_zip();
	patch(p, point_outside);
	pk_zipdir z;
	warc_error err;
	cr_assert_neq(pk_zipdir_read(p, &z, &err), WARC_OK);
	cr_assert_neq(err.msg[0], '\0');
	free(p);
}

Test(pack_api, zip_central_directory)
{
	char *t = make_tmpdir();
	cr_assert(t);
	struct run r = run_sh("cd %s && printf hello > a.txt && mkdir d && printf world > d/b.txt && "
			      "zip -q -0 s.zip a.txt && zip -q -9 s.zip d/b.txt && head -c 100 s.zip > cut.zip", t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	char p[512];
	snprintf(p, sizeof p, "%s/s.zip", t);
	pk_zipdir z;
	warc_error err;
	cr_assert_eq(pk_zipdir_read(p, &z, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(z.n, 2);
	cr_assert_str_eq(z.e[0].name, "a.txt");
	cr_assert_eq(z.e[0].method, 0);
	cr_assert_eq(z.e[0].usize, 5);
	cr_assert_str_eq(z.e[1].name, "d/b.txt");
	pk_zipdir_free(&z);
	snprintf(p, sizeof p, "%s/cut.zip", t);
	cr_assert_neq(pk_zipdir_read(p, &z, &err), WARC_OK);
	cr_assert(strstr(err.msg, "central directory"), "%s", err.msg);
	rm_rf(t);
	free(t);
}
