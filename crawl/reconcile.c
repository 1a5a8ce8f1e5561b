/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reconcile.c - on --resume, the WARC files are the truth: captures a
 * killed run wrote after its last commit are taken as done instead of
 * being fetched again.
 *
 * Design: every capture records, in the same transaction as its done mark,
 * how far its WARC file is accounted for (warc_files in state.db), and
 * every commit how far crawl.log is (marks). After the .open repair, the
 * bytes beyond those offsets (and whole files the state never saw) are read
 * in file-name order; each complete capture there (a response or revisit
 * followed by the metadata record naming it) whose URL is still queued is
 * replayed through crw_replay(): the same done mark, log line, dedup
 * digest, robots knowledge, redirect and links as when it was fetched. The
 * links are derived again from the stored response (for a revisit, whose
 * payload is not stored, from its metadata outlinks). crawl.log is cut back
 * first, so the lines of the lost batch are written once. A capture cut
 * by the kill (no metadata record yet) is fetched again, as are the
 * fetches that were in flight: nothing else repeats.
 */
#include "crawl/internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RECONCILE_META_MAX (WARC_LIMIT_HEADER + (16u << 20))  /* a metadata block with its outlinks */

/* A response or revisit waiting for its metadata record. */
typedef struct pending {
	crw_fetch *f;            /* NULL when none */
	char id[WARC_ID_MAX];
	char digest[WARC_DIGEST_STR_MAX];
	char date[WARC_DATE_MAX];
	char *uri;
	bool revisit;
	const char *truncated;
} pending;

static void pending_clear(pending *p)
{
	crw_fetch_free(p->f);
	free(p->uri);
	memset(p, 0, sizeof *p);
}

static const char *truncated_token(const char *v)
{
	static const char *const known[] = { "length", "time", "disconnect" };
	for (size_t i = 0; v && i < sizeof known / sizeof known[0]; i++)
		if (!strcmp(v, known[i]))
			return known[i];
	return v ? "length" : NULL;
}

static const char *field(const warc_record *rec, const char *name)
{
	const char *v = warc_headers_get(warc_record_headers(rec), name);
	return v ? v : "";
}

/* The block of rec into the spool (response) or buffer (metadata). */
static int read_block(warc_record *rec, crw_spool *spool, warc_buf *buf, warc_error *err)
{
	char chunk[16384];
	ssize_t n;
	while ((n = warc_record_read(rec, chunk, sizeof chunk, err)) > 0) {
		int rc = spool ? crw_spool_add(spool, chunk, (size_t)n, err)
			       : warc_buf_add(buf, chunk, (size_t)n) ? warc_fail(err, WARC_ERR_TOOBIG, "metadata too large")
								    : WARC_OK;
		if (rc)
			return rc;
	}
	return n < 0 ? (int)n : WARC_OK;
}

static int start_pending(engine *e, pending *p, warc_record *rec, warc_error *err)
{
	pending_clear(p);
	p->f = crw_fetch_new(e->cfg->dir);
	p->uri = strdup(warc_record_target_uri(rec) ? warc_record_target_uri(rec) : "");
	if (!p->f || !p->uri)
		return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
	p->revisit = !strcmp(warc_record_type(rec), "revisit");
	snprintf(p->id, sizeof p->id, "%s", warc_record_id(rec) ? warc_record_id(rec) : "");
	snprintf(p->digest, sizeof p->digest, "%s", field(rec, "WARC-Payload-Digest"));
	snprintf(p->date, sizeof p->date, "%s", warc_record_date(rec) ? warc_record_date(rec) : "");
	p->truncated = p->revisit ? NULL : truncated_token(warc_headers_get(warc_record_headers(rec), "WARC-Truncated"));
	snprintf(p->f->ip, sizeof p->f->ip, "%s", field(rec, "WARC-IP-Address"));
	return read_block(rec, &p->f->response, NULL, err);
}

/* Head length and status of the stored response; false when it does not parse. */
static bool parse_head(crw_fetch *f)
{
	size_t want = f->response.len < WARC_LIMIT_HEADER ? (size_t)f->response.len : WARC_LIMIT_HEADER;
	char *head = malloc(want ? want : 1);
	if (!head)
		return false;
	size_t got = crw_spool_peek(&f->response, head, want);
	warc_http *http = NULL;
	size_t used = 0;
	warc_error perr;
	bool ok = !warc_http_parse(head, got, &http, &used, &perr) && warc_http_is_response(http);
	if (ok) {
		f->head_len = used;
		f->body_len = f->response.len - used;
		f->status = warc_http_status(http);
	}
	if (http)
		warc_http_free(http);
	free(head);
	return ok;
}

/* The capture in p is complete (meta is its metadata block): replay it if its URL is still queued. */
static int replay(engine *e, pending *p, const char *meta)
{
	crw_job job;
	crw_url_state state;
	bool found;
	int rc = crw_frontier_find(e->fr, p->uri, &job, &state, &found, e->err);
	if (rc || !found)
		return rc;
	crw_fetch *f = p->f;
	/* A revisit of a robots.txt or sitemap lacks the body they are read
	 * for; those, URLs done already and heads that do not parse are left
	 * to the fetch. */
	bool needs_body = job.kind == CRAWL_KIND_ROBOTS || job.kind == CRAWL_KIND_SITEMAP;
	if (state != CRAWL_ST_QUEUED || (p->revisit && needs_body) || !parse_head(f) ||
	    warc_parse_date(p->date, &f->started)) {
		crw_job_clear(&job);
		return WARC_OK;
	}
	crw_origin *o;
	if ((rc = crw_origin_get(e, job.origin, &job, &o))) {
		crw_job_clear(&job);
		return rc;
	}
	f->job = job;
	f->origin = o;
	f->truncated = p->truncated;
	f->started_ms = (int64_t)f->started.tv_sec * 1000 + f->started.tv_nsec / 1000000;
	const char *ms = strstr(meta, "fetchTimeMs: ");
	f->duration_ms = ms ? strtol(ms + 13, NULL, 10) : -1;
	if (o->queued) {
		o->queued--;
		e->queued--;
	}
	crw_response r;
	rc = crw_response_open(e, f, &r);
	if (!rc) {
		crw_replayed rp = { .revisit = p->revisit, .record_id = p->id,
				       .payload_digest = p->digest[0] ? p->digest : NULL, .metadata = meta };
		rc = crw_replay(e, f, &r, &rp);
	}
	crw_response_close(&r);
	return rc;
}

/* Read one file from offset, replaying the complete captures; p carries
 * a response whose metadata may be in the next file. */
static int reconcile_file(engine *e, const char *name, uint64_t from, pending *p)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", e->warc_dir, name);
	FILE *in = fopen(path, "rb");
	if (!in)
		return WARC_OK; /* nothing to read: its captures are fetched again */
	warc_reader *rd = NULL;
	warc_error rerr;
	int rc = WARC_OK;
	if (fseeko(in, (off_t)from, SEEK_SET) || warc_reader_open_stream(&rd, in, path, &rerr)) {
		fclose(in);
		return WARC_OK;
	}
	warc_buf meta;
	warc_buf_init(&meta, RECONCILE_META_MAX);
	warc_record *rec;
	while (!rc && warc_reader_next(rd, &rec, &rerr) == WARC_OK) {
		const char *type = warc_record_type(rec);
		if (!strcmp(type, "response") || !strcmp(type, "revisit")) {
			if (start_pending(e, p, rec, &rerr))
				pending_clear(p); /* unreadable: fetched again */
			continue;
		}
		if (strcmp(type, "metadata") || !p->f || strcmp(field(rec, "WARC-Concurrent-To"), p->id))
			continue;
		warc_buf_reset(&meta);
		if (read_block(rec, NULL, &meta, &rerr) == WARC_OK && meta.data)
			rc = replay(e, p, meta.data);
		pending_clear(p);
	}
	warc_buf_free(&meta);
	warc_reader_close(rd);
	struct stat st;
	if (!rc && fstat(fileno(in), &st) == 0) /* accounted for from now on */
		rc = crw_frontier_warc_put(e->fr, name, (uint64_t)st.st_size, e->err);
	fclose(in);
	return rc;
}

/* The base name of a path from warc_dir_warcs. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int crw_reconcile(engine *e)
{
	/* A state.db of a wark before this (no commit ever noted crawl.log)
	 * accounts for no file: reading every WARC again would cost more than
	 * the batch it saves. */
	if (crw_frontier_mark_get(e->fr, "log") < 0)
		return WARC_OK;
	/* the WARCs the crawl writes (NAME.warc.gz), sorted bytewise */
	warc_paths all = { 0 };
	int rc = warc_dir_warcs(e->warc_dir, &all, e->err);
	size_t n = 0;
	for (size_t i = 0; i < all.n; i++)
		if (warc_ends_with(all.v[i], ".warc.gz"))
			all.v[n++] = all.v[i];
		else
			free(all.v[i]);
	all.n = n;
	char **names = all.v;
	/* the files the state knows first (one may have a tail), then the new ones */
	pending p = { .f = NULL };
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < n && !rc; i++) {
			const char *name = base_name(names[i]);
			int64_t committed = crw_frontier_warc_get(e->fr, name);
			if ((pass == 0) != (committed >= 0))
				continue;
			struct stat st;
			if (stat(names[i], &st) || (committed >= 0 && (uint64_t)st.st_size <= (uint64_t)committed))
				continue;
			rc = reconcile_file(e, name, committed > 0 ? (uint64_t)committed : 0, &p);
		}
	pending_clear(&p);
	warc_paths_free(&all);
	return rc;
}
