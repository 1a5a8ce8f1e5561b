/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl_fetch.c - the fetcher (crawl/fetch.c) against the test site
 * (tests/server/sitesrv.py on 127.0.0.1, names pinned like --resolve): the
 * request as sent and the response as received, bodies past the spool
 * limit, the size cap, HTTP errors and refused connections as results
 * rather than errors, and aborting a running transfer.
 */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "crawl/internal.h"
#include "tests/support/sitesrv.h"
#include "tests/support/support.h"

static struct sitesrv srv;
static char *tmp;
static char resolve[128];
static const char *resolve_list[1];
static crawl_config cfg;
static crw_fetcher *fe;

#define BIG_SIZE 3000000

static void setup(void)
{
	tmp = make_tmpdir();
	cr_assert_not_null(tmp);
	char args[64];
	snprintf(args, sizeof args, "--big-size %d --drip-ms 200", BIG_SIZE);
	cr_assert_eq(sitesrv_start_opts(&srv, NULL, args), 0, "test site did not start");
	snprintf(resolve, sizeof resolve, "news.test:%d:127.0.0.1", sitesrv_port(&srv));
	resolve_list[0] = resolve;
	crawl_config_init(&cfg);
	cfg.resolve = resolve_list;
	cfg.nresolve = 1;
	cfg.timeout_s = 20;
	cfg.user_agent = "wark-test/1.0";
}

static void teardown(void)
{
	crw_fetcher_free(fe);
	fe = NULL;
	sitesrv_stop(&srv);
	rm_rf(tmp);
	free(tmp);
}

TestSuite(crw_fetch, .init = setup, .fini = teardown, .timeout = 60);

static void new_fetcher(void)
{
	warc_error err;
	cr_assert_eq(crw_fetcher_new(&fe, &cfg, &err), WARC_OK, "%s", err.msg);
}

/* A fetch of url (the caller frees it with crw_fetch_free). */
static crw_fetch *start(const char *url)
{
	crw_fetch *f = crw_fetch_new(tmp);
	cr_assert_not_null(f);
	f->job.url = strdup(url);
	warc_error err;
	cr_assert_eq(crw_fetcher_start(fe, f, &err), WARC_OK, "%s", err.msg);
	return f;
}

/* Run the fetcher until a transfer is done (at most 30 s) and return it. */
static crw_fetch *wait_done(void)
{
	time_t until = time(NULL) + 30;
	warc_error err;
	crw_fetch *f;
	while (!(f = crw_fetcher_done(fe))) {
		cr_assert_lt(time(NULL), until, "no transfer finished");
		cr_assert_eq(crw_fetcher_run(fe, 100, &err), WARC_OK, "%s", err.msg);
	}
	return f;
}

static char *url(const char *path)
{
	static char buf[256];
	return (char *)sitesrv_url(&srv, "news.test", path, buf, sizeof buf);
}

/* The first n bytes of the response as received (NUL-terminated, caller frees). */
static char *response_head(crw_fetch *f, size_t n)
{
	char *b = calloc(1, n + 1);
	cr_assert_not_null(b);
	crw_spool_peek(&f->response, b, n);
	return b;
}

Test(crw_fetch, a_page_keeps_the_request_and_response_bytes)
{
	new_fetcher();
	crw_fetch *f = start(url("/"));
	cr_assert_eq(crw_fetcher_active(fe), 1);
	cr_assert_eq(wait_done(), f);
	cr_assert_eq(crw_fetcher_active(fe), 0);
	cr_assert_null(crw_fetcher_done(fe), "each transfer is returned once");

	cr_assert_eq(f->result, 0, "%s", f->error);
	cr_assert_str_eq(crw_fetch_reason(f), "ok");
	cr_assert_eq(f->status, 200);
	cr_assert_str_eq(f->http_protocol, "http/1.1");
	cr_assert_null(f->tls_protocol);
	cr_assert_str_eq(f->ip, "127.0.0.1");
	cr_assert_null(f->truncated);
	cr_assert_geq(f->duration_ms, 0);

	char host[64];
	snprintf(host, sizeof host, "Host: news.test:%d\r\n", sitesrv_port(&srv));
	cr_assert_not_null(f->request.data);
	cr_assert(!strncmp(f->request.data, "GET / HTTP/1.1\r\n", 16), "%s", f->request.data);
	cr_assert(strstr(f->request.data, host), "%s", f->request.data);
	cr_assert(strstr(f->request.data, "User-Agent: wark-test/1.0\r\n"), "%s", f->request.data);
	cr_assert(strstr(f->request.data, "Accept-Encoding: gzip\r\n"), "%s", f->request.data);
	cr_assert(strstr(f->request.data, "\r\n\r\n"), "the request head is complete");

	cr_assert_gt(f->head_len, 0);
	cr_assert_gt(f->body_len, 0);
	cr_assert_eq(f->response.len, f->head_len + f->body_len, "head then body, nothing else");
	cr_assert_null(f->response.file, "a small page stays in memory");
	char *head = response_head(f, (size_t)f->head_len);
	cr_assert(!strncmp(head, "HTTP/1.1 200", 12), "%s", head);
	cr_assert(!strcmp(head + f->head_len - 4, "\r\n\r\n"), "head_len ends at the blank line");
	free(head);
	crw_fetch_free(f);
}

Test(crw_fetch, a_big_body_spools_to_disk_and_an_error_status_is_a_result)
{
	new_fetcher();
	crw_fetch *big = start(url("/fault/big"));
	crw_fetch *missing = start(url("/fault/404"));
	cr_assert_eq(crw_fetcher_active(fe), 2);
	for (int i = 0; i < 2; i++) {
		crw_fetch *f = wait_done();
		cr_assert(f == big || f == missing);
	}
	cr_assert_eq(big->result, 0, "%s", big->error);
	cr_assert_eq(big->body_len, BIG_SIZE);
	cr_assert_not_null(big->response.file, "past CRAWL_SPOOL_BYTES: on disk");
	cr_assert_eq(missing->result, 0, "an HTTP error is a response, not a failure");
	cr_assert_eq(missing->status, 404);
	crw_fetch_free(big);
	crw_fetch_free(missing);
}

Test(crw_fetch, the_size_cap_cuts_the_body_as_length)
{
	cfg.max_size = 1000;
	new_fetcher();
	uint64_t received = 0;
	crw_fetch *f = crw_fetch_new(tmp);
	cr_assert_not_null(f);
	f->job.url = strdup(url("/fault/big"));
	f->bytes_counter = &received;
	warc_error err;
	cr_assert_eq(crw_fetcher_start(fe, f, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(wait_done(), f);
	cr_assert_str_eq(f->truncated, "length");
	cr_assert_eq(f->body_len, 1000);
	cr_assert_eq(received, 1000, "the running byte counter counts what was kept");
	cr_assert_str_eq(crw_fetch_reason(f), "size-cap");
	cr_assert_eq(f->status, 200);
	crw_fetch_free(f);
}

/* A port on 127.0.0.1 that nothing listens on (bound, then closed). */
static int closed_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(s, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	cr_assert_eq(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(getsockname(s, (struct sockaddr *)&a, &len), 0);
	close(s);
	return ntohs(a.sin_port);
}

Test(crw_fetch, a_refused_connection_is_a_retryable_result)
{
	new_fetcher();
	char u[64];
	snprintf(u, sizeof u, "http://127.0.0.1:%d/", closed_port());
	crw_fetch *f = start(u);
	cr_assert_eq(wait_done(), f);
	cr_assert_neq(f->result, 0);
	cr_assert_str_eq(crw_fetch_reason(f), "connect");
	cr_assert_neq(f->error[0], '\0');
	cr_assert(crw_fetch_retryable(f));
	cr_assert_eq(f->head_len, 0);
	cr_assert_eq(f->status, 0);
	cr_assert_null(f->truncated);
	crw_fetch_free(f);
}

Test(crw_fetch, an_aborted_transfer_is_never_returned)
{
	new_fetcher();
	crw_fetch *slow = start(url("/fault/slow"));
	crw_fetch *page = start(url("/"));
	warc_error err;
	for (int i = 0; i < 3; i++)
		cr_assert_eq(crw_fetcher_run(fe, 50, &err), WARC_OK, "%s", err.msg);
	crw_fetcher_abort(fe, slow);
	cr_assert_eq(wait_done(), page);
	cr_assert_eq(crw_fetcher_active(fe), 0);
	cr_assert_null(crw_fetcher_done(fe));
	crw_fetch_free(slow);
	crw_fetch_free(page);
}
