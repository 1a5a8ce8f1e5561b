/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sort.c - the bounded external sort (warc/sort.c) and its temporary
 * files (warc/tmpfile.c): the same bytewise order in memory, with spilled
 * runs, and with more runs than are merged at once.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "warc/warc.h"

struct got {
	warc_buf all;
};

static int collect(void *ctx, const char *line, size_t len)
{
	struct got *g = ctx;
	cr_assert_eq(strlen(line), len);
	return warc_buf_add(&g->all, line, len) || warc_buf_add(&g->all, "\n", 1) ? WARC_ERR_TOOBIG : WARC_OK;
}

/* Sort n pseudo-random lines with mem_limit; returns the output, checks runs. */
static char *sort_lines(size_t n, size_t mem_limit, size_t *runs)
{
	warc_sort *s;
	warc_error err;
	cr_assert_eq(warc_sort_new(&s, NULL, mem_limit, &err), WARC_OK);
	unsigned x = 12345;
	for (size_t i = 0; i < n; i++) {
		char line[64];
		x = x * 1103515245u + 12345u;
		int len = snprintf(line, sizeof line, "k%u %s%zu", x % 997, (x >> 8) % 3 ? "\xc3\xa9" : "a", i % 50);
		cr_assert_eq(warc_sort_add(s, line, (size_t)len, &err), WARC_OK, "%s", err.msg);
	}
	*runs = warc_sort_runs(s);
	struct got g;
	warc_buf_init(&g.all, 64u << 20);
	cr_assert_eq(warc_sort_each(s, collect, &g, &err), WARC_OK, "%s", err.msg);
	warc_sort_free(s);
	return g.all.data ? g.all.data : strdup("");
}

Test(sort, runs_on_disk_give_the_same_order_as_memory)
{
	size_t r0, r1, r2;
	char *mem = sort_lines(20000, 0, &r0);
	char *disk = sort_lines(20000, 4096, &r1);         /* hundreds of runs: merged in passes */
	char *few = sort_lines(20000, 64u << 10, &r2);
	cr_assert_eq(r0, 0);
	cr_assert_gt(r1, 0);
	cr_assert_gt(r2, 1);
	cr_assert_str_eq(mem, disk);
	cr_assert_str_eq(mem, few);
	/* bytewise: each line is >= the one before */
	char *prev = NULL;
	size_t lines = 0;
	for (char *p = mem, *nl; (nl = strchr(p, '\n')); p = nl + 1, lines++) {
		*nl = '\0';
		if (prev)
			cr_assert_leq(strcmp(prev, p), 0, "%s > %s", prev, p);
		prev = p;
	}
	cr_assert_eq(lines, 20000);
	free(mem);
	free(disk);
	free(few);
}

Test(sort, prefix_sorts_first_and_bad_lines_are_refused)
{
	warc_sort *s;
	warc_error err;
	cr_assert_eq(warc_sort_new(&s, NULL, 0, &err), WARC_OK);
	cr_assert_eq(warc_sort_add(s, "ab c", 4, &err), WARC_OK);
	cr_assert_eq(warc_sort_add(s, "ab", 2, &err), WARC_OK);
	cr_assert_eq(warc_sort_add(s, "ab", 2, &err), WARC_OK);
	cr_assert_eq(warc_sort_add(s, "a\nb", 3, &err), WARC_ERR_USAGE);
	struct got g;
	warc_buf_init(&g.all, 1024);
	cr_assert_eq(warc_sort_each(s, collect, &g, &err), WARC_OK);
	cr_assert_str_eq(g.all.data, "ab\nab\nab c\n");
	warc_buf_free(&g.all);
	warc_sort_free(s);
}

Test(sort, tmpfile_is_unlinked_and_bad_dir_fails)
{
	FILE *f;
	warc_error err;
	cr_assert_eq(warc_tmpfile(NULL, &f, &err), WARC_OK);
	cr_assert_eq(fputs("x", f) >= 0, true);
	fclose(f);
	cr_assert_eq(warc_tmpfile("/nonexistent/dir", &f, &err), WARC_ERR_IO);
	cr_assert(strstr(err.msg, "/nonexistent/dir"), "%s", err.msg);
}
