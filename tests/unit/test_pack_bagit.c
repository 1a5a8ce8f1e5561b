/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pack_bagit.c - the BagIt writer (pack/bagit.c) through pack_run() into
 * a bag directory: bagit.txt, bag-info.txt (our fields, --bag-info fields,
 * Payload-Oxum), payload manifests that match the files, tag manifests that
 * match the tag files; and the output names and --bag-info values refused.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pack/internal.h"
#include "pack/pack.h"
#include "tests/support/support.h"
#include "warc/warc.h"

TestSuite(pack_bagit, .init = suite_tmp_init, .fini = suite_tmp_fini);

/* A crawl directory suite_tmp/crawl with one WARC of two HTML pages. */
static void write_crawl(void)
{
	char dir[512];
	snprintf(dir, sizeof dir, "%s/crawl/warc", suite_tmp);
	struct run r = run_sh("mkdir -p %s", dir);
	run_free(&r);
	warc_writer_options o = { .dir = dir, .prefix = "bag", .hostname = "h" };
	warc_writer *w;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK, "%s", err.msg);
	const char *html = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>T</title>";
	const char *uris[] = { "http://s.test/", "http://s.test/a" };
	for (int i = 0; i < 2; i++) {
		warc_record_spec s = { .type = "response", .target_uri = uris[i], .date = "2025-03-01T12:00:00Z",
				       .payload = WARC_PAYLOAD_HTTP, .block = html, .block_len = strlen(html) };
		cr_assert_eq(warc_writer_write(w, &s, NULL, &err), WARC_OK, "%s", err.msg);
	}
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);
}

static int pack(const char *out, const char *const *bag_info, size_t n_bag_info, warc_error *err)
{
	char in[512];
	snprintf(in, sizeof in, "%s/crawl", suite_tmp);
	const char *inputs[] = { in };
	pack_options o = { .format = PACK_BAGIT, .output = out, .inputs = inputs, .n_inputs = 1,
			   .epoch = 1700000000, .software = "wark test", .bag_info = bag_info,
			   .n_bag_info = n_bag_info, .zipnum_threshold = UINT64_MAX };
	pack_result res;
	return pack_run(&o, &res, err);
}

static char *bag_file(const char *name, size_t *len)
{
	char p[700];
	snprintf(p, sizeof p, "%s/bag/%s", suite_tmp, name);
	char *s = read_file(p, len);
	cr_assert_not_null(s, "%s", p);
	return s;
}

/* Every "HEX  PATH" line of the manifest names a file of the bag whose
 * alg digest is HEX; returns the number of lines. */
static size_t check_manifest(const char *manifest, unsigned alg)
{
	size_t len, n = 0;
	char *m = bag_file(manifest, &len);
	for (char *line = strtok(m, "\n"); line; line = strtok(NULL, "\n"), n++) {
		char *sep = strstr(line, "  ");
		cr_assert_not_null(sep, "%s: %s", manifest, line);
		*sep = '\0';
		size_t flen;
		char *f = bag_file(sep + 2, &flen);
		char hex[PK_HEX_MAX];
		pk_hash_buf(alg, f, flen, hex);
		cr_assert_str_eq(line, hex, "%s: %s", manifest, sep + 2);
		free(f);
	}
	free(m);
	return n;
}

Test(pack_bagit, tag_files_and_manifests_describe_the_payload)
{
	write_crawl();
	char out[600];
	snprintf(out, sizeof out, "%s/bag/", suite_tmp);
	const char *info[] = { "Source-Organization=Example Org", "Bag-Size=large" };
	warc_error err;
	cr_assert_eq(pack(out, info, 2, &err), WARC_OK, "%s", err.msg);

	size_t len;
	char *bagit = bag_file("bagit.txt", &len);
	cr_assert_str_eq(bagit, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	free(bagit);

	struct run r = run_sh("cd %s/bag && find data -type f -printf '%%s\\n' | awk '{s+=$1; n++} END {print s \".\" n}'",
			      suite_tmp);
	cr_assert_eq(r.status, 0, "%s", r.err);
	char want[512];
	snprintf(want, sizeof want,
		 "Bagging-Date: 2023-11-14\nBag-Software-Agent: wark test\nPayload-Oxum: %.*s\n"
		 "Source-Organization: Example Org\nBag-Size: large\n",
		 (int)strcspn(r.out, "\n"), r.out);
	char *info_txt = bag_file("bag-info.txt", &len);
	cr_assert_str_eq(info_txt, want, "a given Bag-Size replaces ours, in the given order");
	free(info_txt);
	r.out[strcspn(r.out, "\n")] = '\0';
	size_t files = strtoul(strchr(r.out, '.') + 1, NULL, 10);
	run_free(&r);
	cr_assert_eq(files, 3, "the WARC, index.cdxj and pages.jsonl");

	cr_assert_eq(check_manifest("manifest-sha256.txt", PK_SHA256), files);
	cr_assert_eq(check_manifest("manifest-sha512.txt", PK_SHA512), files);
	cr_assert_eq(check_manifest("tagmanifest-sha256.txt", PK_SHA256), 4);
	cr_assert_eq(check_manifest("tagmanifest-sha512.txt", PK_SHA512), 4);
	char *m = bag_file("manifest-sha256.txt", &len);
	char *idx = strstr(m, "  data/indexes/index.cdxj\n"), *pages = strstr(m, "  data/pages/pages.jsonl\n"),
	     *warc = strstr(m, "  data/warc/bag-");
	cr_assert(idx && pages && warc && idx < pages && pages < warc, "sorted by path: %s", m);
	free(m);
	char *t = bag_file("tagmanifest-sha256.txt", &len);
	char *a = strstr(t, "  bag-info.txt\n"), *b = strstr(t, "  bagit.txt\n"), *c = strstr(t, "  manifest-sha256.txt\n"),
	     *d = strstr(t, "  manifest-sha512.txt\n");
	cr_assert(a && b && c && d && a < b && b < c && c < d, "every other tag file, sorted: %s", t);
	free(t);
}

Test(pack_bagit, unusable_names_and_bag_info_values_are_refused)
{
	write_crawl();
	char out[600];
	warc_error err;
	snprintf(out, sizeof out, "%s/bag.tar", suite_tmp);
	cr_assert_eq(pack(out, NULL, 0, &err), WARC_ERR_USAGE);
	cr_assert(strstr(err.msg, "NAME.tar.gz, NAME.tar.zst, NAME.zip or a directory NAME/"), "%s", err.msg);
	snprintf(out, sizeof out, "%s/crawl/", suite_tmp);
	cr_assert_eq(pack(out, NULL, 0, &err), WARC_ERR_USAGE);
	cr_assert(strstr(err.msg, "already exists"), "%s", err.msg);
	snprintf(out, sizeof out, "%s/50%%.zip", suite_tmp);
	cr_assert_eq(pack(out, NULL, 0, &err), WARC_ERR_USAGE);
	cr_assert(strstr(err.msg, "unusable bag name"), "%s", err.msg);

	snprintf(out, sizeof out, "%s/bag/", suite_tmp);
	static const struct {
		const char *kv, *why;
	} bad[] = {
		{ "No Equals", "expected LABEL=VALUE" },
		{ "=value", "expected LABEL=VALUE" },
		{ "Bad Label=x", "bad character in the label" },
		{ "Label=two\nlines", "line breaks" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *info[] = { bad[i].kv };
		err.msg[0] = '\0';
		cr_assert_eq(pack(out, info, 1, &err), WARC_ERR_USAGE, "%s", bad[i].kv);
		cr_assert(strstr(err.msg, bad[i].why), "%s: %s", bad[i].kv, err.msg);
	}
	struct run r = run_sh("ls -a %s | grep -c -e '^bag$' -e '\\.part-' -e '^\\.wark-pack'; true", suite_tmp);
	cr_assert_eq(atoi(r.out), 0, "nothing left behind: %s", r.out);
	run_free(&r);
}
