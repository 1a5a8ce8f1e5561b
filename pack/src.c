/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src.c - read an archive (ZIP, tar, tar.gz, tar.zst...) or a directory
 * entry by entry, with one interface, for verification.
 *
 * Archives go through libarchive (ZIP via its central-directory reader, so
 * CRC-32s are checked); directories are walked in sorted order with lstat,
 * so symlinks are reported as such and never followed. Nothing here writes
 * anything: names from the archive are only ever compared, never used as
 * paths. The running total of bytes handed out lets the caller stop
 * decompression bombs.
 */
#include "pack/internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct dir_ent {
	char *rel;
	pk_etype type;
	int64_t size;
} dir_ent;

struct pk_src {
	struct archive *a;
	/* directory mode */
	char *root;
	dir_ent *ents;
	size_t n, cap, next;
	int fd;
	char cur_path[4096];
	uint64_t total;
};

static int walk(pk_src *s, const char *rel, int depth, warc_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s%s%s", s->root, rel[0] ? "/" : "", rel);
	DIR *d = opendir(path);
	if (!d)
		return warc_fail(err, warc_errno_status(errno, true), "%s: %s", path, strerror(errno));
	struct dirent *de;
	int rc = WARC_OK;
	while (!rc && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (s->n >= PACK_VERIFY_ENTRIES_MAX) {
			rc = warc_fail(err, WARC_ERR_TOOBIG, "%s: more than %u entries", s->root, PACK_VERIFY_ENTRIES_MAX);
			break;
		}
		char sub[4096], full[4096];
		int k = snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
		if (k < 0 || (size_t)k >= sizeof sub ||
		    (size_t)snprintf(full, sizeof full, "%s/%s", s->root, sub) >= sizeof full) {
			rc = warc_fail(err, WARC_ERR_TOOBIG, "%s: path too long", path);
			break;
		}
		struct stat st;
		if (lstat(full, &st)) {
			rc = warc_fail(err, warc_errno_status(errno, true), "%s: %s", full, strerror(errno));
			break;
		}
		if (s->n == s->cap) {
			size_t nc = s->cap ? s->cap * 2 : 64;
			dir_ent *p = realloc(s->ents, nc * sizeof *p);
			if (!p) {
				rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
				break;
			}
			s->ents = p;
			s->cap = nc;
		}
		dir_ent *e = &s->ents[s->n++];
		e->rel = strdup(sub);
		e->size = S_ISREG(st.st_mode) ? (int64_t)st.st_size : 0;
		e->type = S_ISREG(st.st_mode) ? PK_E_FILE : S_ISDIR(st.st_mode) ? PK_E_DIR :
			  S_ISLNK(st.st_mode) ? PK_E_LINK : PK_E_OTHER;
		if (!e->rel) {
			rc = warc_fail(err, WARC_ERR_NOMEM, "out of memory");
			break;
		}
		if (e->type == PK_E_DIR) {
			if (depth >= PACK_VERIFY_BAG_DEPTH_MAX)
				rc = warc_fail(err, WARC_ERR_TOOBIG, "%s: nested too deep", full);
			else
				rc = walk(s, sub, depth + 1, err);
		}
	}
	closedir(d);
	return rc;
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const dir_ent *)a)->rel, ((const dir_ent *)b)->rel);
}

int pk_src_open(pk_src **out, const char *path, warc_error *err)
{
	*out = NULL;
	struct stat st;
	if (stat(path, &st))
		return warc_fail(err, warc_errno_status(errno, true), "%s: %s", path, strerror(errno));
	pk_src *s = calloc(1, sizeof *s);
	if (!s)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	s->fd = -1;
	if (S_ISDIR(st.st_mode)) {
		s->root = strdup(path);
		size_t l = s->root ? strlen(s->root) : 0;
		while (l > 1 && s->root[l - 1] == '/')
			s->root[--l] = '\0';
		int rc = s->root ? walk(s, "", 0, err) : warc_fail(err, WARC_ERR_NOMEM, "out of memory");
		if (rc) {
			pk_src_close(s);
			return rc;
		}
		if (s->n)
			qsort(s->ents, s->n, sizeof *s->ents, cmp_ent);
		*out = s;
		return WARC_OK;
	}
	s->a = archive_read_new();
	if (!s->a) {
		free(s);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	archive_read_support_filter_gzip(s->a);
	archive_read_support_filter_zstd(s->a);
	archive_read_support_filter_bzip2(s->a);
	archive_read_support_filter_xz(s->a);
	archive_read_support_format_tar(s->a);
	archive_read_support_format_zip_seekable(s->a);
	if (archive_read_open_filename(s->a, path, 1 << 16) != ARCHIVE_OK) {
		warc_fail(err, WARC_ERR_FORMAT, "not a readable archive: %s", archive_error_string(s->a));
		pk_src_close(s);
		return WARC_ERR_FORMAT;
	}
	*out = s;
	return WARC_OK;
}

int pk_src_next(pk_src *s, const char **name, pk_etype *type, int64_t *size, warc_error *err)
{
	if (!s->a) {
		if (s->fd >= 0) {
			close(s->fd);
			s->fd = -1;
		}
		if (s->next >= s->n)
			return WARC_EOF;
		dir_ent *e = &s->ents[s->next++];
		*name = e->rel;
		*type = e->type;
		*size = e->size;
		snprintf(s->cur_path, sizeof s->cur_path, "%s/%s", s->root, e->rel);
		if (e->type == PK_E_FILE) {
			s->fd = open(s->cur_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			if (s->fd < 0)
				return warc_fail(err, warc_errno_status(errno, true), "%s: %s", s->cur_path, strerror(errno));
		}
		return WARC_OK;
	}
	struct archive_entry *ae;
	int r = archive_read_next_header(s->a, &ae);
	if (r == ARCHIVE_EOF)
		return WARC_EOF;
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
		return warc_fail(err, WARC_ERR_FORMAT, "%s", archive_error_string(s->a));
	const char *n = archive_entry_pathname_utf8(ae);
	if (!n)
		n = archive_entry_pathname(ae);
	*name = n ? n : "";
	switch (archive_entry_filetype(ae)) {
	case AE_IFREG:
		*type = archive_entry_hardlink(ae) ? PK_E_LINK : PK_E_FILE;
		break;
	case AE_IFDIR:
		*type = PK_E_DIR;
		break;
	case AE_IFLNK:
		*type = PK_E_LINK;
		break;
	default:
		*type = archive_entry_hardlink(ae) ? PK_E_LINK : PK_E_OTHER;
	}
	*size = archive_entry_size_is_set(ae) ? archive_entry_size(ae) : -1;
	return WARC_OK;
}

ssize_t pk_src_read(pk_src *s, void *buf, size_t n, warc_error *err)
{
	if (!s->a) {
		if (s->fd < 0)
			return 0;
		for (;;) {
			ssize_t k = read(s->fd, buf, n);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0)
				return warc_fail(err, warc_errno_status(errno, true), "%s: %s", s->cur_path, strerror(errno));
			s->total += (uint64_t)k;
			return k;
		}
	}
	la_ssize_t k = archive_read_data(s->a, buf, n);
	if (k < 0)
		return warc_fail(err, WARC_ERR_FORMAT, "%s", archive_error_string(s->a));
	s->total += (uint64_t)k;
	return k;
}

const char *pk_src_path(const pk_src *s)
{
	return s->a ? NULL : s->cur_path;
}

uint64_t pk_src_total(const pk_src *s)
{
	return s->total;
}

void pk_src_close(pk_src *s)
{
	if (!s)
		return;
	if (s->a)
		archive_read_free(s->a);
	if (s->fd >= 0)
		close(s->fd);
	for (size_t i = 0; i < s->n; i++)
		free(s->ents[i].rel);
	free(s->ents);
	free(s->root);
	free(s);
}
