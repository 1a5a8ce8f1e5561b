/*
 * index.c - walk a WARC file and produce one index entry per replayable
 * record, the way cdxj-indexer (pywb) and warcio.js do.
 *
 * Indexed: response, revisit, resource and metadata records, except
 * resource/metadata carrying application/warc-fields. For response and
 * revisit records only the HTTP head is read (bounded by
 * WARC_LIMIT_HEADER); the rest of the block is skipped by
 * warc_record_finish(), which also gives the stored length (the compressed
 * member size for .warc.gz). A request next to a response/revisit for the
 * same URI (either order, like warcio.js pairs them) contributes its method
 * when it is not GET; so each entry is held back by one record before it is
 * handed to the callback. Damaged records are skipped (the reader resyncs)
 * and the first damage is reported once the rest of the file is indexed.
 */
#include "warc/warc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define INDEX_READ 16384

/* An entry whose strings we own (the record they came from is gone by the time it is emitted). */
struct held {
	bool used;
	warc_index_entry e;
	warc_buf surt;
	char *url, *mime, *digest, *type, *method;
};

static void held_clear(struct held *h)
{
	free(h->url);
	free(h->mime);
	free(h->digest);
	free(h->type);
	free(h->method);
	h->url = h->mime = h->digest = h->type = h->method = NULL;
	h->used = false;
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

/* Read the block until its HTTP head parses; *http is NULL if it does not. */
static int read_http_head(warc_record *rec, warc_buf *buf, warc_http **http, warc_error *err)
{
	char chunk[INDEX_READ];
	*http = NULL;
	warc_buf_reset(buf);
	for (;;) {
		ssize_t n = warc_record_read(rec, chunk, sizeof chunk, err);
		if (n < 0)
			return (int)n;
		if (n == 0)
			return WARC_OK;
		if (warc_buf_add(buf, chunk, (size_t)n) != WARC_OK)
			return WARC_OK;   /* a head over the limit: treat as not HTTP */
		size_t head_len;
		int rc = warc_http_parse(buf->data, buf->len, http, &head_len, NULL);
		if (rc == WARC_ERR_TRUNCATED)
			continue;
		if (rc != WARC_OK)
			*http = NULL;
		return WARC_OK;
	}
}

static bool is_http_block(const char *ct)
{
	return ct && strncasecmp(ct, "application/http", 16) == 0;
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
	/* as warc_index_file() decides when to read the HTTP head */
	if (is_http_block(r->content_type) ||
	    (!r->content_type && (!strncasecmp(uri, "http:", 5) || !strncasecmp(uri, "https:", 6)))) {
		size_t head_len = 0;
		int rc = warc_http_parse(r->block_head, want, &http, &head_len, NULL);
		if (rc != WARC_OK) {
			/* The head is not complete in the first WARC_LIMIT_HEADER bytes, so
			 * no shorter read completes it either: warc_index_file() sees no HTTP. */
			http = NULL;
		} else if (head_len + INDEX_READ > WARC_LIMIT_HEADER) {
			/* warc_index_file() reads INDEX_READ bytes at a time into a buffer of
			 * WARC_LIMIT_HEADER: whether it gets this head depends on its reads. */
			warc_http_free(http);
			return warc_fail(err, WARC_ERR_TOOBIG, "HTTP head too near the header limit: index the file");
		}
	}
	struct held h = { .used = false };
	warc_buf_init(&h.surt, 1u << 20);
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

struct walk {
	const char *filename;
	warc_index_fn fn;
	void *ctx;
	struct held held;
	/* the previous record, if it was a request */
	bool prev_request;
	char *prev_req_url, *prev_req_method;
};

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
	int rc = w->fn(w->ctx, &h->e);
	held_clear(h);
	return rc;
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

int warc_index_file(const char *path, const char *filename, warc_index_fn fn, void *ctx, warc_error *err)
{
	warc_reader *r;
	int rc = warc_reader_open(&r, path, err);
	if (rc)
		return rc;
	struct walk w = { .filename = filename, .fn = fn, .ctx = ctx };
	warc_buf_init(&w.held.surt, 1u << 20);
	warc_buf head;
	warc_buf_init(&head, WARC_LIMIT_HEADER);
	int first_error = WARC_OK;
	warc_error first_msg;
	first_msg.msg[0] = '\0';

	for (;;) {
		warc_record *rec;
		warc_error e;
		rc = warc_reader_next(r, &rec, &e);
		if (rc == WARC_EOF) {
			rc = WARC_OK;
			break;
		}
		if (rc) {
			if (!first_error) {
				first_error = rc;
				first_msg = e;
			}
			if (rc == WARC_ERR_IO)
				break;
			continue;
		}
		const char *type = warc_record_type(rec);
		const char *ct = warc_record_content_type(rec);
		const char *uri = warc_record_target_uri(rec);
		bool is_req = !strcmp(type, "request");
		bool http_rr = !strcmp(type, "response") || !strcmp(type, "revisit");
		bool indexed = http_rr || ((!strcmp(type, "resource") || !strcmp(type, "metadata")) &&
					   !(ct && !strncasecmp(ct, "application/warc-fields", 23)));
		warc_http *http = NULL;
		/* HTTP head: application/http blocks, or untyped ones of http(s) captures */
		if ((is_req || http_rr) &&
		    (is_http_block(ct) || (!ct && uri && (!strncasecmp(uri, "http:", 5) || !strncasecmp(uri, "https:", 6))))) {
			rc = read_http_head(rec, &head, &http, &e);
			if (rc) {
				if (!first_error) {
					first_error = rc;
					first_msg = e;
				}
				continue;
			}
		}
		rc = warc_record_finish(rec, &e);
		if (rc < 0) {
			warc_http_free(http);
			if (!first_error) {
				first_error = rc;
				first_msg = e;
			}
			continue;
		}
		bool was_prev_request = w.prev_request;
		w.prev_request = false;
		if (is_req) {
			const char *m = http ? warc_http_method(http) : NULL;
			bool non_get = m && strcmp(m, "GET") != 0;
			/* request after its response: give the held entry the method */
			if (non_get && w.held.used && !w.held.method && same(w.held.url, uri) &&
			    (!strcmp(w.held.type, "response") || !strcmp(w.held.type, "revisit")))
				w.held.method = strdup(m);
			free(w.prev_req_url);
			free(w.prev_req_method);
			w.prev_req_url = dup_or_null(uri);
			w.prev_req_method = non_get ? strdup(m) : NULL;
			w.prev_request = true;
			warc_http_free(http);
			continue;
		}
		if ((rc = emit_held(&w)) != WARC_OK) {
			warc_http_free(http);
			break;
		}
		if (!indexed) {
			warc_http_free(http);
			continue;
		}
		struct held *h = &w.held;
		rc = fill_entry(h, type, ct, uri, warc_headers_get(warc_record_headers(rec), "WARC-Payload-Digest"),
				warc_record_date(rec), http, warc_record_offset(rec), warc_record_length(rec));
		if (!rc && http_rr && was_prev_request && w.prev_req_method && same(w.prev_req_url, uri))
			h->method = strdup(w.prev_req_method);
		warc_http_free(http);
		if (!h->type || rc != WARC_OK) {
			if (!first_error) {
				first_error = rc ? rc : WARC_ERR_NOMEM;
				snprintf(first_msg.msg, sizeof first_msg.msg, "%s: offset %llu: URI too long to index",
					 path, (unsigned long long)h->e.offset);
			}
			held_clear(h);
		}
	}
	if (rc == WARC_OK)
		rc = emit_held(&w);
	if (rc == WARC_OK && warc_reader_whole_file_gzip(r) && !first_error) {
		first_error = WARC_ERR_FORMAT;
		snprintf(first_msg.msg, sizeof first_msg.msg,
			 "%s: one gzip stream, not one member per record: offsets are not seekable", path);
	}
	held_clear(&w.held);
	warc_buf_free(&w.held.surt);
	warc_buf_free(&head);
	free(w.prev_req_url);
	free(w.prev_req_method);
	warc_reader_close(r);
	if (rc != WARC_OK)
		return warc_fail(err, rc, "%s: indexing stopped by the consumer", path);
	if (first_error) {
		if (err)
			*err = first_msg;
		return first_error;
	}
	return WARC_OK;
}
