/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_warc_verify.c - warc_verify_file (warc/verify.c) on hand-built,
 * uncompressed records: block and payload digests checked, both chunked
 * conventions accepted and told apart, damage reported with its offset
 * while the rest of the file is still read, missing fields and trailers,
 * files that cannot be opened or hold no record.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/support.h"
#include "warc/warc.h"

TestSuite(warc_verify, .init = suite_tmp_init, .fini = suite_tmp_fini);

#define PAGE_HEAD "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
#define CHUNKED_HEAD "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
#define CHUNKED_BODY "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"

/* One response record with block digest over block and payload digest
 * over payload (NULL: no payload digest); bad_block spoils the block digest. */
static void add_record(warc_buf *out, const char *id, const char *block, const char *payload, bool bad_block)
{
	char bd[WARC_DIGEST_STR_MAX], pd[WARC_DIGEST_STR_MAX];
	warc_digest_buf(WARC_SHA1, block, strlen(block), bd);
	if (bad_block)
		bd[5] = bd[5] == 'A' ? 'B' : 'A';
	cr_assert_eq(warc_buf_printf(out,
				     "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
				     "WARC-Date: 2025-03-01T12:00:00Z\r\nWARC-Target-URI: http://a.test/\r\n"
				     "Content-Type: application/http;msgtype=response\r\nWARC-Block-Digest: %s\r\n",
				     id, bd),
		     WARC_OK);
	if (payload) {
		warc_digest_buf(WARC_SHA1, payload, strlen(payload), pd);
		cr_assert_eq(warc_buf_printf(out, "WARC-Payload-Digest: %s\r\n", pd), WARC_OK);
	}
	cr_assert_eq(warc_buf_printf(out, "Content-Length: %zu\r\n\r\n%s\r\n\r\n", strlen(block), block), WARC_OK);
}

typedef struct problems {
	int n, warnings;
	uint64_t offset;   /* of the first problem */
	char first[600];
} problems;

static void collect(void *ctx, uint64_t offset, bool is_warning, const char *msg)
{
	problems *p = ctx;
	if (is_warning) {
		p->warnings++;
		return;
	}
	if (!p->n++) {
		p->offset = offset;
		snprintf(p->first, sizeof p->first, "%s", msg);
	}
}

/* Write b to suite_tmp/name and verify it. */
static int verify(const char *name, const warc_buf *b, problems *p, warc_verify_result *vr)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", suite_tmp, name);
	cr_assert_eq(write_file(path, b->data ? b->data : "", b->len), 0);
	memset(p, 0, sizeof *p);
	warc_error err;
	int rc = warc_verify_file(path, collect, p, vr, &err);
	cr_assert_eq(rc, WARC_OK, "%s", err.msg);
	cr_assert_eq(vr->problems, (uint64_t)p->n, "every problem goes through the callback");
	return rc;
}

Test(warc_verify, good_records_check_every_digest)
{
	warc_buf b;
	warc_buf_init(&b, 1u << 20);
	add_record(&b, "1", PAGE_HEAD "hi", "hi", false);
	add_record(&b, "2", PAGE_HEAD "there", NULL, false);
	problems p;
	warc_verify_result vr;
	verify("good.warc", &b, &p, &vr);
	cr_assert_eq(p.n, 0, "%s", p.first);
	cr_assert_eq(vr.records, 2);
	cr_assert_eq(vr.digests_checked, 3, "two block digests, one payload digest");
	cr_assert_eq(vr.chunks, WARC_CHUNKS_NONE);
	warc_buf_free(&b);
}

Test(warc_verify, a_bad_block_digest_is_reported_at_its_record_and_the_rest_still_read)
{
	warc_buf b;
	warc_buf_init(&b, 1u << 20);
	add_record(&b, "1", PAGE_HEAD "one", "one", false);
	uint64_t second = b.len;
	add_record(&b, "2", PAGE_HEAD "two", "two", true);
	add_record(&b, "3", PAGE_HEAD "three", "three", false);
	problems p;
	warc_verify_result vr;
	verify("bad.warc", &b, &p, &vr);
	cr_assert_eq(p.n, 1);
	cr_assert(strstr(p.first, "block digest mismatch"), "%s", p.first);
	cr_assert_eq(p.offset, second);
	cr_assert_eq(vr.records, 3, "the file is read to its end");
	warc_buf_free(&b);
}

Test(warc_verify, chunked_payload_digests_of_either_convention_are_accepted_and_named)
{
	warc_buf b;
	warc_buf_init(&b, 1u << 20);
	add_record(&b, "1", CHUNKED_HEAD CHUNKED_BODY, "hello world", false);
	problems p;
	warc_verify_result vr;
	verify("spec.warc", &b, &p, &vr);
	cr_assert_eq(p.n, 0, "%s", p.first);
	cr_assert_eq(vr.chunks, WARC_CHUNKS_SPEC, "de-chunked, as WARC 1.1 reads it");

	warc_buf_reset(&b);
	add_record(&b, "2", CHUNKED_HEAD CHUNKED_BODY, CHUNKED_BODY, false);
	verify("raw.warc", &b, &p, &vr);
	cr_assert_eq(p.n, 0, "%s", p.first);
	cr_assert_eq(vr.chunks, WARC_CHUNKS_RAW, "over the chunked bytes, as warcio and wget write it");

	add_record(&b, "3", CHUNKED_HEAD CHUNKED_BODY, "hello world", false);
	verify("mixed.warc", &b, &p, &vr);
	cr_assert_eq(vr.chunks, WARC_CHUNKS_MIXED);

	warc_buf_reset(&b);
	add_record(&b, "4", CHUNKED_HEAD CHUNKED_BODY, "neither", false);
	verify("wrong.warc", &b, &p, &vr);
	cr_assert_eq(p.n, 1);
	cr_assert(strstr(p.first, "payload digest mismatch"), "%s", p.first);
	warc_buf_free(&b);
}

Test(warc_verify, missing_fields_and_trailer_are_problems)
{
	const char *block = "plain";
	char bd[WARC_DIGEST_STR_MAX];
	warc_digest_buf(WARC_SHA1, block, strlen(block), bd);
	warc_buf b;
	warc_buf_init(&b, 1u << 20);
	cr_assert_eq(warc_buf_printf(&b,
				     "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Block-Digest: %s\r\n"
				     "Content-Length: 5\r\n\r\n%s\r\n\r\n",
				     bd, block),
		     WARC_OK);
	problems p;
	warc_verify_result vr;
	verify("fields.warc", &b, &p, &vr);
	cr_assert_eq(p.n, 2, "no WARC-Record-ID, no WARC-Date");
	cr_assert(strstr(p.first, "WARC-Record-ID"), "%s", p.first);

	warc_buf_reset(&b);
	add_record(&b, "1", PAGE_HEAD "x", "x", false);
	b.len -= 4; /* drop the CRLFCRLF */
	b.data[b.len] = '\0';
	verify("trailer.warc", &b, &p, &vr);
	cr_assert_geq(p.n, 1);
	warc_buf_free(&b);
}

Test(warc_verify, unreadable_and_empty_files)
{
	warc_verify_result vr;
	warc_error err;
	char path[600];
	snprintf(path, sizeof path, "%s/none.warc", suite_tmp);
	cr_assert_eq(warc_verify_file(path, NULL, NULL, &vr, &err), WARC_ERR_IO);
	warc_buf b;
	warc_buf_init(&b, 16);
	problems p;
	verify("empty.warc", &b, &p, &vr);
	cr_assert_eq(p.n, 1);
	cr_assert(strstr(p.first, "no WARC records found"), "%s", p.first);
	cr_assert_eq(vr.records, 0);
}
