/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl_spool.c - the response spool (crawl/spool.c): bytes stay in
 * memory up to CRAWL_SPOOL_BYTES, then move whole to an unlinked file in
 * the given directory; each/peek read them back from any offset, a sink's
 * error stops the walk, reset and free leave nothing behind.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "crawl/internal.h"
#include "tests/support/support.h"

TestSuite(crw_spool, .init = suite_tmp_init, .fini = suite_tmp_fini);

/* Entries of suite_tmp (hidden ones included), so a spill file left behind shows. */
static int entries(void)
{
	DIR *d = opendir(suite_tmp);
	cr_assert_not_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

typedef struct collected {
	warc_buf all;
	size_t calls;
	size_t fail_after;  /* 0 = never fail */
} collected;

static int collect(void *ctx, const void *p, size_t n)
{
	collected *c = ctx;
	c->calls++;
	if (c->fail_after && c->calls >= c->fail_after)
		return WARC_ERR_USAGE;
	return warc_buf_add(&c->all, p, n);
}

/* Byte i of the test stream. */
static unsigned char byte_at(uint64_t i)
{
	return (unsigned char)(i * 31 + i / 251);
}

static void add_pattern(crw_spool *s, uint64_t from, size_t n)
{
	unsigned char *b = malloc(n);
	cr_assert_not_null(b);
	for (size_t i = 0; i < n; i++)
		b[i] = byte_at(from + i);
	warc_error err;
	cr_assert_eq(crw_spool_add(s, b, n, &err), WARC_OK, "%s", err.msg);
	free(b);
}

static void assert_pattern(const warc_buf *b, uint64_t from)
{
	for (size_t i = 0; i < b->len; i++)
		if ((unsigned char)b->data[i] != byte_at(from + i))
			cr_assert_fail("byte %zu differs", (size_t)(from + i));
}

Test(crw_spool, small_streams_stay_in_memory)
{
	crw_spool s;
	crw_spool_init(&s, suite_tmp);
	warc_error err;
	cr_assert_eq(crw_spool_add(&s, "HTTP/1.1 200 OK\r\n\r\n", 19, &err), WARC_OK);
	cr_assert_eq(crw_spool_add(&s, "", 0, &err), WARC_OK, "an empty add is fine");
	cr_assert_eq(crw_spool_add(&s, "body", 4, &err), WARC_OK);
	cr_assert_eq(s.len, 23);
	cr_assert_null(s.file);
	cr_assert_eq(entries(), 0);

	collected c = { .fail_after = 0 };
	warc_buf_init(&c.all, 1024);
	cr_assert_eq(crw_spool_each(&s, 19, collect, &c, &err), WARC_OK);
	cr_assert_str_eq(c.all.data, "body");
	cr_assert_eq(c.calls, 1, "one call from memory");
	warc_buf_reset(&c.all);
	cr_assert_eq(crw_spool_each(&s, 23, collect, &c, &err), WARC_OK, "from the end: nothing");
	cr_assert_eq(c.all.len, 0);

	char head[8];
	cr_assert_eq(crw_spool_peek(&s, head, sizeof head), sizeof head);
	cr_assert(!memcmp(head, "HTTP/1.1", 8));
	char all[64];
	cr_assert_eq(crw_spool_peek(&s, all, sizeof all), 23, "peek gives at most what is there");

	crw_spool_reset(&s);
	cr_assert_eq(s.len, 0);
	cr_assert_eq(crw_spool_add(&s, "again", 5, &err), WARC_OK, "usable after reset");
	cr_assert_eq(crw_spool_peek(&s, head, 5), 5);
	cr_assert(!memcmp(head, "again", 5));
	warc_buf_free(&c.all);
	crw_spool_free(&s);
}

Test(crw_spool, past_the_memory_limit_everything_moves_to_an_unlinked_file)
{
	crw_spool s;
	crw_spool_init(&s, suite_tmp);
	const size_t first = CRAWL_SPOOL_BYTES - 10, second = 300000;
	add_pattern(&s, 0, first);
	cr_assert_null(s.file, "up to the limit: memory");
	add_pattern(&s, first, second);
	cr_assert_not_null(s.file, "past it: a file");
	cr_assert_eq(s.len, first + second);
	cr_assert_eq(entries(), 0, "the spill file is unlinked at once");
	add_pattern(&s, first + second, 1000); /* appends after a spill go to the file */

	collected c = { .fail_after = 0 };
	warc_buf_init(&c.all, 4u << 20);
	warc_error err;
	uint64_t from = 12345;
	cr_assert_eq(crw_spool_each(&s, from, collect, &c, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(c.all.len, first + second + 1000 - from);
	assert_pattern(&c.all, from);
	cr_assert_gt(c.calls, 1, "read back in chunks");

	/* each() leaves the file positioned for more appends */
	add_pattern(&s, s.len, 10);
	unsigned char head[16];
	cr_assert_eq(crw_spool_peek(&s, head, sizeof head), sizeof head);
	for (size_t i = 0; i < sizeof head; i++)
		cr_assert_eq(head[i], byte_at(i));
	warc_buf_reset(&c.all);
	uint64_t tail = s.len - 10;
	cr_assert_eq(crw_spool_each(&s, tail, collect, &c, &err), WARC_OK);
	cr_assert_eq(c.all.len, 10);
	assert_pattern(&c.all, tail);

	crw_spool_reset(&s);
	cr_assert_null(s.file);
	cr_assert_eq(s.len, 0);
	add_pattern(&s, 0, 100);
	cr_assert_null(s.file, "after reset small streams are in memory again");
	warc_buf_free(&c.all);
	crw_spool_free(&s);
	cr_assert_eq(entries(), 0);
}

Test(crw_spool, a_sink_error_stops_the_walk_and_is_returned)
{
	crw_spool s;
	crw_spool_init(&s, suite_tmp);
	add_pattern(&s, 0, CRAWL_SPOOL_BYTES + 200000);
	collected c = { .fail_after = 2 };
	warc_buf_init(&c.all, 4u << 20);
	warc_error err;
	cr_assert_eq(crw_spool_each(&s, 0, collect, &c, &err), WARC_ERR_USAGE);
	cr_assert_eq(c.calls, 2);
	warc_buf_free(&c.all);
	crw_spool_free(&s);
}

Test(crw_spool, an_unusable_directory_fails_the_spill_with_its_name)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/missing", suite_tmp);
	crw_spool s;
	crw_spool_init(&s, dir);
	add_pattern(&s, 0, 1000);
	unsigned char *big = calloc(1, CRAWL_SPOOL_BYTES);
	cr_assert_not_null(big);
	warc_error err = { .msg = "" };
	cr_assert_eq(crw_spool_add(&s, big, CRAWL_SPOOL_BYTES, &err), WARC_ERR_IO);
	cr_assert(strstr(err.msg, "missing/.spool-"), "%s", err.msg);
	cr_assert_eq(s.len, 1000, "the failed add added nothing");
	free(big);
	crw_spool_free(&s);
}
