/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.c - 'wark verify PATH...': prove that WARC files (and, through
 * cmd/verify_archive.c, WACZ files and BagIt bags) are whole and unaltered.
 *
 * One line per problem, warnings folded into one line per kind with a count,
 * and a summary per file. Exit 0 only when everything holds, 1 when anything
 * is wrong, 2 for bad usage or unreadable input.
 */
#include "cmd/cmd.h"
#include "warc/warc.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char verify_help[] =
	"usage: wark verify [-q] [--no-records] PATH...\n"
	"PATH is a WARC file, a WACZ (.wacz) or a BagIt bag (a directory, .zip, .tar.gz,\n"
	".tar.zst). Archives: container safety, every size and hash against datapackage.json\n"
	"or the manifests (nothing missing, nothing extra), Payload-Oxum, pages and index\n"
	"(sorted, offsets landing on the right records), then every WARC inside.\n"
	"Check WARC files (.warc, .warc.gz; a crawl directory: the WARCs in DIR/warc/):\n"
	"record structure, Content-Length, trailers,\n"
	"WARC-Block-Digest and WARC-Payload-Digest of every record. For chunked HTTP\n"
	"responses both payload-digest conventions are accepted (de-chunked body as the\n"
	"WARC 1.1 spec reads it; raw chunked bytes as python warcio and wget write it) and\n"
	"the summary says which one the file uses.\n"
	"  -q, --quiet     print problems only, no summaries or warnings\n"
	"  --no-records    archives: skip the per-record WARC checks\n"
	"Exit: 0 everything holds, 1 a problem was found, 2 bad usage or unreadable input.\n";

#define MAX_WARN_KINDS 32

struct warn_kind {
	char msg[200];
	uint64_t count, first;
};

struct report {
	const char *path;
	bool quiet;
	struct warn_kind kinds[MAX_WARN_KINDS];
	size_t nkinds;
};

static void on_problem(void *ctx, uint64_t off, bool is_warning, const char *msg)
{
	struct report *rep = ctx;
	if (!is_warning) {
		if (off == UINT64_MAX)
			printf("%s\n", msg);
		else
			printf("%s: offset %llu: %s\n", rep->path, (unsigned long long)off, msg);
		return;
	}
	for (size_t i = 0; i < rep->nkinds; i++)
		if (!strcmp(rep->kinds[i].msg, msg)) {
			rep->kinds[i].count++;
			return;
		}
	if (rep->nkinds < MAX_WARN_KINDS) {
		struct warn_kind *k = &rep->kinds[rep->nkinds++];
		snprintf(k->msg, sizeof k->msg, "%s", msg);
		k->count = 1;
		k->first = off;
	}
}

static const char *convention_name(warc_chunk_convention c)
{
	switch (c) {
	case WARC_CHUNKS_SPEC: return "chunked payload digests over the de-chunked body (WARC 1.1 reading)";
	case WARC_CHUNKS_RAW: return "chunked payload digests over the raw chunked bytes (warcio/wget convention)";
	case WARC_CHUNKS_MIXED: return "chunked payload digests in both conventions";
	default: return NULL;
	}
}

static int verify_warc(const char *path, bool quiet)
{
	struct report rep = { .path = path, .quiet = quiet };
	warc_verify_result res;
	warc_error err;
	if (warc_verify_file(path, on_problem, &rep, &res, &err)) {
		cmd_error("verify", "%s", err.msg);
		return EXIT_USAGE;
	}
	if (!quiet) {
		for (size_t i = 0; i < rep.nkinds; i++)
			printf("%s: warning: %s (%llu record%s, first at offset %llu)\n", path, rep.kinds[i].msg,
			       (unsigned long long)rep.kinds[i].count, rep.kinds[i].count == 1 ? "" : "s",
			       (unsigned long long)rep.kinds[i].first);
		const char *conv = convention_name(res.chunks);
		printf("%s: %s: %llu records, %llu digests checked, %llu problem%s, %llu warning%s%s%s\n", path,
		       res.problems ? "FAILED" : "OK", (unsigned long long)res.records,
		       (unsigned long long)res.digests_checked, (unsigned long long)res.problems,
		       res.problems == 1 ? "" : "s", (unsigned long long)res.warnings,
		       res.warnings == 1 ? "" : "s", conv ? "; " : "", conv ? conv : "");
	}
	return res.problems ? EXIT_PROBLEMS : EXIT_OK;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, 0, 'h' },
		{ "quiet", no_argument, 0, 'q' },
		{ 0, 0, 0, 0 },
	};
	/* archives (WACZ, bags) are checked by cmd/verify_archive.c */
	if (cmd_verify_wants_archives(argc, argv))
		return cmd_verify_archives(argc, argv);
	bool quiet = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(verify_help, stdout); return EXIT_OK;
		case 'q': quiet = true; break;
		default: return cmd_usage_error("verify", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cmd_usage_error("verify", "nothing to verify");
	warc_paths files;
	int status = cmd_warc_inputs("verify", argc - optind, argv + optind, &files);
	for (size_t i = 0; status != EXIT_USAGE && i < files.n; i++) {
		int s = verify_warc(files.v[i], quiet);
		if (s == EXIT_USAGE || (s == EXIT_PROBLEMS && status == EXIT_OK))
			status = s;
	}
	warc_paths_free(&files);
	return status;
}
