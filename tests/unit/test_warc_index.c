/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_index.c - CDXJ/CDX lines and the record walk (warc/cdxj.c, warc/index.c) on writer-made files. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/support.h"
#include "warc/warc.h"

Test(cdxj, line_format_matches_cdxj_indexer)
{
	warc_index_entry e = {
		.surt = "com,example)/", .ts14 = "20250301120001", .url = "http://example.com/",
		.mime = "text/html", .status = 200, .digest = "sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3",
		.length = 419, .offset = 374, .filename = "example.warc.gz", .record_type = "response",
	};
	warc_buf b;
	warc_buf_init(&b, 4096);
	cr_assert_eq(warc_cdxj_line(&e, &b), WARC_OK);
	/* the example line of standards.md 3.2 */
	cr_assert_str_eq(b.data, "com,example)/ 20250301120001 {\"url\": \"http://example.com/\", \"mime\": \"text/html\", "
				 "\"status\": \"200\", \"digest\": \"sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3\", "
				 "\"length\": \"419\", \"offset\": \"374\", \"filename\": \"example.warc.gz\"}\n");
	warc_buf_reset(&b);
	cr_assert_eq(warc_cdx_line(&e, &b), WARC_OK);
	cr_assert_str_eq(b.data, "com,example)/ 20250301120001 http://example.com/ text/html 200 "
				 "NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3 - - 419 374 example.warc.gz\n");
	/* no status, no digest, a method, odd characters */
	warc_index_entry f = {
		.surt = "com,example)/a", .ts14 = "20250301120001", .url = "http://example.com/a\"b\\c\x01\xc3\xa9\xff\xf0\x9f\x98\x80",
		.mime = "text/plain", .length = 1, .offset = 0, .filename = "x y.warc", .method = "POST",
	};
	warc_buf_reset(&b);
	cr_assert_eq(warc_cdxj_line(&f, &b), WARC_OK);
	cr_assert_str_eq(b.data, "com,example)/a 20250301120001 {\"url\": \"http://example.com/a\\\"b\\\\c\\u0001\\u00e9\\u00ff"
				 "\\ud83d\\ude00\", \"mime\": \"text/plain\", \"length\": \"1\", \"offset\": \"0\", "
				 "\"filename\": \"x y.warc\", \"method\": \"POST\"}\n");
	warc_buf_reset(&b);
	cr_assert_eq(warc_cdx_line(&f, &b), WARC_OK);
	cr_assert(strstr(b.data, " text/plain - - - - 1 0 x%20y.warc\n"), "%s", b.data);
	cr_assert_str_eq(WARC_CDX_HEADER, " CDX N b a m s k r M S V g\n");
	warc_buf_free(&b);
}

struct got {
	int n;
	warc_index_entry e[16];
	char *strs[16][6];
};

static int collect(void *ctx, const warc_index_entry *e)
{
	struct got *g = ctx;
	cr_assert_lt(g->n, 16);
	g->e[g->n] = *e;
	const char *s[6] = { e->surt, e->url, e->mime, e->digest, e->record_type, e->method };
	for (int i = 0; i < 6; i++)
		g->strs[g->n][i] = s[i] ? strdup(s[i]) : NULL;
	g->e[g->n].surt = g->strs[g->n][0];
	g->e[g->n].url = g->strs[g->n][1];
	g->e[g->n].mime = g->strs[g->n][2];
	g->e[g->n].digest = g->strs[g->n][3];
	g->e[g->n].record_type = g->strs[g->n][4];
	g->e[g->n].method = g->strs[g->n][5];
	g->e[g->n].filename = NULL;
	g->e[g->n].request_body = NULL;   /* not kept */
	g->n++;
	return WARC_OK;
}

static void got_free(struct got *g)
{
	for (int i = 0; i < g->n; i++)
		for (int k = 0; k < 6; k++)
			free(g->strs[i][k]);
	g->n = 0;
}

static void put(warc_writer *w, const char *type, const char *uri, const char *ct, warc_payload_mode pm,
		const char *block, const warc_headers *extra, warc_written *where)
{
	warc_record_spec s = { .type = type, .target_uri = uri, .content_type = ct, .payload = pm, .block = block,
			       .block_len = strlen(block), .extra = extra };
	if (pm == WARC_PAYLOAD_GIVEN)
		s.payload_digest = "sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3";
	warc_error err;
	cr_assert_eq(warc_writer_write(w, &s, where, &err), WARC_OK, "%s", err.msg);
}

Test(index, walks_writer_output_like_cdxj_indexer)
{
	char *tmp = make_tmpdir();
	warc_writer_options o = { .dir = tmp, .prefix = "idx", .hostname = "h" };
	warc_writer *w;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK);
	const char *resp = "HTTP/1.1 404 Not Found\r\nContent-Type: Text/HTML ; charset=utf-8\r\n\r\nnope";
	const char *get = "GET /a HTTP/1.1\r\nHost: www.example.com\r\n\r\n";
	const char *post = "POST /form HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n\r\na=1";
	warc_written wr[10];
	put(w, "request", "http://www.example.com/a", NULL, WARC_PAYLOAD_HTTP, get, NULL, &wr[0]);
	put(w, "response", "http://www.example.com/a", NULL, WARC_PAYLOAD_HTTP, resp, NULL, &wr[1]);
	/* warcio order: response then request */
	put(w, "response", "http://example.com/form", NULL, WARC_PAYLOAD_HTTP, resp, NULL, &wr[2]);
	put(w, "request", "http://example.com/form", NULL, WARC_PAYLOAD_HTTP, post, NULL, &wr[3]);
	/* wget order: request then response */
	put(w, "request", "http://example.com/form2", NULL, WARC_PAYLOAD_HTTP, post, NULL, &wr[4]);
	put(w, "response", "http://example.com/form2", NULL, WARC_PAYLOAD_HTTP, resp, NULL, &wr[5]);
	warc_headers *x = warc_headers_new();
	cr_assert_eq(warc_headers_add(x, "WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"), WARC_OK);
	put(w, "revisit", "http://www.example.com/a", NULL, WARC_PAYLOAD_GIVEN, "HTTP/1.1 200 OK\r\n\r\n", x, &wr[6]);
	warc_headers_free(x);
	put(w, "resource", "urn:x:text", "text/plain; charset=utf-8", WARC_PAYLOAD_BLOCK, "hello", NULL, &wr[7]);
	put(w, "metadata", "http://www.example.com/a", "application/warc-fields", WARC_PAYLOAD_NONE, "via: x\r\n", NULL, &wr[8]);
	put(w, "conversion", "http://www.example.com/a", "text/plain", WARC_PAYLOAD_BLOCK, "text", NULL, &wr[9]);
	char *path = NULL;
	cr_assert(asprintf(&path, "%s/%s", tmp, wr[0].filename) > 0);
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);

	struct got g = { 0 };
	cr_assert_eq(warc_index_file(path, "f.warc.gz", collect, &g, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(g.n, 5, "3 responses, the revisit, the resource");
	int idx[] = { 1, 2, 5, 6, 7 };
	for (int i = 0; i < 5; i++) {
		cr_assert_eq(g.e[i].offset, wr[idx[i]].offset, "entry %d", i);
		cr_assert_eq(g.e[i].length, wr[idx[i]].length, "entry %d", i);
	}
	cr_assert_str_eq(g.e[0].surt, "com,example)/a");
	cr_assert_str_eq(g.e[0].url, "http://www.example.com/a");
	cr_assert_str_eq(g.e[0].mime, "Text/HTML");
	cr_assert_eq(g.e[0].status, 404);
	cr_assert_str_eq(g.e[0].digest, wr[1].payload_digest);
	cr_assert_null(g.e[0].method, "GET adds no method");
	cr_assert_str_eq(g.e[1].method, "POST", "request after response");
	cr_assert_str_eq(g.e[2].method, "POST", "request before response");
	/* no Content-Type: the body "a=1" as base64, in the key and as requestBody */
	cr_assert_str_eq(g.e[1].surt, "com,example)/form?__wb_method=post&__wb_post_data=yt0x");
	cr_assert_str_eq(g.e[2].surt, "com,example)/form2?__wb_method=post&__wb_post_data=yt0x");
	cr_assert_str_eq(g.e[1].url, "http://example.com/form", "url as stored");
	cr_assert_str_eq(g.e[3].mime, "warc/revisit");
	cr_assert_eq(g.e[3].status, 200);
	cr_assert_str_eq(g.e[3].digest, "sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3");
	cr_assert_str_eq(g.e[3].record_type, "revisit");
	cr_assert_str_eq(g.e[4].mime, "text/plain");
	cr_assert_eq(g.e[4].status, 0);
	cr_assert_str_eq(g.e[4].surt, "urn:x:text");
	char ts[15];
	cr_assert_eq(warc_date_to_ts14("2026-01-01T00:00:00Z", ts), WARC_OK);
	cr_assert_eq(strlen(g.e[0].ts14), 14);
	got_free(&g);
	free(path);
	rm_rf(tmp);
	free(tmp);
}

Test(index, missing_file_is_io_error_and_damage_is_reported_after_indexing)
{
	struct got g = { 0 };
	warc_error err;
	cr_assert_eq(warc_index_file("/nonexistent/x.warc", "x.warc", collect, &g, &err), WARC_ERR_IO);
	char *tmp = make_tmpdir();
	char *p = NULL;
	cr_assert(asprintf(&p, "%s/d.warc", tmp) > 0);
	const char *good = "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:x:1>\r\nWARC-Date: 2025-03-01T12:00:01Z\r\n"
			   "WARC-Target-URI: http://example.com/x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n";
	char buf[1024];
	int n = snprintf(buf, sizeof buf, "%sWARC/1.1\r\nContent-Length: zz\r\n\r\ngarbage\r\n\r\n%s", good, good);
	cr_assert_eq(write_file(p, buf, (size_t)n), 0);
	cr_assert_neq(warc_index_file(p, "d.warc", collect, &g, &err), WARC_OK);
	cr_assert(strstr(err.msg, "d.warc"), "%s", err.msg);
	cr_assert_eq(g.n, 2, "both good records indexed around the damage");
	cr_assert_eq(g.e[0].offset, 0);
	cr_assert_str_eq(g.e[1].url, "http://example.com/x");
	got_free(&g);
	free(p);
	rm_rf(tmp);
	free(tmp);
}

Test(index, whole_file_gzip_is_indexed_but_reported)
{
	char *p = fixture_path("warc/example-bad-non-chunked.warc.gz");
	struct got g = { 0 };
	warc_error err;
	cr_assert_eq(warc_index_file(p, "x.warc.gz", collect, &g, &err), WARC_ERR_FORMAT);
	cr_assert(strstr(err.msg, "one gzip stream"), "%s", err.msg);
	cr_assert_eq(g.n, 2, "response and revisit still found");
	got_free(&g);
	free(p);
}

static int to_line(void *ctx, const warc_index_entry *e)
{
	return warc_cdxj_line(e, ctx);
}

/* warc_index_written() gives, from what was written, the line warc_index_file() reads back. */
Test(index, written_record_gives_the_line_reading_gives)
{
	char *tmp = make_tmpdir();
	warc_writer_options o = { .dir = tmp, .prefix = "idx", .hostname = "h" };
	warc_writer *w;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK);
	static const struct {
		const char *type, *uri, *ct, *block;
	} recs[] = {
		{ "response", "http://www.example.com/a?b=2&a=1", "application/http;msgtype=response",
		  "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hi</p>" },
		{ "response", "http://example.com/garbage", "application/http;msgtype=response", "not http at all" },
		{ "response", "http://example.com/nohead", "application/http;msgtype=response",
		  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" },
		{ "response", "https://example.com/untyped", NULL, "HTTP/1.0 302 Found\r\nLocation: /x\r\n\r\n" },
		{ "revisit", "http://example.com/again", "application/http;msgtype=response",
		  "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n" },
		{ "response", "http://example.com/empty", "application/http;msgtype=response", "" },
	};
	size_t n = sizeof recs / sizeof recs[0];
	warc_buf mine;
	warc_buf_init(&mine, 1u << 20);
	char path[4200];
	for (size_t i = 0; i < n; i++) {
		warc_headers *x = warc_headers_new();
		bool rv = !strcmp(recs[i].type, "revisit");
		if (rv)
			cr_assert_eq(warc_headers_add(x, "WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"), WARC_OK);
		const char *date = "2025-03-01T12:00:01.123456Z";
		warc_record_spec s = { .type = recs[i].type, .target_uri = recs[i].uri, .content_type = recs[i].ct,
				       .date = date, .payload = rv ? WARC_PAYLOAD_GIVEN : WARC_PAYLOAD_HTTP,
				       .block = recs[i].block, .block_len = strlen(recs[i].block), .extra = x };
		if (rv)
			s.payload_digest = "sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3";
		warc_written wr;
		cr_assert_eq(warc_writer_write(w, &s, &wr, &err), WARC_OK, "%s", err.msg);
		warc_headers_free(x);
		snprintf(path, sizeof path, "%s/%s", tmp, wr.filename);
		warc_index_written_record r = { .type = recs[i].type, .target_uri = recs[i].uri, .date = date,
						.content_type = recs[i].ct, .payload_digest = wr.payload_digest,
						.block_head = recs[i].block, .block_head_len = strlen(recs[i].block),
						.block_len = strlen(recs[i].block), .offset = wr.offset, .length = wr.length };
		cr_assert_eq(warc_index_written(&r, "f.warc.gz", to_line, &mine, &err), WARC_OK, "%s", err.msg);
	}
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);
	warc_buf read;
	warc_buf_init(&read, 1u << 20);
	cr_assert_eq(warc_index_file(path, "f.warc.gz", to_line, &read, &err), WARC_OK, "%s", err.msg);
	cr_assert_str_eq(mine.data, read.data);
	cr_assert(strstr(mine.data, "\"mime\": \"text/html\", \"status\": \"200\""), "%s", mine.data);
	cr_assert(strstr(mine.data, "\"url\": \"https://example.com/untyped\", \"status\": \"302\""), "%s", mine.data);
	/* a block that ends inside its head is read as a head-only message */
	cr_assert(strstr(mine.data, "\"url\": \"http://example.com/nohead\", \"mime\": \"text/plain\", \"status\": \"200\""),
		  "%s", mine.data);

	/* too little of the block given; a head near the limit is read (read sizes do not matter) */
	warc_index_written_record r = { .type = "response", .target_uri = "http://example.com/", .date = "2025-03-01T12:00:01Z",
					.block_head = "HTTP/1.1", .block_head_len = 8, .block_len = 100 };
	cr_assert_eq(warc_index_written(&r, "f", to_line, &mine, &err), WARC_ERR_USAGE);
	size_t big = WARC_LIMIT_HEADER;
	char *head = malloc(big);
	memset(head, 'a', big);
	memcpy(head, "HTTP/1.1 200 OK\r\nX: ", 20);
	memcpy(head + big - 10000, "\r\n\r\n", 4);
	r.block_head = head;
	r.block_head_len = r.block_len = big;
	r.content_type = "application/http";
	warc_buf_reset(&mine);
	cr_assert_eq(warc_index_written(&r, "f", to_line, &mine, &err), WARC_OK, "%s", err.msg);
	cr_assert(strstr(mine.data, "\"status\": \"200\""), "%s", mine.data);
	free(head);
	warc_buf_free(&mine);
	warc_buf_free(&read);
	rm_rf(tmp);
	free(tmp);
}

/* One request or response record for the pairing test; to: WARC-Concurrent-To or NULL. */
static int pair_record(char *out, size_t cap, const char *type, const char *id, const char *to, const char *block)
{
	char toline[128] = "";
	if (to)
		snprintf(toline, sizeof toline, "WARC-Concurrent-To: %s\r\n", to);
	return snprintf(out, cap,
			"WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\n%sWARC-Date: 2025-03-01T12:00:01Z\r\n"
			"WARC-Target-URI: http://example.com/f\r\nContent-Type: application/http;msgtype=%s\r\n"
			"Content-Length: %zu\r\n\r\n%s\r\n\r\n",
			type, id, toline, type, strlen(block), block);
}

Test(index, requests_pair_by_concurrent_to_each_once)
{
	const char *resp = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nok";
	const char *post1 = "POST /f HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n"
			    "Content-Length: 3\r\n\r\na=1";
	const char *post2 = "POST /f HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n"
			    "Content-Length: 3\r\n\r\nb=2";
	char buf[8192];
	size_t n = 0;
	/* response then its request (post-test.warc.gz's order); the next response is not given it */
	n += (size_t)pair_record(buf + n, sizeof buf - n, "response", "<urn:x:r1>", NULL, resp);
	n += (size_t)pair_record(buf + n, sizeof buf - n, "request", "<urn:x:q1>", "<urn:x:r1>", post1);
	n += (size_t)pair_record(buf + n, sizeof buf - n, "response", "<urn:x:r2>", NULL, resp);
	/* a request naming some other record is not this response's, though next to it */
	n += (size_t)pair_record(buf + n, sizeof buf - n, "request", "<urn:x:q3>", "<urn:x:elsewhere>", post2);
	n += (size_t)pair_record(buf + n, sizeof buf - n, "response", "<urn:x:r3>", NULL, resp);
	/* request before its response, linked from the response (wget's order): though it also
	 * follows r3 with the same URI, it is r4's */
	n += (size_t)pair_record(buf + n, sizeof buf - n, "request", "<urn:x:q4>", NULL, post2);
	n += (size_t)pair_record(buf + n, sizeof buf - n, "response", "<urn:x:r4>", "<urn:x:q4>", resp);
	char *tmp = make_tmpdir(), *p = NULL;
	cr_assert(asprintf(&p, "%s/pairs.warc", tmp) > 0);
	cr_assert_eq(write_file(p, buf, n), 0);
	struct got g = { 0 };
	warc_error err;
	cr_assert_eq(warc_index_file(p, "pairs.warc", collect, &g, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(g.n, 4);
	cr_expect_str_eq(g.e[0].surt, "com,example)/f?__wb_method=post&a=1");
	cr_expect_str_eq(g.e[1].surt, "com,example)/f", "r2 has no request of its own");
	cr_expect_null(g.e[1].method);
	cr_expect_str_eq(g.e[2].surt, "com,example)/f", "r3's neighbour names another record");
	cr_expect_str_eq(g.e[3].surt, "com,example)/f?__wb_method=post&b=2");
	got_free(&g);
	free(p);
	rm_rf(tmp);
	free(tmp);
}
