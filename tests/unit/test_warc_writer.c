/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_writer.c - the WARC writer and crash repair (warc/writer.c, warc/repair.c), read back with the reader. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support/support.h"
#include "warc/warc.h"

static const char RESP[] =
	"HTTP/1.1 200 OK\r\n"
	"Content-Type: text/html; charset=utf-8\r\n"
	"Content-Length: 29\r\n"
	"\r\n"
	"<html><body>Hi</body></html>\n";

/* A chunked, gzip-coded body: the payload digest must cover the gzip bytes, de-chunked. */
static const char CHUNKED_HEAD[] =
	"HTTP/1.1 200 OK\r\n"
	"Content-Type: text/plain\r\n"
	"Content-Encoding: gzip\r\n"
	"Transfer-Encoding: chunked\r\n"
	"\r\n";

static char *tmp;

static void setup(void)
{
	tmp = make_tmpdir();
	cr_assert_not_null(tmp);
}

static void teardown(void)
{
	rm_rf(tmp);
	free(tmp);
}

static warc_writer *open_writer(uint64_t max_size)
{
	warc_writer_options o = { .dir = tmp, .prefix = "test", .hostname = "host/1", .max_size = max_size };
	warc_writer *w = NULL;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK, "%s", err.msg);
	return w;
}

static void write_response(warc_writer *w, const char *uri, const void *block, size_t len, warc_written *where)
{
	warc_record_spec s = {
		.type = "response",
		.target_uri = uri,
		.content_type = "application/http;msgtype=response",
		.payload = WARC_PAYLOAD_HTTP,
		.block = block,
		.block_len = len,
	};
	warc_error err;
	cr_assert_eq(warc_writer_write(w, &s, where, &err), WARC_OK, "%s", err.msg);
}

/* Names of the files in tmp, sorted; returns count. */
static int list_dir(char names[][256], int max)
{
	DIR *d = opendir(tmp);
	cr_assert_not_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max)
		if (e->d_name[0] != '.')
			snprintf(names[n++], 256, "%s", e->d_name);
	closedir(d);
	qsort(names, (size_t)n, 256, (int (*)(const void *, const void *))strcmp);
	return n;
}

/* warc_verify_file on path must run and find no problem; returns its counts. */
static warc_verify_result verify_clean(const char *path)
{
	warc_verify_result vr;
	warc_error err;
	cr_assert_eq(warc_verify_file(path, NULL, NULL, &vr, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(vr.problems, 0, "%s", path);
	return vr;
}

static char *path_in_tmp(const char *name)
{
	char *p = NULL;
	cr_assert(asprintf(&p, "%s/%s", tmp, name) > 0);
	return p;
}

/* Read a whole block through the reader. */
static size_t read_block(warc_record *rec, char *buf, size_t cap)
{
	warc_error err;
	size_t n = 0;
	for (;;) {
		ssize_t k = warc_record_read(rec, buf + n, cap - n > 7 ? 7 : cap - n, &err);
		cr_assert(k >= 0, "%s", err.msg);
		if (k == 0)
			break;
		n += (size_t)k;
	}
	return n;
}

TestSuite(writer, .init = setup, .fini = teardown);

Test(writer, file_layout_warcinfo_and_response)
{
	warc_writer *w = open_writer(0);
	const char *cur = warc_writer_current_path(w);
	cr_assert_not_null(cur);
	cr_assert(strstr(cur, ".warc.gz.open"), "%s", cur);
	warc_written where;
	write_response(w, "http://example.com/", RESP, strlen(RESP), &where);
	cr_assert_str_eq(where.block_digest, "sha1:MR2DKMSVKIGWWYHMSDGCC5GKDVAPQ3MC");
	cr_assert_str_eq(where.payload_digest, "sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3");
	cr_assert_eq(where.payload_len, 29);
	warc_error err;
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);

	char names[8][256];
	cr_assert_eq(list_dir(names, 8), 1, "one file, no .open left");
	regex_t re;
	cr_assert_eq(regcomp(&re, "^test-[0-9]{17}-00000-host-1\\.warc\\.gz$", REG_EXTENDED), 0);
	cr_assert_eq(regexec(&re, names[0], 0, NULL, 0), 0, "name %s", names[0]);
	regfree(&re);
	cr_assert_str_eq(where.filename, names[0]);

	char *path = path_in_tmp(names[0]);
	warc_reader *r;
	cr_assert_eq(warc_reader_open(&r, path, &err), WARC_OK, "%s", err.msg);
	warc_record *rec;
	char buf[4096];
	/* warcinfo */
	cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(warc_record_offset(rec), 0);
	cr_assert_str_eq(warc_record_version(rec), "WARC/1.1");
	cr_assert_str_eq(warc_record_type(rec), "warcinfo");
	const warc_headers *h = warc_record_headers(rec);
	cr_assert_str_eq(warc_headers_get(h, "WARC-Filename"), names[0]);
	cr_assert_str_eq(warc_record_content_type(rec), "application/warc-fields");
	cr_assert_null(warc_headers_get(h, "WARC-Payload-Digest"));
	cr_assert_null(warc_headers_get(h, "WARC-Target-URI"));
	cr_assert_null(warc_headers_get(h, "WARC-Warcinfo-ID"));
	char info_id[WARC_ID_MAX];
	snprintf(info_id, sizeof info_id, "%s", warc_record_id(rec));
	size_t n = read_block(rec, buf, sizeof buf);
	buf[n] = '\0';
	cr_assert(strstr(buf, "software: wark/"), "%s", buf);
	char dg[WARC_DIGEST_STR_MAX];
	warc_digest_buf(WARC_SHA1, buf, n, dg);
	cr_assert_str_eq(warc_headers_get(h, "WARC-Block-Digest"), dg);
	cr_assert_eq(warc_record_finish(rec, &err), WARC_OK);
	cr_assert_eq(warc_record_length(rec), where.offset, "response member starts where warcinfo ends");
	/* response */
	cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_OK, "%s", err.msg);
	h = warc_record_headers(rec);
	cr_assert_str_eq(warc_record_type(rec), "response");
	cr_assert_str_eq(warc_record_id(rec), where.record_id);
	cr_assert_str_eq(warc_headers_get(h, "WARC-Warcinfo-ID"), info_id);
	cr_assert_str_eq(warc_record_target_uri(rec), "http://example.com/");
	cr_assert_eq(warc_record_content_length(rec), 108);
	cr_assert_str_eq(warc_headers_get(h, "WARC-Block-Digest"), where.block_digest);
	cr_assert_str_eq(warc_headers_get(h, "WARC-Payload-Digest"), where.payload_digest);
	struct timespec ts;
	cr_assert_eq(warc_parse_date(warc_record_date(rec), &ts), WARC_OK);
	cr_assert_eq(strlen(warc_record_date(rec)), 27, "microseconds: %s", warc_record_date(rec));
	cr_assert_eq(warc_record_offset(rec), where.offset);
	n = read_block(rec, buf, sizeof buf);
	cr_assert_eq(n, 108);
	cr_assert_eq(memcmp(buf, RESP, 108), 0);
	cr_assert_eq(warc_record_finish(rec, &err), WARC_OK);
	cr_assert(warc_record_trailer_ok(rec));
	cr_assert_eq(warc_record_length(rec), where.length);
	cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_EOF);
	cr_assert_not(warc_reader_whole_file_gzip(r));
	warc_reader_close(r);

	/* the file is one gzip member per record: the response member alone gunzips to one record */
	struct run z = run_sh("tail -c +%llu '%s' | head -c %llu | gzip -dc | head -c 9",
			      (unsigned long long)where.offset + 1, path, (unsigned long long)where.length);
	cr_assert_str_eq(z.out, "WARC/1.1\r");
	run_free(&z);
	warc_verify_result vr = verify_clean(path);
	cr_assert_eq(vr.records, 2);
	free(path);
}

Test(writer, chunked_payload_digest_is_dechunked_and_coding_kept)
{
	/* body = some gzip bytes (opaque to the writer), sent in two chunks */
	const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x07\x00\x86\xa6\x10\x36\x05\x00\x00\x00";
	size_t gzlen = sizeof gz - 1;
	char block[512];
	int n = snprintf(block, sizeof block, "%s%zx\r\n", CHUNKED_HEAD, (size_t)10);
	memcpy(block + n, gz, 10);
	n += 10;
	n += snprintf(block + n, sizeof block - (size_t)n, "\r\n%zx;ext=1\r\n", gzlen - 10);
	memcpy(block + n, gz + 10, gzlen - 10);
	n += (int)(gzlen - 10);
	n += snprintf(block + n, sizeof block - (size_t)n, "\r\n0\r\n\r\n");

	warc_writer *w = open_writer(0);
	warc_written where;
	write_response(w, "http://example.com/c", block, (size_t)n, &where);
	char want[WARC_DIGEST_STR_MAX], raw[WARC_DIGEST_STR_MAX], whole[WARC_DIGEST_STR_MAX];
	warc_digest_buf(WARC_SHA1, gz, gzlen, want);
	size_t hl = strlen(CHUNKED_HEAD);
	warc_digest_buf(WARC_SHA1, block + hl, (size_t)n - hl, raw);
	warc_digest_buf(WARC_SHA1, block, (size_t)n, whole);
	cr_assert_str_eq(where.payload_digest, want, "de-chunked, still gzip");
	cr_assert_str_neq(where.payload_digest, raw);
	cr_assert_str_eq(where.block_digest, whole);
	cr_assert_eq(where.payload_len, gzlen);
	warc_error err;
	char *path = path_in_tmp(where.filename);
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);
	warc_verify_result vr = verify_clean(path);
	cr_assert_eq(vr.chunks, WARC_CHUNKS_SPEC);
	free(path);
}

Test(writer, payload_modes_and_sha256)
{
	warc_writer_options o = { .dir = tmp, .digest = WARC_SHA256, .warcinfo = "operator: test\r\n" };
	warc_writer *w = NULL;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK, "%s", err.msg);
	warc_written where;
	warc_record_spec s = { .type = "resource", .target_uri = "urn:x:1", .content_type = "text/plain",
			       .payload = WARC_PAYLOAD_BLOCK, .block = "hello", .block_len = 5 };
	cr_assert_eq(warc_writer_write(w, &s, &where, &err), WARC_OK, "%s", err.msg);
	cr_assert_str_eq(where.block_digest, where.payload_digest);
	cr_assert_str_eq(where.block_digest, "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
	warc_headers *x = warc_headers_new();
	cr_assert_eq(warc_headers_add(x, "WARC-Concurrent-To", where.record_id), WARC_OK);
	warc_record_spec m = { .type = "metadata", .content_type = "application/warc-fields", .extra = x,
			       .block = "via: x\r\n", .block_len = 8 };
	cr_assert_eq(warc_writer_write(w, &m, &where, &err), WARC_OK, "%s", err.msg);
	cr_assert_str_eq(where.payload_digest, "");
	warc_headers_free(x);
	/* revisit with a given digest */
	x = warc_headers_new();
	cr_assert_eq(warc_headers_add(x, "WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"), WARC_OK);
	cr_assert_eq(warc_headers_add(x, "WARC-Refers-To-Target-URI", "http://example.com/"), WARC_OK);
	warc_record_spec rv = { .type = "revisit", .target_uri = "http://example.com/", .extra = x,
				.date = "2025-03-02T08:30:00Z",
				.content_type = "application/http;msgtype=response", .payload = WARC_PAYLOAD_GIVEN,
				.payload_digest = "sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3", .block = RESP, .block_len = 79 };
	cr_assert_eq(warc_writer_write(w, &rv, &where, &err), WARC_OK, "%s", err.msg);
	cr_assert_str_eq(where.payload_digest, "sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3");
	warc_headers_free(x);
	char *path = path_in_tmp(where.filename);
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);
	warc_reader *r;
	warc_record *rec;
	cr_assert_eq(warc_reader_open(&r, path, &err), WARC_OK);
	cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_OK);
	char buf[256];
	size_t n = read_block(rec, buf, sizeof buf);
	cr_assert_eq(n, 16);
	cr_assert_eq(memcmp(buf, "operator: test\r\n", 16), 0, "custom warcinfo block");
	int types = 0;
	while (warc_reader_next(r, &rec, &err) == WARC_OK) {
		types++;
		if (!strcmp(warc_record_type(rec), "revisit"))
			cr_assert_str_eq(warc_record_date(rec), "2025-03-02T08:30:00Z");
	}
	cr_assert_eq(types, 3);
	warc_reader_close(r);
	free(path);
}

Test(writer, block_from_file_streams_in_two_passes)
{
	FILE *f = tmpfile();
	cr_assert_not_null(f);
	fputs("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n", f);
	long head = ftell(f);
	warc_digest *pd = warc_digest_new(WARC_SHA1);
	unsigned int seed = 7;
	for (int i = 0; i < 3 * 1024 * 1024 / 256; i++) {
		unsigned char chunk[256];
		for (int j = 0; j < 256; j++) {
			seed = seed * 1103515245u + 12345u;
			chunk[j] = (unsigned char)(seed >> 16);
		}
		fwrite(chunk, 1, sizeof chunk, f);
		warc_digest_update(pd, chunk, sizeof chunk);
	}
	char want[WARC_DIGEST_STR_MAX];
	warc_digest_final(pd, want);
	warc_digest_free(pd);
	uint64_t len = (uint64_t)ftell(f);
	fseek(f, 100, SEEK_SET);   /* the writer reads from the start whatever the position */

	warc_writer *w = open_writer(0);
	warc_record_spec s = { .type = "response", .target_uri = "http://example.com/big",
			       .content_type = "application/http;msgtype=response", .payload = WARC_PAYLOAD_HTTP,
			       .block_file = f, .block_file_len = len };
	warc_written where;
	warc_error err;
	cr_assert_eq(warc_writer_write(w, &s, &where, &err), WARC_OK, "%s", err.msg);
	cr_assert_str_eq(where.payload_digest, want);
	cr_assert_eq(where.payload_len, len - (uint64_t)head);
	char *path = path_in_tmp(where.filename);
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);
	fclose(f);
	warc_verify_result vr = verify_clean(path);
	cr_assert_eq(vr.digests_checked, 3);
	free(path);
}

Test(writer, rotation_at_max_size)
{
	warc_writer *w = open_writer(1500);
	char names_seen[16][256];
	int files = 0;
	for (int i = 0; i < 12; i++) {
		char block[700];
		memset(block, 'a' + i, sizeof block);
		memcpy(block, "HTTP/1.1 200 OK\r\n\r\n", 19);
		/* incompressible-ish: vary bytes */
		for (size_t j = 19; j < sizeof block; j++)
			block[j] = (char)((j * 2654435761u + (unsigned)i * 97u) >> 13);
		warc_written where;
		char uri[64];
		snprintf(uri, sizeof uri, "http://example.com/%d", i);
		write_response(w, uri, block, sizeof block, &where);
		if (!files || strcmp(names_seen[files - 1], where.filename))
			snprintf(names_seen[files++], 256, "%s", where.filename);
	}
	warc_error err;
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);
	cr_assert_geq(files, 3, "rotated into several files");
	char names[16][256];
	int n = list_dir(names, 16);
	cr_assert_eq(n, files, "every file renamed, none left .open");
	for (int i = 0; i < files; i++) {
		char serial[16];
		snprintf(serial, sizeof serial, "-%05d-", i);
		cr_assert(strstr(names_seen[i], serial), "%s has serial %d", names_seen[i], i);
		char *p = path_in_tmp(names_seen[i]);
		struct stat st;
		cr_assert_eq(stat(p, &st), 0);
		warc_reader *r;
		warc_record *rec;
		cr_assert_eq(warc_reader_open(&r, p, &err), WARC_OK);
		cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_OK);
		cr_assert_str_eq(warc_record_type(rec), "warcinfo");
		cr_assert_str_eq(warc_headers_get(warc_record_headers(rec), "WARC-Filename"), names_seen[i]);
		warc_reader_close(r);
		verify_clean(p);
		free(p);
	}
}

static int try_write(warc_writer *w, warc_record_spec *s, const char *name, const char *value)
{
	warc_headers *x = NULL;
	if (name) {
		x = warc_headers_new();
		cr_assert_eq(warc_headers_add(x, name, value), WARC_OK);
		s->extra = x;
	}
	warc_error err;
	warc_written where;
	int rc = warc_writer_write(w, s, &where, &err);
	warc_headers_free(x);
	s->extra = NULL;
	return rc;
}

Test(writer, refuses_forbidden_fields)
{
	warc_writer *w = open_writer(0);
	warc_record_spec resp = { .type = "response", .target_uri = "http://example.com/", .block = RESP,
				  .block_len = strlen(RESP), .payload = WARC_PAYLOAD_HTTP };
	cr_assert_eq(try_write(w, &resp, "WARC-Refers-To", "<urn:uuid:x>"), WARC_ERR_USAGE);
	cr_assert_eq(try_write(w, &resp, "WARC-Block-Digest", "sha1:X"), WARC_ERR_USAGE);
	cr_assert_eq(try_write(w, &resp, "Content-Length", "5"), WARC_ERR_USAGE);
	cr_assert_eq(try_write(w, &resp, "WARC-Filename", "x"), WARC_ERR_USAGE);
	cr_assert_eq(try_write(w, &resp, "X-Evil", "a\r\nWARC-Type: warcinfo"), WARC_ERR_USAGE);
	cr_assert_eq(try_write(w, &resp, "Bad Name", "x"), WARC_ERR_USAGE);
	cr_assert_eq(try_write(w, &resp, "WARC-Concurrent-To", "no-brackets"), WARC_ERR_USAGE);
	cr_assert_eq(try_write(w, &resp, "WARC-IP-Address", "127.0.0.1"), WARC_OK,
		     "no Content-Type: application/http;msgtype=response by default");
	resp.content_type = "text/html";
	cr_assert_eq(try_write(w, &resp, NULL, NULL), WARC_ERR_USAGE, "HTTP payload needs an HTTP block");
	resp.content_type = NULL;
	warc_record_spec conv = { .type = "conversion", .target_uri = "http://example.com/", .block = "t",
				  .block_len = 1, .payload = WARC_PAYLOAD_BLOCK };
	cr_assert_eq(try_write(w, &conv, "WARC-Concurrent-To", "<urn:uuid:x>"), WARC_ERR_USAGE);
	cr_assert_eq(try_write(w, &conv, "WARC-IP-Address", "127.0.0.1"), WARC_ERR_USAGE);
	cr_assert_eq(try_write(w, &conv, "WARC-Refers-To", "<urn:uuid:x>"), WARC_OK);
	warc_record_spec meta = { .type = "metadata", .block = "a: b\r\n", .block_len = 6,
				  .payload = WARC_PAYLOAD_BLOCK };
	cr_assert_eq(try_write(w, &meta, NULL, NULL), WARC_ERR_USAGE, "no payload digest on metadata");
	warc_record_spec info = { .type = "warcinfo", .block = "a: b\r\n", .block_len = 6 };
	cr_assert_eq(try_write(w, &info, NULL, NULL), WARC_ERR_USAGE, "the writer owns warcinfo");
	warc_record_spec rv = { .type = "revisit", .target_uri = "http://example.com/",
				.payload = WARC_PAYLOAD_GIVEN, .payload_digest = "sha1:NTCBL3436F7QFQQYVUHI5EIN2ZDNAME3" };
	cr_assert_eq(try_write(w, &rv, NULL, NULL), WARC_ERR_USAGE, "revisit needs a profile");
	rv.payload_digest = "sha1:nonsense";
	cr_assert_eq(try_write(w, &rv, "WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
		     WARC_ERR_USAGE);
	warc_record_spec bad_uri = resp;
	bad_uri.target_uri = "http://example.com/a b";
	cr_assert_eq(try_write(w, &bad_uri, NULL, NULL), WARC_ERR_USAGE);
	bad_uri.target_uri = "<http://example.com/>";
	cr_assert_eq(try_write(w, &bad_uri, NULL, NULL), WARC_ERR_USAGE);
	bad_uri.target_uri = NULL;
	cr_assert_eq(try_write(w, &bad_uri, NULL, NULL), WARC_ERR_USAGE);
	warc_record_spec bad_date = resp;
	bad_date.date = "yesterday";
	cr_assert_eq(try_write(w, &bad_date, NULL, NULL), WARC_ERR_USAGE);
	warc_error err;
	char *path = strdup(warc_writer_current_path(w));
	path[strlen(path) - 5] = '\0';
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);
	warc_verify_result vr = verify_clean(path);
	cr_assert_eq(vr.records, 3, "warcinfo + the two accepted records");
	free(path);
}

Test(writer, warc_protocol_repeats_one_field_per_layer)
{
	warc_writer *w = open_writer(0);
	warc_record_spec resp = { .type = "response", .target_uri = "https://example.com/", .block = RESP,
				  .block_len = strlen(RESP), .payload = WARC_PAYLOAD_HTTP };
	warc_headers *x = warc_headers_new();
	cr_assert_eq(warc_headers_add(x, "WARC-Protocol", "h2"), WARC_OK);
	cr_assert_eq(warc_headers_add(x, "WARC-Protocol", "tls/1.3"), WARC_OK);
	resp.extra = x;
	warc_error err;
	warc_written where;
	cr_assert_eq(warc_writer_write(w, &resp, &where, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(warc_headers_add(x, "WARC-IP-Address", "127.0.0.1"), WARC_OK);
	cr_assert_eq(warc_headers_add(x, "WARC-IP-Address", "127.0.0.2"), WARC_OK);
	cr_assert_eq(warc_writer_write(w, &resp, &where, &err), WARC_ERR_USAGE, "other fields still may not repeat");
	warc_headers_free(x);
	warc_record_spec conv = { .type = "conversion", .target_uri = "https://example.com/", .block = "t",
				  .block_len = 1, .payload = WARC_PAYLOAD_BLOCK };
	cr_assert_eq(try_write(w, &conv, "WARC-Protocol", "h2"), WARC_ERR_USAGE);
	char *path = strdup(warc_writer_current_path(w));
	path[strlen(path) - 5] = '\0';
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);
	warc_reader *r;
	warc_record *rec;
	cr_assert_eq(warc_reader_open(&r, path, &err), WARC_OK);
	cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_OK); /* warcinfo */
	cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_OK);
	const warc_headers *h = warc_record_headers(rec);
	const char *seen[2] = { NULL, NULL };
	int k = 0;
	for (size_t i = 0; i < warc_headers_count(h); i++)
		if (!strcmp(warc_headers_name(h, i), "WARC-Protocol") && k < 2)
			seen[k++] = warc_headers_value(h, i);
	cr_assert_eq(k, 2);
	cr_assert_str_eq(seen[0], "h2", "in the order given: higher layer first");
	cr_assert_str_eq(seen[1], "tls/1.3");
	warc_reader_close(r);
	free(path);
}

Test(writer, failed_write_leaves_file_as_it_was_and_sync_makes_it_durable)
{
	warc_writer *w = open_writer(0);
	warc_written where;
	write_response(w, "http://example.com/1", RESP, strlen(RESP), &where);
	warc_error err;
	cr_assert_eq(warc_writer_sync(w, &err), WARC_OK);
	const char *cur = warc_writer_current_path(w);
	struct stat st;
	cr_assert_eq(stat(cur, &st), 0);
	cr_assert_eq((uint64_t)st.st_size, where.offset + where.length, "synced bytes are on disk");
	FILE *f = tmpfile();
	fputs("short", f);
	warc_record_spec s = { .type = "resource", .target_uri = "urn:x", .block_file = f, .block_file_len = 100,
			       .payload = WARC_PAYLOAD_BLOCK };
	cr_assert_eq(warc_writer_write(w, &s, &where, &err), WARC_ERR_TRUNCATED);
	cr_assert(strstr(err.msg, "short"), "%s", err.msg);
	fclose(f);
	cr_assert_eq(warc_writer_sync(w, &err), WARC_OK);
	cr_assert_eq(stat(cur, &st), 0);
	uint64_t before = (uint64_t)st.st_size;
	warc_written w2;
	write_response(w, "http://example.com/2", RESP, strlen(RESP), &w2);
	cr_assert_eq(w2.offset, before, "next record starts where the good ones ended");
	char *path = path_in_tmp(w2.filename);
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);
	warc_verify_result vr = verify_clean(path);
	cr_assert_eq(vr.records, 3);
	free(path);
}

Test(writer, repair_cuts_torn_file_back_to_last_whole_record)
{
	warc_writer *w = open_writer(0);
	warc_written where[3];
	for (int i = 0; i < 3; i++) {
		char uri[64];
		snprintf(uri, sizeof uri, "http://example.com/%d", i);
		write_response(w, uri, RESP, strlen(RESP), &where[i]);
	}
	warc_error err;
	cr_assert_eq(warc_writer_sync(w, &err), WARC_OK);
	char *open_path = strdup(warc_writer_current_path(w));
	size_t len;
	char *bytes = read_file(open_path, &len);
	cr_assert_not_null(bytes);
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK);
	char *final = strndup(open_path, strlen(open_path) - 5);
	uint64_t end2 = where[1].offset + where[1].length;
	/* cut points: inside the last member, right at its end, inside its gzip trailer, a garbage tail */
	uint64_t cuts[] = { end2 + 10, end2 + where[2].length - 3, end2 + where[2].length };
	uint64_t want[] = { end2, end2, end2 + where[2].length };
	for (int c = 0; c < 3; c++) {
		unlink(final);
		cr_assert_eq(write_file(open_path, bytes, (size_t)cuts[c]), 0);
		uint64_t kept = 0;
		cr_assert_eq(warc_repair_open_file(open_path, &kept, &err), WARC_OK, "%s", err.msg);
		cr_assert_eq(kept, want[c], "cut %d: kept %llu", c, (unsigned long long)kept);
		cr_assert_neq(access(open_path, F_OK), 0, ".open renamed");
		verify_clean(final);
	}
	/* garbage appended after whole records is dropped */
	unlink(final);
	char *junk = malloc(len + 100);
	memcpy(junk, bytes, len);
	memset(junk + len, 0x1f, 100);
	cr_assert_eq(write_file(open_path, junk, len + 100), 0);
	uint64_t kept = 0;
	cr_assert_eq(warc_repair_open_file(open_path, &kept, &err), WARC_OK);
	cr_assert_eq(kept, len);
	/* refuses a name without .open and an existing target */
	cr_assert_eq(warc_repair_open_file(final, &kept, &err), WARC_ERR_USAGE);
	cr_assert_eq(write_file(open_path, bytes, len), 0);
	cr_assert_eq(warc_repair_open_file(open_path, &kept, &err), WARC_ERR_IO);
	unlink(open_path);
	free(junk);
	free(bytes);
	free(final);
	free(open_path);
}

Test(writer, open_fails_cleanly)
{
	warc_writer *w = (warc_writer *)1;
	warc_error err;
	warc_writer_options o = { .dir = "/nonexistent/dir" };
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_ERR_IO);
	cr_assert_null(w);
	cr_assert(strstr(err.msg, "/nonexistent/dir"), "%s", err.msg);
	warc_writer_options bad = { .dir = tmp, .prefix = "a/b" };
	cr_assert_eq(warc_writer_open(&w, &bad, &err), WARC_ERR_USAGE);
	cr_assert_eq(warc_writer_open(&w, NULL, &err), WARC_ERR_USAGE);
	char names[4][256];
	cr_assert_eq(list_dir(names, 4), 0, "nothing created");
}

/* Small members are compressed in one call, an in-memory block over the one-shot
 * bound streams through zlib: either way one gzip member per record that reads
 * back byte for byte, at the offset and length the writer reported. */
Test(writer, small_and_large_memory_blocks_are_one_member_each)
{
	size_t big_len = 3u * 1024 * 1024;
	char *big = malloc(big_len);
	cr_assert_not_null(big);
	size_t head = (size_t)snprintf(big, big_len, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
	unsigned int seed = 11;
	for (size_t i = head; i < big_len; i++) {
		seed = seed * 1103515245u + 12345u;
		big[i] = (char)('a' + (seed >> 16) % 7); /* compressible, not trivially */
	}
	warc_writer *w = open_writer(0);
	warc_written where[3];
	write_response(w, "http://example.com/a", RESP, strlen(RESP), &where[0]);
	write_response(w, "http://example.com/big", big, big_len, &where[1]);
	write_response(w, "http://example.com/b", RESP, strlen(RESP), &where[2]);
	char *path = path_in_tmp(where[0].filename);
	warc_error err;
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(where[1].offset, where[0].offset + where[0].length);
	cr_assert_eq(where[2].offset, where[1].offset + where[1].length);

	warc_reader *r;
	cr_assert_eq(warc_reader_open(&r, path, &err), WARC_OK, "%s", err.msg);
	char *back = malloc(big_len + 1);
	cr_assert_not_null(back);
	warc_record *rec;
	cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_OK); /* warcinfo */
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_OK, "%s", err.msg);
		cr_assert_eq(warc_record_offset(rec), where[i].offset);
		size_t n = read_block(rec, back, big_len + 1);
		if (i == 1) {
			cr_assert_eq(n, big_len);
			cr_assert(!memcmp(back, big, big_len));
		} else {
			cr_assert_eq(n, strlen(RESP));
			cr_assert(!memcmp(back, RESP, n));
		}
		cr_assert_eq(warc_record_finish(rec, &err), WARC_OK, "%s", err.msg);
		cr_assert_eq(warc_record_length(rec), where[i].length);
	}
	cr_assert_eq(warc_reader_next(r, &rec, &err), WARC_EOF);
	warc_reader_close(r);
	verify_clean(path);
	free(back);
	free(big);
	free(path);
}
