/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pack_wacz.c - the WACZ writer (pack/wacz.c) through pack_run():
 * datapackage.json lists every other entry with its size and sha256, names
 * the main page and the fixed time; datapackage-digest.json holds the
 * digest of datapackage.json; WARCs are stored, not deflated; a name not
 * ending in .wacz is refused.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "pack/internal.h"
#include "pack/pack.h"
#include "tests/support/support.h"
#include "warc/warc.h"

TestSuite(pack_wacz, .init = suite_tmp_init, .fini = suite_tmp_fini);

/* suite_tmp/in.warc.gz: two HTML pages, the first at 12:00:01. */
static void write_warc(char *path, size_t pathsz)
{
	warc_writer_options o = { .dir = suite_tmp, .prefix = "in", .hostname = "h" };
	warc_writer *w;
	warc_error err;
	cr_assert_eq(warc_writer_open(&w, &o, &err), WARC_OK, "%s", err.msg);
	const char *html = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>T</title>";
	const char *uris[] = { "http://s.test/", "http://s.test/a" };
	const char *dates[] = { "2025-03-01T12:00:01Z", "2025-03-01T12:00:02Z" };
	warc_written where;
	for (int i = 0; i < 2; i++) {
		warc_record_spec s = { .type = "response", .target_uri = uris[i], .date = dates[i],
				       .payload = WARC_PAYLOAD_HTTP, .block = html, .block_len = strlen(html) };
		cr_assert_eq(warc_writer_write(w, &s, &where, &err), WARC_OK, "%s", err.msg);
	}
	cr_assert_eq(warc_writer_close(w, &err), WARC_OK, "%s", err.msg);
	snprintf(path, pathsz, "%s/%s", suite_tmp, where.filename);
}

static int pack(const char *warc, const char *out, warc_error *err)
{
	const char *inputs[] = { warc };
	pack_options o = { .format = PACK_WACZ, .output = out, .inputs = inputs, .n_inputs = 1, .epoch = 1700000000,
			   .title = "Test", .software = "wark test", .zipnum_threshold = UINT64_MAX };
	pack_result res;
	return pack_run(&o, &res, err);
}

/* The bytes of an unzipped entry (suite_tmp/x/NAME). */
static char *entry(const char *name, size_t *len)
{
	char p[700];
	snprintf(p, sizeof p, "%s/x/%s", suite_tmp, name);
	char *s = read_file(p, len);
	cr_assert_not_null(s, "%s", p);
	return s;
}

Test(pack_wacz, datapackage_lists_every_entry_with_its_digest)
{
	char warc[600], out[600];
	write_warc(warc, sizeof warc);
	snprintf(out, sizeof out, "%s/a.wacz", suite_tmp);
	warc_error err;
	cr_assert_eq(pack(warc, out, &err), WARC_OK, "%s", err.msg);
	struct run r = run_sh("cd %s && unzip -q a.wacz -d x && cd x && find . -type f | sort", suite_tmp);
	cr_assert_eq(r.status, 0, "%s", r.err);

	size_t len;
	char *dp_text = entry("datapackage.json", &len);
	cr_assert_eq(dp_text[len - 1], '\n');
	json_error_t je;
	json_t *dp = json_loads(dp_text, 0, &je);
	cr_assert_not_null(dp, "%s", je.text);
	cr_assert_str_eq(json_string_value(json_object_get(dp, "profile")), "data-package");
	cr_assert_str_eq(json_string_value(json_object_get(dp, "wacz_version")), "1.1.1");
	cr_assert_str_eq(json_string_value(json_object_get(dp, "title")), "Test");
	cr_assert_str_eq(json_string_value(json_object_get(dp, "software")), "wark test");
	cr_assert_str_eq(json_string_value(json_object_get(dp, "created")), "2023-11-14T22:13:20Z");
	cr_assert_str_eq(json_string_value(json_object_get(dp, "mainPageUrl")), "http://s.test/");
	cr_assert_str_eq(json_string_value(json_object_get(dp, "mainPageDate")), "2025-03-01T12:00:01Z");

	json_t *res = json_object_get(dp, "resources");
	cr_assert(json_is_array(res));
	size_t i;
	json_t *o;
	json_array_foreach(res, i, o) {
		const char *path = json_string_value(json_object_get(o, "path"));
		cr_assert_not_null(path);
		cr_assert(strstr(r.out, path), "%s is in the archive", path);
		size_t flen;
		char *f = entry(path, &flen);
		char hex[PK_HEX_MAX], want[PK_HEX_MAX + 8];
		pk_hash_buf(PK_SHA256, f, flen, hex);
		snprintf(want, sizeof want, "sha256:%s", hex);
		cr_assert_str_eq(json_string_value(json_object_get(o, "hash")), want, "%s", path);
		cr_assert_eq(json_integer_value(json_object_get(o, "bytes")), (json_int_t)flen, "%s", path);
		cr_assert_not_null(json_string_value(json_object_get(o, "name")));
		free(f);
	}
	cr_assert_eq(json_array_size(res) + 2, count_lines(r.out),
		     "every entry but the two datapackage files is a resource: %s", r.out);

	char hex[PK_HEX_MAX], want[PK_HEX_MAX + 64];
	pk_hash_buf(PK_SHA256, dp_text, len, hex);
	snprintf(want, sizeof want, "{\n  \"path\": \"datapackage.json\",\n  \"hash\": \"sha256:%s\"\n}\n", hex);
	char *dg = entry("datapackage-digest.json", &len);
	cr_assert_str_eq(dg, want);
	free(dg);
	json_decref(dp);
	free(dp_text);
	run_free(&r);

	pk_zipdir z;
	cr_assert_eq(pk_zipdir_read(out, &z, &err), WARC_OK, "%s", err.msg);
	size_t warcs = 0;
	for (size_t k = 0; k < z.n; k++)
		if (!strncmp(z.e[k].name, "archive/", 8)) {
			warcs++;
			cr_assert_eq(z.e[k].method, 0, "%s is stored", z.e[k].name);
		}
	cr_assert_eq(warcs, 1);
	pk_zipdir_free(&z);
}

Test(pack_wacz, a_name_without_wacz_is_refused_and_nothing_is_left)
{
	char warc[600], out[600];
	write_warc(warc, sizeof warc);
	snprintf(out, sizeof out, "%s/a.zip", suite_tmp);
	warc_error err;
	cr_assert_eq(pack(warc, out, &err), WARC_ERR_USAGE);
	cr_assert(strstr(err.msg, "must end in .wacz"), "%s", err.msg);
	struct run r = run_sh("ls -a %s | grep -c -e '^a\\.zip' -e '^\\.wark-pack'; true", suite_tmp);
	cr_assert_eq(atoi(r.out), 0, "nothing left behind: %s", r.out);
	run_free(&r);
}
