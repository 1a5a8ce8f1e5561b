/* SPDX-License-Identifier: Apache-2.0 */
/*
 * archive.c - 'wark archive URL... -o NAME': crawl, extract, pack and verify
 * in one command, then a short report.
 *
 * The pipeline is the four stages a user could run by hand, run in order on
 * one working directory NAME/ (crawl output, NAME/extract/ text bundle) and
 * one package NAME.wacz (plus NAME.bag.tar.gz with --bagit). Each stage
 * calls its module's entry point through the command's own runner
 * (cmd_crawl_run, cmd_extract_run, cmd_pack_run, cmd_verify_paths), so the
 * messages and exit codes are those of the commands, and the report is
 * printed from their results (crawl_result's crawl.log totals, the bundle's
 * counts): nothing is read back from a log or an output file. Every option
 * archive does not know itself is a 'wark crawl' option, parsed by the crawl
 * command's parser. Because the crawl state lives in NAME/, '--resume -o
 * NAME' finishes an interrupted run and a later 'wark pack NAME' can
 * rebuild the package.
 *
 * On failure nothing that looks like a valid archive is left under NAME.wacz:
 * packing only starts after a crawl that captured its seeds, and the packer
 * writes to a temporary name that it renames only when complete.
 */
#include "cmd/cmd.h"
#include "crawl/crawl.h"
#include "extract/extract.h"
#include "pack/pack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char archive_help[] =
	"usage: wark archive [OPTIONS] URL... -o NAME\n"
	"       wark archive --resume -o NAME\n"
	"Archive a site in one go: crawl it into NAME/ (WARCs, crawl.log, index.cdxj, state.db),\n"
	"extract the text bundle into NAME/extract/, pack NAME.wacz, verify it, and report.\n"
	"Defaults capture \"this article or this section, with its images and styles\":\n"
	"--scope prefix (URLs under each seed's directory) and page requisites from any host.\n"
	"\n"
	"  -o, --output NAME  working directory NAME/ and package NAME.wacz (required)\n"
	"  --bagit            also write a BagIt bag, NAME.bag.tar.gz\n"
	"  --resume           finish an interrupted run in NAME/ (crawl options are remembered)\n"
	"  -q, --quiet        only the final report and errors\n"
	"  -h, --help         this text\n"
	"Every other option is a 'wark crawl' option (see 'wark crawl --help'), e.g.\n"
	"--scope, --depth, --max-pages, --delay, --resolve, --robots.\n"
	"Exit: 0 archived and verified, 1 the crawl captured nothing usable or a stage\n"
	"failed, 2 bad usage, 130 interrupted (resume with --resume).\n";

struct argv_builder {
	char **v;
	int n, cap;
};

static int av_push(struct argv_builder *a, const char *s)
{
	if (a->n + 2 > a->cap) {
		int cap = a->cap ? a->cap * 2 : 32;
		char **v = realloc(a->v, (size_t)cap * sizeof *v);
		if (!v)
			return -1;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = (char *)s;
	a->v[a->n] = NULL;
	return 0;
}

/* Not an exit code: go on. */
#define GO_ON (-1)

/* archive's own options, the crawl options it passes on, and the names it derives. */
struct job {
	const char *name;
	bool bagit, resume, quiet;
	struct argv_builder crawl;     /* "crawl" and the crawl options, archive's defaults first */
	char *wacz, *bag, *extract_dir;
	crawl_result crawled;
	extract_bundle_stats extracted;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

static int out_of_memory(void)
{
	cmd_error("archive", "out of memory");
	return EXIT_PROBLEMS;
}

/* argv into j: GO_ON, or an exit code (help printed, bad usage). */
static int parse_args(struct job *j, int argc, char **argv)
{
	/* archive's defaults first: later options given by the user win */
	if (av_push(&j->crawl, "crawl") || av_push(&j->crawl, "--scope") || av_push(&j->crawl, "prefix"))
		return out_of_memory();
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(archive_help, stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (i + 1 >= argc)
				return cmd_usage_error("archive", "option '%s' needs a value", a);
			j->name = argv[++i];
		} else if (!strncmp(a, "--output=", 9)) {
			j->name = a + 9;
		} else if (!strcmp(a, "--bagit")) {
			j->bagit = true;
		} else if (!strcmp(a, "--resume")) {
			j->resume = true;
		} else {
			if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
				j->quiet = true;
			if (av_push(&j->crawl, a))
				return out_of_memory();
		}
	}
	if (!j->name || !*j->name)
		return cmd_usage_error("archive", "-o NAME is required");
	size_t nl = strlen(j->name);
	while (nl > 1 && j->name[nl - 1] == '/')
		nl--;
	if (asprintf(&j->wacz, "%.*s.wacz", (int)nl, j->name) < 0 ||
	    asprintf(&j->bag, "%.*s.bag.tar.gz", (int)nl, j->name) < 0 ||
	    asprintf(&j->extract_dir, "%.*s/extract", (int)nl, j->name) < 0)
		return out_of_memory();
	if ((j->resume && av_push(&j->crawl, "--resume")) || av_push(&j->crawl, "-o") || av_push(&j->crawl, j->name))
		return out_of_memory();
	return GO_ON;
}

/* 1. crawl: GO_ON, or the exit code of a crawl that captured nothing usable. */
static int stage_crawl(struct job *j)
{
	if (!j->quiet)
		fprintf(stderr, "wark archive: [1/4] crawl -> %s/\n", j->name);
	fflush(stdout);
	int rc = cmd_crawl_run(j->crawl.n, j->crawl.v, &j->crawled);
	fflush(stdout);
	if (rc == EXIT_INTERRUPTED)
		fprintf(stderr, "wark archive: interrupted; finish with: wark archive --resume -o %s\n", j->name);
	if (rc == EXIT_USAGE || rc == EXIT_INTERRUPTED)
		return rc;
	if (rc != EXIT_OK) {
		const char *reason = j->crawled.log.first_failure;
		cmd_error("archive", "nothing archived: the crawl captured no usable seed%s%s", reason ? ": " : "",
			  reason ? reason : "");
		return EXIT_PROBLEMS;
	}
	return GO_ON;
}

/* 2. the text bundle in NAME/extract/. */
static int stage_extract(struct job *j)
{
	if (!j->quiet)
		fprintf(stderr, "wark archive: [2/4] extract -> %s/\n", j->extract_dir);
	extract_bundle_options bo = { .outdir = j->extract_dir, .stream = stdout, .format = EXTRACT_BUNDLE_JSONL };
	const char *inputs[] = { j->name };
	fflush(stdout);
	int rc = cmd_extract_run(&bo, inputs, 1, NULL, &j->extracted);
	fflush(stdout);
	if (rc != EXIT_OK) {
		cmd_error("archive", "text extraction failed (exit %d); WARCs are kept in %s/", rc, j->name);
		return EXIT_PROBLEMS;
	}
	return GO_ON;
}

/* One package of NAME/ at output. */
static int pack_one(struct job *j, pack_format format, const char *output)
{
	pack_options opt;
	cmd_pack_options_init(&opt);
	const char *inputs[] = { j->name };
	opt.format = format;
	opt.output = output;
	opt.inputs = inputs;
	opt.n_inputs = 1;
	fflush(stdout);
	int rc = cmd_pack_run(&opt);
	fflush(stdout);
	return rc;
}

/* 3. NAME.wacz (and the bag), 4. verified. */
static int stage_pack_and_verify(struct job *j)
{
	if (!j->quiet)
		fprintf(stderr, "wark archive: [3/4] pack -> %s%s%s\n", j->wacz, j->bagit ? " and " : "",
			j->bagit ? j->bag : "");
	int rc = pack_one(j, PACK_WACZ, j->wacz);
	if (rc == EXIT_OK && j->bagit)
		rc = pack_one(j, PACK_BAGIT, j->bag);
	if (rc != EXIT_OK) {
		cmd_error("archive", "packing failed (exit %d); the crawl is kept in %s/", rc, j->name);
		return EXIT_PROBLEMS;
	}
	if (!j->quiet)
		fprintf(stderr, "wark archive: [4/4] verify\n");
	char *paths[] = { j->wacz, j->bag };
	fflush(stdout);
	rc = cmd_verify_paths(j->bagit ? 2 : 1, paths, true, true);
	fflush(stdout);
	if (rc != EXIT_OK) {
		cmd_error("archive", "verification of %s failed", j->wacz);
		return EXIT_PROBLEMS;
	}
	return GO_ON;
}

static void report(const struct job *j, double t0)
{
	const crawl_log_summary *ls = &j->crawled.log;
	char sz[32];
	cmd_fmt_bytes(file_size(j->wacz), sz, sizeof sz);
	printf("archived %s in %.1f s\n", j->name, now_s() - t0);
	printf("  captures:  %llu (%llu identical payloads as revisits), %llu redirects, %llu blocked by robots/traps\n",
	       (unsigned long long)(ls->captured + ls->revisits), (unsigned long long)ls->revisits,
	       (unsigned long long)ls->redirects, (unsigned long long)ls->blocked);
	printf("  pages:     %zu with text in %s/ (%zu other records listed as skipped)\n", j->extracted.extracted,
	       j->extract_dir, j->extracted.skipped);
	printf("  failures:  %llu%s\n", (unsigned long long)ls->failed, ls->failed ? " (from crawl.log):" : "");
	for (size_t i = 0; i < ls->nfailures; i++)
		printf("    %s\n", ls->failures[i]);
	printf("  package:   %s (%s, verified)\n", j->wacz, sz);
	if (j->bagit) {
		cmd_fmt_bytes(file_size(j->bag), sz, sizeof sz);
		printf("  bag:       %s (%s, verified)\n", j->bag, sz);
	}
	printf("  work dir:  %s/ (WARCs in %s/warc/, crawl.log, index.cdxj; 'wark pack %s' rebuilds the package)\n",
	       j->name, j->name, j->name);
	printf("  replay:    open %s in ReplayWeb.page (https://replayweb.page, or its desktop app),\n"
	       "             or with pywb: wb-manager init NAME && wb-manager add NAME %s\n", j->wacz, j->wacz);
}

int cmd_archive(int argc, char **argv)
{
	struct job j = { 0 };
	int status = parse_args(&j, argc, argv);
	double t0 = now_s();
	if (status == GO_ON)
		status = stage_crawl(&j);
	if (status == GO_ON)
		status = stage_extract(&j);
	if (status == GO_ON)
		status = stage_pack_and_verify(&j);
	if (status == GO_ON) {
		report(&j, t0);
		status = EXIT_OK;
	}
	crawl_result_free(&j.crawled);
	free(j.crawl.v);
	free(j.wacz);
	free(j.bag);
	free(j.extract_dir);
	return status;
}
