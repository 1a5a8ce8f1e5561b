/*
 * bundle_names.c - unique file names for a bundle's text files.
 *
 * Two pages can share a slug (the same URL captured twice, or two HTML files
 * without a URL and the same name): the second gets "-2", the third "-3", in
 * input order, so names are stable from run to run. Used names live in an
 * open-addressing hash set (FNV-1a, linear probing, kept at most half full)
 * so that a crawl of a million pages does not compare every name with every
 * other; the set is bounded by X_BUNDLE_MAX_NAMES.
 */
#include "extract/bundle_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_name(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

/* The slot holding s, or the empty slot where it would go. cap > count. */
static size_t find_slot(char **slot, size_t cap, const char *s)
{
	size_t i = (size_t)(hash_name(s) & (cap - 1));
	while (slot[i] && strcmp(slot[i], s))
		i = (i + 1) & (cap - 1);
	return i;
}

static bool name_used(const x_names *n, const char *s)
{
	return n->cap && n->slot[find_slot(n->slot, n->cap, s)] != NULL;
}

static int grow(x_names *n)
{
	size_t cap = n->cap ? n->cap * 2 : 256;
	char **slot = calloc(cap, sizeof *slot);
	if (!slot) return WARC_ERR_NOMEM;
	for (size_t i = 0; i < n->cap; i++)
		if (n->slot[i]) slot[find_slot(slot, cap, n->slot[i])] = n->slot[i];
	free(n->slot);
	n->slot = slot;
	n->cap = cap;
	return WARC_OK;
}

static int remember(x_names *n, const char *s)
{
	if (name_used(n, s)) return WARC_OK;
	if (n->count >= X_BUNDLE_MAX_NAMES) return WARC_ERR_TOOBIG;
	if ((n->count + 1) * 2 > n->cap && grow(n)) return WARC_ERR_NOMEM;
	char *copy = strdup(s);
	if (!copy) return WARC_ERR_NOMEM;
	n->slot[find_slot(n->slot, n->cap, s)] = copy;
	n->count++;
	return WARC_OK;
}

int bundle_names_claim(x_names *n, const char *slug, char out[X_BUNDLE_NAME_MAX])
{
	snprintf(out, X_BUNDLE_NAME_MAX, "%s", slug);
	for (int i = 2; name_used(n, out) && i < X_BUNDLE_MAX_SUFFIX; i++)
		snprintf(out, X_BUNDLE_NAME_MAX, "%s-%d", slug, i);
	return remember(n, out);
}

void bundle_names_free(x_names *n)
{
	for (size_t i = 0; i < n->cap; i++) free(n->slot[i]);
	free(n->slot);
	n->slot = NULL;
	n->cap = n->count = 0;
}
