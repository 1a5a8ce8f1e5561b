/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify_wacz.c - the WACZ rules, applied to the entries and metadata that
 * verify.c gathered in its first pass.
 *
 * datapackage.json (1.1.1 "hash": "sha256:<hex>", "bytes"; 1.0.0
 * "stats": {"hash", "bytes"} with "hashing") becomes one expectation per
 * resource; every other file must be a resource. The layout rules (one
 * directory deep, nothing foreign in archive/ indexes/ pages/), the digest
 * file, the indexes (CDXJ, classic CDX, ZipNum .idx + .cdx.gz: sorted,
 * parseable, naming WARCs that exist) and pages.jsonl (header line, each
 * page hitting a capture to the second) are checked here; the index
 * offsets are checked against the WARC bytes in pass 2.
 */
#include "pack/internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

bool pk_is_warc_entry(const pk_verify *v, const char *name, const char **filename)
{
	*filename = NULL;
	if (!warc_is_warc_name(name))
		return false;
	size_t dl = strlen(v->dir_warc);
	if (dl && !strncmp(name, v->dir_warc, dl) && !strchr(name + dl, '/')) {
		*filename = name + dl;   /* what index lines call it */
		return true;
	}
	if (v->res->kind == PACK_KIND_WACZ)
		return false;
	size_t rl = strlen(v->root);
	return !strncmp(name, v->root, rl) && !strncmp(name + rl, "data/", 5);
}

/* "sha256:hex" (or a bare hex with a separate algorithm name). */
static unsigned parse_hash(const char *s, const char *hashing, const char **hex)
{
	const char *colon = strchr(s, ':');
	if (colon) {
		char alg[32];
		size_t l = (size_t)(colon - s) < sizeof alg - 1 ? (size_t)(colon - s) : sizeof alg - 1;
		memcpy(alg, s, l);
		alg[l] = '\0';
		*hex = colon + 1;
		return pk_hash_alg(alg);
	}
	*hex = s;
	return hashing ? pk_hash_alg(hashing) : 0;
}

/* ---- datapackage.json ---- */

static json_t *load_json(pk_verify *v, pk_vent *e)
{
	json_error_t je;
	json_t *j = json_loadb(e->data, e->len, 0, &je);
	if (!j)
		pk_problem(v, e->name, "not valid JSON: line %d: %s", je.line, je.text);
	return j;
}

static void check_resources(pk_verify *v, json_t *dp, pk_vent *dpe)
{
	json_t *res = json_object_get(dp, "resources");
	if (!json_is_array(res)) {
		pk_problem(v, dpe->name, "no \"resources\" array");
		return;
	}
	size_t n = json_array_size(res), i;
	char **paths = calloc(n ? n : 1, sizeof *paths);
	size_t np = 0;
	json_t *r;
	json_array_foreach(res, i, r) {
		const char *path = json_string_value(json_object_get(r, "path"));
		if (!path) {
			pk_problem(v, dpe->name, "resource %zu has no \"path\"", i);
			continue;
		}
		json_t *stats = json_object_get(r, "stats");
		json_t *hash = json_object_get(r, "hash");
		json_t *bytes = json_object_get(r, "bytes");
		if (!hash && stats)
			hash = json_object_get(stats, "hash");
		if (!bytes && stats)
			bytes = json_object_get(stats, "bytes");
		const char *hashing = json_string_value(json_object_get(r, "hashing"));
		const char *hex = NULL;
		unsigned alg = json_is_string(hash) ? parse_hash(json_string_value(hash), hashing, &hex) : 0;
		if (!json_is_string(hash))
			pk_problem(v, path, "resource has no hash in %s", dpe->name);
		else if (!alg)
			pk_problem(v, path, "unknown hash algorithm in %s: %s", dpe->name, json_string_value(hash));
		/* WACZ 1.1.1: every resource records its size; a size check cannot be skipped */
		bool size_ok = json_is_integer(bytes) && json_integer_value(bytes) >= 0;
		if (!bytes)
			pk_problem(v, path, "resource has no \"bytes\" in %s", dpe->name);
		else if (!size_ok)
			pk_problem(v, path, "\"bytes\" is not a non-negative integer in %s", dpe->name);
		if (pk_expect_add(v, path, alg, hex, size_ok ? json_integer_value(bytes) : -1, dpe->name))
			break;
		if (paths)
			paths[np++] = (char *)path;
	}
	if (!paths)
		return;
	if (np)
		qsort(paths, np, sizeof *paths, warc_cmp_str);
	for (size_t k = 1; k < np; k++)
		if (!strcmp(paths[k - 1], paths[k]))
			pk_problem(v, paths[k], "listed twice in %s", dpe->name);
	for (size_t k = 0; k < v->n; k++) {
		pk_vent *e = &v->e[k];
		if (e->type != PK_E_FILE || e->bad || !strcmp(e->name, "datapackage.json") ||
		    !strcmp(e->name, "datapackage-digest.json"))
			continue;
		const char *key = e->name;
		if (!np || !bsearch(&key, paths, np, sizeof *paths, warc_cmp_str))
			pk_problem(v, e->name, "not listed in datapackage.json resources");
	}
	free(paths);
}

static void check_digest_file(pk_verify *v, pk_vent *dpe, bool v111)
{
	pk_vent *de = pk_find(v, "datapackage-digest.json");
	if (!de || !de->data) {
		if (v111)
			pk_warning(v, "datapackage-digest.json", "missing (WACZ 1.1.1 says it SHOULD be present)");
		return;
	}
	json_t *j = load_json(v, de);
	if (!j)
		return;
	const char *path = json_string_value(json_object_get(j, "path"));
	const char *hash = json_string_value(json_object_get(j, "hash"));
	if (!path || strcmp(path, "datapackage.json"))
		pk_problem(v, de->name, "\"path\" must be \"datapackage.json\"");
	const char *hex = NULL;
	unsigned alg = hash ? parse_hash(hash, NULL, &hex) : 0;
	if (!alg) {
		pk_problem(v, de->name, "no usable \"hash\"");
	} else {
		char got[PK_HEX_MAX];
		pk_hash_buf(alg, dpe->data, dpe->len, got);
		v->res->hashes_checked++;
		if (strcasecmp(got, hex))
			pk_problem(v, de->name, "hash does not match datapackage.json (it is %s:%s)", pk_hash_name(alg),
				   got);
	}
	json_decref(j);
}

/* ---- layout ---- */

static void check_layout(pk_verify *v)
{
	size_t warcs = 0, idx = 0;
	bool pages = false;
	for (size_t i = 0; i < v->n; i++) {
		pk_vent *e = &v->e[i];
		if (e->type != PK_E_FILE || e->bad)
			continue;
		const char *slash = strchr(e->name, '/');
		if (!slash) {
			if (strcmp(e->name, "datapackage.json") && strcmp(e->name, "datapackage-digest.json"))
				pk_problem(v, e->name, "file at the top level (every file must be one directory deep)");
			continue;
		}
		if (strchr(slash + 1, '/')) {
			pk_problem(v, e->name, "nested more than one directory deep");
			continue;
		}
		if (!strncmp(e->name, "archive/", 8)) {
			if (warc_is_warc_name(e->name))
				warcs++;
			else
				pk_problem(v, e->name, "archive/ may hold only .warc and .warc.gz files");
		} else if (!strncmp(e->name, "indexes/", 8)) {
			if (warc_ends_with(e->name, ".cdx") || warc_ends_with(e->name, ".cdxj") || warc_ends_with(e->name, ".idx"))
				idx++;
			else if (!warc_ends_with(e->name, ".cdx.gz"))
				pk_problem(v, e->name, "indexes/ may hold only .cdx, .cdxj, .cdx.gz and .idx files");
		} else if (!strncmp(e->name, "pages/", 6)) {
			if (!warc_ends_with(e->name, ".jsonl"))
				pk_problem(v, e->name, "pages/ may hold only .jsonl files");
			if (!strcmp(e->name, "pages/pages.jsonl"))
				pages = true;
		}
	}
	if (!warcs)
		pk_problem(v, "archive/", "no WARC files");
	if (!idx)
		pk_problem(v, "indexes/", "no index (.cdxj, .cdx, or .idx with .cdx.gz)");
	if (!pages)
		pk_problem(v, "pages/pages.jsonl", "missing");
}

/* ---- indexes ---- */

static int add_idx(pk_verify *v, const char *url, const char *ts, const char *filename, uint64_t off, uint64_t len,
		   const char *source)
{
	if (v->nix == v->capix) {
		size_t nc = v->capix ? v->capix * 2 : 256;
		pk_idxent *p = realloc(v->ix, nc * sizeof *p);
		if (!p)
			return WARC_ERR_NOMEM;
		v->ix = p;
		v->capix = nc;
	}
	pk_idxent *x = &v->ix[v->nix];
	x->url = strdup(url);
	x->filename = strdup(filename);
	if (!x->url || !x->filename) {
		free(x->url);
		free(x->filename);
		return WARC_ERR_NOMEM;
	}
	snprintf(x->ts14, sizeof x->ts14, "%.14s", ts);
	x->offset = off;
	x->length = len;
	x->source = source;
	v->nix++;
	return WARC_OK;
}

static bool json_u64(json_t *j, uint64_t *out)
{
	if (json_is_integer(j) && json_integer_value(j) >= 0) {
		*out = (uint64_t)json_integer_value(j);
		return true;
	}
	const char *s = json_string_value(j);
	if (!s || !*s)
		return false;
	char *end;
	*out = strtoull(s, &end, 10);
	return !*end;
}

/* One CDXJ line (without newline). */
static void cdxj_line(pk_verify *v, const char *source, const char *line, size_t len, uint64_t lineno)
{
	const char *sp1 = memchr(line, ' ', len);
	const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - line)) : NULL;
	if (!sp2 || sp2 - sp1 - 1 < 14) {
		pk_problem(v, source, "line %llu: not 'key timestamp {json}'", (unsigned long long)lineno);
		return;
	}
	json_error_t je;
	json_t *j = json_loadb(sp2 + 1, len - (size_t)(sp2 + 1 - line), 0, &je);
	const char *url = json_string_value(json_object_get(j, "url"));
	const char *fn = json_string_value(json_object_get(j, "filename"));
	uint64_t off = 0, length = 0;
	if (!j || !url || !fn || !json_u64(json_object_get(j, "offset"), &off)) {
		pk_problem(v, source, "line %llu: JSON block lacks url, filename or offset", (unsigned long long)lineno);
	} else {
		json_u64(json_object_get(j, "length"), &length);
		char arch[4200];
		snprintf(arch, sizeof arch, "%s%s", v->dir_warc, fn);
		pk_vent *w = pk_find(v, arch);
		if (!w || w->type != PK_E_FILE)
			pk_problem(v, source, "line %llu: filename %s is not in %s", (unsigned long long)lineno, fn,
				   v->dir_warc);
		else if (w->size >= 0 && off >= (uint64_t)w->size)
			pk_problem(v, source, "line %llu: offset %llu is past the end of %s", (unsigned long long)lineno,
				   (unsigned long long)off, arch);
		else if (add_idx(v, url, sp1 + 1, fn, off, length, source))
			v->stop = true;
	}
	json_decref(j);
}

/* Classic CDX line: N b a m s k r M S V g (11) or N b a m s k r V g (9). */
static void cdx_line(pk_verify *v, const char *source, const char *line, size_t len, uint64_t lineno)
{
	char *copy = strndup(line, len), *save = NULL;
	char *f[12];
	int n = 0;
	for (char *t = strtok_r(copy, " ", &save); t && n < 12; t = strtok_r(NULL, " ", &save))
		f[n++] = t;
	if (n == 11 || n == 9) {
		const char *fn = f[n - 1];
		uint64_t off = strtoull(f[n - 2], NULL, 10), length = n == 11 ? strtoull(f[8], NULL, 10) : 0;
		char arch[4200];
		snprintf(arch, sizeof arch, "%s%s", v->dir_warc, fn);
		if (!pk_find(v, arch))
			pk_problem(v, source, "line %llu: filename %s is not in %s", (unsigned long long)lineno, fn,
				   v->dir_warc);
		else if (add_idx(v, f[2], f[1], fn, off, length, source))
			v->stop = true;
	} else {
		pk_problem(v, source, "line %llu: not a CDX line of 9 or 11 fields", (unsigned long long)lineno);
	}
	free(copy);
}

/* Lines of a plain index: sorted bytewise, each parsed. prev carries order across ZipNum blocks. */
static void index_lines(pk_verify *v, const char *source, const char *data, size_t len, warc_buf *prev,
			uint64_t *lineno)
{
	bool classic = false;
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		(*lineno)++;
		if (l && p[l - 1] == '\r')
			l--;
		if (*lineno == 1 && l >= 4 && !strncmp(p + 1, "CDX", 3)) {
			classic = true;
		} else if (!l) {
			pk_problem(v, source, "line %llu: empty line", (unsigned long long)*lineno);
		} else if (p[0] != '!') {
			if (prev->len && (memcmp(prev->data, p, prev->len < l ? prev->len : l) > 0 ||
					  (memcmp(prev->data, p, prev->len < l ? prev->len : l) == 0 && prev->len > l)))
				pk_problem(v, source, "line %llu: not sorted (comes before the line above)",
					   (unsigned long long)*lineno);
			warc_buf_reset(prev);
			if (warc_buf_add(prev, p, l))
				warc_buf_reset(prev);
			if (classic)
				cdx_line(v, source, p, l, *lineno);
			else
				cdxj_line(v, source, p, l, *lineno);
		}
		p = nl ? nl + 1 : end;
	}
}

static int gunzip_block(const unsigned char *p, size_t n, warc_buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 31) != Z_OK)
		return WARC_ERR_NOMEM;
	unsigned char buf[65536];
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)n;
	int zr = Z_OK, rc = WARC_OK;
	while (!rc && z.avail_in && zr != Z_STREAM_END) {
		z.next_out = buf;
		z.avail_out = sizeof buf;
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END)
			rc = WARC_ERR_FORMAT;
		else
			rc = warc_buf_add(out, buf, sizeof buf - z.avail_out);
		if (zr == Z_STREAM_END && z.avail_in) {
			/* several members in one block: continue */
			inflateReset(&z);
			zr = Z_OK;
		}
	}
	inflateEnd(&z);
	return rc;
}

static void zipnum(pk_verify *v, pk_vent *idx)
{
	const char *p = idx->data, *end = idx->data + idx->len;
	char cdxname[2200];
	snprintf(cdxname, sizeof cdxname, "%sindex.cdx.gz", v->dir_indexes);
	warc_buf prev_key, prev, block;
	warc_buf_init(&prev_key, WARC_LIMIT_LINE);
	warc_buf_init(&prev, WARC_LIMIT_LINE * 16);
	warc_buf_init(&block, PACK_ZIPNUM_BLOCK_MAX);
	uint64_t lineno = 0, cdxline = 0;
	while (p < end && !v->stop) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (l && p[l - 1] == '\r')
			l--;
		const char *brace = memchr(p, '{', l);
		json_t *j = brace ? json_loadb(brace, l - (size_t)(brace - p), 0, NULL) : NULL;
		const char *fn = json_string_value(json_object_get(j, "filename"));
		if (fn && !strchr(fn, '/'))
			snprintf(cdxname, sizeof cdxname, "%s%s", v->dir_indexes, fn);
		if (l && p[0] == '!') {
			json_decref(j);
			p = nl ? nl + 1 : end;
			continue;
		}
		uint64_t off, len;
		if (!j || !json_u64(json_object_get(j, "offset"), &off) || !json_u64(json_object_get(j, "length"), &len)) {
			if (l)
				pk_problem(v, idx->name, "line %llu: not 'key {\"offset\", \"length\"}'",
					   (unsigned long long)lineno);
			json_decref(j);
			p = nl ? nl + 1 : end;
			continue;
		}
		size_t kl = (size_t)(brace - p);
		if (prev_key.len && memcmp(prev_key.data, p, prev_key.len < kl ? prev_key.len : kl) > 0)
			pk_problem(v, idx->name, "line %llu: not sorted", (unsigned long long)lineno);
		warc_buf_reset(&prev_key);
		if (warc_buf_add(&prev_key, p, kl))
			warc_buf_reset(&prev_key);
		pk_vent *cdx = pk_find(v, cdxname);
		if (!cdx || !cdx->data) {
			pk_problem(v, idx->name, "line %llu: %s is missing", (unsigned long long)lineno, cdxname);
		} else if (off > cdx->len || len > cdx->len - off || len > PACK_ZIPNUM_BLOCK_MAX) {
			pk_problem(v, idx->name, "line %llu: block [%llu, +%llu) lies outside %s", (unsigned long long)lineno,
				   (unsigned long long)off, (unsigned long long)len, cdxname);
		} else {
			const char *dg = json_string_value(json_object_get(j, "digest"));
			const char *hex;
			unsigned alg = dg ? (strchr(dg, ':') ? pk_hash_alg(dg) : 0) : 0;
			if (dg) {
				char got[PK_HEX_MAX];
				char algname[16];
				snprintf(algname, sizeof algname, "%.*s", (int)(strchr(dg, ':') ? strchr(dg, ':') - dg : 0), dg);
				alg = pk_hash_alg(algname);
				hex = strchr(dg, ':') ? strchr(dg, ':') + 1 : dg;
				if (alg) {
					pk_hash_buf(alg, cdx->data + off, len, got);
					v->res->hashes_checked++;
					if (strcasecmp(got, hex))
						pk_problem(v, idx->name, "line %llu: block digest does not match %s",
							   (unsigned long long)lineno, cdxname);
				}
			}
			warc_buf_reset(&block);
			if (gunzip_block((const unsigned char *)cdx->data + off, len, &block))
				pk_problem(v, cdxname, "block at %llu (+%llu) does not gunzip", (unsigned long long)off,
					   (unsigned long long)len);
			else
				index_lines(v, cdxname, block.data ? block.data : "", block.len, &prev, &cdxline);
		}
		json_decref(j);
		p = nl ? nl + 1 : end;
	}
	warc_buf_free(&prev_key);
	warc_buf_free(&prev);
	warc_buf_free(&block);
}

void pk_check_indexes(pk_verify *v)
{
	bool have_idx = false;
	size_t dl = strlen(v->dir_indexes);
	for (size_t i = 0; i < v->n && !v->stop; i++) {
		pk_vent *e = &v->e[i];
		if (e->bad || e->type != PK_E_FILE || strncmp(e->name, v->dir_indexes, dl) || !e->data)
			continue;
		if (warc_ends_with(e->name, ".cdx") || warc_ends_with(e->name, ".cdxj")) {
			warc_buf prev;
			warc_buf_init(&prev, WARC_LIMIT_LINE * 16);
			uint64_t lineno = 0;
			index_lines(v, e->name, e->data, e->len, &prev, &lineno);
			warc_buf_free(&prev);
		} else if (warc_ends_with(e->name, ".idx")) {
			have_idx = true;
			zipnum(v, e);
		}
	}
	for (size_t i = 0; i < v->n; i++)
		if (!v->e[i].bad && !strncmp(v->e[i].name, v->dir_indexes, dl) && warc_ends_with(v->e[i].name, ".cdx.gz") &&
		    !have_idx)
			pk_problem(v, v->e[i].name, "a .cdx.gz index without an .idx is never read by replay tools");
}

/* ---- pages ---- */

static int cmp_idx_url(const void *a, const void *b)
{
	const pk_idxent *x = *(pk_idxent *const *)a, *y = *(pk_idxent *const *)b;
	int c = strcmp(x->url, y->url);
	return c ? c : strcmp(x->ts14, y->ts14);
}

static void check_pages_file(pk_verify *v, pk_vent *e, pk_idxent **byurl, size_t nb)
{
	const char *p = e->data, *end = e->data + e->len;
	uint64_t lineno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		const char *next = nl ? nl + 1 : end;
		if (!l || (l == 1 && p[0] == '\r')) {
			pk_problem(v, e->name, "line %llu: blank line", (unsigned long long)lineno);
			p = next;
			continue;
		}
		json_error_t je;
		json_t *j = json_loadb(p, l, 0, &je);
		p = next;
		if (!json_is_object(j)) {
			pk_problem(v, e->name, "line %llu: not a JSON object", (unsigned long long)lineno);
			json_decref(j);
			continue;
		}
		if (lineno == 1) {
			const char *fmt = json_string_value(json_object_get(j, "format"));
			if (!fmt || strcmp(fmt, "json-pages-1.0"))
				pk_problem(v, e->name, "line 1 must be the header {\"format\": \"json-pages-1.0\", ...}");
			json_decref(j);
			continue;
		}
		const char *url = json_string_value(json_object_get(j, "url"));
		const char *ts = json_string_value(json_object_get(j, "ts"));
		char ts14[15];
		if (!url || !ts) {
			pk_problem(v, e->name, "line %llu: page without \"url\" and \"ts\"", (unsigned long long)lineno);
		} else if (warc_date_to_ts14(ts, ts14) != WARC_OK) {
			pk_problem(v, e->name, "line %llu: \"ts\" is not an RFC 3339 date: %s", (unsigned long long)lineno,
				   ts);
		} else {
			v->res->pages++;
			pk_idxent key = { .url = (char *)url };
			memcpy(key.ts14, ts14, 15);
			pk_idxent *kp = &key;
			pk_idxent **hit = nb ? bsearch(&kp, byurl, nb, sizeof *byurl, cmp_idx_url) : NULL;
			if (!hit) {
				/* same URL at another second? */
				memset(key.ts14, 0, sizeof key.ts14);
				size_t lo = 0, hi = nb;
				while (lo < hi) {
					size_t mid = (lo + hi) / 2;
					if (cmp_idx_url(&byurl[mid], &kp) < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
				if (lo < nb && !strcmp(byurl[lo]->url, url))
					pk_problem(v, e->name, "line %llu: %s at %s matches no capture to the second (one is at %s)",
						   (unsigned long long)lineno, url, ts, byurl[lo]->ts14);
				else
					pk_problem(v, e->name, "line %llu: %s is not in the index", (unsigned long long)lineno, url);
			}
		}
		json_decref(j);
	}
	if (!lineno)
		pk_problem(v, e->name, "empty (the header line is required)");
}

void pk_check_pages(pk_verify *v)
{
	size_t dl = strlen(v->dir_pages);
	pk_idxent **byurl = malloc((v->nix ? v->nix : 1) * sizeof *byurl);
	if (!byurl)
		return;
	for (size_t i = 0; i < v->nix; i++)
		byurl[i] = &v->ix[i];
	if (v->nix)
		qsort(byurl, v->nix, sizeof *byurl, cmp_idx_url);
	for (size_t i = 0; i < v->n; i++) {
		pk_vent *e = &v->e[i];
		if (!e->bad && e->data && !strncmp(e->name, v->dir_pages, dl) && warc_ends_with(e->name, ".jsonl"))
			check_pages_file(v, e, byurl, v->nix);
	}
	free(byurl);
}

void pk_wacz_prepare(pk_verify *v)
{
	pk_vent *dpe = pk_find(v, "datapackage.json");
	if (!dpe || !dpe->data) {
		pk_problem(v, "datapackage.json", "missing");
		v->stop = true;
		return;
	}
	json_t *dp = load_json(v, dpe);
	if (!json_is_object(dp)) {
		if (dp)
			pk_problem(v, dpe->name, "not a JSON object");
		json_decref(dp);
		v->stop = true;
		return;
	}
	const char *profile = json_string_value(json_object_get(dp, "profile"));
	if (!profile)
		pk_warning(v, dpe->name, "no \"profile\" (WACZ 1.1.1 wants \"data-package\")");
	else if (strcmp(profile, "data-package"))
		pk_problem(v, dpe->name, "\"profile\" is \"%s\", not \"data-package\"", profile);
	const char *ver = json_string_value(json_object_get(dp, "wacz_version"));
	bool v111 = ver && !strcmp(ver, "1.1.1");
	if (!ver)
		pk_problem(v, dpe->name, "no \"wacz_version\"");
	else if (!strcmp(ver, "1.0.0"))
		pk_warning(v, dpe->name, "older WACZ version 1.0.0");
	else if (!v111)
		pk_problem(v, dpe->name, "unsupported \"wacz_version\" %s", ver);
	check_resources(v, dp, dpe);
	check_digest_file(v, dpe, v111);
	json_decref(dp);
	check_layout(v);
	pk_check_indexes(v);
	pk_check_pages(v);
}
