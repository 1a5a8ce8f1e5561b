/* SPDX-License-Identifier: Apache-2.0 */
/*
 * headers.c - ordered, case-insensitive list of name/value fields.
 *
 * Used for WARC named fields and HTTP headers alike. Fields keep the order
 * and spelling they were read in (so a record can be re-serialised
 * faithfully); lookups compare names case-insensitively. A linear list is
 * right here: a header block holds tens of fields, not thousands.
 */
#include "warc/warc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct field {
	char *name;
	char *value;
};

struct warc_headers {
	struct field *v;
	size_t n, cap;
};

warc_headers *warc_headers_new(void)
{
	return calloc(1, sizeof(warc_headers));
}

void warc_headers_free(warc_headers *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].name);
		free(h->v[i].value);
	}
	free(h->v);
	free(h);
}

int warc_headers_add(warc_headers *h, const char *name, const char *value)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		struct field *v = realloc(h->v, cap * sizeof *v);
		if (!v)
			return WARC_ERR_NOMEM;
		h->v = v;
		h->cap = cap;
	}
	char *n = strdup(name), *val = strdup(value ? value : "");
	if (!n || !val) {
		free(n);
		free(val);
		return WARC_ERR_NOMEM;
	}
	h->v[h->n].name = n;
	h->v[h->n].value = val;
	h->n++;
	return WARC_OK;
}

int warc_headers_set(warc_headers *h, const char *name, const char *value)
{
	size_t j = 0;
	for (size_t i = 0; i < h->n; i++) {
		if (strcasecmp(h->v[i].name, name) == 0) {
			free(h->v[i].name);
			free(h->v[i].value);
			continue;
		}
		h->v[j++] = h->v[i];
	}
	h->n = j;
	return warc_headers_add(h, name, value);
}

const char *warc_headers_get(const warc_headers *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) == 0)
			return h->v[i].value;
	return NULL;
}

size_t warc_headers_count(const warc_headers *h)
{
	return h->n;
}

const char *warc_headers_name(const warc_headers *h, size_t i)
{
	return i < h->n ? h->v[i].name : NULL;
}

const char *warc_headers_value(const warc_headers *h, size_t i)
{
	return i < h->n ? h->v[i].value : NULL;
}
