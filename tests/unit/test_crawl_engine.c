/* SPDX-License-Identifier: Apache-2.0 */
/* test_crawl_engine.c - the crawl engine's pure parts: defaults, crawl.log
 * lines, outcome names and configuration checks (crawl_run end to end is
 * tested against the test site in tests/integration/test_crawl*.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "crawl/crawl.h"

Test(crawl_engine, config_defaults)
{
	crawl_config c;
	crawl_config_init(&c);
	cr_assert_eq(c.scope, CRAWL_SCOPE_HOST);
	cr_assert_eq(c.depth, -1);
	cr_assert(c.requisites);
	cr_assert(c.obey_robots);
	cr_assert_eq(c.host_connections, 2);
	cr_assert_eq(c.connections, 32);
	cr_assert_eq(c.warc_size, 1000000000ull);
	cr_assert_str_eq(c.accept_encoding, "gzip");
	cr_assert(!strncmp(c.user_agent, "wark/", 5));
	cr_assert(strstr(c.user_agent, "(+https://github.com/wark-archive/wark)"));
}

Test(crawl_engine, log_line_for_a_fetch)
{
	crawl_event ev = {
		.when = { .tv_sec = 1740830401, .tv_nsec = 123456789 },
		.status = 200,
		.size = 1234,
		.url = "http://example.com/a b",
		.hops = "LLE",
		.via = "http://example.com/",
		.mime = "image/png",
		.duration_ms = 42,
		.digest = "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
		.outcome = CRAWL_OUT_CAPTURED,
		.truncated = "length",
	};
	warc_buf b;
	warc_buf_init(&b, 4096);
	cr_assert_eq(crawl_log_line(&ev, &b), WARC_OK);
	cr_assert_str_eq(b.data, "2025-03-01T12:00:01.123Z 200 1234 http://example.com/a_b LLE http://example.com/ "
				 "image/png 42 sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ captured:truncated-length\n");
	warc_buf_free(&b);
}

Test(crawl_engine, log_line_without_a_fetch)
{
	crawl_event ev = {
		.when = { .tv_sec = 0, .tv_nsec = 0 },
		.url = "http://example.com/private/x",
		.hops = "",
		.duration_ms = -1,
		.outcome = CRAWL_OUT_TRAP,
		.error = "path too deep",
	};
	warc_buf b;
	warc_buf_init(&b, 4096);
	cr_assert_eq(crawl_log_line(&ev, &b), WARC_OK);
	cr_assert_str_eq(b.data, "1970-01-01T00:00:00.000Z - - http://example.com/private/x - - - - - trap:path_too_deep\n");
	warc_buf_free(&b);
}

Test(crawl_engine, outcome_names_are_single_tokens)
{
	for (int o = CRAWL_OUT_NONE; o <= CRAWL_OUT_LIMIT; o++) {
		const char *n = crawl_outcome_name((crawl_outcome)o);
		cr_assert(n && *n && !strchr(n, ' ') && !strchr(n, ':'), "outcome %d: %s", o, n);
	}
	cr_assert_str_eq(crawl_outcome_name(CRAWL_OUT_ROBOTS), "robots-blocked");
	cr_assert_str_eq(crawl_outcome_name(CRAWL_OUT_BUDGET), "budget-cut");
}

Test(crawl_engine, run_refuses_bad_configurations)
{
	crawl_config c;
	crawl_config_init(&c);
	crawl_result res;
	warc_error err = { { 0 } };
	cr_assert_eq(crawl_run(&c, NULL, &res, &err), WARC_ERR_USAGE);   /* no directory */
	c.dir = "/nonexistent-wark-test-dir/out";
	cr_assert_eq(crawl_run(&c, NULL, &res, &err), WARC_ERR_USAGE);   /* no seed */
	const char *seeds[] = { "http://127.0.0.1:1/" };
	c.seeds = seeds;
	c.nseeds = 1;
	c.connections = 0;
	cr_assert_eq(crawl_run(&c, NULL, &res, &err), WARC_ERR_USAGE);
	cr_assert(strstr(err.msg, "connections"), "%s", err.msg);
}
