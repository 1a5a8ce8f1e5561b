/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inputs.c - the WARC files named on a command line (ls, index, verify).
 *
 * A file stands for itself; a directory stands for the WARCs of the crawl
 * it holds (warc_crawl_dir_warcs: DIR/warc/, the same list extract and pack
 * take). Any other directory is bad usage, said once before any work.
 */
#include "cmd/cmd.h"
#include "warc/warc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cmd_warc_inputs(const char *cmd, int argc, char **argv, warc_paths *out)
{
	*out = (warc_paths){ 0 };
	for (int i = 0; i < argc; i++) {
		struct stat st;
		warc_error err;
		int rc;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = warc_crawl_dir_warcs(argv[i], out, &err);
		} else {
			char **v = realloc(out->v, (out->n + 1) * sizeof *v);
			rc = v ? WARC_OK : warc_fail(&err, WARC_ERR_NOMEM, "out of memory");
			if (v)
				out->v = v;
			if (v && !(out->v[out->n] = strdup(argv[i])))
				rc = warc_fail(&err, WARC_ERR_NOMEM, "out of memory");
			if (!rc)
				out->n++;
		}
		if (rc) {
			cmd_error(cmd, "%s", err.msg);
			warc_paths_free(out);
			return cmd_exit_status(rc, true);
		}
	}
	return EXIT_OK;
}
