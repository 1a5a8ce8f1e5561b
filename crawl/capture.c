/* SPDX-License-Identifier: Apache-2.0 */
/*
 * capture.c - the WARC records of one fetch: request, response (or revisit
 * when the payload was captured before) and metadata.
 *
 * All three share the WARC-Date of the moment the fetch started and point
 * at the response with WARC-Concurrent-To; the response's ID is made first
 * so the request can name it. The response block is the spool exactly as
 * received (from memory or from the spool file); the writer computes the
 * block digest and, with WARC_PAYLOAD_HTTP, the de-chunked payload digest,
 * unless the engine already has that very digest (then it is given).
 * A revisit keeps only the HTTP head (WARC-Truncated: length) and names
 * the original by ID (when known), URI and date. Request, response and
 * revisit say how they travelled with WARC-Protocol fields (proposal
 * iipc/warc-specifications#42, one field per layer, highest first) when the
 * block and URI do not tell: h2 always, http/1.x only above a known TLS.
 */
#include "crawl/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define REVISIT_PROFILE "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"

static int add_field(warc_headers *h, const char *name, const char *value, warc_error *err)
{
	if (value && *value && warc_headers_add(h, name, value))
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	return WARC_OK;
}

/* WARC-Protocol: the HTTP version (HTTP/2 always: the block says HTTP/1.1;
 * HTTP/1.x only when a TLS layer is named after it), then the TLS version. */
static int add_protocols(warc_headers *h, const crw_fetch *f, warc_error *err)
{
	const char *http = f->http_protocol;
	bool h2 = http && !strcmp(http, "h2");
	int rc = add_field(h, "WARC-Protocol", h2 || f->tls_protocol ? http : NULL, err);
	if (!rc)
		rc = add_field(h, "WARC-Protocol", f->tls_protocol, err);
	return rc;
}

/* One more record of the capture written: count it, note where it ends. */
static void note_end(crw_capture_result *res, const warc_written *where)
{
	res->bytes += where->length;
	snprintf(res->end_file, sizeof res->end_file, "%s", where->filename);
	res->end = where->offset + where->length;
}

/* A request or metadata record: block in memory, no payload digest, one
 * WARC-Concurrent-To the response (and the IP address when given). */
static int write_beside(warc_writer *w, crw_fetch *f, const char *type, const char *content_type,
			const void *block, size_t len, const char *date, const char *resp_id, const char *ip,
			crw_capture_result *res, warc_error *err)
{
	warc_headers *h = warc_headers_new();
	if (!h)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	int rc = add_field(h, "WARC-Concurrent-To", resp_id, err);
	if (!rc)
		rc = add_field(h, "WARC-IP-Address", ip, err);
	if (!rc && !strcmp(type, "request"))
		rc = add_protocols(h, f, err);
	if (!rc) {
		warc_record_spec spec = {
			.type = type,
			.target_uri = f->job.url,
			.date = date,
			.content_type = content_type,
			.extra = h,
			.payload = WARC_PAYLOAD_NONE,
			.block = block ? block : "",
			.block_len = len,
		};
		warc_written where;
		rc = warc_writer_write(w, &spec, &where, err);
		if (!rc)
			note_end(res, &where);
	}
	warc_headers_free(h);
	return rc;
}

static int write_response(warc_writer *w, crw_fetch *f, const crw_capture_info *info, const char *date,
			  const char *resp_id, crw_capture_result *res, warc_error *err)
{
	warc_headers *h = warc_headers_new();
	if (!h)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	const crw_digest_row *orig = info->original;
	int rc = add_field(h, "WARC-IP-Address", f->ip, err);
	if (!rc)
		rc = add_protocols(h, f, err);
	char *head = NULL;
	warc_record_spec spec = {
		.type = orig ? "revisit" : "response",
		.target_uri = f->job.url,
		.date = date,
		.record_id = resp_id,
		.content_type = "application/http;msgtype=response",
		.extra = h,
	};
	if (!rc && orig) {
		rc = add_field(h, "WARC-Profile", REVISIT_PROFILE, err);
		if (!rc)
			rc = add_field(h, "WARC-Refers-To", orig->record_id, err);
		if (!rc)
			rc = add_field(h, "WARC-Refers-To-Target-URI", orig->uri, err);
		if (!rc)
			rc = add_field(h, "WARC-Refers-To-Date", orig->date, err);
		if (!rc)
			rc = add_field(h, "WARC-Truncated", "length", err);
		head = malloc(f->head_len ? (size_t)f->head_len : 1);
		if (!rc && !head)
			rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		if (!rc) {
			spec.payload = WARC_PAYLOAD_GIVEN;
			spec.payload_digest = info->payload_digest;
			spec.block = head;
			spec.block_len = crw_spool_peek(&f->response, head, (size_t)f->head_len);
		}
	} else if (!rc) {
		rc = add_field(h, "WARC-Truncated", f->truncated, err);
		spec.payload = WARC_PAYLOAD_HTTP;
		if (info->response_payload_digest) { /* computed already, the writer's way */
			spec.payload = WARC_PAYLOAD_GIVEN;
			spec.payload_digest = info->response_payload_digest;
		}
		if (f->response.file) {
			if (fflush(f->response.file) || fseeko(f->response.file, 0, SEEK_SET))
				rc = warc_fail(err, warc_errno_status(errno, false), "spool: %s", strerror(errno));
			spec.block_file = f->response.file;
			spec.block_file_len = f->response.len;
		} else {
			spec.block = f->response.mem.data ? f->response.mem.data : "";
			spec.block_len = (size_t)f->response.len;
		}
	}
	if (!rc) {
		rc = warc_writer_write(w, &spec, &res->response, err);
		if (!rc)
			note_end(res, &res->response);
	}
	if (f->response.file && fseeko(f->response.file, 0, SEEK_END) && !rc)
		rc = warc_fail(err, warc_errno_status(errno, false), "spool: %s", strerror(errno));
	free(head);
	warc_headers_free(h);
	return rc;
}

static int write_metadata(warc_writer *w, crw_fetch *f, const crw_capture_info *info, const char *date,
			  const char *resp_id, crw_capture_result *res, warc_error *err)
{
	warc_buf b;
	warc_buf_init(&b, WARC_LIMIT_HEADER + (info->outlinks ? info->outlinks->len : 0));
	int rc = WARC_OK;
	if (info->via && warc_buf_printf(&b, "via: %s\r\n", info->via))
		rc = WARC_ERR_NOMEM;
	if (!rc && warc_buf_printf(&b, "hopsFromSeed: %s\r\nfetchTimeMs: %ld\r\n",
				   info->hops && *info->hops ? info->hops : "-", info->fetch_ms))
		rc = WARC_ERR_NOMEM;
	if (!rc && info->outlinks && info->outlinks->len &&
	    warc_buf_add(&b, info->outlinks->data, info->outlinks->len))
		rc = WARC_ERR_NOMEM;
	if (rc) {
		warc_buf_free(&b);
		return warc_fail(err, rc, "metadata record too large");
	}
	rc = write_beside(w, f, "metadata", "application/warc-fields", b.data, b.len, date, resp_id, NULL, res,
			  err);
	warc_buf_free(&b);
	return rc;
}

int crw_capture_write(warc_writer *w, crw_fetch *f, const crw_capture_info *info,
			crw_capture_result *res, warc_error *err)
{
	memset(res, 0, sizeof *res);
	char date[WARC_DATE_MAX];
	char resp_id[WARC_ID_MAX];
	warc_format_date(&f->started, date);
	int rc = warc_make_record_id(resp_id);
	if (rc)
		return warc_fail(err, rc, "cannot make a record ID");
	rc = write_beside(w, f, "request", "application/http;msgtype=request", f->request.data, f->request.len, date,
			  resp_id, f->ip, res, err);
	if (!rc)
		rc = write_response(w, f, info, date, resp_id, res, err);
	if (!rc)
		rc = write_metadata(w, f, info, date, resp_id, res, err);
	return rc;
}

int crw_capture_index(crw_fetch *f, const crw_capture_result *res, bool revisit, warc_index_fn fn,
			void *ctx, warc_error *err)
{
	char date[WARC_DATE_MAX];
	warc_format_date(&f->started, date);
	/* the block as write_response() wrote it: the whole spool, or the head of a revisit */
	uint64_t block_len = revisit ? (f->head_len < f->response.len ? f->head_len : f->response.len)
				     : f->response.len;
	size_t want = block_len < WARC_LIMIT_HEADER ? (size_t)block_len : WARC_LIMIT_HEADER;
	char *copy = NULL;
	const void *head = f->response.mem.data ? f->response.mem.data : "";
	if (f->response.file) {
		copy = malloc(want ? want : 1);
		if (!copy)
			return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		if (crw_spool_peek(&f->response, copy, want) != want) {
			free(copy);
			return warc_fail(err, WARC_ERR_IO, "spool: short read");
		}
		head = copy;
	}
	warc_index_written_record r = {
		.type = revisit ? "revisit" : "response",
		.target_uri = f->job.url,
		.date = date,
		.content_type = "application/http;msgtype=response",
		.payload_digest = res->response.payload_digest,
		.block_head = head,
		.block_head_len = want,
		.block_len = block_len,
		.offset = res->response.offset,
		.length = res->response.length,
	};
	int rc = warc_index_written(&r, res->response.filename, fn, ctx, err);
	free(copy);
	return rc;
}
