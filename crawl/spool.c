/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spool.c - a byte stream held in memory up to CRAWL_SPOOL_BYTES and moved
 * to an unlinked temporary file in the crawl directory beyond that, so a
 * 50 MB response costs 1 MiB of RAM. The file keeps every byte from offset
 * 0, so the writer can take the whole block from it in one go.
 */
#include "crawl/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void crw_spool_init(crw_spool *s, const char *dir)
{
	warc_buf_init(&s->mem, CRAWL_SPOOL_BYTES);
	s->file = NULL;
	s->len = 0;
	s->dir = dir;
}

static int spill(crw_spool *s, warc_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/.spool-XXXXXX", s->dir ? s->dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return warc_fail(err, warc_errno_status(errno, false), "%s: %s", path, strerror(errno));
	unlink(path);
	s->file = fdopen(fd, "w+b");
	if (!s->file) {
		close(fd);
		return warc_fail(err, warc_errno_status(errno, false), "spool: %s", strerror(errno));
	}
	if (s->mem.len && fwrite(s->mem.data, 1, s->mem.len, s->file) != s->mem.len)
		return warc_fail(err, warc_errno_status(errno, false), "spool write: %s", strerror(errno));
	warc_buf_free(&s->mem);
	return WARC_OK;
}

int crw_spool_add(crw_spool *s, const void *p, size_t n, warc_error *err)
{
	if (!n)
		return WARC_OK;
	if (!s->file && s->mem.len + n > s->mem.limit) {
		int rc = spill(s, err);
		if (rc)
			return rc;
	}
	if (s->file) {
		if (fwrite(p, 1, n, s->file) != n)
			return warc_fail(err, warc_errno_status(errno, false), "spool write: %s", strerror(errno));
	} else if (warc_buf_add(&s->mem, p, n)) {
		return warc_fail(err, WARC_ERR_NOMEM, "spool: out of memory");
	}
	s->len += n;
	return WARC_OK;
}

void crw_spool_reset(crw_spool *s)
{
	if (s->file)
		fclose(s->file);
	s->file = NULL;
	warc_buf_reset(&s->mem);
	s->len = 0;
}

void crw_spool_free(crw_spool *s)
{
	crw_spool_reset(s);
	warc_buf_free(&s->mem);
}

int crw_spool_each(crw_spool *s, uint64_t from, warc_sink_fn sink, void *ctx, warc_error *err)
{
	if (from >= s->len)
		return WARC_OK;
	if (!s->file)
		return sink(ctx, s->mem.data + from, (size_t)(s->len - from));
	if (fflush(s->file) || fseeko(s->file, (off_t)from, SEEK_SET))
		return warc_fail(err, warc_errno_status(errno, false), "spool seek: %s", strerror(errno));
	char buf[64 * 1024];
	uint64_t left = s->len - from;
	while (left) {
		size_t want = left < sizeof buf ? (size_t)left : sizeof buf;
		size_t got = fread(buf, 1, want, s->file);
		if (got == 0)
			return warc_fail(err, WARC_ERR_IO, "spool read: short file");
		int rc = sink(ctx, buf, got);
		if (rc)
			return rc;
		left -= got;
	}
	if (fseeko(s->file, 0, SEEK_END))
		return warc_fail(err, warc_errno_status(errno, false), "spool seek: %s", strerror(errno));
	return WARC_OK;
}

size_t crw_spool_peek(crw_spool *s, void *out, size_t n)
{
	if (n > s->len)
		n = (size_t)s->len;
	if (!s->file) {
		memcpy(out, s->mem.data, n);
		return n;
	}
	if (fflush(s->file) || fseeko(s->file, 0, SEEK_SET))
		return 0;
	size_t got = fread(out, 1, n, s->file);
	if (fseeko(s->file, 0, SEEK_END))
		return 0;
	return got;
}
