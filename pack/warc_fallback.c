/*
 * warc_fallback.c - TEMPORARY weak stand-ins for warc/ functions that pack/
 * uses but that have not landed on main yet (warc_index_file,
 * warc_cdxj_line, warc_verify_file, warc_surt).
 *
 * They are weak symbols: once warc/ provides the real ones, the linker
 * takes those and this file is dead code; delete it when merging the
 * writer/reader branches. Deliberately minimal: one record per gzip
 * member, block digests only, a simple SURT (no query sorting).
 */
#include "pack/internal.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define WEAK __attribute__((weak))

typedef struct fb_rec {
	uint64_t offset, length;
	warc_buf head;           /* WARC header block */
	uint64_t cl, got;        /* Content-Length, block bytes seen */
	unsigned char first[16384];
	size_t nfirst;
	EVP_MD_CTX *sha1, *sha256;
	int state;               /* 0 header, 1 block, 2 trailer */
	unsigned trailer;
	bool header_done;
} fb_rec;

typedef int (*fb_fn)(void *ctx, fb_rec *r, const char *problem);

static void rec_reset(fb_rec *r)
{
	warc_buf_reset(&r->head);
	r->cl = r->got = 0;
	r->nfirst = 0;
	r->state = 0;
	r->trailer = 0;
	r->header_done = false;
	EVP_DigestInit_ex(r->sha1, EVP_sha1(), NULL);
	EVP_DigestInit_ex(r->sha256, EVP_sha256(), NULL);
}

/* Value of a header field in the raw header block (malloc'd) or NULL. */
static char *field(const fb_rec *r, const char *name)
{
	size_t nl = strlen(name);
	const char *p = r->head.data;
	while (p && *p) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			eol = p + strlen(p);
		if ((size_t)(eol - p) > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			const char *e = eol;
			while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			return strndup(v, (size_t)(e - v));
		}
		p = *eol ? eol + 2 : eol;
	}
	return NULL;
}

/* Feed decompressed (or plain) bytes; returns bytes consumed, stops at record end. */
static size_t rec_feed(fb_rec *r, const unsigned char *p, size_t n, bool *done)
{
	size_t used = 0;
	*done = false;
	while (used < n) {
		if (r->state == 0) {
			if (warc_buf_add(&r->head, p + used, 1))
				return used;
			used++;
			if (r->head.len >= 4 && !memcmp(r->head.data + r->head.len - 4, "\r\n\r\n", 4)) {
				char *cl = field(r, "Content-Length");
				r->cl = cl ? strtoull(cl, NULL, 10) : 0;
				free(cl);
				r->state = 1;
				r->header_done = true;
			}
		} else if (r->state == 1) {
			size_t k = n - used;
			if (k > r->cl - r->got)
				k = (size_t)(r->cl - r->got);
			EVP_DigestUpdate(r->sha1, p + used, k);
			EVP_DigestUpdate(r->sha256, p + used, k);
			if (r->nfirst < sizeof r->first) {
				size_t c = k < sizeof r->first - r->nfirst ? k : sizeof r->first - r->nfirst;
				memcpy(r->first + r->nfirst, p + used, c);
				r->nfirst += c;
			}
			r->got += k;
			used += k;
			if (r->got == r->cl)
				r->state = 2;
		} else {
			if (p[used] != (r->trailer % 2 ? '\n' : '\r')) {
				*done = true;
				return used;
			}
			used++;
			if (++r->trailer == 4) {
				*done = true;
				return used;
			}
		}
	}
	return used;
}

static int fb_scan(const char *path, fb_fn fn, void *ctx, warc_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return warc_fail(err, WARC_ERR_IO, "%s: %s", path, strerror(errno));
	fb_rec r;
	memset(&r, 0, sizeof r);
	warc_buf_init(&r.head, WARC_LIMIT_HEADER);
	r.sha1 = EVP_MD_CTX_new();
	r.sha256 = EVP_MD_CTX_new();
	rec_reset(&r);
	unsigned char *in = malloc(1 << 16), *out = malloc(1 << 16);
	if (!in || !out) {
		free(in);
		free(out);
		fclose(f);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	int c0 = fgetc(f), c1 = fgetc(f);
	rewind(f);
	int rc = WARC_OK;
	if (c0 == 0x1f && c1 == 0x8b) {
		z_stream z;
		memset(&z, 0, sizeof z);
		inflateInit2(&z, 31);
		uint64_t pos = 0;   /* compressed bytes consumed */
		r.offset = 0;
		for (;;) {
			if (!z.avail_in) {
				size_t k = fread(in, 1, (1 << 16), f);
				if (!k)
					break;
				z.next_in = in;
				z.avail_in = (uInt)k;
			}
			z.next_out = out;
			z.avail_out = (1 << 16);
			uInt before = z.avail_in;
			int zr = inflate(&z, Z_NO_FLUSH);
			pos += before - z.avail_in;
			size_t produced = (1 << 16) - z.avail_out, off = 0;
			bool done;
			while (off < produced) {
				size_t u = rec_feed(&r, out + off, produced - off, &done);
				off += u;
				if (!u && !done)
					break;
				if (done && off < produced)
					break;   /* extra bytes in member: ignored */
			}
			if (zr == Z_STREAM_END) {
				r.length = pos - r.offset;
				const char *problem = r.header_done && r.state == 2 ? NULL :
						      r.header_done ? "record block truncated" : "no WARC header";
				rc = fn(ctx, &r, problem);
				if (rc)
					break;
				r.offset = pos;
				rec_reset(&r);
				inflateReset(&z);
			} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
				rc = fn(ctx, &r, "gzip data is damaged");
				break;
			}
		}
		if (!rc && (r.head.len || pos != r.offset))
			rc = fn(ctx, &r, "file ends inside a gzip member");
		inflateEnd(&z);
	} else {
		uint64_t pos = 0;
		size_t k;
		r.offset = 0;
		while (!rc && (k = fread(in, 1, (1 << 16), f)) > 0) {
			size_t off = 0;
			while (!rc && off < k) {
				bool done;
				size_t u = rec_feed(&r, in + off, k - off, &done);
				off += u;
				pos += u;
				if (done) {
					r.length = pos - r.offset;
					rc = fn(ctx, &r, r.trailer == 4 ? NULL : "bad record trailer");
					r.offset = pos;
					rec_reset(&r);
				} else if (!u) {
					rc = fn(ctx, &r, "header too large");
					break;
				}
			}
		}
		if (!rc && r.head.len)
			rc = fn(ctx, &r, r.state == 2 ? NULL : "file ends inside a record");
	}
	fclose(f);
	free(in);
	free(out);
	warc_buf_free(&r.head);
	EVP_MD_CTX_free(r.sha1);
	EVP_MD_CTX_free(r.sha256);
	return rc < 0 ? rc : WARC_OK;
}

WEAK int warc_surt(const char *uri, warc_buf *out)
{
	const char *p = strstr(uri, "://");
	if (!p || strncasecmp(uri, "http", 4))
		return warc_buf_addstr(out, uri);
	p += 3;
	const char *hend = p + strcspn(p, "/?#");
	const char *at = memchr(p, '@', (size_t)(hend - p));
	if (at)
		p = at + 1;
	char host[512];
	size_t hl = (size_t)(hend - p) < sizeof host - 1 ? (size_t)(hend - p) : sizeof host - 1;
	for (size_t i = 0; i < hl; i++)
		host[i] = (char)tolower((unsigned char)p[i]);
	host[hl] = '\0';
	char *colon = strchr(host, ':');
	if (colon && (!strcmp(colon, ":80") || !strcmp(colon, ":443")))
		*colon = '\0';
	char *h = host;
	if (!strncmp(h, "www", 3)) {
		char *q = h + 3;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '.')
			h = q + 1;
	}
	int rc = WARC_OK;
	char *end = h + strlen(h);
	while (!rc && end > h) {
		char *dot = end;
		while (dot > h && dot[-1] != '.')
			dot--;
		rc = warc_buf_add(out, dot, (size_t)(end - dot));
		if (!rc && dot > h)
			rc = warc_buf_add(out, ",", 1);
		end = dot > h ? dot - 1 : h;
	}
	if (!rc)
		rc = warc_buf_add(out, ")", 1);
	const char *path = hend;
	size_t pl = strcspn(path, "#");
	if (!pl)
		return rc ? rc : warc_buf_add(out, "/", 1);
	for (size_t i = 0; !rc && i < pl; i++) {
		char c = (char)tolower((unsigned char)path[i]);
		if (i == 0 && c == '?')
			rc = warc_buf_add(out, "/", 1);
		if (!rc)
			rc = warc_buf_add(out, &c, 1);
	}
	return rc;
}

WEAK int warc_cdxj_line(const warc_index_entry *e, warc_buf *out)
{
	json_t *o = json_object();
	json_object_set_new(o, "url", json_string(e->url ? e->url : ""));
	if (e->mime)
		json_object_set_new(o, "mime", json_string(e->mime));
	if (e->status) {
		char s[16];
		snprintf(s, sizeof s, "%d", e->status);
		json_object_set_new(o, "status", json_string(s));
	}
	if (e->digest)
		json_object_set_new(o, "digest", json_string(e->digest));
	char num[32];
	snprintf(num, sizeof num, "%llu", (unsigned long long)e->length);
	json_object_set_new(o, "length", json_string(num));
	snprintf(num, sizeof num, "%llu", (unsigned long long)e->offset);
	json_object_set_new(o, "offset", json_string(num));
	json_object_set_new(o, "filename", json_string(e->filename));
	char *js = json_dumps(o, JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!js)
		return WARC_ERR_NOMEM;
	int rc = warc_buf_printf(out, "%s %s %s\n", e->surt, e->ts14, js);
	free(js);
	return rc;
}

typedef struct fb_index {
	const char *filename;
	warc_index_fn fn;
	void *ctx;
	warc_error *err;
	const char *path;
} fb_index;

static void http_info(const fb_rec *r, int *status, char *mime, size_t msz)
{
	*status = 0;
	mime[0] = '\0';
	if (r->nfirst < 12 || memcmp(r->first, "HTTP/", 5))
		return;
	const char *sp = memchr(r->first, ' ', r->nfirst);
	if (sp)
		*status = atoi(sp + 1);
	/* find Content-Type in the head */
	size_t n = r->nfirst;
	for (size_t i = 0; i + 14 < n; i++) {
		if ((i == 0 || r->first[i - 1] == '\n') && !strncasecmp((const char *)r->first + i, "content-type:", 13)) {
			size_t j = i + 13, k = 0;
			while (j < n && r->first[j] == ' ')
				j++;
			while (j < n && r->first[j] != ';' && r->first[j] != '\r' && r->first[j] != '\n' && k + 1 < msz)
				mime[k++] = (char)tolower(r->first[j++]);
			while (k && mime[k - 1] == ' ')
				k--;
			mime[k] = '\0';
			return;
		}
		if (r->first[i] == '\n' && i + 2 < n && r->first[i + 1] == '\r' && r->first[i + 2] == '\n')
			return;
	}
}

static int fb_index_rec(void *ctx, fb_rec *r, const char *problem)
{
	fb_index *x = ctx;
	if (problem)
		return warc_fail(x->err, WARC_ERR_FORMAT, "%s: offset %llu: %s", x->path,
				 (unsigned long long)r->offset, problem);
	char *type = field(r, "WARC-Type"), *uri = field(r, "WARC-Target-URI"), *date = field(r, "WARC-Date");
	char *ct = field(r, "Content-Type"), *pd = field(r, "WARC-Payload-Digest");
	int rc = WARC_OK;
	bool want = type && (!strcmp(type, "response") || !strcmp(type, "revisit") || !strcmp(type, "resource") ||
			     !strcmp(type, "metadata"));
	if (want && ct && !strncasecmp(ct, "application/warc-fields", 23))
		want = false;
	if (want && uri && date) {
		warc_buf surt;
		warc_buf_init(&surt, 1 << 16);
		rc = warc_surt(uri, &surt);
		warc_index_entry e;
		memset(&e, 0, sizeof e);
		char mime[128];
		int status = 0;
		if (!strcmp(type, "response") || !strcmp(type, "revisit"))
			http_info(r, &status, mime, sizeof mime);
		else
			snprintf(mime, sizeof mime, "%s", ct ? ct : "");
		if (!strcmp(type, "revisit"))
			snprintf(mime, sizeof mime, "warc/revisit");
		char *semi = strchr(mime, ';');
		if (semi)
			*semi = '\0';
		e.surt = surt.data;
		if (!pk_rfc3339_ts14(date, e.ts14))
			memset(e.ts14, '0', 14);
		e.url = uri;
		e.mime = mime[0] ? mime : "unk";
		e.status = status;
		e.digest = pd;
		e.length = r->length;
		e.offset = r->offset;
		e.filename = x->filename;
		e.record_type = type;
		if (!rc)
			rc = x->fn(x->ctx, &e);
		warc_buf_free(&surt);
	}
	free(type);
	free(uri);
	free(date);
	free(ct);
	free(pd);
	return rc;
}

WEAK int warc_index_file(const char *path, const char *filename, warc_index_fn fn, void *ctx, warc_error *err)
{
	fb_index x = { filename, fn, ctx, err, path };
	return fb_scan(path, fb_index_rec, &x, err);
}

typedef struct fb_verify {
	warc_problem_fn fn;
	void *ctx;
	warc_verify_result *res;
} fb_verify;

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static void base32(const unsigned char *raw, size_t n, char *out)
{
	size_t bits = 0, j = 0;
	unsigned buf = 0;
	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			out[j++] = b32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits)
		out[j++] = b32[(buf << (5 - bits)) & 31];
	out[j] = '\0';
}

static int fb_verify_rec(void *ctx, fb_rec *r, const char *problem)
{
	fb_verify *v = ctx;
	v->res->records++;
	if (problem) {
		v->res->problems++;
		if (v->fn)
			v->fn(v->ctx, r->offset, false, problem);
		return WARC_OK;
	}
	char *bd = field(r, "WARC-Block-Digest");
	if (bd) {
		unsigned char raw[64];
		unsigned n = 0;
		char enc[160], hex[160];
		bool ok;
		if (!strncasecmp(bd, "sha1:", 5)) {
			EVP_DigestFinal_ex(r->sha1, raw, &n);
			base32(raw, n, enc);
			ok = !strcasecmp(bd + 5, enc);
		} else if (!strncasecmp(bd, "sha256:", 7)) {
			EVP_DigestFinal_ex(r->sha256, raw, &n);
			for (unsigned i = 0; i < n; i++)
				snprintf(hex + 2 * i, 3, "%02x", raw[i]);
			base32(raw, n, enc);
			ok = !strcasecmp(bd + 7, hex) || !strcasecmp(bd + 7, enc);
		} else {
			ok = true;
		}
		v->res->digests_checked++;
		if (!ok) {
			v->res->problems++;
			if (v->fn)
				v->fn(v->ctx, r->offset, false, "WARC-Block-Digest does not match the block");
		}
		free(bd);
	}
	return WARC_OK;
}

WEAK int warc_verify_file(const char *path, warc_problem_fn fn, void *ctx, warc_verify_result *result,
			  warc_error *err)
{
	memset(result, 0, sizeof *result);
	fb_verify v = { fn, ctx, result };
	return fb_scan(path, fb_verify_rec, &v, err);
}
