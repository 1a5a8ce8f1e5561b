/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ls.c - 'wark ls FILE...': one tab-separated line per record.
 *
 * Columns: offset, type, date, target URI, content type, stored length,
 * and, when several files are listed, the file's name last (so the first
 * six columns mean the same whatever the number of files, and the one-file
 * output stays as it was). Tab-separated so the output cuts and sorts
 * cleanly; '-' marks an absent value. --type, --url (a prefix) and
 * --url-regex (PCRE2, as crawl's --include) choose which records are
 * printed; every record is still read, so damage is reported all the same.
 * Tolerated defects go to stderr as warnings; damage is reported and
 * listing goes on at the next record.
 */
#include "cmd/cmd.h"
#include "warc/warc.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char ls_help[] =
	"usage: wark ls [--warnings] [--type TYPE] [--url PREFIX] [--url-regex RE] FILE|CRAWL-DIR...\n"
	"List the records of WARC files (.warc or .warc.gz; for a crawl directory\n"
	"the WARCs in DIR/warc/), one per line:\n"
	"  OFFSET  TYPE  DATE  TARGET-URI  CONTENT-TYPE  LENGTH  [FILE]   (tab-separated, '-' = absent)\n"
	"LENGTH is the stored size (the gzip member for .warc.gz); FILE is there when\n"
	"several files are listed.\n"
	"  -w, --warnings      also print tolerated defects on stderr\n"
	"  -t, --type TYPE     only records of this WARC-Type: warcinfo, response, resource,\n"
	"                      request, metadata, revisit, conversion, continuation\n"
	"                      (repeatable or a comma list)\n"
	"  -u, --url PREFIX    only records whose target URI starts with PREFIX (repeatable)\n"
	"      --url-regex RE  only records whose target URI matches the PCRE2 regex RE\n"
	"                      (searched, not anchored; repeatable)\n"
	"Several --url and --url-regex: a record matching any of them is listed.\n"
	"Exit: 0 all records listed, 1 damage found, 2 bad usage or unreadable file.\n";

/* The WARC 1.1 record types (section 6), the values --type takes. */
static const char *const ls_types[] = { "warcinfo", "response",   "resource",   "request",
					"metadata", "revisit",    "conversion", "continuation" };
#define LS_NTYPES (sizeof ls_types / sizeof ls_types[0])

/* Which records to print: all when nothing is set. */
typedef struct ls_filter {
	unsigned types;            /* bit i: ls_types[i]; 0 = any type */
	const char **prefixes;     /* --url values (borrowed from argv) */
	size_t nprefixes;
	warc_regex_list regexes;   /* --url-regex */
} ls_filter;

static void warn_cb(void *ctx, uint64_t off, const char *msg)
{
	fprintf(stderr, "wark ls: %s: offset %llu: warning: %s\n", (const char *)ctx, (unsigned long long)off, msg);
}

/* "response,request": each name's bit into f->types; EXIT_USAGE naming an unknown one. */
static int add_types(ls_filter *f, const char *list)
{
	const char *p = list;
	for (;;) {
		size_t n = strcspn(p, ",");
		size_t i = 0;
		while (i < LS_NTYPES && !(strlen(ls_types[i]) == n && !strncasecmp(p, ls_types[i], n)))
			i++;
		if (i == LS_NTYPES)
			return cmd_usage_error("ls", "--type '%.*s': not a WARC record type (warcinfo, response, "
					       "resource, request, metadata, revisit, conversion, continuation)",
					       (int)n, p);
		f->types |= 1u << i;
		if (!p[n])
			return EXIT_OK;
		p += n + 1;
	}
}

static bool url_wanted(const ls_filter *f, const char *uri)
{
	if (f->nprefixes == 0 && f->regexes.n == 0)
		return true;
	if (!uri)
		return false;
	for (size_t i = 0; i < f->nprefixes; i++)
		if (!strncmp(uri, f->prefixes[i], strlen(f->prefixes[i])))
			return true;
	return warc_regex_list_any(&f->regexes, uri);
}

static bool wanted(const ls_filter *f, warc_record *rec)
{
	if (f->types) {
		size_t i = 0;
		while (i < LS_NTYPES && strcmp(warc_record_type(rec), ls_types[i]))
			i++;
		if (i == LS_NTYPES || !(f->types & (1u << i)))
			return false;
	}
	return url_wanted(f, warc_record_target_uri(rec));
}

static void print_record(warc_record *rec, const char *name)
{
	const char *t = warc_record_target_uri(rec);
	const char *ct = warc_record_content_type(rec);
	printf("%llu\t%s\t%s\t%s\t%s\t%llu", (unsigned long long)warc_record_offset(rec),
	       *warc_record_type(rec) ? warc_record_type(rec) : "-",
	       *warc_record_date(rec) ? warc_record_date(rec) : "-", t ? t : "-", ct ? ct : "-",
	       (unsigned long long)warc_record_length(rec));
	if (name)
		printf("\t%s", name);
	putchar('\n');
}

/* List path's records that f wants; name (NULL: none) ends each line. */
static int ls_file(const char *path, const char *name, const ls_filter *f, bool warnings)
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
		if (wanted(f, rec))
			print_record(rec, name);
	}
	warc_reader_close(r);
	return status;
}

static int list_files(int argc, char **argv, const ls_filter *f, bool warnings)
{
	warc_paths files;
	int status = cmd_warc_inputs("ls", argc, argv, &files);
	for (size_t i = 0; status != EXIT_USAGE && i < files.n; i++) {
		int s = ls_file(files.v[i], files.n > 1 ? files.v[i] : NULL, f, warnings);
		if (s > status)
			status = s;
	}
	warc_paths_free(&files);
	return status;
}

enum { O_URL_REGEX = 256 };

/* One option into f (or *warnings); EXIT_OK or the usage error's status. */
static int ls_option(int c, ls_filter *f, bool *warnings, char **argv)
{
	warc_error err;
	switch (c) {
	case 'w': *warnings = true; return EXIT_OK;
	case 't': return add_types(f, optarg);
	case 'u': f->prefixes[f->nprefixes++] = optarg; return EXIT_OK;
	case O_URL_REGEX:
		if (warc_regex_list_add(&f->regexes, optarg, &err))
			return cmd_usage_error("ls", "--url-regex '%s': %s", optarg, err.msg);
		return EXIT_OK;
	case ':': return cmd_usage_error("ls", "option '%s' needs a value", argv[optind - 1]);
	default: return cmd_usage_error("ls", "unknown option '%s'", argv[optind - 1]);
	}
}

int cmd_ls(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, 0, 'h' },
		{ "warnings", no_argument, 0, 'w' },
		{ "type", required_argument, 0, 't' },
		{ "url", required_argument, 0, 'u' },
		{ "url-regex", required_argument, 0, O_URL_REGEX },
		{ 0, 0, 0, 0 },
	};
	ls_filter f = { .prefixes = calloc((size_t)argc, sizeof(char *)) };
	if (!f.prefixes) {
		cmd_error("ls", "out of memory");
		return EXIT_PROBLEMS;
	}
	bool warnings = false;
	int c, status = EXIT_OK;
	opterr = 0;
	while (status == EXIT_OK && (c = getopt_long(argc, argv, ":hwt:u:", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(ls_help, stdout);
			break;
		}
		status = ls_option(c, &f, &warnings, argv);
	}
	if (status == EXIT_OK && c != 'h') {
		if (optind >= argc)
			status = cmd_usage_error("ls", "no WARC file given");
		else
			status = list_files(argc - optind, argv + optind, &f, warnings);
	}
	free(f.prefixes);
	warc_regex_list_free(&f.regexes);
	return status;
}
