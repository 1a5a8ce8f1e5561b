/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wacz.c - write a WACZ 1.1.1 file.
 *
 * Layout: archive/ (the WARCs, ZIP STORE so replay can range-read one gzip
 * member), indexes/ (index.cdxj, or ZipNum index.cdx.gz STORE + index.idx),
 * pages/pages.jsonl, text/ (the text bundle), then datapackage.json and
 * datapackage-digest.json, which can only be written once every other
 * file's sha256 is known. Every file sits exactly one directory deep.
 */
#include "pack/internal.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Already-compressed files are stored, never recompressed. */
static bool precompressed(const char *name)
{
	static const char *const sufs[] = { ".gz", ".zst", ".bz2", ".xz", ".zip", ".wacz", ".br" };
	for (size_t i = 0; i < sizeof sufs / sizeof sufs[0]; i++)
		if (warc_ends_with(name, sufs[i]))
			return true;
	return false;
}

typedef struct wacz {
	pk_sink *sink;
	json_t *resources;
	json_t *names;     /* set of resource names used */
	pack_result *res;
} wacz;

/* Data Package resource names: lowercase [-a-z0-9._], unique. */
static json_t *resource_name(wacz *w, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char name[512];
	for (int pass = 0; pass < 2; pass++) {
		const char *src = pass ? path : base;
		size_t j = 0;
		for (const char *p = src; *p && j + 1 < sizeof name; p++) {
			unsigned char c = (unsigned char)tolower((unsigned char)*p);
			name[j++] = (isalnum(c) && c < 128) || c == '.' || c == '_' || c == '-' ? (char)c : '-';
		}
		name[j] = '\0';
		if (!json_object_get(w->names, name))
			break;
	}
	json_object_set_new(w->names, name, json_true());
	return json_string(name);
}

static int add_resource(wacz *w, const char *path, const pk_digests *d)
{
	char hash[PK_HEX_MAX + 8];
	snprintf(hash, sizeof hash, "sha256:%s", d->sha256);
	json_t *r = json_object();
	json_object_set_new(r, "name", resource_name(w, path));
	json_object_set_new(r, "path", json_string(path));
	json_object_set_new(r, "hash", json_string(hash));
	json_object_set_new(r, "bytes", json_integer((json_int_t)d->bytes));
	w->res->files++;
	return json_array_append_new(w->resources, r) ? WARC_ERR_NOMEM : WARC_OK;
}

static int put_blob(wacz *w, const char *path, pk_blob *b, bool store, volatile sig_atomic_t *stop,
		    warc_error *err)
{
	pk_digests d;
	int rc = pk_sink_add_blob(w->sink, path, b, store, false, &d, stop, err);
	return rc ? rc : add_resource(w, path, &d);
}

static int put_file(wacz *w, const char *dir, const pk_file *f, bool store, volatile sig_atomic_t *stop,
		    warc_error *err)
{
	char path[1024];
	int n = snprintf(path, sizeof path, "%s/%s", dir, f->name);
	if (n < 0 || (size_t)n >= sizeof path)
		return warc_fail(err, WARC_ERR_USAGE, "%s: name too long", f->src);
	pk_digests d;
	int rc = pk_sink_add_file(w->sink, path, f->src, f->size, store, false, &d, stop, err);
	if (!rc)
		w->res->bytes += d.bytes;
	return rc ? rc : add_resource(w, path, &d);
}

static int write_datapackage(wacz *w, const pack_options *opt, const pk_gen *g, int64_t epoch, warc_error *err)
{
	char created[32];
	pk_rfc3339(epoch, created);
	const char *title = opt->title;
	char deftitle[256];
	if (!title) {
		const char *b = strrchr(opt->output, '/');
		b = b ? b + 1 : opt->output;
		snprintf(deftitle, sizeof deftitle, "%s", b);
		if (warc_ends_with(deftitle, ".wacz"))
			deftitle[strlen(deftitle) - 5] = '\0';
		title = deftitle;
	}
	json_t *dp = json_object();
	json_object_set_new(dp, "profile", json_string("data-package"));
	json_object_set_new(dp, "wacz_version", json_string("1.1.1"));
	json_object_set_new(dp, "title", json_string(title));
	json_object_set_new(dp, "created", json_string(created));
	json_object_set_new(dp, "modified", json_string(created));
	json_object_set_new(dp, "software", json_string(opt->software ? opt->software : "wark"));
	if (g->main_url) {
		json_object_set_new(dp, "mainPageUrl", json_string(g->main_url));
		json_object_set_new(dp, "mainPageDate", json_string(g->main_ts));
	}
	json_object_set(dp, "resources", w->resources);
	char *s = json_dumps(dp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(dp);
	if (!s)
		return warc_fail(err, WARC_ERR_FORMAT, "cannot serialise datapackage.json (title not UTF-8?)");
	size_t len = strlen(s);
	s[len++] = '\n';   /* json_dumps leaves room: replace the NUL */
	pk_digests d;
	int rc = pk_sink_add_mem(w->sink, "datapackage.json", s, len, false, false, &d, err);
	free(s);
	if (rc)
		return rc;
	char hash[PK_HEX_MAX + 8];
	snprintf(hash, sizeof hash, "sha256:%s", d.sha256);
	json_t *dg = json_pack("{s:s, s:s}", "path", "datapackage.json", "hash", hash);
	char *ds = json_dumps(dg, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(dg);
	if (!ds)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	warc_buf b;
	warc_buf_init(&b, PACK_LIMIT_TAG_FILE);
	rc = warc_buf_addstr(&b, ds);
	if (!rc)
		rc = warc_buf_add(&b, "\n", 1);
	free(ds);
	if (!rc)
		rc = pk_sink_add_mem(w->sink, "datapackage-digest.json", b.data, b.len, false, false, &d, err);
	warc_buf_free(&b);
	w->res->files += 2;
	return rc;
}

int pk_pack_wacz(const pack_options *opt, const pk_inputs *in, pk_gen *g, int64_t epoch, pack_result *res,
		 warc_error *err)
{
	if (!warc_ends_with(opt->output, ".wacz"))
		return warc_fail(err, WARC_ERR_USAGE, "%s: a WACZ file name must end in .wacz", opt->output);
	wacz w = { .resources = json_array(), .names = json_object(), .res = res };
	int rc = pk_sink_open(&w.sink, PK_SINK_ZIP, opt->output, "", epoch, err);
	for (size_t i = 0; !rc && i < in->n_warcs; i++)
		rc = put_file(&w, "archive", &in->warcs[i], true, opt->stop, err);
	if (!rc && g->zipnum) {
		rc = put_blob(&w, "indexes/index.cdx.gz", &g->cdxgz, true, opt->stop, err);
		if (!rc)
			rc = put_blob(&w, "indexes/index.idx", &g->idx, false, opt->stop, err);
	} else if (!rc) {
		rc = put_blob(&w, "indexes/index.cdxj", &g->cdxj, false, opt->stop, err);
	}
	if (!rc)
		rc = put_blob(&w, "pages/pages.jsonl", &g->pages, false, opt->stop, err);
	for (size_t i = 0; !rc && i < in->n_text; i++)
		rc = put_file(&w, "text", &in->text[i], precompressed(in->text[i].name), opt->stop, err);
	if (!rc)
		rc = write_datapackage(&w, opt, g, epoch, err);
	if (!rc) {
		rc = pk_sink_commit(w.sink, err);
	} else if (w.sink) {
		pk_sink_abort(w.sink);
	}
	json_decref(w.resources);
	json_decref(w.names);
	return rc;
}
