/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index.c - walk a WARC file and produce one index entry per replayable
 * record, the way cdxj-indexer (pywb) and warcio.js do.
 *
 * Indexed: response, revisit, resource and metadata records, except
 * resource/metadata carrying application/warc-fields. For response and
 * revisit records only the HTTP head is read (warc_record_http_head(),
 * bounded by WARC_LIMIT_HEADER); the rest of the block is skipped by
 * warc_record_finish(), which also gives the stored length (the compressed
 * member size for .warc.gz). A request next to its response/revisit
 * (either order) contributes its method when it is not GET, and then its
 * body (up to WARC_LIMIT_POST_BODY) as the query warc_post_query() makes,
 * appended to the URL the key is taken from; so each entry is held back by
 * one record before it is handed to the callback. The two belong together
 * when one names the other in WARC-Concurrent-To; when neither names any
 * record, when they have the same URI (warcio.js's rule). Each record pairs
 * once: a request that followed its response is not given to the next
 * response, unless it was paired by URI alone and the next record names it
 * (wget's request, response-naming-it order). Damaged records are skipped (the reader resyncs)
 * and the first damage is reported once the rest of the file is indexed.
 * The walk, in steps: walk_records() takes each record to index_record(),
 * which reads its HTTP parts (read_http_parts) and hands it to
 * index_request() or index_capture().
 */
#include "warc/warc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define INDEX_READ 16384

/* An entry whose strings we own (the record they came from is gone by the time it is emitted). */
struct held {
	bool used;
	bool paired;              /* a request has been paired with it */
	warc_index_entry e;
	warc_buf surt;
	char *url, *mime, *digest, *type, *method, *request_body;
	char *id, *concurrent_to; /* its WARC-Record-ID and WARC-Concurrent-To */
};

static void held_clear(struct held *h)
{
	free(h->url);
	free(h->mime);
	free(h->digest);
	free(h->type);
	free(h->method);
	free(h->request_body);
	free(h->id);
	free(h->concurrent_to);
	h->url = h->mime = h->digest = h->type = h->method = h->request_body = NULL;
	h->id = h->concurrent_to = NULL;
	h->used = h->paired = false;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The media type: the value before ';', trimmed (cdxj-indexer's rule; case kept). */
static char *media_type(const char *ct)
{
	if (!ct)
		return NULL;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n ? strndup(ct, n) : NULL;
}

/* 14-digit timestamp; an unparseable date falls back to its first 14 digits (warcio.js). */
static void timestamp14(const char *date, char out[15])
{
	if (warc_date_to_ts14(date, out) == WARC_OK)
		return;
	size_t k = 0;
	for (const char *p = date; p && *p && k < 14; p++)
		if (*p >= '0' && *p <= '9')
			out[k++] = *p;
	while (k < 14)
		out[k++] = '0';
	out[14] = '\0';
}

/* The entry of an indexed record into h (its strings owned by h); the SURT
 * key's result is returned (the caller reports a failure). */
static int fill_entry(struct held *h, const char *type, const char *ct, const char *uri, const char *digest,
		      const char *date, const warc_http *http, uint64_t offset, uint64_t length)
{
	bool http_rr = !strcmp(type, "response") || !strcmp(type, "revisit");
	memset(&h->e, 0, sizeof h->e);
	h->used = true;
	h->url = dup_or_null(uri);
	h->type = strdup(type);
	h->digest = dup_or_null(digest);
	if (!strcmp(type, "revisit"))
		h->mime = strdup("warc/revisit");
	else if (http_rr)
		h->mime = http ? media_type(warc_headers_get(warc_http_headers(http), "Content-Type")) : NULL;
	else
		h->mime = media_type(ct);
	if (http_rr && http && warc_http_is_response(http))
		h->e.status = warc_http_status(http);
	timestamp14(date, h->e.ts14);
	h->e.offset = offset;
	h->e.length = length;
	return warc_surt(uri ? uri : "", &h->surt);
}

/* Undo held_take_request (and any pairing): h is keyed by its URL again. */
static int held_drop_request(struct held *h)
{
	free(h->method);
	free(h->request_body);
	h->method = h->request_body = NULL;
	h->paired = false;
	return warc_surt(h->url ? h->url : "", &h->surt);
}

/* Give a paired non-GET request's method, body query and key to h. */
static int held_take_request(struct held *h, const char *method, const char *key_query, const char *request_body)
{
	h->method = strdup(method);
	h->request_body = request_body && *request_body ? strdup(request_body) : NULL;
	if (!h->method || (request_body && *request_body && !h->request_body))
		return WARC_ERR_NOMEM;
	/* warcio.js appendRequestQuery: '&' when the URL has a '?' after its first character */
	const char *url = h->url ? h->url : "";
	const char *q = strchr(url, '?');
	char *key_url = NULL;
	if (asprintf(&key_url, "%s%c%s", url, q && q > url ? '&' : '?', key_query) < 0)
		return WARC_ERR_NOMEM;
	int rc = warc_surt(key_url, &h->surt);
	free(key_url);
	return rc;
}

/* The request body after the head in head_buf, read on to WARC_LIMIT_POST_BODY bytes. */
static int read_request_body(warc_record *rec, const warc_buf *head_buf, size_t head_len, warc_buf *body,
			     bool *complete, warc_error *err)
{
	char chunk[INDEX_READ];
	warc_buf_reset(body);
	*complete = true;
	const char *p = head_buf->data + head_len;
	size_t n = head_buf->len - head_len;
	for (;;) {
		size_t room = WARC_LIMIT_POST_BODY - body->len;
		if (n > room) {
			*complete = false;
			return warc_buf_add(body, p, room);
		}
		int rc = warc_buf_add(body, p, n);
		if (rc)
			return rc;
		ssize_t got = warc_record_read(rec, chunk, sizeof chunk, err);
		if (got <= 0)
			return (int)got;
		p = chunk;
		n = (size_t)got;
	}
}

/* Whether a request, response or revisit block starts with an HTTP head to
 * read: application/http blocks, or untyped ones of http(s) captures. */
static bool has_http_head(const char *ct, const char *uri)
{
	if (ct)
		return strncasecmp(ct, "application/http", 16) == 0;
	return uri && (!strncasecmp(uri, "http:", 5) || !strncasecmp(uri, "https:", 6));
}

int warc_index_written(const warc_index_written_record *r, const char *filename, warc_index_fn fn, void *ctx,
		       warc_error *err)
{
	if (!r || !r->type || !r->target_uri || !r->date || (!r->block_head && r->block_head_len) || !fn ||
	    (strcmp(r->type, "response") && strcmp(r->type, "revisit")))
		return warc_fail(err, WARC_ERR_USAGE, "warc_index_written: not a response or revisit record");
	size_t want = r->block_len < WARC_LIMIT_HEADER ? (size_t)r->block_len : WARC_LIMIT_HEADER;
	if (r->block_head_len < want)
		return warc_fail(err, WARC_ERR_USAGE, "warc_index_written: %zu bytes of the block given, %zu needed",
				 r->block_head_len, want);
	const char *uri = r->target_uri;
	warc_http *http = NULL;
	/* as warc_index_file() decides when to read the HTTP head, and reads it */
	if (has_http_head(r->content_type, uri)) {
		warc_http_head hd;
		if (warc_http_parse_block(r->block_head, want, r->block_len == want, &hd, NULL) == WARC_OK)
			http = hd.http;
	}
	struct held h = { .used = false };
	warc_buf_init(&h.surt, WARC_LIMIT_SURT);
	const char *digest = r->payload_digest && *r->payload_digest ? r->payload_digest : NULL;
	int rc = fill_entry(&h, r->type, r->content_type, uri, digest, r->date, http, r->offset, r->length);
	warc_http_free(http);
	if (!rc && (!h.url || !h.type || (digest && !h.digest)))
		rc = WARC_ERR_NOMEM;
	if (rc) {
		held_clear(&h);
		warc_buf_free(&h.surt);
		return warc_fail(err, rc, "%s: offset %llu: URI too long to index", filename,
				 (unsigned long long)r->offset);
	}
	h.e.surt = h.surt.data;
	h.e.url = h.url;
	h.e.mime = h.mime;
	h.e.digest = h.digest;
	h.e.filename = filename;
	h.e.record_type = h.type;
	rc = fn(ctx, &h.e);
	held_clear(&h);
	warc_buf_free(&h.surt);
	return rc;
}

/* A request record, kept until the next record: its response may follow.
 * method (and with it key_query and body) only for a non-GET request;
 * paired once it has been paired with the response before it. */
struct request {
	char *url, *id, *concurrent_to, *method, *key_query, *body;
	bool paired;
	bool by_uri;   /* paired with the response before it by URI alone: the next record may claim it */
};

static void request_clear(struct request *q)
{
	free(q->url);
	free(q->id);
	free(q->concurrent_to);
	free(q->method);
	free(q->key_query);
	free(q->body);
	q->url = q->id = q->concurrent_to = q->method = q->key_query = q->body = NULL;
	q->paired = q->by_uri = false;
}

/* Keep a copy of this request; on out of memory it pairs with nothing, or
 * its method is dropped, so its response is indexed as a GET. */
static void request_keep(struct request *q, const char *url, const char *id, const char *concurrent_to,
			 bool paired, const char *method, const char *key_query, const char *body)
{
	request_clear(q);
	q->url = dup_or_null(url);
	q->id = dup_or_null(id);
	q->concurrent_to = dup_or_null(concurrent_to);
	q->paired = paired || (url && !q->url) || (id && !q->id) || (concurrent_to && !q->concurrent_to);
	if (!method)
		return;
	q->method = strdup(method);
	q->key_query = strdup(key_query);
	q->body = strdup(body ? body : "");
	if (!q->method || !q->key_query || !q->body) {
		free(q->method);
		q->method = NULL;
	}
}

/* One walk over a file: the entry held back, the request before, the
 * buffers reused per record, and the first damage met (reported at the end). */
struct walk {
	const char *path, *filename;
	warc_index_fn fn;
	void *ctx;
	struct held held;
	bool prev_request;         /* the previous record was a request: */
	struct request prev_req;   /* this one */
	warc_buf head, body, key_query, request_body;
	int first_error;
	warc_error first_msg;
};

/* What the walk uses of one record. */
struct rec_view {
	warc_record *rec;
	const char *type, *ct, *uri;
	const char *id, *to;       /* WARC-Record-ID, WARC-Concurrent-To (NULL when empty) */
	bool is_req, http_rr, indexed;
	warc_http *http;           /* its HTTP head, when read and usable */
	bool non_get;              /* a non-GET request: key_query and request_body filled */
};

static void walk_init(struct walk *w, const char *path, const char *filename, warc_index_fn fn, void *ctx)
{
	*w = (struct walk){ .path = path, .filename = filename, .fn = fn, .ctx = ctx };
	warc_buf_init(&w->held.surt, WARC_LIMIT_SURT);
	warc_buf_init(&w->head, WARC_LIMIT_HEADER);
	warc_buf_init(&w->body, WARC_LIMIT_POST_BODY);
	warc_buf_init(&w->key_query, WARC_LIMIT_POST_KEY);
	warc_buf_init(&w->request_body, WARC_LIMIT_POST_KEY);
	w->first_msg.msg[0] = '\0';
}

static void walk_free(struct walk *w)
{
	held_clear(&w->held);
	warc_buf_free(&w->held.surt);
	warc_buf_free(&w->head);
	warc_buf_free(&w->body);
	warc_buf_free(&w->key_query);
	warc_buf_free(&w->request_body);
	request_clear(&w->prev_req);
}

/* Damage does not stop the walk: the first is kept to be returned at the end. */
static void walk_note(struct walk *w, int rc, const warc_error *e)
{
	if (!w->first_error) {
		w->first_error = rc;
		w->first_msg = *e;
	}
}

static int emit_held(struct walk *w)
{
	if (!w->held.used)
		return WARC_OK;
	struct held *h = &w->held;
	h->e.surt = h->surt.data;
	h->e.url = h->url;
	h->e.mime = h->mime;
	h->e.digest = h->digest;
	h->e.filename = w->filename;
	h->e.record_type = h->type;
	h->e.method = h->method;
	h->e.request_body = h->request_body;
	int rc = w->fn(w->ctx, &h->e);
	held_clear(h);
	return rc;
}

/* An entry that cannot be keyed is dropped; the first such is reported. */
static void held_fail(struct walk *w, int rc)
{
	if (!w->first_error) {
		w->first_error = rc ? rc : WARC_ERR_NOMEM;
		snprintf(w->first_msg.msg, sizeof w->first_msg.msg, "%s: offset %llu: URI too long to index", w->path,
			 (unsigned long long)w->held.e.offset);
	}
	held_clear(&w->held);
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Whether a request and a response (or revisit) next to each other are one
 * exchange: linked by WARC-Concurrent-To either way or, when neither names
 * any record, for the same URI. */
static bool one_exchange(const char *req_id, const char *req_to, const char *req_uri, const char *resp_id,
			 const char *resp_to, const char *resp_uri)
{
	if (same(req_to, resp_id) || same(resp_to, req_id))
		return true;
	return !req_to && !resp_to && same(req_uri, resp_uri);
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* The record's type and what follows from it. */
static void view_of(warc_record *rec, struct rec_view *v)
{
	*v = (struct rec_view){ .rec = rec };
	v->type = warc_record_type(rec);
	v->ct = warc_record_content_type(rec);
	v->uri = warc_record_target_uri(rec);
	v->is_req = !strcmp(v->type, "request");
	v->http_rr = !strcmp(v->type, "response") || !strcmp(v->type, "revisit");
	v->indexed = v->http_rr || ((!strcmp(v->type, "resource") || !strcmp(v->type, "metadata")) &&
				    !(v->ct && !strncasecmp(v->ct, "application/warc-fields", 23)));
}

/* The HTTP head of a request, response or revisit (a head that is not
 * usable: no HTTP); for a non-GET request also its body as a query. An error is the reader's (or an unindexable body). */
static int read_http_parts(struct walk *w, struct rec_view *v, warc_error *e)
{
	if (!(v->is_req || v->http_rr) || !has_http_head(v->ct, v->uri))
		return WARC_OK;
	warc_http_head hd;
	int rc = warc_record_http_head(v->rec, &w->head, &hd, e);
	if (rc && hd.bad_head)
		rc = WARC_OK;   /* not HTTP, or a head over the limit: indexed without it */
	v->http = hd.http;
	const char *m = v->is_req && v->http ? warc_http_method(v->http) : NULL;
	v->non_get = m && strcmp(m, "GET") != 0;
	if (rc || !v->non_get)
		return rc;
	bool complete;
	rc = read_request_body(v->rec, &w->head, hd.len, &w->body, &complete, e);
	if (!rc && (rc = warc_post_query(m, warc_headers_get(warc_http_headers(v->http), "Content-Type"),
					 w->body.data, w->body.len, complete, &w->key_query, &w->request_body)) != WARC_OK)
		snprintf(e->msg, sizeof e->msg, "%s: offset %llu: request body not indexable", w->path,
			 (unsigned long long)warc_record_offset(v->rec));
	return rc;
}

/* A request: given to the held entry when it is its response before it, and
 * kept, as its response may follow. */
static void index_request(struct walk *w, const struct rec_view *v)
{
	const char *m = v->non_get ? warc_http_method(v->http) : NULL;
	struct held *h = &w->held;
	/* request after its response: give the held entry the method and key */
	bool pair = h->used && !h->paired && (!strcmp(h->type, "response") || !strcmp(h->type, "revisit")) &&
		    one_exchange(v->id, v->to, v->uri, h->id, h->concurrent_to, h->url);
	if (pair) {
		h->paired = true;
		int rc;
		if (v->non_get && (rc = held_take_request(h, m, w->key_query.data, w->request_body.data)) != WARC_OK)
			held_fail(w, rc);
	}
	request_keep(&w->prev_req, v->uri, v->id, v->to, pair, m, w->key_query.data, w->request_body.data);
	w->prev_req.by_uri = pair && !v->to && !h->concurrent_to;
	w->prev_request = true;
}

/* Any other record: the held entry is emitted (a nonzero return is the
 * consumer's, which stops the walk) and, when indexed, this one is held,
 * with the request before it when that is its own. */
static int index_capture(struct walk *w, const struct rec_view *v, bool was_prev_request)
{
	struct request *q = &w->prev_req;
	bool claims = was_prev_request && (same(q->concurrent_to, v->id) || same(v->to, q->id));
	int rc;
	if (claims && q->by_uri) {
		/* the request paired with the response before by URI names this record: it is this one's */
		q->paired = q->by_uri = false;
		if (w->held.used && (rc = held_drop_request(&w->held)) != WARC_OK)
			held_fail(w, rc);
	}
	if ((rc = emit_held(w)) != WARC_OK || !v->indexed)
		return rc;
	struct held *h = &w->held;
	rc = fill_entry(h, v->type, v->ct, v->uri, warc_headers_get(warc_record_headers(v->rec), "WARC-Payload-Digest"),
			warc_record_date(v->rec), v->http, warc_record_offset(v->rec), warc_record_length(v->rec));
	h->id = dup_or_null(v->id);
	h->concurrent_to = dup_or_null(v->to);
	if ((v->id && !h->id) || (v->to && !h->concurrent_to))
		h->paired = true;   /* out of memory: pairs with nothing */
	if (!rc && v->http_rr && was_prev_request && !q->paired &&
	    one_exchange(q->id, q->concurrent_to, q->url, v->id, v->to, v->uri)) {
		h->paired = true;
		if (q->method)
			rc = held_take_request(h, q->method, q->key_query, q->body);
	}
	if (!h->type || rc != WARC_OK)
		held_fail(w, rc);
	return WARC_OK;
}

/* One record; damage is noted and the record skipped. A nonzero return
 * (the consumer's) stops the walk. */
static int index_record(struct walk *w, warc_record *rec)
{
	struct rec_view v;
	warc_error e;
	view_of(rec, &v);
	int rc = read_http_parts(w, &v, &e);
	if (!rc)
		rc = warc_record_finish(rec, &e);
	if (rc) {
		warc_http_free(v.http);
		walk_note(w, rc, &e);
		return WARC_OK;
	}
	bool was_prev_request = w->prev_request;
	w->prev_request = false;
	v.id = nonempty(warc_record_id(rec));
	v.to = nonempty(warc_headers_get(warc_record_headers(rec), "WARC-Concurrent-To"));
	if (v.is_req)
		index_request(w, &v);
	else
		rc = index_capture(w, &v, was_prev_request);
	warc_http_free(v.http);
	return rc;
}

/* Every record of the file. WARC_OK at its end; an I/O error of the reader
 * or the consumer's return stop it. */
static int walk_records(struct walk *w, warc_reader *r)
{
	for (;;) {
		warc_record *rec;
		warc_error e;
		int rc = warc_reader_next(r, &rec, &e);
		if (rc == WARC_EOF)
			return WARC_OK;
		if (rc) {
			walk_note(w, rc, &e);
			if (rc == WARC_ERR_IO)
				return rc;
			continue;
		}
		if ((rc = index_record(w, rec)) != WARC_OK)
			return rc;
	}
}

int warc_index_file(const char *path, const char *filename, warc_index_fn fn, void *ctx, warc_error *err)
{
	warc_reader *r;
	int rc = warc_reader_open(&r, path, err);
	if (rc)
		return rc;
	struct walk w;
	walk_init(&w, path, filename, fn, ctx);
	rc = walk_records(&w, r);
	if (rc == WARC_OK)
		rc = emit_held(&w);
	if (rc == WARC_OK && warc_reader_whole_file_gzip(r) && !w.first_error) {
		w.first_error = WARC_ERR_FORMAT;
		snprintf(w.first_msg.msg, sizeof w.first_msg.msg,
			 "%s: one gzip stream, not one member per record: offsets are not seekable", path);
	}
	walk_free(&w);
	warc_reader_close(r);
	if (rc != WARC_OK)
		return warc_fail(err, rc, "%s: indexing stopped by the consumer", path);
	if (w.first_error) {
		if (err)
			*err = w.first_msg;
		return w.first_error;
	}
	return WARC_OK;
}
