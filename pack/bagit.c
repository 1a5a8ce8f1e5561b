/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bagit.c - write a BagIt 1.0 bag (RFC 8493): a directory, or serialised as
 * NAME.tar.gz, NAME.tar.zst or NAME.zip with one top-level directory NAME/.
 *
 * Payload under data/: warc/, indexes/, pages/ and text/ (the bundle).
 * Tag files: bagit.txt and bag-info.txt first (Payload-Oxum is known from
 * the file sizes before anything is read), then the payload, then
 * manifest-sha256.txt and manifest-sha512.txt (digests gathered while the
 * payload streamed), then the tag manifests. Names with '%', CR or LF are
 * refused: RFC 8493 would percent-encode them and common validators decode
 * them differently, so no name is written that two readers could disagree on.
 */
#include "pack/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct payload {
	char path[1024];         /* "data/warc/x.warc.gz" */
	const pk_file *file;     /* or NULL for generated content */
	pk_blob *blob;
	bool store;
	pk_digests d;
} payload;

static int cmp_payload(const void *a, const void *b)
{
	return strcmp(((const payload *)a)->path, ((const payload *)b)->path);
}

static int check_name(const char *name, warc_error *err)
{
	if (strpbrk(name, "%\r\n"))
		return warc_fail(err, WARC_ERR_USAGE,
				 "'%s': file names with '%%', CR or LF cannot be put in a bag (rename the file)", name);
	return WARC_OK;
}

static void human_size(uint64_t n, char out[32])
{
	static const char *const units[] = { "bytes", "KB", "MB", "GB", "TB", "PB" };
	double v = (double)n;
	int u = 0;
	while (v >= 1000 && u < 5) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(out, 32, "%llu bytes", (unsigned long long)n);
	else
		snprintf(out, 32, "%.1f %s", v, units[u]);
}

static int add_payload(payload **arr, size_t *n, const char *dir, const char *name, const pk_file *f,
		       pk_blob *blob, bool store, warc_error *err)
{
	int rc = check_name(name, err);
	if (rc)
		return rc;
	payload *p = realloc(*arr, (*n + 1) * sizeof *p);
	if (!p)
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	*arr = p;
	p += *n;
	memset(p, 0, sizeof *p);
	int len = snprintf(p->path, sizeof p->path, "data/%s/%s", dir, name);
	if (len < 0 || (size_t)len >= sizeof p->path)
		return warc_fail(err, WARC_ERR_USAGE, "%s: name too long", name);
	p->file = f;
	p->blob = blob;
	p->store = store;
	(*n)++;
	return WARC_OK;
}

/* Label=value from the command line, checked for what bag-info.txt can hold. */
static int bag_info_field(const char *kv, warc_buf *out, warc_error *err)
{
	const char *eq = strchr(kv, '=');
	if (!eq || eq == kv)
		return warc_fail(err, WARC_ERR_USAGE, "--bag-info '%s': expected LABEL=VALUE", kv);
	size_t ll = (size_t)(eq - kv);
	for (size_t i = 0; i < ll; i++)
		if (kv[i] == ':' || kv[i] == ' ' || kv[i] == '\t' || (unsigned char)kv[i] < 32)
			return warc_fail(err, WARC_ERR_USAGE, "--bag-info '%s': bad character in the label", kv);
	if (strpbrk(eq + 1, "\r\n"))
		return warc_fail(err, WARC_ERR_USAGE, "--bag-info '%s': the value may not contain line breaks", kv);
	if (ll == strlen("Payload-Oxum") && !strncasecmp(kv, "Payload-Oxum", ll))
		return warc_fail(err, WARC_ERR_USAGE, "--bag-info: Payload-Oxum is computed, not given");
	return warc_buf_printf(out, "%.*s: %s\n", (int)ll, kv, eq + 1);
}

static bool overridden(const pack_options *opt, const char *label)
{
	size_t l = strlen(label);
	for (size_t i = 0; i < opt->n_bag_info; i++)
		if (!strncasecmp(opt->bag_info[i], label, l) && opt->bag_info[i][l] == '=')
			return true;
	return false;
}

static int tag_mem(pk_sink *s, const char *name, const warc_buf *b, pk_digests *d, warc_error *err)
{
	return pk_sink_add_mem(s, name, b->data ? b->data : "", b->len, false, true, d, err);
}

/* Where the bag goes: the sink kind from opt->output's name, the final
 * path (a directory's trailing '/' removed; it must not exist yet) and the
 * prefix of every entry ("NAME/" inside a serialisation, "" for a directory). */
static int bag_target(const pack_options *opt, pk_sink_kind *kind, char final[4096], char prefix[4100],
		      warc_error *err)
{
	char bagname[4096];
	size_t olen = strlen(opt->output);
	snprintf(final, 4096, "%s", opt->output);
	const char *ext = NULL;
	const pk_format *fmt = pk_format_of(final);
	if (fmt && fmt->sink >= 0) {
		*kind = (pk_sink_kind)fmt->sink;
		ext = fmt->ext;
	} else if (olen && final[olen - 1] == '/') {
		*kind = PK_SINK_DIR;
		while (olen > 1 && final[olen - 1] == '/')
			final[--olen] = '\0';
		struct stat st;
		if (!lstat(final, &st))
			return warc_fail(err, WARC_ERR_USAGE, "%s: already exists (a bag directory must be new)", final);
	} else {
		return warc_fail(err, WARC_ERR_USAGE,
				 "%s: a bag goes to NAME.tar.gz, NAME.tar.zst, NAME.zip or a directory NAME/",
				 opt->output);
	}
	const char *b = strrchr(final, '/');
	b = b ? b + 1 : final;
	snprintf(bagname, sizeof bagname, "%s", b);
	if (ext)
		bagname[strlen(bagname) - strlen(ext)] = '\0';
	if (!bagname[0] || strpbrk(bagname, "%\r\n"))
		return warc_fail(err, WARC_ERR_USAGE, "%s: unusable bag name", opt->output);
	prefix[0] = '\0';
	if (*kind != PK_SINK_DIR)
		snprintf(prefix, 4100, "%s/", bagname);
	return WARC_OK;
}

/* The payload (WARCs, index, pages, text bundle), sorted by path. */
static int collect_payload(const pk_inputs *in, pk_gen *g, payload **pl, size_t *np, warc_error *err)
{
	int rc = WARC_OK;
	for (size_t i = 0; !rc && i < in->n_warcs; i++)
		rc = add_payload(pl, np, "warc", in->warcs[i].name, &in->warcs[i], NULL, true, err);
	if (!rc && g->zipnum) {
		rc = add_payload(pl, np, "indexes", "index.cdx.gz", NULL, &g->cdxgz, true, err);
		if (!rc)
			rc = add_payload(pl, np, "indexes", "index.idx", NULL, &g->idx, false, err);
	} else if (!rc) {
		rc = add_payload(pl, np, "indexes", "index.cdxj", NULL, &g->cdxj, false, err);
	}
	if (!rc)
		rc = add_payload(pl, np, "pages", "pages.jsonl", NULL, &g->pages, false, err);
	for (size_t i = 0; !rc && i < in->n_text; i++)
		rc = add_payload(pl, np, "text", in->text[i].name, &in->text[i], NULL, true, err);
	if (!rc && *np)
		qsort(*pl, *np, sizeof **pl, cmp_payload);
	return rc;
}

/* bag-info.txt: our fields (unless --bag-info gives them), Payload-Oxum,
 * then the --bag-info fields in order. */
static int bag_info_text(const pack_options *opt, int64_t epoch, const payload *pl, size_t np, warc_buf *info,
			 warc_error *err)
{
	uint64_t octets = 0;
	for (size_t i = 0; i < np; i++)
		octets += pl[i].file ? pl[i].file->size : pl[i].blob->len;
	char date[32], size[32];
	pk_rfc3339(epoch, date);
	date[10] = '\0';
	human_size(octets, size);
	int rc = WARC_OK;
	if (!overridden(opt, "Bagging-Date"))
		rc = warc_buf_printf(info, "Bagging-Date: %s\n", date);
	if (!rc && !overridden(opt, "Bag-Software-Agent"))
		rc = warc_buf_printf(info, "Bag-Software-Agent: %s\n", opt->software ? opt->software : "wark");
	if (!rc && !overridden(opt, "Bag-Size"))
		rc = warc_buf_printf(info, "Bag-Size: %s\n", size);
	if (!rc)
		rc = warc_buf_printf(info, "Payload-Oxum: %llu.%llu\n", (unsigned long long)octets,
				     (unsigned long long)np);
	for (size_t i = 0; !rc && i < opt->n_bag_info; i++)
		rc = bag_info_field(opt->bag_info[i], info, err);
	return rc;
}

/* Copy the payload into s, digests gathered on the way into the payload
 * manifests m256 and m512. */
static int write_payload(pk_sink *s, const pack_options *opt, payload *pl, size_t np, warc_buf *m256,
			 warc_buf *m512, pack_result *res, warc_error *err)
{
	int rc = WARC_OK;
	for (size_t i = 0; !rc && i < np; i++) {
		payload *p = &pl[i];
		if (p->file) {
			rc = pk_sink_add_file(s, p->path, p->file->src, p->file->size, p->store, true, &p->d,
					      opt->stop, err);
			res->bytes += p->d.bytes;
		} else {
			rc = pk_sink_add_blob(s, p->path, p->blob, p->store, true, &p->d, opt->stop, err);
		}
		if (!rc)
			rc = warc_buf_printf(m256, "%s  %s\n", p->d.sha256, p->path);
		if (!rc)
			rc = warc_buf_printf(m512, "%s  %s\n", p->d.sha512, p->path);
	}
	return rc;
}

/* The whole bag into s: bagit.txt, bag-info.txt, the payload, the payload
 * manifests, then the tag manifests (every other tag file, sorted by name). */
static int write_bag(pk_sink *s, const pack_options *opt, payload *pl, size_t np, const warc_buf *bagit,
		     const warc_buf *info, pack_result *res, warc_error *err)
{
	warc_buf m256, m512, t256, t512;
	warc_buf_init(&m256, PACK_LIMIT_GENERATED);
	warc_buf_init(&m512, PACK_LIMIT_GENERATED);
	warc_buf_init(&t256, PACK_LIMIT_TAG_FILE);
	warc_buf_init(&t512, PACK_LIMIT_TAG_FILE);
	pk_digests dbagit, dinfo, dm256, dm512;
	int rc = tag_mem(s, "bagit.txt", bagit, &dbagit, err);
	if (!rc)
		rc = tag_mem(s, "bag-info.txt", info, &dinfo, err);
	if (!rc)
		rc = write_payload(s, opt, pl, np, &m256, &m512, res, err);
	if (!rc)
		rc = tag_mem(s, "manifest-sha256.txt", &m256, &dm256, err);
	if (!rc)
		rc = tag_mem(s, "manifest-sha512.txt", &m512, &dm512, err);
	const struct {
		const char *name;
		pk_digests *d;
	} tags[] = { { "bag-info.txt", &dinfo }, { "bagit.txt", &dbagit },
		     { "manifest-sha256.txt", &dm256 }, { "manifest-sha512.txt", &dm512 } };
	for (size_t i = 0; !rc && i < 4; i++) {
		rc = warc_buf_printf(&t256, "%s  %s\n", tags[i].d->sha256, tags[i].name);
		if (!rc)
			rc = warc_buf_printf(&t512, "%s  %s\n", tags[i].d->sha512, tags[i].name);
	}
	if (!rc)
		rc = tag_mem(s, "tagmanifest-sha256.txt", &t256, NULL, err);
	if (!rc)
		rc = tag_mem(s, "tagmanifest-sha512.txt", &t512, NULL, err);
	warc_buf_free(&m256);
	warc_buf_free(&m512);
	warc_buf_free(&t256);
	warc_buf_free(&t512);
	return rc;
}

int pk_pack_bagit(const pack_options *opt, const pk_inputs *in, pk_gen *g, int64_t epoch, pack_result *res,
		  warc_error *err)
{
	pk_sink_kind kind = PK_SINK_DIR;
	char final[4096], prefix[4100];
	int rc = bag_target(opt, &kind, final, prefix, err);
	if (rc)
		return rc;
	payload *pl = NULL;
	size_t np = 0;
	rc = collect_payload(in, g, &pl, &np, err);
	if (rc) {
		free(pl);
		return rc;
	}
	warc_buf bagit, info;
	warc_buf_init(&bagit, PACK_LIMIT_TAG_FILE);
	warc_buf_init(&info, PACK_LIMIT_TAG_FILE);
	rc = warc_buf_addstr(&bagit, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	if (!rc)
		rc = bag_info_text(opt, epoch, pl, np, &info, err);
	if (rc) {
		if (!err->msg[0])
			warc_fail(err, rc, "bag-info.txt too large");
	} else {
		pk_sink *s = NULL;
		rc = pk_sink_open(&s, kind, final, prefix, epoch, err);
		if (!rc)
			rc = write_bag(s, opt, pl, np, &bagit, &info, res, err);
		if (!rc) {
			res->files = np + 6;
			rc = pk_sink_commit(s, err);
		} else if (s) {
			pk_sink_abort(s);
		}
	}
	warc_buf_free(&bagit);
	warc_buf_free(&info);
	free(pl);
	return rc;
}
