/* SPDX-License-Identifier: Apache-2.0 */
/*
 * writer.c - write WARC/1.1 records, one gzip member each, into rotating
 * files named PREFIX-YYYYMMDDhhmmssSSS-SERIAL-HOST.warc.gz.
 *
 * Design:
 *  - Two passes over the block, never holding it: pass 1 streams it through
 *    the block digest and the payload digest (for HTTP blocks the entity
 *    body after the head, de-chunked when Transfer-Encoding is chunked,
 *    content coding kept); pass 2 writes the header, then deflates the block
 *    and the CRLFCRLF trailer into the same gzip member. A block may thus be
 *    a multi-gigabyte temp file and memory stays constant.
 *  - Compression: a member whose header and block fit in ONESHOT_MAX bytes
 *    (every block a crawl holds in memory) is gathered into one buffer and
 *    compressed in one call by libdeflate at LEVEL 4: on the crawl
 *    benchmark's records 57% less CPU than zlib's streaming deflate at its
 *    default level 6, for members 2.4% larger (libdeflate at 6: 40% less
 *    CPU, 1% smaller; at 1: 74% less, 14% larger). Bigger members (blocks
 *    from files, mostly media) stream through zlib at ZLIB_LEVEL 6 as
 *    before, so memory stays bounded. Either way a plain gzip member.
 *  - A file is written as NAME.warc.gz.open and renamed when closed, so a
 *    crash leaves an obviously unfinished file for warc_repair_open_file().
 *    Every file starts with a warcinfo record whose WARC-Filename is the
 *    final name; every other record points to it with WARC-Warcinfo-ID.
 *  - A failed write truncates the file back to where the record started, so
 *    the file never holds half a record because of an error we saw. Each
 *    record is flushed out of stdio before it counts as written, so a full
 *    disk is seen at the record it cut, not at a later flush.
 *  - Forbidden fields (WARC 1.1 section 5 table: Target-URI on warcinfo,
 *    Concurrent-To/IP/Protocol on conversion, Refers-To on responses, fields
 *    the writer owns, repeats other than Concurrent-To and Protocol (one
 *    WARC-Protocol per layer, iipc/warc-specifications#42), CR/LF in values) are
 *    refused with WARC_ERR_USAGE rather than silently written or dropped.
 */
#include "warc/warc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <libdeflate.h>
#include <zlib.h>

#define IO_CHUNK (256u * 1024u)
#define ONESHOT_MAX (2u * 1024u * 1024u) /* member input compressed in one call, at most */
#define LEVEL 4                          /* libdeflate, one-shot members */
#define ZLIB_LEVEL 6                     /* zlib, streamed members */

struct warc_writer {
	char *dir, *prefix, *host, *warcinfo;
	uint64_t max_size;
	warc_digest_alg alg;
	FILE *f;                        /* NULL between files */
	char name[256];                 /* final file name */
	char path[PATH_MAX];            /* dir/name.open */
	uint64_t size;                  /* bytes in the current file */
	unsigned serial;                /* serial of the next file */
	char warcinfo_id[WARC_ID_MAX];
	z_stream z;
	bool z_ready;
	unsigned char *in, *out;        /* IO_CHUNK each */
	struct libdeflate_compressor *ld;
	warc_buf member;                /* header + block + trailer for one-shot compression */
	unsigned char *zbuf;            /* its compressed form */
	size_t zcap;
};

/* ---- small helpers ---------------------------------------------------------- */

static bool has_crlf(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

static bool is_token(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f || strchr("()<>@,;:\\\"/[]?={}", *s))
			return false;
	return true;
}

/* A "<uri>" record ID: brackets, at least one char, no whitespace or controls. */
static bool is_record_id(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || s[0] != '<' || s[n - 1] != '>')
		return false;
	for (size_t i = 1; i + 1 < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f || s[i] == '<' || s[i] == '>')
			return false;
	return true;
}

static bool is_ascii_uri(const char *s)
{
	if (!*s || *s == '<')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static bool type_in(const char *type, const char *list)
{
	size_t n = strlen(type);
	for (const char *p = list; *p;) {
		size_t l = strcspn(p, " ");
		if (l == n && !strncmp(p, type, n))
			return true;
		p += l;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* Keep a file-name component to [A-Za-z0-9._-]. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-')
			*s = '-';
}

/* ---- spec validation ---------------------------------------------------------- */

/* Fields the writer sets itself: never accepted in spec->extra. */
static const char *const OWNED[] = {
	"WARC-Type", "WARC-Record-ID", "WARC-Date", "Content-Length", "Content-Type",
	"WARC-Block-Digest", "WARC-Payload-Digest", "WARC-Warcinfo-ID", "WARC-Target-URI",
	"WARC-Filename", NULL,
};

/* Where a field MUST NOT appear (WARC 1.1 section 5; warcinfo is the writer's own). */
static const struct {
	const char *name;
	const char *forbidden_on;   /* space-separated types */
} FORBIDDEN[] = {
	{ "WARC-Concurrent-To", "conversion continuation" },
	{ "WARC-Refers-To", "response resource request continuation" },
	{ "WARC-Refers-To-Target-URI", "response resource request metadata conversion continuation" },
	{ "WARC-Refers-To-Date", "response resource request metadata conversion continuation" },
	{ "WARC-IP-Address", "conversion continuation" },
	{ "WARC-Protocol", "conversion continuation" },
	{ "WARC-Segment-Origin-ID", "response resource request metadata revisit conversion" },
	{ "WARC-Segment-Total-Length", "response resource request metadata revisit conversion" },
	{ "WARC-Identified-Payload-Type", "metadata" },
};

static int validate(const warc_record_spec *spec, warc_error *err)
{
	const char *type = spec->type;
	if (!type || !type_in(type, "response request resource metadata revisit conversion continuation"))
		return warc_fail(err, WARC_ERR_USAGE, "writer: record type '%s' cannot be written (warcinfo is written by the writer)",
				 type ? type : "(none)");
	if (spec->block && spec->block_file)
		return warc_fail(err, WARC_ERR_USAGE, "writer: a block from memory and from a file at once");
	if (!spec->block && spec->block_len)
		return warc_fail(err, WARC_ERR_USAGE, "writer: block_len without a block");
	if (spec->target_uri ? !is_ascii_uri(spec->target_uri) : strcmp(type, "metadata") != 0)
		return warc_fail(err, WARC_ERR_USAGE,
				 "writer: %s record needs a WARC-Target-URI that is ASCII without spaces or <> (got '%.200s')",
				 type, spec->target_uri ? spec->target_uri : "(none)");
	struct timespec ts;
	if (spec->date && warc_parse_date(spec->date, &ts) != WARC_OK)
		return warc_fail(err, WARC_ERR_USAGE, "writer: WARC-Date '%.100s' is not W3CDTF", spec->date);
	if (spec->record_id && !is_record_id(spec->record_id))
		return warc_fail(err, WARC_ERR_USAGE, "writer: record ID '%.100s' is not <uri>", spec->record_id);
	if (spec->content_type && (has_crlf(spec->content_type) || !*spec->content_type))
		return warc_fail(err, WARC_ERR_USAGE, "writer: bad Content-Type");
	if (spec->payload == WARC_PAYLOAD_HTTP && spec->content_type &&
	    strncasecmp(spec->content_type, "application/http", 16) != 0)
		return warc_fail(err, WARC_ERR_USAGE, "writer: HTTP payload mode needs an application/http block, not '%.100s'",
				 spec->content_type);
	bool no_payload = type_in(type, "metadata continuation");
	if (no_payload && spec->payload != WARC_PAYLOAD_NONE)
		return warc_fail(err, WARC_ERR_USAGE, "writer: a %s record has no payload digest", type);
	if (!strcmp(type, "revisit") && (spec->payload == WARC_PAYLOAD_HTTP || spec->payload == WARC_PAYLOAD_BLOCK))
		return warc_fail(err, WARC_ERR_USAGE, "writer: a revisit's payload digest is the original's (use WARC_PAYLOAD_GIVEN)");
	if (spec->payload == WARC_PAYLOAD_GIVEN) {
		warc_digest_alg a;
		unsigned char raw[64];
		size_t n;
		if (!spec->payload_digest || has_crlf(spec->payload_digest) ||
		    warc_digest_parse(spec->payload_digest, &a, raw, &n) != WARC_OK)
			return warc_fail(err, WARC_ERR_USAGE, "writer: given payload digest '%.100s' is not a digest",
					 spec->payload_digest ? spec->payload_digest : "(none)");
	} else if (spec->payload > WARC_PAYLOAD_GIVEN) {
		return warc_fail(err, WARC_ERR_USAGE, "writer: unknown payload mode");
	}
	bool profile = false;
	size_t n = spec->extra ? warc_headers_count(spec->extra) : 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = warc_headers_name(spec->extra, i), *value = warc_headers_value(spec->extra, i);
		if (!is_token(name) || has_crlf(value))
			return warc_fail(err, WARC_ERR_USAGE, "writer: field '%.100s' is not a valid name: value", name);
		for (int k = 0; OWNED[k]; k++)
			if (!strcasecmp(name, OWNED[k]))
				return warc_fail(err, WARC_ERR_USAGE, "writer: %s is set by the writer, not by extra fields", name);
		for (size_t k = 0; k < sizeof FORBIDDEN / sizeof FORBIDDEN[0]; k++)
			if (!strcasecmp(name, FORBIDDEN[k].name) && type_in(type, FORBIDDEN[k].forbidden_on))
				return warc_fail(err, WARC_ERR_USAGE, "writer: %s must not appear on a %s record", name, type);
		if (strcasecmp(name, "WARC-Concurrent-To") != 0 && strcasecmp(name, "WARC-Protocol") != 0)
			for (size_t j = 0; j < i; j++)
				if (!strcasecmp(name, warc_headers_name(spec->extra, j)))
					return warc_fail(err, WARC_ERR_USAGE, "writer: %s repeated", name);
		if (!strcasecmp(name, "WARC-Profile"))
			profile = true;
		if ((!strcasecmp(name, "WARC-Concurrent-To") || !strcasecmp(name, "WARC-Refers-To") ||
		     !strcasecmp(name, "WARC-Segment-Origin-ID")) && !is_record_id(value))
			return warc_fail(err, WARC_ERR_USAGE, "writer: %s must be <uri>, got '%.100s'", name, value);
	}
	if (!strcmp(type, "revisit") && !profile)
		return warc_fail(err, WARC_ERR_USAGE, "writer: a revisit record needs WARC-Profile");
	return WARC_OK;
}

/* ---- block source ---------------------------------------------------------------- */

typedef int (*chunk_fn)(void *ctx, const unsigned char *p, size_t n);

static uint64_t block_size(const warc_record_spec *spec)
{
	return spec->block_file ? spec->block_file_len : spec->block_len;
}

/* A chunk that could not be written: the system's reason (a full disk is
 * WARC_ERR_NOSPACE) or the buffer limit. */
static int write_failed(int rc, warc_error *err)
{
	if (rc == WARC_ERR_IO)
		rc = warc_errno_status(errno, false);
	return warc_fail(err, rc, "writer: cannot write record: %s", warc_status_is_io(rc) ? strerror(errno) : "buffer limit");
}

/* Stream the whole block through fn in chunks (a file is read from its start). */
static int each_chunk(warc_writer *w, const warc_record_spec *spec, chunk_fn fn, void *ctx, warc_error *err)
{
	if (!spec->block_file) {
		const unsigned char *p = spec->block;
		for (size_t off = 0; off < spec->block_len; off += IO_CHUNK) {
			size_t n = spec->block_len - off < IO_CHUNK ? spec->block_len - off : IO_CHUNK;
			int rc = fn(ctx, p + off, n);
			if (rc)
				return write_failed(rc, err);
		}
		return WARC_OK;
	}
	if (fseeko(spec->block_file, 0, SEEK_SET) != 0)
		return warc_fail(err, WARC_ERR_USAGE, "writer: block file is not seekable: %s", strerror(errno));
	uint64_t left = spec->block_file_len;
	while (left) {
		size_t want = left < IO_CHUNK ? (size_t)left : IO_CHUNK;
		size_t got = fread(w->in, 1, want, spec->block_file);
		if (got == 0) {
			if (ferror(spec->block_file))
				return warc_fail(err, WARC_ERR_IO, "writer: reading block file: %s", strerror(errno));
			return warc_fail(err, WARC_ERR_TRUNCATED, "writer: block file ended %llu bytes short of %llu",
					 (unsigned long long)left, (unsigned long long)spec->block_file_len);
		}
		int rc = fn(ctx, w->in, got);
		if (rc)
			return write_failed(rc, err);
		left -= got;
	}
	return WARC_OK;
}

/* ---- pass 1: digests ---------------------------------------------------------------- */

struct pass1 {
	warc_digest *block, *payload;
	warc_payload_mode mode;
	warc_buf head;
	bool head_done, head_failed;
	warc_dechunk *dc;
	uint64_t payload_len;
};

static int payload_sink(void *ctx, const void *p, size_t n)
{
	struct pass1 *s = ctx;
	warc_digest_update(s->payload, p, n);
	s->payload_len += n;
	return WARC_OK;
}

static int pass1_feed(void *ctx, const unsigned char *p, size_t n)
{
	struct pass1 *s = ctx;
	warc_digest_update(s->block, p, n);
	if (s->mode == WARC_PAYLOAD_BLOCK)
		return payload_sink(s, p, n);
	if (s->mode != WARC_PAYLOAD_HTTP || s->head_failed)
		return WARC_OK;
	if (!s->head_done) {
		/* The first chunk is parsed where it lies (no copy) unless the head
		 * goes on into later chunks; n <= IO_CHUNK fits the buffer either way. */
		bool direct = s->head.len == 0;
		warc_http *h = NULL;
		size_t head_len = 0;
		int rc = direct ? warc_http_parse((const char *)p, n, &h, &head_len, NULL) : WARC_ERR_TRUNCATED;
		if (rc == WARC_ERR_TRUNCATED) {
			direct = false;
			if (warc_buf_add(&s->head, p, n) != WARC_OK) {
				s->head_failed = true;
				return WARC_OK;
			}
			rc = warc_http_parse(s->head.data, s->head.len, &h, &head_len, NULL);
		}
		if (rc == WARC_ERR_TRUNCATED)
			return WARC_OK;
		if (rc != WARC_OK) {
			s->head_failed = true;
			return WARC_OK;
		}
		s->head_done = true;
		if (warc_http_is_chunked(h)) {
			s->dc = warc_dechunk_new(payload_sink, s);
			if (!s->dc) {
				warc_http_free(h);
				return WARC_ERR_NOMEM;
			}
		}
		warc_http_free(h);
		if (direct) {
			p += head_len;
			n -= head_len;
		} else {
			p = (const unsigned char *)s->head.data + head_len;
			n = s->head.len - head_len;
		}
	}
	if (s->dc)
		return warc_dechunk_feed(s->dc, p, n);
	return payload_sink(s, p, n);
}

/* ---- files ---------------------------------------------------------------------------- */

static int write_out(warc_writer *w, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, w->f) != n)
		return WARC_ERR_IO;
	w->size += n;
	return WARC_OK;
}

/* Deflate n bytes (flush = Z_FINISH ends the member). */
static int deflate_feed(warc_writer *w, const void *p, size_t n, int flush)
{
	w->z.next_in = (Bytef *)(uintptr_t)p;
	w->z.avail_in = (uInt)n;
	do {
		w->z.next_out = w->out;
		w->z.avail_out = IO_CHUNK;
		int zr = deflate(&w->z, flush);
		if (zr == Z_STREAM_ERROR)
			return WARC_ERR_IO;
		int rc = write_out(w, w->out, IO_CHUNK - w->z.avail_out);
		if (rc)
			return rc;
		if (zr == Z_STREAM_END)
			break;
	} while (w->z.avail_out == 0 || w->z.avail_in > 0 || flush == Z_FINISH);
	return WARC_OK;
}

static int deflate_chunk(void *ctx, const unsigned char *p, size_t n)
{
	return deflate_feed(ctx, p, n, Z_NO_FLUSH);
}

/* Header, in-memory block and trailer as one gzip member, compressed in one call. */
static int deflate_oneshot(warc_writer *w, const warc_buf *h, const warc_record_spec *spec)
{
	warc_buf_reset(&w->member);
	if (warc_buf_add(&w->member, h->data, h->len) || warc_buf_add(&w->member, spec->block, spec->block_len) ||
	    warc_buf_add(&w->member, "\r\n\r\n", 4))
		return WARC_ERR_NOMEM;
	size_t bound = libdeflate_gzip_compress_bound(w->ld, w->member.len);
	if (bound > w->zcap) {
		unsigned char *n = realloc(w->zbuf, bound);
		if (!n)
			return WARC_ERR_NOMEM;
		w->zbuf = n;
		w->zcap = bound;
	}
	size_t n = libdeflate_gzip_compress(w->ld, w->member.data, w->member.len, w->zbuf, w->zcap);
	if (!n)
		return WARC_ERR_IO; /* cannot happen with a bound-sized buffer */
	return write_out(w, w->zbuf, n);
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return WARC_ERR_IO;
	int rc = fsync(fd) == 0 ? WARC_OK : WARC_ERR_IO;
	close(fd);
	return rc;
}

/* Flush, fsync, close and rename NAME.warc.gz.open to NAME.warc.gz. */
static int close_file(warc_writer *w, warc_error *err)
{
	if (!w->f)
		return WARC_OK;
	int rc = WARC_OK;
	if (fflush(w->f) != 0 || fsync(fileno(w->f)) != 0)
		rc = warc_fail(err, warc_errno_status(errno, false), "writer: %s: %s", w->path, strerror(errno));
	if (fclose(w->f) != 0 && rc == WARC_OK)
		rc = warc_fail(err, warc_errno_status(errno, false), "writer: closing %s: %s", w->path, strerror(errno));
	w->f = NULL;
	if (rc != WARC_OK)
		return rc;
	char final[PATH_MAX];
	snprintf(final, sizeof final, "%s/%s", w->dir, w->name);
	if (rename(w->path, final) != 0)
		return warc_fail(err, WARC_ERR_IO, "writer: renaming %s: %s", w->path, strerror(errno));
	fsync_dir(w->dir);
	return WARC_OK;
}

static int emit(warc_writer *w, const warc_record_spec *spec, const warc_headers *own, warc_written *where,
		warc_error *err);

static int open_file(warc_writer *w, warc_error *err)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct tm tm;
	gmtime_r(&now.tv_sec, &tm);
	for (int attempt = 0; attempt < 1000; attempt++) {
		unsigned serial = w->serial++ % 100000;
		int n = snprintf(w->name, sizeof w->name, "%s-%04d%02d%02d%02d%02d%02d%03ld-%05u-%s.warc.gz", w->prefix,
				 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
				 now.tv_nsec / 1000000, serial, w->host);
		if (n < 0 || (size_t)n >= sizeof w->name)
			return warc_fail(err, WARC_ERR_USAGE, "writer: file name too long");
		char final[PATH_MAX];
		if ((size_t)snprintf(final, sizeof final, "%s/%s", w->dir, w->name) >= sizeof final ||
		    (size_t)snprintf(w->path, sizeof w->path, "%s.open", final) >= sizeof w->path)
			return warc_fail(err, WARC_ERR_USAGE, "writer: path too long");
		if (access(final, F_OK) == 0)
			continue;
		int fd = open(w->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0) {
			if (errno == EEXIST)
				continue;
			return warc_fail(err, warc_errno_status(errno, false), "writer: cannot create %s: %s", w->path, strerror(errno));
		}
		w->f = fdopen(fd, "wb");
		if (!w->f) {
			close(fd);
			unlink(w->path);
			return warc_fail(err, WARC_ERR_NOMEM, "writer: fdopen failed");
		}
		w->size = 0;
		/* the warcinfo record */
		warc_headers *own = warc_headers_new();
		if (!own || warc_headers_add(own, "WARC-Filename", w->name) != WARC_OK) {
			warc_headers_free(own);
			return warc_fail(err, WARC_ERR_NOMEM, "writer: out of memory");
		}
		char deflt[512];
		snprintf(deflt, sizeof deflt,
			 "software: wark/%s\r\nformat: WARC File Format 1.1\r\n"
			 "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n",
			 WARK_VERSION);
		const char *body = w->warcinfo ? w->warcinfo : deflt;
		warc_record_spec info = {
			.type = "warcinfo",
			.content_type = "application/warc-fields",
			.block = body,
			.block_len = strlen(body),
			.payload = WARC_PAYLOAD_NONE,
		};
		warc_written where;
		w->warcinfo_id[0] = '\0';
		int rc = emit(w, &info, own, &where, err);
		warc_headers_free(own);
		if (rc != WARC_OK) {
			fclose(w->f);
			w->f = NULL;
			unlink(w->path);
			return rc;
		}
		memcpy(w->warcinfo_id, where.record_id, sizeof w->warcinfo_id);
		return WARC_OK;
	}
	return warc_fail(err, WARC_ERR_IO, "writer: no free file name in %s", w->dir);
}

/* ---- records ---------------------------------------------------------------------------- */

static int add_field(warc_buf *h, const char *name, const char *value)
{
	int rc = warc_buf_addstr(h, name);
	if (!rc)
		rc = warc_buf_addstr(h, ": ");
	if (!rc)
		rc = warc_buf_addstr(h, value);
	if (!rc)
		rc = warc_buf_addstr(h, "\r\n");
	return rc;
}

/* The record's ID and WARC-Date: the spec's, or a fresh ID and now. */
static int id_and_date(const warc_record_spec *spec, char id[WARC_ID_MAX], char date[WARC_DATE_MAX],
		       warc_error *err)
{
	if (spec->record_id)
		snprintf(id, WARC_ID_MAX, "%s", spec->record_id);
	else if (warc_make_record_id(id) != WARC_OK)
		return warc_fail(err, WARC_ERR_IO, "writer: no random bytes for a record ID");
	if (spec->date) {
		snprintf(date, WARC_DATE_MAX, "%s", spec->date);
	} else {
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		warc_format_date(&now, date);
	}
	if (spec->record_id && strlen(spec->record_id) >= WARC_ID_MAX)
		return warc_fail(err, WARC_ERR_USAGE, "writer: record ID too long");
	if (spec->date && strlen(spec->date) >= WARC_DATE_MAX)
		return warc_fail(err, WARC_ERR_USAGE, "writer: WARC-Date too long");
	return WARC_OK;
}

/* Pass 1: stream the block through its digests into where (block digest,
 * payload digest and length as the payload mode says). */
static int pass1_digests(warc_writer *w, const warc_record_spec *spec, warc_written *where, warc_error *err)
{
	struct pass1 p1 = { .mode = spec->payload };
	warc_buf_init(&p1.head, WARC_LIMIT_HEADER);
	p1.block = warc_digest_new(w->alg);
	if (spec->payload == WARC_PAYLOAD_HTTP || spec->payload == WARC_PAYLOAD_BLOCK)
		p1.payload = warc_digest_new(w->alg);
	int rc = WARC_OK;
	if (!p1.block || ((spec->payload == WARC_PAYLOAD_HTTP || spec->payload == WARC_PAYLOAD_BLOCK) && !p1.payload))
		rc = warc_fail(err, WARC_ERR_NOMEM, "writer: out of memory");
	if (rc == WARC_OK)
		rc = each_chunk(w, spec, pass1_feed, &p1, err);
	if (rc == WARC_OK && p1.dc && warc_dechunk_end(p1.dc) != WARC_OK)
		rc = warc_fail(err, WARC_ERR_IO, "writer: de-chunking failed");
	if (rc == WARC_OK) {
		warc_digest_final(p1.block, where->block_digest);
		if (spec->payload == WARC_PAYLOAD_BLOCK ||
		    (spec->payload == WARC_PAYLOAD_HTTP && p1.head_done && !p1.head_failed)) {
			warc_digest_final(p1.payload, where->payload_digest);
			where->payload_len = p1.payload_len;
		} else if (spec->payload == WARC_PAYLOAD_GIVEN) {
			snprintf(where->payload_digest, sizeof where->payload_digest, "%s", spec->payload_digest);
		}
	}
	warc_dechunk_free(p1.dc);
	warc_digest_free(p1.block);
	warc_digest_free(p1.payload);
	warc_buf_free(&p1.head);
	return rc;
}

/* The WARC header into h (initialised by the caller): the writer's fields,
 * then own's and the spec's extra fields, Content-Type, digests, length. */
static int build_header(const warc_writer *w, const warc_record_spec *spec, const warc_headers *own,
			const char *id, const char *date, const warc_written *where, warc_buf *h, warc_error *err)
{
	bool info = !strcmp(spec->type, "warcinfo");
	char len[32];
	snprintf(len, sizeof len, "%llu", (unsigned long long)block_size(spec));
	int rc = warc_buf_addstr(h, "WARC/1.1\r\n");
	if (!rc)
		rc = add_field(h, "WARC-Type", spec->type);
	if (!rc)
		rc = add_field(h, "WARC-Record-ID", id);
	if (!rc && !info && w->warcinfo_id[0])
		rc = add_field(h, "WARC-Warcinfo-ID", w->warcinfo_id);
	if (!rc)
		rc = add_field(h, "WARC-Date", date);
	if (!rc && spec->target_uri)
		rc = add_field(h, "WARC-Target-URI", spec->target_uri);
	for (int pass = 0; pass < 2 && !rc; pass++) {
		const warc_headers *x = pass ? spec->extra : own;
		size_t n = x ? warc_headers_count(x) : 0;
		for (size_t i = 0; i < n && !rc; i++)
			rc = add_field(h, warc_headers_name(x, i), warc_headers_value(x, i));
	}
	const char *ctype = spec->content_type;
	if (!ctype && (spec->payload == WARC_PAYLOAD_HTTP || (!strcmp(spec->type, "revisit") && block_size(spec) > 0)))
		ctype = !strcmp(spec->type, "request") ? "application/http;msgtype=request"
						       : "application/http;msgtype=response";
	if (!rc && ctype)
		rc = add_field(h, "Content-Type", ctype);
	if (!rc)
		rc = add_field(h, "WARC-Block-Digest", where->block_digest);
	if (!rc && where->payload_digest[0])
		rc = add_field(h, "WARC-Payload-Digest", where->payload_digest);
	if (!rc)
		rc = add_field(h, "Content-Length", len);
	if (!rc)
		rc = warc_buf_addstr(h, "\r\n");
	if (rc)
		return warc_fail(err, rc, "writer: WARC header over %u bytes", WARC_LIMIT_HEADER);
	return WARC_OK;
}

/* Pass 2: one gzip member = header + block + CRLFCRLF, flushed out of
 * stdio; on failure the file is cut back to start. Frees h. */
static int write_member(warc_writer *w, const warc_record_spec *spec, warc_buf *h, uint64_t start,
			warc_error *err)
{
	int rc = WARC_OK;
	if (!spec->block_file && h->len + spec->block_len + 4 <= ONESHOT_MAX) {
		rc = deflate_oneshot(w, h, spec);
		warc_buf_free(h);
		if (rc == WARC_ERR_IO)
			rc = warc_errno_status(errno, false);
		if (rc)
			warc_fail(err, rc, "writer: writing %s: %s", w->path,
				  warc_status_is_io(rc) ? strerror(errno) : "out of memory");
	} else {
		if (deflateReset(&w->z) != Z_OK)
			rc = WARC_ERR_IO;
		if (!rc)
			rc = deflate_feed(w, h->data, h->len, Z_NO_FLUSH);
		warc_buf_free(h);
		if (!rc)
			rc = each_chunk(w, spec, deflate_chunk, w, err);
		else
			rc = warc_fail(err, rc == WARC_ERR_IO ? warc_errno_status(errno, false) : rc, "writer: writing %s: %s",
				       w->path, strerror(errno));
		if (!rc && (rc = deflate_feed(w, "\r\n\r\n", 4, Z_FINISH)))
			rc = warc_fail(err, rc == WARC_ERR_IO ? warc_errno_status(errno, false) : rc, "writer: writing %s: %s",
				       w->path, strerror(errno));
	}
	/* The record is written only once it left stdio's buffer: a full disk
	 * shows here, while the record can still be cut off whole. */
	if (!rc && fflush(w->f) != 0)
		rc = warc_fail(err, warc_errno_status(errno, false), "writer: writing %s: %s", w->path, strerror(errno));
	if (rc) {
		/* leave the file as it was before this record (a failed flush
		 * drops stdio's buffer; the error flag is cleared for the next try) */
		fflush(w->f);
		if (ftruncate(fileno(w->f), (off_t)start) == 0)
			fseeko(w->f, (off_t)start, SEEK_SET);
		clearerr(w->f);
		w->size = start;
	}
	return rc;
}

/* Write one record (validated) into the open file. */
static int emit(warc_writer *w, const warc_record_spec *spec, const warc_headers *own, warc_written *where,
		warc_error *err)
{
	memset(where, 0, sizeof *where);
	char id[WARC_ID_MAX], date[WARC_DATE_MAX];
	int rc = id_and_date(spec, id, date, err);
	if (!rc)
		rc = pass1_digests(w, spec, where, err);
	if (rc != WARC_OK)
		return rc;
	warc_buf h;
	warc_buf_init(&h, WARC_LIMIT_HEADER);
	rc = build_header(w, spec, own, id, date, where, &h, err);
	if (rc) {
		warc_buf_free(&h);
		return rc;
	}
	uint64_t start = w->size;
	rc = write_member(w, spec, &h, start, err);
	if (rc)
		return rc;
	snprintf(where->record_id, sizeof where->record_id, "%s", id);
	snprintf(where->filename, sizeof where->filename, "%s", w->name);
	where->offset = start;
	where->length = w->size - start;
	return WARC_OK;
}

/* ---- public API ---------------------------------------------------------------------------- */

static void writer_destroy(warc_writer *w);

int warc_writer_open(warc_writer **out, const warc_writer_options *opt, warc_error *err)
{
	*out = NULL;
	if (!opt || !opt->dir || !*opt->dir)
		return warc_fail(err, WARC_ERR_USAGE, "writer: no output directory");
	if (opt->digest != WARC_SHA1 && opt->digest != WARC_SHA256)
		return warc_fail(err, WARC_ERR_USAGE, "writer: unknown digest algorithm");
	const char *prefix = opt->prefix && *opt->prefix ? opt->prefix : "wark";
	if (strchr(prefix, '/'))
		return warc_fail(err, WARC_ERR_USAGE, "writer: prefix '%s' contains '/'", prefix);
	char hostbuf[256] = "localhost";
	if (opt->hostname && *opt->hostname)
		snprintf(hostbuf, sizeof hostbuf, "%s", opt->hostname);
	else if (gethostname(hostbuf, sizeof hostbuf - 1) != 0 || !hostbuf[0])
		snprintf(hostbuf, sizeof hostbuf, "localhost");
	hostbuf[sizeof hostbuf - 1] = '\0';

	warc_writer *w = calloc(1, sizeof *w);
	if (!w)
		return warc_fail(err, WARC_ERR_NOMEM, "writer: out of memory");
	w->dir = strdup(opt->dir);
	w->prefix = strdup(prefix);
	w->host = strdup(hostbuf);
	w->warcinfo = opt->warcinfo ? strdup(opt->warcinfo) : NULL;
	w->in = malloc(IO_CHUNK);
	w->out = malloc(IO_CHUNK);
	w->max_size = opt->max_size ? opt->max_size : WARC_WRITER_MAX_SIZE_DEFAULT;
	w->alg = opt->digest;
	w->ld = libdeflate_alloc_compressor(LEVEL);
	warc_buf_init(&w->member, ONESHOT_MAX);
	if (!w->ld || !w->dir || !w->prefix || !w->host || (opt->warcinfo && !w->warcinfo) || !w->in || !w->out ||
	    deflateInit2(&w->z, ZLIB_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		writer_destroy(w);
		return warc_fail(err, WARC_ERR_NOMEM, "writer: out of memory");
	}
	w->z_ready = true;
	sanitize(w->prefix);
	sanitize(w->host);
	int rc = open_file(w, err);
	if (rc != WARC_OK) {
		writer_destroy(w);
		return rc;
	}
	*out = w;
	return WARC_OK;
}

int warc_writer_write(warc_writer *w, const warc_record_spec *spec, warc_written *where, warc_error *err)
{
	warc_written scratch;
	if (!where)
		where = &scratch;
	memset(where, 0, sizeof *where);
	if (!w || !spec)
		return warc_fail(err, WARC_ERR_USAGE, "writer: no writer or record");
	int rc = validate(spec, err);
	if (rc)
		return rc;
	if (!w->f && (rc = open_file(w, err)))
		return rc;
	rc = emit(w, spec, NULL, where, err);
	if (rc)
		return rc;
	if (w->size >= w->max_size)
		return close_file(w, err);
	return WARC_OK;
}

int warc_writer_sync(warc_writer *w, warc_error *err)
{
	if (!w || !w->f)
		return WARC_OK;
	if (fflush(w->f) != 0 || fsync(fileno(w->f)) != 0)
		return warc_fail(err, warc_errno_status(errno, false), "writer: syncing %s: %s", w->path, strerror(errno));
	return WARC_OK;
}

/* Free everything but the current file (which the callers have closed). */
static void writer_destroy(warc_writer *w)
{
	if (w->z_ready)
		deflateEnd(&w->z);
	free(w->dir);
	free(w->prefix);
	free(w->host);
	free(w->warcinfo);
	free(w->in);
	free(w->out);
	if (w->ld)
		libdeflate_free_compressor(w->ld);
	warc_buf_free(&w->member);
	free(w->zbuf);
	free(w);
}

int warc_writer_close(warc_writer *w, warc_error *err)
{
	if (!w)
		return WARC_OK;
	int rc = close_file(w, err);
	writer_destroy(w);
	return rc;
}

const char *warc_writer_current_path(const warc_writer *w)
{
	return w && w->f ? w->path : NULL;
}
