/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_uri.c - WARC-Target-URI cleaning and SURT keys (warc/uri.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "warc/warc.h"

static void surt_is(const char *in, const char *want)
{
	warc_buf b;
	warc_buf_init(&b, 1 << 16);
	cr_assert_eq(warc_surt(in, &b), WARC_OK, "%s", in);
	cr_assert_str_eq(b.data, want, "surt(%s)", in);
	warc_buf_free(&b);
}

/* Vectors from internetarchive/surt tests/test_surt.py (test_surt). */
Test(surt, ia_test_vectors)
{
	surt_is("", "-");
	surt_is("filedesc:foo.arc.gz", "filedesc:foo.arc.gz");
	surt_is("filedesc:/foo.arc.gz", "filedesc:/foo.arc.gz");
	surt_is("filedesc://foo.arc.gz", "filedesc://foo.arc.gz");
	surt_is("warcinfo:foo.warc.gz", "warcinfo:foo.warc.gz");
	surt_is("dns:alexa.com", "dns:alexa.com");
	surt_is("dns:archive.org", "dns:archive.org");
	surt_is("http://www.archive.org/", "org,archive)/");
	surt_is("http://archive.org/", "org,archive)/");
	surt_is("http://archive.org/goo/", "org,archive)/goo");
	surt_is("http://archive.org/goo/?", "org,archive)/goo");
	surt_is("http://archive.org/goo/?b&a", "org,archive)/goo?a&b");
	surt_is("http://archive.org/goo/?a=2&b&a=1", "org,archive)/goo?a=1&a=2&b");
	surt_is("http://archive.org/index.php?PHPSESSID=0123456789abcdefghijklemopqrstuv&action=profile;u=4221",
		"org,archive)/index.php?action=profile;u=4221");
	surt_is("whois://whois.isoc.org.il/shaveh.co.il", "il,org,isoc,whois)/shaveh.co.il");
	surt_is("http://visit.webhosting.yahoo.com/visit.gif?&r=http%3A//web.archive.org/web/20090517140029/"
		"http%3A//anthonystewarthead.electric-chi.com/&b=Netscape%205.0%20%28Windows%3B%20en-US%29"
		"&s=1366x768&o=Win32&c=24&j=true&v=1.2",
		"com,yahoo,webhosting,visit)/visit.gif?&b=netscape%205.0%20(windows;%20en-us)&c=24&j=true"
		"&o=win32&r=http://web.archive.org/web/20090517140029/http://anthonystewarthead.electric-chi.com/"
		"&s=1366x768&v=1.2");
	surt_is("mailto:foo@example.com", "mailto:foo@example.com");
	surt_is("ftp://www.example.com/", "com,example)/");
	surt_is("http:////////////////www.vikings.com", "com,vikings)/");
	surt_is("file:///example with spaces.png", "file:///example with spaces.png");
}

/* IA canonicaliser vectors (test_IAURLCanonicalizer, test_DefaultIAURLCanonicalizer) as keys. */
Test(surt, ia_canonicalizer_rules)
{
	surt_is("http://ARCHIVE.ORG/", "org,archive)/");
	surt_is("http://www.archive.org:80/", "org,archive)/");
	surt_is("https://www.archive.org:80/", "org,archive:80)/");
	surt_is("http://www.archive.org:443/", "org,archive:443)/");
	surt_is("https://www.archive.org:443/", "org,archive)/");
	surt_is("http://www.archive.org/big/", "org,archive)/big");
	surt_is("http://www34.archive.org/index.html?b=a&b=b&a=b", "org,archive)/index.html?a=b&b=a&b=b");
	surt_is("http://archive.org/index.html?", "org,archive)/index.html");
	surt_is("http://www2.www2foo.com/", "com,www2foo)/");
	surt_is("http://www2foo.com/", "com,www2foo)/");
	surt_is("http://example.com/foo?X=Y", "com,example)/foo?x=y");
	surt_is("http://www.example.com:8080/A/B.html#frag", "com,example:8080)/a/b.html");
	surt_is("http://user:pass@example.com/", "com,example)/");
	surt_is("http://127.0.0.1:8080/x", "1,0,0,127:8080)/x");
	surt_is("http://mineral.galleries.com:/minerals/x.htm", "com,galleries,mineral)/minerals/x.htm");
}

Test(surt, google_canonicalizer_rules)
{
	surt_is("http://host/%25%32%35", "host)/%25");
	surt_is("http://host/%2525252525252525", "host)/%25");
	surt_is("http://www.google.com/blah/..", "com,google)/");
	surt_is("http://www.google.com.../", "com,google)/");
	surt_is("http://www.google.com/foo\tbar\rbaz\n2", "com,google)/foobarbaz2");
	surt_is("  http://www.google.com/  ", "com,google)/");
	surt_is("http://host.com//twoslashes?more//slashes", "com,host)/twoslashes?more//slashes");
	surt_is("http://evil.com/foo#bar#baz", "com,evil)/foo");
	surt_is("http://3279880203/blah", "11,0,127,195)/blah");
	surt_is("http://017.0.0.1/", "1,0,0,15)/");
	surt_is("http://b\xc3\xbc" "cher.ch:8080/", "ch,xn--bcher-kva:8080)/");
	surt_is("http://notrailingslash.com", "com,notrailingslash)/");
	surt_is("http://stra\xc3\x9f" "e.de/", "de,strasse)/");   /* Python's IDNA 2003, as surt */
}

Test(surt, session_ids)
{
	const char *id32 = "0123456789abcdefghijklemopqrstuv";
	char in[256], want[256];
	snprintf(in, sizeof in, "http://a.org/x?jsessionid=%s", id32);
	surt_is(in, "org,a)/x");
	snprintf(in, sizeof in, "http://a.org/x?jsessionid=%s0", id32);
	snprintf(want, sizeof want, "org,a)/x?jsessionid=%s0", id32);
	surt_is(in, want);
	snprintf(in, sizeof in, "http://a.org/x?one=two&jsessionid=%s&x=y", id32);
	surt_is(in, "org,a)/x?one=two&x=y");
	surt_is("http://a.org/x?aspsessionidABCDEFGH=ABCDEFGHIJKLMNOPQRSTUVWX&x=y", "org,a)/x?x=y");
	surt_is("http://a.org/x?sid=9682993c8daa2c5497996114facdc805&x=y", "org,a)/x?x=y");
	surt_is("http://a.org/x?CFID=1169580&CFTOKEN=48630702&dtstamp=22%2F08%2F2006%7C06%3A58%3A11",
		"org,a)/x?dtstamp=22/08/2006|06:58:11");
	surt_is("http://a.org/(S(4hqa0555fwsecu455xqckv45))/mileg.aspx", "org,a)/mileg.aspx");
	surt_is("http://a.org/(4hqa0555fwsecu455xqckv45)/mileg.aspx", "org,a)/mileg.aspx");
	surt_is("http://a.org/photos/36050182@N05/", "org,a)/photos/36050182@n05");
}

Test(surt, hostile_strings_do_not_crash)
{
	unsigned int seed = 99;
	const char *pre[] = { "http://", "https://www.", "http://[", "http://a.b:", "x:", "" };
	const char alphabet[] = "%%%2a5F/?&=.:@[]#www0123456789abcZ\t \xc3\xbc\xff";
	for (int i = 0; i < 20000; i++) {
		char s[200];
		size_t pl = strlen(pre[i % 6]);
		memcpy(s, pre[i % 6], pl);
		size_t len = pl + (size_t)(i % 120);
		for (size_t j = pl; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			s[j] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		s[len] = '\0';
		warc_buf b;
		warc_buf_init(&b, 1 << 16);
		cr_assert_eq(warc_surt(s, &b), WARC_OK, "%s", s);
		cr_assert_not_null(b.data);
		warc_error err;
		int rc = warc_uri_to_ascii(s, &b, &err);
		cr_assert(rc == WARC_OK || rc == WARC_ERR_FORMAT, "%d for %s", rc, s);
		warc_buf_free(&b);
	}
	/* a tiny output limit fails cleanly */
	warc_buf b;
	warc_buf_init(&b, 4);
	cr_assert_eq(warc_surt("http://example.com/long/path", &b), WARC_ERR_TOOBIG);
	warc_buf_free(&b);
}

static void ascii_is(const char *in, const char *want)
{
	warc_buf b;
	warc_error err;
	warc_buf_init(&b, 1 << 16);
	cr_assert_eq(warc_uri_to_ascii(in, &b, &err), WARC_OK, "%s: %s", in, err.msg);
	cr_assert_str_eq(b.data, want, "to_ascii(%s)", in);
	warc_buf_free(&b);
}

Test(uri, to_ascii)
{
	ascii_is("http://example.com/", "http://example.com/");
	ascii_is("<http://example.com/a b>", "http://example.com/a%20b");
	ascii_is("https://b\xc3\xbc" "cher.example/caf\xc3\xa9?q=\xc3\xa9t\xc3\xa9#frag",
		 "https://xn--bcher-kva.example/caf%C3%A9?q=%C3%A9t%C3%A9");
	ascii_is("HTTP://Example.COM:8080/Keep/Case?B=2&a=1", "http://Example.COM:8080/Keep/Case?B=2&a=1");
	ascii_is("http://example.com/a%20b/100%/x|y", "http://example.com/a%20b/100%25/x%7Cy");
	ascii_is("http://user@[::1]:8080/p", "http://user@[::1]:8080/p");
	ascii_is("urn:x-wark:thing one", "urn:x-wark:thing%20one");
	ascii_is("http://stra\xc3\x9f" "e.de/", "http://xn--strae-oqa.de/");   /* UTS 46 non-transitional, as browsers */
}

Test(uri, to_ascii_rejects)
{
	const char *bad[] = { "", "no-scheme", "http://", "http://host:80x/", "http://a b.com/",
			      /* found by fuzz_uri: DEL in the host, junk after an IPv6 literal, a control byte via IDNA */
			      "http://\x7ftp://www.@x", "http://[]\x01", "https://b\xc3\xbc" "cher.ch\x01", NULL };
	for (int i = 0; bad[i]; i++) {
		warc_buf b;
		warc_error err;
		warc_buf_init(&b, 1 << 16);
		cr_assert_eq(warc_uri_to_ascii(bad[i], &b, &err), WARC_ERR_FORMAT, "%s", bad[i]);
		warc_buf_free(&b);
	}
}
