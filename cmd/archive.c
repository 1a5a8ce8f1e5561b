/* SPDX-License-Identifier: Apache-2.0 */
/*
 * archive.c - 'wark archive URL... -o NAME': crawl, extract, pack and verify
 * in one command, then a short report.
 *
 * The pipeline is the four commands a user could run by hand, run in-process
 * in order on one working directory NAME/ (crawl output, NAME/extract/ text
 * bundle) and one package NAME.wacz (plus NAME.bag.tar.gz with --bagit).
 * Reusing the commands keeps one behaviour and one set of options: every
 * option archive does not know itself goes to 'wark crawl'. Because the crawl
 * state lives in NAME/, '--resume -o NAME' finishes an interrupted run and a
 * later 'wark pack NAME' can rebuild the package.
 *
 * On failure nothing that looks like a valid archive is left under NAME.wacz:
 * packing only starts after a crawl that captured its seeds, and the packer
 * writes to a temporary name that it renames only when complete.
 */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* Run another command in-process with a fresh getopt state. */
static int run_stage(cmd_fn fn, struct argv_builder *a)
{
	optind = 0;
	fflush(stdout);
	int rc = fn(a->n, a->v);
	fflush(stdout);
	return rc;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Counts from crawl.log; prints up to max failure lines verbatim. */
struct log_summary {
	unsigned long captured, revisits, redirects, failed, blocked;
};

static void summarise_log(const char *name, struct log_summary *s, int print_failures, FILE *out)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/crawl.log", name);
	memset(s, 0, sizeof *s);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[8192];
	int shown = 0;
	while (fgets(line, sizeof line, f)) {
		/* the outcome is the last field: "captured", "failed:reason", ... */
		size_t len = strcspn(line, "\n");
		line[len] = '\0';
		const char *last = strrchr(line, ' ');
		const char *outcome = last ? last + 1 : line;
		if (!strncmp(outcome, "captured", 8))   /* also "captured:truncated-..." */
			s->captured++;
		else if (!strcmp(outcome, "revisit"))
			s->revisits++;
		else if (!strcmp(outcome, "redirect"))
			s->redirects++;
		else if (!strncmp(outcome, "robots", 6) || !strncmp(outcome, "trap", 4) ||
			 !strncmp(outcome, "budget", 6))
			s->blocked++;
		else if (!strncmp(outcome, "failed", 6)) {
			s->failed++;
			if (shown < print_failures) {
				fprintf(out, "    %s\n", line);
				shown++;
			}
		}
	}
	fclose(f);
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* Lines of pages.jsonl: pages extracted, and records listed as skipped. */
static void count_pages(const char *path, unsigned long *pages, unsigned long *skipped)
{
	*pages = *skipped = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[1 << 16];
	bool continued = false;
	while (fgets(line, sizeof line, f)) {
		bool whole = strchr(line, '\n') != NULL;
		if (!continued && strstr(line, "\"skipped\":"))
			(*skipped)++;
		else if (!continued)
			(*pages)++;
		continued = !whole;
	}
	fclose(f);
}

/* The first failure line of crawl.log, as the one-line reason for a failed seed. */
static void first_failure(const char *name, char *out, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/crawl.log", name);
	out[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[8192];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		const char *last = strrchr(line, ' ');
		if (last && !strncmp(last + 1, "failed", 6)) {
			snprintf(out, n, "%s", line);
			break;
		}
		/* a seed answered with an error status is reported by its capture line */
		const char *sp = strchr(line, ' ');
		if (!out[0] && sp && sp[1] >= '4' && sp[1] <= '5' && sp[2] >= '0' && sp[2] <= '9')
			snprintf(out, n, "%s", line);
	}
	fclose(f);
}

int cmd_archive(int argc, char **argv)
{
	const char *name = NULL;
	bool bagit = false, resume = false, quiet = false;
	struct argv_builder crawl = { 0 };
	int status = EXIT_PROBLEMS;
	char *wacz = NULL, *bag = NULL, *extract_dir = NULL;

	if (av_push(&crawl, "crawl"))
		goto oom;
	/* archive's defaults first: later options given by the user win */
	if (av_push(&crawl, "--scope") || av_push(&crawl, "prefix"))
		goto oom;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(archive_help, stdout);
			free(crawl.v);
			return EXIT_OK;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (i + 1 >= argc) {
				free(crawl.v);
				return cmd_usage_error("archive", "option '%s' needs a value", a);
			}
			name = argv[++i];
		} else if (!strncmp(a, "--output=", 9)) {
			name = a + 9;
		} else if (!strcmp(a, "--bagit")) {
			bagit = true;
		} else if (!strcmp(a, "--resume")) {
			resume = true;
		} else {
			if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
				quiet = true;
			if (av_push(&crawl, a))
				goto oom;
		}
	}
	if (!name || !*name) {
		free(crawl.v);
		return cmd_usage_error("archive", "-o NAME is required");
	}
	size_t nl = strlen(name);
	while (nl > 1 && name[nl - 1] == '/')
		nl--;
	if (asprintf(&wacz, "%.*s.wacz", (int)nl, name) < 0 || asprintf(&bag, "%.*s.bag.tar.gz", (int)nl, name) < 0 ||
	    asprintf(&extract_dir, "%.*s/extract", (int)nl, name) < 0)
		goto oom;
	if (resume && av_push(&crawl, "--resume"))
		goto oom;
	if (av_push(&crawl, "-o") || av_push(&crawl, name))
		goto oom;

	FILE *msg = stderr;
	double t0 = now_s();

	/* 1. crawl */
	if (!quiet)
		fprintf(msg, "wark archive: [1/4] crawl -> %s/\n", name);
	int rc = run_stage(cmd_crawl, &crawl);
	if (rc == EXIT_USAGE || rc == EXIT_INTERRUPTED) {
		if (rc == EXIT_INTERRUPTED)
			fprintf(msg, "wark archive: interrupted; finish with: wark archive --resume -o %s\n", name);
		status = rc;
		goto out;
	}
	if (rc != EXIT_OK) {
		char reason[8192];
		first_failure(name, reason, sizeof reason);
		cmd_error("archive", "nothing archived: the crawl captured no usable seed%s%s", reason[0] ? ": " : "",
			  reason);
		status = EXIT_PROBLEMS;
		goto out;
	}

	/* 2. extract the text bundle */
	if (!quiet)
		fprintf(msg, "wark archive: [2/4] extract -> %s/\n", extract_dir);
	struct argv_builder ex = { 0 };
	if (av_push(&ex, "extract") || av_push(&ex, name) || av_push(&ex, "-o") || av_push(&ex, extract_dir)) {
		free(ex.v);
		goto oom;
	}
	rc = run_stage(cmd_extract, &ex);
	free(ex.v);
	if (rc != EXIT_OK) {
		cmd_error("archive", "text extraction failed (exit %d); WARCs are kept in %s/", rc, name);
		goto out;
	}

	/* 3. pack */
	if (!quiet)
		fprintf(msg, "wark archive: [3/4] pack -> %s%s%s\n", wacz, bagit ? " and " : "", bagit ? bag : "");
	struct argv_builder pk = { 0 };
	if (av_push(&pk, "pack") || av_push(&pk, name) || av_push(&pk, "-o") || av_push(&pk, wacz)) {
		free(pk.v);
		goto oom;
	}
	rc = run_stage(cmd_pack, &pk);
	free(pk.v);
	if (rc == EXIT_OK && bagit) {
		struct argv_builder bg = { 0 };
		if (av_push(&bg, "pack") || av_push(&bg, "--format") || av_push(&bg, "bagit") || av_push(&bg, name) ||
		    av_push(&bg, "-o") || av_push(&bg, bag)) {
			free(bg.v);
			goto oom;
		}
		rc = run_stage(cmd_pack, &bg);
		free(bg.v);
	}
	if (rc != EXIT_OK) {
		cmd_error("archive", "packing failed (exit %d); the crawl is kept in %s/", rc, name);
		goto out;
	}

	/* 4. verify what was packed */
	if (!quiet)
		fprintf(msg, "wark archive: [4/4] verify\n");
	struct argv_builder vf = { 0 };
	if (av_push(&vf, "verify") || av_push(&vf, "-q") || av_push(&vf, wacz) || (bagit && av_push(&vf, bag))) {
		free(vf.v);
		goto oom;
	}
	rc = run_stage(cmd_verify, &vf);
	free(vf.v);
	if (rc != EXIT_OK) {
		cmd_error("archive", "verification of %s failed", wacz);
		goto out;
	}

	/* report */
	struct log_summary ls;
	char pages_path[4096], sz[32];
	snprintf(pages_path, sizeof pages_path, "%s/pages.jsonl", extract_dir);
	cmd_fmt_bytes(file_size(wacz), sz, sizeof sz);
	printf("archived %s in %.1f s\n", name, now_s() - t0);
	summarise_log(name, &ls, 0, stdout);
	printf("  captures:  %lu (%lu identical payloads as revisits), %lu redirects, %lu blocked by robots/traps\n",
	       ls.captured + ls.revisits, ls.revisits, ls.redirects, ls.blocked);
	unsigned long pages, skipped;
	count_pages(pages_path, &pages, &skipped);
	printf("  pages:     %lu with text in %s/ (%lu other records listed as skipped)\n", pages, extract_dir,
	       skipped);
	printf("  failures:  %lu%s\n", ls.failed, ls.failed ? " (from crawl.log):" : "");
	if (ls.failed)
		summarise_log(name, &ls, 10, stdout);
	printf("  package:   %s (%s, verified)\n", wacz, sz);
	if (bagit) {
		cmd_fmt_bytes(file_size(bag), sz, sizeof sz);
		printf("  bag:       %s (%s, verified)\n", bag, sz);
	}
	printf("  work dir:  %s/ (WARCs in %s/warc/, crawl.log, index.cdxj; 'wark pack %s' rebuilds the package)\n",
	       name, name, name);
	printf("  replay:    open %s in ReplayWeb.page (https://replayweb.page, or its desktop app),\n"
	       "             or with pywb: wb-manager init NAME && wb-manager add NAME %s\n", wacz, wacz);
	status = EXIT_OK;
	goto out;
oom:
	cmd_error("archive", "out of memory");
	status = EXIT_PROBLEMS;
out:
	free(crawl.v);
	free(wacz);
	free(bag);
	free(extract_dir);
	return status;
}
