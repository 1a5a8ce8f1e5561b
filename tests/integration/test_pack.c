/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pack.c - 'wark pack' and 'wark verify' on archives, end to end.
 *
 * Every archive wark writes is judged twice: by 'wark verify' and by the
 * independent stdlib checker tests/pack/check_archive.py. Damage is done by
 * tests/pack/mutate.py (or plain shell for bag directories) and must be
 * caught by both. Inputs are the valid fixture WARCs from tests/fixtures plus a
 * small text bundle written here.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support/support.h"

#define CHECKER "python3 %s/tests/pack/check_archive.py"
#define MUTATE "python3 %s/tests/pack/mutate.py"
#define ZIPCAT "python3 %s/tests/pack/zipcat.py"

/* The current test's directory, removed by the suite's .fini even when an assertion failed. */
static char cur_tmp[256];

static void cleanup_tmp(void)
{
	if (cur_tmp[0])
		rm_rf(cur_tmp);
}

TestSuite(pack, .fini = cleanup_tmp);

static char *tracked_tmpdir(void)
{
	char *t = make_tmpdir();
	cr_assert(t);
	snprintf(cur_tmp, sizeof cur_tmp, "%s", t);
	return t;
}

/* A crawl directory T/crawl with three fixture WARCs and an extract bundle. */
static char *make_crawl(void)
{
	char *t = tracked_tmpdir();
	char *fx = fixture_path("warc");
	struct run r = run_sh("set -e; cd %s; mkdir -p crawl/warc crawl/extract/text; "
			      "cp %s/example.warc.gz %s/example-resource.warc.gz %s/post-test.warc.gz crawl/warc/; "
			      "cp %s/example.warc crawl/warc/plain-example.warc; "
			      "printf '%%s\\n' '{\"url\": \"http://example.com/\", \"ts\": \"2017-03-06T04:03:48Z\", "
			      "\"title\": null, \"skipped\": \"revisit record: payload not stored here\"}' "
			      "'{\"url\": \"http://example.com/\", \"ts\": \"2017-03-06T04:02:06Z\", \"title\": \"Example Domain\", "
			      "\"text\": \"This domain is for use in illustrative examples\", "
			      "\"captions\": [\"A caption under the figure\"]}' > crawl/extract/pages.jsonl; "
			      "echo 'This domain is for use in illustrative examples' > crawl/extract/text/example.txt; "
			      "echo 'WET placeholder' | gzip -n > crawl/extract/example.warc.wet.gz",
			      t, fx, fx, fx, fx);
	cr_assert_eq(r.status, 0, "setup: %s", r.err);
	run_free(&r);
	free(fx);
	return t;
}

/* 'wark verify T/NAME' fails (exit 1) and its output mentions needle. */
static void expect_refused(const char *t, const char *name, const char *needle)
{
	struct run r = run_wark("verify %s/%s", t, name);
	cr_assert_eq(r.status, 1, "%s: %s", name, r.out);
	cr_assert(strstr(r.out, needle), "%s: %s", name, r.out);
	run_free(&r);
}

/* make_crawl(), packed as T/good.wacz: the archive the damage tests start from. */
static char *make_crawl_and_wacz(void)
{
	char *t = make_crawl();
	struct run r = run_wark("pack %s/crawl -o %s/good.wacz", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	return t;
}

static void expect_ok(const char *archive)
{
	struct run r = run_wark("verify %s", archive);
	cr_assert_eq(r.status, 0, "wark verify %s: %s%s", archive, r.out, r.err);
	cr_assert(strstr(r.out, " OK: "), "summary: %s", r.out);
	run_free(&r);
	r = run_sh(CHECKER " %s", repo_root(), archive);
	cr_assert_eq(r.status, 0, "checker %s: %s%s", archive, r.out, r.err);
	run_free(&r);
}

/* Both judges must reject; wark's output must mention needle. */
static void expect_caught(const char *archive, const char *needle)
{
	struct run r = run_wark("verify %s", archive);
	cr_assert_eq(r.status, 1, "wark verify %s should fail: %s%s", archive, r.out, r.err);
	cr_assert(strstr(r.out, needle), "wark verify output lacks '%s': %s", needle, r.out);
	cr_assert(strstr(r.out, "FAILED"), "summary: %s", r.out);
	run_free(&r);
	r = run_sh(CHECKER " %s", repo_root(), archive);
	cr_assert_eq(r.status, 1, "checker should fail on %s: %s", archive, r.out);
	run_free(&r);
}

Test(pack, wacz_from_crawl_dir_verifies_and_carries_text)
{
	char *t = make_crawl();
	struct run r = run_wark("pack %s/crawl -o %s/site.wacz --title 'Test site'", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "4 WARC files"), "%s", r.out);
	run_free(&r);
	char path[512];
	snprintf(path, sizeof path, "%s/site.wacz", t);
	expect_ok(path);
	/* layout, pages text from the bundle, datapackage fields */
	r = run_sh("cd %s && " ZIPCAT " -l site.wacz | sort | tr '\\n' ' '", t, repo_root());
	cr_assert(strstr(r.out, "archive/plain-example.warc "), "%s", r.out);
	cr_assert(strstr(r.out, "text/pages.jsonl "), "%s", r.out);
	cr_assert(strstr(r.out, "text/example.txt "), "%s", r.out);
	cr_assert(strstr(r.out, "text/example.warc.wet.gz "), "%s", r.out);
	cr_assert(strstr(r.out, "indexes/index.cdxj "), "%s", r.out);
	run_free(&r);
	r = run_sh("cd %s && " ZIPCAT " site.wacz pages/pages.jsonl", t, repo_root());
	cr_assert(strstr(r.out, "{\"format\": \"json-pages-1.0\", \"id\": \"pages\", \"title\": \"All Pages\", "
				"\"hasText\": true}\n") == r.out, "header first: %s", r.out);
	cr_assert(strstr(r.out, "\"title\": \"Example Domain\""), "%s", r.out);
	cr_assert(strstr(r.out, "illustrative examples"), "%s", r.out);
	cr_assert(strstr(r.out, "A caption under the figure"), "%s", r.out);
	cr_assert(strstr(r.out, "\"ts\": \"2017-03-06T04:02:06Z\""), "%s", r.out);
	run_free(&r);
	r = run_sh("cd %s && " ZIPCAT " site.wacz datapackage.json", t, repo_root());
	cr_assert(strstr(r.out, "\"wacz_version\": \"1.1.1\""), "%s", r.out);
	cr_assert(strstr(r.out, "\"title\": \"Test site\""), "%s", r.out);
	cr_assert(strstr(r.out, "\"mainPageUrl\": \"http://example.com/\""), "%s", r.out);
	cr_assert(strstr(r.out, "\"software\": \"wark "), "%s", r.out);
	run_free(&r);
	/* the WARC filenames in the index are relative to archive/ */
	r = run_sh("cd %s && " ZIPCAT " site.wacz indexes/index.cdxj", t, repo_root());
	cr_assert(strstr(r.out, "\"filename\": \"example.warc.gz\""), "%s", r.out);
	cr_assert(!strstr(r.out, "archive/"), "%s", r.out);
	run_free(&r);
	rm_rf(t);
	free(t);
}

/* A bundle page dated with an offset is the same instant in UTC: it is the
 * page of the capture at that instant (the offset used to be dropped, and
 * the page dated 06:02:06Z won instead). */
Test(pack, page_date_with_offset_becomes_utc)
{
	char *t = make_crawl();
	struct run r = run_sh("cd %s && printf '%%s\\n' '{\"url\": \"http://example.com/\", "
			      "\"ts\": \"2017-03-06T06:02:06+02:00\", \"title\": \"Example Domain\"}' "
			      "'{\"url\": \"http://example.com/\", \"ts\": \"2017-03-06T06:02:06Z\", "
			      "\"title\": \"Two hours later\", \"text\": \"later\"}' > crawl/extract/pages.jsonl", t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_wark("pack %s/crawl -o %s/site.wacz", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_sh("cd %s && " ZIPCAT " site.wacz pages/pages.jsonl", t, repo_root());
	cr_assert(strstr(r.out, "\"ts\": \"2017-03-06T04:02:06Z\", \"title\": \"Example Domain\"}"), "%s", r.out);
	run_free(&r);
	char path[512];
	snprintf(path, sizeof path, "%s/site.wacz", t);
	expect_ok(path);
	rm_rf(t);
	free(t);
}

Test(pack, same_inputs_give_identical_bytes)
{
	char *t = make_crawl();
	static const char *const outs[] = { "x.wacz", "x.tar.gz", "x.tar.zst", "x.zip" };
	for (int pass = 0; pass < 2; pass++) {
		struct run r = run_sh("cd %s && mkdir -p o%d && touch -d '2020-01-0%d' crawl/warc/* && TZ=Asia/Tokyo "
				      "%s pack crawl -o o%d/x.wacz >/dev/null && %s pack -f bagit crawl -o o%d/x.tar.gz "
				      ">/dev/null && %s pack -f bagit crawl -o o%d/x.tar.zst >/dev/null && "
				      "%s pack -f bagit crawl -o o%d/x.zip >/dev/null",
				      t, pass, pass + 1, wark_bin(), pass, wark_bin(), pass, wark_bin(), pass, wark_bin(),
				      pass);
		cr_assert_eq(r.status, 0, "%s", r.err);
		run_free(&r);
		if (!pass)
			sleep(1);
	}
	for (size_t i = 0; i < 4; i++) {
		struct run r = run_sh("cd %s && cmp o0/%s o1/%s", t, outs[i], outs[i]);
		cr_assert_eq(r.status, 0, "%s differs between runs: %s", outs[i], r.out);
		run_free(&r);
	}
	/* SOURCE_DATE_EPOCH is honoured (and changes the bytes) */
	struct run r = run_sh("cd %s && mkdir o2 && SOURCE_DATE_EPOCH=1700000000 %s pack crawl -o o2/x.wacz >/dev/null "
			      "&& ! cmp -s o0/x.wacz o2/x.wacz && " ZIPCAT " o2/x.wacz datapackage.json",
			      t, wark_bin(), repo_root());
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "\"created\": \"2023-11-14T22:13:20Z\""), "%s", r.out);
	run_free(&r);
	rm_rf(t);
	free(t);
}

Test(pack, bagit_every_serialisation_verifies)
{
	char *t = make_crawl();
	static const char *const outs[] = { "bag.tar.gz", "bag.tar.zst", "bag.zip", "bagdir/" };
	for (size_t i = 0; i < 4; i++) {
		struct run r = run_wark("pack --format bagit --bag-info Source-Organization='Test Org' "
					"--bag-info External-Identifier=t-1 %s/crawl -o %s/%s", t, t, outs[i]);
		cr_assert_eq(r.status, 0, "%s: %s", outs[i], r.err);
		run_free(&r);
		char path[512];
		snprintf(path, sizeof path, "%s/%s", t, outs[i]);
		expect_ok(path);
		r = run_wark("verify %s", path);
		cr_assert(strstr(r.out, " 0 index lines") == NULL && strstr(r.out, " 1 pages"), "bag index and pages "
			  "checked: %s", r.out);
		run_free(&r);
	}
	struct run r = run_sh("cd %s/bagdir && cat bagit.txt bag-info.txt && ls && ls data data/warc data/text", t);
	cr_assert(strstr(r.out, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nBagging-Date: 2017-04-29\n"),
		  "%s", r.out);
	cr_assert(strstr(r.out, "Payload-Oxum: "), "%s", r.out);
	cr_assert(strstr(r.out, "Bag-Software-Agent: wark "), "%s", r.out);
	cr_assert(strstr(r.out, "Bag-Size: "), "%s", r.out);
	cr_assert(strstr(r.out, "Source-Organization: Test Org\n"), "%s", r.out);
	cr_assert(strstr(r.out, "manifest-sha256.txt\nmanifest-sha512.txt\n"), "%s", r.out);
	cr_assert(strstr(r.out, "tagmanifest-sha256.txt\n"), "%s", r.out);
	cr_assert(strstr(r.out, "example.warc.gz\n"), "%s", r.out);
	cr_assert(strstr(r.out, "pages.jsonl\n"), "%s", r.out);
	run_free(&r);
	/* sha256sum agrees with the manifests, independently */
	r = run_sh("cd %s/bagdir && sha256sum --quiet -c manifest-sha256.txt && sha512sum --quiet -c "
		   "manifest-sha512.txt && sha256sum --quiet -c tagmanifest-sha256.txt", t);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_free(&r);
	rm_rf(t);
	free(t);
}

Test(pack, wacz_damage_is_caught_by_both_checkers)
{
	char *t = make_crawl_and_wacz();
	struct run r;
	static const struct {
		const char *name, *mutation, *needle;
	} cases[] = {
		{ "flip.wacz", "flip %s archive/example.warc.gz", "archive/example.warc.gz" },
		{ "flipidx.wacz", "flip %s indexes/index.cdxj", "indexes/index.cdxj" },
		{ "add.wacz", "add %s text/extra.txt", "text/extra.txt: not listed" },
		{ "deep.wacz", "add %s text/a/b.txt", "nested more than one directory deep" },
		{ "rm.wacz", "remove %s archive/post-test.warc.gz", "archive/post-test.warc.gz: listed in" },
		{ "rmpages.wacz", "remove %s pages/pages.jsonl", "pages/pages.jsonl" },
		{ "rmdp.wacz", "remove %s datapackage.json", "datapackage.json: missing" },
		/* WACZ 1.1.1: every resource has its size, a non-negative integer */
		{ "negbytes.wacz", "setbytes %s pages/pages.jsonl -1", "\"bytes\" is not a non-negative integer" },
		{ "nobytes.wacz", "setbytes %s pages/pages.jsonl absent", "resource has no \"bytes\"" },
		{ "strbytes.wacz", "setbytes %s archive/example.warc.gz '\"1\"'", "is not a non-negative integer" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[512], mut[1024];
		snprintf(path, sizeof path, "%s/%s", t, cases[i].name);
		snprintf(mut, sizeof mut, cases[i].mutation, path);
		r = run_sh("cp %s/good.wacz %s && " MUTATE " %s", t, path, repo_root(), mut);
		cr_assert_eq(r.status, 0, "mutate %s: %s", mut, r.err);
		run_free(&r);
		expect_caught(path, cases[i].needle);
	}
	rm_rf(t);
	free(t);
}

Test(pack, bag_damage_is_caught_by_both_checkers)
{
	char *t = make_crawl();
	static const struct {
		const char *change, *needle;
	} cases[] = {
		{ "printf 'X' | dd of=$B/data/warc/example.warc.gz bs=1 seek=100 conv=notrunc 2>/dev/null",
		  "data/warc/example.warc.gz: sha256 digest does not match" },
		{ "echo extra > $B/data/text/extra.txt", "data/text/extra.txt: not listed in manifest-sha256.txt" },
		{ "rm $B/data/pages/pages.jsonl", "data/pages/pages.jsonl: listed in manifest-sha256.txt but missing" },
		{ "echo x > $B/extra-tag.txt", "extra-tag.txt: not listed in tagmanifest-sha256.txt" },
		{ "ln -s /etc/passwd $B/data/text/link", "data/text/link: unsafe entry refused: symbolic or hard link" },
		{ "printf 'BagIt-Version: 1.0\\n' > $B/bagit.txt", "must hold exactly two lines" },
		{ "sed -i 's/^Payload-Oxum: .*/Payload-Oxum: 1.1/' $B/bag-info.txt", "Payload-Oxum is 1.1" },
		{ "sed -i 's/\"offset\": \"784\", \"filename\": \"example.warc.gz\"/\"offset\": \"785\", "
		  "\"filename\": \"example.warc.gz\"/' $B/data/indexes/index.cdxj",
		  "offset 785 is not the start of a WARC record" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char bag[512];
		snprintf(bag, sizeof bag, "%s/bag%zu", t, i);
		struct run r = run_wark("pack -f bagit %s/crawl -o %s/", t, bag);
		cr_assert_eq(r.status, 0, "%s", r.err);
		run_free(&r);
		char change[1024];
		snprintf(change, sizeof change, "%s", cases[i].change);
		r = run_sh("B=%s; %s", bag, change);
		cr_assert_eq(r.status, 0, "%s: %s", change, r.err);
		run_free(&r);
		expect_caught(bag, cases[i].needle);
	}
	/* a damaged byte inside a serialised bag */
	struct run r = run_wark("pack -f bagit %s/crawl -o %s/s.zip", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	char path[512];
	snprintf(path, sizeof path, "%s/s.zip", t);
	r = run_sh(MUTATE " flip %s s/data/warc/post-test.warc.gz", repo_root(), path);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	expect_caught(path, "s/data/warc/post-test.warc.gz");
	rm_rf(t);
	free(t);
}

Test(pack, hostile_archives_get_clear_errors_and_write_nothing_outside)
{
	char *t = make_crawl_and_wacz();
	struct run r;
	static const struct {
		const char *name, *mutation, *needle;
	} cases[] = {
		{ "slip.wacz", "slip", "'..' in path" },
		{ "abs.wacz", "slip", "absolute path" },
		{ "link.wacz", "symlink", "symbolic or hard link" },
		{ "trunc.wacz", "truncate", "truncated ZIP" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = run_sh("cd %s && cp good.wacz %s && " MUTATE " %s %s", t, cases[i].name, repo_root(),
			   cases[i].mutation, cases[i].name);
		cr_assert_eq(r.status, 0, "%s", r.err);
		run_free(&r);
		expect_refused(t, cases[i].name, cases[i].needle);
	}
	r = run_sh("cd %s && " MUTATE " overlap overlap.wacz", t, repo_root());
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	expect_refused(t, "overlap.wacz", "overlaps");
	r = run_sh("cd %s && cp good.wacz claim.wacz && " MUTATE " bigclaim claim.wacz pages/pages.jsonl", t, repo_root());
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	expect_refused(t, "claim.wacz", "pages/pages.jsonl: claims 4026531840 bytes");
	r = run_sh("cd %s && " MUTATE " tar-hostile evil.tar.gz wark-escape-test", t, repo_root());
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_wark("verify %s/evil.tar.gz", t);
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "'..' in path"), "%s", r.out);
	cr_assert(strstr(r.out, "bag/data/link: unsafe entry refused"), "%s", r.out);
	cr_assert(strstr(r.out, "bag/data/hard: unsafe entry refused"), "%s", r.out);
	run_free(&r);
	struct stat st;
	cr_assert(stat("/tmp/wark-slip-test.txt", &st) && stat("/tmp/wark-abs-test.txt", &st), "wrote outside");
	char esc[512];
	snprintf(esc, sizeof esc, "%s/wark-escape-test", t);
	cr_assert(stat(esc, &st) && stat("wark-escape-test", &st), "tar entry escaped");
	rm_rf(t);
	free(t);
}

Test(pack, accepts_the_older_wacz_1_0_0_fixture)
{
	char *w = fixture_path("wacz/valid_example_1.wacz");
	struct run r = run_wark("verify %s", w);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "wacz OK"), "%s", r.out);
	cr_assert(strstr(r.out, "1 index lines, 1 pages"), "ZipNum index and pages read: %s", r.out);
	run_free(&r);
	free(w);
}

Test(pack, zipnum_index_above_threshold)
{
	char *t = make_crawl();
	struct run r = run_wark("pack --zipnum-threshold 0 %s/crawl -o %s/z.wacz", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "(ZipNum)"), "%s", r.out);
	run_free(&r);
	char path[512];
	snprintf(path, sizeof path, "%s/z.wacz", t);
	expect_ok(path);
	r = run_sh("cd %s && " ZIPCAT " -l z.wacz | grep ^indexes/ | tr '\\n' ' ' && " ZIPCAT " z.wacz indexes/index.idx",
		   t, repo_root(), repo_root());
	cr_assert(strstr(r.out, "indexes/index.cdx.gz indexes/index.idx "), "%s", r.out);
	cr_assert(!strstr(r.out, "index.cdxj"), "%s", r.out);
	cr_assert(strstr(r.out, "!meta 0 {\"format\": \"cdxj-gzip-1.0\""), "%s", r.out);
	run_free(&r);
	rm_rf(t);
	free(t);
}

Test(pack, usage_errors_exit_2_with_one_line)
{
	char *t = make_crawl();
	const char *cmds[] = {
		"pack --no-such-option x -o y.wacz",
		"pack %s/crawl",
		"pack -o %s/x.wacz",
		"pack %s/nonexistent -o x.wacz",
		"pack %s/crawl -o %s/x.zip",
		"pack -f bagit %s/crawl -o %s/x.rar",
		"pack -f tarball %s/crawl -o x.wacz",
		"pack -f bagit --bag-info NoEquals %s/crawl -o %s/b/",
		"pack -f bagit --bag-info Payload-Oxum=1.1 %s/crawl -o %s/b/",   /* computed, never given */
		"pack -f bagit --bag-info payload-oxum=1.1 %s/crawl -o %s/b/",
	};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		struct run r = run_wark(cmds[i], t, t);
		cr_assert_eq(r.status, 2, "%s: %d %s", cmds[i], r.status, r.err);
		cr_assert_eq(count_lines(r.err), 1, "%s: %s", cmds[i], r.err);
		run_free(&r);
	}
	/* a bag refuses names RFC 8493 would percent-encode */
	struct run r = run_sh("cd %s && cp crawl/warc/example.warc.gz 'crawl/warc/100%%.warc.gz'", t);
	run_free(&r);
	r = run_wark("pack -f bagit %s/crawl -o %s/pct/", t, t);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "'%'"), "%s", r.err);
	run_free(&r);
	struct stat st;
	char p[512];
	snprintf(p, sizeof p, "%s/pct", t);
	cr_assert(stat(p, &st), "nothing left behind");
	r = run_wark("verify %s/crawl/warc/nothing.wacz", t);
	cr_assert_eq(r.status, 2, "%s", r.err);
	run_free(&r);
	rm_rf(t);
	free(t);
}

Test(pack, interrupted_pack_leaves_nothing_under_the_final_name, .timeout = 60)
{
	char *t = tracked_tmpdir();
	/* one big resource record, gzip level 0 so the file stays big */
	struct run r = run_sh(
		"cd %s && mkdir -p c/warc && python3 -c \"\nimport gzip,os\nn=96<<20\n"
		"h=('WARC/1.1\\r\\nWARC-Type: resource\\r\\nWARC-Record-ID: <urn:uuid:12345678-1234-4234-8234-123456789012>\\r\\n"
		"WARC-Date: 2024-01-01T00:00:00Z\\r\\nWARC-Target-URI: http://example.com/big\\r\\n"
		"Content-Type: application/octet-stream\\r\\nContent-Length: %%d\\r\\n\\r\\n' %% n).encode()\n"
		"open('c/warc/big.warc.gz','wb').write(gzip.compress(h+os.urandom(n)+b'\\r\\n\\r\\n',compresslevel=0))\"",
		t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_sh("cd %s && (%s pack c -o out.wacz >/dev/null 2>err.txt & echo $! > pid; wait $!; echo $? > rc) & "
		   "cd %s; for i in $(seq 1 400); do ls out.wacz.part-* >/dev/null 2>&1 && break; sleep 0.02; done; "
		   "kill -INT $(cat pid); wait; sleep 0.2; cat rc; ls",
		   t, wark_bin(), t);
	cr_assert(strstr(r.out, "130\n"), "exit 130 after SIGINT: %s", r.out);
	cr_assert(!strstr(r.out, "out.wacz"), "no final file and no temporary left: %s", r.out);
	run_free(&r);
	rm_rf(t);
	free(t);
}

/* A text bundle's *.open files are not packed (SPEC 3.8), and a bundle
 * pages.jsonl cut short or holding a line that is not JSON is refused. */
Test(pack, bundle_open_files_skipped_and_damaged_pages_refused)
{
	char *t = make_crawl();
	struct run r = run_sh("cd %s && echo partial > crawl/extract/wark-extract-1-00000-h.warc.gz.open && "
			      "echo partial > crawl/extract/text/page.txt.open", t);
	run_free(&r);
	r = run_wark("pack %s/crawl -o %s/a.wacz", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_sh("cd %s && " ZIPCAT " -l a.wacz", t, repo_root());
	cr_assert(!strstr(r.out, ".open"), "no .open entry: %s", r.out);
	cr_assert(strstr(r.out, "text/example.txt"), "%s", r.out);
	run_free(&r);
	static const char *const damage[] = {
		"printf '{\"url\": \"http://example.com/x\", \"ti' >> crawl/extract/pages.jsonl",
		"echo 'not json' >> crawl/extract/pages.jsonl",
	};
	static const char *const said[] = {"line 3 is cut short (no newline at its end)", "line 3 is not a JSON object"};
	for (int i = 0; i < 2; i++) {
		r = run_sh("cd %s && head -n 2 crawl/extract/pages.jsonl > p && mv p crawl/extract/pages.jsonl && %s", t,
			   damage[i]);
		cr_assert_eq(r.status, 0, "%s", r.err);
		run_free(&r);
		r = run_wark("pack %s/crawl -o %s/b.wacz", t, t);
		cr_assert_eq(r.status, 1, "a damaged bundle is refused: %s", r.err);
		cr_assert(strstr(r.err, "crawl/extract/pages.jsonl: ") && strstr(r.err, said[i]), "%s", r.err);
		cr_assert(strstr(r.err, "the text bundle is damaged"), "%s", r.err);
		cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
		run_free(&r);
		r = run_sh("ls %s | grep -c b.wacz", t);
		cr_assert_eq(atoi(r.out), 0, "nothing written: %s", r.out);
		run_free(&r);
	}
	rm_rf(t);
	free(t);
}

/* 'wark pack CRAWL CRAWL/extract' (and a WARC beside its own crawl
 * directory) reach the same files twice: each is one input. */
Test(pack, the_same_file_reached_twice_is_one_input)
{
	char *t = make_crawl();
	struct run r = run_wark("pack %s/crawl %s/crawl/extract -o %s/a.wacz -t T", t, t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_wark("pack %s/crawl %s/crawl/warc/example.warc.gz %s/crawl/../crawl -o %s/b.wacz -t T", t, t, t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "4 WARC files"), "%s", r.out);
	run_free(&r);
	r = run_wark("pack %s/crawl -o %s/c.wacz -t T", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_sh("cd %s && cmp a.wacz c.wacz && cmp b.wacz c.wacz", t);
	cr_assert_eq(r.status, 0, "the same archive as from the crawl alone: %s", r.err);
	run_free(&r);
	rm_rf(t);
	free(t);
}

/* ReplayWeb.page (the site branch's harness) replays a wark WACZ and its
 * search finds the bundle text; skipped where the harness is not present. */
Test(pack, wacz_replays_in_replaywebpage_and_search_finds_text, .timeout = 240)
{
	struct stat st;
	if (stat("tests/replay/replay-check.mjs", &st) || stat("tests/js/vendor/replaywebpage/sw.js", &st) ||
	    stat("tests/js/node_modules/playwright-core", &st) || stat("/usr/bin/chromium", &st))
		cr_skip_test("replay harness, vendor files or chromium not present");
	char *t = make_crawl();
	const char *variants[] = { "", "--zipnum-threshold 0" };
	for (int i = 0; i < 2; i++) {
		struct run r = run_wark("pack %s %s/crawl -o %s/r%d.wacz", variants[i], t, t, i);
		cr_assert_eq(r.status, 0, "%s", r.err);
		run_free(&r);
		r = run_sh("node tests/replay/replay-check.mjs --wacz %s/r%d.wacz --url http://example.com/ "
			   "--text 'Example Domain' --search illustrative --timeout 100", t, i);
		cr_assert_eq(r.status, 0, "replay of r%d.wacz: %s%s", i, r.out, r.err);
		run_free(&r);
	}
	rm_rf(t);
	free(t);
}

/* > 4 GiB through ZIP64, opt-in (WARK_TEST_BIG=1): about 15 GB of disk and a few minutes. */
Test(pack, over_4_gib_zip64_opt_in, .timeout = 1200)
{
	if (!getenv("WARK_TEST_BIG"))
		cr_skip_test("set WARK_TEST_BIG=1 to pack a 4.6 GB WARC");
	char *t = tracked_tmpdir();
	struct run r = run_sh(
		"cd %s && mkdir -p c/warc && python3 -c \"\nimport gzip,os\nn=4400\nblk=os.urandom(1<<20)\n"
		"h=('WARC/1.1\\r\\nWARC-Type: resource\\r\\nWARC-Record-ID: <urn:uuid:12345678-1234-4234-8234-123456789012>\\r\\n"
		"WARC-Date: 2024-01-01T00:00:00Z\\r\\nWARC-Target-URI: http://example.com/big\\r\\n"
		"Content-Type: application/octet-stream\\r\\nContent-Length: %%d\\r\\n\\r\\n' %% (n<<20)).encode()\n"
		"f=open('c/warc/big.warc.gz','wb')\ng=gzip.GzipFile(fileobj=f,mode='wb',compresslevel=0,mtime=0)\n"
		"g.write(h)\nfor i in range(n): g.write(blk)\ng.write(b'\\r\\n\\r\\n'); g.close(); f.close()\"",
		t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_wark("pack %s/c -o %s/big.wacz", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = run_wark("verify %s/big.wacz", t);
	cr_assert_eq(r.status, 0, "%s", r.out);
	run_free(&r);
	r = run_sh("python3 -c \"import zipfile; z=zipfile.ZipFile('%s/big.wacz'); "
		   "i=z.getinfo('archive/big.warc.gz'); assert i.file_size > 4<<30 and i.compress_type == 0; "
		   "assert z.getinfo('indexes/index.cdxj').header_offset > 4<<30\"", t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	rm_rf(t);
	free(t);
}

Test(pack, verify_mixes_warcs_and_archives_and_quiet_prints_problems_only)
{
	char *t = make_crawl();
	struct run r = run_wark("pack %s/crawl -o %s/m.wacz", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	char *w = fixture_path("warc/example.warc.gz");
	r = run_wark("verify %s %s/m.wacz", w, t);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "example.warc.gz: OK: 6 records"), "the WARC got the WARC checks: %s", r.out);
	cr_assert(strstr(r.out, "m.wacz: wacz OK"), "%s", r.out);
	run_free(&r);
	r = run_sh("cd %s && " MUTATE " add m.wacz text/x.txt", t, repo_root());
	run_free(&r);
	r = run_wark("verify -q %s/m.wacz %s", t, w);
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert_eq(count_lines(r.out), 1, "only the problem line: %s", r.out);
	cr_assert(strstr(r.out, "text/x.txt: not listed"), "%s", r.out);
	run_free(&r);
	free(w);
	rm_rf(t);
	free(t);
}
