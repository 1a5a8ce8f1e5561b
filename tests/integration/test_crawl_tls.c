/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl_tls.c - 'wark crawl' over HTTPS against a real nginx speaking
 * HTTP/2: captures as HTTP/1.1 text with WARC-Protocol, --http1.1, and the
 * TLS trust options (--ca-certificate, --no-check-certificate), also
 * through 'wark archive'.
 *
 * Each test makes a throwaway self-signed certificate for h2.wark.test and
 * 127.0.0.1 (openssl CLI), writes a small site and an nginx.conf into its
 * temporary directory, and runs nginx in the foreground on a free loopback
 * port (no root-owned paths: pid, logs and temp dirs are in the directory).
 * The crawler reaches the name through --resolve, so the certificate's name
 * is checked too. HTML is gzipped by nginx (no Content-Length under h2),
 * CSS is not, and dup.css repeats style.css (a revisit).
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/support/crawltest.h"

#define HOST "h2.wark.test"

static char *tmp;
static pid_t nginx_pid;
static int port;
static char base[128];     /* https://HOST:PORT */
static char resolve[128];  /* --resolve HOST:PORT:127.0.0.1 */

static int free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int p = -1;
	if (s >= 0 && !bind(s, (struct sockaddr *)&a, sizeof a) && !getsockname(s, (struct sockaddr *)&a, &len))
		p = ntohs(a.sin_port);
	if (s >= 0)
		close(s);
	return p;
}

static bool accepts(int p)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)p),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bool ok = s >= 0 && !connect(s, (struct sockaddr *)&a, sizeof a);
	if (s >= 0)
		close(s);
	return ok;
}

static void put(const char *name, const char *text)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/site/%s", tmp, name);
	cr_assert_eq(write_file(path, text, strlen(text)), 0, "cannot write %s", path);
}

static void write_site(void)
{
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/site", tmp);
	cr_assert_eq(mkdir(dir, 0777), 0);
	put("robots.txt", "User-agent: *\nDisallow: /private/\n");
	put("index.html", "<!doctype html><html><head><title>Home</title>"
			  "<link rel=stylesheet href=/style.css><link rel=stylesheet href=/dup.css></head>"
			  "<body><p>Home page.</p><a href=/a.html>a</a> <a href=b.html>b</a> "
			  "<a href=/missing.html>gone</a></body></html>\n");
	put("a.html", "<!doctype html><html><head><title>Article A</title></head><body><article>"
		      "<h1>Article A</h1><p>The quick brown fox jumps over the lazy dog while the archivist "
		      "watches the crawler capture every byte of this paragraph over HTTP/2.</p>"
		      "<p>A second paragraph makes the article long enough for the extractor to keep it as "
		      "the main content of the page rather than treating it as boilerplate.</p>"
		      "<p>A third paragraph, for good measure, mentions the marker word aardvark.</p>"
		      "</article></body></html>\n");
	put("b.html", "<!doctype html><html><body><p>Page B links home: <a href=/>home</a></p></body></html>\n");
	put("style.css", "body { font-family: serif; color: #222; }\n");
	put("dup.css", "body { font-family: serif; color: #222; }\n");
}

static void write_conf(void)
{
	char path[4200], conf[8192];
	snprintf(conf, sizeof conf,
		 "daemon off; master_process off; worker_processes 1;\n"
		 "pid %1$s/nginx.pid; error_log %1$s/error.log warn;\n"
		 "events { worker_connections 64; }\n"
		 "http {\n"
		 "  access_log %1$s/access.log;\n"
		 "  client_body_temp_path %1$s/tmp/body; proxy_temp_path %1$s/tmp/proxy;\n"
		 "  fastcgi_temp_path %1$s/tmp/fastcgi; uwsgi_temp_path %1$s/tmp/uwsgi; scgi_temp_path %1$s/tmp/scgi;\n"
		 "  types { text/html html; text/css css; text/plain txt; }\n"
		 "  gzip on; gzip_min_length 1;\n"
		 "  server {\n"
		 "    listen 127.0.0.1:%2$d ssl http2;\n"
		 "    server_name " HOST ";\n"
		 "    ssl_certificate %1$s/cert.pem; ssl_certificate_key %1$s/key.pem;\n"
		 "    ssl_protocols TLSv1.2 TLSv1.3;\n"
		 "    root %1$s/site;\n"
		 "  }\n"
		 "}\n",
		 tmp, port);
	snprintf(path, sizeof path, "%s/nginx.conf", tmp);
	cr_assert_eq(write_file(path, conf, strlen(conf)), 0);
	snprintf(path, sizeof path, "%s/tmp", tmp);
	mkdir(path, 0777);
}

/* Start nginx on port (written into the configuration first); true once it accepts. */
static bool try_nginx(void)
{
	write_conf();
	char conf[4200], errlog[4200], prefix[4200];
	snprintf(conf, sizeof conf, "%s/nginx.conf", tmp);
	snprintf(errlog, sizeof errlog, "%s/error.log", tmp);
	snprintf(prefix, sizeof prefix, "%s/", tmp);
	fflush(NULL);
	nginx_pid = fork();
	cr_assert_geq(nginx_pid, 0);
	if (nginx_pid == 0) {
		execlp("nginx", "nginx", "-p", prefix, "-e", errlog, "-c", conf, (char *)NULL);
		execl("/usr/sbin/nginx", "nginx", "-p", prefix, "-e", errlog, "-c", conf, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 250; i++) {
		int st;
		if (waitpid(nginx_pid, &st, WNOHANG) == nginx_pid) {
			nginx_pid = 0; /* exited: the port was taken meanwhile, or a real problem */
			return false;
		}
		if (accepts(port))
			return true;
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
	}
	kill(nginx_pid, SIGTERM);
	waitpid(nginx_pid, NULL, 0);
	nginx_pid = 0;
	return false;
}

static void start_site(void)
{
	struct run r = run_sh("command -v nginx || ls /usr/sbin/nginx");
	bool have = r.status == 0;
	run_free(&r);
	if (!have)
		cr_skip_test("nginx is missing (make deps installs it): HTTPS/HTTP/2 crawl tests skipped");
	tmp = make_tmpdir();
	r = run_sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
		   "-subj /CN=" HOST " -addext subjectAltName=DNS:" HOST ",IP:127.0.0.1 "
		   "-keyout %s/key.pem -out %s/cert.pem",
		   tmp, tmp);
	cr_assert_eq(r.status, 0, "openssl req: %s", r.err);
	run_free(&r);
	write_site();
	bool up = false;
	for (int attempt = 0; attempt < 3 && !up; attempt++) { /* another process may take the free port first */
		port = free_port();
		cr_assert_gt(port, 0);
		up = try_nginx();
	}
	if (!up) {
		char errlog[4200];
		snprintf(errlog, sizeof errlog, "%s/error.log", tmp);
		char *why = read_file(errlog, NULL);
		cr_assert_fail("nginx did not start: %s", why ? why : "?");
	}
	snprintf(base, sizeof base, "https://" HOST ":%d", port);
	snprintf(resolve, sizeof resolve, "--resolve " HOST ":%d:127.0.0.1", port);
}

static void stop_site(void)
{
	if (nginx_pid > 0) {
		kill(nginx_pid, SIGTERM);
		waitpid(nginx_pid, NULL, 0);
		nginx_pid = 0;
	}
	if (tmp) {
		rm_rf(tmp);
		free(tmp);
		tmp = NULL;
	}
}

TestSuite(crawl_tls, .init = start_site, .fini = stop_site, .timeout = 60);

/* Occurrences of an extended regex among the lines of the decompressed WARCs of out. */
static int warc_grep(const char *out, const char *regex)
{
	struct run r = run_sh("zcat %s/%s/warc/*.warc.gz | grep -a -c -E '%s'", tmp, out, regex);
	int n = atoi(r.out);
	run_free(&r);
	return n;
}

/* What warcio.js reads: one line per request/response/revisit record, "TYPE URI PROTOCOLS HASH". */
static char *warcio_view(const char *out)
{
	struct run r = run_sh("for f in %s/%s/warc/*.warc.gz; do node %s/tests/js/warc_records.mjs \"$f\" || echo FAILED; "
			      "done | node -e '"
			      "require(\"readline\").createInterface({input: process.stdin}).on(\"line\", l => {"
			      " if (l === \"FAILED\") { console.log(l); return; }"
			      " const j = JSON.parse(l);"
			      " if ([\"request\", \"response\", \"revisit\"].includes(j.type))"
			      "  console.log(j.type, j.headers[\"WARC-Target-URI\"], j.protocols.join(\"+\") || \"-\","
			      "   j.body_sha256); })'",
			      tmp, out, repo_root());
	cr_assert_eq(r.status, 0, "warcio.js: %s", r.err);
	char *text = r.out;
	r.out = NULL;
	run_free(&r);
	cr_assert_null(strstr(text, "FAILED"), "warcio.js could not read the WARC: %s", text);
	return text;
}

static size_t count_substr(const char *s, const char *sub)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, sub)); p += strlen(sub))
		n++;
	return n;
}

static char *sha256_of(const char *name)
{
	struct run r = run_sh("sha256sum %s/site/%s | cut -d' ' -f1 | tr -d '\\n'", tmp, name);
	char *out = r.out;
	r.out = NULL;
	run_free(&r);
	return out;
}

Test(crawl_tls, h2_captures_are_http11_text_with_warc_protocol)
{
	struct run r = run_wark("crawl -q %s --ca-certificate %s/cert.pem %s/ -o %s/out", resolve, tmp, base, tmp);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	struct crawl_env env;
	memset(&env, 0, sizeof env);
	snprintf(env.out, sizeof env.out, "%s/out", tmp);
	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert_null(crawl_log_unfinished(&log));
	/* The links were followed: found in gzip bodies sent without Content-Length. */
	cr_assert_str_eq(crawl_log_outcome(&log, base, "/"), "captured");
	cr_assert_str_eq(crawl_log_outcome(&log, base, "/a.html"), "captured");
	cr_assert_str_eq(crawl_log_outcome(&log, base, "/b.html"), "captured");
	cr_assert_str_eq(crawl_log_outcome(&log, base, "/missing.html"), "captured");
	cr_assert(crawl_log_has(&log, "/missing.html", " 404 "));
	/* Identical payloads over h2 are deduplicated like any other. */
	char s1[64], s2[64]; /* crawl_log_outcome() reuses its buffer */
	snprintf(s1, sizeof s1, "%s", crawl_log_outcome(&log, base, "/style.css"));
	snprintf(s2, sizeof s2, "%s", crawl_log_outcome(&log, base, "/dup.css"));
	cr_assert((!strcmp(s1, "captured") && !strcmp(s2, "revisit")) || (!strcmp(s1, "revisit") && !strcmp(s2, "captured")),
		  "style.css %s, dup.css %s", s1, s2);
	size_t captures = crawl_log_count(&log, "captured") + crawl_log_count(&log, "revisit");
	cr_assert_eq(captures, 7); /* robots.txt, /, a, b, missing, style, dup */
	crawl_log_free(&log);

	/* verify (block and payload digests), warcio.js, index.cdxj = wark index. */
	cr_assert_eq(crawl_assert_warcs_ok(&env, captures), captures);

	/* The blocks are HTTP/1.1 text: no "HTTP/2" start line anywhere. */
	cr_assert_eq(warc_grep("out", "^HTTP/2|HTTP/2\r?$"), 0);
	cr_assert_eq(warc_grep("out", "^HTTP/1\\.1 200 OK\r$"), 6); /* the revisit keeps its head */
	cr_assert_eq(warc_grep("out", "^HTTP/1\\.1 404 Not Found\r$"), 1);
	cr_assert_eq(warc_grep("out", "^GET /(a\\.html)? HTTP/1\\.1\r$"), 2);
	/* Header names as received (lowercase in h2), the request's Host as libcurl shows it. */
	cr_assert_geq(warc_grep("out", "^content-type: text/html\r$"), 4);
	cr_assert_geq(warc_grep("out", "^content-encoding: gzip\r$"), 4);
	cr_assert_eq(warc_grep("out", "^Host: " HOST ":[0-9]+\r$"), 7);
	/* One field per layer, in order: h2 then TLS 1.3, on requests, responses and revisits. */
	cr_assert_eq(warc_grep("out", "^WARC-Protocol: h2\r$"), 14);
	cr_assert_eq(warc_grep("out", "^WARC-Protocol: tls/1\\.3\r$"), 14);

	/* warcio.js reads both fields, and the body bytes as served (no chunk framing). */
	char *view = warcio_view("out");
	cr_assert_eq(count_substr(view, " h2+tls/1.3 "), 14, "%s", view);
	char *css = sha256_of("style.css");
	cr_assert(strstr(view, css), "style.css body not stored as served (%s): %s", css, view);
	free(css);
	free(view);

	/* The WARC says how it was made. */
	cr_assert_eq(warc_grep("out", "^wark-http-version: h2 over TLS"), 1);
	cr_assert_eq(warc_grep("out", "^wark-ca-certificate: .*/cert\\.pem\r$"), 1);
	cr_assert_eq(warc_grep("out", "^wark-check-certificate: yes\r$"), 1);

	/* Extraction reads the h2 captures (gzip bodies without Content-Length). */
	r = run_wark("extract --format txt %s/out", tmp);
	cr_assert_eq(r.status, 0, "extract: %s", r.err);
	cr_assert(strstr(r.out, "aardvark"), "article text not extracted: %s", r.out);
	run_free(&r);
}

/* TMP/out after a crawl that succeeded: /a.html was captured and every WARC
 * passes crawl_assert_warcs_ok(); returns the number of captures. */
static size_t check_out_dir(void)
{
	struct crawl_env env;
	memset(&env, 0, sizeof env);
	snprintf(env.out, sizeof env.out, "%s/out", tmp);
	struct crawl_log log;
	crawl_log_load(&log, env.out);
	cr_assert_str_eq(crawl_log_outcome(&log, base, "/a.html"), "captured");
	size_t captures = crawl_log_count(&log, "captured") + crawl_log_count(&log, "revisit");
	crawl_log_free(&log);
	crawl_assert_warcs_ok(&env, captures);
	return captures;
}

Test(crawl_tls, http11_option_gives_wire_captures_without_h2)
{
	struct run r = run_wark("crawl -q --http1.1 %s --ca-certificate %s/cert.pem %s/ -o %s/out", resolve, tmp, base,
				tmp);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	cr_assert_eq(check_out_dir(), 7);
	cr_assert_eq(warc_grep("out", "^WARC-Protocol: h2"), 0);
	cr_assert_eq(warc_grep("out", "^WARC-Protocol: http/1\\.1\r$"), 14);
	cr_assert_eq(warc_grep("out", "^WARC-Protocol: tls/1\\.3\r$"), 14);
	/* nginx's own HTTP/1.1 bytes: its reason phrases, chunked gzip HTML. */
	cr_assert_eq(warc_grep("out", "^HTTP/1\\.1 200 OK\r$"), 6);
	cr_assert_geq(warc_grep("out", "^Transfer-Encoding: chunked\r$"), 4);
	cr_assert_eq(warc_grep("out", "^wark-http-version: http/1\\.1\r$"), 1);
	char *view = warcio_view("out");
	cr_assert_eq(count_substr(view, " http/1.1+tls/1.3 "), 14, "%s", view);
	free(view);
}

Test(crawl_tls, untrusted_certificate_fails_with_a_tls_reason)
{
	struct run r = run_wark("crawl -q %s %s/ -o %s/out", resolve, base, tmp);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_assert(strstr(r.err, "no seed could be captured"), "%s", r.err);
	run_free(&r);
	char out[4200];
	snprintf(out, sizeof out, "%s/out", tmp);
	struct crawl_log log;
	crawl_log_load(&log, out);
	cr_assert_null(crawl_log_unfinished(&log));
	/* robots.txt is the first fetch: it fails verification, once (no retries for a
	 * certificate), and nothing is captured. */
	cr_assert_str_eq(crawl_log_outcome(&log, base, "/robots.txt"), "failed");
	cr_assert_eq(crawl_log_count(&log, "failed:tls-verify"), 1);
	cr_assert_eq(crawl_log_count(&log, "retry"), 0);
	cr_assert_eq(crawl_log_count(&log, "captured"), 0);
	crawl_log_free(&log);
	/* With robots ignored the seed itself says why. */
	r = run_wark("crawl -q --robots ignore %s %s/ -o %s/out2", resolve, base, tmp);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	run_free(&r);
	snprintf(out, sizeof out, "%s/out2", tmp);
	crawl_log_load(&log, out);
	cr_assert(crawl_log_has(&log, base, "failed:tls-verify"));
	crawl_log_free(&log);
	/* A CA file that cannot be read is a usage error. */
	r = run_wark("crawl -q --ca-certificate %s/nonexistent.pem %s/ -o %s/out3", tmp, base, tmp);
	cr_assert_eq(r.status, 2, "exit %d: %s", r.status, r.err);
	cr_assert(strstr(r.err, "nonexistent.pem"), "%s", r.err);
	run_free(&r);
}

Test(crawl_tls, no_check_certificate_crawls_and_says_so)
{
	struct run r = run_wark("crawl -q --no-check-certificate %s %s/ -o %s/out", resolve, base, tmp);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_free(&r);
	size_t captures = check_out_dir();
	cr_assert_eq(warc_grep("out", "^wark-check-certificate: no\r$"), 1);
	cr_assert_eq(warc_grep("out", "^WARC-Protocol: h2\r$"), 2 * (int)captures);
}

Test(crawl_tls, archive_passes_the_tls_options_to_the_crawl)
{
	struct run r = run_wark("archive -q %s --ca-certificate %s/cert.pem %s/ -o %s/site-archive", resolve, tmp, base,
				tmp);
	cr_assert_eq(r.status, 0, "exit %d: %s%s", r.status, r.out, r.err);
	run_free(&r);
	r = run_sh("test -s %s/site-archive.wacz", tmp);
	cr_assert_eq(r.status, 0, "no package");
	run_free(&r);
	cr_assert_eq(warc_grep("site-archive", "^WARC-Protocol: h2\r$"), 2 * 7);
	r = run_sh("grep -c ' captured$' %s/site-archive/crawl.log", tmp);
	cr_assert_eq(atoi(r.out), 6, "%s", r.out); /* style.css or dup.css is a revisit */
	run_free(&r);
}
