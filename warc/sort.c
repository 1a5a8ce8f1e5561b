/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sort.c - a bounded external sort of text lines, bytewise (the order of
 * `LC_ALL=C sort`).
 *
 * Lines are held until they take the memory limit, then sorted (qsort) and
 * written as a run to an unlinked temporary file (warc_tmpfile). At the end
 * the runs are merged with a binary heap, k at a time: when more than
 * WARC_SORT_FANIN_MAX runs exist they are first merged into one, so the
 * open files stay bounded too. Without a spill nothing touches the disk.
 * Memory is the limit plus one line buffer per open run.
 */
#include "warc/warc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct warc_sort {
	const char *dir;
	size_t mem_limit, mem;
	char **lines;          /* the run in memory; each "line" NUL-terminated */
	size_t n, cap;
	FILE **runs;
	size_t nruns;
};

/* A run being merged: its current line (without '\n'). */
typedef struct head {
	FILE *f;
	char *line;
	size_t cap;
	size_t len;
} head;

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : al < bl ? -1 : al > bl;
}

int warc_sort_new(warc_sort **out, const char *tmpdir, size_t mem_limit, warc_error *err)
{
	warc_sort *s = calloc(1, sizeof *s);
	if (!s)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	s->dir = tmpdir;
	s->mem_limit = mem_limit ? mem_limit : WARC_SORT_MEM_MAX;
	*out = s;
	return WARC_OK;
}

static void free_lines(warc_sort *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->lines[i]);
	s->n = 0;
	s->mem = 0;
}

static int write_line(FILE *f, const char *line, size_t len, warc_error *err)
{
	if (fwrite(line, 1, len, f) != len || putc('\n', f) == EOF)
		return warc_fail(err, WARC_ERR_IO, "temporary file: %s", strerror(errno));
	return WARC_OK;
}

static int add_run(warc_sort *s, FILE *f, warc_error *err)
{
	if (fflush(f) || fseeko(f, 0, SEEK_SET)) {
		fclose(f);
		return warc_fail(err, WARC_ERR_IO, "temporary file: %s", strerror(errno));
	}
	FILE **p = realloc(s->runs, (s->nruns + 1) * sizeof *p);
	if (!p) {
		fclose(f);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	s->runs = p;
	s->runs[s->nruns++] = f;
	return WARC_OK;
}

static int merge(warc_sort *s, warc_line_fn fn, void *ctx, warc_error *err);

static int to_file(void *ctx, const char *line, size_t len)
{
	return fwrite(line, 1, len, ctx) == len && putc('\n', ctx) != EOF ? WARC_OK : WARC_ERR_IO;
}

/* Merge every run into one (keeps the open files under WARC_SORT_FANIN_MAX). */
static int collapse_runs(warc_sort *s, warc_error *err)
{
	FILE *f;
	int rc = warc_tmpfile(s->dir, &f, err);
	if (rc)
		return rc;
	rc = merge(s, to_file, f, err);
	if (rc) {
		fclose(f);
		return rc == WARC_ERR_IO ? warc_fail(err, rc, "temporary file: %s", strerror(errno)) : rc;
	}
	return add_run(s, f, err);
}

/* Sort the lines in memory and write them as a run. */
static int spill(warc_sort *s, warc_error *err)
{
	if (s->nruns >= WARC_SORT_FANIN_MAX) {
		int rc = collapse_runs(s, err);
		if (rc)
			return rc;
	}
	if (s->n)
		qsort(s->lines, s->n, sizeof *s->lines, warc_cmp_str);
	FILE *f;
	int rc = warc_tmpfile(s->dir, &f, err);
	for (size_t i = 0; !rc && i < s->n; i++)
		rc = write_line(f, s->lines[i], strlen(s->lines[i]), err);
	if (rc) {
		if (f)
			fclose(f);
		return rc;
	}
	free_lines(s);
	return add_run(s, f, err);
}

int warc_sort_add(warc_sort *s, const char *line, size_t len, warc_error *err)
{
	if (memchr(line, '\n', len) || memchr(line, '\0', len))
		return warc_fail(err, WARC_ERR_USAGE, "a sorted line may hold no newline or NUL");
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		char **v = realloc(s->lines, cap * sizeof *v);
		if (!v)
			return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		s->lines = v;
		s->cap = cap;
	}
	char *copy = strndup(line, len);
	if (!copy)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	s->lines[s->n++] = copy;
	s->mem += len + 1 + sizeof(char *);
	return s->mem >= s->mem_limit ? spill(s, err) : WARC_OK;
}

/* Read the next line of a run into h; false at its end. */
static bool next_line(head *h)
{
	ssize_t n = getline(&h->line, &h->cap, h->f);
	if (n <= 0)
		return false;
	h->len = (size_t)n;
	if (h->line[h->len - 1] == '\n')
		h->line[--h->len] = '\0';
	return true;
}

static bool head_less(const head *a, const head *b)
{
	return cmp_bytes(a->line, a->len, b->line, b->len) < 0;
}

/* Restore the min-heap of k heads below position i. */
static void sift_down(head *hp, size_t k, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < k && head_less(&hp[l], &hp[m]))
			m = l;
		if (l + 1 < k && head_less(&hp[l + 1], &hp[m]))
			m = l + 1;
		if (m == i)
			return;
		head t = hp[i];
		hp[i] = hp[m];
		hp[m] = t;
		i = m;
	}
}

/* k-way merge of every run (which are closed) into fn. */
static int merge(warc_sort *s, warc_line_fn fn, void *ctx, warc_error *err)
{
	head *hp = calloc(s->nruns ? s->nruns : 1, sizeof *hp);
	if (!hp)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < s->nruns; i++) {
		hp[k].f = s->runs[i];
		if (next_line(&hp[k]))
			k++;
		else
			free(hp[k].line), fclose(hp[k].f), memset(&hp[k], 0, sizeof hp[k]);
	}
	for (size_t i = k; i-- > 0;)
		sift_down(hp, k, i);
	int rc = WARC_OK;
	while (k && !rc) {
		rc = fn(ctx, hp[0].line, hp[0].len);
		if (!next_line(&hp[0])) {
			free(hp[0].line);
			fclose(hp[0].f);
			hp[0] = hp[--k];
		}
		sift_down(hp, k, 0);
	}
	for (size_t i = 0; i < k; i++) {
		free(hp[i].line);
		fclose(hp[i].f);
	}
	free(hp);
	s->nruns = 0;
	return rc;
}

int warc_sort_each(warc_sort *s, warc_line_fn fn, void *ctx, warc_error *err)
{
	if (!s->nruns) {
		if (s->n)   /* qsort(NULL, 0, ...) is undefined */
			qsort(s->lines, s->n, sizeof *s->lines, warc_cmp_str);
		int rc = WARC_OK;
		for (size_t i = 0; !rc && i < s->n; i++)
			rc = fn(ctx, s->lines[i], strlen(s->lines[i]));
		free_lines(s);
		return rc;
	}
	int rc = s->n ? spill(s, err) : WARC_OK;
	return rc ? rc : merge(s, fn, ctx, err);
}

size_t warc_sort_runs(const warc_sort *s)
{
	return s->nruns;
}

void warc_sort_free(warc_sort *s)
{
	if (!s)
		return;
	free_lines(s);
	free(s->lines);
	for (size_t i = 0; i < s->nruns; i++)
		fclose(s->runs[i]);
	free(s->runs);
	free(s);
}
