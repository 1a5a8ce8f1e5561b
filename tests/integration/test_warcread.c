/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_warcread.c - reading WARCs on their worst day: a wrong Content-Length
 * in a .warc.gz (ls, index and cat keep member offsets), truncated members
 * (one problem), directories where a WARC is expected (a crawl directory's
 * WARCs, else bad usage), 'wark cat' byte for byte as stored, and
 * 'cat --payload' streaming a 200 MB payload in constant memory, and a block
 * that ends inside its HTTP head (cat --headers, index), and a binary file
 * quoted in messages as \xNN, never as raw bytes (ls, cat, index, verify).
 * The damaged files are built here with zlib, one gzip member per record.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "tests/support/support.h"

#define NREC 4

/* One resource record whose Content-Length is its block's length + delta. */
static char *resource_record(int i, const char *body, long delta, size_t *len)
{
	char *rec = NULL;
	int n = asprintf(&rec,
			 "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n"
			 "WARC-Date: 2024-01-01T00:00:0%dZ\r\nWARC-Target-URI: http://example.com/%d\r\n"
			 "Content-Type: text/plain\r\nContent-Length: %ld\r\n\r\n%s\r\n\r\n",
			 i, i, i, (long)strlen(body) + delta, body);
	cr_assert_gt(n, 0);
	*len = (size_t)n;
	return rec;
}

/* path gets NREC records, each in its own gzip member, the first with a
 * Content-Length off by delta; offs[] receives the member offsets. */
static void write_members(const char *path, long delta, long offs[NREC])
{
	static const char *const bodies[NREC] = {
		"first body first body first body first body first body first body first body first body\n",
		"second\n", "third record body\n", "fourth\n",
	};
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	long at = 0;
	for (int i = 0; i < NREC; i++) {
		size_t len;
		char *rec = resource_record(i, bodies[i], i == 0 ? delta : 0, &len);
		unsigned char *gz;
		size_t glen = deflate_bytes(31, rec, len, &gz);
		cr_assert_eq(fwrite(gz, 1, glen, f), glen);
		offs[i] = at;
		at += (long)glen;
		free(gz);
		free(rec);
	}
	cr_assert_eq(fclose(f), 0);
}

/* The gzip member starting at p, inflated (malloc'd, *n bytes). */
static char *inflate_member(const unsigned char *p, size_t avail, size_t *n)
{
	z_stream z = { 0 };
	cr_assert_eq(inflateInit2(&z, 31), Z_OK);
	size_t cap = 1 << 16;
	char *out = malloc(cap);
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)avail;
	int rc;
	do {
		if (z.total_out == cap)
			out = realloc(out, cap *= 2);
		z.next_out = (unsigned char *)out + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		rc = inflate(&z, Z_NO_FLUSH);
	} while (rc == Z_OK);
	cr_assert_eq(rc, Z_STREAM_END, "member does not inflate");
	*n = z.total_out;
	inflateEnd(&z);
	return out;
}

/* The first column of each line of ls (or the "offset" of each CDXJ line), as "a b c ". */
static void first_numbers(const char *out, const char *key, char *buf, size_t sz)
{
	buf[0] = '\0';
	for (const char *line = out; line && *line;) {
		const char *p = key ? strstr(line, key) : line;
		const char *nl = strchr(line, '\n');
		if (p && (!nl || p < nl)) {
			p += key ? strlen(key) : 0;
			size_t len = strlen(buf);
			snprintf(buf + len, sz - len, "%ld ", strtol(p, NULL, 10));
		}
		line = nl ? nl + 1 : NULL;
	}
}

/* wark cat PATH --offset off, compared byte for byte with want[0..n). */
static void expect_cat(const char *path, long off, const char *want, size_t n)
{
	char *tmp = make_tmpdir(), *out = NULL;
	cr_assert(asprintf(&out, "%s/cat.out", tmp) > 0);
	struct run r = run_wark("cat '%s' --offset %ld > '%s'", path, off, out);
	cr_expect_eq(r.status, 0, "cat at %ld: %s", off, r.err);
	size_t got_n = 0;
	char *got = read_file(out, &got_n);
	cr_assert_not_null(got);
	cr_expect_eq(got_n, n, "cat at %ld: %zu bytes out for a %zu-byte record", off, got_n, n);
	cr_expect(got_n == n && !memcmp(got, want, n), "cat at %ld: bytes differ from the record as stored", off);
	free(got);
	run_free(&r);
	free(out);
	rm_rf(tmp);
	free(tmp);
}

static void check_bad_content_length(long delta)
{
	char *tmp = make_tmpdir(), *path = NULL;
	cr_assert(asprintf(&path, "%s/bad.warc.gz", tmp) > 0);
	long offs[NREC];
	write_members(path, delta, offs);
	char want[256];
	snprintf(want, sizeof want, "%ld %ld %ld %ld ", offs[0], offs[1], offs[2], offs[3]);

	struct run r = run_wark("ls '%s'", path);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect_eq(count_lines(r.err), 1, "the damage once: %s", r.err);
	cr_expect(strstr(r.err, "offset 0:"), "%s", r.err);
	char got[256];
	first_numbers(r.out, NULL, got, sizeof got);
	cr_expect_str_eq(got, want, "ls offsets are the members' offsets:\n%s", r.out);
	run_free(&r);

	r = run_wark("index '%s'", path);
	cr_expect_eq(r.status, 1, "%s", r.err);
	first_numbers(r.out, "\"offset\": \"", got, sizeof got);
	snprintf(want, sizeof want, "%ld %ld %ld ", offs[1], offs[2], offs[3]);
	cr_expect_str_eq(got, want, "index offsets are the members' offsets:\n%s", r.out);
	run_free(&r);

	r = run_wark("verify '%s'", path);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.out, ": 4 records, 0 digests checked, 1 problem,"), "%s", r.out);
	cr_expect_null(strstr(r.out, "one gzip stream"), "%s", r.out);
	run_free(&r);

	size_t flen;
	unsigned char *file = (unsigned char *)read_file(path, &flen);
	for (int i = 1; i < NREC; i++) {
		size_t n;
		char *rec = inflate_member(file + offs[i], flen - (size_t)offs[i], &n);
		expect_cat(path, offs[i], rec, n);
		free(rec);
	}
	free(file);
	free(path);
	rm_rf(tmp);
	free(tmp);
}

Test(warcread, content_length_too_small_resyncs_at_the_next_member)
{
	check_bad_content_length(-37);
}

Test(warcread, content_length_too_large_keeps_the_next_record)
{
	check_bad_content_length(100);
}

Test(warcread, truncated_member_is_one_problem)
{
	char *tmp = make_tmpdir(), *path = NULL;
	cr_assert(asprintf(&path, "%s/trunc.warc.gz", tmp) > 0);
	/* a block that does not compress, cut in the middle of its member */
	char *body = malloc(200001);
	unsigned s = 12345;
	for (int i = 0; i < 200000; i++) {
		s = s * 1103515245u + 12345u;
		body[i] = (char)('!' + (s >> 16) % 90);
	}
	body[200000] = '\0';
	size_t len;
	char *rec = resource_record(0, body, 0, &len);
	unsigned char *gz;
	size_t glen = deflate_bytes(31, rec, len, &gz);
	cr_assert_eq(write_file(path, gz, glen / 2), 0);
	struct run r = run_wark("verify '%s'", path);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.out, "1 records, 0 digests checked, 1 problem,"), "%s", r.out);
	run_free(&r);
	r = run_wark("ls '%s'", path);
	cr_expect_eq(r.status, 1);
	cr_expect_eq(count_lines(r.err), 1, "%s", r.err);
	run_free(&r);
	free(gz);
	free(rec);
	free(body);
	free(path);
	rm_rf(tmp);
	free(tmp);
}

/* Offsets and lengths from ls. */
static int ls_records(const char *path, long *off, long *len, int max)
{
	struct run r = run_wark("ls '%s'", path);
	cr_assert_eq(r.status, 0, "%s", r.err);
	int n = 0;
	for (const char *line = r.out; *line && n < max;) {
		off[n] = strtol(line, NULL, 10);
		const char *nl = strchr(line, '\n');
		const char *last = nl;
		while (last > line && last[-1] != '\t')
			last--;
		len[n++] = strtol(last, NULL, 10);
		line = nl + 1;
	}
	run_free(&r);
	return n;
}

Test(warcread, cat_prints_each_record_byte_for_byte)
{
	long off[64], len[64];
	/* .warc.gz: the member inflated */
	char *gzp = fixture_path("warc/example.warc.gz");
	size_t flen;
	unsigned char *file = (unsigned char *)read_file(gzp, &flen);
	int n = ls_records(gzp, off, len, 64);
	cr_assert_eq(n, 6);
	for (int i = 0; i < n; i++) {
		size_t rn;
		char *rec = inflate_member(file + off[i], (size_t)len[i], &rn);
		expect_cat(gzp, off[i], rec, rn);
		free(rec);
	}
	free(file);
	free(gzp);
	/* .warc: the byte range, also with LF-only header lines and a short trailer */
	char *tmp = make_tmpdir(), *plain = NULL;
	cr_assert(asprintf(&plain, "%s/lf.warc", tmp) > 0);
	const char *lf = "WARC/1.0\nWARC-Type: resource\nWARC-Record-ID: <urn:uuid:1>\nWARC-Date: 2024-01-01T00:00:00Z\n"
			 "Content-Length: 5\n\nhello\r\n"
			 "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:2>\r\n"
			 "WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Length: 3\r\n\r\nbye\r\n\r\n";
	cr_assert_eq(write_file(plain, lf, strlen(lf)), 0);
	char *ex = fixture_path("warc/example.warc");
	const char *plains[] = { ex, plain };
	for (int k = 0; k < 2; k++) {
		file = (unsigned char *)read_file(plains[k], &flen);
		n = ls_records(plains[k], off, len, 64);
		cr_assert_gt(n, 1);
		for (int i = 0; i < n; i++)
			expect_cat(plains[k], off[i], (const char *)file + off[i], (size_t)len[i]);
		free(file);
	}
	free(ex);
	free(plain);
	rm_rf(tmp);
	free(tmp);
}

/* A response whose body is MIB MiB of zeros gzip-coded and sent chunked in 64 KiB chunks. */
static void write_big_payload_warc(const char *path, unsigned long mib)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	/* the coded body */
	size_t cap = 1 << 20, clen = 0;
	unsigned char *coded = malloc(cap);
	static unsigned char zeros[1 << 20];
	z_stream z = { 0 };
	cr_assert_eq(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
	for (unsigned long i = 0; i <= mib; i++) {
		z.next_in = zeros;
		z.avail_in = i < mib ? sizeof zeros : 0;
		int flush = i < mib ? Z_NO_FLUSH : Z_FINISH;
		int rc;
		do {
			if (cap - clen < 65536)
				coded = realloc(coded, cap *= 2);
			z.next_out = coded + clen;
			z.avail_out = (uInt)(cap - clen);
			rc = deflate(&z, flush);
			clen = cap - z.avail_out;
		} while (flush == Z_FINISH ? rc != Z_STREAM_END : z.avail_in > 0);
	}
	deflateEnd(&z);
	/* chunked */
	char *body = malloc(clen + clen / 1000 + 4096);
	size_t blen = (size_t)sprintf(body, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
					   "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
	for (size_t at = 0; at < clen; at += 65536) {
		size_t k = clen - at < 65536 ? clen - at : 65536;
		blen += (size_t)sprintf(body + blen, "%zx\r\n", k);
		memcpy(body + blen, coded + at, k);
		blen += k;
		blen += (size_t)sprintf(body + blen, "\r\n");
	}
	blen += (size_t)sprintf(body + blen, "0\r\n\r\n");
	fprintf(f, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:big>\r\n"
		   "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: http://example.com/big\r\n"
		   "Content-Type: application/http;msgtype=response\r\nContent-Length: %zu\r\n\r\n", blen);
	cr_assert_eq(fwrite(body, 1, blen, f), blen);
	fputs("\r\n\r\n", f);
	cr_assert_eq(fclose(f), 0);
	free(body);
	free(coded);
}

/* "BYTES RSS_KB" of 'wark cat --payload' (bytes out counted by wc). */
static void cat_payload(const char *path, const char *extra, long *bytes, long *rss_kb, int *status)
{
	struct run r = run_sh("/usr/bin/time -f 'RSS=%%M' -o '%s.time' %s cat '%s' --offset 0 --payload %s "
			      "2>'%s.err' | wc -c; cat '%s.time' '%s.err'",
			      path, wark_bin(), path, extra, path, path, path);
	*bytes = strtol(r.out, NULL, 10);
	const char *p = strstr(r.out, "RSS=");
	cr_assert_not_null(p, "%s", r.out);
	*rss_kb = strtol(p + 4, NULL, 10);
	*status = strstr(r.out, "Command exited with non-zero status") ? 1 : 0;
	run_free(&r);
}

Test(warcread, cat_payload_streams_in_constant_memory, .timeout = 180)
{
	char *tmp = make_tmpdir(), *path = NULL;
	cr_assert(asprintf(&path, "%s/big.warc", tmp) > 0);
	write_big_payload_warc(path, 200);
	long bytes, rss;
	int failed;
	cat_payload(path, "", &bytes, &rss, &failed);
	cr_expect_eq(failed, 0);
	cr_expect_eq(bytes, 200L << 20, "the whole payload, de-chunked and decoded: %ld bytes", bytes);
	const char *variant = getenv("WARK_VARIANT");
	/* RSS means something only in the release build (ASan's shadow, valgrind's own heap) */
	bool asan = variant && strcmp(variant, "release");
	if (!asan)
		cr_expect_lt(rss, 64 * 1024, "cat --payload of 200 MB took %ld KB of memory", rss);
	/* a bomb stops at --max-payload, in constant memory too */
	cat_payload(path, "--max-payload 1000000", &bytes, &rss, &failed);
	cr_expect_eq(failed, 1);
	cr_expect_eq(bytes, 1000000);
	if (!asan)
		cr_expect_lt(rss, 64 * 1024, "%ld KB", rss);
	free(path);
	rm_rf(tmp);
	free(tmp);
}

Test(warcread, cat_headers_with_payload_is_bad_usage)
{
	char *p = fixture_path("warc/example.warc.gz");
	struct run r = run_wark("cat '%s' --offset 0 --headers --payload", p);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "exclude"), "%s", r.err);
	cr_expect_str_eq(r.out, "");
	run_free(&r);
	free(p);
}

Test(warcread, a_directory_that_holds_no_crawl_is_bad_usage)
{
	char *tmp = make_tmpdir();
	const char *cmds[] = { "ls %s/adir", "index %s/adir", "verify %s/adir", "cat %s/adir --offset 0",
			       "ls %s/empty", "index %s/empty" };
	struct run r = run_sh("mkdir -p %s/adir %s/empty/warc", tmp, tmp);
	run_free(&r);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		char cmd[512];
		snprintf(cmd, sizeof cmd, cmds[i], tmp);
		r = run_wark("%s", cmd);
		cr_expect_eq(r.status, 2, "wark %s: exit %d: %s", cmd, r.status, r.err);
		cr_expect_eq(count_lines(r.err), 1, "wark %s: %s", cmd, r.err);
		cr_expect(strstr(r.err, tmp) && (strstr(r.err, "directory") || strstr(r.err, "no WARC files")),
			  "wark %s: %s", cmd, r.err);
		cr_expect_str_eq(r.out, "");
		run_free(&r);
	}
	rm_rf(tmp);
	free(tmp);
}

Test(warcread, a_crawl_directory_gives_its_warcs, .timeout = 60)
{
	char *tmp = make_tmpdir();
	char *a = fixture_path("warc/example.warc.gz"), *b = fixture_path("warc/post-test.warc.gz");
	struct run r = run_sh("mkdir -p %s/cr/warc && cp %s %s/cr/warc/a.warc.gz && cp %s %s/cr/warc/b.warc.gz && "
			      "echo torn > %s/cr/warc/c.warc.gz.open",
			      tmp, a, tmp, b, tmp, tmp);
	cr_assert_eq(r.status, 0);
	run_free(&r);
	const char *cmds[] = { "ls", "index", "verify" };
	for (size_t i = 0; i < 3; i++) {
		struct run dir = run_wark("%s %s/cr", cmds[i], tmp);
		struct run files = run_wark("%s %s/cr/warc/a.warc.gz %s/cr/warc/b.warc.gz", cmds[i], tmp, tmp);
		cr_expect_eq(dir.status, 0, "%s: %s", cmds[i], dir.err);
		cr_expect_eq(files.status, 0, "%s: %s", cmds[i], files.err);
		cr_expect_str_eq(dir.out, files.out, "wark %s on the crawl directory", cmds[i]);
		cr_expect_str_eq(dir.err, "");
		run_free(&dir);
		run_free(&files);
	}
	free(a);
	free(b);
	rm_rf(tmp);
	free(tmp);
}

/* A response block that ends inside its HTTP head is a head-only message
 * (SPEC.md, HTTP message layer): cat --headers prints the block as stored,
 * index gives its status and mime (as warcio.js cdx-index does). */
Test(warcread, head_only_block_is_read_as_a_head)
{
	char *tmp = make_tmpdir(), *path = NULL;
	cr_assert(asprintf(&path, "%s/headonly.warc", tmp) > 0);
	const char *block = "HTTP/1.1 304 Not Modified\r\nContent-Type: text/html\r\n";
	char *rec = NULL;
	int n = asprintf(&rec,
			 "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
			 "WARC-Date: 2025-01-01T00:00:00Z\r\nWARC-Target-URI: http://example.com/h\r\n"
			 "Content-Type: application/http;msgtype=response\r\nContent-Length: %zu\r\n\r\n%s\r\n\r\n",
			 strlen(block), block);
	cr_assert_gt(n, 0);
	cr_assert_eq(write_file(path, rec, (size_t)n), 0);
	struct run r = run_wark("cat '%s' --offset 0 --headers", path);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(strlen(r.out), (size_t)n - 4, "%s", r.out);
	cr_expect(strstr(r.out, "\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Type: text/html\r\n") &&
		  !strstr(r.out, "text/html\r\n\r\n"), "%s", r.out);
	run_free(&r);
	r = run_wark("index '%s'", path);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"mime\": \"text/html\", \"status\": \"304\""), "%s", r.out);
	run_free(&r);
	free(rec);
	free(path);
	rm_rf(tmp);
	free(tmp);
}

/* No control byte but newlines, no DEL, none of the file's stray 0xfe/0xff. */
static bool printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f || *p >= 0xfe)
			return false;
	return true;
}

Test(warcread, binary_input_is_quoted_escaped)
{
	char *tmp = make_tmpdir();
	char path[4096];
	snprintf(path, sizeof path, "%s/bin.warc", tmp);
	static const unsigned char bin[] = "\x7f" "ELF\x02\x01\x00\x1b[2J\xff\xfe h\xc3\xa9 \x00\x00\x00\x00\x00\x00"
					   "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
	cr_assert_eq(write_file(path, bin, sizeof bin - 1), 0);
	const char *cmds[] = { "ls", "cat '%s' 0", "index", "verify" };
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		char cmd[8192];
		if (strchr(cmds[i], '%'))
			snprintf(cmd, sizeof cmd, cmds[i], path);
		else
			snprintf(cmd, sizeof cmd, "%s '%s'", cmds[i], path);
		struct run r = run_wark("%s", cmd);
		cr_expect_eq(r.status, 1, "wark %s: exit %d", cmd, r.status);
		const char *msg = i == 3 ? r.out : r.err;
		cr_expect(printable(r.out) && printable(r.err), "wark %s: raw bytes in: %s%s", cmd, r.out, r.err);
		cr_expect(strstr(msg, "found '\\x7fELF\\x02\\x01\\x00\\x1b[2J\\xff\\xfe h\xc3\xa9 \\x00"), "wark %s: %s",
			  cmd, msg);
		cr_expect(strstr(msg, "\\x00...'"), "wark %s: cut at 35 bytes: %s", cmd, msg);
		run_free(&r);
	}
	rm_rf(tmp);
	free(tmp);
}
