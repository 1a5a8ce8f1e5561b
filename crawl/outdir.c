/* SPDX-License-Identifier: Apache-2.0 */
/*
 * outdir.c - the resume contract of a crawl's output directory: DIR/crawl.args
 * and the state.db check (crawl.h, "The output directory").
 *
 * A new crawl saves its arguments in DIR/crawl.args (one per line, written
 * under a temporary name, fsync'ed and renamed) before anything else is
 * created, so that 'wark crawl --resume -o DIR' needs nothing more; the
 * saved arguments come first and those given with --resume after them
 * (later wins). The arguments are opaque strings here: cmd/ parses them.
 */
#include "crawl/crawl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool crawl_outdir_has_state(const char *dir)
{
	char statedb[4096];
	snprintf(statedb, sizeof statedb, "%s/state.db", dir);
	return access(statedb, F_OK) == 0;
}

/* DIR/crawl.args, written under a temporary name and renamed. */
static int save_args(const char *dir, int argc, char *const *argv)
{
	char path[4096], tmp[4100];
	snprintf(path, sizeof path, "%s/crawl.args", dir);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--resume") && !strchr(argv[i], '\n'))
			fprintf(f, "%s\n", argv[i]);
	int bad = ferror(f) | fflush(f) | fsync(fileno(f));
	if (fclose(f) || bad || rename(tmp, path)) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int crawl_outdir_prepare(const char *dir, int argc, char *const *argv, warc_error *err)
{
	if (crawl_outdir_has_state(dir))
		return WARC_OK; /* crawl_run() refuses it without --resume */
	bool made = mkdir(dir, 0777) == 0;
	if (!made && errno != EEXIST)
		return warc_fail(err, WARC_ERR_IO, "cannot create the output directory %s: %s", dir, strerror(errno));
	if (save_args(dir, argc, argv)) {
		int rc = warc_fail(err, WARC_ERR_IO, "cannot write in the output directory %s: %s", dir,
				   strerror(errno));
		if (made)
			rmdir(dir);
		return rc;
	}
	return WARC_OK;
}

int crawl_args_load(const char *dir, crawl_args *out, warc_error *err)
{
	memset(out, 0, sizeof *out);
	char path[4096];
	snprintf(path, sizeof path, "%s/crawl.args", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return warc_fail(err, warc_errno_status(errno, true), "%s: %s", path, strerror(errno));
	char line[CRAWL_ARGS_LINE_MAX];
	int rc = WARC_OK;
	while (!rc && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char **v = realloc(out->v, (out->n + 1) * sizeof *v);
		if (v)
			out->v = v;
		if (!v || !(out->v[out->n] = strdup(line)))
			rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		else
			out->n++;
	}
	fclose(f);
	if (rc)
		crawl_args_free(out);
	return rc;
}

void crawl_args_free(crawl_args *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof *a);
}
