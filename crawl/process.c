/* SPDX-License-Identifier: Apache-2.0 */
/*
 * process.c - what happens to a fetch that got a response: one pass over
 * the stored body computes the payload digest (de-chunked, content coding
 * kept) and, for documents that carry links, the decoded text; then the
 * dedup decision, link extraction, the records, the URL's final outcome,
 * its crawl.log line and the new URLs, in that order (new URLs and the
 * done mark share the transaction that is committed after the WARC sync).
 */
#include "crawl/internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- the body pass ---- */

typedef struct body_pass {
	warc_digest *digest;
	warc_dechunk *dechunk;
	warc_decoder *decoder;
	warc_buf *body;           /* NULL when links are not wanted */
	uint64_t payload_len;
	bool decode_failed;
	warc_error derr;
} body_pass;

static int to_body(void *ctx, const void *p, size_t n)
{
	body_pass *bp = ctx;
	if (bp->body->len + n > bp->body->limit)
		n = bp->body->limit - bp->body->len; /* parse what fits */
	if (n && warc_buf_add(bp->body, p, n))
		bp->decode_failed = true;
	return WARC_OK;
}

static int to_payload(void *ctx, const void *p, size_t n)
{
	body_pass *bp = ctx;
	warc_digest_update(bp->digest, p, n);
	bp->payload_len += n;
	if (!bp->body || bp->decode_failed)
		return WARC_OK;
	if (!bp->decoder)
		return to_body(bp, p, n);
	if (warc_decoder_feed(bp->decoder, p, n, &bp->derr))
		bp->decode_failed = true; /* keep digesting; links from what was decoded */
	return WARC_OK;
}

static int to_raw(void *ctx, const void *p, size_t n)
{
	body_pass *bp = ctx;
	if (bp->dechunk)
		return warc_dechunk_feed(bp->dechunk, p, n);
	return to_payload(bp, p, n);
}

static bool mime_has_links(const char *mime)
{
	return !strcmp(mime, "text/html") || !strcmp(mime, "application/xhtml+xml") || !strcmp(mime, "text/css");
}

int crw_response_open(engine *e, crw_fetch *f, crw_response *r)
{
	memset(r, 0, sizeof *r);
	warc_buf_init(&r->body, CRAWL_BODY_PARSE_MAX);
	if (!f->head_len)
		return WARC_OK;
	char *head = malloc((size_t)f->head_len);
	if (!head)
		return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
	size_t hl = crw_spool_peek(&f->response, head, (size_t)f->head_len);
	size_t used;
	warc_error perr;
	if (warc_http_parse(head, hl, &r->http, &used, &perr))
		r->http = NULL;
	r->digest_as_writer = r->http && hl == f->head_len && used == hl;
	free(head);
	if (r->http)
		warc_http_mime(r->http, r->mime, sizeof r->mime);

	crw_kind kind = f->job.kind;
	bool ok = f->status >= 200 && f->status < 300;
	bool want = ok && (kind == CRAWL_KIND_ROBOTS || kind == CRAWL_KIND_SITEMAP || mime_has_links(r->mime));
	body_pass bp = { .digest = warc_digest_new(WARC_SHA1), .body = want ? &r->body : NULL };
	if (!bp.digest)
		return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
	int rc = WARC_OK;
	if (r->http && warc_http_is_chunked(r->http) && !(bp.dechunk = warc_dechunk_new(to_payload, &bp)))
		rc = warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
	const char *ce = r->http ? warc_headers_get(warc_http_headers(r->http), "Content-Encoding") : NULL;
	if (!rc && want && ce && *ce && warc_decoder_new(&bp.decoder, ce, CRAWL_BODY_PARSE_MAX, to_body, &bp, &bp.derr))
		bp.decode_failed = true; /* unknown coding: no links, capture as is */
	if (!rc)
		rc = crw_spool_each(&f->response, f->head_len, to_raw, &bp, e->err);
	if (!rc && bp.dechunk)
		rc = warc_dechunk_end(bp.dechunk);
	if (!rc && bp.decoder && !bp.decode_failed && warc_decoder_end(bp.decoder, &bp.derr))
		bp.decode_failed = true;
	warc_digest_final(bp.digest, r->digest);
	r->payload_len = bp.payload_len;
	r->have_body = want && (r->body.len > 0 || !bp.decode_failed);
	warc_digest_free(bp.digest);
	if (bp.dechunk)
		warc_dechunk_free(bp.dechunk);
	if (bp.decoder)
		warc_decoder_free(bp.decoder);
	if (rc && !e->err->msg[0])
		warc_fail(e->err, rc, "%s: reading the stored body failed", f->job.url);
	return rc;
}

void crw_response_close(crw_response *r)
{
	if (r->http)
		warc_http_free(r->http);
	warc_buf_free(&r->body);
	memset(r, 0, sizeof *r);
}

/* ---- links ---- */

typedef struct links {
	warc_buf list;         /* "K URL\n" per link, K = link kind as a digit */
	warc_buf outlinks;     /* metadata "outlink: URL HOP\r\n" lines */
	size_t count;
} links;

static int collect(void *ctx, const char *url, crawl_link_kind kind)
{
	links *l = ctx;
	if (l->count >= CRAWL_OUTLINKS_MAX || strchr(url, '\n') || strchr(url, '\r'))
		return WARC_OK;
	if (warc_buf_printf(&l->list, "%d %s\n", (int)kind, url) ||
	    warc_buf_printf(&l->outlinks, "outlink: %s %c\r\n", url, kind == CRAWL_LINK_REQUISITE ? 'E' : 'L'))
		return WARC_OK; /* over the bound: the rest is dropped */
	l->count++;
	return WARC_OK;
}

/* Links of the body into l; returns the parse limit that cut an HTML page, or NULL. */
static const char *extract(engine *e, crw_fetch *f, crw_response *r, links *l, bool *is_sitemap_index)
{
	warc_error lerr;
	const char *url = f->job.url;
	if (f->job.kind == CRAWL_KIND_SITEMAP) {
		warc_buf gunz;
		warc_buf_init(&gunz, CRAWL_BODY_PARSE_MAX);
		const char *xml = r->body.data;
		size_t len = r->body.len;
		warc_decoder *d = NULL;
		if (len >= 2 && (unsigned char)xml[0] == 0x1f && (unsigned char)xml[1] == 0x8b) {
			body_pass bp = { .body = &gunz };
			if (!warc_decoder_new(&d, "gzip", CRAWL_BODY_PARSE_MAX, to_body, &bp, &lerr)) {
				/* A torn gzip still yields its start. */
				if (!warc_decoder_feed(d, xml, len, &lerr))
					(void)!warc_decoder_end(d, &lerr);
				warc_decoder_free(d);
			}
			xml = gunz.data;
			len = gunz.len;
		}
		/* A broken sitemap yields what was read before the damage. */
		if (xml)
			(void)!crawl_links_sitemap(xml, len, url, collect, l, is_sitemap_index, &lerr);
		warc_buf_free(&gunz);
		return NULL;
	}
	if (!r->body.data)
		return NULL;
	/* Unparsable documents yield the links found before the problem. */
	if (!strcmp(r->mime, "text/css")) {
		(void)!crawl_links_css(r->body.data, r->body.len, url, collect, l, &lerr);
		return NULL;
	}
	/* Bounded: the page budget, the run's --max-time and a stop signal end the parse. */
	const crawl_config *c = e->cfg;
	crawl_html_budget budget = { .run_left_ms = -1, .stop = e->cb ? e->cb->stop : NULL };
	if (c->max_time_s) {
		int64_t left = e->start_ms + (int64_t)c->max_time_s * 1000 - crw_now_ms();
		budget.run_left_ms = left > 0 ? left : 0;
	}
	const char *limit = NULL;
	(void)!crawl_links_html_limited(r->body.data, r->body.len, url, &budget, collect, l, &limit, &lerr);
	return limit;
}

/* The next link of l->list (from *p): kind and URL (caller frees), or NULL at the end. */
static char *next_link(const char **p, crawl_link_kind *kind)
{
	const char *nl = *p ? strchr(*p, '\n') : NULL;
	if (!nl)
		return NULL;
	*kind = (crawl_link_kind)((*p)[0] - '0');
	char *url = strndup(*p + 2, (size_t)(nl - *p - 2));
	*p = nl + 1;
	return url ? url : (char *)"";
}

/* The thin-chain count of a URL pattern (crawl.h "Chains of thin pages"). */
static unsigned *chain_count(engine *e, uint64_t pattern)
{
	struct engine_chain *c = &e->chains[pattern % CRAWL_TRAP_PATTERNS];
	if (c->pattern != pattern) {
		c->pattern = pattern;
		c->thin = 0;
	}
	return &c->thin;
}

/*
 * New links into the frontier. For a page, links that share its URL pattern
 * go last: when nothing else it links to was new, the page is thin, and
 * after max_thin_chain thin pages of the pattern in a row they are cut.
 */
static int route(engine *e, const crw_job *parent, const links *l, bool sitemap_index)
{
	bool chains = e->chains && parent->kind == CRAWL_KIND_PAGE && e->traps.max_thin_chain != CRAWL_TRAP_CHAIN_OFF;
	uint64_t pattern = chains ? crawl_trap_pattern(parent->url) : 0;
	bool fresh = false, any_same = false;
	int rc = WARC_OK;
	for (int pass = 0; pass < (chains ? 2 : 1) && !rc; pass++) {
		const char *trap = pass && *chain_count(e, pattern) > e->traps.max_thin_chain ? "thin-chain" : NULL;
		const char *p = l->list.data;
		crawl_link_kind kind;
		char *url;
		while (!rc && (url = next_link(&p, &kind))) {
			if (!*url)
				return warc_fail(e->err, WARC_ERR_NOMEM, "out of memory");
			bool same = chains && kind == CRAWL_LINK_NAV && crawl_trap_pattern(url) == pattern;
			any_same |= same;
			uint64_t before = e->queued;
			if (same != (pass == 1))
				; /* the other pass */
			else if (parent->kind == CRAWL_KIND_SITEMAP && sitemap_index)
				rc = crawl_scope_allows(e->scope, url) ? crw_add_url(e, url, parent, 'M', CRAWL_KIND_SITEMAP)
								     : WARC_OK;
			else
				rc = crw_add_link_trap(e, parent, url, kind, trap);
			if (!pass && kind == CRAWL_LINK_NAV && e->queued > before)
				fresh = true;
			free(url);
		}
		if (chains && !pass) {
			unsigned *thin = chain_count(e, pattern);
			*thin = fresh || !any_same ? 0 : *thin + 1;
		}
	}
	return rc;
}

/* ---- outcomes ---- */

/* robots.txt answers that mean "unreachable" (RFC 9309 2.3.1.4): disallow all. */
static bool robots_unreachable(long status)
{
	return status == 429 || status >= 500;
}

static int finish(engine *e, crw_fetch *f, const crw_response *r, crawl_outcome out, const char *why,
		  const char *digest)
{
	int rc = crw_frontier_done(e->fr, f->job.id, out, (int)f->status, e->err);
	if (rc)
		return rc;
	crawl_event ev = {
		.when = f->started, .status = (int)f->status, .size = f->response.len, .url = f->job.url,
		.hops = f->job.hops, .via = f->job.via, .mime = r && r->mime[0] ? r->mime : NULL,
		.duration_ms = f->duration_ms, .digest = digest && *digest ? digest : NULL, .outcome = out,
		.error = why, .truncated = f->truncated,
	};
	return crw_log(e, &ev);
}

int crw_fetch_failed(engine *e, crw_fetch *f, const char *why)
{
	if (f->job.kind == CRAWL_KIND_ROBOTS) {
		int rc = crw_robots_set(e, f->origin, CRAWL_ROBOTS_DENY, NULL, 0);
		if (rc)
			return rc;
	}
	return finish(e, f, NULL, CRAWL_OUT_FAILED, why, NULL);
}

/* The Location of a 3xx, absolute, or NULL (caller frees); added to the
 * metadata outlinks when outlinks is not NULL. */
static char *redirect_target(const crw_fetch *f, const crw_response *r, warc_buf *outlinks)
{
	long st = f->status;
	if (st < 300 || st >= 400 || !r->http)
		return NULL;
	const char *loc = warc_headers_get(warc_http_headers(r->http), "Location");
	warc_buf abs;
	warc_buf_init(&abs, WARC_LIMIT_URL);
	warc_error uerr;
	char *location = NULL;
	if (loc && crawl_url_resolve(f->job.url, loc, &abs, &uerr) == WARC_OK) {
		location = warc_buf_detach(&abs);
		if (location && outlinks)
			(void)!warc_buf_printf(outlinks, "outlink: %s R\r\n", location); /* bounded */
	}
	warc_buf_free(&abs);
	return location;
}

/* What follows the records of a capture, whether this run wrote them or a
 * killed run did (crw_replay): the digest for dedup, robots knowledge,
 * the done mark and log line, then the redirect target and the links. */
static int after_records(engine *e, crw_fetch *f, crw_response *r, const links *l, bool sitemap_index,
			 const char *location, bool revisit, const char *record_id, const char *why,
			 const char *digest)
{
	const crw_job *job = &f->job;
	long st = f->status;
	bool ok = st >= 200 && st < 300;
	int rc = WARC_OK;
	if (ok && !revisit && r->payload_len > 0 && !f->truncated && r->digest[0]) {
		char date[WARC_DATE_MAX];
		warc_format_date(&f->started, date);
		rc = crw_frontier_digest_put(e->fr, r->digest, record_id, job->url, date, e->err);
	}
	if (!rc && job->kind == CRAWL_KIND_ROBOTS && location) {
		rc = crw_robots_redirect(e, f->origin, job, location);
	} else if (!rc && job->kind == CRAWL_KIND_ROBOTS) {
		crw_robots_state state = ok ? CRAWL_ROBOTS_RULES : robots_unreachable(st) ? CRAWL_ROBOTS_DENY : CRAWL_ROBOTS_ALLOW;
		rc = crw_robots_set(e, f->origin, state, r->body.data, r->body.len);
	}
	crawl_outcome out = revisit ? CRAWL_OUT_REVISIT : location ? CRAWL_OUT_REDIRECT : CRAWL_OUT_CAPTURED;
	if (!rc)
		rc = finish(e, f, r, out, why, digest);
	if (!rc && location)
		rc = crw_add_redirect(e, job, location);
	if (!rc)
		rc = route(e, job, l, sitemap_index);
	if (!rc)
		e->uncommitted++;
	return rc;
}

int crw_capture(engine *e, crw_fetch *f, crw_response *r)
{
	const crw_job *job = &f->job;
	long st = f->status;
	bool ok = st >= 200 && st < 300;

	crw_digest_row orig = { .uri = NULL };
	bool dedup = false;
	int rc = WARC_OK;
	if (ok && r->payload_len > 0 && !f->truncated && r->digest[0])
		rc = crw_frontier_digest_get(e->fr, r->digest, &orig, &dedup, e->err);
	if (!rc && dedup && orig.warc_name) /* imported: its record ID, for WARC-Refers-To */
		rc = crw_dedup_resolve(e->cfg, e->fr, r->digest, &orig, e->err);
	if (rc) {
		free(orig.uri);
		free(orig.warc_name);
		return rc;
	}

	links l = { .count = 0 };
	warc_buf_init(&l.list, CRAWL_OUTLINKS_BYTES);
	warc_buf_init(&l.outlinks, CRAWL_OUTLINKS_BYTES);
	bool sitemap_index = false;
	const char *limit = NULL;
	char limit_why[48] = "";
	if (r->have_body && job->kind != CRAWL_KIND_ROBOTS)
		limit = extract(e, f, r, &l, &sitemap_index);
	if (limit)
		snprintf(limit_why, sizeof limit_why, "parse-limit-%s", limit);
	char *location = redirect_target(f, r, &l.outlinks);

	crw_capture_info info = {
		.via = job->via,
		.hops = job->hops,
		.fetch_ms = f->duration_ms,
		.outlinks = &l.outlinks,
		.original = dedup ? &orig : NULL,
		.payload_digest = r->digest,
		.response_payload_digest = r->digest_as_writer && r->digest[0] ? r->digest : NULL,
	};
	crw_capture_result cres;
	if (!e->writer) /* opened on the first capture: a run with none leaves no empty file */
		rc = crw_open_writer(e);
	if (!rc)
		rc = crw_capture_write(e->writer, f, &info, &cres, e->err);
	if (!rc)
		crw_index_capture(e, f, &cres, dedup);
	if (!rc) /* the state now accounts for the file up to here */
		rc = crw_frontier_warc_put(e->fr, cres.end_file, cres.end, e->err);
	if (!rc)
		rc = after_records(e, f, r, &l, sitemap_index, location, dedup, cres.response.record_id,
				   limit ? limit_why : NULL, dedup ? r->digest : cres.response.payload_digest);
	if (!rc) {
		e->res->totals.captured++;
		e->res->totals.warc_bytes += cres.bytes;
		if (dedup)
			e->res->totals.revisits++;
		if (job->kind == CRAWL_KIND_PAGE || job->kind == CRAWL_KIND_REQUISITE)
			e->pages++;
	}
	free(location);
	free(orig.uri);
	free(orig.warc_name);
	warc_buf_free(&l.list);
	warc_buf_free(&l.outlinks);
	return rc;
}

/* The links of a revisit, whose payload is not stored: its metadata
 * record's "outlink: URL HOP" lines (L a page link, E an embed; the R of
 * a redirect is taken from the head instead). */
static void links_from_metadata(const char *meta, links *l)
{
	for (const char *p = meta; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (n > 9 && !strncmp(p, "outlink: ", 9)) {
			const char *url = p + 9, *end = p + n;
			while (end > url && (end[-1] == '\r' || end[-1] == ' '))
				end--;
			char hop = end - url > 2 && end[-2] == ' ' ? end[-1] : 0;
			if (hop == 'L' || hop == 'E')
				(void)!warc_buf_printf(&l->list, "%d %.*s\n",
						       hop == 'E' ? (int)CRAWL_LINK_REQUISITE : (int)CRAWL_LINK_NAV,
						       (int)(end - 2 - url), url);
		}
		p = eol ? eol + 1 : NULL;
	}
}

int crw_replay(engine *e, crw_fetch *f, crw_response *r, const crw_replayed *rp)
{
	links l = { .count = 0 };
	warc_buf_init(&l.list, CRAWL_OUTLINKS_BYTES);
	warc_buf_init(&l.outlinks, CRAWL_OUTLINKS_BYTES);
	bool sitemap_index = false;
	if (rp->revisit)
		links_from_metadata(rp->metadata, &l);
	else if (r->have_body && f->job.kind != CRAWL_KIND_ROBOTS)
		(void)extract(e, f, r, &l, &sitemap_index);
	char *location = redirect_target(f, r, NULL);
	int rc = after_records(e, f, r, &l, sitemap_index, location, rp->revisit, rp->record_id, NULL,
			       rp->payload_digest);
	free(location);
	warc_buf_free(&l.list);
	warc_buf_free(&l.outlinks);
	return rc;
}
