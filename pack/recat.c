/* SPDX-License-Identifier: Apache-2.0 */
/*
 * recat.c - read the one WARC record an index line points at.
 *
 * Used by verification to prove that an index entry's offset lands on the
 * start of a record (a whole gzip member for .warc.gz) whose
 * WARC-Target-URI is the entry's url, and that its length is the member's
 * size. Only the header is kept; the rest of the member is inflated and
 * discarded to learn where it ends, so memory is bounded by the header
 * limit.
 */
#include "pack/internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define CHUNK (64u << 10)

/* WARC-Target-URI of a header block ("" when absent); wget's <...> removed. */
static char *target_uri(const char *head)
{
	const char *p = head;
	while (*p) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		if (!strncasecmp(p, "WARC-Target-URI:", 16)) {
			const char *v = p + 16, *e = eol;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			while (e > v && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (e - v >= 2 && *v == '<' && e[-1] == '>') {
				v++;
				e--;
			}
			return strndup(v, (size_t)(e - v));
		}
		p = *eol ? eol + 1 : eol;
	}
	return strdup("");
}

static bool head_complete(const warc_buf *b)
{
	return b->len >= 4 && strstr(b->data, "\r\n\r\n");
}

static uint64_t content_length(const char *head)
{
	const char *p = strcasestr(head, "\nContent-Length:");
	return p ? strtoull(p + 16, NULL, 10) : 0;
}

int pk_record_at(FILE *f, uint64_t offset, char **uri, uint64_t *stored_len, warc_error *err)
{
	*uri = NULL;
	*stored_len = 0;
	if (fseeko(f, (off_t)offset, SEEK_SET))
		return warc_fail(err, WARC_ERR_FORMAT, "offset %llu is past the end of the file",
				 (unsigned long long)offset);
	unsigned char *in = malloc(CHUNK), *out = malloc(CHUNK);
	warc_buf head;
	warc_buf_init(&head, WARC_LIMIT_HEADER);
	int rc = WARC_OK;
	if (!in || !out) {
		rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		goto done;
	}
	size_t got = fread(in, 1, CHUNK, f);
	if (got < 2) {
		rc = warc_fail(err, WARC_ERR_FORMAT, "offset %llu is at or past the end of the file",
			       (unsigned long long)offset);
		goto done;
	}
	if (in[0] == 0x1f && in[1] == 0x8b) {
		z_stream z;
		memset(&z, 0, sizeof z);
		if (inflateInit2(&z, 31) != Z_OK) {
			rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
			goto done;
		}
		z.next_in = in;
		z.avail_in = (uInt)got;
		uint64_t consumed = 0;
		int zr = Z_OK;
		while (zr != Z_STREAM_END) {
			if (!z.avail_in) {
				got = fread(in, 1, CHUNK, f);
				if (!got)
					break;
				z.next_in = in;
				z.avail_in = (uInt)got;
			}
			uInt before = z.avail_in;
			z.next_out = out;
			z.avail_out = CHUNK;
			zr = inflate(&z, Z_NO_FLUSH);
			consumed += before - z.avail_in;
			if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR)
				break;
			size_t n = CHUNK - z.avail_out;
			if (n && !head_complete(&head)) {
				size_t room = head.limit - head.len;
				if (warc_buf_add(&head, out, n < room ? n : room) == WARC_OK && n > room)
					break;
			}
		}
		inflateEnd(&z);
		if (zr != Z_STREAM_END) {
			rc = warc_fail(err, WARC_ERR_FORMAT, "offset %llu: not a whole gzip member",
				       (unsigned long long)offset);
			goto done;
		}
		*stored_len = consumed;
	} else {
		/* plain WARC: the header, then Content-Length bytes and CRLFCRLF */
		size_t pos = 0;
		while (!head_complete(&head)) {
			if (pos == got) {
				got = fread(in, 1, CHUNK, f);
				pos = 0;
				if (!got)
					break;
			}
			if (warc_buf_add(&head, in + pos, 1))
				break;
			pos++;
		}
		if (head_complete(&head))
			*stored_len = head.len + content_length(head.data) + 4;
	}
	if (!head.data || strncmp(head.data, "WARC/", 5) || !head_complete(&head)) {
		rc = warc_fail(err, WARC_ERR_FORMAT, "offset %llu is not the start of a WARC record",
			       (unsigned long long)offset);
		goto done;
	}
	char *end = strstr(head.data, "\r\n\r\n");
	end[2] = '\0';
	*uri = target_uri(head.data);
	if (!*uri)
		rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
done:
	free(in);
	free(out);
	warc_buf_free(&head);
	return rc;
}
