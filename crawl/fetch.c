/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fetch.c - the fetcher: libcurl's multi interface, one easy handle per
 * fetch, capturing the exact bytes on the wire.
 *
 * Design: libcurl is told not to undo anything (no transfer or content
 * decoding, no redirect following), so the header callback sees the raw
 * head and the write callback the raw (possibly chunked, gzip) body; both
 * go, in order, into one spool that becomes the response record's block.
 * The debug callback's HEADER_OUT/DATA_OUT give the request bytes. Interim
 * 1xx heads are dropped; a request libcurl re-sends on a fresh connection
 * restarts the capture. Politeness is the engine's job. crw_fetcher_run()
 * returns as soon as a transfer finished, so the engine can start the next
 * one at once instead of sleeping in poll.
 *
 * Ownership: the caller owns every crw_fetch from start to free; the
 * fetcher only borrows it (its easy handle, and a slot in the done list
 * reserved at start, so finishing never allocates). Freeing the fetcher
 * frees no fetch, and aborting a fetch also takes it off the done list, so
 * a fetch is freed exactly once, by its owner, whatever state it is in.
 *
 * HTTP/2 (negotiated by ALPN over TLS unless http1_only) has no wire text:
 * libcurl hands over its own rendering of the frames, whose start lines
 * are made HTTP/1.1 here (h2text.c) - the status line as it arrives, the
 * request line when the transfer is done. The HTTP and TLS versions are
 * read once the response head starts, while the connection surely exists;
 * the TLS version only when libcurl's TLS library is the OpenSSL we link,
 * so the SSL handle it hands out is one we may read.
 */
#include "crawl/internal.h"

#include <curl/curl.h>
#include <openssl/opensslv.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>

struct crw_fetcher {
	CURLM *multi;
	struct curl_slist *resolve;
	const crawl_config *cfg;
	bool read_tls;               /* libcurl's TLS library is our OpenSSL (major version) */
	char *user_agent_hdr;
	char *accept_encoding_hdr;
	unsigned active;
	crw_fetch **done;          /* finished, not yet collected (borrowed) */
	size_t ndone, capdone;
};

int64_t crw_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int crw_fetcher_new(crw_fetcher **out, const crawl_config *cfg, warc_error *err)
{
	*out = NULL;
	/* Reference-counted by libcurl; balanced in crw_fetcher_free(). */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return warc_fail(err, WARC_ERR_IO, "libcurl initialisation failed");
	crw_fetcher *fe = calloc(1, sizeof *fe);
	if (!fe) {
		curl_global_cleanup();
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	fe->cfg = cfg;
	const curl_version_info_data *vi = curl_version_info(CURLVERSION_NOW);
	char ours[32];
	snprintf(ours, sizeof ours, "OpenSSL/%d.", OPENSSL_VERSION_MAJOR);
	fe->read_tls = vi && vi->ssl_version && !strncmp(vi->ssl_version, ours, strlen(ours));
	fe->multi = curl_multi_init();
	if (!fe->multi) {
		free(fe);
		curl_global_cleanup();
		return warc_fail(err, WARC_ERR_NOMEM, "curl_multi_init failed");
	}
	/* No CURLMOPT_MAX_HOST_CONNECTIONS: the engine already caps requests per
	 * origin (the tests check it from the server's side), and handles parked
	 * inside libcurl waiting for a slot would hide from that accounting. */
	for (size_t i = 0; i < cfg->nresolve; i++) {
		struct curl_slist *n = curl_slist_append(fe->resolve, cfg->resolve[i]);
		if (!n) {
			crw_fetcher_free(fe);
			return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		}
		fe->resolve = n;
	}
	size_t n = strlen(cfg->user_agent) + 16;
	fe->user_agent_hdr = malloc(n);
	if (fe->user_agent_hdr)
		snprintf(fe->user_agent_hdr, n, "User-Agent: %s", cfg->user_agent);
	if (cfg->accept_encoding && *cfg->accept_encoding) {
		n = strlen(cfg->accept_encoding) + 20;
		fe->accept_encoding_hdr = malloc(n);
		if (fe->accept_encoding_hdr)
			snprintf(fe->accept_encoding_hdr, n, "Accept-Encoding: %s", cfg->accept_encoding);
	}
	if (!fe->user_agent_hdr || (cfg->accept_encoding && *cfg->accept_encoding && !fe->accept_encoding_hdr)) {
		crw_fetcher_free(fe);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	*out = fe;
	return WARC_OK;
}

void crw_fetcher_free(crw_fetcher *fe)
{
	if (!fe)
		return;
	free(fe->done); /* the fetches are the caller's */
	if (fe->multi)
		curl_multi_cleanup(fe->multi);
	curl_slist_free_all(fe->resolve);
	free(fe->user_agent_hdr);
	free(fe->accept_encoding_hdr);
	free(fe);
	curl_global_cleanup();
}

crw_fetch *crw_fetch_new(const char *spool_dir)
{
	crw_fetch *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	warc_buf_init(&f->request, WARC_LIMIT_HEADER);
	crw_spool_init(&f->response, spool_dir);
	return f;
}

void crw_fetch_free(crw_fetch *f)
{
	if (!f)
		return;
	if (f->easy)
		curl_easy_cleanup(f->easy);
	curl_slist_free_all(f->headers);
	warc_buf_free(&f->request);
	crw_spool_free(&f->response);
	crw_job_clear(&f->job);
	free(f);
}

/* The request as sent. A second head means libcurl retried on a fresh
 * connection: start over, the earlier bytes never got an answer. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *ctx)
{
	(void)h;
	crw_fetch *f = ctx;
	if (type == CURLINFO_HEADER_OUT) {
		if (f->saw_request_head && f->response.len == 0)
			warc_buf_reset(&f->request);
		f->saw_request_head = true;
	} else if (type != CURLINFO_DATA_OUT) {
		return 0;
	}
	if (warc_buf_add(&f->request, data, size)) {
		f->io_failed = true;
		warc_fail(&f->io_error, WARC_ERR_TOOBIG, "request larger than %u bytes", WARC_LIMIT_HEADER);
	}
	return 0;
}

static const char *tls_name(int version)
{
	switch (version) {
	case TLS1_3_VERSION: return "tls/1.3";
	case TLS1_2_VERSION: return "tls/1.2";
	case TLS1_1_VERSION: return "tls/1.1";
	case TLS1_VERSION: return "tls/1.0";
	case SSL3_VERSION: return "ssl/3";
	default: return NULL;
	}
}

static bool is_h2(const crw_fetch *f)
{
	return f->http_protocol && !strcmp(f->http_protocol, "h2");
}

/* The HTTP and TLS versions of the transfer, as WARC-Protocol names. */
static void note_protocols(crw_fetch *f)
{
	long v = 0;
	curl_easy_getinfo(f->easy, CURLINFO_HTTP_VERSION, &v);
	f->http_protocol = v == CURL_HTTP_VERSION_2_0 ? "h2"
			 : v == CURL_HTTP_VERSION_1_1 ? "http/1.1"
			 : v == CURL_HTTP_VERSION_1_0 ? "http/1.0"
			 : NULL;
	struct curl_tlssessioninfo *ti = NULL;
	if (f->read_tls && !f->tls_protocol && curl_easy_getinfo(f->easy, CURLINFO_TLS_SSL_PTR, &ti) == CURLE_OK &&
	    ti && ti->backend == CURLSSLBACKEND_OPENSSL && ti->internals)
		f->tls_protocol = tls_name(SSL_version((const SSL *)ti->internals));
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ctx)
{
	crw_fetch *f = ctx;
	size_t n = size * nmemb;
	if (f->head_len)
		return n; /* trailers and the like: the body already holds the raw bytes */
	if (f->response.len + n > WARC_LIMIT_HEADER) {
		warc_fail(&f->io_error, WARC_ERR_TOOBIG, "response head larger than %u bytes", WARC_LIMIT_HEADER);
		f->io_failed = true;
		return 0;
	}
	char h1[64];
	if (n >= 5 && !memcmp(p, "HTTP/", 5)) {
		const char *sp = memchr(p, ' ', n);
		f->status = sp ? strtol(sp + 1, NULL, 10) : 0;
		note_protocols(f);
		size_t len = is_h2(f) ? crw_h2_status_line(f->status, h1, sizeof h1) : 0;
		if (len) { /* "HTTP/2 200 " becomes "HTTP/1.1 200 OK" */
			if (crw_spool_add(&f->response, h1, len, &f->io_error)) {
				f->io_failed = true;
				return 0;
			}
			return n;
		}
	}
	if (crw_spool_add(&f->response, p, n, &f->io_error)) {
		f->io_failed = true;
		return 0;
	}
	if ((n == 2 && p[0] == '\r' && p[1] == '\n') || (n == 1 && p[0] == '\n')) {
		if (f->status >= 100 && f->status < 200)
			crw_spool_reset(&f->response); /* interim response: not the capture */
		else
			f->head_len = f->response.len;
	}
	return n;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ctx)
{
	crw_fetch *f = ctx;
	size_t n = size * nmemb;
	size_t keep = n;
	if (f->max_size && f->body_len + n > f->max_size) {
		keep = (size_t)(f->max_size - f->body_len);
		f->truncated = "length";
	}
	if (!f->head_len)
		f->head_len = f->response.len; /* a head without its blank line (HTTP/0.9-ish) */
	if (crw_spool_add(&f->response, p, keep, &f->io_error)) {
		f->io_failed = true;
		return 0;
	}
	f->body_len += keep;
	if (f->bytes_counter)
		*f->bytes_counter += keep;
	return keep == n ? n : 0; /* 0 aborts the transfer once the size cap is hit */
}

/* Room in the done list for every active transfer plus one more. */
static int reserve_done(crw_fetcher *fe, warc_error *err)
{
	if (fe->capdone > fe->active)
		return WARC_OK;
	size_t cap = fe->capdone ? fe->capdone * 2 : 16;
	crw_fetch **n = realloc(fe->done, cap * sizeof *n);
	if (!n)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	fe->done = n;
	fe->capdone = cap;
	return WARC_OK;
}

int crw_fetcher_start(crw_fetcher *fe, crw_fetch *f, warc_error *err)
{
	const crawl_config *cfg = fe->cfg;
	if (reserve_done(fe, err))
		return WARC_ERR_NOMEM;
	CURL *h = curl_easy_init();
	if (!h)
		return warc_fail(err, WARC_ERR_NOMEM, "curl_easy_init failed");
	f->easy = h;
	f->max_size = cfg->max_size;
	f->read_tls = fe->read_tls;
	clock_gettime(CLOCK_REALTIME, &f->started);
	f->started_ms = crw_now_ms();
	struct curl_slist *hd = curl_slist_append(NULL, fe->user_agent_hdr);
	if (hd && fe->accept_encoding_hdr)
		hd = curl_slist_append(hd, fe->accept_encoding_hdr) ? hd : NULL;
	if (!hd)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	f->headers = hd;
	curl_easy_setopt(h, CURLOPT_URL, f->job.url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, f);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
			 cfg->http1_only ? (long)CURL_HTTP_VERSION_1_1 : (long)CURL_HTTP_VERSION_2TLS);
	if (cfg->ca_certificate)
		curl_easy_setopt(h, CURLOPT_CAINFO, cfg->ca_certificate);
	if (!cfg->check_certificate) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	curl_easy_setopt(h, CURLOPT_HTTP_TRANSFER_DECODING, 0L);
	curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, 0L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, f);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, f);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); /* needed for the debug callback; it prints nothing */
	if (cfg->timeout_s) {
		curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)cfg->timeout_s);
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)cfg->timeout_s);
	}
	if (fe->resolve)
		curl_easy_setopt(h, CURLOPT_RESOLVE, fe->resolve);
	if (curl_multi_add_handle(fe->multi, h) != CURLM_OK)
		return warc_fail(err, WARC_ERR_IO, "curl_multi_add_handle failed");
	fe->active++;
	return WARC_OK;
}

static void finish(crw_fetcher *fe, CURL *h, CURLcode res)
{
	crw_fetch *f = NULL;
	curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&f);
	curl_multi_remove_handle(fe->multi, h);
	fe->active--;
	f->duration_ms = (long)(crw_now_ms() - f->started_ms);
	f->result = res;
	if (res != CURLE_OK)
		snprintf(f->error, sizeof f->error, "%s", curl_easy_strerror(res));
	char *ip = NULL;
	if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip)
		snprintf(f->ip, sizeof f->ip, "%s", ip);
	if (is_h2(f) && !f->io_failed &&
	    crw_h2_request_head(&f->request, &f->io_error))
		f->io_failed = true;
	if (res == CURLE_OPERATION_TIMEDOUT && f->head_len)
		f->truncated = "time";
	else if (res != CURLE_OK && res != CURLE_WRITE_ERROR && f->head_len && f->body_len)
		f->truncated = "disconnect";
	curl_easy_cleanup(h);
	f->easy = NULL;
	fe->done[fe->ndone++] = f; /* room reserved by crw_fetcher_start() */
}

static void collect_done(crw_fetcher *fe)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(fe->multi, &left)))
		if (m->msg == CURLMSG_DONE)
			finish(fe, m->easy_handle, m->data.result);
}

int crw_fetcher_run(crw_fetcher *fe, int timeout_ms, warc_error *err)
{
	int running = 0;
	CURLMcode mc = curl_multi_perform(fe->multi, &running);
	collect_done(fe);
	/* Something finished already: hand it over before waiting for more. */
	if (mc == CURLM_OK && fe->ndone == 0 && timeout_ms > 0) {
		long due = -1; /* libcurl's own timers (retries on a fresh connection, ...) */
		if (curl_multi_timeout(fe->multi, &due) == CURLM_OK && due >= 0 && due < timeout_ms)
			timeout_ms = (int)due;
		if (timeout_ms > 0)
			mc = curl_multi_poll(fe->multi, NULL, 0, timeout_ms, NULL);
		if (mc == CURLM_OK)
			mc = curl_multi_perform(fe->multi, &running);
		collect_done(fe);
	}
	if (mc != CURLM_OK)
		return warc_fail(err, WARC_ERR_IO, "curl multi: %s", curl_multi_strerror(mc));
	return WARC_OK;
}

crw_fetch *crw_fetcher_done(crw_fetcher *fe)
{
	if (!fe->ndone)
		return NULL;
	crw_fetch *f = fe->done[0];
	memmove(fe->done, fe->done + 1, (fe->ndone - 1) * sizeof *fe->done);
	fe->ndone--;
	return f;
}

void crw_fetcher_abort(crw_fetcher *fe, crw_fetch *f)
{
	if (f->easy) {
		curl_multi_remove_handle(fe->multi, f->easy);
		fe->active--;
	}
	for (size_t i = 0; i < fe->ndone; i++)
		if (fe->done[i] == f) { /* finished but not collected: forget it */
			memmove(fe->done + i, fe->done + i + 1, (fe->ndone - i - 1) * sizeof *fe->done);
			fe->ndone--;
			break;
		}
}

unsigned crw_fetcher_active(const crw_fetcher *fe)
{
	return fe->active;
}

const char *crw_fetch_reason(const crw_fetch *f)
{
	if (f->io_failed)
		return "io";
	switch ((CURLcode)f->result) {
	case CURLE_OK: return "ok";
	case CURLE_COULDNT_RESOLVE_HOST: return "dns";
	case CURLE_COULDNT_CONNECT: return "connect";
	case CURLE_OPERATION_TIMEDOUT: return "timeout";
	case CURLE_GOT_NOTHING: return "empty-reply";
	case CURLE_RECV_ERROR: return "recv";
	case CURLE_SEND_ERROR: return "send";
	case CURLE_PARTIAL_FILE: return "partial";
	case CURLE_WRITE_ERROR: return "size-cap";
	case CURLE_SSL_CONNECT_ERROR: return "tls";
	case CURLE_PEER_FAILED_VERIFICATION: return "tls-verify";
	case CURLE_SSL_CACERT_BADFILE: return "tls-ca-file";
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM: return "http2";
	case CURLE_UNSUPPORTED_PROTOCOL: return "protocol";
	case CURLE_WEIRD_SERVER_REPLY: return "bad-reply";
	case CURLE_TOO_MANY_REDIRECTS: return "redirects";
	default: return "curl";
	}
}

bool crw_fetch_retryable(const crw_fetch *f)
{
	CURLcode res = (CURLcode)f->result;
	return res != CURLE_PEER_FAILED_VERIFICATION && res != CURLE_SSL_CACERT_BADFILE;
}
