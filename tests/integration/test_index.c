/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_index.c - 'wark index' and the writer checked against an independent
 * implementation, npm warcio (warcio.js): WARCs written by warc_writer_* must
 * parse there with the same records, headers and payloads, and
 * 'warcio cdx-index' must give the same CDXJ as 'wark index' (after sorting
 * and stripping the digest label, which warcio.js drops), POST/PUT keys
 * included. On the
 * fixtures in tests/fixtures/warc, wark must find the records warcio.js finds.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/support.h"
#include "warc/warc.h"

#define WARCIO "node tests/js/node_modules/.bin/warcio"

static void put(warc_writer *w, const char *type, const char *uri, const char *ct, warc_payload_mode pm,
		const void *block, size_t len, const char *given, const warc_headers *extra, warc_written *where)
{
	warc_record_spec s = { .type = type, .target_uri = uri, .content_type = ct, .payload = pm, .block = block,
			       .block_len = len, .extra = extra, .payload_digest = given };
	warc_error err;
	cr_assert_eq(warc_writer_write(w, &s, where, &err), WARC_OK, "%s", err.msg);
}

/* A varied WARC: GET pair, chunked gzip-coded body, redirect, revisit, resource, metadata, a big body. */
static char *write_sample(const char *dir, warc_digest_alg alg)
{
	warc_writer_options o = { .dir = dir, .prefix = alg == WARC_SHA1 ? "sample" : "sample256", .hostname = "test",
				  .digest = alg };
	warc_writer *w;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK, "%s", err.msg);
	warc_written wr, resp1;
	const char *get = "GET / HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: wark-test\r\n\r\n";
	const char *r1 = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 29\r\n\r\n"
			 "<html><body>Hi</body></html>\n";
	put(w, "request", "http://www.example.com/", NULL, WARC_PAYLOAD_HTTP, get, strlen(get), NULL, NULL, &wr);
	warc_headers *x = warc_headers_new();
	cr_assert_eq(warc_headers_add(x, "WARC-Concurrent-To", wr.record_id), WARC_OK);
	cr_assert_eq(warc_headers_add(x, "WARC-IP-Address", "127.0.0.1"), WARC_OK);
	put(w, "response", "http://www.example.com/", NULL, WARC_PAYLOAD_HTTP, r1, strlen(r1), NULL, x, &resp1);
	warc_headers_free(x);

	char chunked[512];
	const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\x56\x4a\x54\xb2\x32\xac\x05\x00\x3c\x7c\x5f\x4e\x08\x00\x00\x00";
	int n = snprintf(chunked, sizeof chunked,
			 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
			 "Transfer-Encoding: chunked\r\n\r\n%x\r\n", 12);
	memcpy(chunked + n, gz, 12);
	n += 12;
	n += snprintf(chunked + n, sizeof chunked - (size_t)n, "\r\n%x\r\n", (unsigned)(sizeof gz - 1 - 12));
	memcpy(chunked + n, gz + 12, sizeof gz - 1 - 12);
	n += (int)(sizeof gz - 1 - 12);
	n += snprintf(chunked + n, sizeof chunked - (size_t)n, "\r\n0\r\n\r\n");
	put(w, "response", "http://example.com/data?b=2&a=1", NULL, WARC_PAYLOAD_HTTP, chunked, (size_t)n, NULL, NULL, &wr);

	const char *redir = "HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.com/\r\nContent-Length: 0\r\n\r\n";
	put(w, "response", "https://Example.com:8443/Path", NULL, WARC_PAYLOAD_HTTP, redir, strlen(redir), NULL, NULL, &wr);

	x = warc_headers_new();
	cr_assert_eq(warc_headers_add(x, "WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"), WARC_OK);
	cr_assert_eq(warc_headers_add(x, "WARC-Refers-To", resp1.record_id), WARC_OK);
	cr_assert_eq(warc_headers_add(x, "WARC-Refers-To-Target-URI", "http://www.example.com/"), WARC_OK);
	cr_assert_eq(warc_headers_add(x, "WARC-Refers-To-Date", "2025-03-01T12:00:01.123456Z"), WARC_OK);
	cr_assert_eq(warc_headers_add(x, "WARC-Truncated", "length"), WARC_OK);
	const char *rv = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
	put(w, "revisit", "http://www.example.com/", NULL, WARC_PAYLOAD_GIVEN, rv, strlen(rv), resp1.payload_digest, x, &wr);
	warc_headers_free(x);

	put(w, "resource", "urn:wark:test/note", "text/plain", WARC_PAYLOAD_BLOCK, "a note\n", 7, NULL, NULL, &wr);
	put(w, "metadata", "http://www.example.com/", "text/plain", WARC_PAYLOAD_NONE, "fetchTimeMs: 12\n", 16, NULL, NULL, &wr);
	put(w, "metadata", "http://www.example.com/", "application/warc-fields", WARC_PAYLOAD_NONE, "via: x\r\n", 8, NULL,
	    NULL, &wr);

	size_t big = 300000;
	char *b = malloc(big);
	int h = snprintf(b, big, "HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nContent-Length: %zu\r\n\r\n", big - 80);
	for (size_t i = (size_t)h; i < big; i++)
		b[i] = (char)(i * 7 + i / 251);
	put(w, "response", "http://img.example.org/a.png?x=1", NULL, WARC_PAYLOAD_HTTP, b, big, NULL, NULL, &wr);
	free(b);
	char *path = NULL;
	cr_assert(asprintf(&path, "%s/%s", dir, wr.filename) > 0);
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);
	return path;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* CDXJ text -> sorted lines with JSON re-serialised canonically, digest labels stripped. */
static char *normalise_cdxj(const char *text)
{
	size_t nlines = count_lines(text), k = 0;
	char **lines = calloc(nlines + 1, sizeof *lines);
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);
		char *sp1 = strchr(line, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
		cr_assert_not_null(sp2, "CDXJ line: %s", line);
		*sp2 = '\0';
		json_error_t je;
		json_t *o = json_loads(sp2 + 1, 0, &je);
		cr_assert_not_null(o, "JSON %s: %s", sp2 + 1, je.text);
		json_t *d = json_object_get(o, "digest");
		if (d && json_is_string(d)) {
			const char *v = json_string_value(d), *c = strchr(v, ':');
			if (c)
				json_object_set_new(o, "digest", json_string(c + 1));
		}
		char *js = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
		cr_assert(asprintf(&lines[k++], "%s %s", line, js) > 0);
		free(js);
		json_decref(o);
		free(line);
		p = nl ? nl + 1 : p + len;
	}
	qsort(lines, k, sizeof *lines, cmp_strp);
	size_t total = 1;
	for (size_t i = 0; i < k; i++)
		total += strlen(lines[i]) + 1;
	char *out = calloc(1, total);
	for (size_t i = 0; i < k; i++) {
		strcat(out, lines[i]);
		strcat(out, "\n");
		free(lines[i]);
	}
	free(lines);
	return out;
}

Test(index_cli, help_usage_and_missing_file)
{
	struct run r = run_wark("index --help");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "cdxj"));
	run_free(&r);
	r = run_wark("index --bogus x.warc");
	cr_assert_eq(r.status, 2);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	run_free(&r);
	r = run_wark("index --format json x.warc");
	cr_assert_eq(r.status, 2);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	run_free(&r);
	r = run_wark("index");
	cr_assert_eq(r.status, 2);
	run_free(&r);
	char *good = fixture_path("warc/example.warc.gz");
	r = run_wark("index %s /nonexistent/missing.warc.gz", good);
	cr_assert_eq(r.status, 2);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	cr_assert(strstr(r.err, "missing.warc.gz"));
	cr_assert_str_eq(r.out, "", "no partial index");
	run_free(&r);
	free(good);
	/* damage: exit 1, the message names file and offset, readable records still indexed */
	char *trunc = fixture_path("warc/example-trunc.warc");
	r = run_wark("index %s", trunc);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "example-trunc.warc: offset "), "%s", r.err);
	run_free(&r);
	free(trunc);
}

Test(index_cli, sorted_output_cdx_format_and_output_file, .timeout = 60)
{
	char *tmp = make_tmpdir();
	char *warc = write_sample(tmp, WARC_SHA1);
	struct run r = run_wark("index %s", warc);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out), 7, "%s", r.out);
	struct run s = run_sh("%s index %s | LC_ALL=C sort -c && echo sorted", wark_bin(), warc);
	cr_assert(strstr(s.out, "sorted"), "LC_ALL=C order: %s %s", s.out, s.err);
	run_free(&s);
	const char *base = strrchr(warc, '/') + 1;
	char want[300];
	snprintf(want, sizeof want, "\"filename\": \"%s\"", base);
	cr_assert(strstr(r.out, want), "base name as filename: %s", r.out);
	cr_assert(strstr(r.out, "com,example)/ "), "%s", r.out);
	cr_assert(strstr(r.out, "\"mime\": \"warc/revisit\""), "%s", r.out);
	run_free(&r);
	r = run_wark("index --format cdx -o %s/out.cdx %s", tmp, warc);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "");
	run_free(&r);
	char *path = NULL;
	cr_assert(asprintf(&path, "%s/out.cdx", tmp) > 0);
	size_t len;
	char *cdx = read_file(path, &len);
	cr_assert_not_null(cdx);
	cr_assert(!strncmp(cdx, WARC_CDX_HEADER, strlen(WARC_CDX_HEADER)), "%s", cdx);
	cr_assert_eq(count_lines(cdx), 8);
	cr_assert(strstr(cdx, "com,example:8443)/path "), "%s", cdx);
	cr_assert(strstr(cdx, " 301 "), "%s", cdx);
	free(cdx);
	free(path);
	free(warc);
	rm_rf(tmp);
	free(tmp);
}

/* Non-GET pairs as browsers capture them: form, JSON, PUT, binary, multipart, a body over the read
 * limit. No escaped reserved characters in the queries: the two SURTs differ there (SPEC.md 2). */
static char *write_post_sample(const char *dir)
{
	warc_writer_options o = { .dir = dir, .prefix = "post", .hostname = "test", .digest = WARC_SHA1 };
	warc_writer *w;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK, "%s", err.msg);
	const char *resp = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
	static const struct {
		const char *method, *uri, *ct, *body;
		bool response_first;
	} pairs[] = {
		{ "POST", "http://example.com/login", "application/x-www-form-urlencoded", "user=a+b&pass=x%7Ey", false },
		{ "POST", "https://api.example.com/graphql?op=q", "application/json",
		  "{\"query\":\"query Q(id) { item(id) { name } }\",\"variables\":{\"id\":\"42\","
		  "\"tags\":[\"a\",\"b\",[\"c\"]],\"n\":[1.5,-2,0.000001,true,false,null],\"o\":{\"id\":7}},\"0\":\"z\"}",
		  true },
		{ "PUT", "http://example.com/items/1", "application/json; charset=utf-8",
		  "[{\"k\":1},{\"k\":2},{\"k\":\"\"},{\"k\":3}]", false },
		{ "POST", "http://example.com/upload", "multipart/form-data; boundary=----WebKitFormBoundaryQ1w2E3",
		  "------WebKitFormBoundaryQ1w2E3\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA title\r\n"
		  "------WebKitFormBoundaryQ1w2E3\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n5\r\n"
		  "------WebKitFormBoundaryQ1w2E3--\r\n", false },
		{ "POST", "http://example.com/text", "text/plain;charset=UTF-8", "{\"a\":[\"x y\"]}", false },
		{ "POST", "http://example.com/bad", "application/json", "{\"a\": [1, 2", true },
	};
	warc_written wr;
	char head[512];
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		const char *path = strchr(strchr(pairs[i].uri, ':') + 3, '/');
		int hn = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n",
				  pairs[i].method, path, pairs[i].ct, strlen(pairs[i].body));
		char *req = NULL;
		cr_assert(asprintf(&req, "%.*s%s", hn, head, pairs[i].body) > 0);
		if (pairs[i].response_first)
			put(w, "response", pairs[i].uri, NULL, WARC_PAYLOAD_HTTP, resp, strlen(resp), NULL, NULL, &wr);
		put(w, "request", pairs[i].uri, NULL, WARC_PAYLOAD_HTTP, req, strlen(req), NULL, NULL, &wr);
		if (!pairs[i].response_first)
			put(w, "response", pairs[i].uri, NULL, WARC_PAYLOAD_HTTP, resp, strlen(resp), NULL, NULL, &wr);
		free(req);
	}
	/* binary bodies: every byte value, and one over WARC_LIMIT_POST_BODY (2 MiB) */
	size_t big = 2u << 20;
	char *req = malloc(big + 256);
	for (int k = 0; k < 2; k++) {
		size_t blen = k ? big : 256;
		int hn = snprintf(req, 256, "POST /bin%d HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
				  "Content-Length: %zu\r\n\r\n", k, blen);
		for (size_t i = 0; i < blen; i++)
			req[(size_t)hn + i] = (char)(i * 31 + i / 256);
		char uri[64];
		snprintf(uri, sizeof uri, "http://example.com/bin%d", k);
		put(w, "request", uri, NULL, WARC_PAYLOAD_HTTP, req, (size_t)hn + blen, NULL, NULL, &wr);
		put(w, "response", uri, NULL, WARC_PAYLOAD_HTTP, resp, strlen(resp), NULL, NULL, &wr);
	}
	free(req);
	char *path = NULL;
	cr_assert(asprintf(&path, "%s/%s", dir, wr.filename) > 0);
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);
	return path;
}

/* `wark index WARC` and warcio.js `cdx-index WARC`, normalised (normalise_cdxj),
 * asserted equal; returns wark's normalised lines (caller frees). */
static char *index_agreeing_with_warcio(const char *warc)
{
	struct run ours = run_wark("index %s", warc);
	cr_assert_eq(ours.status, 0, "%s", ours.err);
	struct run theirs = run_sh(WARCIO " cdx-index %s", warc);
	cr_assert_eq(theirs.status, 0, "warcio: %s", theirs.err);
	char *a = normalise_cdxj(ours.out), *b = normalise_cdxj(theirs.out);
	cr_assert_str_eq(a, b, "wark:\n%s\nwarcio:\n%s", a, b);
	free(b);
	run_free(&ours);
	run_free(&theirs);
	return a;
}

Test(warcio, cdx_index_post_keys_agree, .timeout = 120)
{
	char *tmp = make_tmpdir();
	char *warc = write_post_sample(tmp);
	char *a = index_agreeing_with_warcio(warc);
	cr_assert_eq(count_lines(a), 8);
	/* the keys are the POST keys, not the bare URLs */
	cr_assert(strstr(a, "com,example)/login?__wb_method=post&pass=x~y&user=a+b "), "%s", a);
	cr_assert(strstr(a, "com,example)/items/1?__wb_method=put&k.2_=2&k.3_=3&k=1 "), "%s", a);
	cr_assert(strstr(a, "com,example)/bad?&__wb_method=post "), "%s", a);
	free(a);
	free(warc);
	rm_rf(tmp);
	free(tmp);
}

/* post-test.warc.gz (warcio's test data): each request follows its response
 * and names it in WARC-Concurrent-To; each capture is keyed with the body of
 * its own request, not with the request before it. */
Test(warcio, post_test_fixture_keys_agree, .timeout = 90)
{
	char *warc = fixture_path("warc/post-test.warc.gz");
	char *a = index_agreeing_with_warcio(warc);
	cr_assert_eq(count_lines(a), 3);
	cr_assert(strstr(a, "org,httpbin)/post?__wb_method=post&foo=bar&test=abc 20140610000859 "), "%s", a);
	cr_assert(strstr(a, "org,httpbin)/post?__wb_method=post&a=1&b=[]&c=3 20140610001151 "), "%s", a);
	cr_assert(strstr(a, "org,httpbin)/post?__wb_method=post&data=^&foo=bar 20140610001255 "), "%s", a);
	free(a);
	free(warc);
}

Test(warcio, cdx_index_agrees_with_wark_index, .timeout = 90)
{
	char *tmp = make_tmpdir();
	char *warc = write_sample(tmp, WARC_SHA1);
	char *a = index_agreeing_with_warcio(warc);
	cr_assert_eq(count_lines(a), 7);
	free(a);
	free(warc);
	rm_rf(tmp);
	free(tmp);
}

Test(warcio, parses_every_written_record_alike, .timeout = 90)
{
	char *tmp = make_tmpdir();
	char *warc = write_sample(tmp, WARC_SHA256);
	struct run r = run_sh("node tests/js/warc_records.mjs %s", warc);
	cr_assert_eq(r.status, 0, "%s", r.err);
	warc_reader *rd;
	warc_error err;
	cr_assert_eq(warc_reader_open(&rd, warc, &err), WARC_OK);
	const char *p = r.out;
	int n = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		char *line = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
		p = nl ? nl + 1 : p + strlen(p);
		json_error_t je;
		json_t *o = json_loads(line, 0, &je);
		cr_assert_not_null(o, "%s", line);
		warc_record *rec;
		cr_assert_eq(warc_reader_next(rd, &rec, &err), WARC_OK, "warcio saw more records than wark");
		n++;
		cr_assert_eq((uint64_t)json_integer_value(json_object_get(o, "offset")), warc_record_offset(rec));
		cr_assert_str_eq(json_string_value(json_object_get(o, "type")), warc_record_type(rec));
		/* every header, same value */
		const warc_headers *h = warc_record_headers(rec);
		json_t *jh = json_object_get(o, "headers");
		cr_assert_eq(json_object_size(jh), warc_headers_count(h), "%s", line);
		for (size_t i = 0; i < warc_headers_count(h); i++) {
			json_t *v = json_object_get(jh, warc_headers_name(h, i));
			cr_assert_not_null(v, "warcio lacks %s", warc_headers_name(h, i));
			cr_assert_str_eq(json_string_value(v), warc_headers_value(h, i));
		}
		/* the body warcio.js sees: our block after the HTTP head (or the whole block) */
		const char *type = warc_record_type(rec);
		bool http = !strcmp(type, "response") || !strcmp(type, "request") || !strcmp(type, "revisit");
		warc_buf blk;
		warc_buf_init(&blk, 1u << 20);
		char chunk[4096];
		ssize_t k;
		while ((k = warc_record_read(rec, chunk, sizeof chunk, &err)) > 0)
			cr_assert_eq(warc_buf_add(&blk, chunk, (size_t)k), WARC_OK);
		cr_assert_eq(k, 0, "%s", err.msg);
		size_t head_len = 0;
		bool chunked = false;
		if (http) {
			warc_http *hh;
			cr_assert_eq(warc_http_parse(blk.data, blk.len, &hh, &head_len, &err), WARC_OK);
			chunked = warc_http_is_chunked(hh);
			warc_http_free(hh);
		}
		char body[WARC_DIGEST_STR_MAX], theirs[120];
		warc_digest_buf(WARC_SHA256, blk.data + head_len, blk.len - head_len, body);
		snprintf(theirs, sizeof theirs, "sha256:%s", json_string_value(json_object_get(o, "body_sha256")));
		cr_assert_str_eq(theirs, body, "%s record at %llu", type, (unsigned long long)warc_record_offset(rec));
		/* and our digests say the same: payload = that body unless chunked (then de-chunked), block otherwise */
		if (http && strcmp(type, "revisit") != 0) {
			const char *pd = warc_headers_get(h, "WARC-Payload-Digest");
			cr_assert_not_null(pd);
			if (chunked)
				cr_assert_str_neq(pd, body, "chunked: digest over the de-chunked body");
			else
				cr_assert_str_eq(pd, body);
		} else if (!http) {
			cr_assert_str_eq(warc_headers_get(h, "WARC-Block-Digest"), body);
		}
		warc_buf_free(&blk);
		if (!strcmp(type, "response") || !strcmp(type, "revisit"))
			cr_assert(json_integer_value(json_object_get(o, "http_status")) >= 200, "%s", line);
		json_decref(o);
		free(line);
	}
	warc_record *rec;
	cr_assert_eq(warc_reader_next(rd, &rec, &err), WARC_EOF, "wark saw more records than warcio");
	cr_assert_eq(n, 10, "warcinfo + 9 records");
	warc_reader_close(rd);
	run_free(&r);
	free(warc);
	rm_rf(tmp);
	free(tmp);
}

/* Offsets of CDXJ lines (from the JSON), sorted, as one string. */
static char *offsets_of(const char *cdxj)
{
	long offs[256];
	int n = 0;
	for (const char *p = strstr(cdxj, "\"offset\""); p && n < 256; p = strstr(p + 1, "\"offset\"")) {
		const char *q = p + 8;
		while (*q && (*q == ' ' || *q == ':' || *q == '"'))
			q++;
		offs[n++] = strtol(q, NULL, 10);
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && offs[j - 1] > offs[j]; j--) {
			long t = offs[j];
			offs[j] = offs[j - 1];
			offs[j - 1] = t;
		}
	char *out = calloc(1, 256 * 24 + 1);
	for (int i = 0; i < n; i++)
		sprintf(out + strlen(out), "%ld ", offs[i]);
	return out;
}

Test(warcio, fixtures_same_records_as_cdx_index, .timeout = 90)
{
	/* The well-formed fixtures (damaged ones: warcio.js reports wrong offsets, see standards.md 7). */
	const char *files[] = { "example.warc.gz", "example-resource.warc.gz", "example-wget-bad-target-uri.warc.gz",
				"post-test.warc.gz", "wget-chunked-gzip.warc.gz", "example-space-in-target-uri.warc.gz",
				"example-iana.org-chunked.warc", "example-digest.warc", "example.warc" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char rel[128];
		snprintf(rel, sizeof rel, "warc/%s", files[i]);
		char *path = fixture_path(rel);
		struct run ours = run_wark("index %s", path);
		cr_assert_eq(ours.status, 0, "%s: %s", files[i], ours.err);
		struct run theirs = run_sh(WARCIO " cdx-index %s", path);
		cr_assert_eq(theirs.status, 0, "%s", theirs.err);
		cr_assert_eq(count_lines(ours.out), count_lines(theirs.out), "%s:\n%s\nvs\n%s", files[i], ours.out, theirs.out);
		char *a = offsets_of(ours.out), *b = offsets_of(theirs.out);
		cr_assert_str_eq(a, b, "%s: record offsets", files[i]);
		free(a);
		free(b);
		run_free(&ours);
		run_free(&theirs);
		free(path);
	}
}
