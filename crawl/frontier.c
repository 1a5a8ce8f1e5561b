/* SPDX-License-Identifier: Apache-2.0 */
/*
 * frontier.c - the crawl state in DIR/state.db (SQLite, WAL): the URL table
 * is both the frontier (state 0) and the seen set (UNIQUE url), with per-URL
 * status, tries and retry time; origins keep robots knowledge and budgets;
 * digests hold payload digests for dedup; seeds the scope's seeds.
 *
 * Design: nothing of the frontier lives in RAM; the engine asks for "the
 * next due URL of origin X" through an index on (origin, state, prio,
 * depth, id), which gives per-host queues in breadth-first order without
 * loading them. The engine keeps one transaction open and commits it in
 * batches after syncing the WARC, so a URL is done only once its records
 * are durable.
 *
 * A page's links are mostly URLs already seen (navigation, shared
 * requisites), and each would cost a probe of the UNIQUE index. So the URLs
 * this process inserted are also kept in a bounded in-memory set consulted
 * first: rows are never deleted, so a hit always means "already a row", the
 * answer SQLite would give. Past FRONTIER_SEEN_BYTES the set stops growing
 * and the rest are answered by SQLite as before.
 */
#include "crawl/internal.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define FRONTIER_SEEN_BYTES (64u << 20)

struct crw_frontier {
	sqlite3 *db;
	sqlite3_stmt *add, *next, *next_robots, *due, *due_robots, *done, *requeue, *dig_get, *dig_put, *line_add,
		*taken, *src_put, *src_done, *dig_resolved, *file_put, *file_get, *find, *warc_put, *warc_get, *mark_put,
		*mark_get;
	warc_strset seen;           /* URLs this process inserted (below) */
	char *last_file;            /* digest_files: the name imported last, and its id */
	int64_t last_file_id;
};

static const char SCHEMA[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=NORMAL;"
	"CREATE TABLE IF NOT EXISTS urls("
	" id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, origin TEXT NOT NULL,"
	" depth INTEGER NOT NULL, hops TEXT NOT NULL, via TEXT, kind INTEGER NOT NULL,"
	" prio INTEGER NOT NULL, state INTEGER NOT NULL, outcome INTEGER NOT NULL DEFAULT 0,"
	" status INTEGER NOT NULL DEFAULT 0, tries INTEGER NOT NULL DEFAULT 0,"
	" not_before INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX IF NOT EXISTS urls_queue ON urls(origin, state, prio, depth, id);"
	"CREATE INDEX IF NOT EXISTS urls_state ON urls(state);"
	"CREATE TABLE IF NOT EXISTS origins("
	" origin TEXT PRIMARY KEY, robots_state INTEGER NOT NULL, robots BLOB);"
	"CREATE TABLE IF NOT EXISTS seeds(url TEXT PRIMARY KEY);"
	"CREATE TABLE IF NOT EXISTS digests("
	" digest TEXT PRIMARY KEY, record_id TEXT, uri TEXT NOT NULL, date TEXT NOT NULL);"
	/* Where an imported digest's record may be (its CDXJ filename and
	 * offset), until the record ID was looked up there once. Tables of
	 * their own so that a state.db of an older wark opens unchanged; keyed
	 * by the digests rowid (state.db is never VACUUMed) and with the file
	 * names apart, so a big index adds ~20 bytes a line, not ~100. */
	"CREATE TABLE IF NOT EXISTS digest_files(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE IF NOT EXISTS digest_sources("
	" digest_row INTEGER PRIMARY KEY, file INTEGER NOT NULL, offset INTEGER NOT NULL);"
	/* How far each WARC file and crawl.log are covered by committed state:
	 * what lies beyond was written by a run that was killed before its
	 * next commit, and is reconciled on --resume (reconcile.c). */
	"CREATE TABLE IF NOT EXISTS warc_files(name TEXT PRIMARY KEY, committed INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS marks(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"CREATE TEMP TABLE lines(line TEXT PRIMARY KEY) WITHOUT ROWID;"
	/* temp.lines is scratch that dies with the connection and is filled
	 * during the whole crawl: no rollback journal (the engine never rolls
	 * back), so its pages are not journalled to a temp file every commit. */
	"PRAGMA temp.journal_mode=OFF;";

static uint64_t count(crw_frontier *f, const char *sql);

static int dberr(crw_frontier *f, warc_error *err, const char *what)
{
	/* A full disk says so in the words every other write uses. */
	bool full = sqlite3_errcode(f->db) == SQLITE_FULL;
	const char *why = full ? strerror(ENOSPC) : sqlite3_errmsg(f->db);
	return warc_fail(err, full ? WARC_ERR_NOSPACE : WARC_ERR_IO, "state.db: %s: %s", what, why);
}

static int prep(crw_frontier *f, sqlite3_stmt **st, const char *sql, warc_error *err)
{
	if (sqlite3_prepare_v3(f->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return dberr(f, err, "prepare");
	return WARC_OK;
}

int crw_frontier_open(crw_frontier **out, const char *dir, warc_error *err)
{
	*out = NULL;
	crw_frontier *f = calloc(1, sizeof *f);
	if (!f)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	warc_strset_init(&f->seen, FRONTIER_SEEN_BYTES);
	char path[4096];
	snprintf(path, sizeof path, "%s/state.db", dir);
	if (sqlite3_open(path, &f->db) != SQLITE_OK) {
		int rc = warc_fail(err, WARC_ERR_IO, "%s: %s", path, f->db ? sqlite3_errmsg(f->db) : "cannot open");
		crw_frontier_close(f);
		return rc;
	}
	sqlite3_busy_timeout(f->db, 5000);
	char *msg = NULL;
	if (sqlite3_exec(f->db, SCHEMA, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(f->db, "UPDATE urls SET state=0 WHERE state=1", NULL, NULL, &msg) != SQLITE_OK) {
		bool full = sqlite3_errcode(f->db) == SQLITE_FULL;
		int rc = warc_fail(err, full ? WARC_ERR_NOSPACE : WARC_ERR_IO, "%s: %s", path,
				   full ? strerror(ENOSPC) : msg ? msg : "schema");
		sqlite3_free(msg);
		crw_frontier_close(f);
		return rc;
	}
	int rc = prep(f, &f->add,
		      "INSERT OR IGNORE INTO urls(url,origin,depth,hops,via,kind,prio,state,outcome,tries)"
		      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)", err);
	if (!rc)
		rc = prep(f, &f->next,
			  "SELECT id,url,depth,hops,via,kind,tries FROM urls WHERE origin=?1 AND state=0"
			  " AND not_before<=?2 ORDER BY prio,depth,id LIMIT 1", err);
	if (!rc)
		rc = prep(f, &f->next_robots,
			  "SELECT id,url,depth,hops,via,kind,tries FROM urls WHERE origin=?1 AND state=0"
			  " AND prio=0 AND not_before<=?2 ORDER BY prio,depth,id LIMIT 1", err);
	if (!rc)
		rc = prep(f, &f->due, "SELECT min(not_before) FROM urls WHERE origin=?1 AND state=0", err);
	if (!rc)
		rc = prep(f, &f->due_robots,
			  "SELECT min(not_before) FROM urls WHERE origin=?1 AND state=0 AND prio=0", err);
	if (!rc)
		rc = prep(f, &f->done, "UPDATE urls SET state=2, outcome=?2, status=?3 WHERE id=?1", err);
	if (!rc)
		rc = prep(f, &f->requeue, "UPDATE urls SET state=0, tries=?2, not_before=?3 WHERE id=?1", err);
	if (!rc)
		rc = prep(f, &f->dig_get,
			  "SELECT d.record_id,d.uri,d.date,f.name,s.offset FROM digests d"
			  " LEFT JOIN digest_sources s ON s.digest_row=d.rowid"
			  " LEFT JOIN digest_files f ON f.id=s.file WHERE d.digest=?1", err);
	if (!rc)
		rc = prep(f, &f->dig_put,
			  "INSERT OR IGNORE INTO digests(digest,record_id,uri,date) VALUES(?1,?2,?3,?4)", err);
	if (!rc)
		rc = prep(f, &f->line_add, "INSERT OR IGNORE INTO temp.lines(line) VALUES(?1)", err);
	if (!rc)
		rc = prep(f, &f->taken, "UPDATE urls SET state=1 WHERE id=?1", err);
	if (!rc)
		rc = prep(f, &f->src_put,
			  "INSERT OR IGNORE INTO digest_sources(digest_row,file,offset) VALUES(?1,?2,?3)", err);
	if (!rc)
		rc = prep(f, &f->src_done,
			  "DELETE FROM digest_sources WHERE digest_row=(SELECT rowid FROM digests WHERE digest=?1)",
			  err);
	if (!rc)
		rc = prep(f, &f->file_put, "INSERT INTO digest_files(name) VALUES(?1)", err);
	if (!rc)
		rc = prep(f, &f->file_get, "SELECT id FROM digest_files WHERE name=?1", err);
	const struct { sqlite3_stmt **st; const char *sql; } resume_stmts[] = {
		{ &f->find, "SELECT id,url,depth,hops,via,kind,tries,origin,state FROM urls WHERE url=?1" },
		{ &f->warc_put, "INSERT INTO warc_files(name,committed) VALUES(?1,?2)"
				" ON CONFLICT(name) DO UPDATE SET committed=max(committed,?2)" },
		{ &f->warc_get, "SELECT committed FROM warc_files WHERE name=?1" },
		{ &f->mark_put, "INSERT INTO marks(key,value) VALUES(?1,?2) ON CONFLICT(key) DO UPDATE SET value=?2" },
		{ &f->mark_get, "SELECT value FROM marks WHERE key=?1" },
	};
	for (size_t i = 0; !rc && i < sizeof resume_stmts / sizeof resume_stmts[0]; i++)
		rc = prep(f, resume_stmts[i].st, resume_stmts[i].sql, err);
	if (!rc)
		rc = prep(f, &f->dig_resolved,
			  "UPDATE digests SET record_id=?2, date=coalesce(?3,date) WHERE digest=?1", err);
	if (rc) {
		crw_frontier_close(f);
		return rc;
	}
	*out = f;
	return WARC_OK;
}

void crw_frontier_close(crw_frontier *f)
{
	if (!f)
		return;
	sqlite3_stmt *all[] = { f->add, f->next, f->next_robots, f->due, f->due_robots, f->done, f->requeue,
				f->dig_get, f->dig_put, f->line_add, f->taken, f->src_put, f->src_done,
				f->dig_resolved, f->file_put, f->file_get, f->find, f->warc_put, f->warc_get,
				f->mark_put, f->mark_get };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	if (f->db) {
		if (!sqlite3_get_autocommit(f->db))
			sqlite3_exec(f->db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(f->db);
	}
	warc_strset_free(&f->seen);
	free(f->last_file);
	free(f);
}

static int exec(crw_frontier *f, const char *sql, warc_error *err)
{
	if (sqlite3_exec(f->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return dberr(f, err, sql);
	return WARC_OK;
}

int crw_frontier_begin(crw_frontier *f, warc_error *err)
{
	return exec(f, "BEGIN", err);
}

int crw_frontier_commit(crw_frontier *f, warc_error *err)
{
	return exec(f, "COMMIT", err);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(crw_frontier *f, sqlite3_stmt *st, warc_error *err, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return dberr(f, err, what);
	return WARC_OK;
}

int crw_frontier_add(crw_frontier *f, const crw_job *j, crw_url_state state, crawl_outcome outcome,
		       bool *added, warc_error *err)
{
	if (warc_strset_has(&f->seen, j->url)) { /* a row already: INSERT OR IGNORE would ignore it */
		*added = false;
		return WARC_OK;
	}
	sqlite3_stmt *st = f->add;
	bind_text(st, 1, j->url);
	bind_text(st, 2, j->origin);
	sqlite3_bind_int(st, 3, j->depth);
	bind_text(st, 4, j->hops ? j->hops : "");
	bind_text(st, 5, j->via);
	sqlite3_bind_int(st, 6, j->kind);
	sqlite3_bind_int(st, 7, j->kind == CRAWL_KIND_ROBOTS ? 0 : 1);
	sqlite3_bind_int(st, 8, state);
	sqlite3_bind_int(st, 9, outcome);
	sqlite3_bind_int(st, 10, (int)j->tries);
	int rc = step_done(f, st, err, "add url");
	if (rc)
		return rc;
	*added = sqlite3_changes(f->db) > 0;
	if (*added && warc_strset_add(&f->seen, j->url)) {
		/* full or out of memory: SQLite answers for this URL */
	}
	return WARC_OK;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

void crw_job_clear(crw_job *j)
{
	free(j->url);
	free(j->origin);
	free(j->hops);
	free(j->via);
	memset(j, 0, sizeof *j);
}

/* id,url,depth,hops,via,kind,tries of the current row into out (copies). */
static void row_job(sqlite3_stmt *st, crw_job *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->url = col_dup(st, 1);
	out->depth = sqlite3_column_int(st, 2);
	out->hops = col_dup(st, 3);
	out->via = col_dup(st, 4);
	out->kind = sqlite3_column_int(st, 5);
	out->tries = (unsigned)sqlite3_column_int(st, 6);
}

int crw_frontier_next(crw_frontier *f, const char *origin, bool robots_only, int64_t now_ms,
			crw_job *out, bool *found, warc_error *err)
{
	sqlite3_stmt *st = robots_only ? f->next_robots : f->next;
	*found = false;
	bind_text(st, 1, origin);
	sqlite3_bind_int64(st, 2, now_ms);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_job(st, out);
		out->origin = strdup(origin);
		*found = true;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(f, err, "next url");
	if (!*found)
		return WARC_OK;
	if (!out->url || !out->hops || !out->origin) {
		crw_job_clear(out);
		*found = false;
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	sqlite3_bind_int64(f->taken, 1, out->id);
	return step_done(f, f->taken, err, "take url");
}

int64_t crw_frontier_next_due(crw_frontier *f, const char *origin, bool robots_only)
{
	sqlite3_stmt *st = robots_only ? f->due_robots : f->due;
	int64_t v = -1;
	bind_text(st, 1, origin);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return v;
}

int crw_frontier_done(crw_frontier *f, int64_t id, crawl_outcome outcome, int status, warc_error *err)
{
	sqlite3_bind_int64(f->done, 1, id);
	sqlite3_bind_int(f->done, 2, outcome);
	sqlite3_bind_int(f->done, 3, status);
	return step_done(f, f->done, err, "mark done");
}

int crw_frontier_requeue(crw_frontier *f, int64_t id, unsigned tries, int64_t not_before, warc_error *err)
{
	sqlite3_bind_int64(f->requeue, 1, id);
	sqlite3_bind_int(f->requeue, 2, (int)tries);
	sqlite3_bind_int64(f->requeue, 3, not_before);
	return step_done(f, f->requeue, err, "requeue");
}

int crw_frontier_origins(crw_frontier *f, crawl_origin_fn fn, void *ctx, warc_error *err)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT u.origin, coalesce(o.robots_state,0), o.robots,"
		 " sum(u.outcome NOT IN (%d,%d)), sum(u.state=0)"
		 " FROM urls u LEFT JOIN origins o ON o.origin=u.origin GROUP BY u.origin",
		 CRAWL_OUT_TRAP, CRAWL_OUT_BUDGET);
	sqlite3_stmt *st;
	int rc = prep(f, &st, sql, err);
	if (rc)
		return rc;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		crw_origin_row row = {
			.origin = (const char *)sqlite3_column_text(st, 0),
			.robots_state = sqlite3_column_int(st, 1),
			.robots_body = sqlite3_column_blob(st, 2),
			.robots_len = (size_t)sqlite3_column_bytes(st, 2),
			.accepted = (uint64_t)sqlite3_column_int64(st, 3),
			.queued = (uint64_t)sqlite3_column_int64(st, 4),
		};
		if ((rc = fn(ctx, &row)))
			break;
	}
	if (!rc && s != SQLITE_DONE)
		rc = dberr(f, err, "origins");
	sqlite3_finalize(st);
	return rc;
}

int crw_frontier_save_origin(crw_frontier *f, const crw_origin_row *row, warc_error *err)
{
	sqlite3_stmt *st;
	int rc = prep(f, &st,
		      "INSERT INTO origins(origin,robots_state,robots) VALUES(?1,?2,?3)"
		      " ON CONFLICT(origin) DO UPDATE SET robots_state=?2, robots=?3",
		      err);
	if (rc)
		return rc;
	bind_text(st, 1, row->origin);
	sqlite3_bind_int(st, 2, row->robots_state);
	if (row->robots_body)
		sqlite3_bind_blob(st, 3, row->robots_body, (int)row->robots_len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 3);
	rc = sqlite3_step(st) == SQLITE_DONE ? WARC_OK : dberr(f, err, "save origin");
	sqlite3_finalize(st);
	return rc;
}

int crw_frontier_seed_stats(crw_frontier *f, uint64_t *total, uint64_t *failed)
{
	char sql[256];
	*total = count(f, "SELECT count(*) FROM seeds");
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM seeds s LEFT JOIN urls u ON u.url=s.url"
		 " WHERE u.outcome IS NULL OR u.outcome NOT IN (%d,%d,%d) OR u.status>=400",
		 CRAWL_OUT_CAPTURED, CRAWL_OUT_REVISIT, CRAWL_OUT_REDIRECT);
	*failed = count(f, sql);
	return WARC_OK;
}

int crw_frontier_add_seed(crw_frontier *f, const char *url, warc_error *err)
{
	sqlite3_stmt *st;
	int rc = prep(f, &st, "INSERT OR IGNORE INTO seeds(url) VALUES(?1)", err);
	if (rc)
		return rc;
	bind_text(st, 1, url);
	rc = sqlite3_step(st) == SQLITE_DONE ? WARC_OK : dberr(f, err, "add seed");
	sqlite3_finalize(st);
	return rc;
}

static int each_text(crw_frontier *f, const char *sql, crawl_str_fn fn, void *ctx, warc_error *err)
{
	sqlite3_stmt *st;
	int rc = prep(f, &st, sql, err);
	if (rc)
		return rc;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = fn(ctx, (const char *)sqlite3_column_text(st, 0))))
			break;
	if (!rc && s != SQLITE_DONE)
		rc = dberr(f, err, sql);
	sqlite3_finalize(st);
	return rc;
}

int crw_frontier_seeds(crw_frontier *f, crawl_str_fn fn, void *ctx, warc_error *err)
{
	return each_text(f, "SELECT url FROM seeds", fn, ctx, err);
}

static uint64_t count(crw_frontier *f, const char *sql)
{
	sqlite3_stmt *st;
	uint64_t n = 0;
	if (sqlite3_prepare_v2(f->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

uint64_t crw_frontier_count_queued(crw_frontier *f)
{
	return count(f, "SELECT count(*) FROM urls WHERE state=0");
}

uint64_t crw_frontier_count_captured(crw_frontier *f, bool pages_only)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM urls WHERE state=2 AND outcome IN (%d,%d,%d)%s",
		 CRAWL_OUT_CAPTURED, CRAWL_OUT_REVISIT, CRAWL_OUT_REDIRECT,
		 pages_only ? " AND kind IN (0,1)" : "");
	return count(f, sql);
}

int crw_frontier_each_queued(crw_frontier *f, int (*fn)(void *ctx, const crw_job *j), void *ctx,
			       warc_error *err)
{
	sqlite3_stmt *st;
	int rc = prep(f, &st, "SELECT id,url,depth,hops,via,kind,tries,origin FROM urls WHERE state=0", err);
	if (rc)
		return rc;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		crw_job j = {
			.id = sqlite3_column_int64(st, 0),
			.url = (char *)sqlite3_column_text(st, 1),
			.depth = sqlite3_column_int(st, 2),
			.hops = (char *)sqlite3_column_text(st, 3),
			.via = (char *)sqlite3_column_text(st, 4),
			.kind = sqlite3_column_int(st, 5),
			.tries = (unsigned)sqlite3_column_int(st, 6),
			.origin = (char *)sqlite3_column_text(st, 7),
		};
		if ((rc = fn(ctx, &j)))
			break;
	}
	if (!rc && s != SQLITE_DONE)
		rc = dberr(f, err, "queued urls");
	sqlite3_finalize(st);
	return rc;
}

int crw_frontier_digest_get(crw_frontier *f, const char *digest, crw_digest_row *out, bool *found,
			      warc_error *err)
{
	sqlite3_stmt *st = f->dig_get;
	*found = false;
	memset(out, 0, sizeof *out);
	bind_text(st, 1, digest);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		snprintf(out->record_id, sizeof out->record_id, "%s", id ? id : "");
		out->uri = col_dup(st, 1);
		const char *d = (const char *)sqlite3_column_text(st, 2);
		snprintf(out->date, sizeof out->date, "%s", d ? d : "");
		out->warc_name = col_dup(st, 3);
		out->warc_offset = (uint64_t)sqlite3_column_int64(st, 4);
		*found = out->uri != NULL;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(f, err, "digest lookup");
	return WARC_OK;
}

int crw_frontier_digest_put(crw_frontier *f, const char *digest, const char *record_id, const char *uri,
			      const char *date, warc_error *err)
{
	sqlite3_stmt *st = f->dig_put;
	bind_text(st, 1, digest);
	bind_text(st, 2, record_id && *record_id ? record_id : NULL);
	bind_text(st, 3, uri);
	bind_text(st, 4, date);
	return step_done(f, st, err, "digest insert");
}

/* The id of a WARC file name in digest_files, added if new. */
static int file_id(crw_frontier *f, const char *name, int64_t *id, warc_error *err)
{
	if (f->last_file && !strcmp(f->last_file, name)) {
		*id = f->last_file_id;
		return WARC_OK;
	}
	bind_text(f->file_get, 1, name);
	int s = sqlite3_step(f->file_get);
	*id = s == SQLITE_ROW ? sqlite3_column_int64(f->file_get, 0) : 0;
	sqlite3_reset(f->file_get);
	sqlite3_clear_bindings(f->file_get);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		return dberr(f, err, "digest file lookup");
	if (s == SQLITE_DONE) {
		bind_text(f->file_put, 1, name);
		int rc = step_done(f, f->file_put, err, "digest file insert");
		if (rc)
			return rc;
		*id = sqlite3_last_insert_rowid(f->db);
	}
	free(f->last_file);
	f->last_file = strdup(name); /* only a cache: NULL is fine */
	f->last_file_id = *id;
	return WARC_OK;
}

int crw_frontier_digest_import(crw_frontier *f, const char *digest, const char *uri, const char *date,
				 const char *warc_name, uint64_t warc_offset, warc_error *err)
{
	int rc = crw_frontier_digest_put(f, digest, NULL, uri, date, err);
	if (rc || !warc_name || warc_offset > INT64_MAX || sqlite3_changes(f->db) != 1)
		return rc; /* a digest known already keeps what it had */
	int64_t row = sqlite3_last_insert_rowid(f->db), file;
	if ((rc = file_id(f, warc_name, &file, err)))
		return rc;
	sqlite3_bind_int64(f->src_put, 1, row);
	sqlite3_bind_int64(f->src_put, 2, file);
	sqlite3_bind_int64(f->src_put, 3, (sqlite3_int64)warc_offset);
	return step_done(f, f->src_put, err, "digest source insert");
}

int crw_frontier_digest_resolved(crw_frontier *f, const char *digest, const char *record_id,
				   const char *date, warc_error *err)
{
	int rc = WARC_OK;
	if (record_id && *record_id) {
		bind_text(f->dig_resolved, 1, digest);
		bind_text(f->dig_resolved, 2, record_id);
		bind_text(f->dig_resolved, 3, date);
		rc = step_done(f, f->dig_resolved, err, "digest update");
	}
	if (!rc) {
		bind_text(f->src_done, 1, digest);
		rc = step_done(f, f->src_done, err, "digest source delete");
	}
	return rc;
}

int crw_frontier_lines_reset(crw_frontier *f, warc_error *err)
{
	return exec(f, "DELETE FROM temp.lines", err);
}

int crw_frontier_lines_add(crw_frontier *f, const char *line, warc_error *err)
{
	bind_text(f->line_add, 1, line);
	return step_done(f, f->line_add, err, "index line");
}

int crw_frontier_lines_each(crw_frontier *f, crawl_str_fn fn, void *ctx, warc_error *err)
{
	/* TEXT PRIMARY KEY uses BINARY collation: memcmp order, as LC_ALL=C sort. */
	return each_text(f, "SELECT line FROM temp.lines ORDER BY line", fn, ctx, err);
}

int crw_frontier_find(crw_frontier *f, const char *url, crw_job *out, crw_url_state *state, bool *found,
			warc_error *err)
{
	sqlite3_stmt *st = f->find;
	*found = false;
	memset(out, 0, sizeof *out);
	bind_text(st, 1, url);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_job(st, out);
		out->origin = col_dup(st, 7);
		*state = sqlite3_column_int(st, 8);
		*found = true;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(f, err, "find url");
	if (*found && (!out->url || !out->hops || !out->origin)) {
		crw_job_clear(out);
		*found = false;
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	return WARC_OK;
}

int crw_frontier_warc_put(crw_frontier *f, const char *name, uint64_t committed, warc_error *err)
{
	bind_text(f->warc_put, 1, name);
	sqlite3_bind_int64(f->warc_put, 2, (sqlite3_int64)committed);
	return step_done(f, f->warc_put, err, "warc file");
}

/* One integer column of a one-text-parameter query, or -1 when no row. */
static int64_t get_int(sqlite3_stmt *st, const char *key)
{
	int64_t v = -1;
	bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return v;
}

int64_t crw_frontier_warc_get(crw_frontier *f, const char *name)
{
	return get_int(f->warc_get, name);
}

int crw_frontier_mark_put(crw_frontier *f, const char *key, int64_t value, warc_error *err)
{
	bind_text(f->mark_put, 1, key);
	sqlite3_bind_int64(f->mark_put, 2, value);
	return step_done(f, f->mark_put, err, "mark");
}

int64_t crw_frontier_mark_get(crw_frontier *f, const char *key)
{
	return get_int(f->mark_get, key);
}
