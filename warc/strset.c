/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strset.c - a bounded in-memory set of strings.
 *
 * Design: open addressing with linear probing on a 64-bit FNV-1a hash, the
 * table kept at most 3/4 full and doubled when it would be fuller. The
 * hashes are kept beside the string copies, so a probe compares strings
 * only when the hashes agree and growing never rehashes; a hash collision
 * never makes two strings one. Like warc_buf, the set carries its limit:
 * table and strings together never exceed it, and an add that would is
 * refused with WARC_ERR_TOOBIG, leaving the set as it was.
 */
#include "warc/warc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SLOT_BYTES (sizeof(char *) + sizeof(uint64_t))

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

void warc_strset_init(warc_strset *s, size_t limit)
{
	memset(s, 0, sizeof *s);
	s->limit = limit;
}

void warc_strset_free(warc_strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->items[i]);
	free(s->items);
	free(s->hashes);
	warc_strset_init(s, s->limit);
}

bool warc_strset_has(const warc_strset *s, const char *str)
{
	if (!s->count)
		return false;
	uint64_t h = fnv1a(str);
	for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->items[i])
			return false;
		if (s->hashes[i] == h && !strcmp(s->items[i], str))
			return true;
	}
}

/* Into the first free slot of its probe sequence (the table has one). */
static void put(warc_strset *s, char *str, uint64_t h)
{
	size_t i = h & (s->cap - 1);
	while (s->items[i])
		i = (i + 1) & (s->cap - 1);
	s->items[i] = str;
	s->hashes[i] = h;
	s->count++;
}

static int grow(warc_strset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 256;
	size_t bytes = s->bytes - s->cap * SLOT_BYTES + cap * SLOT_BYTES;
	if (bytes > s->limit)
		return WARC_ERR_TOOBIG;
	warc_strset n = { .cap = cap, .bytes = bytes, .limit = s->limit };
	n.items = calloc(cap, sizeof *n.items);
	n.hashes = calloc(cap, sizeof *n.hashes);
	if (!n.items || !n.hashes) {
		free(n.items);
		free(n.hashes);
		return WARC_ERR_NOMEM;
	}
	for (size_t i = 0; i < s->cap; i++)
		if (s->items[i])
			put(&n, s->items[i], s->hashes[i]);
	free(s->items);
	free(s->hashes);
	*s = n;
	return WARC_OK;
}

int warc_strset_add(warc_strset *s, const char *str)
{
	if (warc_strset_has(s, str))
		return WARC_OK;
	size_t len = strlen(str) + 1;
	if (s->bytes + len > s->limit)
		return WARC_ERR_TOOBIG;
	if ((s->count + 1) * 4 > s->cap * 3) {
		int rc = grow(s);
		if (rc)
			return rc;
		if (s->bytes + len > s->limit)
			return WARC_ERR_TOOBIG;
	}
	char *copy = malloc(len);
	if (!copy)
		return WARC_ERR_NOMEM;
	memcpy(copy, str, len);
	put(s, copy, fnv1a(str));
	s->bytes += len;
	return WARC_OK;
}
