/* SPDX-License-Identifier: Apache-2.0 */
/*
 * blob.c - generated archive content (index, ZipNum, pages) kept in an
 * unlinked temporary file next to the output instead of in memory, so that
 * packing stays flat in memory however large the crawl. The file vanishes
 * when closed, also when the process dies.
 */
#include "pack/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pk_blob_open(pk_blob *b, const char *dir, warc_error *err)
{
	b->len = 0;
	return warc_tmpfile(dir && *dir ? dir : ".", &b->f, err);
}

int pk_blob_write(pk_blob *b, const void *p, size_t n, warc_error *err)
{
	if (n && fwrite(p, 1, n, b->f) != n)
		return warc_fail(err, warc_errno_status(errno, false), "temporary file: %s", strerror(errno));
	b->len += n;
	return WARC_OK;
}

int pk_blob_read_at(pk_blob *b, uint64_t off, void *p, size_t n, warc_error *err)
{
	if (fflush(b->f) || pread(fileno(b->f), p, n, (off_t)off) != (ssize_t)n)
		return warc_fail(err, warc_errno_status(errno, false), "temporary file: %s", strerror(errno));
	return WARC_OK;
}

void pk_blob_close(pk_blob *b)
{
	if (b->f)
		fclose(b->f);
	b->f = NULL;
	b->len = 0;
}
