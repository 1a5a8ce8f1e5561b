/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bundle_warc.c - WARC inputs: which records are pages, and why a page is
 * skipped.
 *
 * Every response and revisit record with an application/http block and
 * every resource record is a page, so each one gets a pages.jsonl line:
 * revisits, non-2xx responses, payloads over the limit and payloads that do
 * not decode are listed with a reason instead of dropped. A damaged record
 * is reported and the reader resynchronises on the next record, so one bad
 * member does not lose the rest of the file.
 */
#include "extract/internal.h"

#include <string.h>

#define X_BUNDLE_REASON_MAX 700

/* The record's block (resource) or decoded HTTP entity body (response). */
static int read_payload(warc_record *rec, warc_buf *body, warc_http **h, char *ctype, size_t ctypesz,
			size_t limit, warc_error *err)
{
	int rc;
	if (!strcmp(warc_record_type(rec), "response")) {
		warc_buf warn;
		warc_buf_init(&warn, X_BUNDLE_WARN_MAX);
		rc = warc_record_http_body(rec, body, h, &warn, err);
		warc_buf_free(&warn);
		if (*h) {
			const char *v = warc_headers_get(warc_http_headers(*h), "Content-Type");
			snprintf(ctype, ctypesz, "%s", v ? v : "");
		}
		return rc;
	}
	const char *v = warc_record_content_type(rec);
	snprintf(ctype, ctypesz, "%s", v ? v : "");
	char buf[65536];
	ssize_t n;
	rc = WARC_OK;
	while ((n = warc_record_read(rec, buf, sizeof buf, err)) > 0)
		if ((rc = warc_buf_add(body, buf, (size_t)n)) != WARC_OK) {
			warc_fail(err, rc, "block larger than %zu bytes", limit);
			break;
		}
	if (n < 0) rc = (int)n;
	return rc;
}

/* One response, resource or revisit record: decode the payload and extract it. */
static void add_record(extract_bundle *b, const char *path, warc_record *rec)
{
	const warc_headers *wh = warc_record_headers(rec);
	extract_source src = {.source = path, .url = warc_record_target_uri(rec), .ts = warc_record_date(rec),
			      .record_id = warc_record_id(rec), .digest = warc_headers_get(wh, "WARC-Payload-Digest")};
	char reason[X_BUNDLE_REASON_MAX];
	if (!strcmp(warc_record_type(rec), "revisit")) {
		x_bundle_emit_skipped(b, &src, "revisit record: payload not stored here");
		return;
	}
	size_t limit = b->extract.max_input ? b->extract.max_input : EXTRACT_MAX_INPUT_DEFAULT;
	warc_buf body;
	warc_buf_init(&body, limit);
	warc_error err;
	warc_http *h = NULL;
	char ctype[512] = "";
	int rc = read_payload(rec, &body, &h, ctype, sizeof ctype, limit, &err);
	if (rc == WARC_ERR_TOOBIG) {
		snprintf(reason, sizeof reason, "payload exceeds the %zu byte limit", limit);
		x_bundle_emit_skipped(b, &src, reason);
	} else if (rc) {
		snprintf(reason, sizeof reason, "payload could not be decoded: %s", err.msg);
		x_bundle_emit_skipped(b, &src, reason);
	} else if (h && (warc_http_status(h) < 200 || warc_http_status(h) > 299)) {
		snprintf(reason, sizeof reason, "HTTP status %d", warc_http_status(h));
		x_bundle_emit_skipped(b, &src, reason);
	} else {
		src.content_type = ctype;
		extract_result *r = NULL;
		if (extract_page(body.data ? body.data : "", body.len, &src, &b->extract, &r, &err)) {
			x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "%s: %s", path, err.msg);
		} else {
			x_bundle_emit(b, r);
			if (b->outdir && !b->broken && !extract_result_skipped(r)) x_bundle_wet_write(b, r, src.record_id, src.ts);
		}
		extract_result_free(r);
	}
	warc_http_free(h);
	warc_buf_free(&body);
}

/* A page record: a response or revisit holding HTTP, or any resource. */
static bool is_page_record(warc_record *rec)
{
	const char *type = warc_record_type(rec);
	const char *ct = warc_record_content_type(rec);
	bool http = ct && strstr(ct, "application/http");
	return (!strcmp(type, "response") && http) || !strcmp(type, "resource") || (!strcmp(type, "revisit") && http);
}

int extract_bundle_add_warc(extract_bundle *b, const char *path)
{
	size_t before = b->stats.failed + b->stats.unreadable;
	warc_reader *rd = NULL;
	warc_error err;
	if (warc_reader_open(&rd, path, &err)) {
		x_bundle_report(b, EXTRACT_BUNDLE_UNREADABLE, "%s", err.msg);
		return WARC_ERR_IO;
	}
	while (!b->broken) {
		warc_record *rec = NULL;
		int rc = warc_reader_next(rd, &rec, &err);
		if (rc == WARC_EOF) break;
		if (rc) {
			x_bundle_report(b, EXTRACT_BUNDLE_FAILED, "%s", err.msg);
			if (warc_reader_resync(rd, &err)) break;
			continue;
		}
		if (is_page_record(rec)) add_record(b, path, rec);
	}
	warc_reader_close(rd);
	return b->stats.failed + b->stats.unreadable > before ? WARC_ERR_IO : WARC_OK;
}
