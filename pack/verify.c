/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.c - pack_verify(): check a WACZ or a bag (any serialisation or a
 * directory) in two passes over its entries.
 *
 * Pass 1 lists every entry, refuses unsafe ones (absolute or ".." names,
 * symlinks, hard links, devices, duplicates) and keeps the small metadata
 * files in memory (datapackage.json, manifests, the index, pages.jsonl).
 * The kind-specific code (verify_wacz.c, verify_bag.c) then turns those
 * into expectations: which entry must have which size and digest, and
 * which index lines must land on which records. Pass 2 streams every entry
 * once through the digests it needs; a WARC is copied on the way into a
 * private temporary directory (never under a name taken from the archive)
 * so that its index offsets and its records can be checked, then deleted.
 * A ZIP's central directory is checked first by zipdir.c; anything that
 * decompresses to more than 100x the archive's size (and over 1 GiB) is
 * stopped as a bomb.
 */
#include "pack/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_CHUNK (256u << 10)

static void report(pk_verify *v, bool warning, const char *where, const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (warning)
		v->res->warnings++;
	else
		v->res->problems++;
	if (v->fn)
		v->fn(v->fctx, where ? where : "", warning, msg);
}

void pk_problem(pk_verify *v, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(v, false, where, fmt, ap);
	va_end(ap);
}

void pk_warning(pk_verify *v, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(v, true, where, fmt, ap);
	va_end(ap);
}

static int cmp_vent(const void *a, const void *b)
{
	return strcmp(((const pk_vent *)a)->name, ((const pk_vent *)b)->name);
}

pk_vent *pk_find(pk_verify *v, const char *name)
{
	pk_vent key = { .name = (char *)name };
	return v->n ? bsearch(&key, v->e, v->n, sizeof *v->e, cmp_vent) : NULL;
}

int pk_expect_add(pk_verify *v, const char *path, unsigned alg, const char *hex, int64_t bytes, const char *source)
{
	if (v->nx == v->capx) {
		size_t nc = v->capx ? v->capx * 2 : 64;
		pk_expect *p = realloc(v->x, nc * sizeof *p);
		if (!p)
			return WARC_ERR_NOMEM;
		v->x = p;
		v->capx = nc;
	}
	pk_expect *x = &v->x[v->nx];
	x->path = strdup(path);
	if (!x->path)
		return WARC_ERR_NOMEM;
	x->alg = alg;
	snprintf(x->hex, sizeof x->hex, "%s", hex ? hex : "");
	for (char *c = x->hex; *c; c++)
		if (*c >= 'A' && *c <= 'F')
			*c = (char)(*c + 32);
	x->bytes = bytes;
	x->source = source;
	v->nx++;
	return WARC_OK;
}

/* ---- names ---- */

/* Why a name is unsafe, or NULL. */
static const char *unsafe_name(const char *name)
{
	if (!name[0])
		return "empty name";
	if (name[0] == '/')
		return "absolute path";
	if (strchr(name, '\\'))
		return "backslash in name";
	if (!warc_utf8_valid(name, strlen(name)))
		return "name is not UTF-8";
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 32 || *p == 127)
			return "control character in name";
	const char *c = name;
	while (*c) {
		size_t l = strcspn(c, "/");
		if ((l == 2 && !strncmp(c, "..", 2)) || (l == 1 && c[0] == '.') || l == 0)
			return l == 2 ? "'..' in path (escapes the archive)" : "empty or '.' path component";
		c += l;
		if (*c == '/')
			c++;
	}
	return NULL;
}

/* Metadata files are read into memory in pass 1 (limit per file). */
static uint64_t capture_limit(const char *name)
{
	const char *slash = strchr(name, '/');
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (slash && strchr(slash + 1, '/'))
		return 0;   /* two or more levels deep */
	if (!strcmp(base, "datapackage.json") || !strcmp(base, "datapackage-digest.json") ||
	    !strcmp(base, "bagit.txt") || !strcmp(base, "bag-info.txt") || !strcmp(base, "fetch.txt"))
		return PACK_VERIFY_METADATA_MAX;
	if ((!strncmp(base, "manifest-", 9) || !strncmp(base, "tagmanifest-", 12)) && warc_ends_with(base, ".txt"))
		return PACK_LIMIT_GENERATED;
	if (!strncmp(name, "indexes/", 8) || !strncmp(name, "pages/", 6))
		return PACK_LIMIT_GENERATED;
	return 0;
}

/* A bag's index and pages: [ROOT/]data/indexes/X and [ROOT/]data/pages/X. */
static uint64_t bag_capture_limit(const char *name)
{
	const char *p = name;
	if (strncmp(p, "data/", 5)) {
		const char *slash = strchr(p, '/');
		if (!slash)
			return 0;
		p = slash + 1;
	}
	if ((!strncmp(p, "data/indexes/", 13) && !strchr(p + 13, '/')) ||
	    (!strncmp(p, "data/pages/", 11) && !strchr(p + 11, '/')))
		return PACK_LIMIT_GENERATED;
	return 0;
}

static uint64_t bomb_limit(uint64_t fsize)
{
	uint64_t l = fsize * PACK_VERIFY_BOMB_RATIO;
	return l < PACK_VERIFY_BOMB_FLOOR ? PACK_VERIFY_BOMB_FLOOR : l;
}

/* ---- pass 1 ---- */

void pk_vents_sort(pk_verify *v)
{
	if (v->n)
		qsort(v->e, v->n, sizeof *v->e, cmp_vent);
	for (size_t i = 1; i < v->n; i++)
		if (!strcmp(v->e[i - 1].name, v->e[i].name) && v->e[i].type != PK_E_DIR) {
			pk_problem(v, v->e[i].name, "duplicate entry name");
			v->e[i].bad = true;
		}
}

void pk_verify_free(pk_verify *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->e[i].name);
		free(v->e[i].data);
	}
	free(v->e);
	for (size_t i = 0; i < v->nx; i++)
		free(v->x[i].path);
	free(v->x);
	for (size_t i = 0; i < v->nix; i++) {
		free(v->ix[i].url);
		free(v->ix[i].filename);
	}
	free(v->ix);
	v->e = NULL;
	v->x = NULL;
	v->ix = NULL;
	v->n = v->nx = v->nix = 0;
}

int pk_vent_add(pk_verify *v, const char *name, pk_etype type, int64_t size)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 64;
		pk_vent *p = realloc(v->e, nc * sizeof *p);
		if (!p)
			return WARC_ERR_NOMEM;
		v->e = p;
		v->cap = nc;
	}
	pk_vent *e = &v->e[v->n];
	memset(e, 0, sizeof *e);
	const char *n = name;
	while (!strncmp(n, "./", 2))
		n += 2;
	e->name = strdup(n);
	if (!e->name)
		return WARC_ERR_NOMEM;
	size_t l = strlen(e->name);
	while (l && e->name[l - 1] == '/')
		e->name[--l] = '\0';
	e->type = type;
	e->size = size;
	v->n++;
	return WARC_OK;
}

static void pass1(pk_verify *v, uint64_t fsize)
{
	pk_src *s;
	warc_error err = { "" };
	if (pk_src_open(&s, v->path, &err)) {
		pk_problem(v, "", "%s", err.msg);
		v->stop = true;
		return;
	}
	const char *name;
	pk_etype type;
	int64_t size;
	int rc;
	uint64_t captured = 0;
	while ((rc = pk_src_next(s, &name, &type, &size, &err)) == WARC_OK) {
		if (v->opt && v->opt->stop && *v->opt->stop)
			break;
		if (pk_vent_add(v, name, type, size)) {
			pk_problem(v, "", "out of memory");
			v->stop = true;
			break;
		}
		pk_vent *e = &v->e[v->n - 1];
		const char *why = unsafe_name(name);
		if (why) {
			pk_problem(v, e->name, "unsafe entry refused: %s", why);
			e->bad = true;
			continue;
		}
		if (type == PK_E_LINK || type == PK_E_OTHER) {
			pk_problem(v, e->name, "unsafe entry refused: %s",
				   type == PK_E_LINK ? "symbolic or hard link" : "device, FIFO or other special file");
			e->bad = true;
			continue;
		}
		if (type != PK_E_FILE)
			continue;
		v->res->files++;
		uint64_t lim = capture_limit(e->name);
		if (!lim && v->res->kind == PACK_KIND_BAG)
			lim = bag_capture_limit(e->name);
		if (!lim)
			continue;
		if (captured > PACK_VERIFY_METADATA_TOTAL) {
			pk_problem(v, e->name, "metadata files too large in total");
			continue;
		}
		warc_buf b;
		warc_buf_init(&b, lim);
		char tmp[65536];
		ssize_t k;
		int brc = WARC_OK;
		while ((k = pk_src_read(s, tmp, sizeof tmp, &err)) > 0 && !brc) {
			brc = warc_buf_add(&b, tmp, (size_t)k);
			if (pk_src_total(s) > bomb_limit(fsize))
				break;
		}
		if (k < 0) {
			pk_problem(v, e->name, "cannot read: %s", err.msg);
			warc_buf_free(&b);
			continue;
		}
		if (brc) {
			pk_problem(v, e->name, "too large for a metadata file (limit %llu bytes)",
				   (unsigned long long)lim);
			warc_buf_free(&b);
			continue;
		}
		e->len = b.len;
		e->data = b.data ? warc_buf_detach(&b) : strdup("");
		captured += e->len;
		if (pk_src_total(s) > bomb_limit(fsize)) {
			pk_problem(v, e->name, "decompresses to over %llu bytes: refused as a decompression bomb",
				   (unsigned long long)bomb_limit(fsize));
			v->stop = true;
			break;
		}
	}
	if (rc < 0) {
		pk_problem(v, "", "archive is damaged: %s", err.msg);
		v->stop = true;
	}
	pk_src_close(s);
	pk_vents_sort(v);
}

/* ---- ZIP structure ---- */

static void check_zip(pk_verify *v, bool wacz_rules)
{
	pk_zipdir z;
	warc_error err = { "" };
	if (pk_zipdir_read(v->path, &z, &err)) {
		pk_problem(v, "", "ZIP structure: %s", err.msg);
		v->stop = true;
		return;
	}
	for (size_t i = 0; i < z.n; i++) {
		pk_zipent *e = &z.e[i];
		if (e->method == 8 && e->usize > (uint64_t)e->csize * 1100 + (1u << 20)) {
			pk_problem(v, e->name, "claims %llu bytes from %llu: refused as a zip bomb",
				   (unsigned long long)e->usize, (unsigned long long)e->csize);
			v->stop = true;
		}
		if (e->method != 0 && e->method != 8)
			pk_problem(v, e->name, "ZIP compression method %u (only STORE and DEFLATE are allowed)",
				   e->method);
		bool ascii = true;
		for (const char *c = e->name; *c; c++)
			ascii = ascii && (unsigned char)*c < 128;
		if (!ascii && !(e->flags & 0x800))
			pk_problem(v, e->name, "non-ASCII name without the ZIP UTF-8 flag");
		if (e->flags & 1)
			pk_problem(v, e->name, "encrypted entry");
		if (wacz_rules && e->method != 0 && (!strncmp(e->name, "archive/", 8) || warc_ends_with(e->name, ".cdx.gz")))
			pk_problem(v, e->name, "must be stored (ZIP STORE), not compressed, for random access");
	}
	pk_zipdir_free(&z);
}

/* ---- pass 2 ---- */

static int make_tmp(pk_verify *v, warc_error *err)
{
	if (v->tmp[0])
		return WARC_OK;
	const char *base = v->opt && v->opt->tmpdir ? v->opt->tmpdir : getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	snprintf(v->tmp, sizeof v->tmp, "%s/wark-verify-XXXXXX", base);
	if (!mkdtemp(v->tmp)) {
		int e = errno;
		v->tmp[0] = '\0';
		return warc_fail(err, warc_errno_status(e, false), "cannot create a temporary directory in %s: %s", base, strerror(e));
	}
	return WARC_OK;
}

typedef struct rec_ctx {
	pk_verify *v;
	const char *name;
} rec_ctx;

static void on_record_problem(void *ctx, uint64_t offset, bool is_warning, const char *msg)
{
	rec_ctx *r = ctx;
	if (is_warning)
		pk_warning(r->v, r->name, "offset %llu: %s", (unsigned long long)offset, msg);
	else
		pk_problem(r->v, r->name, "offset %llu: %s", (unsigned long long)offset, msg);
}

static int cmp_idx_file(const void *a, const void *b)
{
	const pk_idxent *x = a, *y = b;
	int c = strcmp(x->filename, y->filename);
	return c ? c : (x->offset > y->offset) - (x->offset < y->offset);
}

/* Index lines naming this WARC: offsets land on records of the right URL. */
static void check_offsets(pk_verify *v, const char *name, const char *filename, const char *path)
{
	pk_idxent key = { .filename = (char *)filename, .offset = 0 };
	size_t lo = 0, hi = v->nix;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp_idx_file(&v->ix[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= v->nix || strcmp(v->ix[lo].filename, filename))
		return;
	FILE *f = fopen(path, "rb");
	if (!f) {
		pk_problem(v, name, "cannot reopen for index checks: %s", strerror(errno));
		return;
	}
	for (size_t i = lo; i < v->nix && !strcmp(v->ix[i].filename, filename); i++) {
		pk_idxent *x = &v->ix[i];
		char *uri = NULL;
		uint64_t stored = 0;
		warc_error err = { "" };
		if (pk_record_at(f, x->offset, &uri, &stored, &err)) {
			pk_problem(v, x->source, "line for %s: %s in %s", x->url, err.msg, name);
		} else if (strcmp(uri, x->url)) {
			pk_problem(v, x->source, "line for %s: the record at offset %llu of %s is for %s", x->url,
				   (unsigned long long)x->offset, name, uri);
		} else if (x->length && stored && x->length != stored) {
			pk_problem(v, x->source, "line for %s: length %llu, but the record at offset %llu is %llu bytes",
				   x->url, (unsigned long long)x->length, (unsigned long long)x->offset,
				   (unsigned long long)stored);
		}
		free(uri);
	}
	fclose(f);
}

static void check_warc(pk_verify *v, pk_vent *e, const char *filename, const char *path)
{
	if (filename)
		check_offsets(v, e->name, filename, path);
	if (v->opt && v->opt->skip_records)
		return;
	warc_verify_result r;
	memset(&r, 0, sizeof r);
	warc_error err = { "" };
	rec_ctx rc = { v, e->name };
	if (warc_verify_file(path, on_record_problem, &rc, &r, &err) != WARC_OK) {
		pk_problem(v, e->name, "cannot check records: %s", err.msg);
		return;
	}
	v->res->warc_records += r.records;
}

static void pass2(pk_verify *v, uint64_t fsize)
{
	pk_src *s;
	warc_error err = { "" };
	if (pk_src_open(&s, v->path, &err)) {
		pk_problem(v, "", "%s", err.msg);
		return;
	}
	unsigned char *buf = malloc(COPY_CHUNK);
	const char *name;
	pk_etype type;
	int64_t size;
	int rc;
	while (buf && (rc = pk_src_next(s, &name, &type, &size, &err)) == WARC_OK) {
		if (v->opt && v->opt->stop && *v->opt->stop)
			break;
		if (type != PK_E_FILE)
			continue;
		const char *n = name;
		while (!strncmp(n, "./", 2))
			n += 2;
		pk_vent *e = pk_find(v, n);
		if (!e || e->bad || e->seen)
			continue;
		e->seen = true;
		const char *filename = NULL;
		bool warc = pk_is_warc_entry(v, e->name, &filename);
		const char *real = pk_src_path(s);
		char tpath[4200] = "";
		int out = -1;
		if (warc && !real && (!(v->opt && v->opt->skip_records) || v->nix)) {
			if (make_tmp(v, &err) == WARC_OK) {
				snprintf(tpath, sizeof tpath, "%s/entry.warc", v->tmp);
				out = open(tpath, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC, 0600);
			}
			if (out < 0)
				pk_problem(v, e->name, "cannot make a temporary copy: %s", err.msg[0] ? err.msg : strerror(errno));
		}
		pk_hash h;
		if (pk_hash_init(&h, e->want, &err)) {
			pk_problem(v, e->name, "%s", err.msg);
			break;
		}
		ssize_t k;
		bool write_ok = true;
		while ((k = pk_src_read(s, buf, COPY_CHUNK, &err)) > 0) {
			pk_hash_update(&h, buf, (size_t)k);
			e->bytes += (uint64_t)k;
			if (out >= 0 && write_ok) {
				const unsigned char *p = buf;
				size_t left = (size_t)k;
				while (left) {
					ssize_t w = write(out, p, left);
					if (w <= 0) {
						if (w < 0 && errno == EINTR)
							continue;
						write_ok = false;
						pk_problem(v, e->name, "temporary copy failed: %s", strerror(errno));
						break;
					}
					p += w;
					left -= (size_t)w;
				}
			}
			if (pk_src_total(s) > bomb_limit(fsize)) {
				k = -1;
				snprintf(err.msg, sizeof err.msg, "decompresses to over %llu bytes: refused as a bomb",
					 (unsigned long long)bomb_limit(fsize));
				break;
			}
		}
		for (unsigned a = 1; a < (1u << PK_NALGS); a <<= 1)
			if (e->want & a)
				pk_hash_final(&h, a, e->hex[__builtin_ctz(a)]);
		pk_hash_free(&h);
		if (out >= 0)
			close(out);
		if (k < 0) {
			pk_problem(v, e->name, "cannot read: %s", err.msg);
			e->bytes = UINT64_MAX;   /* no size/hash verdicts on a broken read */
			if (tpath[0])
				unlink(tpath);
			if (pk_src_total(s) > bomb_limit(fsize))
				break;
			continue;
		}
		v->res->bytes += e->bytes;
		if (warc && (real || (out >= 0 && write_ok)))
			check_warc(v, e, filename, real ? real : tpath);
		if (tpath[0])
			unlink(tpath);
	}
	if (buf && rc < 0)
		pk_problem(v, "", "archive is damaged: %s", err.msg);
	free(buf);
	pk_src_close(s);
}

/* Compare each expectation with what pass 2 measured. */
static void check_expectations(pk_verify *v)
{
	for (size_t i = 0; i < v->nx; i++) {
		pk_expect *x = &v->x[i];
		pk_vent *e = pk_find(v, x->path);
		if (!e || e->type != PK_E_FILE) {
			pk_problem(v, x->path, "listed in %s but missing from the archive", x->source);
			continue;
		}
		if (e->bad || !e->seen || e->bytes == UINT64_MAX)
			continue;
		if (x->bytes >= 0 && (uint64_t)x->bytes != e->bytes)
			pk_problem(v, x->path, "size is %llu bytes, %s says %lld", (unsigned long long)e->bytes,
				   x->source, (long long)x->bytes);
		if (x->alg) {
			const char *got = e->hex[__builtin_ctz(x->alg)];
			v->res->hashes_checked++;
			if (strcmp(got, x->hex))
				pk_problem(v, x->path, "%s digest does not match %s (archive has %s)",
					   pk_hash_name(x->alg), x->source, got);
		}
	}
}

pack_kind pack_detect(const char *path)
{
	struct stat st;
	if (stat(path, &st))
		return PACK_KIND_NONE;
	if (S_ISDIR(st.st_mode)) {
		char p[4096];
		snprintf(p, sizeof p, "%s/bagit.txt", path);
		return access(p, F_OK) ? PACK_KIND_NONE : PACK_KIND_BAG;
	}
	const pk_format *fmt = pk_format_of(path);
	if (!fmt)
		return PACK_KIND_NONE;
	if (fmt->look_inside) {
		/* a bag (bagit.txt at the top or one level down) or a WACZ by another name */
		pk_zipdir z;
		warc_error err;
		if (pk_zipdir_read(path, &z, &err))
			return PACK_KIND_BAG;   /* damaged: let verification say so */
		pack_kind k = PACK_KIND_BAG;
		for (size_t i = 0; i < z.n; i++)
			if (!strcmp(z.e[i].name, "datapackage.json"))
				k = PACK_KIND_WACZ;
		pk_zipdir_free(&z);
		return k;
	}
	return fmt->kind;
}

int pack_verify(const char *path, const pack_verify_options *opt, pack_problem_fn fn, void *ctx,
		pack_verify_result *res, warc_error *err)
{
	memset(res, 0, sizeof *res);
	struct stat st;
	if (stat(path, &st))
		return warc_fail(err, warc_errno_status(errno, true), "%s: %s", path, strerror(errno));
	pack_kind kind = pack_detect(path);
	if (kind == PACK_KIND_NONE)
		return warc_fail(err, WARC_ERR_USAGE, "%s: not a WACZ, a bag directory or a serialised bag", path);
	pk_verify v;
	memset(&v, 0, sizeof v);
	v.path = path;
	v.opt = opt;
	v.fn = fn;
	v.fctx = ctx;
	v.res = res;
	v.is_dir = S_ISDIR(st.st_mode);
	res->kind = kind;
	uint64_t fsize = v.is_dir ? UINT64_MAX / PACK_VERIFY_BOMB_RATIO : (uint64_t)st.st_size;
	if (!v.is_dir && access(path, R_OK))
		return warc_fail(err, warc_errno_status(errno, true), "%s: %s", path, strerror(errno));
	if (!v.is_dir && (kind == PACK_KIND_WACZ || warc_ends_with(path, ".zip")))
		check_zip(&v, kind == PACK_KIND_WACZ);
	if (!v.stop)
		pass1(&v, fsize);
	if (kind == PACK_KIND_WACZ) {
		snprintf(v.dir_warc, sizeof v.dir_warc, "archive/");
		snprintf(v.dir_indexes, sizeof v.dir_indexes, "indexes/");
		snprintf(v.dir_pages, sizeof v.dir_pages, "pages/");
	}
	if (!v.stop) {
		if (kind == PACK_KIND_WACZ)
			pk_wacz_prepare(&v);
		else
			pk_bag_prepare(&v);
	}
	if (!v.stop) {
		for (size_t i = 0; i < v.nx; i++) {
			pk_vent *e = pk_find(&v, v.x[i].path);
			if (e)
				e->want |= v.x[i].alg;
		}
		if (v.nix)
			qsort(v.ix, v.nix, sizeof *v.ix, cmp_idx_file);
		pass2(&v, fsize);
		check_expectations(&v);
		res->index_lines = v.nix;
	}
	if (v.tmp[0])
		rmdir(v.tmp);
	pk_verify_free(&v);
	return WARC_OK;
}
