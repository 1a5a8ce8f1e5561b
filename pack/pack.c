/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack.c - pack_run(): resolve inputs, generate the index and pages, choose
 * the archive's fixed time, and hand over to the WACZ or BagIt writer.
 *
 * The fixed time is the caller's (SOURCE_DATE_EPOCH) or the crawl's end:
 * the newest capture date in the WARCs, which unlike file mtimes survives
 * copying, so repacking the same WARCs anywhere gives the same bytes.
 */
#include "pack/internal.h"

#include <stdio.h>
#include <string.h>

int pack_run(const pack_options *opt, pack_result *res, warc_error *err)
{
	memset(res, 0, sizeof *res);
	err->msg[0] = '\0';
	if (!opt->output || !opt->output[0] || !opt->n_inputs)
		return warc_fail(err, WARC_ERR_USAGE, "need inputs and an output name");
	pk_inputs in;
	int rc = pk_inputs_collect(opt->inputs, opt->n_inputs, &in, err);
	if (rc)
		return rc;
	/* an output that cannot be written is bad usage, found before the work */
	if (warc_atomic_check(opt->output, err)) {
		pk_inputs_free(&in);
		return WARC_ERR_USAGE;
	}
	/* temporary files go beside the output (same file system, cleaned up on exit) */
	char tmpdir[4096];
	snprintf(tmpdir, sizeof tmpdir, "%s", opt->output);
	size_t tl = strlen(tmpdir);
	while (tl > 1 && tmpdir[tl - 1] == '/')
		tmpdir[--tl] = '\0';
	char *slash = strrchr(tmpdir, '/');
	if (!slash)
		snprintf(tmpdir, sizeof tmpdir, ".");
	else if (slash == tmpdir)
		tmpdir[1] = '\0';
	else
		*slash = '\0';
	pk_gen_options go = { .zipnum_threshold = opt->zipnum_threshold, .run_bytes = opt->index_run_bytes,
			      .tmpdir = tmpdir, .stop = opt->stop };
	pk_gen g;
	rc = pk_gen_build(&in, &go, &g, err);
	if (rc) {
		pk_inputs_free(&in);
		return rc;
	}
	int64_t epoch = opt->epoch;
	if (epoch < 0)
		epoch = g.newest;
	if (epoch < 0) {
		for (size_t i = 0; i < in.n_warcs; i++)
			if (in.warcs[i].mtime > epoch)
				epoch = in.warcs[i].mtime;
	}
	if (epoch < 315532800)   /* ZIP cannot date anything before 1980 */
		epoch = 315532800;
	res->warcs = in.n_warcs;
	res->index_lines = g.lines;
	res->pages = g.n_pages;
	res->zipnum = g.zipnum;
	if (opt->format == PACK_BAGIT)
		rc = pk_pack_bagit(opt, &in, &g, epoch, res, err);
	else
		rc = pk_pack_wacz(opt, &in, &g, epoch, res, err);
	pk_gen_free(&g);
	pk_inputs_free(&in);
	return rc;
}
