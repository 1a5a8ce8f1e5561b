/* SPDX-License-Identifier: Apache-2.0 */
/*
 * extract.c - 'wark extract': article text, captions and metadata of pages.
 *
 * Inputs are HTML (or gzip-compressed HTML) files, WARC files, or crawl
 * directories (DIR/warc/ holding .warc.gz files). With -o OUTDIR every page becomes one
 * line of OUTDIR/pages.jsonl (skipped pages too, with "skipped": reason) and
 * one OUTDIR/text/<host_path>.txt, and pages read from WARCs also get a WET
 * conversion record (OUTDIR/NAME.warc.wet.gz); without -o, --format chooses
 * what goes to stdout. The work is extract/'s bundle writer
 * (extract_bundle_*); this file parses options, prints what the writer
 * reports and picks the exit code: the kind of the last problem reported
 * decides it (2 for an unreadable input, 1 for a failed write or a damaged
 * WARC), as before the writer moved out of here. Every input is checked
 * before anything is created (exit 2); a failed write (a full disk) is exit
 * 1 with no summary, OUTDIR left as it was.
 */
#include "cmd/cmd.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: wark extract [OPTIONS] INPUT... -o OUTDIR\n"
		   "       wark extract --format jsonl|txt|md INPUT...\n\n"
		   "Write the article text, image captions and metadata (title, byline, date,\n"
		   "language) of each HTML page. INPUT is an HTML file (.html or .html.gz),\n"
		   "a WARC file, or a crawl directory (DIR/warc/*.warc.gz).\n\n"
		   "options:\n"
		   "  -o, --output DIR   write DIR/pages.jsonl and DIR/text/*.txt\n"
		   "  -f, --format FMT   to stdout: jsonl (default), txt or md\n"
		   "      --url URL      the page URL of a single HTML file input\n"
		   "  -h, --help         this help\n\n"
		   "From WARCs, every response, resource and revisit record is listed in\n"
		   "pages.jsonl; those that are not HTML or text, are not 2xx, or cannot be\n"
		   "decoded carry \"skipped\": reason. With -o, WARC pages also get WET\n"
		   "conversion records in DIR/*.warc.wet.gz. See SPEC.md \"wark extract\".\n");
}

struct reporting {
	bool show_skips;     /* txt/md on stdout: say on stderr which pages are missing */
	int status;          /* the last problem's kind decides */
};

/* Print the problems the bundle writer reports (and skips, for txt/md). */
static void report(void *arg, extract_bundle_note kind, const char *message, const extract_result *page)
{
	struct reporting *rep = arg;
	switch (kind) {
	case EXTRACT_BUNDLE_PAGE: break;
	case EXTRACT_BUNDLE_SKIPPED:
		if (rep->show_skips) cmd_error("extract", "%s", message);
		break;
	case EXTRACT_BUNDLE_FAILED:
		cmd_error("extract", "%s", message);
		rep->status = EXIT_PROBLEMS;
		break;
	case EXTRACT_BUNDLE_UNREADABLE:
		cmd_error("extract", "%s", message);
		rep->status = EXIT_USAGE;
		break;
	}
}

static bool parse_format(const char *s, extract_bundle_format *out)
{
	if (!strcmp(s, "jsonl")) *out = EXTRACT_BUNDLE_JSONL;
	else if (!strcmp(s, "txt")) *out = EXTRACT_BUNDLE_TXT;
	else if (!strcmp(s, "md")) *out = EXTRACT_BUNDLE_MD;
	else return false;
	return true;
}

int cmd_extract_run(const extract_bundle_options *opt, const char *const *inputs, size_t n, const char *url,
		    extract_bundle_stats *stats)
{
	struct reporting rep = {.status = EXIT_OK};
	extract_bundle_options bo = *opt;
	bo.report = report;
	bo.report_arg = &rep;
	rep.show_skips = !bo.outdir && bo.format != EXTRACT_BUNDLE_JSONL;
	extract_bundle_run_result res;
	warc_error err;
	int rc = extract_bundle_run(&bo, inputs, n, url, &res, &err);
	if (stats)
		*stats = res.stats;
	if (res.write_failed)
		return EXIT_PROBLEMS;   /* reported through report() */
	if (rc) {
		cmd_error("extract", "%s", err.msg);
		return cmd_exit_status(rc, true);
	}
	if (bo.outdir)
		fprintf(stderr, "wark extract: %zu pages extracted, %zu skipped\n", res.stats.extracted, res.stats.skipped);
	return rep.status;
}

int cmd_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"url", required_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	extract_bundle_options bo = {.stream = stdout};
	const char *format = "jsonl", *url = NULL;
	bool format_given = false;
	int o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":o:f:h", opts, NULL)) != -1) {
		switch (o) {
		case 'o': bo.outdir = optarg; break;
		case 'f': format = optarg; format_given = true; break;
		case 'u': url = optarg; break;
		case 'h': usage(stdout); return EXIT_OK;
		case ':': return cmd_usage_error("extract", "option %s needs a value", argv[optind - 1]);
		default: return cmd_usage_error("extract", "unknown option %s", argv[optind - 1]);
		}
	}
	if (!parse_format(format, &bo.format))
		return cmd_usage_error("extract", "unknown format '%s' (jsonl, txt or md)", format);
	if (optind >= argc) return cmd_usage_error("extract", "no input given");
	if (bo.outdir && format_given) return cmd_usage_error("extract", "use either -o DIR or --format, not both");
	if (url && argc - optind != 1) return cmd_usage_error("extract", "--url applies to a single HTML file input");
	return cmd_extract_run(&bo, (const char *const *)(argv + optind), (size_t)(argc - optind), url, NULL);
}
