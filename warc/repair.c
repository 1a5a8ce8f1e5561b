/* SPDX-License-Identifier: Apache-2.0 */
/*
 * repair.c - crash recovery for a torn NAME.warc.gz.open file.
 *
 * The writer puts each record, trailer included, in its own gzip member, so
 * a file cut anywhere is a run of whole members followed by one torn one.
 * We inflate member by member (constant memory: only the WARC header is
 * buffered, bounded by WARC_LIMIT_HEADER) and keep a member only if it ends
 * cleanly (gzip trailer and CRC checked by zlib) and inflates to exactly one
 * whole record: "WARC/" version line, header, Content-Length bytes of block,
 * CRLFCRLF. The file is truncated after the last good member and renamed to
 * NAME.warc.gz. Nothing after the first bad member is trusted.
 */
#include "warc/warc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#define IN_CHUNK (64u * 1024u)

/* What one member inflated to, checked as it streams. */
struct rec_check {
	warc_buf head;
	bool head_done, bad;
	uint64_t total, expected;
	unsigned char last4[4];
};

static void rec_reset(struct rec_check *r)
{
	warc_buf_reset(&r->head);
	r->head_done = r->bad = false;
	r->total = r->expected = 0;
	memset(r->last4, 0, 4);
}

/* Content-Length from a complete WARC header, or -1. */
static int64_t header_content_length(const char *h)
{
	if (strncmp(h, "WARC/", 5) != 0)
		return -1;
	const char *p = strchr(h, '\n');
	while (p) {
		p++;
		if (!strncasecmp(p, "Content-Length:", 15)) {
			p += 15;
			while (*p == ' ' || *p == '\t')
				p++;
			char *end;
			errno = 0;
			unsigned long long v = strtoull(p, &end, 10);
			if (end == p || errno || (*end != '\r' && *end != '\n' && *end != ' '))
				return -1;
			return v > INT64_MAX ? -1 : (int64_t)v;
		}
		p = strchr(p, '\n');
	}
	return -1;
}

static void rec_feed(struct rec_check *r, const unsigned char *p, size_t n)
{
	if (r->bad || n == 0)
		return;
	if (n >= 4) {
		memcpy(r->last4, p + n - 4, 4);
	} else {
		memmove(r->last4, r->last4 + n, 4 - n);
		memcpy(r->last4 + 4 - n, p, n);
	}
	r->total += n;
	if (r->head_done)
		return;
	size_t before = r->head.len;
	if (warc_buf_add(&r->head, p, n) != WARC_OK) {
		r->bad = true;
		return;
	}
	const char *end = strstr(r->head.data + (before > 3 ? before - 3 : 0), "\r\n\r\n");
	if (!end) {
		if (r->head.len >= 5 && strncmp(r->head.data, "WARC/", 5) != 0)
			r->bad = true;
		return;
	}
	size_t hlen = (size_t)(end - r->head.data) + 4;
	r->head.data[hlen] = '\0';
	int64_t cl = header_content_length(r->head.data);
	if (cl < 0) {
		r->bad = true;
		return;
	}
	r->head_done = true;
	r->expected = hlen + (uint64_t)cl + 4;
}

static bool rec_whole(const struct rec_check *r)
{
	return !r->bad && r->head_done && r->total == r->expected && !memcmp(r->last4, "\r\n\r\n", 4);
}

int warc_repair_open_file(const char *path, uint64_t *kept, warc_error *err)
{
	*kept = 0;
	size_t pl = strlen(path);
	if (pl < 6 || strcmp(path + pl - 5, ".open") != 0)
		return warc_fail(err, WARC_ERR_USAGE, "repair: %s does not end in .open", path);
	char *final = strndup(path, pl - 5);
	if (!final)
		return warc_fail(err, WARC_ERR_NOMEM, "repair: out of memory");
	if (access(final, F_OK) == 0) {
		int rc = warc_fail(err, WARC_ERR_IO, "repair: %s already exists", final);
		free(final);
		return rc;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		int rc = warc_fail(err, WARC_ERR_IO, "repair: %s: %s", path, strerror(errno));
		free(final);
		return rc;
	}
	unsigned char *in = malloc(IN_CHUNK), *out = malloc(IN_CHUNK);
	z_stream z;
	memset(&z, 0, sizeof z);
	struct rec_check rc_;
	warc_buf_init(&rc_.head, WARC_LIMIT_HEADER);
	rec_reset(&rc_);
	int status = WARC_OK;
	if (!in || !out || inflateInit2(&z, 15 + 16) != Z_OK) {
		status = warc_fail(err, WARC_ERR_NOMEM, "repair: out of memory");
		goto done;
	}
	uint64_t consumed = 0;   /* file offset of z.next_in */
	uint64_t good = 0;       /* end of the last good member */
	bool eof = false;
	for (;;) {
		if (z.avail_in == 0 && !eof) {
			size_t got = fread(in, 1, IN_CHUNK, f);
			if (got == 0) {
				if (ferror(f)) {
					status = warc_fail(err, WARC_ERR_IO, "repair: reading %s: %s", path, strerror(errno));
					goto done;
				}
				eof = true;
			}
			z.next_in = in;
			z.avail_in = (uInt)got;
		}
		if (z.avail_in == 0 && eof)
			break;   /* clean end between members, or a torn member */
		z.next_out = out;
		z.avail_out = IN_CHUNK;
		uInt before = z.avail_in;
		int zr = inflate(&z, Z_NO_FLUSH);
		consumed += before - z.avail_in;
		rec_feed(&rc_, out, IN_CHUNK - z.avail_out);
		if (zr == Z_STREAM_END) {
			if (!rec_whole(&rc_))
				break;
			good = consumed;
			rec_reset(&rc_);
			if (inflateReset(&z) != Z_OK)
				break;
			continue;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR)
			break;   /* corrupt data */
		if (zr == Z_BUF_ERROR && eof && z.avail_in == 0)
			break;
		if (rc_.bad)
			break;
	}
	fclose(f);
	f = NULL;
	if (truncate(path, (off_t)good) != 0) {
		status = warc_fail(err, WARC_ERR_IO, "repair: truncating %s: %s", path, strerror(errno));
		goto done;
	}
	if (rename(path, final) != 0) {
		status = warc_fail(err, WARC_ERR_IO, "repair: renaming %s: %s", path, strerror(errno));
		goto done;
	}
	*kept = good;
done:
	if (f)
		fclose(f);
	inflateEnd(&z);
	warc_buf_free(&rc_.head);
	free(in);
	free(out);
	free(final);
	return status;
}
