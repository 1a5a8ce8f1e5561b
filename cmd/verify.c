/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.c - 'wark verify PATH...': prove that WARC files, WACZ files and
 * BagIt bags are whole and unaltered.
 *
 * One parser, one --help. The checks are the modules': warc_verify_file()
 * for a WARC, pack_verify() for an archive (WACZ, bag directory, .tar.gz,
 * .tar.zst, .zip). This file prints one line per problem, warnings folded
 * into one line per kind with a count, and a summary per file, and picks
 * the exit code: 0 only when everything holds, 1 when anything is wrong, 2
 * for bad usage or unreadable input, 130 when interrupted.
 *
 * WARC paths alone are all resolved first (a directory that is no crawl is
 * bad usage before any work). When any path is an archive, the paths are
 * checked one by one in order, SIGINT/SIGTERM stop between them, and the
 * worst status wins.
 */
#include "cmd/cmd.h"
#include "pack/pack.h"
#include "warc/warc.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
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

static volatile sig_atomic_t verify_stop;

static void on_signal(int sig)
{
	(void)sig;
	verify_stop = 1;
}

/* ---- WARC files ---- */

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

/* Problems quote bytes of the input: never raw binary on stdout (\xNN, as cmd_error). */
#define SHOWN_MAX (4 * 1024 + 1)

static void on_warc_problem(void *ctx, uint64_t off, bool is_warning, const char *raw)
{
	struct report *rep = ctx;
	char msg[SHOWN_MAX];
	(void)warc_escape_bytes(msg, sizeof msg, raw, strlen(raw));
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
		snprintf(k->msg, sizeof k->msg, "%.*s", (int)sizeof k->msg - 1, msg);
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
	int rc = warc_verify_file(path, on_warc_problem, &rep, &res, &err);
	if (rc) {
		cmd_error("verify", "%s", err.msg);
		return cmd_exit_status(rc, true);
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

/* The WARCs of paths (files, crawl directories), each verified; the first
 * bad-usage status stops, else problems anywhere make EXIT_PROBLEMS. */
static int verify_warcs(int n, char **paths, bool quiet)
{
	warc_paths files;
	int status = cmd_warc_inputs("verify", n, paths, &files);
	for (size_t i = 0; status != EXIT_USAGE && i < files.n; i++) {
		int s = verify_warc(files.v[i], quiet);
		if (s == EXIT_USAGE || (s == EXIT_PROBLEMS && status == EXIT_OK))
			status = s;
	}
	warc_paths_free(&files);
	return status;
}

/* ---- archives (WACZ, bags) ---- */

#define MAX_ARCHIVE_WARN_KINDS 64

/* Warnings are folded: one line per (entry, kind) with a count, like WARC verify. */
typedef struct archive_warn_kind {
	char where[256], msg[256];
	unsigned long long count;
} archive_warn_kind;

typedef struct printer {
	const char *path;
	bool quiet;
	archive_warn_kind kinds[MAX_ARCHIVE_WARN_KINDS];
	size_t nkinds;
} printer;

static void on_archive_problem(void *ctx, const char *where, bool is_warning, const char *raw)
{
	printer *p = ctx;
	char msg[SHOWN_MAX];
	(void)warc_escape_bytes(msg, sizeof msg, raw, strlen(raw));
	if (!is_warning) {
		printf("%s: %s%s%s\n", p->path, where, where[0] ? ": " : "", msg);
		return;
	}
	if (p->quiet)
		return;   /* --quiet: problems only */
	const char *m = msg;
	if (!strncmp(m, "offset ", 7)) {   /* "offset N: what" -> "what" */
		const char *c = strstr(m, ": ");
		if (c)
			m = c + 2;
	}
	for (size_t i = 0; i < p->nkinds; i++)
		if (!strcmp(p->kinds[i].where, where) && !strcmp(p->kinds[i].msg, m)) {
			p->kinds[i].count++;
			return;
		}
	if (p->nkinds < MAX_ARCHIVE_WARN_KINDS) {
		archive_warn_kind *k = &p->kinds[p->nkinds++];
		snprintf(k->where, sizeof k->where, "%s", where);
		snprintf(k->msg, sizeof k->msg, "%.*s", (int)sizeof k->msg - 1, m);
		k->count = 1;
	}
}

static void print_archive_summary(const char *path, const printer *pr, const pack_verify_result *res)
{
	for (size_t i = 0; i < pr->nkinds; i++) {
		const archive_warn_kind *k = &pr->kinds[i];
		printf("%s: %s%swarning: %s", path, k->where, k->where[0] ? ": " : "", k->msg);
		if (k->count > 1)
			printf(" (%llu times)", k->count);
		printf("\n");
	}
	if (pr->quiet)
		return;
	const char *kind = res->kind == PACK_KIND_WACZ ? "wacz" : "bag";
	printf("%s: %s %s: %llu files, %llu bytes, %llu digests, %llu index lines, %llu pages, %llu records",
	       path, kind, res->problems ? "FAILED" : "OK", (unsigned long long)res->files,
	       (unsigned long long)res->bytes, (unsigned long long)res->hashes_checked,
	       (unsigned long long)res->index_lines, (unsigned long long)res->pages,
	       (unsigned long long)res->warc_records);
	if (res->problems || res->warnings)
		printf(", %llu problems, %llu warnings", (unsigned long long)res->problems,
		       (unsigned long long)res->warnings);
	printf("\n");
	fflush(stdout);
}

int cmd_verify_archive(const char *path, bool records, bool quiet)
{
	pack_verify_options opt = { .skip_records = !records, .tmpdir = NULL, .stop = &verify_stop };
	pack_verify_result res;
	warc_error err = { "" };
	static printer pr;
	memset(&pr, 0, sizeof pr);
	pr.path = path;
	pr.quiet = quiet;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	int rc = pack_verify(path, &opt, on_archive_problem, &pr, &res, &err);
	if (rc) {
		cmd_error("verify", "%s", err.msg);
		return cmd_exit_status(rc, true);
	}
	print_archive_summary(path, &pr, &res);
	if (verify_stop)
		return EXIT_INTERRUPTED;
	return res.problems ? EXIT_PROBLEMS : EXIT_OK;
}

/* ---- the command ---- */

static bool any_archive(int n, char **paths)
{
	for (int i = 0; i < n; i++)
		if (pack_detect(paths[i]) != PACK_KIND_NONE)
			return true;
	return false;
}

/* Archives and WARCs mixed: one path at a time, in order; the worst status wins. */
static int verify_each(int n, char **paths, bool records, bool quiet)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	int worst = EXIT_OK;
	for (int i = 0; i < n && !verify_stop; i++) {
		int rc = pack_detect(paths[i]) != PACK_KIND_NONE ? cmd_verify_archive(paths[i], records, quiet)
								  : verify_warcs(1, paths + i, quiet);
		if (rc == EXIT_INTERRUPTED || (rc > worst && worst != EXIT_INTERRUPTED))
			worst = rc;
	}
	return verify_stop ? EXIT_INTERRUPTED : worst;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, 0, 'h' },
		{ "quiet", no_argument, 0, 'q' },
		{ "no-records", no_argument, 0, 'R' },
		{ 0, 0, 0, 0 },
	};
	bool quiet = false, records = true;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(verify_help, stdout); return EXIT_OK;
		case 'q': quiet = true; break;
		case 'R': records = false; break;
		default: return cmd_usage_error("verify", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cmd_usage_error("verify", "nothing to verify");
	return cmd_verify_paths(argc - optind, argv + optind, records, quiet);
}

int cmd_verify_paths(int n, char **paths, bool records, bool quiet)
{
	if (any_archive(n, paths))
		return verify_each(n, paths, records, quiet);
	return verify_warcs(n, paths, quiet);
}
