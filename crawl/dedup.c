/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dedup.c - import the payload digests of an earlier crawl's CDXJ index
 * (--dedup-index) into the frontier's digest table, so the engine writes
 * revisit records for payloads captured before. The table is the one the
 * engine fills with this crawl's own captures: one lookup path for both.
 *
 * A CDXJ line is "SURT TS14 {json}"; the JSON's "digest" (with or without
 * the "sha1:" label, warcio.js drops it), "url" and the timestamp are kept.
 * Revisit and empty-payload entries are skipped. The index carries no
 * record ID: its "filename" and "offset" are kept instead, and when a
 * payload matches, dedupref.c reads the record ID from that WARC (once per
 * entry, only then), so that the revisit gets WARC-Refers-To. Without them,
 * or when that WARC is not found or holds another record there, the
 * revisit has only Refers-To-Target-URI and -Date (enough for replay).
 * Everything lives in state.db: a big index costs disk, not memory.
 */
#include "crawl/internal.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define EMPTY_SHA1 "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"

/* The line's 14 digits as a WARC-Date, if they are a real date and time
 * (it becomes WARC-Refers-To-Date: "20251301..." must not). */
static bool ts14_to_date(const char *ts, char out[WARC_DATE_MAX])
{
	for (int i = 0; i < 14; i++)
		if (ts[i] < '0' || ts[i] > '9')
			return false;
	snprintf(out, WARC_DATE_MAX, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", ts, ts + 4, ts + 6, ts + 8, ts + 10,
		 ts + 12);
	struct timespec t;
	return warc_parse_date(out, &t) == WARC_OK;
}

/* "offset" as a JSON number or a decimal string (both are seen in CDXJ). */
static bool offset_value(const json_t *v, uint64_t *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
		return true;
	}
	const char *s = json_string_value(v);
	if (!s || *s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*out = n;
	return true;
}

int crw_dedup_line(const char *line, size_t len, crawl_dedup_fn fn, void *ctx)
{
	const char *end = line + len;
	const char *sp1 = memchr(line, ' ', len);
	const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1)) : NULL;
	crw_dedup_entry en;
	if (!sp2 || sp2 - sp1 - 1 < 14 || !ts14_to_date(sp1 + 1, en.date))
		return WARC_OK;
	json_t *j = json_loadb(sp2 + 1, (size_t)(end - sp2 - 1), 0, NULL);
	if (!j)
		return WARC_OK;
	const char *digest = json_string_value(json_object_get(j, "digest"));
	const char *mime = json_string_value(json_object_get(j, "mime"));
	en.url = json_string_value(json_object_get(j, "url"));
	en.warc_name = json_string_value(json_object_get(j, "filename"));
	en.offset = 0;
	if (en.warc_name && (!*en.warc_name || !offset_value(json_object_get(j, "offset"), &en.offset)))
		en.warc_name = NULL;
	int rc = WARC_OK;
	if (digest && en.url && *digest && !(mime && !strcmp(mime, "warc/revisit")) &&
	    strlen(digest) < WARC_DIGEST_STR_MAX) {
		snprintf(en.digest, sizeof en.digest, "%s%s", strchr(digest, ':') ? "" : "sha1:", digest);
		if (strcmp(en.digest, EMPTY_SHA1))
			rc = fn(ctx, &en);
	}
	json_decref(j);
	return rc;
}

struct import_ctx {
	crw_frontier *f;
	uint64_t *loaded;
	warc_error *err;
};

static int import_one(void *ctx, const crw_dedup_entry *en)
{
	struct import_ctx *c = ctx;
	int rc = crw_frontier_digest_import(c->f, en->digest, en->url, en->date, en->warc_name, en->offset, c->err);
	if (!rc)
		(*c->loaded)++;
	return rc;
}

int crw_dedup_import(crw_frontier *f, const char *path, uint64_t *loaded, warc_error *err)
{
	*loaded = 0;
	FILE *in = fopen(path, "r");
	if (!in)
		return warc_fail(err, WARC_ERR_IO, "%s: %s", path, strerror(errno));
	static const size_t LINE_MAX_BYTES = 64 * 1024;
	char *line = malloc(LINE_MAX_BYTES);
	if (!line) {
		fclose(in);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	struct import_ctx ic = { f, loaded, err };
	int rc = WARC_OK;
	while (!rc && fgets(line, (int)LINE_MAX_BYTES, in)) {
		size_t n = strlen(line);
		if (n && line[n - 1] != '\n' && !feof(in)) {
			int c; /* overlong line: skip the rest of it */
			while ((c = fgetc(in)) != EOF && c != '\n')
				;
			continue;
		}
		rc = crw_dedup_line(line, n, import_one, &ic);
	}
	if (!rc && ferror(in))
		rc = warc_fail(err, WARC_ERR_IO, "%s: read error", path);
	free(line);
	fclose(in);
	return rc;
}
