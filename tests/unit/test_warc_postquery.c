/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_warc_postquery.c - the key query of non-GET captures (warc/postquery.c):
 * warcio.js postToGetUrl's rules by media type, its limits, and bodies that
 * are hostile (malformed, cut, deep, huge) giving a key, never a crash.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "warc/warc.h"

struct pq {
	warc_buf key, body;
};

static struct pq query(const char *method, const char *ct, const void *body, size_t len, bool complete)
{
	struct pq r;
	warc_buf_init(&r.key, 4 * WARC_POST_QUERY_MAX + 64);
	warc_buf_init(&r.body, 4 * WARC_POST_QUERY_MAX + 64);
	cr_assert_eq(warc_post_query(method, ct, body, len, complete, &r.key, &r.body), WARC_OK);
	cr_assert_not_null(r.key.data);
	return r;
}

static void check(const char *method, const char *ct, const char *body, const char *want_key, const char *want_body)
{
	struct pq r = query(method, ct, body, strlen(body), true);
	cr_assert_str_eq(r.key.data, want_key, "%s %s", ct ? ct : "-", body);
	cr_assert_str_eq(r.body.data ? r.body.data : "", want_body, "%s %s", ct ? ct : "-", body);
	warc_buf_free(&r.key);
	warc_buf_free(&r.body);
}

Test(postquery, media_types_as_warcio_js)
{
	check("POST", "application/x-www-form-urlencoded", "a=1&b=x%20y%26z",
	      "__wb_method=post&a=1&b=x y%26z", "a=1&b=x%20y%26z");
	/* media type before ';', matched exactly */
	check("PUT", "application/json; charset=utf-8", "{\"a\":{\"b\":[1,2,{\"b\":true}]},\"c\":null,\"d\":\"\"}",
	      "__wb_method=put&b=1&b.2_=2&b.3_=true&c=null", "b=1&b.2_=2&b.3_=true&c=null");
	check("POST", "Application/JSON", "{}", "__wb_method=post&__wb_post_data=e30=", "__wb_post_data=e30=");
	/* JS object order: array-index names first, ascending; Number formatting */
	check("POST", "application/json", "{\"z\":1.50,\"10\":1e21,\"2\":-0,\"x\":1e-7,\"y\":123456789012345678901}",
	      "__wb_method=post&2=0&10=1e%2B21&z=1.5&x=1e-7&y=123456789012345680000",
	      "2=0&10=1e%2B21&z=1.5&x=1e-7&y=123456789012345680000");
	/* repeated keys and a name that `in {}` finds */
	check("POST", "application/json", "[{\"a\":1},{\"a\":2},{\"a\":3},{\"toString\":1},{\"toString\":2}]",
	      "__wb_method=post&a=1&a.2_=2&a.3_=3&toString=1&toString.NaN_=2",
	      "a=1&a.2_=2&a.3_=3&toString=1&toString.NaN_=2");
	check("POST", "text/plain;charset=UTF-8", "{\"q\":\"a b\"}", "__wb_method=post&q=a+b", "q=a+b");
	check("POST", "text/plain", "plain words", "__wb_method=post&", "");
	check("POST", "multipart/form-data; boundary=XyZ",
	      "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv 1\r\n--XyZ\r\n"
	      "Content-Disposition: form-data; name=\"g\"; filename=\"a\"\r\n\r\nw\r\n--xyz--\r\n",
	      "__wb_method=post&f=v+1&a=w", "f=v+1&a=w");   /* warcio.js's regex finds filename="a" */
	check("DELETE", NULL, "\x01\xff", "__wb_method=delete&__wb_post_data=Af8=", "__wb_post_data=Af8=");
	check("HEAD", NULL, "", "__wb_method=head&__wb_post_data=", "__wb_post_data=");
	/* decodeURI throws: the key has no query, requestBody keeps it */
	check("POST", "application/x-www-form-urlencoded", "a=%zz", "__wb_method=post&", "a=%zz");
	check("POST", "application/x-www-form-urlencoded", "a=%C3%28", "__wb_method=post&", "a=%C3%28");
}

Test(postquery, limits_and_hostile_bodies)
{
	/* requestBody cut at WARC_POST_QUERY_MAX; a form cut at the read limit keys the same */
	size_t big = 2 * WARC_POST_QUERY_MAX;
	char *form = malloc(big);
	memset(form, 'x', big);
	memcpy(form, "q=", 2);
	struct pq r = query("POST", "application/x-www-form-urlencoded", form, big, false);
	cr_assert_eq(r.body.len, WARC_POST_QUERY_MAX);
	cr_assert_eq(r.key.len, strlen("__wb_method=post&") + WARC_POST_QUERY_MAX);
	warc_buf_free(&r.key);
	warc_buf_free(&r.body);
	/* non-ASCII form text: cut at 4096 UTF-16 units, not bytes (U+20AC is one unit, three bytes) */
	size_t euros = WARC_POST_QUERY_MAX * 2;
	char *text = malloc(3 * euros + 2);
	memcpy(text, "a=", 2);
	for (size_t i = 0; i < euros; i++)
		memcpy(text + 2 + 3 * i, "\xe2\x82\xac", 3);
	r = query("POST", "application/x-www-form-urlencoded", text, 3 * euros + 2, false);
	cr_assert_eq(r.body.len, 2 + 3 * (WARC_POST_QUERY_MAX - 2));
	warc_buf_free(&r.key);
	warc_buf_free(&r.body);
	/* one JSON value far longer than the query: cut, not an error */
	text[0] = '[';
	text[1] = '"';
	memset(text + 2, 'y', 3 * euros - 2);
	memcpy(text + 3 * euros, "\"]", 2);
	r = query("POST", "application/json", text, 3 * euros + 2, true);
	cr_assert_eq(r.body.len, WARC_POST_QUERY_MAX);
	cr_assert(!strncmp(r.body.data, "=yyy", 4));
	warc_buf_free(&r.key);
	warc_buf_free(&r.body);
	free(text);
	/* JSON cut at the read limit: as JSON that does not parse */
	r = query("POST", "application/json", "{\"a\":1}", 7, false);
	cr_assert_str_eq(r.key.data, "__wb_method=post&");
	warc_buf_free(&r.key);
	warc_buf_free(&r.body);
	free(form);

	/* malformed and deep JSON, invalid UTF-8, huge flat arrays: a key, bounded output */
	const char *bad[] = { "{\"a\":", "[1,2", "{\"a\":\"\\ud800\"}", "\xff\xfe{}", "{\"a\":1}}", "nul", "1e999",
			      "\"\xc3\x28\"" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = query("POST", "application/json", bad[i], strlen(bad[i]), true);
		cr_assert(!strncmp(r.key.data, "__wb_method=post&", 17), "%s", bad[i]);
		warc_buf_free(&r.key);
		warc_buf_free(&r.body);
	}
	size_t n = WARC_LIMIT_POST_BODY;
	char *deep = malloc(n);
	for (size_t i = 0; i < n; i++)
		deep[i] = i < n / 2 ? '[' : ']';
	r = query("POST", "application/json", deep, n, true);
	cr_assert_str_eq(r.key.data, "__wb_method=post&", "too deep: as unparseable");
	warc_buf_free(&r.key);
	warc_buf_free(&r.body);
	/* a flat array of 1 MiB: every item numbered, the query still cut */
	deep[0] = '[';
	for (size_t i = 1; i + 1 < n; i += 2)
		deep[i] = '1', deep[i + 1] = ',';
	deep[n - 2] = '1';
	deep[n - 1] = ']';
	r = query("POST", "application/json", deep, n, true);
	cr_assert(!strncmp(r.body.data, "=1&.2_=1&.3_=1", 14), "%.40s", r.body.data);
	cr_assert_leq(r.body.len, WARC_POST_QUERY_MAX);
	warc_buf_free(&r.key);
	warc_buf_free(&r.body);
	/* multipart made of dashes and boundaries */
	memset(deep, '-', n);
	r = query("POST", "multipart/form-data; boundary=--", deep, n, true);
	cr_assert_str_eq(r.key.data, "__wb_method=post&");
	warc_buf_free(&r.key);
	warc_buf_free(&r.body);
	free(deep);
}
