/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify_bag.c - the BagIt 1.0 (RFC 8493) rules, applied to the entries
 * and tag files verify.c gathered in its first pass.
 *
 * A serialised bag must hold one top-level directory; its bagit.txt must be
 * the two declared lines without a BOM; each manifest-ALG.txt lists every
 * payload file under data/ exactly once (paths percent-decoded for CR, LF
 * and '%' only); tag manifests list tag files but never payload files or
 * tag manifests, and wark also insists they list every other tag file, so
 * that an added file is noticed; Payload-Oxum must match the payload.
 */
#include "pack/internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool starts_with(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static bool find_root(pk_verify *v)
{
	if (pk_find(v, "bagit.txt")) {
		v->root[0] = '\0';
		return true;
	}
	const char *first = NULL;
	for (size_t i = 0; i < v->n && !first; i++)
		if (!v->e[i].bad)
			first = v->e[i].name;
	if (!first) {
		pk_problem(v, "", "empty archive");
		return false;
	}
	size_t l = strcspn(first, "/");
	snprintf(v->root, sizeof v->root, "%.*s/", (int)l, first);
	char p[1100];
	snprintf(p, sizeof p, "%sbagit.txt", v->root);
	if (!pk_find(v, p)) {
		pk_problem(v, "bagit.txt", "missing: not a bag");
		return false;
	}
	size_t rl = strlen(v->root);
	for (size_t i = 0; i < v->n; i++) {
		pk_vent *e = &v->e[i];
		if (e->bad)
			continue;
		if (strlen(e->name) == rl - 1 && !strncmp(e->name, v->root, rl - 1)) {
			if (e->type != PK_E_DIR)
				pk_problem(v, e->name, "should be the bag's top directory");
		} else if (strncmp(e->name, v->root, rl)) {
			pk_problem(v, e->name, "outside the bag's top directory %s", v->root);
		}
	}
	return true;
}

/* Split captured text into lines (LF, CRLF or CR); calls fn per line. */
typedef void (*line_fn)(pk_verify *v, pk_vent *e, const char *line, size_t len, uint64_t lineno, void *ctx);

static void each_line(pk_verify *v, pk_vent *e, line_fn fn, void *ctx)
{
	const char *p = e->data, *end = e->data + e->len;
	uint64_t n = 0;
	while (p < end) {
		const char *q = p;
		while (q < end && *q != '\n' && *q != '\r')
			q++;
		fn(v, e, p, (size_t)(q - p), ++n, ctx);
		if (q < end && *q == '\r' && q + 1 < end && q[1] == '\n')
			q++;
		p = q < end ? q + 1 : end;
	}
}

static void bagit_line(pk_verify *v, pk_vent *e, const char *line, size_t len, uint64_t n, void *ctx)
{
	int *count = ctx;
	(*count)++;
	if (n == 1) {
		if (len < 15 || strncmp(line, "BagIt-Version: ", 15))
			pk_problem(v, e->name, "line 1 must be 'BagIt-Version: M.N'");
		else if (len == 18 && !strncmp(line + 15, "1.0", 3))
			;
		else if (len == 19 && !strncmp(line + 15, "0.97", 4))
			pk_warning(v, e->name, "BagIt version 0.97 (checked as 1.0)");
		else
			pk_problem(v, e->name, "unsupported %.*s", (int)len, line);
	} else if (n == 2) {
		if (len != 35 || strncmp(line, "Tag-File-Character-Encoding: UTF-8", 34))
			if (!(len == 34 && !strncmp(line, "Tag-File-Character-Encoding: UTF-8", 34)))
				pk_problem(v, e->name, "line 2 must be 'Tag-File-Character-Encoding: UTF-8'");
	} else {
		pk_problem(v, e->name, "must hold exactly two lines (line %llu is extra)", (unsigned long long)n);
	}
}

static void check_bagit_txt(pk_verify *v)
{
	char p[1100];
	snprintf(p, sizeof p, "%sbagit.txt", v->root);
	pk_vent *e = pk_find(v, p);
	if (!e || !e->data) {
		pk_problem(v, p, "missing or unreadable");
		return;
	}
	if (e->len >= 3 && !memcmp(e->data, "\xef\xbb\xbf", 3)) {
		pk_problem(v, e->name, "starts with a byte-order mark");
		return;
	}
	int count = 0;
	each_line(v, e, bagit_line, &count);
	if (count < 2)
		pk_problem(v, e->name, "must hold exactly two lines");
}

typedef struct manifest {
	pk_vent *e;
	unsigned alg;
	bool tag;
	char **paths;   /* decoded, relative to the root */
	size_t n, cap;
} manifest;

static size_t hex_len(unsigned alg)
{
	switch (alg) {
	case PK_MD5: return 32;
	case PK_SHA1: return 40;
	case PK_SHA256: return 64;
	case PK_SHA512: return 128;
	}
	return 0;
}

/* RFC 8493 2.1.3: only %0D, %0A and %25 are decoded. */
static char *decode_path(const char *p, size_t n)
{
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '%' && i + 2 < n) {
			char c = !strncasecmp(p + i, "%0D", 3) ? '\r' : !strncasecmp(p + i, "%0A", 3) ? '\n' :
				 !strncmp(p + i, "%25", 3) ? '%' : 0;
			if (c) {
				out[j++] = c;
				i += 2;
				continue;
			}
		}
		out[j++] = p[i];
	}
	out[j] = '\0';
	return out;
}

static void manifest_line(pk_verify *v, pk_vent *e, const char *line, size_t len, uint64_t n, void *ctx)
{
	manifest *m = ctx;
	if (!len)
		return;
	size_t h = 0;
	while (h < len && line[h] != ' ' && line[h] != '\t')
		h++;
	size_t s = h;
	while (s < len && (line[s] == ' ' || line[s] == '\t'))
		s++;
	if (s < len && line[s] == '*')
		s++;
	if (h == len || s == len || s == h) {
		pk_problem(v, e->name, "line %llu: not 'checksum path'", (unsigned long long)n);
		return;
	}
	bool hexok = h == hex_len(m->alg);
	for (size_t i = 0; i < h && hexok; i++)
		hexok = strchr("0123456789abcdefABCDEF", line[i]) != NULL;
	if (!hexok) {
		pk_problem(v, e->name, "line %llu: not a %s checksum", (unsigned long long)n, pk_hash_name(m->alg));
		return;
	}
	if (s + 4096 < len) {
		pk_problem(v, e->name, "line %llu: path too long", (unsigned long long)n);
		return;
	}
	char *path = decode_path(line + s, len - s);
	if (!path)
		return;
	if (!m->tag && !starts_with(path, "data/")) {
		pk_problem(v, e->name, "line %llu: payload path %s is not under data/", (unsigned long long)n, path);
	} else if (m->tag && starts_with(path, "data/")) {
		pk_problem(v, e->name, "line %llu: a tag manifest may not list the payload file %s",
			   (unsigned long long)n, path);
	} else if (m->tag && starts_with(path, "tagmanifest-")) {
		pk_problem(v, e->name, "line %llu: a tag manifest may not list tag manifests (%s)", (unsigned long long)n,
			   path);
	} else if (path[0] == '/' || strstr(path, "../") || !strcmp(path, "..") || warc_ends_with(path, "/..") ||
		   path[0] == '~') {
		pk_problem(v, e->name, "line %llu: unsafe path %s", (unsigned long long)n, path);
	} else {
		if (m->n == m->cap) {
			size_t nc = m->cap ? m->cap * 2 : 64;
			char **p = realloc(m->paths, nc * sizeof *p);
			if (!p) {
				free(path);
				return;
			}
			m->paths = p;
			m->cap = nc;
		}
		m->paths[m->n++] = path;
		char full[4200], hex[PK_HEX_MAX];
		snprintf(full, sizeof full, "%s%s", v->root, path);
		snprintf(hex, sizeof hex, "%.*s", (int)h, line);
		if (pk_expect_add(v, full, m->alg, hex, -1, e->name))
			v->stop = true;
		return;
	}
	free(path);
}

static bool is_payload(const pk_verify *v, const pk_vent *e)
{
	size_t rl = strlen(v->root);
	return e->type == PK_E_FILE && !e->bad && !strncmp(e->name, v->root, rl) && starts_with(e->name + rl, "data/");
}

static void check_manifest_completeness(pk_verify *v, manifest *m)
{
	if (m->n)
		qsort(m->paths, m->n, sizeof *m->paths, warc_cmp_str);
	for (size_t i = 1; i < m->n; i++)
		if (!strcmp(m->paths[i - 1], m->paths[i]))
			pk_problem(v, m->e->name, "%s is listed twice", m->paths[i]);
	size_t rl = strlen(v->root);
	for (size_t i = 0; i < v->n; i++) {
		pk_vent *e = &v->e[i];
		if (e->type != PK_E_FILE || e->bad || strncmp(e->name, v->root, rl))
			continue;
		const char *rel = e->name + rl;
		bool want;
		if (!m->tag)
			want = is_payload(v, e);
		else
			want = !starts_with(rel, "data/") && !starts_with(rel, "tagmanifest-");
		if (want && (!m->n || !bsearch(&rel, m->paths, m->n, sizeof *m->paths, warc_cmp_str)))
			pk_problem(v, e->name, "not listed in %s", m->e->name + rl);
	}
}

typedef struct oxum_ctx {
	int seen;
	const char *value;
	size_t vlen;
} oxum_ctx;

static void info_line(pk_verify *v, pk_vent *e, const char *line, size_t len, uint64_t n, void *ctx)
{
	oxum_ctx *o = ctx;
	if (!len)
		return;
	if (line[0] == ' ' || line[0] == '\t') {
		if (n == 1)
			pk_problem(v, e->name, "line 1 starts with a continuation");
		return;
	}
	const char *colon = memchr(line, ':', len);
	if (!colon) {
		pk_problem(v, e->name, "line %llu: not 'Label: value'", (unsigned long long)n);
		return;
	}
	if ((size_t)(colon - line) == 12 && !strncasecmp(line, "Payload-Oxum", 12)) {
		o->seen++;
		o->value = colon + 1;
		while (o->value < line + len && *o->value == ' ')
			o->value++;
		o->vlen = (size_t)(line + len - o->value);
	}
}

static void check_bag_info(pk_verify *v)
{
	char p[1100];
	snprintf(p, sizeof p, "%sbag-info.txt", v->root);
	pk_vent *e = pk_find(v, p);
	if (!e || !e->data)
		return;
	oxum_ctx o = { 0, NULL, 0 };
	each_line(v, e, info_line, &o);
	if (o.seen > 1)
		pk_problem(v, e->name, "Payload-Oxum appears %d times (at most once)", o.seen);
	if (!o.seen)
		return;
	uint64_t octets = 0, count = 0;
	for (size_t i = 0; i < v->n; i++)
		if (is_payload(v, &v->e[i])) {
			count++;
			octets += v->e[i].size > 0 ? (uint64_t)v->e[i].size : 0;
		}
	char want[64], got[64];
	snprintf(want, sizeof want, "%llu.%llu", (unsigned long long)octets, (unsigned long long)count);
	snprintf(got, sizeof got, "%.*s", (int)(o.vlen < 63 ? o.vlen : 63), o.value);
	if (strcmp(want, got))
		pk_problem(v, e->name, "Payload-Oxum is %s but the payload is %s (bytes.files)", got, want);
}

void pk_bag_prepare(pk_verify *v)
{
	if (!find_root(v)) {
		v->stop = true;
		return;
	}
	check_bagit_txt(v);
	size_t rl = strlen(v->root);
	manifest *ms = NULL;
	size_t nm = 0, payload_manifests = 0;
	for (size_t i = 0; i < v->n && !v->stop; i++) {
		pk_vent *e = &v->e[i];
		if (e->bad || e->type != PK_E_FILE || strncmp(e->name, v->root, rl))
			continue;
		const char *rel = e->name + rl;
		if (strchr(rel, '/'))
			continue;
		bool tag = starts_with(rel, "tagmanifest-");
		if (!(tag || starts_with(rel, "manifest-")) || !warc_ends_with(rel, ".txt"))
			continue;
		const char *alg = rel + (tag ? 12 : 9);
		char an[32];
		snprintf(an, sizeof an, "%.*s", (int)(strlen(alg) - 4), alg);
		unsigned a = pk_hash_alg(an);
		if (!a) {
			pk_problem(v, e->name, "unsupported checksum algorithm '%s'", an);
			continue;
		}
		if (!e->data) {
			pk_problem(v, e->name, "unreadable");
			continue;
		}
		manifest *p = realloc(ms, (nm + 1) * sizeof *p);
		if (!p)
			break;
		ms = p;
		manifest *m = &ms[nm++];
		memset(m, 0, sizeof *m);
		m->e = e;
		m->alg = a;
		m->tag = tag;
		if (!tag)
			payload_manifests++;
		each_line(v, e, manifest_line, m);
	}
	if (!payload_manifests)
		pk_problem(v, v->root[0] ? v->root : "", "no payload manifest (manifest-ALG.txt)");
	for (size_t i = 0; i < nm; i++) {
		check_manifest_completeness(v, &ms[i]);
		for (size_t k = 0; k < ms[i].n; k++)
			free(ms[i].paths[k]);
		free(ms[i].paths);
	}
	free(ms);
	bool has_data = false;
	for (size_t i = 0; i < v->n; i++)
		if (!strncmp(v->e[i].name, v->root, rl) && starts_with(v->e[i].name + rl, "data"))
			has_data = true;
	if (!has_data)
		pk_problem(v, "data/", "missing payload directory");
	check_bag_info(v);
	/* wark's payload layout: the index and pages get the WACZ checks */
	snprintf(v->dir_warc, sizeof v->dir_warc, "%sdata/warc/", v->root);
	snprintf(v->dir_indexes, sizeof v->dir_indexes, "%sdata/indexes/", v->root);
	snprintf(v->dir_pages, sizeof v->dir_pages, "%sdata/pages/", v->root);
	pk_check_indexes(v);
	pk_check_pages(v);
}
