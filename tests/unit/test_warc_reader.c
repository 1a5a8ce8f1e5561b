/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_reader.c - the streaming reader on hand-built records: offsets,
 * lengths, gzip members, damage and resynchronisation, bounded headers. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <zlib.h>

#include "warc/warc.h"

static size_t make_record(char *out, size_t cap, const char *type, const char *block)
{
	return (size_t)snprintf(out, cap,
				"WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%08d-0000-4000-8000-000000000000>\r\n"
				"WARC-Date: 2025-01-01T00:00:00Z\r\nContent-Length: %zu\r\n\r\n%s\r\n\r\n",
				type, (int)strlen(block), strlen(block), block);
}

static size_t gzip_member(const char *in, size_t n, unsigned char *out, size_t cap)
{
	z_stream z = { 0 };
	cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t len = cap - z.avail_out;
	deflateEnd(&z);
	return len;
}

struct seen {
	int n;
	char types[8][16];
	uint64_t off[8], len[8];
	char blocks[8][64];
	int errors;
};

static void read_all(const void *data, size_t size, struct seen *s)
{
	memset(s, 0, sizeof *s);
	FILE *f = fmemopen((void *)data, size, "rb");
	warc_reader *r;
	warc_error err;
	cr_assert_eq(warc_reader_open_stream(&r, f, "mem", &err), WARC_OK);
	for (int guard = 0; guard < 50; guard++) {
		warc_record *rec;
		int rc = warc_reader_next(r, &rec, &err);
		if (rc == WARC_EOF)
			break;
		if (rc) {
			s->errors++;
			continue;
		}
		int i = s->n++;
		snprintf(s->types[i], sizeof s->types[i], "%s", warc_record_type(rec));
		char tiny[3];
		size_t k = 0;
		ssize_t n;
		/* read in 3-byte pieces to exercise window edges */
		while ((n = warc_record_read(rec, tiny, sizeof tiny, &err)) > 0 && k + (size_t)n < sizeof s->blocks[i]) {
			memcpy(s->blocks[i] + k, tiny, (size_t)n);
			k += (size_t)n;
		}
		if (warc_record_finish(rec, &err) != WARC_OK)
			s->errors++;
		s->off[i] = warc_record_offset(rec);
		s->len[i] = warc_record_length(rec);
	}
	warc_reader_close(r);
	fclose(f);
}

Test(reader, plain_offsets_and_lengths)
{
	char buf[2048];
	size_t a = make_record(buf, sizeof buf, "resource", "hello");
	size_t b = make_record(buf + a, sizeof buf - a, "metadata", "x: y\r\n");
	struct seen s;
	read_all(buf, a + b, &s);
	cr_assert_eq(s.n, 2);
	cr_assert_eq(s.errors, 0);
	cr_expect_str_eq(s.types[1], "metadata");
	cr_expect_str_eq(s.blocks[0], "hello");
	cr_expect_eq(s.off[0], 0);
	cr_expect_eq(s.len[0], a);
	cr_expect_eq(s.off[1], a);
	cr_expect_eq(s.len[1], b);
}

Test(reader, gzip_members_give_compressed_offsets)
{
	char rec[1024];
	unsigned char gz[4096];
	size_t off[3], total = 0;
	const char *types[3] = { "warcinfo", "response", "request" };
	for (int i = 0; i < 3; i++) {
		size_t n = make_record(rec, sizeof rec, types[i], "some block bytes");
		off[i] = total;
		total += gzip_member(rec, n, gz + total, sizeof gz - total);
	}
	struct seen s;
	read_all(gz, total, &s);
	cr_assert_eq(s.n, 3);
	cr_assert_eq(s.errors, 0);
	for (int i = 0; i < 3; i++) {
		cr_expect_str_eq(s.types[i], types[i]);
		cr_expect_eq(s.off[i], off[i]);
		cr_expect_eq(s.len[i], (i < 2 ? off[i + 1] : total) - off[i]);
	}
}

Test(reader, garbage_between_records_is_an_error_then_resync)
{
	char buf[4096];
	size_t a = make_record(buf, sizeof buf, "resource", "one");
	size_t g = (size_t)sprintf(buf + a, "this is not a record\r\nat all\r\n");
	size_t b = make_record(buf + a + g, sizeof buf - a - g, "resource", "two");
	struct seen s;
	read_all(buf, a + g + b, &s);
	cr_expect_eq(s.n, 2);
	cr_expect_eq(s.errors, 1);
	cr_expect_str_eq(s.blocks[1], "two");
	cr_expect_eq(s.off[1], a + g);
}

Test(reader, wrong_content_length_recovers_at_next_record)
{
	char buf[4096];
	size_t a = make_record(buf, sizeof buf, "resource", "0123456789");
	size_t b = make_record(buf + a, sizeof buf - a, "resource", "next");
	char *cl = strstr(buf, "Content-Length: 10");
	cl[16] = '3'; /* 30: runs into the next record */
	struct seen s;
	read_all(buf, a + b, &s);
	cr_expect_eq(s.n, 2, "both records found");
	cr_expect_geq(s.errors, 1);
	cr_expect_str_eq(s.blocks[1], "next");
}

Test(reader, truncated_gzip_member_is_an_error_not_a_crash)
{
	char rec[1024];
	unsigned char gz[4096];
	size_t n = make_record(rec, sizeof rec, "resource", "a block that will be cut");
	size_t len = gzip_member(rec, n, gz, sizeof gz);
	struct seen s;
	read_all(gz, len - 9, &s);
	cr_expect_geq(s.errors, 1);
}

Test(reader, oversized_header_fails_cleanly)
{
	size_t size = WARC_LIMIT_HEADER + 4096;
	char *buf = malloc(size + 512);
	size_t n = (size_t)sprintf(buf, "WARC/1.1\r\n");
	while (n < size) {
		n += (size_t)sprintf(buf + n, "X-Filler: %0200d\r\n", 0);
	}
	struct seen s;
	read_all(buf, n, &s);
	cr_expect_eq(s.n, 0);
	cr_expect_geq(s.errors, 1);
	free(buf);
}

Test(reader, missing_content_length_is_an_error)
{
	const char *bad = "WARC/1.1\r\nWARC-Type: resource\r\n\r\nabc\r\n\r\n";
	struct seen s;
	read_all(bad, strlen(bad), &s);
	cr_expect_eq(s.n, 0);
	cr_expect_geq(s.errors, 1);
}

/* Three records, one gzip member each, the first with Content-Length 10 set to
 * wrong_cl; read with warc_reader_resync() after each error (as extract does),
 * skipping the first block unread. The other two keep their member offsets. */
static void gzip_wrong_length(const char *wrong_cl)
{
	char rec[1024];
	unsigned char gz[4096];
	size_t off[3], total = 0;
	const char *blocks[3] = { "0123456789", "second", "third" };
	for (int i = 0; i < 3; i++) {
		size_t n = make_record(rec, sizeof rec, "resource", blocks[i]);
		if (i == 0)
			memcpy(strstr(rec, "Content-Length: 10") + 16, wrong_cl, 2);
		off[i] = total;
		total += gzip_member(rec, n, gz + total, sizeof gz - total);
	}
	FILE *f = fmemopen(gz, total, "rb");
	warc_reader *r;
	warc_error err;
	cr_assert_eq(warc_reader_open_stream(&r, f, "mem", &err), WARC_OK);
	int errors = 0, n = 0;
	uint64_t got[3];
	for (int guard = 0; guard < 10; guard++) {
		warc_record *rec_;
		int rc = warc_reader_next(r, &rec_, &err);
		if (rc == WARC_EOF)
			break;
		if (rc) {
			errors++;
			cr_assert_eq(warc_reader_resync(r, &err), WARC_OK, "%s", err.msg);
			continue;
		}
		cr_assert_lt(n, 3);
		got[n++] = warc_record_offset(rec_);
	}
	cr_expect_eq(errors, 1, "the damaged record once");
	cr_assert_eq(n, 3);
	for (int i = 0; i < 3; i++)
		cr_expect_eq(got[i], off[i], "record %d at %llu, its member at %zu", i, (unsigned long long)got[i], off[i]);
	cr_expect_not(warc_reader_whole_file_gzip(r));
	warc_reader_close(r);
	fclose(f);
}

Test(reader, gzip_content_length_too_small_resyncs_at_the_next_member)
{
	gzip_wrong_length("04");
}

Test(reader, gzip_content_length_too_large_keeps_the_next_record)
{
	gzip_wrong_length("90");
}
