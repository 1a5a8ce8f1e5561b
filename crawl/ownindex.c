/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ownindex.c - the CDXJ lines of this run's captures, made as they are
 * written instead of by reading the WARC files back at the end.
 *
 * Design: after each capture, warc_index_written() gives the entry that
 * warc_index_file() would give its response or revisit record (the same
 * code, fed what was written), and the line goes into the sorted,
 * de-duplicated temp.lines table at once. Requests, metadata and warcinfo
 * are never indexed, so a file whose every capture got its line needs no
 * reading back. Whatever goes wrong on this path (a line too long, the
 * table) only marks the file to be read
 * back by write_index, which then fails or succeeds exactly as it would
 * have; lines already added merge as duplicates. temp.lines dies with the
 * process, so files of a killed run are read back on --resume.
 */
#include "crawl/internal.h"

#include <stdlib.h>
#include <string.h>

static struct engine_own_file *own_file(engine *e, const char *name)
{
	for (size_t i = e->nown; i-- > 0;)
		if (!strcmp(e->own[i].name, name))
			return &e->own[i];
	if (e->nown == e->capown) {
		size_t cap = e->capown ? e->capown * 2 : 8;
		struct engine_own_file *n = realloc(e->own, cap * sizeof *n);
		if (!n)
			return NULL;
		e->own = n;
		e->capown = cap;
	}
	struct engine_own_file *o = &e->own[e->nown++];
	snprintf(o->name, sizeof o->name, "%s", name);
	/* a name cut short could match another file: never trust it */
	o->covered = strlen(name) < sizeof o->name;
	return o;
}

int crw_index_add(void *ctx, const warc_index_entry *ie)
{
	engine *e = ctx;
	warc_buf_reset(&e->line);
	if (warc_cdxj_line(ie, &e->line))
		return warc_fail(e->err, WARC_ERR_TOOBIG, "index line too long for %s", ie->url);
	return crw_frontier_lines_add(e->fr, e->line.data, e->err);
}

static int add_quietly(void *ctx, const warc_index_entry *ie)
{
	engine *e = ctx;
	warc_error *keep = e->err, scratch;
	e->err = &scratch; /* a failure here only means "read the file back" */
	int rc = crw_index_add(e, ie);
	e->err = keep;
	return rc;
}

void crw_index_capture(engine *e, crw_fetch *f, const crw_capture_result *res, bool revisit)
{
	struct engine_own_file *o = own_file(e, res->response.filename);
	if (!o) {
		/* no room to remember the file: forget them all, all are read back */
		e->nown = 0;
		free(e->own);
		e->own = NULL;
		e->capown = 0;
		e->own_overflow = true;
		return;
	}
	if (!o->covered)
		return;
	warc_error err;
	if (crw_capture_index(f, res, revisit, add_quietly, e, &err))
		o->covered = false;
}

bool crw_index_needs_read(const engine *e, const char *name)
{
	if (e->own_overflow)
		return true;
	for (size_t i = 0; i < e->nown; i++)
		if (!strcmp(e->own[i].name, name))
			return !e->own[i].covered;
	return true;
}
