/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.c - bounded growable byte buffer and the shared error helper.
 *
 * Modelled on curl's dynbuf: every buffer carries the largest size it may
 * reach, so code that appends hostile input cannot grow without bound; it
 * gets WARC_ERR_TOOBIG instead. The data is kept NUL-terminated so text
 * users can treat it as a C string.
 */
#include "warc/warc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int warc_fail(warc_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

int warc_errno_status(int e, bool reading)
{
	if (e == ENOENT && reading)
		return WARC_ERR_NOTFOUND;
	if (e == ENOSPC || e == EDQUOT)
		return WARC_ERR_NOSPACE;
	return WARC_ERR_IO;
}

bool warc_status_is_io(int status)
{
	return status == WARC_ERR_IO || status == WARC_ERR_NOTFOUND || status == WARC_ERR_NOSPACE;
}

void warc_buf_init(warc_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
}

static int buf_reserve(warc_buf *b, size_t extra)
{
	if (extra > b->limit || b->len > b->limit - extra)
		return WARC_ERR_TOOBIG;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return WARC_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return WARC_ERR_NOMEM;
	b->data = p;
	b->cap = cap;
	return WARC_OK;
}

int warc_buf_add(warc_buf *b, const void *p, size_t n)
{
	int rc = buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return WARC_OK;
}

int warc_buf_addstr(warc_buf *b, const char *s)
{
	return warc_buf_add(b, s, strlen(s));
}

int warc_buf_printf(warc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return WARC_ERR_USAGE;
	int rc = buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return WARC_OK;
}

void warc_buf_reset(warc_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void warc_buf_free(warc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *warc_buf_detach(warc_buf *b)
{
	char *p = b->data;
	if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
