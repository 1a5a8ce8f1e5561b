/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index.c - 'wark index FILE... [--format cdxj|cdx] [-o FILE]'.
 *
 * Collects the lines of every file (warc_index_file + warc_cdxj_line or
 * warc_cdx_line) in a bounded external sort (warc_sort: runs beside -o
 * FILE or in $TMPDIR), bytewise (what LC_ALL=C sort does, and what pywb's
 * binary search needs), and writes them at the end. Every input is
 * checked for readability first, so a missing file gives one error line,
 * exit 2 and no partial index. Damage inside a file is reported (exit 1)
 * but the records that could be read are still indexed. -o FILE is written
 * through warc_atomic (FILE.part-XXXXXX, fsync, rename), created before the
 * work starts: an output that cannot be made is exit 2 at once, and a failed
 * write (a full disk) is exit 1 with FILE untouched.
 */
#include "cmd/cmd.h"
#include "warc/warc.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char index_help[] =
	"usage: wark index [--format cdxj|cdx] [-o FILE] WARC|CRAWL-DIR...\n"
	"Write a sorted index of the replayable records (response, revisit, resource,\n"
	"metadata; not application/warc-fields) of WARC files (for a crawl directory,\n"
	"the WARCs in DIR/warc/).\n"
	"  -f, --format cdxj   (default) 'SURT TIMESTAMP {\"url\": ..., \"mime\": ..., \"status\": ...,\n"
	"                      \"digest\": ..., \"length\": ..., \"offset\": ..., \"filename\": ...}'\n"
	"  -f, --format cdx    classic 11-field CDX ' CDX N b a m s k r M S V g'\n"
	"  -o, --output FILE   write to FILE instead of stdout\n"
	"Lines are sorted bytewise (LC_ALL=C). filename is the WARC's base name.\n"
	"Exit: 0 ok, 1 damage found in an input (readable records are still indexed),\n"
	"2 bad usage or an input that cannot be opened.\n";

struct lines {
	warc_sort *sort;
	bool cdx;
	warc_buf line;
	warc_error err;   /* a failure of the sort (memory, temporary files) */
};

static int add_entry(void *ctx, const warc_index_entry *e)
{
	struct lines *l = ctx;
	warc_buf_reset(&l->line);
	int rc = l->cdx ? warc_cdx_line(e, &l->line) : warc_cdxj_line(e, &l->line);
	if (rc)
		return rc;
	size_t len = l->line.len;
	if (len && l->line.data[len - 1] == '\n')
		len--;
	return warc_sort_add(l->sort, l->line.data, len, &l->err);
}

static int put_line(void *ctx, const char *line, size_t len)
{
	FILE *out = ctx;
	return fwrite(line, 1, len, out) == len && putc('\n', out) != EOF ? WARC_OK : WARC_ERR_IO;
}

/* Runs of the sort go beside -o FILE (the space it will take), else to $TMPDIR. */
static char *sort_dir(const char *output)
{
	const char *slash = output ? strrchr(output, '/') : NULL;
	if (!output)
		return NULL;
	return slash ? strndup(output, slash == output ? 1 : (size_t)(slash - output)) : strdup(".");
}

int cmd_index(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, 0, 'h' },
		{ "format", required_argument, 0, 'f' },
		{ "output", required_argument, 0, 'o' },
		{ 0, 0, 0, 0 },
	};
	const char *format = "cdxj", *output = NULL;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hf:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(index_help, stdout); return EXIT_OK;
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case ':': return cmd_usage_error("index", "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_usage_error("index", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (strcmp(format, "cdxj") != 0 && strcmp(format, "cdx") != 0)
		return cmd_usage_error("index", "unknown format '%s' (cdxj or cdx)", format);
	if (optind >= argc)
		return cmd_usage_error("index", "no WARC file given");
	warc_paths files;
	int in_status = cmd_warc_inputs("index", argc - optind, argv + optind, &files);
	if (in_status != EXIT_OK)
		return in_status;
	for (size_t i = 0; i < files.n; i++) {
		FILE *f = fopen(files.v[i], "rb");
		if (!f) {
			cmd_error("index", "%s: %s", files.v[i], strerror(errno));
			warc_paths_free(&files);
			return EXIT_USAGE;
		}
		fclose(f);
	}

	warc_atomic tmp;
	warc_error err;
	int orc = output ? warc_atomic_open(&tmp, output, false, &err) : WARC_OK;
	if (orc) {
		cmd_error("index", "%s", err.msg);
		warc_paths_free(&files);
		return cmd_exit_status(orc, true);
	}
	FILE *out = output ? warc_atomic_stream(&tmp) : stdout;
	if (!out) {
		cmd_error("index", "%s: out of memory", output);
		warc_atomic_abort(&tmp);
		warc_paths_free(&files);
		return EXIT_PROBLEMS;
	}
	struct lines l = { .cdx = !strcmp(format, "cdx") };
	warc_buf_init(&l.line, WARC_LIMIT_INDEX_LINE);
	char *tmpdir = sort_dir(output);
	if (warc_sort_new(&l.sort, tmpdir, 0, &err)) {
		cmd_error("index", "out of memory");
		if (output)
			warc_atomic_abort(&tmp);
		free(tmpdir);
		warc_paths_free(&files);
		return EXIT_PROBLEMS;
	}
	int status = EXIT_OK;
	bool whole = true;   /* every input read to its end (not cut by lack of memory) */
	for (size_t i = 0; i < files.n && status != EXIT_USAGE; i++) {
		const char *path = files.v[i];
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		l.err.msg[0] = '\0';
		int rc = warc_index_file(path, base, add_entry, &l, &err);
		if (l.err.msg[0]) {   /* the sort failed: no index can be written */
			cmd_error("index", "%s", l.err.msg);
			status = EXIT_PROBLEMS;
			whole = false;
			break;
		} else if (rc == WARC_ERR_NOMEM) {
			cmd_error("index", "%s: out of memory", path);
			status = EXIT_PROBLEMS;
			whole = false;
			break;
		} else if (rc) {
			cmd_error("index", "%s", err.msg);
			status = cmd_exit_status(rc, true);
		}
	}
	if (status != EXIT_USAGE && whole) {
		if (l.cdx)
			fputs(WARC_CDX_HEADER, out);
		l.err.msg[0] = '\0';
		int rc = warc_sort_each(l.sort, put_line, out, &l.err);
		if (rc && l.err.msg[0]) {   /* the sort's own failure; a write error is seen below */
			cmd_error("index", "%s", l.err.msg);
			status = EXIT_PROBLEMS;
			if (output)
				warc_atomic_abort(&tmp);
		} else if (output && warc_atomic_commit(&tmp, &err)) {
			cmd_error("index", "writing %s; it was left as it was", err.msg);
			status = EXIT_PROBLEMS;
		} else if (!output && (fflush(out) != 0 || ferror(out))) {
			cmd_error("index", "writing stdout: %s", strerror(errno));
			status = EXIT_PROBLEMS;
		}
	} else if (output) {
		warc_atomic_abort(&tmp);
	}
	warc_sort_free(l.sort);
	free(tmpdir);
	warc_buf_free(&l.line);
	warc_paths_free(&files);
	return status;
}
