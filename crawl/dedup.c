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
#include "crawl/engine_internal.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define EMPTY_SHA1 "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"

static bool ts14_to_date(const char *ts, char out[WARC_DATE_MAX])
{
	for (int i = 0; i < 14; i++)
		if (ts[i] < '0' || ts[i] > '9')
			return false;
	snprintf(out, WARC_DATE_MAX, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", ts, ts + 4, ts + 6, ts + 8, ts + 10,
		 ts + 12);
	return true;
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

int crawl_dedup_import(crawl_frontier *f, const char *path, uint64_t *loaded, warc_error *err)
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
	int rc = WARC_OK;
	while (!rc && fgets(line, (int)LINE_MAX_BYTES, in)) {
		size_t n = strlen(line);
		if (n && line[n - 1] != '\n' && !feof(in)) {
			int c; /* overlong line: skip the rest of it */
			while ((c = fgetc(in)) != EOF && c != '\n')
				;
			continue;
		}
		char *sp1 = strchr(line, ' ');
		char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
		char date[WARC_DATE_MAX];
		if (!sp2 || sp2 - sp1 - 1 < 14 || !ts14_to_date(sp1 + 1, date))
			continue;
		json_t *j = json_loads(sp2 + 1, 0, NULL);
		if (!j)
			continue;
		const char *digest = json_string_value(json_object_get(j, "digest"));
		const char *url = json_string_value(json_object_get(j, "url"));
		const char *mime = json_string_value(json_object_get(j, "mime"));
		if (digest && url && *digest && !(mime && !strcmp(mime, "warc/revisit"))) {
			char labelled[WARC_DIGEST_STR_MAX + 8];
			if (strchr(digest, ':'))
				snprintf(labelled, sizeof labelled, "%s", digest);
			else
				snprintf(labelled, sizeof labelled, "sha1:%s", digest);
			const char *warc_name = json_string_value(json_object_get(j, "filename"));
			uint64_t offset = 0;
			if (warc_name && (!*warc_name || !offset_value(json_object_get(j, "offset"), &offset)))
				warc_name = NULL;
			if (strcmp(labelled, EMPTY_SHA1)) {
				rc = crawl_frontier_digest_import(f, labelled, url, date, warc_name, offset, err);
				if (!rc)
					(*loaded)++;
			}
		}
		json_decref(j);
	}
	if (!rc && ferror(in))
		rc = warc_fail(err, WARC_ERR_IO, "%s: read error", path);
	free(line);
	fclose(in);
	return rc;
}
