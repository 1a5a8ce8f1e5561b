/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ls.c - 'wark ls FILE...': one tab-separated line per record.
 *
 * Columns: offset, type, date, target URI, content type, stored length.
 * Tab-separated so the output cuts and sorts cleanly; '-' marks an absent
 * value. Tolerated defects go to stderr as warnings; damage is reported and
 * listing goes on at the next record.
 */
#include "cmd/cmd.h"
#include "warc/warc.h"

#include <getopt.h>
#include <string.h>

static const char ls_help[] =
	"usage: wark ls [--warnings] FILE|CRAWL-DIR...\n"
	"List the records of WARC files (.warc or .warc.gz; for a crawl directory\n"
	"the WARCs in DIR/warc/), one per line:\n"
	"  OFFSET  TYPE  DATE  TARGET-URI  CONTENT-TYPE  LENGTH   (tab-separated, '-' = absent)\n"
	"LENGTH is the stored size (the gzip member for .warc.gz).\n"
	"  -w, --warnings   also print tolerated defects on stderr\n"
	"Exit: 0 all records listed, 1 damage found, 2 bad usage or unreadable file.\n";

static void warn_cb(void *ctx, uint64_t off, const char *msg)
{
	fprintf(stderr, "wark ls: %s: offset %llu: warning: %s\n", (const char *)ctx, (unsigned long long)off, msg);
}

static int ls_file(const char *path, bool warnings)
{
	warc_reader *r;
	warc_error err;
	if (warc_reader_open(&r, path, &err)) {
		cmd_error("ls", "%s", err.msg);
		return EXIT_USAGE;
	}
	if (warnings)
		warc_reader_set_warn(r, warn_cb, (void *)path);
	int status = EXIT_OK;
	for (;;) {
		warc_record *rec;
		int rc = warc_reader_next(r, &rec, &err);
		if (rc == WARC_EOF)
			break;
		if (rc) {
			cmd_error("ls", "%s", err.msg);
			status = EXIT_PROBLEMS;
			if (rc == WARC_ERR_IO)
				break;
			continue;
		}
		if (warc_record_finish(rec, &err)) {
			cmd_error("ls", "%s", err.msg);
			status = EXIT_PROBLEMS;
		}
		const char *t = warc_record_target_uri(rec);
		const char *ct = warc_record_content_type(rec);
		printf("%llu\t%s\t%s\t%s\t%s\t%llu\n", (unsigned long long)warc_record_offset(rec),
		       *warc_record_type(rec) ? warc_record_type(rec) : "-",
		       *warc_record_date(rec) ? warc_record_date(rec) : "-", t ? t : "-", ct ? ct : "-",
		       (unsigned long long)warc_record_length(rec));
	}
	warc_reader_close(r);
	return status;
}

int cmd_ls(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, 0, 'h' },
		{ "warnings", no_argument, 0, 'w' },
		{ 0, 0, 0, 0 },
	};
	bool warnings = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hw", opts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(ls_help, stdout); return EXIT_OK;
		case 'w': warnings = true; break;
		default: return cmd_usage_error("ls", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cmd_usage_error("ls", "no WARC file given");
	warc_paths files;
	int status = cmd_warc_inputs("ls", argc - optind, argv + optind, &files);
	for (size_t i = 0; status != EXIT_USAGE && i < files.n; i++) {
		int s = ls_file(files.v[i], warnings);
		if (s > status)
			status = s;
	}
	warc_paths_free(&files);
	return status;
}
