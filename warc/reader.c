/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reader.c - streaming WARC reader for .warc and .warc.gz (WARC/1.0 and 1.1).
 *
 * Design: two layers. The byte source below delivers the decompressed stream
 * in 64 KiB windows and knows where each gzip member starts and ends in the
 * file, so record offsets and stored lengths come out exact. The record
 * parser above reads the header into a bounded buffer and then hands out the
 * block as a stream of exactly Content-Length bytes: memory stays constant
 * whatever the record size.
 *
 * Real archives are tolerated where the intent is clear (wget's <...> target
 * URIs, spaces in URIs, missing trailers, FEXTRA gzip fields, a whole-file
 * gzip stream), each with a warning through the caller's callback. Damage
 * (truncation, garbage, a wrong Content-Length) is an error naming the file
 * and offset; the next call to warc_reader_next() then resynchronises at the
 * next record: the next gzip member, or the next line starting "WARC/1."
 * after the damaged record's header. In a .warc.gz a wrong Content-Length
 * spoils only its member: bytes left after the block that start no record
 * are skipped with the member, and a block that runs into a member starting
 * "WARC/" ends there (that record is read next). Each damage is returned
 * once.
 */
#include "warc/warc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

#define WINDOW (64u * 1024u)

struct warc_record {
	warc_reader *r;
	warc_headers *headers;
	warc_buf raw_header;          /* the header bytes as read */
	char version[16];
	const char *type, *id, *date, *ctype;
	char *target;                 /* cleaned copy of WARC-Target-URI */
	uint64_t content_length;
	uint64_t offset;              /* record (or member) start in the file */
	uint64_t block_start;         /* stream position of the first block byte */
	uint64_t remaining;           /* block bytes not yet handed out */
	uint64_t length;              /* stored length, valid after finish */
	char trailer[4];              /* the CR/LF bytes read after the block */
	size_t trailer_len;
	bool finished, trailer_ok, damaged;
};

struct warc_reader {
	FILE *f;
	bool own_file;
	char *name;
	warc_warn_fn warn;
	void *warn_ctx;

	/* byte source */
	bool gz, whole_file_gz, warned_fextra, warned_whole;
	z_stream zs;
	gz_header gzh;
	unsigned char gz_extra[64];
	bool zs_ready;
	unsigned char in[WINDOW];
	uint64_t file_pos;            /* bytes read from f so far (+ base) */
	uint64_t base;                /* offset of f's start position */
	bool in_eof;
	bool member_open;             /* inside a gzip member */
	uint64_t member_start, member_end;
	bool gz_broken;               /* compressed data error: next member by magic scan */
	bool member_truncated;        /* the file ended inside the current member */

	unsigned char out[WINDOW];
	size_t out_pos, out_len;
	uint64_t stream_pos;          /* decompressed bytes consumed by the parser */

	warc_record rec;
	bool have_rec;
	bool need_resync;
	bool next_ready;              /* a damaged record ended where the next one starts: no resync */
	uint64_t resync_from;         /* plain files: where to start scanning */
};

static void warnf(warc_reader *r, uint64_t off, const char *fmt, ...) WARC_PRINTF(3, 4);
static void warnf(warc_reader *r, uint64_t off, const char *fmt, ...)
{
	if (!r->warn)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->warn(r->warn_ctx, off, msg);
}

/* ---- byte source --------------------------------------------------------- */

/* Compressed-file offset of the next byte inflate has not consumed. */
static uint64_t gz_consumed_pos(const warc_reader *r)
{
	return r->file_pos - r->zs.avail_in;
}

static int gz_start_member(warc_reader *r, warc_error *err)
{
	if (r->zs_ready) {
		if (inflateReset2(&r->zs, 15 + 16) != Z_OK)
			return warc_fail(err, WARC_ERR_NOMEM, "%s: inflate reset failed", r->name);
	} else {
		memset(&r->zs, 0, sizeof r->zs);
		if (inflateInit2(&r->zs, 15 + 16) != Z_OK)
			return warc_fail(err, WARC_ERR_NOMEM, "%s: inflate init failed", r->name);
		r->zs_ready = true;
	}
	memset(&r->gzh, 0, sizeof r->gzh);
	r->gzh.extra = r->gz_extra;
	r->gzh.extra_max = sizeof r->gz_extra;
	inflateGetHeader(&r->zs, &r->gzh);
	r->member_start = gz_consumed_pos(r);
	r->member_open = true;
	r->member_truncated = false;
	return WARC_OK;
}

static bool refill_in(warc_reader *r)
{
	if (r->zs.avail_in > 0 || r->in_eof)
		return r->zs.avail_in > 0;
	size_t n = fread(r->in, 1, sizeof r->in, r->f);
	if (n == 0) {
		r->in_eof = true;
		return false;
	}
	r->zs.next_in = r->in;
	r->zs.avail_in = (uInt)n;
	r->file_pos += n;
	return true;
}

/*
 * Make decompressed bytes available in out[]. Returns 1 if there are some,
 * 0 at the end of the current gzip member (gzip) or of the file, <0 on error.
 * In gzip mode the source stops at each member end until gz_next_member().
 */
static int fill(warc_reader *r, warc_error *err)
{
	if (r->out_pos < r->out_len)
		return 1;
	r->out_pos = r->out_len = 0;
	if (!r->gz) {
		size_t n = fread(r->out, 1, sizeof r->out, r->f);
		if (n == 0) {
			if (ferror(r->f))
				return warc_fail(err, WARC_ERR_IO, "%s: read error: %s", r->name, strerror(errno));
			return 0;
		}
		r->out_len = n;
		r->file_pos += n;
		return 1;
	}
	if (r->member_truncated)
		return warc_fail(err, WARC_ERR_TRUNCATED, "%s: offset %llu: gzip member truncated (file ends inside it)",
				 r->name, (unsigned long long)r->member_start);
	if (!r->member_open)
		return 0;
	while (r->out_len == 0) {
		if (!refill_in(r)) {
			if (ferror(r->f))
				return warc_fail(err, WARC_ERR_IO, "%s: read error: %s", r->name, strerror(errno));
			r->member_open = false;
			r->member_truncated = true;
			return fill(r, err);
		}
		r->zs.next_out = r->out;
		r->zs.avail_out = sizeof r->out;
		int zrc = inflate(&r->zs, Z_NO_FLUSH);
		r->out_len = sizeof r->out - r->zs.avail_out;
		if (r->gzh.done == 1 && r->gzh.extra_len > 0 && !r->warned_fextra) {
			r->warned_fextra = true;
			warnf(r, r->member_start, "gzip members carry an FEXTRA field (ignored)");
		}
		if (zrc == Z_STREAM_END) {
			r->member_open = false;
			r->member_end = gz_consumed_pos(r);
			break;
		}
		if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			r->member_open = false;
			r->gz_broken = true;
			return warc_fail(err, WARC_ERR_FORMAT, "%s: offset %llu: bad gzip data (%s)", r->name,
					 (unsigned long long)r->member_start, r->zs.msg ? r->zs.msg : "inflate error");
		}
	}
	return r->out_len > 0 ? 1 : 0;
}

/* At a member end: start the next one. Returns 1 if one starts, 0 at EOF. */
static int gz_next_member(warc_reader *r, warc_error *err)
{
	if (r->member_open)
		return 1;
	if (!refill_in(r))
		return 0;
	if (r->gz_broken) {
		/* scan the compressed bytes for the next gzip magic */
		for (;;) {
			while (r->zs.avail_in >= 3) {
				if (r->zs.next_in[0] == 0x1f && r->zs.next_in[1] == 0x8b && r->zs.next_in[2] == 8)
					goto found;
				r->zs.next_in++;
				r->zs.avail_in--;
			}
			/* keep the last 2 bytes for a magic split across reads */
			unsigned char keep[2];
			size_t k = r->zs.avail_in;
			memcpy(keep, r->zs.next_in, k);
			size_t n = r->in_eof ? 0 : fread(r->in + k, 1, sizeof r->in - k, r->f);
			if (n == 0) {
				r->zs.avail_in = 0;
				r->in_eof = true;
				return 0;
			}
			memcpy(r->in, keep, k);
			r->zs.next_in = r->in;
			r->zs.avail_in = (uInt)(k + n);
			r->file_pos += n;
		}
found:
		r->gz_broken = false;
	} else if (r->zs.next_in[0] != 0x1f) {
		uint64_t at = gz_consumed_pos(r);
		r->gz_broken = true;
		int rc = gz_next_member(r, err);
		if (rc >= 0)
			warnf(r, at, "bytes that are not gzip data skipped");
		return rc;
	}
	int rc = gz_start_member(r, err);
	return rc ? rc : 1;
}

/* Next decompressed byte, or -1 at end (of member for gzip), <-1 on error. */
static int getbyte(warc_reader *r, warc_error *err, int *status)
{
	int rc = fill(r, err);
	if (rc <= 0) {
		*status = rc;
		return -1;
	}
	r->stream_pos++;
	return r->out[r->out_pos++];
}

static int peekbyte(warc_reader *r, warc_error *err)
{
	int rc = fill(r, err);
	if (rc <= 0)
		return -1;
	return r->out[r->out_pos];
}

/* Stream offset usable in messages: file offset for plain, member start for gzip. */
static uint64_t here(const warc_reader *r)
{
	return r->gz ? r->member_start : r->base + r->stream_pos;
}

/* ---- opening ------------------------------------------------------------- */

static int reader_init(warc_reader **out, FILE *f, bool own, const char *name, warc_error *err)
{
	warc_reader *r = calloc(1, sizeof *r);
	if (!r)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	r->f = f;
	r->own_file = own;
	r->name = strdup(name ? name : "(stream)");
	if (!r->name) {
		free(r);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	off_t start = ftello(f);
	r->base = start > 0 ? (uint64_t)start : 0;
	r->file_pos = r->base;
	warc_buf_init(&r->rec.raw_header, WARC_LIMIT_HEADER);
	size_t n = fread(r->in, 1, sizeof r->in, f);
	if (n == 0 && ferror(f)) {
		/* the message names the file: format it before the reader (and its name) goes */
		warc_fail(err, WARC_ERR_IO, "%s: cannot read: %s", r->name, strerror(errno));
		warc_reader_close(r);
		return WARC_ERR_IO;
	}
	r->file_pos += n;
	r->gz = (n >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b);
	if (r->gz) {
		int rc = gz_start_member(r, err);
		if (rc) {
			warc_reader_close(r);
			return rc;
		}
		r->zs.next_in = r->in;
		r->zs.avail_in = (uInt)n;
		r->member_start = r->base;
	} else {
		memcpy(r->out, r->in, n);
		r->out_len = n;
	}
	*out = r;
	return WARC_OK;
}

int warc_reader_open(warc_reader **out, const char *path, warc_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return warc_fail(err, WARC_ERR_IO, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return warc_fail(err, WARC_ERR_IO, "%s: is a directory, not a WARC file", path);
	}
	return reader_init(out, f, true, path, err);
}

int warc_reader_open_stream(warc_reader **out, FILE *f, const char *name, warc_error *err)
{
	return reader_init(out, f, false, name, err);
}

void warc_reader_set_warn(warc_reader *r, warc_warn_fn fn, void *ctx)
{
	r->warn = fn;
	r->warn_ctx = ctx;
}

static void record_clear(warc_record *rec)
{
	warc_headers_free(rec->headers);
	free(rec->target);
	warc_buf raw = rec->raw_header;
	memset(rec, 0, sizeof *rec);
	rec->raw_header = raw;
	warc_buf_reset(&rec->raw_header);
}

void warc_reader_close(warc_reader *r)
{
	if (!r)
		return;
	record_clear(&r->rec);
	warc_buf_free(&r->rec.raw_header);
	if (r->zs_ready)
		inflateEnd(&r->zs);
	if (r->own_file && r->f)
		fclose(r->f);
	free(r->name);
	free(r);
}

bool warc_reader_is_gzip(const warc_reader *r)
{
	return r->gz;
}

bool warc_reader_whole_file_gzip(const warc_reader *r)
{
	return r->whole_file_gz;
}

/* ---- record header ------------------------------------------------------- */

/* Read one line (without its CRLF/LF) into line; *eol receives the line end
 * as stored ("\r\n", "\n" or "" at the end of input). Returns 1, 0 at end, <0 error. */
static int read_line(warc_reader *r, warc_buf *line, const char **eol, warc_error *err)
{
	warc_buf_reset(line);
	*eol = "";
	int st = 0, c;
	bool any = false;
	while ((c = getbyte(r, err, &st)) >= 0) {
		any = true;
		if (c == '\n') {
			*eol = "\n";
			if (line->len && line->data[line->len - 1] == '\r') {
				line->data[--line->len] = '\0';
				*eol = "\r\n";
			}
			return 1;
		}
		char ch = (char)c;
		if (warc_buf_add(line, &ch, 1))
			return warc_fail(err, WARC_ERR_TOOBIG, "%s: offset %llu: header line longer than %u bytes",
					 r->name, (unsigned long long)here(r), WARC_LIMIT_LINE);
	}
	if (st < 0)
		return st;
	return any ? 1 : 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static int parse_u64(const char *s, uint64_t *out)
{
	if (!*s)
		return -1;
	uint64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static int clean_target(warc_reader *r, warc_record *rec)
{
	const char *t = warc_headers_get(rec->headers, "WARC-Target-URI");
	if (!t)
		return WARC_OK;
	size_t n = strlen(t);
	if (n >= 2 && t[0] == '<' && t[n - 1] == '>') {
		warnf(r, rec->offset, "WARC-Target-URI in angle brackets (as wget writes it): brackets ignored");
		t++;
		n -= 2;
	}
	rec->target = strndup(t, n);
	if (!rec->target)
		return WARC_ERR_NOMEM;
	if (strpbrk(rec->target, " \t"))
		warnf(r, rec->offset, "WARC-Target-URI contains whitespace");
	return WARC_OK;
}

static int parse_header(warc_reader *r, warc_record *rec, warc_error *err)
{
	warc_buf line;
	warc_buf_init(&line, WARC_LIMIT_LINE);
	int rc;
	char *lastname = NULL;
	const char *eol;
	/* version line, skipping blank lines between records */
	for (;;) {
		rc = read_line(r, &line, &eol, err);
		if (rc <= 0)
			goto out;
		if (line.len > 0)
			break;
	}
	if (strncmp(line.data, "WARC/", 5) != 0) {
		char shown[4 * 35 + 1];   /* the first 35 bytes, escaped */
		size_t k = warc_escape_bytes(shown, sizeof shown, line.data, line.len < 35 ? line.len : 35);
		rc = warc_fail(err, WARC_ERR_FORMAT, "%s: offset %llu: expected a record starting 'WARC/', found '%s%s'",
			       r->name, (unsigned long long)rec->offset, shown, line.len > k ? "..." : "");
		goto out;
	}
	snprintf(rec->version, sizeof rec->version, "%s", line.data);
	if (warc_buf_add(&rec->raw_header, line.data, line.len) || warc_buf_addstr(&rec->raw_header, eol)) {
		rc = warc_fail(err, WARC_ERR_TOOBIG, "%s: offset %llu: header too large", r->name,
			       (unsigned long long)rec->offset);
		goto out;
	}
	rec->headers = warc_headers_new();
	if (!rec->headers) {
		rc = WARC_ERR_NOMEM;
		goto out;
	}
	/* fields: collect name/value, joining folded continuation lines */
	warc_buf value;
	warc_buf_init(&value, WARC_LIMIT_HEADER);
	for (;;) {
		rc = read_line(r, &line, &eol, err);
		if (rc == 0)
			rc = warc_fail(err, WARC_ERR_TRUNCATED, "%s: offset %llu: file ends inside a record header",
				       r->name, (unsigned long long)rec->offset);
		if (rc < 0)
			break;
		if (warc_buf_add(&rec->raw_header, line.data, line.len) || warc_buf_addstr(&rec->raw_header, eol)) {
			rc = warc_fail(err, WARC_ERR_TOOBIG, "%s: offset %llu: header larger than %u bytes",
				       r->name, (unsigned long long)rec->offset, WARC_LIMIT_HEADER);
			break;
		}
		bool cont = line.len && (line.data[0] == ' ' || line.data[0] == '\t');
		if ((line.len == 0 || !cont) && lastname) {
			if (warc_headers_add(rec->headers, lastname, trim(value.data ? value.data : ""))) {
				rc = WARC_ERR_NOMEM;
				break;
			}
			free(lastname);
			lastname = NULL;
		}
		if (line.len == 0) {
			rc = 1;
			break;
		}
		if (cont) {
			if (!lastname)
				continue;
			if (warc_buf_addstr(&value, " ") || warc_buf_addstr(&value, trim(line.data))) {
				rc = WARC_ERR_TOOBIG;
				break;
			}
			continue;
		}
		char *colon = memchr(line.data, ':', line.len);
		if (!colon) {
			rc = warc_fail(err, WARC_ERR_FORMAT, "%s: offset %llu: header line without ':' in record",
				       r->name, (unsigned long long)rec->offset);
			break;
		}
		*colon = '\0';
		lastname = strdup(trim(line.data));
		warc_buf_reset(&value);
		if (!lastname || warc_buf_addstr(&value, colon + 1)) {
			rc = WARC_ERR_NOMEM;
			break;
		}
	}
	warc_buf_free(&value);
	if (rc < 0)
		goto out;
	const char *cl = warc_headers_get(rec->headers, "Content-Length");
	if (!cl) {
		rc = warc_fail(err, WARC_ERR_FORMAT, "%s: offset %llu: record has no Content-Length", r->name,
			       (unsigned long long)rec->offset);
		goto out;
	}
	if (parse_u64(cl, &rec->content_length)) {
		rc = warc_fail(err, WARC_ERR_FORMAT, "%s: offset %llu: bad Content-Length '%.40s'", r->name,
			       (unsigned long long)rec->offset, cl);
		goto out;
	}
	rec->type = warc_headers_get(rec->headers, "WARC-Type");
	rec->id = warc_headers_get(rec->headers, "WARC-Record-ID");
	rec->date = warc_headers_get(rec->headers, "WARC-Date");
	rec->ctype = warc_headers_get(rec->headers, "Content-Type");
	if (!rec->type)
		warnf(r, rec->offset, "record has no WARC-Type");
	rc = clean_target(r, rec);
	if (rc)
		goto out;
	rec->block_start = r->stream_pos;
	rec->remaining = rec->content_length;
	rc = 1;
out:
	free(lastname);
	warc_buf_free(&line);
	return rc;
}

/* ---- iteration ----------------------------------------------------------- */

/* Plain files: find the next line that starts "WARC/1." at or after resync_from. */
static int resync_plain(warc_reader *r, warc_error *err)
{
	if (fseeko(r->f, (off_t)r->resync_from, SEEK_SET) == 0) {
		r->file_pos = r->resync_from;
		r->stream_pos = r->resync_from - r->base;
		r->out_pos = r->out_len = 0;
	}
	static const char pat[] = "\nWARC/1.";
	size_t matched = 1; /* treat the start position as a line start */
	int st = 0, c;
	for (;;) {
		if (matched == sizeof pat - 1) {
			/* rewind the parser to the 'W' */
			uint64_t pos = r->stream_pos - (sizeof pat - 2);
			uint64_t fpos = r->base + pos;
			if (fseeko(r->f, (off_t)fpos, SEEK_SET) != 0)
				return warc_fail(err, WARC_ERR_IO, "%s: cannot seek to resync", r->name);
			r->file_pos = fpos;
			r->stream_pos = pos;
			r->out_pos = r->out_len = 0;
			return WARC_OK;
		}
		c = getbyte(r, err, &st);
		if (c < 0)
			return st < 0 ? st : WARC_EOF;
		if (c == pat[matched])
			matched++;
		else
			matched = (c == '\n') ? 1 : 0;
	}
}

int warc_reader_resync(warc_reader *r, warc_error *err)
{
	r->need_resync = false;
	if (r->next_ready)
		return WARC_OK;   /* the damage ended where the next record starts */
	if (!r->gz)
		return resync_plain(r, err);
	/* gzip: drop the rest of the current member, then go on with the next one */
	int st = 0;
	while (r->member_open && getbyte(r, err, &st) >= 0)
		;
	if (r->member_truncated)
		return WARC_EOF;
	r->out_pos = r->out_len = 0;
	int rc = gz_next_member(r, err);
	return rc < 0 ? rc : rc == 0 ? WARC_EOF : WARC_OK;
}

int warc_reader_next(warc_reader *r, warc_record **out, warc_error *err)
{
	int rc;
	*out = NULL;
	if (r->have_rec && !r->rec.finished) {
		/* a record whose damage the caller has already been told of is not reported again */
		bool told = r->rec.damaged;
		rc = warc_record_finish(&r->rec, err);
		if (rc < 0 && !told) {
			r->have_rec = false;
			return rc;
		}
	}
	r->have_rec = false;
	if (r->need_resync) {
		rc = warc_reader_resync(r, err);
		if (rc)
			return rc;
	}
	r->next_ready = false;
	record_clear(&r->rec);
	r->rec.r = r;
	if (r->gz) {
		rc = fill(r, err);
		if (rc == 0) {
			rc = gz_next_member(r, err);
			if (rc == 0)
				return WARC_EOF;
		}
		if (rc < 0) {
			r->need_resync = true;
			return rc;
		}
	}
	r->rec.offset = r->gz ? (r->whole_file_gz ? r->stream_pos : r->member_start) : r->base + r->stream_pos;
	uint64_t header_start = r->base + r->stream_pos;
	rc = parse_header(r, &r->rec, err);
	if (rc == 0)
		return WARC_EOF;
	if (rc < 0) {
		r->need_resync = true;
		r->resync_from = header_start + 1;
		return rc;
	}
	r->have_rec = true;
	*out = &r->rec;
	return WARC_OK;
}

/* ---- record block -------------------------------------------------------- */

/* True when the unread decompressed bytes start a record ("WARC/"). */
static bool at_record_start(const warc_reader *r)
{
	return r->out_len - r->out_pos >= 5 && memcmp(r->out + r->out_pos, "WARC/", 5) == 0;
}

/* The gzip member ended inside rec's block: go on in the next member (a
 * record split across members), unless that member starts a record of its
 * own: then the Content-Length was too large, and the next record is kept. */
static int gz_block_continues(warc_reader *r, warc_record *rec, warc_error *err)
{
	uint64_t end = r->member_end;
	int rc = gz_next_member(r, err);
	if (rc == 1)
		rc = fill(r, err);
	if (rc == 1 && at_record_start(r)) {
		r->next_ready = true;
		rec->length = end - rec->offset;
		return warc_fail(err, WARC_ERR_TRUNCATED,
				 "%s: offset %llu: block truncated: Content-Length %llu but its gzip member ends after "
				 "%llu bytes (the next member starts a record)",
				 r->name, (unsigned long long)rec->offset, (unsigned long long)rec->content_length,
				 (unsigned long long)(rec->content_length - rec->remaining));
	}
	if (rc == 1)
		warnf(r, rec->offset, "record continues in the next gzip member");
	return rc;
}

ssize_t warc_record_read(warc_record *rec, void *buf, size_t n, warc_error *err)
{
	warc_reader *r = rec->r;
	if (rec->remaining == 0 || n == 0)
		return 0;
	if (rec->damaged)
		return warc_fail(err, WARC_ERR_TRUNCATED, "%s: offset %llu: record damaged (reported before)",
				 r->name, (unsigned long long)rec->offset);
	int rc = fill(r, err);
	if (rc == 0 && r->gz)
		rc = gz_block_continues(r, rec, err);
	if (rc < 0) {
		rec->damaged = true;
		return rc;
	}
	if (rc == 0) {
		rec->damaged = true;
		return warc_fail(err, WARC_ERR_TRUNCATED,
				 "%s: offset %llu: block truncated: Content-Length %llu but only %llu bytes follow",
				 r->name, (unsigned long long)rec->offset, (unsigned long long)rec->content_length,
				 (unsigned long long)(rec->content_length - rec->remaining));
	}
	size_t avail = r->out_len - r->out_pos;
	if (avail > n)
		avail = n;
	if (avail > rec->remaining)
		avail = (size_t)rec->remaining;
	memcpy(buf, r->out + r->out_pos, avail);
	r->out_pos += avail;
	r->stream_pos += avail;
	rec->remaining -= avail;
	return (ssize_t)avail;
}

/* Where reading is now, in the terms of record offsets (see warc_record_offset). */
static uint64_t pos_now(const warc_reader *r)
{
	if (!r->gz)
		return r->base + r->stream_pos;
	return r->whole_file_gz ? r->stream_pos : gz_consumed_pos(r);
}

static int damaged(warc_record *rec, int code)
{
	warc_reader *r = rec->r;
	rec->damaged = true;
	rec->finished = true;
	/* stored length: the member when its end is known, else what was read */
	bool member_known = r->gz && !r->whole_file_gz && r->member_end > rec->offset;
	if (!rec->length)
		rec->length = (member_known ? r->member_end : pos_now(r)) - rec->offset;
	r->need_resync = !r->next_ready;
	r->resync_from = r->base + rec->block_start;
	return code;
}

int warc_record_finish(warc_record *rec, warc_error *err)
{
	warc_reader *r = rec->r;
	if (rec->finished)
		return rec->damaged ? WARC_ERR_FORMAT : WARC_OK;
	unsigned char skip[WINDOW];
	while (rec->remaining > 0) {
		ssize_t k = warc_record_read(rec, skip, sizeof skip, err);
		if (k < 0)
			return damaged(rec, (int)k);
	}
	/* trailer: expect CRLFCRLF; accept any run of CR/LF with a warning */
	char *t = rec->trailer;
	size_t tn = 0;
	int c;
	while (tn < 4 && ((c = peekbyte(r, err)) == '\r' || c == '\n')) {
		int st;
		t[tn++] = (char)getbyte(r, err, &st);
	}
	rec->trailer_len = tn;
	rec->trailer_ok = (tn == 4 && memcmp(t, "\r\n\r\n", 4) == 0);
	/* what follows must be the end, or the next record */
	int frc = fill(r, err);
	if (frc < 0)
		return damaged(rec, frc);
	c = frc > 0 ? r->out[r->out_pos] : -1;
	bool at_end = (c < 0);
	/* gzip too: bytes left in the member that start no record are the rest of a
	 * block whose Content-Length is too small, not a whole-file gzip stream */
	if (!at_end && c != 'W')
		return damaged(rec, warc_fail(err, WARC_ERR_FORMAT,
			"%s: offset %llu: no record boundary after Content-Length %llu bytes (Content-Length wrong or trailer missing)",
			r->name, (unsigned long long)rec->offset, (unsigned long long)rec->content_length));
	if (!rec->trailer_ok)
		warnf(r, rec->offset, "record not followed by CRLFCRLF");
	if (r->gz && !at_end && !r->whole_file_gz) {
		/* more records inside the same member: a whole-file gzip stream */
		r->whole_file_gz = true;
		if (!r->warned_whole) {
			r->warned_whole = true;
			warnf(r, rec->offset,
			      "several records share one gzip member (whole-file gzip): not seekable, offsets are uncompressed");
		}
	}
	rec->length = (r->gz && !r->whole_file_gz ? r->member_end : pos_now(r)) - rec->offset;
	rec->finished = true;
	return WARC_OK;
}

/* ---- accessors ----------------------------------------------------------- */

const warc_headers *warc_record_headers(const warc_record *rec) { return rec->headers; }
const char *warc_record_version(const warc_record *rec) { return rec->version; }
const char *warc_record_type(const warc_record *rec) { return rec->type ? rec->type : ""; }
const char *warc_record_id(const warc_record *rec) { return rec->id ? rec->id : ""; }
const char *warc_record_date(const warc_record *rec) { return rec->date ? rec->date : ""; }
const char *warc_record_target_uri(const warc_record *rec) { return rec->target; }
const char *warc_record_content_type(const warc_record *rec) { return rec->ctype; }
uint64_t warc_record_content_length(const warc_record *rec) { return rec->content_length; }
uint64_t warc_record_offset(const warc_record *rec) { return rec->offset; }
uint64_t warc_record_length(const warc_record *rec) { return rec->length; }
bool warc_record_trailer_ok(const warc_record *rec) { return rec->trailer_ok; }

const char *warc_record_raw_header(const warc_record *rec, size_t *len)
{
	*len = rec->raw_header.len;
	return rec->raw_header.data;
}

const char *warc_record_trailer(const warc_record *rec, size_t *len)
{
	*len = rec->finished ? rec->trailer_len : 0;
	return rec->trailer;
}
