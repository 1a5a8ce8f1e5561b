/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dedupref.c - the record ID of a --dedup-index entry, for the
 * WARC-Refers-To of a revisit against it.
 *
 * A CDXJ line names the WARC file and offset of its record, not the
 * record's ID. When a payload of this crawl matches such an entry, the
 * WARC header at that offset is read (the header only, at match time, once
 * per entry: the outcome is kept in state.db) and trusted only if it is
 * the response or resource record of the entry's URL and date, with the
 * matching payload digest when it has one. The file name is relative: it
 * is looked for beside the CDXJ file, in warc/ beside it (a crawl
 * directory: DIR/index.cdxj and DIR/warc/), then in --dedup-warcs DIR.
 * Each try opens the file, reads one header and closes it: at most
 * DEDUPREF_CANDIDATES opens per entry, no descriptor kept. Whatever does not
 * fit leaves the revisit without WARC-Refers-To (Refers-To-Target-URI and
 * -Date still name the original): finding it is a nicety that never fails
 * the crawl.
 */
#include "crawl/internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DEDUPREF_CANDIDATES 3
#define DEDUPREF_PATH_MAX 4096

/* Two labelled digests with the same algorithm and bytes (any encoding). */
static bool same_digest(const char *a, const char *b)
{
	warc_digest_alg alg_a, alg_b;
	unsigned char raw_a[64], raw_b[64];
	size_t len_a, len_b;
	if (warc_digest_parse(a, &alg_a, raw_a, &len_a) || warc_digest_parse(b, &alg_b, raw_b, &len_b))
		return false;
	return alg_a == alg_b && len_a == len_b && !memcmp(raw_a, raw_b, len_a);
}

/* Two WARC-Dates within the same second (a CDXJ keeps 14 digits). */
static bool same_second(const char *a, const char *b)
{
	char ts_a[15], ts_b[15];
	return !warc_date_to_ts14(a, ts_a) && !warc_date_to_ts14(b, ts_b) && !strcmp(ts_a, ts_b);
}

static bool is_original(const warc_record *rec, const crw_digest_row *row, const char *digest)
{
	const char *type = warc_record_type(rec);
	const char *uri = warc_record_target_uri(rec);
	const char *id = warc_record_id(rec);
	const char *date = warc_record_date(rec);
	const char *payload = warc_headers_get(warc_record_headers(rec), "WARC-Payload-Digest");
	return warc_record_offset(rec) == row->warc_offset && (!strcmp(type, "response") || !strcmp(type, "resource")) &&
	       uri && !strcmp(uri, row->uri) && id && *id && strlen(id) < WARC_ID_MAX && date &&
	       strlen(date) < WARC_DATE_MAX && same_second(date, row->date) &&
	       (!payload || same_digest(payload, digest));
}

/* The record at row's offset of path, if it is the original: its ID and date. */
static bool read_original(const char *path, const crw_digest_row *row, const char *digest,
			  char id[WARC_ID_MAX], char date[WARC_DATE_MAX])
{
	if (row->warc_offset > INT64_MAX)
		return false;
	FILE *in = fopen(path, "rb");
	if (!in)
		return false;
	bool found = false;
	warc_reader *r = NULL;
	warc_record *rec = NULL;
	warc_error err;
	if (fseeko(in, (off_t)row->warc_offset, SEEK_SET) == 0 &&
	    warc_reader_open_stream(&r, in, path, &err) == WARC_OK && warc_reader_next(r, &rec, &err) == WARC_OK &&
	    is_original(rec, row, digest)) {
		snprintf(id, WARC_ID_MAX, "%s", warc_record_id(rec));
		snprintf(date, WARC_DATE_MAX, "%s", warc_record_date(rec));
		found = true;
	}
	warc_reader_close(r);
	fclose(in);
	return found;
}

/* Where name may be, in order; returns how many paths were made. */
static size_t candidates(const crawl_config *cfg, const char *name, char out[][DEDUPREF_PATH_MAX])
{
	size_t n = 0;
	if (name[0] == '/') {
		snprintf(out[n++], DEDUPREF_PATH_MAX, "%s", name);
		return n;
	}
	if (cfg->dedup_index) {
		const char *slash = strrchr(cfg->dedup_index, '/');
		const char *dir = slash ? cfg->dedup_index : ".";
		int dir_len = slash ? (int)(slash - cfg->dedup_index) : 1; /* "/x.cdxj": "" then "/NAME" */
		int len = snprintf(out[n], DEDUPREF_PATH_MAX, "%.*s/%s", dir_len, dir, name);
		if (len > 0 && len < DEDUPREF_PATH_MAX)
			n++;
		len = snprintf(out[n], DEDUPREF_PATH_MAX, "%.*s/warc/%s", dir_len, dir, name);
		if (len > 0 && len < DEDUPREF_PATH_MAX)
			n++;
	}
	if (cfg->dedup_warcs) {
		int len = snprintf(out[n], DEDUPREF_PATH_MAX, "%s/%s", cfg->dedup_warcs, name);
		if (len > 0 && len < DEDUPREF_PATH_MAX)
			n++;
	}
	return n;
}

int crw_dedup_resolve(const crawl_config *cfg, crw_frontier *f, const char *digest, crw_digest_row *row,
			warc_error *err)
{
	if (!row->warc_name || row->record_id[0] || !row->uri)
		return WARC_OK;
	char paths[DEDUPREF_CANDIDATES][DEDUPREF_PATH_MAX];
	char id[WARC_ID_MAX], date[WARC_DATE_MAX];
	bool found = false;
	size_t n = candidates(cfg, row->warc_name, paths);
	for (size_t i = 0; i < n && !found; i++)
		found = read_original(paths[i], row, digest, id, date);
	if (found) {
		snprintf(row->record_id, sizeof row->record_id, "%s", id);
		snprintf(row->date, sizeof row->date, "%s", date);
	}
	return crw_frontier_digest_resolved(f, digest, found ? id : NULL, found ? date : NULL, err);
}
