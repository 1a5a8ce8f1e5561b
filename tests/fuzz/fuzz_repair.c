/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_repair.c - libFuzzer target for crash recovery of a torn
 * NAME.warc.gz.open (warc/repair.c): member-by-member inflation, the WARC
 * head and Content-Length check of each member, and the cut.
 *
 * Input: one selector byte k (mod 8), then pieces separated by two NUL
 * bytes. The first k pieces become one gzip member each (as the writer
 * makes them; a piece is usually a whole record or a damaged one), the
 * rest is appended raw: the torn tail. The file goes through
 * warc_repair_open_file in a private directory. Besides "no crash, no
 * leak, no hang" it checks the repair's promises: it succeeds on any
 * content, the .open name is gone, NAME.warc.gz holds exactly the kept
 * prefix of what was written, and repairing the result again keeps all of
 * it (what was kept is whole records only).
 * Seeds: tests/fuzz/corpus/repair/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "warc/warc.h"

static char dir[64];

static void cleanup(void)
{
	rmdir(dir);
}

/* Append one gzip member of p[0..n) to f. */
static void gzip_member(FILE *f, const unsigned char *p, size_t n)
{
	uLong cap = compressBound((uLong)n) + 64;
	unsigned char *z = malloc(cap);
	z_stream s;
	memset(&s, 0, sizeof s);
	if (!z || deflateInit2(&s, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	s.next_in = (unsigned char *)p;
	s.avail_in = (uInt)n;
	s.next_out = z;
	s.avail_out = (uInt)cap;
	if (deflate(&s, Z_FINISH) != Z_STREAM_END)
		abort();
	if (fwrite(z, 1, s.total_out, f) != s.total_out)
		abort();
	deflateEnd(&s);
	free(z);
}

static uint64_t write_input(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	unsigned k = data[0] % 8;
	const uint8_t *p = data + 1, *end = data + size;
	while (k && p <= end) {
		const uint8_t *sep = memmem(p, (size_t)(end - p), "\0\0", 2);
		const uint8_t *stop = sep ? sep : end;
		gzip_member(f, p, (size_t)(stop - p));
		k--;
		p = sep ? sep + 2 : end + 1;
	}
	if (p < end && fwrite(p, 1, (size_t)(end - p), f) != (size_t)(end - p))
		abort();
	long len = ftell(f);
	fclose(f);
	return (uint64_t)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/wark-fuzz-repair-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		atexit(cleanup);
	}
	char open[128], final[128];
	snprintf(open, sizeof open, "%s/r.warc.gz.open", dir);
	snprintf(final, sizeof final, "%s/r.warc.gz", dir);
	uint64_t written = write_input(open, data, size);
	uint64_t kept = 0, kept2 = 0;
	warc_error err;
	struct stat st;
	if (warc_repair_open_file(open, &kept, &err) != WARC_OK)
		__builtin_trap();   /* any content is repaired */
	if (access(open, F_OK) == 0 || stat(final, &st) || (uint64_t)st.st_size != kept || kept > written)
		__builtin_trap();
	if (rename(final, open))
		abort();
	if (warc_repair_open_file(open, &kept2, &err) != WARC_OK || kept2 != kept)
		__builtin_trap();   /* what was kept is whole records: a second pass keeps it all */
	unlink(final);
	unlink(open);
	return 0;
}
