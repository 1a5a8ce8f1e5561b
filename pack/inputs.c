/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inputs.c - resolve the command line's inputs into the files to pack.
 *
 * An input is a WARC file, a crawl directory (DIR/warc/ *.warc.gz or WARCs
 * in DIR itself, plus a text bundle in DIR/extract/ or DIR/text/), or an
 * extract output directory (it holds pages.jsonl). The text bundle is
 * flattened to base names, because WACZ wants every file exactly one
 * directory deep; two files with the same base name are refused rather than
 * renamed, so that references inside pages.jsonl stay true; one file
 * reached twice (same device and inode) is one input. Files still being
 * written (*.open) are skipped. Everything is sorted by name so the archive
 * does not depend on readdir order.
 */
#include "pack/internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Names that 'wark verify' (and unzip, tar) would treat as unsafe are refused up front. */
static int check_packable(const char *src, warc_error *err)
{
	const char *b = base_name(src);
	for (const char *p = b; *p; p++)
		if ((unsigned char)*p < 32 || *p == 127 || *p == '\\')
			return warc_fail(err, WARC_ERR_USAGE, "%s: control character or backslash in the file name", src);
	if (!warc_utf8_valid(b, strlen(b)))
		return warc_fail(err, WARC_ERR_USAGE, "%s: file name is not UTF-8", src);
	return WARC_OK;
}

static int add_file(pk_file **arr, size_t *n, const char *src, const struct stat *st, warc_error *err)
{
	int crc = check_packable(src, err);
	if (crc)
		return crc;
	if (*n >= PACK_INPUT_FILES_MAX)
		return warc_fail(err, WARC_ERR_TOOBIG, "%s: too many files (limit %d)", src, PACK_INPUT_FILES_MAX);
	pk_file *p = realloc(*arr, (*n + 1) * sizeof *p);
	if (!p)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	*arr = p;
	pk_file *f = &p[*n];
	f->src = strdup(src);
	f->name = strdup(base_name(src));
	f->size = (uint64_t)st->st_size;
	f->mtime = (int64_t)st->st_mtime;
	f->dev = (uint64_t)st->st_dev;
	f->ino = (uint64_t)st->st_ino;
	if (!f->src || !f->name) {
		free(f->src);
		free(f->name);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	(*n)++;
	return WARC_OK;
}

static int path_join(char *out, size_t sz, const char *a, const char *b, warc_error *err)
{
	int n = snprintf(out, sz, "%s/%s", a, b);
	if (n < 0 || (size_t)n >= sz)
		return warc_fail(err, WARC_ERR_USAGE, "%s/%s: path too long", a, b);
	return WARC_OK;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* What to do with one directory entry (path, its lstat) found at depth. */
typedef int (*entry_fn)(const char *path, const struct stat *st, int depth, pk_inputs *in, warc_error *err);

/* fn for each entry of dir whose name does not start with '.' and passes
 * want (NULL: every name), until one fails. */
static int each_entry(const char *dir, bool (*want)(const char *name), entry_fn fn, int depth, pk_inputs *in,
		      warc_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return warc_fail(err, warc_errno_status(errno, true), "%s: %s", dir, strerror(errno));
	struct dirent *de;
	int rc = WARC_OK;
	char path[4096];
	while (!rc && (de = readdir(d))) {
		if (de->d_name[0] == '.' || (want && !want(de->d_name)))
			continue;
		rc = path_join(path, sizeof path, dir, de->d_name, err);
		struct stat st;
		if (!rc && lstat(path, &st))
			rc = warc_fail(err, warc_errno_status(errno, true), "%s: %s", path, strerror(errno));
		if (!rc)
			rc = fn(path, &st, depth, in, err);
	}
	closedir(d);
	return rc;
}

static int add_warc(const char *path, const struct stat *st, int depth, pk_inputs *in, warc_error *err)
{
	if (!S_ISREG(st->st_mode))
		return warc_fail(err, WARC_ERR_USAGE, "%s: not a regular file", path);
	return add_file(&in->warcs, &in->n_warcs, path, st, err);
}

/* The WARCs directly inside dir (warc_dir_warcs: not recursive, no *.open files). */
static int scan_warcs(const char *dir, pk_inputs *in, warc_error *err)
{
	warc_paths p = { 0 };
	int rc = warc_dir_warcs(dir, &p, err);
	for (size_t i = 0; !rc && i < p.n; i++) {
		struct stat st;
		if (lstat(p.v[i], &st))
			rc = warc_fail(err, warc_errno_status(errno, true), "%s: %s", p.v[i], strerror(errno));
		else
			rc = add_warc(p.v[i], &st, 0, in, err);
	}
	warc_paths_free(&p);
	return rc;
}

static int add_bundle_entry(const char *path, const struct stat *st, int depth, pk_inputs *in, warc_error *err);

/* Not a file an unfinished writer left: NAME.open (a WARC or WET being written). */
static bool is_finished(const char *name)
{
	return !warc_ends_with(name, ".open");
}

/* Every regular file of a bundle directory, recursively, flattened; *.open skipped. */
static int scan_bundle(const char *dir, int depth, pk_inputs *in, warc_error *err)
{
	if (depth > PACK_BUNDLE_DEPTH_MAX)
		return warc_fail(err, WARC_ERR_USAGE, "%s: text bundle nested too deep", dir);
	return each_entry(dir, is_finished, add_bundle_entry, depth, in, err);
}

static int add_bundle_entry(const char *path, const struct stat *st, int depth, pk_inputs *in, warc_error *err)
{
	if (S_ISDIR(st->st_mode))
		return scan_bundle(path, depth + 1, in, err);
	if (S_ISREG(st->st_mode))
		return add_file(&in->text, &in->n_text, path, st, err);
	return warc_fail(err, WARC_ERR_USAGE, "%s: not a regular file (symlinks are not packed)", path);
}

static int add_bundle(const char *dir, pk_inputs *in, warc_error *err)
{
	char pages[4096];
	int rc = path_join(pages, sizeof pages, dir, "pages.jsonl", err);
	if (rc)
		return rc;
	if (!in->bundle_pages && is_file(pages)) {
		in->bundle_pages = strdup(pages);
		in->bundle_dir = strdup(dir);
		if (!in->bundle_pages || !in->bundle_dir)
			return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	return scan_bundle(dir, 0, in, err);
}

static int add_dir(const char *dir, pk_inputs *in, warc_error *err)
{
	char sub[4096];
	int rc;
	bool found = false;
	if ((rc = path_join(sub, sizeof sub, dir, "warc", err)))
		return rc;
	if (is_dir(sub)) {
		if ((rc = scan_warcs(sub, in, err)))
			return rc;
		found = true;
	}
	size_t before = in->n_warcs;
	if ((rc = scan_warcs(dir, in, err)))
		return rc;
	found = found || in->n_warcs > before;
	static const char *const bundles[] = { "extract", "text" };
	for (size_t i = 0; i < 2; i++) {
		char pages[4096];
		if ((rc = path_join(sub, sizeof sub, dir, bundles[i], err)) ||
		    (rc = path_join(pages, sizeof pages, sub, "pages.jsonl", err)))
			return rc;
		if (is_file(pages)) {
			if ((rc = add_bundle(sub, in, err)))
				return rc;
			found = true;
			break;
		}
	}
	if ((rc = path_join(sub, sizeof sub, dir, "pages.jsonl", err)))
		return rc;
	if (!found && is_file(sub)) {
		/* An extract output directory itself. */
		if ((rc = add_bundle(dir, in, err)))
			return rc;
		found = true;
	}
	if (!found)
		return warc_fail(err, WARC_ERR_USAGE,
				 "%s: no WARC files (DIR/warc/*.warc.gz) and no pages.jsonl found", dir);
	return WARC_OK;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const pk_file *)a)->name, ((const pk_file *)b)->name);
}

static int cmp_inode(const void *a, const void *b)
{
	const pk_file *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* The same file reached twice (CRAWL and CRAWL/text, a WARC and its
 * crawl directory) is one input: keep one entry per device and inode. */
static void drop_repeats(pk_file *f, size_t *n)
{
	if (*n < 2)
		return;
	qsort(f, *n, sizeof *f, cmp_inode);
	size_t w = 1;
	for (size_t i = 1; i < *n; i++) {
		if (!cmp_inode(&f[w - 1], &f[i])) {
			free(f[i].src);
			free(f[i].name);
			continue;
		}
		f[w++] = f[i];
	}
	*n = w;
}

static int check_unique(pk_file *f, size_t n, const char *what, warc_error *err)
{
	if (n)
		qsort(f, n, sizeof *f, cmp_file);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(f[i - 1].name, f[i].name))
			return warc_fail(err, WARC_ERR_USAGE, "two %s named '%s' (%s and %s): names must be unique",
					 what, f[i].name, f[i - 1].src, f[i].src);
	return WARC_OK;
}

int pk_inputs_collect(const char *const *inputs, size_t n, pk_inputs *in, warc_error *err)
{
	memset(in, 0, sizeof *in);
	int rc = WARC_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		struct stat st;
		if (stat(inputs[i], &st)) {
			rc = warc_fail(err, warc_errno_status(errno, true), "%s: %s", inputs[i], strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			rc = add_dir(inputs[i], in, err);
		} else if (S_ISREG(st.st_mode) && warc_is_warc_name(inputs[i])) {
			rc = add_file(&in->warcs, &in->n_warcs, inputs[i], &st, err);
		} else {
			rc = warc_fail(err, WARC_ERR_USAGE,
				       "%s: not a WARC file (.warc, .warc.gz) or a crawl/extract directory",
				       inputs[i]);
		}
	}
	if (!rc && !in->n_warcs)
		rc = warc_fail(err, WARC_ERR_USAGE, "no WARC files among the inputs");
	if (!rc) {
		drop_repeats(in->warcs, &in->n_warcs);
		drop_repeats(in->text, &in->n_text);
		rc = check_unique(in->warcs, in->n_warcs, "WARC files", err);
	}
	if (!rc)
		rc = check_unique(in->text, in->n_text, "text bundle files", err);
	if (rc)
		pk_inputs_free(in);
	return rc;
}

void pk_inputs_free(pk_inputs *in)
{
	for (size_t i = 0; i < in->n_warcs; i++) {
		free(in->warcs[i].src);
		free(in->warcs[i].name);
	}
	for (size_t i = 0; i < in->n_text; i++) {
		free(in->text[i].src);
		free(in->text[i].name);
	}
	free(in->warcs);
	free(in->text);
	free(in->bundle_pages);
	free(in->bundle_dir);
	memset(in, 0, sizeof *in);
}
