/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bundle_names.c - unique file names for a bundle's text files.
 *
 * Two pages can share a slug (the same URL captured twice, or two HTML files
 * without a URL and the same name): the second gets "-2", the third "-3", in
 * input order, so names are stable from run to run. Used names live in a
 * hashed warc_strset, so a crawl of a million pages does not compare every
 * name with every other; the set is bounded by X_BUNDLE_NAMES_BYTES.
 */
#include "extract/internal.h"

#include <stdio.h>

int x_bundle_names_claim(warc_strset *n, const char *slug, char out[X_BUNDLE_NAME_MAX])
{
	snprintf(out, X_BUNDLE_NAME_MAX, "%s", slug);
	for (int i = 2; warc_strset_has(n, out) && i < X_BUNDLE_MAX_SUFFIX; i++)
		snprintf(out, X_BUNDLE_NAME_MAX, "%s-%d", slug, i);
	return warc_strset_add(n, out);
}
