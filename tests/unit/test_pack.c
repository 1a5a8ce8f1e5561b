/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pack.c - pack/ through its API: WARCs written with the warc writer,
 * packed with pack_run(), checked with pack_verify(); plus the small
 * helpers (dates, digests) and the ZIP central-directory reader.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pack/internal.h"
#include "pack/pack.h"
#include "tests/support/support.h"
#include "warc/warc.h"

/* The current test's directory, removed by the suite's .fini even when an assertion failed. */
static char cur_tmp[256];

static void cleanup_tmp(void)
{
	if (cur_tmp[0])
		rm_rf(cur_tmp);
}

TestSuite(pack_api, .fini = cleanup_tmp);

static char *tracked_tmpdir(void)
{
	char *t = make_tmpdir();
	cr_assert(t);
	snprintf(cur_tmp, sizeof cur_tmp, "%s", t);
	return t;
}

static void put(warc_writer *w, const char *type, const char *uri, const char *date, const char *block)
{
	warc_record_spec s = { .type = type, .target_uri = uri, .date = date,
			       .content_type = "application/http; msgtype=response", .payload = WARC_PAYLOAD_HTTP,
			       .block = block, .block_len = strlen(block) };
	warc_written where;
	warc_error err;
	cr_assert_eq(warc_writer_write(w, &s, &where, &err), WARC_OK, "%s", err.msg);
}

/* A writer of WARCs named PREFIX-... in the crawl dir T/crawl/warc (made here). */
static warc_writer *crawl_writer(const char *t, const char *prefix)
{
	char dir[512];
	snprintf(dir, sizeof dir, "%s/crawl/warc", t);
	struct run r = run_sh("mkdir -p %s", dir);
	run_free(&r);
	warc_writer_options o = { .dir = dir, .prefix = prefix, .hostname = "h" };
	warc_writer *w;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK, "%s", err.msg);
	return w;
}

/* A crawl dir: two HTML pages (one captured twice), an image, a 404 page. */
static char *write_crawl(void)
{
	char *t = tracked_tmpdir();
	warc_writer *w = crawl_writer(t, "unit");
	warc_error err;
	const char *html = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<title>\n A &amp;\n B</title>";
	put(w, "response", "http://site.test/", "2025-03-01T12:00:01.250Z", html);
	put(w, "response", "http://site.test/a.html", "2025-03-01T12:00:02Z", html);
	put(w, "response", "http://site.test/a.html", "2025-03-02T08:00:00Z", html);
	put(w, "response", "http://site.test/img.png",
	    "2025-03-01T12:00:03Z", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG");
	put(w, "response", "http://site.test/gone", "2025-03-01T12:00:04Z",
	    "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nno");
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);
	return t;
}

typedef struct probs {
	int n;
	char last[1024];
} probs;

static void collect(void *ctx, const char *where, bool is_warning, const char *msg)
{
	probs *p = ctx;
	if (!is_warning) {
		p->n++;
		snprintf(p->last, sizeof p->last, "%s: %s", where, msg);
	}
}

Test(pack_api, writer_output_packs_and_verifies)
{
	char *t = write_crawl();
	char in[512], out[512], bag[512];
	snprintf(in, sizeof in, "%s/crawl", t);
	snprintf(out, sizeof out, "%s/u.wacz", t);
	snprintf(bag, sizeof bag, "%s/u.tar.gz", t);
	const char *inputs[] = { in };
	pack_options o = { .format = PACK_WACZ, .output = out, .inputs = inputs, .n_inputs = 1,
			   .epoch = -1, .zipnum_threshold = PACK_ZIPNUM_THRESHOLD_DEFAULT, .software = "test" };
	pack_result res;
	warc_error err;
	cr_assert_eq(pack_run(&o, &res, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(res.warcs, 1);
	cr_assert_eq(res.index_lines, 5);
	cr_assert_eq(res.pages, 2, "HTML 200 responses, one per URL");
	cr_assert(!res.zipnum);
	cr_assert_eq(pack_detect(out), PACK_KIND_WACZ);

	probs p = { 0, "" };
	pack_verify_result vr;
	cr_assert_eq(pack_verify(out, NULL, collect, &p, &vr, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(p.n, 0, "%s", p.last);
	cr_assert_eq(vr.kind, PACK_KIND_WACZ);
	cr_assert_eq(vr.pages, 2);
	cr_assert_eq(vr.index_lines, 5);
	cr_assert_eq(vr.warc_records, 6, "warcinfo + 5 responses");
	cr_assert_eq(vr.hashes_checked, 4, "3 resources + the datapackage digest");

	/* pages: first capture of each URL, ts to the second; epoch = newest capture */
	struct run r = run_sh("python3 %s/tests/pack/zipcat.py %s pages/pages.jsonl datapackage.json", repo_root(), out);
	cr_assert(strstr(r.out, "\"url\": \"http://site.test/\", \"ts\": \"2025-03-01T12:00:01Z\""), "%s", r.out);
	cr_assert(strstr(r.out, "\"url\": \"http://site.test/a.html\", \"ts\": \"2025-03-01T12:00:02Z\""), "%s", r.out);
	cr_assert(!strstr(r.out, "img.png") && !strstr(r.out, "/gone"), "%s", r.out);
	cr_assert(strstr(r.out, "\"ts\": \"2025-03-01T12:00:01Z\", \"title\": \"A &amp; B\"") ||
		  strstr(r.out, "\"ts\": \"2025-03-01T12:00:01Z\", \"title\": \"A & B\""), "title from <title>: %s", r.out);
	cr_assert(strstr(r.out, "\"created\": \"2025-03-02T08:00:00Z\""), "%s", r.out);
	run_free(&r);

	o.format = PACK_BAGIT;
	o.output = bag;
	cr_assert_eq(pack_run(&o, &res, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(pack_detect(bag), PACK_KIND_BAG);
	p.n = 0;
	cr_assert_eq(pack_verify(bag, NULL, collect, &p, &vr, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(p.n, 0, "%s", p.last);
	cr_assert_eq(vr.kind, PACK_KIND_BAG);
	cr_assert_eq(vr.hashes_checked, 3 * 2 + 4 * 2, "payload in 2 manifests + 4 tag files in 2");
	rm_rf(t);
	free(t);
}

Test(pack_api, index_offset_pointing_elsewhere_is_caught)
{
	char *t = write_crawl();
	char in[512], out[512];
	snprintf(in, sizeof in, "%s/crawl", t);
	snprintf(out, sizeof out, "%s/u.wacz", t);
	const char *inputs[] = { in };
	pack_options o = { .format = PACK_WACZ, .output = out, .inputs = inputs, .n_inputs = 1, .epoch = 0,
			   .zipnum_threshold = PACK_ZIPNUM_THRESHOLD_DEFAULT };
	pack_result res;
	warc_error err;
	cr_assert_eq(pack_run(&o, &res, &err), WARC_OK, "%s", err.msg);
	/* Rebuild the WACZ with two index lines' URLs swapped and hashes updated (python). */
	struct run r = run_sh(
		"cd %s && python3 - <<'EOF'\n"
		"import zipfile, json, hashlib\n"
		"z = zipfile.ZipFile('u.wacz'); items = {i.filename: z.read(i.filename) for i in z.infolist()}\n"
		"lines = items['indexes/index.cdxj'].decode().splitlines()\n"
		"a = json.loads(lines[0].split(' ', 2)[2]); b = json.loads(lines[1].split(' ', 2)[2])\n"
		"a['offset'], b['offset'] = b['offset'], a['offset']\n"
		"lines[0] = ' '.join(lines[0].split(' ', 2)[:2] + [json.dumps(a)])\n"
		"lines[1] = ' '.join(lines[1].split(' ', 2)[:2] + [json.dumps(b)])\n"
		"items['indexes/index.cdxj'] = ('\\n'.join(lines) + '\\n').encode()\n"
		"dp = json.loads(items['datapackage.json'])\n"
		"for res in dp['resources']:\n"
		"    res['hash'] = 'sha256:' + hashlib.sha256(items[res['path']]).hexdigest(); res['bytes'] = len(items[res['path']])\n"
		"items['datapackage.json'] = json.dumps(dp).encode()\n"
		"items['datapackage-digest.json'] = json.dumps({'path': 'datapackage.json', 'hash': 'sha256:' + hashlib.sha256(items['datapackage.json']).hexdigest()}).encode()\n"
		"with zipfile.ZipFile('bad.wacz', 'w') as o:\n"
		"    for n, d in items.items(): o.writestr(n, d)\n"
		"EOF\n",
		t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	char bad[512];
	snprintf(bad, sizeof bad, "%s/bad.wacz", t);
	probs p = { 0, "" };
	pack_verify_result vr;
	pack_verify_options vo = { .skip_records = true };
	cr_assert_eq(pack_verify(bad, &vo, collect, &p, &vr, &err), WARC_OK, "%s", err.msg);
	cr_assert_geq(p.n, 2, "both swapped lines land on the wrong record: %s", p.last);
	cr_assert(strstr(p.last, "is for http://site.test/"), "%s", p.last);
	rm_rf(t);
	free(t);
}

Test(pack_api, dates)
{
	char ts[15], out[32];
	cr_assert_eq(warc_date_to_ts14("2025-03-01T12:00:01.123456Z", ts), WARC_OK);
	cr_assert_str_eq(ts, "20250301120001");
	cr_assert_eq(warc_date_to_ts14("2025-03-01", ts), WARC_OK);
	cr_assert_str_eq(ts, "20250301000000");
	/* an offset is converted to UTC (pk_rfc3339_ts14 used to drop it) */
	cr_assert_eq(warc_date_to_ts14("2025-03-01T14:00:01+02:00", ts), WARC_OK);
	cr_assert_str_eq(ts, "20250301120001");
	cr_assert_neq(warc_date_to_ts14("March 1", ts), WARC_OK);
	cr_assert_eq(pk_ts14_epoch("20231114221320"), 1700000000);
	cr_assert_eq(pk_ts14_epoch("2023111422132x"), -1);
	pk_rfc3339(1700000000, out);
	cr_assert_str_eq(out, "2023-11-14T22:13:20Z");
}

Test(pack_api, hashes_in_one_pass)
{
	pk_hash h;
	warc_error err;
	cr_assert_eq(pk_hash_init(&h, PK_SHA256 | PK_SHA512 | PK_MD5, &err), WARC_OK);
	pk_hash_update(&h, "ab", 2);
	pk_hash_update(&h, "c", 1);
	char a[PK_HEX_MAX], b[PK_HEX_MAX], c[PK_HEX_MAX];
	pk_hash_final(&h, PK_SHA256, a);
	pk_hash_final(&h, PK_SHA512, b);
	pk_hash_final(&h, PK_MD5, c);
	pk_hash_free(&h);
	cr_assert_str_eq(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cr_assert(!strncmp(b, "ddaf35a193617abacc417349ae204131", 32));
	cr_assert_str_eq(c, "900150983cd24fb0d6963f7d28e17f72");
	cr_assert_eq(pk_hash_alg("SHA-256"), PK_SHA256);
	cr_assert_eq(pk_hash_alg("sha512"), PK_SHA512);
	cr_assert_eq(pk_hash_alg("blake3"), 0);
}

Test(pack_api, zip_central_directory)
{
	char *t = tracked_tmpdir();
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

static char *slurp_path(const char *dir, const char *name, size_t *len)
{
	char p[600];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return read_file(p, len);
}

/* Spilling the index in tiny runs (k-way merge) gives the same bytes as
 * sorting it in memory, for plain CDXJ and for multi-block ZipNum. */
Test(pack_api, spilled_index_runs_give_identical_archives, .timeout = 120)
{
	char *t = tracked_tmpdir();
	warc_writer *w = crawl_writer(t, "many");
	warc_error err;
	const char *html = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>p</title>";
	for (int i = 0; i < 1100; i++) {
		char uri[64], date[40];
		/* URLs in an order unlike their sorted order */
		snprintf(uri, sizeof uri, "http://s%d.test/p/%d", (i * 7919) % 13, (i * 104729) % 1100);
		snprintf(date, sizeof date, "2025-03-01T%02d:%02d:%02dZ", i / 3600, i / 60 % 60, i % 60);
		put(w, "response", uri, date, html);
	}
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);
	char in[512];
	snprintf(in, sizeof in, "%s/crawl", t);
	const char *inputs[] = { in };
	static const char *const names[] = { "mem.wacz", "spill.wacz", "memz.wacz", "spillz.wacz" };
	for (int k = 0; k < 4; k++) {
		char out[600];
		snprintf(out, sizeof out, "%s/%s", t, names[k]);
		pack_options o = { .format = PACK_WACZ, .output = out, .inputs = inputs, .n_inputs = 1, .epoch = 0,
				   .title = "same", .zipnum_threshold = k >= 2 ? 0 : UINT64_MAX,
				   .index_run_bytes = k % 2 ? 1000 : 0 };
		pack_result res;
		cr_assert_eq(pack_run(&o, &res, &err), WARC_OK, "%s", err.msg);
		cr_assert_eq(res.index_lines, 1100);
		cr_assert_eq(res.zipnum, k >= 2);
		probs p = { 0, "" };
		pack_verify_result vr;
		pack_verify_options vo = { .skip_records = true };
		cr_assert_eq(pack_verify(out, &vo, collect, &p, &vr, &err), WARC_OK, "%s", err.msg);
		cr_assert_eq(p.n, 0, "%s: %s", names[k], p.last);
		cr_assert_eq(vr.index_lines, 1100);
	}
	size_t la, lb;
	for (int k = 0; k < 4; k += 2) {
		char *a = slurp_path(t, names[k], &la), *b = slurp_path(t, names[k + 1], &lb);
		cr_assert(a && b && la == lb && !memcmp(a, b, la), "%s and %s differ", names[k], names[k + 1]);
		free(a);
		free(b);
	}
	struct run r = run_sh("cd %s && ls -a | grep -c -e '^\\.wark-pack' -e '\\.part-' ; true", t);
	cr_assert_eq(atoi(r.out), 0, "temporary files left: %s", r.out);
	run_free(&r);
	rm_rf(t);
	free(t);
}
