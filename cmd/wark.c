/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wark.c - entry point: global options and dispatch to one file per command.
 *
 * Kept deliberately small (git's builtin table): adding a command means one
 * line in the table and one cmd/NAME.c file.
 */
#include "cmd/cmd.h"
#include "warc/warc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct command {
	const char *name;
	cmd_fn fn;
	const char *summary;
} commands[] = {
	{ "archive", cmd_archive, "crawl, extract, pack and verify a site in one go" },
	{ "crawl",   cmd_crawl,   "capture sites into WARC files" },
	{ "extract", cmd_extract, "write article text, captions and metadata" },
	{ "pack",    cmd_pack,    "build a WACZ or BagIt archive" },
	{ "verify",  cmd_verify,  "check WARCs, WACZ and bags: structure and digests" },
	{ "index",   cmd_index,   "write a CDXJ or CDX index of WARC files" },
	{ "ls",      cmd_ls,      "list the records of WARC files" },
	{ "cat",     cmd_cat,     "print one record, its headers or its payload" },
};

/*
 * "wark CMD: MESSAGE" on stderr, without the end of the line. Messages quote
 * bytes of their inputs (file names, header values, URLs): control bytes and
 * bytes that are not UTF-8 print as \xNN (warc_escape_bytes), never raw.
 */
static void print_message(const char *cmd, const char *fmt, va_list ap)
{
	char *msg = NULL, *shown = NULL;
	int n = vasprintf(&msg, fmt, ap);
	if (n >= 0)
		shown = malloc(4 * (size_t)n + 1);
	if (shown)
		(void)warc_escape_bytes(shown, 4 * (size_t)n + 1, msg, (size_t)n);
	fprintf(stderr, "wark %s: %s", cmd, shown ? shown : "out of memory");
	free(shown);
	free(msg);
}

void cmd_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_message(cmd, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_message(cmd, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'wark %s --help')\n", cmd);
	return EXIT_USAGE;
}

void cmd_fmt_bytes(uint64_t b, char *out, size_t n)
{
	if (b >= 1ull << 30)
		snprintf(out, n, "%.1f GiB", (double)b / (1ull << 30));
	else if (b >= 1ull << 20)
		snprintf(out, n, "%.1f MiB", (double)b / (1ull << 20));
	else if (b >= 1ull << 10)
		snprintf(out, n, "%.1f KiB", (double)b / (1ull << 10));
	else
		snprintf(out, n, "%llu B", (unsigned long long)b);
}

int cmd_exit_status(int status, bool reading)
{
	switch (status) {
	case WARC_OK: return EXIT_OK;
	case WARC_ERR_USAGE:
	case WARC_ERR_NOTFOUND: return EXIT_USAGE;
	case WARC_ERR_IO: return reading ? EXIT_USAGE : EXIT_PROBLEMS;
	default: return EXIT_PROBLEMS;
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: wark COMMAND [OPTIONS] [ARGS]\n\n"
		   "wark (web archive kit) captures web sites into WARC files, extracts their\n"
		   "text and captions, and packs them into WACZ and BagIt archives.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'wark COMMAND --help' describes a command. 'wark --version' prints the version.\n");
}

/*
 * Output to a full disk or a closed pipe must not pass for success (as
 * coreutils' close_stdout): flush stdout and turn a write error into exit 1
 * unless the command already failed.
 */
static int finish_stdout(const char *cmd, int status)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	cmd_error(cmd, "error writing to standard output: %s", strerror(errno));
	return status == EXIT_OK ? EXIT_PROBLEMS : status;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
		usage(stdout);
		return finish_stdout("help", EXIT_OK);
	}
	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		cmd_print_version(stdout);
		return finish_stdout("version", EXIT_OK);
	}
	/* Each command parses its options once with getopt from the fresh state
	 * of a new process: no command runs another, so optind is never reset. */
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(name, commands[i].name))
			return finish_stdout(name, commands[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "wark: unknown command '%s' (see 'wark --help')\n", name);
	return EXIT_USAGE;
}
