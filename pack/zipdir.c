/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zipdir.c - parse and sanity-check a ZIP file's central directory.
 *
 * libarchive streams the entries' data, but it does not tell which
 * compression method an entry used, and WACZ rules are about exactly that
 * (WARCs must be STORE). This small reader follows APPNOTE: the end of
 * central directory record (and its ZIP64 form), the central directory
 * entries with their ZIP64 extra fields, and each entry's local header. It
 * refuses what a hostile archive uses: directories pointing outside the
 * file, local headers that disagree with the directory, and entries whose
 * data overlap (the overlapping-file zip bomb).
 */
#include "pack/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int read_at(FILE *f, uint64_t off, void *buf, size_t n)
{
	if (fseeko(f, (off_t)off, SEEK_SET))
		return -1;
	return fread(buf, 1, n, f) == n ? 0 : -1;
}

static int cmp_lho(const void *a, const void *b)
{
	uint64_t x = (*(pk_zipent *const *)a)->lho, y = (*(pk_zipent *const *)b)->lho;
	return x < y ? -1 : x > y;
}

static int parse_cd(FILE *f, uint64_t fsize, uint64_t cd_off, uint64_t cd_size, uint64_t count, pk_zipdir *z,
		    warc_error *err)
{
	if (cd_size > PACK_VERIFY_ZIP_CD_MAX || count > PACK_VERIFY_ENTRIES_MAX)
		return warc_fail(err, WARC_ERR_TOOBIG, "central directory too large (%llu entries)",
				 (unsigned long long)count);
	unsigned char *cd = malloc(cd_size ? cd_size : 1);
	z->e = calloc(count ? count : 1, sizeof *z->e);
	if (!cd || !z->e) {
		free(cd);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	if (read_at(f, cd_off, cd, cd_size)) {
		free(cd);
		return warc_fail(err, WARC_ERR_TRUNCATED, "central directory truncated");
	}
	size_t pos = 0;
	int rc = WARC_OK;
	for (uint64_t i = 0; i < count; i++) {
		if (pos + 46 > cd_size || le32(cd + pos) != 0x02014b50) {
			rc = warc_fail(err, WARC_ERR_FORMAT, "central directory entry %llu is damaged",
				       (unsigned long long)i);
			break;
		}
		const unsigned char *h = cd + pos;
		pk_zipent *e = &z->e[z->n];
		e->flags = le16(h + 8);
		e->method = le16(h + 10);
		e->csize = le32(h + 20);
		e->usize = le32(h + 24);
		size_t nlen = le16(h + 28), xlen = le16(h + 30), clen = le16(h + 32);
		e->lho = le32(h + 42);
		if (pos + 46 + nlen + xlen + clen > cd_size) {
			rc = warc_fail(err, WARC_ERR_FORMAT, "central directory entry %llu runs past its end",
				       (unsigned long long)i);
			break;
		}
		e->name = strndup((const char *)h + 46, nlen);
		if (!e->name || strlen(e->name) != nlen) {
			free(e->name);
			e->name = NULL;
			rc = warc_fail(err, WARC_ERR_FORMAT, "central directory entry %llu: bad name",
				       (unsigned long long)i);
			break;
		}
		z->n++;
		/* ZIP64 extended information */
		const unsigned char *x = h + 46 + nlen, *xend = x + xlen;
		while (x + 4 <= xend) {
			uint16_t id = le16(x), sz = le16(x + 2);
			if (x + 4 + sz > xend)
				break;
			if (id == 0x0001) {
				const unsigned char *v = x + 4, *vend = v + sz;
				z->zip64 = true;
				if (e->usize == 0xffffffffu && v + 8 <= vend) {
					e->usize = le64(v);
					v += 8;
				}
				if (e->csize == 0xffffffffu && v + 8 <= vend) {
					e->csize = le64(v);
					v += 8;
				}
				if (e->lho == 0xffffffffu && v + 8 <= vend)
					e->lho = le64(v);
			}
			x += 4 + sz;
		}
		pos += 46 + nlen + xlen + clen;
	}
	free(cd);
	if (rc)
		return rc;
	/* Local headers: present, same name, data inside the file, no overlaps. */
	pk_zipent **order = malloc((z->n ? z->n : 1) * sizeof *order);
	if (!order)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < z->n; i++)
		order[i] = &z->e[i];
	if (z->n)
		qsort(order, z->n, sizeof *order, cmp_lho);
	for (size_t i = 0; !rc && i < z->n; i++) {
		pk_zipent *e = order[i];
		unsigned char lh[30];
		if (e->lho + 30 > cd_off || read_at(f, e->lho, lh, 30) || le32(lh) != 0x04034b50) {
			rc = warc_fail(err, WARC_ERR_FORMAT, "%s: no local header where the directory says",
				       e->name);
			break;
		}
		size_t nlen = le16(lh + 26), xlen = le16(lh + 28);
		char name[65536];
		if (nlen != strlen(e->name) || read_at(f, e->lho + 30, name, nlen) || memcmp(name, e->name, nlen)) {
			rc = warc_fail(err, WARC_ERR_FORMAT, "%s: local header names another file", e->name);
			break;
		}
		e->data_off = e->lho + 30 + nlen + xlen;
		uint64_t end = e->data_off + e->csize;
		uint64_t limit = i + 1 < z->n ? order[i + 1]->lho : cd_off;
		if (end < e->data_off || end > limit || end > fsize)
			rc = warc_fail(err, WARC_ERR_FORMAT, "%s: data overlaps the next entry or runs past the file",
				       e->name);
	}
	free(order);
	return rc;
}

int pk_zipdir_read(const char *path, pk_zipdir *z, warc_error *err)
{
	memset(z, 0, sizeof *z);
	FILE *f = fopen(path, "rb");
	if (!f)
		return warc_fail(err, warc_errno_status(errno, true), "%s: %s", path, strerror(errno));
	struct stat st;
	fstat(fileno(f), &st);
	uint64_t fsize = (uint64_t)st.st_size;
	size_t tail = fsize < 65557 ? (size_t)fsize : 65557;
	unsigned char *buf = malloc(tail ? tail : 1);
	int rc = WARC_OK;
	if (!buf) {
		fclose(f);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	if (tail < 22 || read_at(f, fsize - tail, buf, tail)) {
		rc = warc_fail(err, WARC_ERR_TRUNCATED, "too short to be a ZIP file");
		goto out;
	}
	ssize_t at = -1;
	for (ssize_t i = (ssize_t)tail - 22; i >= 0; i--)
		if (le32(buf + i) == 0x06054b50 && (size_t)i + 22 + le16(buf + i + 20) <= tail) {
			at = i;
			break;
		}
	if (at < 0) {
		rc = warc_fail(err, WARC_ERR_TRUNCATED, "no end of central directory record (truncated ZIP?)");
		goto out;
	}
	uint64_t eocd = fsize - tail + (uint64_t)at;
	const unsigned char *e = buf + at;
	uint64_t count = le16(e + 10), cd_size = le32(e + 12), cd_off = le32(e + 16);
	uint64_t cd_end_limit = eocd;
	if (eocd >= 20) {
		unsigned char loc[20];
		if (!read_at(f, eocd - 20, loc, 20) && le32(loc) == 0x07064b50) {
			uint64_t z64 = le64(loc + 8);
			unsigned char r[56];
			if (z64 + 56 > eocd - 20 || read_at(f, z64, r, 56) || le32(r) != 0x06064b50) {
				rc = warc_fail(err, WARC_ERR_FORMAT, "ZIP64 end of central directory is damaged");
				goto out;
			}
			z->zip64 = true;
			count = le64(r + 32);
			cd_size = le64(r + 40);
			cd_off = le64(r + 48);
			cd_end_limit = z64;
		}
	}
	if (cd_off > cd_end_limit || cd_size > cd_end_limit - cd_off) {
		rc = warc_fail(err, WARC_ERR_TRUNCATED,
			       "central directory (offset %llu, %llu bytes) lies outside the file (truncated ZIP?)",
			       (unsigned long long)cd_off, (unsigned long long)cd_size);
		goto out;
	}
	rc = parse_cd(f, fsize, cd_off, cd_size, count, z, err);
out:
	free(buf);
	fclose(f);
	if (rc)
		pk_zipdir_free(z);
	return rc;
}

void pk_zipdir_free(pk_zipdir *z)
{
	for (size_t i = 0; i < z->n; i++)
		free(z->e[i].name);
	free(z->e);
	z->e = NULL;
	z->n = 0;
}
