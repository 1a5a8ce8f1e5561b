/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify_archive.c - 'wark verify' for archives: WACZ files and BagIt bags
 * (directories, .tar.gz, .tar.zst, .zip). The checks are pack_verify() in
 * pack/; this file parses the options, prints one line per problem
 * ("PATH: ENTRY: message") and a summary line per archive, and picks the
 * exit code (0 all holds, 1 problems, 2 unreadable or not an archive).
 */
#include "cmd/cmd.h"
#include "pack/pack.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t verify_stop;

static void on_signal(int sig)
{
	(void)sig;
	verify_stop = 1;
}

#define MAX_WARN_KINDS 64

/* Warnings are folded: one line per (entry, kind) with a count, like WARC verify. */
typedef struct warn_kind {
	char where[256], msg[256];
	unsigned long long count;
} warn_kind;

typedef struct printer {
	const char *path;
	bool quiet;
	warn_kind kinds[MAX_WARN_KINDS];
	size_t nkinds;
} printer;

static void on_problem(void *ctx, const char *where, bool is_warning, const char *msg)
{
	printer *p = ctx;
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
	if (p->nkinds < MAX_WARN_KINDS) {
		warn_kind *k = &p->kinds[p->nkinds++];
		snprintf(k->where, sizeof k->where, "%s", where);
		snprintf(k->msg, sizeof k->msg, "%s", m);
		k->count = 1;
	}
}

bool cmd_verify_wants_archives(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			continue;
		if (argv[i][0] != '-' && pack_detect(argv[i]) != PACK_KIND_NONE)
			return true;
	}
	return false;
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
	int rc = pack_verify(path, &opt, on_problem, &pr, &res, &err);
	if (rc) {
		cmd_error("verify", "%s", err.msg);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < pr.nkinds; i++) {
		warn_kind *k = &pr.kinds[i];
		printf("%s: %s%swarning: %s", path, k->where, k->where[0] ? ": " : "", k->msg);
		if (k->count > 1)
			printf(" (%llu times)", k->count);
		printf("\n");
	}
	const char *kind = res.kind == PACK_KIND_WACZ ? "wacz" : "bag";
	if (quiet)
		return verify_stop ? EXIT_INTERRUPTED : res.problems ? EXIT_PROBLEMS : EXIT_OK;
	printf("%s: %s %s: %llu files, %llu bytes, %llu digests, %llu index lines, %llu pages, %llu records",
	       path, kind, res.problems ? "FAILED" : "OK", (unsigned long long)res.files,
	       (unsigned long long)res.bytes, (unsigned long long)res.hashes_checked,
	       (unsigned long long)res.index_lines, (unsigned long long)res.pages,
	       (unsigned long long)res.warc_records);
	if (res.problems || res.warnings)
		printf(", %llu problems, %llu warnings", (unsigned long long)res.problems,
		       (unsigned long long)res.warnings);
	printf("\n");
	fflush(stdout);
	if (verify_stop)
		return EXIT_INTERRUPTED;
	return res.problems ? EXIT_PROBLEMS : EXIT_OK;
}

static void help(void)
{
	printf("usage: wark verify [--no-records] [--quiet] PATH...\n\n"
	       "For a WACZ or a BagIt bag (directory, .tar.gz, .tar.zst, .zip): the container\n"
	       "(safe names, no links, ZIP methods), every size and digest against\n"
	       "datapackage.json or the manifests (nothing missing, nothing extra), the\n"
	       "datapackage digest, Payload-Oxum, pages.jsonl against the index, the index\n"
	       "order and offsets, then every WARC record's digests. One line per problem,\n"
	       "one summary line per archive.\n\n"
	       "  --no-records   skip the per-record WARC checks\n"
	       "  -q, --quiet    problems only: no warnings, no summary\n\n"
	       "Exit: 0 everything holds, 1 problems found, 2 bad usage or unreadable input.\n");
}

int cmd_verify_archives(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "no-records", no_argument, NULL, 'R' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool records = true, quiet = false;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'R':
			records = false;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			help();
			return EXIT_OK;
		default:
			return cmd_usage_error("verify", "unknown option '%s'", argv[optind - 1]);
		}
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	int worst = EXIT_OK;
	int first = optind;
	for (int i = first; i < argc && !verify_stop; i++) {
		int rc;
		if (pack_detect(argv[i]) != PACK_KIND_NONE) {
			rc = cmd_verify_archive(argv[i], records, quiet);
		} else {
			char *sub[] = { (char *)"verify", quiet ? (char *)"-q" : argv[i], argv[i], NULL };
			optind = 0;   /* cmd_verify parses its own options again */
			rc = cmd_verify(quiet ? 3 : 2, quiet ? sub : (char *[]){ sub[0], argv[i], NULL });
		}
		if (rc == EXIT_INTERRUPTED || (rc > worst && worst != EXIT_INTERRUPTED))
			worst = rc;
	}
	return verify_stop ? EXIT_INTERRUPTED : worst;
}
