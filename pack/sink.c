/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sink.c - the output container: ZIP, tar.gz, tar.zst (libarchive) or a
 * plain directory, written under a temporary sibling name and renamed into
 * place only after everything is written and made durable (warc_atomic, the
 * mechanic extract -o and index -o share).
 *
 * Determinism is decided here: every entry gets the same mtime, uid/gid 0,
 * mode 0644, no user or group names; the gzip filter writes no timestamp.
 * Each file is read once; its digests are computed on the same buffers that
 * go to libarchive, so hashing costs no extra I/O.
 */
#include "pack/internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_CHUNK (256u << 10)

struct pk_sink {
	pk_sink_kind kind;
	struct archive *a;
	warc_atomic out;        /* the temporary (out.fd: the archive's fd; out.tmp_path: the bag directory) */
	const char *final_path; /* out.final_path */
	char *prefix;
	int64_t mtime;
	unsigned char *buf;
};

/* libarchive's failure, with the system's reason ("Write error: No space left on device"). */
static int archive_fail(struct archive *a, const char *what, warc_error *err)
{
	int e = archive_errno(a);
	const char *msg = archive_error_string(a);
	if (e > 0 && (!msg || !strstr(msg, strerror(e))))
		return warc_fail(err, warc_errno_status(e, false), "%s: %s: %s", what, msg ? msg : "write failed", strerror(e));
	return warc_fail(err, WARC_ERR_IO, "%s: %s", what, msg ? msg : "write failed");
}

static int join_dir(char *out, size_t outsz, const char *dir, const char *rel)
{
	int n = snprintf(out, outsz, "%s/%s", dir, rel);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

int pk_sink_open(pk_sink **out, pk_sink_kind kind, const char *final_path, const char *prefix,
		 int64_t mtime, warc_error *err)
{
	*out = NULL;
	pk_sink *s = calloc(1, sizeof *s);
	if (!s)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	s->kind = kind;
	s->mtime = mtime;
	s->out.fd = s->out.lock_fd = -1;
	s->prefix = strdup(prefix ? prefix : "");
	s->buf = malloc(COPY_CHUNK);
	if (!s->prefix || !s->buf) {
		pk_sink_abort(s);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	int rc = warc_atomic_open(&s->out, final_path, kind == PK_SINK_DIR, err);
	s->final_path = s->out.final_path;
	if (rc) {
		pk_sink_abort(s);
		return rc;
	}
	if (kind == PK_SINK_DIR) {
		*out = s;
		return WARC_OK;
	}
	s->a = archive_write_new();
	rc = s->a ? ARCHIVE_OK : ARCHIVE_FATAL;
	if (rc == ARCHIVE_OK && kind == PK_SINK_ZIP)
		rc = archive_write_set_format_zip(s->a);
	else if (rc == ARCHIVE_OK) {
		rc = archive_write_set_format_pax_restricted(s->a);
		if (rc == ARCHIVE_OK && kind == PK_SINK_TAR_GZ) {
			rc = archive_write_add_filter_gzip(s->a);
			if (rc == ARCHIVE_OK)
				rc = archive_write_set_filter_option(s->a, "gzip", "timestamp", NULL);
		} else if (rc == ARCHIVE_OK) {
			rc = archive_write_add_filter_zstd(s->a);
		}
	}
	if (rc == ARCHIVE_OK)
		rc = archive_write_set_bytes_in_last_block(s->a, 1);
	if (rc == ARCHIVE_OK)
		rc = archive_write_open_fd(s->a, s->out.fd);
	if (rc != ARCHIVE_OK) {
		warc_fail(err, WARC_ERR_IO, "%s: cannot start archive: %s", final_path,
			  s->a ? archive_error_string(s->a) : "out of memory");
		pk_sink_abort(s);
		return WARC_ERR_IO;
	}
	*out = s;
	return WARC_OK;
}

/* Create the parent directories of rel under the sink's temp dir. */
static int dir_mkparents(pk_sink *s, const char *rel, warc_error *err)
{
	char path[4096];
	if (join_dir(path, sizeof path, s->out.tmp_path, rel))
		return warc_fail(err, WARC_ERR_USAGE, "%s: name too long", rel);
	size_t base = strlen(s->out.tmp_path) + 1;
	for (char *p = path + base; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST) {
			int e = errno;
			*p = '/';
			return warc_fail(err, warc_errno_status(e, false), "%s: %s", path, strerror(e));
		}
		*p = '/';
	}
	return WARC_OK;
}

typedef struct entry_out {
	pk_sink *s;
	int fd;                 /* directory sink: the open file */
	char path[4096];
	pk_hash h;
	uint64_t bytes;
} entry_out;

static int entry_begin(pk_sink *s, entry_out *eo, const char *name, uint64_t size, bool store, bool sha512,
		       warc_error *err)
{
	memset(eo, 0, sizeof *eo);
	eo->s = s;
	eo->fd = -1;
	char full[4096];
	int n = snprintf(full, sizeof full, "%s%s", s->prefix, name);
	if (n < 0 || (size_t)n >= sizeof full)
		return warc_fail(err, WARC_ERR_USAGE, "%s: name too long", name);
	int rc = pk_hash_init(&eo->h, PK_SHA256 | (sha512 ? PK_SHA512 : 0), err);
	if (rc)
		return rc;
	if (s->kind == PK_SINK_DIR) {
		rc = dir_mkparents(s, full, err);
		if (!rc && join_dir(eo->path, sizeof eo->path, s->out.tmp_path, full))
			rc = warc_fail(err, WARC_ERR_USAGE, "%s: name too long", name);
		if (!rc) {
			eo->fd = open(eo->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
			if (eo->fd < 0)
				rc = warc_fail(err, warc_errno_status(errno, false), "%s: %s", eo->path, strerror(errno));
		}
		if (rc)
			pk_hash_free(&eo->h);
		return rc;
	}
	struct archive_entry *e = archive_entry_new();
	if (!e) {
		pk_hash_free(&eo->h);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	archive_entry_set_pathname_utf8(e, full);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_mtime(e, s->mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	if (s->kind == PK_SINK_ZIP) {
		if (store)
			archive_write_zip_set_compression_store(s->a);
		else
			archive_write_zip_set_compression_deflate(s->a);
	}
	if (archive_write_header(s->a, e) != ARCHIVE_OK)
		rc = archive_fail(s->a, full, err);
	archive_entry_free(e);
	if (rc)
		pk_hash_free(&eo->h);
	return rc;
}

static int entry_write(entry_out *eo, const void *p, size_t n, warc_error *err)
{
	pk_hash_update(&eo->h, p, n);
	eo->bytes += n;
	if (eo->s->kind == PK_SINK_DIR) {
		const char *c = p;
		while (n) {
			ssize_t w = write(eo->fd, c, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return warc_fail(err, warc_errno_status(errno, false), "%s: %s", eo->path, strerror(errno));
			c += w;
			n -= (size_t)w;
		}
		return WARC_OK;
	}
	la_ssize_t w = archive_write_data(eo->s->a, p, n);
	if (w < 0 || (size_t)w != n)
		return archive_fail(eo->s->a, eo->s->final_path, err);
	return WARC_OK;
}

static int entry_end(entry_out *eo, int rc, pk_digests *d, warc_error *err)
{
	if (eo->s->kind == PK_SINK_DIR && eo->fd >= 0) {
		if (close(eo->fd) && !rc)
			rc = warc_fail(err, warc_errno_status(errno, false), "%s: %s", eo->path, strerror(errno));
		eo->fd = -1;
	} else if (eo->s->kind != PK_SINK_DIR && !rc) {
		if (archive_write_finish_entry(eo->s->a) != ARCHIVE_OK)
			rc = archive_fail(eo->s->a, eo->s->final_path, err);
	}
	if (d) {
		d->bytes = eo->bytes;
		pk_hash_final(&eo->h, PK_SHA256, d->sha256);
		d->sha512[0] = '\0';
		if (eo->h.algs & PK_SHA512)
			pk_hash_final(&eo->h, PK_SHA512, d->sha512);
	}
	pk_hash_free(&eo->h);
	return rc;
}

/* Copy expect_size bytes from fd (read from where it stands) into entry name. */
static int add_fd(pk_sink *s, const char *name, int in, const char *label, uint64_t expect_size, bool store,
		  bool sha512, pk_digests *d, volatile sig_atomic_t *stop, warc_error *err)
{
	entry_out eo;
	int rc = entry_begin(s, &eo, name, expect_size, store, sha512, err);
	if (rc)
		return rc;
	for (;;) {
		if (stop && *stop) {
			rc = warc_fail(err, WARC_ERR_IO, "interrupted");
			break;
		}
		ssize_t n = read(in, s->buf, COPY_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = warc_fail(err, warc_errno_status(errno, false), "%s: %s", label, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (eo.bytes + (uint64_t)n > expect_size) {
			rc = warc_fail(err, WARC_ERR_IO, "%s: file grew while being packed", label);
			break;
		}
		rc = entry_write(&eo, s->buf, (size_t)n, err);
		if (rc)
			break;
	}
	if (!rc && eo.bytes != expect_size)
		rc = warc_fail(err, WARC_ERR_IO, "%s: file shrank while being packed", label);
	return entry_end(&eo, rc, d, err);
}

int pk_sink_add_file(pk_sink *s, const char *name, const char *src, uint64_t expect_size, bool store,
		     bool sha512, pk_digests *d, volatile sig_atomic_t *stop, warc_error *err)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return warc_fail(err, warc_errno_status(errno, false), "%s: %s", src, strerror(errno));
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	int rc = add_fd(s, name, in, src, expect_size, store, sha512, d, stop, err);
	close(in);
	return rc;
}

int pk_sink_add_blob(pk_sink *s, const char *name, pk_blob *b, bool store, bool sha512, pk_digests *d,
		     volatile sig_atomic_t *stop, warc_error *err)
{
	if (!b->f || fflush(b->f) || lseek(fileno(b->f), 0, SEEK_SET) < 0)
		return warc_fail(err, WARC_ERR_IO, "%s: temporary file lost", name);
	return add_fd(s, name, fileno(b->f), name, b->len, store, sha512, d, stop, err);
}

int pk_sink_add_mem(pk_sink *s, const char *name, const void *p, size_t n, bool store, bool sha512,
		    pk_digests *d, warc_error *err)
{
	entry_out eo;
	int rc = entry_begin(s, &eo, name, n, store, sha512, err);
	if (rc)
		return rc;
	if (n)
		rc = entry_write(&eo, p, n, err);
	return entry_end(&eo, rc, d, err);
}

int pk_sink_commit(pk_sink *s, warc_error *err)
{
	int rc = WARC_OK;
	if (s->a) {
		if (archive_write_close(s->a) != ARCHIVE_OK)
			rc = archive_fail(s->a, s->final_path, err);
		archive_write_free(s->a);
		s->a = NULL;
	}
	if (!rc)
		rc = warc_atomic_commit(&s->out, err);
	pk_sink_abort(s);
	return rc;
}

void pk_sink_abort(pk_sink *s)
{
	if (!s)
		return;
	if (s->a)
		archive_write_free(s->a);   /* closes into the temporary, removed below */
	warc_atomic_abort(&s->out);
	free(s->prefix);
	free(s->buf);
	free(s);
}
