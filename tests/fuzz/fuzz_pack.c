/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_pack.c - libFuzzer target for archive verification: the bytes become
 * a file (.wacz or .zip when they start with "PK", else .tar, which
 * libarchive may find gzip- or zstd-compressed) and go through
 * pack_verify(): the ZIP central-directory checks, libarchive, the
 * datapackage/manifest/index/pages parsers and the per-WARC checks.
 *
 * Besides "no crash, no leak, no hang" it checks that verification never
 * leaves anything behind in its private temporary directory.
 * Seeds: tests/fuzz/corpus/pack/ (a small WACZ and small bags made by wark).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack/pack.h"

static void ignore(void *ctx, const char *where, bool is_warning, const char *msg)
{
	(void)ctx;
	(void)where;
	(void)is_warning;
	(void)msg;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

static char dir[64];

static void cleanup(void)
{
	char p[128];
	snprintf(p, sizeof p, "%s/t", dir);
	rmdir(p);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/wark-fuzz-pack-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		atexit(cleanup);
	}
	char tmp[128], path[128];
	snprintf(tmp, sizeof tmp, "%s/t", dir);
	mkdir(tmp, 0700);
	bool zip = size >= 2 && data[0] == 'P' && data[1] == 'K';
	snprintf(path, sizeof path, "%s/in.%s", dir, zip ? (size % 2 ? "zip" : "wacz") : "tar");
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	pack_verify_options opt = { .skip_records = false, .tmpdir = tmp };
	pack_verify_result res;
	warc_error err;
	if (pack_verify(path, &opt, ignore, NULL, &res, &err) == WARC_OK && count_entries(tmp) != 0)
		abort();   /* a temporary copy was left behind */
	unlink(path);
	return 0;
}
