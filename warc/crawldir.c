/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crawldir.c - the WARC files of a directory, and of a crawl directory
 * (DIR/warc/): the one place that decides which files those are, for every
 * command that takes a crawl directory where WARCs are expected (ls, index,
 * verify, extract, pack).
 *
 * Design: a WARC is a name ending .warc or .warc.gz directly in the
 * directory (not recursive, not hidden, not a NAME.warc.gz.open still being
 * written); the list is sorted bytewise so that output never depends on
 * readdir order, and bounded by WARC_LIMIT_DIR_WARCS names.
 */
#include "warc/warc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool warc_is_warc_name(const char *name)
{
	return warc_ends_with(name, ".warc") || warc_ends_with(name, ".warc.gz");
}

static int paths_add(warc_paths *p, const char *dir, const char *name, warc_error *err)
{
	if (p->n >= WARC_LIMIT_DIR_WARCS)
		return warc_fail(err, WARC_ERR_TOOBIG, "%s: more than %u WARC files", dir, WARC_LIMIT_DIR_WARCS);
	char **v = realloc(p->v, (p->n + 1) * sizeof *v);
	if (!v)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	p->v = v;
	if (asprintf(&p->v[p->n], "%s/%s", dir, name) < 0)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	p->n++;
	return WARC_OK;
}

int warc_dir_warcs(const char *dir, warc_paths *out, warc_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return warc_fail(err, WARC_ERR_IO, "%s: %s", dir, strerror(errno));
	size_t first = out->n;
	int rc = WARC_OK;
	struct dirent *de;
	while (!rc && (de = readdir(d)))
		if (de->d_name[0] != '.' && warc_is_warc_name(de->d_name))
			rc = paths_add(out, dir, de->d_name, err);
	closedir(d);
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof *out->v, warc_cmp_str);
	return rc;
}

int warc_crawl_dir_warcs(const char *dir, warc_paths *out, warc_error *err)
{
	char *sub = NULL;
	if (asprintf(&sub, "%s/warc", dir) < 0)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	struct stat st;
	int rc;
	size_t before = out->n;
	if (stat(sub, &st) || !S_ISDIR(st.st_mode))
		rc = warc_fail(err, WARC_ERR_USAGE, "%s: a directory, but not a crawl directory (no %s/ of WARC files)",
			       dir, sub);
	else if ((rc = warc_dir_warcs(sub, out, err)) == WARC_OK && out->n == before)
		rc = warc_fail(err, WARC_ERR_USAGE, "%s: no WARC files in %s/", dir, sub);
	free(sub);
	return rc;
}

void warc_paths_free(warc_paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}
