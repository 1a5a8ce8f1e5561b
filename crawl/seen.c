/*
 * seen.c - a bounded in-memory set of URLs known to be rows of the URL
 * table, consulted before the INSERT OR IGNORE that makes the seen set.
 *
 * Design: a page's links are mostly URLs already seen (navigation, shared
 * requisites), and each would cost an SQLite unique-index probe. Only URLs
 * whose insert succeeded are added, and rows are never deleted, so a hit
 * always means "already a row": the answer SQLite would give. Open
 * addressing with linear probing on a 64-bit FNV-1a hash; the strings are
 * kept and compared, so a hash collision never hides a new URL. Past
 * CRAWL_SEEN_BYTES (strings and table) it stops growing and the rest go to
 * SQLite as before.
 */
#include "crawl/engine_internal.h"

#include <stdlib.h>
#include <string.h>

#define CRAWL_SEEN_BYTES (64u << 20)

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

void crawl_seen_init(crawl_seen *s)
{
	memset(s, 0, sizeof *s);
}

void crawl_seen_free(crawl_seen *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->urls[i]);
	free(s->urls);
	free(s->hashes);
	memset(s, 0, sizeof *s);
}

bool crawl_seen_has(const crawl_seen *s, const char *url)
{
	if (!s->n)
		return false;
	uint64_t h = hash(url);
	for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->urls[i])
			return false;
		if (s->hashes[i] == h && !strcmp(s->urls[i], url))
			return true;
	}
}

static void put(crawl_seen *s, char *url, uint64_t h)
{
	size_t i = h & (s->cap - 1);
	while (s->urls[i])
		i = (i + 1) & (s->cap - 1);
	s->urls[i] = url;
	s->hashes[i] = h;
	s->n++;
}

static bool grow(crawl_seen *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024;
	size_t table = cap * (sizeof(char *) + sizeof(uint64_t));
	if (s->bytes - s->cap * (sizeof(char *) + sizeof(uint64_t)) + table > CRAWL_SEEN_BYTES)
		return false;
	crawl_seen n = { .cap = cap };
	n.urls = calloc(cap, sizeof *n.urls);
	n.hashes = calloc(cap, sizeof *n.hashes);
	if (!n.urls || !n.hashes) {
		free(n.urls);
		free(n.hashes);
		return false;
	}
	for (size_t i = 0; i < s->cap; i++)
		if (s->urls[i])
			put(&n, s->urls[i], s->hashes[i]);
	n.bytes = s->bytes - s->cap * (sizeof(char *) + sizeof(uint64_t)) + table;
	free(s->urls);
	free(s->hashes);
	*s = n;
	return true;
}

void crawl_seen_add(crawl_seen *s, const char *url)
{
	size_t len = strlen(url) + 1;
	if (s->bytes + len > CRAWL_SEEN_BYTES)
		return;
	if ((s->n + 1) * 4 > s->cap * 3 && !grow(s)) /* load factor 3/4 */
		return;
	if (s->bytes + len > CRAWL_SEEN_BYTES)
		return;
	char *copy = malloc(len);
	if (!copy)
		return;
	memcpy(copy, url, len);
	put(s, copy, hash(url));
	s->bytes += len;
}
