/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_bigrecord.c - a record far larger than memory budgets streams through
 * wark verify and wark ls in constant memory. The block is a sparse file of
 * zeros (no disk cost): 5 GiB in the release run, 1 GiB under ASan.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/support/support.h"
#include "warc/warc.h"

static char *make_sparse_warc(const char *dir, unsigned long long size)
{
	char *path;
	cr_assert(asprintf(&path, "%s/big.warc", dir) > 0);
	/* digest of the zeros, computed the slow honest way by OpenSSL through the library */
	warc_digest *d = warc_digest_new(WARC_SHA1);
	static unsigned char zeros[1 << 20];
	for (unsigned long long left = size; left; ) {
		size_t n = left < sizeof zeros ? (size_t)left : sizeof zeros;
		warc_digest_update(d, zeros, n);
		left -= n;
	}
	char dig[WARC_DIGEST_STR_MAX];
	warc_digest_final(d, dig);
	warc_digest_free(d);
	char head[512];
	int hl = snprintf(head, sizeof head,
			  "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:6d3bd1b4-8f0e-4c53-9a3e-0f1e2d3c4b5a>\r\n"
			  "WARC-Date: 2025-01-01T00:00:00Z\r\nWARC-Target-URI: http://example.com/big.bin\r\n"
			  "Content-Type: application/octet-stream\r\nWARC-Block-Digest: %s\r\nWARC-Payload-Digest: %s\r\n"
			  "Content-Length: %llu\r\n\r\n", dig, dig, size);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, head, (size_t)hl), hl);
	cr_assert_eq(ftruncate(fd, (off_t)(hl + size)), 0);
	cr_assert_eq(lseek(fd, 0, SEEK_END), (off_t)(hl + size));
	cr_assert_eq(write(fd, "\r\n\r\n", 4), 4);
	close(fd);
	return path;
}

Test(bigrecord, verify_streams_in_constant_memory, .timeout = 300)
{
	const char *variant = getenv("WARK_VARIANT");
	if (variant && !strcmp(variant, "valgrind"))
		cr_skip_test("measures peak RSS, which under valgrind is valgrind's; and 5 GB through memcheck takes hours");
	unsigned long long size = (variant && !strcmp(variant, "asan")) ? (1ull << 30) : (5ull << 30);
	char *dir = make_tmpdir();
	char *path = make_sparse_warc(dir, size);
	struct run r = run_sh("/usr/bin/time -f 'RSS %%M' %s verify '%s'", wark_bin(), path);
	cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, ": OK: 1 records, 2 digests checked"), "%s", r.out);
	const char *rss = strstr(r.err, "RSS ");
	cr_assert(rss, "%s", r.err);
	long kb = atol(rss + 4);
	cr_expect_lt(kb, 80 * 1024, "peak RSS %ld KiB while verifying a %llu-byte record", kb, size);
	run_free(&r);
	r = run_wark("ls '%s'", path);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "resource\t2025-01-01T00:00:00Z\thttp://example.com/big.bin"), "%s", r.out);
	run_free(&r);
	free(path);
	rm_rf(dir);
	free(dir);
}
