/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl_frontier.c - the crawl state (crawl/frontier.c) on a state.db in
 * a temporary directory: per-origin queues in breadth-first order with
 * robots.txt first, the seen set, done and retry marks, what a reopened
 * (resumed) state gives back, seeds, origins, payload digests for revisits,
 * the WARC and crawl.log marks, and the sorted scratch table of index lines.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "crawl/internal.h"
#include "tests/support/support.h"

static char *tmp;
static crw_frontier *fr;

static void setup(void)
{
	tmp = make_tmpdir();
	cr_assert_not_null(tmp);
	warc_error err;
	cr_assert_eq(crw_frontier_open(&fr, tmp, &err), WARC_OK, "%s", err.msg);
}

static void teardown(void)
{
	crw_frontier_close(fr);
	fr = NULL;
	rm_rf(tmp);
	free(tmp);
}

TestSuite(crw_frontier, .init = setup, .fini = teardown);

#define ORIGIN "http://a.test"

/* Queue url (of ORIGIN) as kind at depth; returns whether it was new. */
static bool add(const char *url, crw_kind kind, int depth)
{
	crw_job j = { .url = (char *)url, .origin = ORIGIN, .hops = depth ? "L" : "", .depth = depth, .kind = kind };
	bool added = false;
	warc_error err;
	cr_assert_eq(crw_frontier_add(fr, &j, CRAWL_ST_QUEUED, CRAWL_OUT_NONE, &added, &err), WARC_OK, "%s",
		     err.msg);
	return added;
}

/* The next due URL of ORIGIN at now_ms (NULL when none); j gets the row. */
static const char *next(crw_job *j, bool robots_only, int64_t now_ms)
{
	bool found;
	warc_error err;
	cr_assert_eq(crw_frontier_next(fr, ORIGIN, robots_only, now_ms, j, &found, &err), WARC_OK, "%s", err.msg);
	return found ? j->url : NULL;
}

static void reopen(void)
{
	crw_frontier_close(fr);
	warc_error err;
	cr_assert_eq(crw_frontier_open(&fr, tmp, &err), WARC_OK, "%s", err.msg);
}

Test(crw_frontier, robots_first_then_breadth_first_and_each_url_once)
{
	cr_assert(add("http://a.test/deep", CRAWL_KIND_PAGE, 2));
	cr_assert(add("http://a.test/", CRAWL_KIND_PAGE, 0));
	cr_assert(add("http://a.test/style.css", CRAWL_KIND_REQUISITE, 1));
	cr_assert(add("http://a.test/robots.txt", CRAWL_KIND_ROBOTS, 1));
	cr_assert_not(add("http://a.test/", CRAWL_KIND_PAGE, 5), "a URL seen before is not added again");
	cr_assert_eq(crw_frontier_count_queued(fr), 4);

	crw_job j;
	cr_assert_str_eq(next(&j, true, 0), "http://a.test/robots.txt", "robots_only: the robots.txt row");
	cr_assert_eq(j.kind, CRAWL_KIND_ROBOTS);
	cr_assert_str_eq(j.origin, ORIGIN);
	crw_job_clear(&j);
	cr_assert_null(next(&j, true, 0), "only one robots.txt row, now in flight");
	cr_assert_str_eq(next(&j, false, 0), "http://a.test/");
	cr_assert_eq(j.depth, 0);
	cr_assert_null(j.via);
	crw_job_clear(&j);
	cr_assert_str_eq(next(&j, false, 0), "http://a.test/style.css");
	crw_job_clear(&j);
	cr_assert_str_eq(next(&j, false, 0), "http://a.test/deep");
	crw_job_clear(&j);
	cr_assert_null(next(&j, false, 0));
	cr_assert_eq(crw_frontier_count_queued(fr), 0, "all in flight");
	cr_assert_eq(crw_frontier_next_due(fr, ORIGIN, false), -1);
}

Test(crw_frontier, requeue_waits_until_not_before_and_done_counts_captures)
{
	add("http://a.test/", CRAWL_KIND_PAGE, 0);
	add("http://a.test/img.png", CRAWL_KIND_REQUISITE, 1);
	add("http://a.test/robots.txt", CRAWL_KIND_ROBOTS, 1);
	warc_error err;
	crw_job j;
	cr_assert_not_null(next(&j, false, 0));
	int64_t robots_id = j.id;
	crw_job_clear(&j);
	cr_assert_str_eq(next(&j, false, 0), "http://a.test/");
	cr_assert_eq(crw_frontier_requeue(fr, j.id, 1, 5000, &err), WARC_OK, "%s", err.msg);
	crw_job_clear(&j);
	cr_assert_eq(crw_frontier_next_due(fr, ORIGIN, false), 0, "the image is due now");
	cr_assert_eq(crw_frontier_next_due(fr, ORIGIN, true), -1, "no robots.txt row queued");
	cr_assert_str_eq(next(&j, false, 4999), "http://a.test/img.png", "the retry is not due yet");
	cr_assert_eq(crw_frontier_done(fr, j.id, CRAWL_OUT_CAPTURED, 200, &err), WARC_OK);
	crw_job_clear(&j);
	cr_assert_eq(crw_frontier_next_due(fr, ORIGIN, false), 5000);
	cr_assert_null(next(&j, false, 4999));
	cr_assert_str_eq(next(&j, false, 5000), "http://a.test/");
	cr_assert_eq(j.tries, 1, "the tries made travel with the row");
	cr_assert_eq(crw_frontier_done(fr, j.id, CRAWL_OUT_REDIRECT, 301, &err), WARC_OK);
	crw_job_clear(&j);
	cr_assert_eq(crw_frontier_done(fr, robots_id, CRAWL_OUT_CAPTURED, 200, &err), WARC_OK);
	cr_assert_eq(crw_frontier_count_captured(fr, false), 3, "captures, redirects, robots.txt");
	cr_assert_eq(crw_frontier_count_captured(fr, true), 2, "pages and requisites only");
}

Test(crw_frontier, find_gives_any_row_with_its_state)
{
	add("http://a.test/", CRAWL_KIND_PAGE, 0);
	crw_job j;
	crw_url_state state;
	bool found;
	warc_error err;
	cr_assert_eq(crw_frontier_find(fr, "http://a.test/", &j, &state, &found, &err), WARC_OK);
	cr_assert(found);
	cr_assert_eq(state, CRAWL_ST_QUEUED);
	cr_assert_str_eq(j.origin, ORIGIN);
	crw_job_clear(&j);
	cr_assert_not_null(next(&j, false, 0));
	crw_job_clear(&j);
	cr_assert_eq(crw_frontier_find(fr, "http://a.test/", &j, &state, &found, &err), WARC_OK);
	cr_assert_eq(state, CRAWL_ST_FLIGHT);
	crw_job_clear(&j);
	cr_assert_eq(crw_frontier_find(fr, "http://a.test/none", &j, &state, &found, &err), WARC_OK);
	cr_assert_not(found);
}

Test(crw_frontier, a_reopened_state_queues_the_urls_that_were_in_flight)
{
	warc_error err;
	cr_assert_eq(crw_frontier_begin(fr, &err), WARC_OK, "%s", err.msg);
	add("http://a.test/", CRAWL_KIND_PAGE, 0);
	add("http://a.test/b", CRAWL_KIND_PAGE, 1);
	add("http://a.test/c", CRAWL_KIND_PAGE, 1);
	crw_job j;
	cr_assert_str_eq(next(&j, false, 0), "http://a.test/");
	cr_assert_eq(crw_frontier_done(fr, j.id, CRAWL_OUT_CAPTURED, 200, &err), WARC_OK);
	crw_job_clear(&j);
	cr_assert_str_eq(next(&j, false, 0), "http://a.test/b"); /* in flight when "killed" */
	crw_job_clear(&j);
	cr_assert_eq(crw_frontier_commit(fr, &err), WARC_OK, "%s", err.msg);
	reopen();
	cr_assert_eq(crw_frontier_count_queued(fr), 2, "b (was in flight) and c");
	cr_assert_eq(crw_frontier_count_captured(fr, true), 1);
	cr_assert_not(add("http://a.test/", CRAWL_KIND_PAGE, 0), "the seen set survives");
	cr_assert_str_eq(next(&j, false, 0), "http://a.test/b");
	crw_job_clear(&j);

	/* an open transaction is committed by close */
	cr_assert_eq(crw_frontier_begin(fr, &err), WARC_OK);
	add("http://a.test/d", CRAWL_KIND_PAGE, 2);
	reopen();
	cr_assert_eq(crw_frontier_count_queued(fr), 3, "b, c and d");
}

static int count_queued_job(void *ctx, const crw_job *j)
{
	size_t *n = ctx;
	cr_assert_not_null(j->url);
	cr_assert_str_eq(j->origin, ORIGIN);
	return ++*n == 2 ? 42 : 0;
}

Test(crw_frontier, each_queued_stops_at_a_callback_value)
{
	add("http://a.test/1", CRAWL_KIND_PAGE, 0);
	add("http://a.test/2", CRAWL_KIND_PAGE, 0);
	add("http://a.test/3", CRAWL_KIND_PAGE, 0);
	size_t n = 0;
	warc_error err;
	cr_assert_eq(crw_frontier_each_queued(fr, count_queued_job, &n, &err), 42);
	cr_assert_eq(n, 2);
}

typedef struct strs {
	char v[8][128];
	size_t n;
} strs;

static int collect_str(void *ctx, const char *s)
{
	strs *c = ctx;
	cr_assert_lt(c->n, 8);
	snprintf(c->v[c->n++], sizeof c->v[0], "%s", s);
	return 0;
}

Test(crw_frontier, seeds_and_their_stats)
{
	warc_error err;
	cr_assert_eq(crw_frontier_add_seed(fr, "http://a.test/", &err), WARC_OK);
	cr_assert_eq(crw_frontier_add_seed(fr, "http://a.test/", &err), WARC_OK, "kept once");
	cr_assert_eq(crw_frontier_add_seed(fr, "http://a.test/gone", &err), WARC_OK);
	add("http://a.test/", CRAWL_KIND_PAGE, 0);
	add("http://a.test/gone", CRAWL_KIND_PAGE, 0);
	crw_job j;
	cr_assert_not_null(next(&j, false, 0));
	cr_assert_eq(crw_frontier_done(fr, j.id, CRAWL_OUT_CAPTURED, 200, &err), WARC_OK);
	crw_job_clear(&j);
	cr_assert_not_null(next(&j, false, 0));
	cr_assert_eq(crw_frontier_done(fr, j.id, CRAWL_OUT_CAPTURED, 404, &err), WARC_OK);
	crw_job_clear(&j);
	strs s = { .n = 0 };
	cr_assert_eq(crw_frontier_seeds(fr, collect_str, &s, &err), WARC_OK);
	cr_assert_eq(s.n, 2);
	uint64_t total, failed;
	cr_assert_eq(crw_frontier_seed_stats(fr, &total, &failed), WARC_OK);
	cr_assert_eq(total, 2);
	cr_assert_eq(failed, 1, "a seed captured with status 404 failed");
}

typedef struct origin_seen {
	crw_origin_row row;
	char body[64];
	size_t n;
} origin_seen;

static int collect_origin(void *ctx, const crw_origin_row *row)
{
	origin_seen *o = ctx;
	o->n++;
	o->row = *row;
	snprintf(o->body, sizeof o->body, "%.*s", (int)row->robots_len, row->robots_body ? row->robots_body : "");
	o->row.robots_body = NULL;
	o->row.origin = NULL;
	return 0;
}

Test(crw_frontier, origins_keep_robots_knowledge_and_count_their_urls)
{
	add("http://a.test/", CRAWL_KIND_PAGE, 0);
	add("http://a.test/x", CRAWL_KIND_PAGE, 1);
	crw_job trap = { .url = "http://a.test/t/t/t", .origin = ORIGIN, .hops = "L", .depth = 1 };
	bool added;
	warc_error err;
	cr_assert_eq(crw_frontier_add(fr, &trap, CRAWL_ST_DONE, CRAWL_OUT_TRAP, &added, &err), WARC_OK);
	cr_assert(added);
	crw_origin_row row = { .origin = ORIGIN, .robots_state = CRAWL_ROBOTS_RULES,
				 .robots_body = "User-agent: *\nDisallow: /x\n", .robots_len = 26 };
	cr_assert_eq(crw_frontier_save_origin(fr, &row, &err), WARC_OK, "%s", err.msg);
	origin_seen o = { .n = 0 };
	cr_assert_eq(crw_frontier_origins(fr, collect_origin, &o, &err), WARC_OK);
	cr_assert_eq(o.n, 1);
	cr_assert_eq(o.row.robots_state, CRAWL_ROBOTS_RULES);
	cr_assert_str_eq(o.body, "User-agent: *\nDisallow: /x");
	cr_assert_eq(o.row.accepted, 2, "a trap-cut URL does not count against the budget");
	cr_assert_eq(o.row.queued, 2);
	row.robots_state = CRAWL_ROBOTS_DENY;
	row.robots_body = NULL;
	row.robots_len = 0;
	cr_assert_eq(crw_frontier_save_origin(fr, &row, &err), WARC_OK);
	o.n = 0;
	cr_assert_eq(crw_frontier_origins(fr, collect_origin, &o, &err), WARC_OK);
	cr_assert_eq(o.row.robots_state, CRAWL_ROBOTS_DENY, "saved again: replaced");
}

#define DIGEST "sha1:AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH"

Test(crw_frontier, digests_first_capture_wins_and_imports_resolve_once)
{
	warc_error err;
	crw_digest_row d;
	bool found;
	cr_assert_eq(crw_frontier_digest_get(fr, DIGEST, &d, &found, &err), WARC_OK);
	cr_assert_not(found);
	cr_assert_eq(crw_frontier_digest_put(fr, DIGEST, "<urn:uuid:1>", "http://a.test/", "2025-01-01T00:00:00Z",
					       &err), WARC_OK);
	cr_assert_eq(crw_frontier_digest_put(fr, DIGEST, "<urn:uuid:2>", "http://a.test/2", "2025-01-02T00:00:00Z",
					       &err), WARC_OK);
	cr_assert_eq(crw_frontier_digest_get(fr, DIGEST, &d, &found, &err), WARC_OK);
	cr_assert(found);
	cr_assert_str_eq(d.record_id, "<urn:uuid:1>", "the first capture stays the original");
	cr_assert_str_eq(d.uri, "http://a.test/");
	cr_assert_str_eq(d.date, "2025-01-01T00:00:00Z");
	cr_assert_null(d.warc_name);
	free(d.uri);

	const char *imp = "sha1:IIIIJJJJKKKKLLLLMMMMNNNNOOOOPPPP";
	cr_assert_eq(crw_frontier_digest_import(fr, imp, "http://b.test/", "2024-05-05T05:05:05Z", "old.warc.gz", 1234,
						  &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(crw_frontier_digest_get(fr, imp, &d, &found, &err), WARC_OK);
	cr_assert(found);
	cr_assert_str_eq(d.record_id, "", "imported: no record ID yet");
	cr_assert_str_eq(d.warc_name, "old.warc.gz");
	cr_assert_eq(d.warc_offset, 1234);
	free(d.uri);
	free(d.warc_name);
	cr_assert_eq(crw_frontier_digest_resolved(fr, imp, "<urn:uuid:old>", "2024-05-05T05:05:05.5Z", &err),
		     WARC_OK);
	cr_assert_eq(crw_frontier_digest_get(fr, imp, &d, &found, &err), WARC_OK);
	cr_assert_str_eq(d.record_id, "<urn:uuid:old>");
	cr_assert_str_eq(d.date, "2024-05-05T05:05:05.5Z");
	cr_assert_null(d.warc_name, "its source is forgotten once looked up");
	free(d.uri);

	/* a lookup that found nothing forgets the source too */
	const char *miss = "sha1:QQQQRRRRSSSSTTTTUUUUVVVVWWWWXXXX";
	cr_assert_eq(crw_frontier_digest_import(fr, miss, "http://c.test/", "2024-01-01T00:00:00Z", "old.warc.gz", 99,
						  &err), WARC_OK);
	cr_assert_eq(crw_frontier_digest_resolved(fr, miss, NULL, NULL, &err), WARC_OK);
	cr_assert_eq(crw_frontier_digest_get(fr, miss, &d, &found, &err), WARC_OK);
	cr_assert(found);
	cr_assert_str_eq(d.record_id, "");
	cr_assert_null(d.warc_name);
	free(d.uri);
}

Test(crw_frontier, warc_and_log_marks_only_grow_where_they_should)
{
	warc_error err;
	cr_assert_eq(crw_frontier_warc_get(fr, "a.warc.gz"), -1, "a file never accounted for");
	cr_assert_eq(crw_frontier_warc_put(fr, "a.warc.gz", 1000, &err), WARC_OK);
	cr_assert_eq(crw_frontier_warc_put(fr, "a.warc.gz", 500, &err), WARC_OK);
	cr_assert_eq(crw_frontier_warc_get(fr, "a.warc.gz"), 1000, "the committed offset only grows");
	cr_assert_eq(crw_frontier_mark_get(fr, "log"), -1);
	cr_assert_eq(crw_frontier_mark_put(fr, "log", 300, &err), WARC_OK);
	cr_assert_eq(crw_frontier_mark_put(fr, "log", 200, &err), WARC_OK);
	cr_assert_eq(crw_frontier_mark_get(fr, "log"), 200, "a mark is whatever was put last");
	reopen();
	cr_assert_eq(crw_frontier_warc_get(fr, "a.warc.gz"), 1000, "kept in state.db");
	cr_assert_eq(crw_frontier_mark_get(fr, "log"), 200);
}

Test(crw_frontier, index_lines_come_back_sorted_bytewise_and_once)
{
	warc_error err;
	const char *in[] = { "com,b)/ 2025 {}", "com,a)/ 2025 {}", "com,a)/ 2025 {}", "Com,z)/ 2025 {}" };
	for (size_t i = 0; i < 4; i++)
		cr_assert_eq(crw_frontier_lines_add(fr, in[i], &err), WARC_OK, "%s", err.msg);
	strs s = { .n = 0 };
	cr_assert_eq(crw_frontier_lines_each(fr, collect_str, &s, &err), WARC_OK);
	cr_assert_eq(s.n, 3);
	cr_assert_str_eq(s.v[0], "Com,z)/ 2025 {}", "byte order, as LC_ALL=C sort");
	cr_assert_str_eq(s.v[1], "com,a)/ 2025 {}");
	cr_assert_str_eq(s.v[2], "com,b)/ 2025 {}");
	cr_assert_eq(crw_frontier_lines_reset(fr, &err), WARC_OK);
	s.n = 0;
	cr_assert_eq(crw_frontier_lines_each(fr, collect_str, &s, &err), WARC_OK);
	cr_assert_eq(s.n, 0);
	cr_assert_eq(crw_frontier_lines_add(fr, "x", &err), WARC_OK);
	reopen();
	cr_assert_eq(crw_frontier_lines_each(fr, collect_str, &s, &err), WARC_OK);
	cr_assert_eq(s.n, 0, "the scratch table dies with the connection");
}
