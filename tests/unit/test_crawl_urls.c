/* SPDX-License-Identifier: Apache-2.0 */
/* test_crawl_urls.c - crawl_url_resolve / crawl_url_host: RFC 3986 §5.4, filtering, normalisation. */
#include <criterion/criterion.h>
#include <string.h>

#include "crawl/crawl.h"

static char *resolve(const char *base, const char *ref, int *rc)
{
	warc_buf b;
	warc_buf_init(&b, 1 << 16);
	warc_error e;
	*rc = crawl_url_resolve(base, ref, &b, &e);
	if (*rc != WARC_OK) {
		warc_buf_free(&b);
		return NULL;
	}
	return warc_buf_detach(&b);
}

static void expect(const char *base, const char *ref, const char *want)
{
	int rc;
	char *got = resolve(base, ref, &rc);
	cr_assert_eq(rc, WARC_OK, "resolve(%s, %s) failed with %d", base, ref, rc);
	cr_assert_str_eq(got, want, "resolve(%s, %s)", base, ref);
	free(got);
}

static void expect_drop(const char *base, const char *ref)
{
	int rc;
	char *got = resolve(base, ref, &rc);
	cr_assert_eq(rc, WARC_ERR_FORMAT, "resolve(%s, %s) should be refused, got %s", base, ref,
		     got ? got : "(error)");
	free(got);
}

#define RFC_BASE "http://a/b/c/d;p?q"

Test(crawl_urls, rfc3986_normal_examples)
{
	/* RFC 3986 §5.4.1; fragments are dropped and an empty path becomes "/" */
	expect_drop(RFC_BASE, "g:h");
	expect(RFC_BASE, "g", "http://a/b/c/g");
	expect(RFC_BASE, "./g", "http://a/b/c/g");
	expect(RFC_BASE, "g/", "http://a/b/c/g/");
	expect(RFC_BASE, "/g", "http://a/g");
	expect(RFC_BASE, "//g", "http://g/");
	expect(RFC_BASE, "?y", "http://a/b/c/d;p?y");
	expect(RFC_BASE, "g?y", "http://a/b/c/g?y");
	expect(RFC_BASE, "#s", "http://a/b/c/d;p?q");
	expect(RFC_BASE, "g#s", "http://a/b/c/g");
	expect(RFC_BASE, "g?y#s", "http://a/b/c/g?y");
	expect(RFC_BASE, ";x", "http://a/b/c/;x");
	expect(RFC_BASE, "g;x", "http://a/b/c/g;x");
	expect(RFC_BASE, "g;x?y#s", "http://a/b/c/g;x?y");
	expect(RFC_BASE, "", "http://a/b/c/d;p?q");
	expect(RFC_BASE, ".", "http://a/b/c/");
	expect(RFC_BASE, "./", "http://a/b/c/");
	expect(RFC_BASE, "..", "http://a/b/");
	expect(RFC_BASE, "../", "http://a/b/");
	expect(RFC_BASE, "../g", "http://a/b/g");
	expect(RFC_BASE, "../..", "http://a/");
	expect(RFC_BASE, "../../", "http://a/");
	expect(RFC_BASE, "../../g", "http://a/g");
}

Test(crawl_urls, rfc3986_abnormal_examples)
{
	/* §5.4.2 */
	expect(RFC_BASE, "../../../g", "http://a/g");
	expect(RFC_BASE, "../../../../g", "http://a/g");
	expect(RFC_BASE, "/./g", "http://a/g");
	expect(RFC_BASE, "/../g", "http://a/g");
	expect(RFC_BASE, "g.", "http://a/b/c/g.");
	expect(RFC_BASE, ".g", "http://a/b/c/.g");
	expect(RFC_BASE, "g..", "http://a/b/c/g..");
	expect(RFC_BASE, "..g", "http://a/b/c/..g");
	expect(RFC_BASE, "./../g", "http://a/b/g");
	expect(RFC_BASE, "./g/.", "http://a/b/c/g/");
	expect(RFC_BASE, "g/./h", "http://a/b/c/g/h");
	expect(RFC_BASE, "g/../h", "http://a/b/c/h");
	expect(RFC_BASE, "g;x=1/./y", "http://a/b/c/g;x=1/y");
	expect(RFC_BASE, "g;x=1/../y", "http://a/b/c/y");
	expect(RFC_BASE, "g?y/./x", "http://a/b/c/g?y/./x");
	expect(RFC_BASE, "g?y/../x", "http://a/b/c/g?y/../x");
	expect(RFC_BASE, "g#s/./x", "http://a/b/c/g");
	expect(RFC_BASE, "g#s/../x", "http://a/b/c/g");
	/* strict parser: "http:g" is an absolute URI without authority, unusable */
	expect_drop(RFC_BASE, "http:g");
}

Test(crawl_urls, non_http_schemes_dropped)
{
	const char *base = "https://example.com/a/";
	expect_drop(base, "mailto:someone@example.com");
	expect_drop(base, "javascript:void(0)");
	expect_drop(base, "JavaScript:alert(1)");
	expect_drop(base, "data:image/png;base64,AAAA");
	expect_drop(base, "ftp://example.com/file");
	expect_drop(base, "tel:+123");
	expect_drop(base, "http://");
	expect_drop(base, "http://exa mple.com/");
	expect_drop(base, "http://example.com:99999/");
	expect_drop(base, "http://example.com:12ab/");
	expect_drop(NULL, "relative/without/base");
	expect_drop(base, "//\xef\xbb\xbf/x");  /* host that IDNA maps to nothing (found by fuzzing) */
}

Test(crawl_urls, normalisation)
{
	const char *base = "http://example.com/dir/page.html";
	expect(base, "HTTP://Example.COM:80/A/./b/../C", "http://example.com/A/C");
	expect(base, "https://example.com:443/x", "https://example.com/x");
	expect(base, "https://example.com:8443/x", "https://example.com:8443/x");
	expect(base, "http://example.com:443/x", "http://example.com:443/x");
	expect(base, "  other.html\n", "http://example.com/dir/other.html");
	expect(base, "oth\ter\n.html", "http://example.com/dir/other.html");
	expect(base, "a b.html?q=x y", "http://example.com/dir/a%20b.html?q=x%20y");
	expect(base, "caf\xc3\xa9.html", "http://example.com/dir/caf%C3%A9.html");
	expect(base, "100%.html", "http://example.com/dir/100%25.html");
	expect(base, "%7Euser/", "http://example.com/dir/%7Euser/");
	expect(base, "\\img\\x.png", "http://example.com/img/x.png");
	expect(base, "x.html#top", "http://example.com/dir/x.html");
	expect(base, "//cdn.example.net/lib.js", "http://cdn.example.net/lib.js");
	expect("https://example.com/", "//cdn.example.net/lib.js", "https://cdn.example.net/lib.js");
	expect(base, "http://[::1]:8080/x", "http://[::1]:8080/x");
	expect(base, "http://user:pw@example.com/", "http://user:pw@example.com/");
	expect(base, "?", "http://example.com/dir/page.html?");
}

Test(crawl_urls, idn_hosts_become_punycode)
{
	expect("http://example.com/", "http://b\xc3\xbc\x63her.example/x", "http://xn--bcher-kva.example/x");
	expect("http://example.com/", "http://M\xc3\x9cNCHEN.de/", "http://xn--mnchen-3ya.de/");
	expect("http://xn--bcher-kva.example/a/", "b", "http://xn--bcher-kva.example/a/b");
}

Test(crawl_urls, bounded_output)
{
	warc_buf b;
	warc_buf_init(&b, 16);
	warc_error e;
	cr_assert_eq(crawl_url_resolve("http://example.com/", "a-rather-long-path/that/does/not/fit", &b, &e),
		     WARC_ERR_TOOBIG);
	warc_buf_free(&b);
}

Test(crawl_urls, host_of)
{
	char h[64];
	cr_assert_eq(crawl_url_host("http://Example.COM:8080/x?y", h, sizeof h), WARC_OK);
	cr_assert_str_eq(h, "example.com");
	cr_assert_eq(crawl_url_host("https://u:p@news.test/", h, sizeof h), WARC_OK);
	cr_assert_str_eq(h, "news.test");
	cr_assert_eq(crawl_url_host("http://[::1]:80/", h, sizeof h), WARC_OK);
	cr_assert_str_eq(h, "[::1]");
	cr_assert_eq(crawl_url_host("/just/a/path", h, sizeof h), WARC_ERR_FORMAT);
	cr_assert_eq(crawl_url_host("http:///nohost", h, sizeof h), WARC_ERR_FORMAT);
	cr_assert_eq(crawl_url_host("http://averyveryverylonghost.example/", h, 8), WARC_ERR_TOOBIG);
}

Test(crawl_urls, output_is_what_warc_uri_to_ascii_keeps)
{
	/* the crawler's URLs go into WARC-Target-URI unchanged: they must already be ASCII-clean */
	const char *refs[] = {
		"caf\xc3\xa9 au lait.html?q=\xc3\xa9t\xc3\xa9&x=<y>", "http://b\xc3\xbc\x63her.example/\xe2\x82\xac",
		"/a|b/{c}^`d\"", "100%zz", "https://u:p@Example.com:8443/%7e?%41", "//[::1]/x y",
	};
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		int rc;
		char *got = resolve("http://example.com/dir/", refs[i], &rc);
		cr_assert_eq(rc, WARC_OK, "%s", refs[i]);
		for (const char *p = got; *p; p++)
			cr_assert((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f, "%s", got);
		warc_buf b;
		warc_buf_init(&b, 1 << 16);
		warc_error e;
		cr_assert_eq(warc_uri_to_ascii(got, &b, &e), WARC_OK);
		cr_assert_str_eq(b.data, got, "warc_uri_to_ascii changes %s", got);
		warc_buf_free(&b);
		free(got);
	}
}
