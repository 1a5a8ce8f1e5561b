/* SPDX-License-Identifier: Apache-2.0 */
/*
 * atomic.c - nothing half-written ever carries a final name: the one
 * "write to a temporary, make it durable, rename into place" mechanic that
 * pack, extract -o and index -o share.
 *
 * Design: output goes to FINAL.part-XXXXXX beside FINAL (same directory, so
 * the same file system and rename is atomic). Commit makes it durable (a
 * file: fsync; a directory tree: one syncfs, far cheaper than an fsync per
 * file for a bundle of 100,000 text files), renames it into place and
 * fsyncs the parent. A directory that replaces an earlier non-empty one is
 * swapped in with renameat2(RENAME_EXCHANGE), so FINAL names the earlier
 * complete tree or the new one at every moment; the earlier tree, now under
 * the temporary name, is then removed. File systems without RENAME_EXCHANGE
 * get two renames through FINAL.old-XXXXXX (a kill between them leaves FINAL
 * missing; the next open of FINAL puts the old tree back).
 *
 * Leftovers: the temporary is flock'ed for as long as its writer lives. Each
 * open of FINAL first removes the FINAL.part-XXXXXX entries whose lock is
 * free (their writer was killed) and leaves those of live writers alone.
 */
#include "warc/warc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define PART_TAG ".part-"
#define OLD_TAG ".old-"
#define RAND_LEN 6   /* the XXXXXX of mkstemp/mkdtemp */

/* Split path into its directory and base name (out strings malloc'd). */
static int split_path(const char *path, char **dir, char **base)
{
	char *a = strdup(path), *b = strdup(path);
	*dir = *base = NULL;
	if (!a || !b) {
		free(a);
		free(b);
		return WARC_ERR_NOMEM;
	}
	size_t n = strlen(b);
	while (n > 1 && b[n - 1] == '/')
		b[--n] = '\0';
	*dir = strdup(dirname(a));
	*base = strdup(basename(b));
	free(a);
	free(b);
	if (!*dir || !*base) {
		free(*dir);
		free(*base);
		*dir = *base = NULL;
		return WARC_ERR_NOMEM;
	}
	return WARC_OK;
}

int warc_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	int rc = 0;
	DIR *d = opendir(path);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *sub = NULL;
			if (asprintf(&sub, "%s/%s", path, de->d_name) < 0)
				rc = -1;
			else
				rc |= warc_remove_tree(sub);
			free(sub);
		}
		closedir(d);
	}
	return rmdir(path) ? -1 : rc;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* name is BASE + tag + exactly RAND_LEN characters? */
static bool is_sibling(const char *name, const char *base, const char *tag)
{
	size_t bl = strlen(base), tl = strlen(tag);
	return !strncmp(name, base, bl) && !strncmp(name + bl, tag, tl) && strlen(name + bl + tl) == RAND_LEN;
}

/* A leftover temporary whose writer is gone (its lock is free): remove it. */
static void clean_part(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		warc_remove_tree(path);
	close(fd);
}

/* An earlier FINAL set aside by the two-rename fallback: put it back if
 * FINAL is missing (the swap was cut between its renames), else remove it. */
static void clean_old(const char *path, const char *final_path)
{
	struct stat st;
	if (lstat(final_path, &st) && errno == ENOENT && rename(path, final_path) == 0)
		return;
	clean_part(path);
}

void warc_atomic_clean(const char *final_path)
{
	char *dir, *base;
	if (split_path(final_path, &dir, &base))
		return;
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		bool part = is_sibling(de->d_name, base, PART_TAG), old = is_sibling(de->d_name, base, OLD_TAG);
		char *p = NULL;
		if ((!part && !old) || asprintf(&p, "%s/%s", dir, de->d_name) < 0)
			continue;
		if (part)
			clean_part(p);
		else
			clean_old(p, final_path);
		free(p);
	}
	if (d)
		closedir(d);
	free(dir);
	free(base);
}

int warc_atomic_check(const char *final_path, warc_error *err)
{
	char *dir, *base;
	if (!final_path || !*final_path)
		return warc_fail(err, WARC_ERR_USAGE, "no output name");
	if (split_path(final_path, &dir, &base))
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	struct stat st;
	int e = stat(dir, &st) ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : access(dir, W_OK | X_OK) ? errno : 0;
	free(dir);
	free(base);
	return e ? warc_fail(err, warc_errno_status(e, false), "%s: %s", final_path, strerror(e)) : WARC_OK;
}

int warc_atomic_open(warc_atomic *a, const char *final_path, bool is_dir, warc_error *err)
{
	memset(a, 0, sizeof *a);
	a->fd = a->lock_fd = -1;
	a->is_dir = is_dir;
	if (!final_path || !*final_path)
		return warc_fail(err, WARC_ERR_USAGE, "no output name");
	warc_atomic_clean(final_path);
	a->final_path = strdup(final_path);
	for (size_t n = a->final_path ? strlen(a->final_path) : 0; n > 1 && a->final_path[n - 1] == '/'; n--)
		a->final_path[n - 1] = '\0';   /* "out/" is the directory out */
	if (!a->final_path || asprintf(&a->tmp_path, "%s" PART_TAG "XXXXXX", a->final_path) < 0) {
		a->tmp_path = NULL;
		warc_atomic_abort(a);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	int e = 0;
	bool created;
	if (is_dir) {
		created = mkdtemp(a->tmp_path) != NULL;
		if (!created || chmod(a->tmp_path, 0755) ||
		    (a->lock_fd = open(a->tmp_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			e = errno;
	} else {
		a->fd = a->lock_fd = mkostemp(a->tmp_path, O_CLOEXEC);
		created = a->fd >= 0;
		if (!created || fchmod(a->fd, 0644))
			e = errno;
	}
	if (!e && flock(a->lock_fd, LOCK_EX | LOCK_NB))
		e = errno;
	if (e) {
		if (!created) {
			free(a->tmp_path);
			a->tmp_path = NULL;
		}
		warc_atomic_abort(a);
		return warc_fail(err, warc_errno_status(e, false), "%s: %s", final_path, strerror(e));
	}
	return WARC_OK;
}

FILE *warc_atomic_stream(warc_atomic *a)
{
	if (!a->f && a->fd >= 0)
		a->f = fdopen(a->fd, "wb");
	return a->f;
}

/* Make the temporary durable and close what we hold open on it. */
static int make_durable(warc_atomic *a, warc_error *err)
{
	int rc = WARC_OK;
	if (a->f) {
		if (fflush(a->f) || ferror(a->f))
			rc = warc_fail(err, warc_errno_status(errno ? errno : EIO, false), "%s: %s", a->final_path, strerror(errno ? errno : EIO));
		if (!rc && fsync(fileno(a->f)))
			rc = warc_fail(err, warc_errno_status(errno, false), "%s: fsync: %s", a->final_path, strerror(errno));
		if (fclose(a->f) && !rc)
			rc = warc_fail(err, warc_errno_status(errno, false), "%s: %s", a->final_path, strerror(errno));
		a->f = NULL;
		a->fd = a->lock_fd = -1;
		return rc;
	}
	if (a->is_dir ? syncfs(a->lock_fd) : fsync(a->fd))
		rc = warc_fail(err, warc_errno_status(errno, false), "%s: sync: %s", a->final_path, strerror(errno));
	if (!a->is_dir) {
		if (close(a->fd) && !rc)
			rc = warc_fail(err, warc_errno_status(errno, false), "%s: %s", a->final_path, strerror(errno));
		a->fd = a->lock_fd = -1;
	}
	return rc;
}

/* Put the new tree at FINAL where an earlier non-empty one stands. */
static int swap_dir(warc_atomic *a, warc_error *err)
{
	if (renameat2(AT_FDCWD, a->tmp_path, AT_FDCWD, a->final_path, RENAME_EXCHANGE) == 0)
		return WARC_OK;   /* the earlier tree is now at tmp_path, removed by the caller */
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return warc_fail(err, warc_errno_status(errno, false), "%s: cannot replace: %s", a->final_path, strerror(errno));
	size_t n = strlen(a->tmp_path);
	char *old = NULL;
	if (asprintf(&old, "%.*s" OLD_TAG "%s", (int)(n - strlen(PART_TAG) - RAND_LEN), a->tmp_path,
		     a->tmp_path + n - RAND_LEN) < 0)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	int rc = WARC_OK;
	if (rename(a->final_path, old))
		rc = warc_fail(err, warc_errno_status(errno, false), "%s: cannot set aside: %s", a->final_path, strerror(errno));
	else if (rename(a->tmp_path, a->final_path)) {
		rc = warc_fail(err, warc_errno_status(errno, false), "%s: cannot rename into place: %s", a->final_path, strerror(errno));
		rename(old, a->final_path);
	} else {
		rename(old, a->tmp_path);   /* removed by the caller, like an exchanged tree */
	}
	free(old);
	return rc;
}

int warc_atomic_commit(warc_atomic *a, warc_error *err)
{
	if (!a->tmp_path)
		return warc_fail(err, WARC_ERR_USAGE, "%s: nothing to commit", a->final_path ? a->final_path : "output");
	int rc = make_durable(a, err);
	bool swapped = false;
	if (!rc && rename(a->tmp_path, a->final_path)) {
		if (a->is_dir && (errno == ENOTEMPTY || errno == EEXIST)) {
			rc = swap_dir(a, err);
			swapped = !rc;
		} else {
			rc = warc_fail(err, warc_errno_status(errno, false), "%s: cannot rename into place: %s", a->final_path,
				       strerror(errno));
		}
	}
	if (rc) {
		warc_atomic_abort(a);
		return rc;
	}
	char *dir, *base;
	if (!split_path(a->final_path, &dir, &base)) {
		fsync_dir(dir);
		free(dir);
		free(base);
	}
	if (!swapped) {
		free(a->tmp_path);   /* nothing is left under the temporary name */
		a->tmp_path = NULL;
	}
	warc_atomic_abort(a);    /* removes the earlier tree after a swap, frees the rest */
	return WARC_OK;
}

void warc_atomic_abort(warc_atomic *a)
{
	if (a->f)
		fclose(a->f);
	else if (a->fd >= 0)
		close(a->fd);
	if (a->tmp_path)
		warc_remove_tree(a->tmp_path);
	if (a->lock_fd >= 0 && a->lock_fd != a->fd)
		close(a->lock_fd);
	free(a->tmp_path);
	free(a->final_path);
	memset(a, 0, sizeof *a);
	a->fd = a->lock_fd = -1;
}
