/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd.h - the wark command-line layer: one entry point per subcommand.
 *
 * cmd/ is the only place that parses options, prints and chooses exit codes;
 * every command calls module APIs (warc/, crawl/, extract/, pack/) for the
 * work. Exit codes (SPEC.md): 0 success, 1 the work found problems or
 * failed, 2 bad usage or unreadable input, 130 interrupted.
 */
#ifndef WARK_CMD_H
#define WARK_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { EXIT_OK = 0, EXIT_PROBLEMS = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

typedef int (*cmd_fn)(int argc, char **argv);

int cmd_ls(int argc, char **argv);
int cmd_cat(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_crawl(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_pack(int argc, char **argv);
int cmd_archive(int argc, char **argv);

/*
 * Verify one archive (WACZ or bag; cmd/verify.c) as 'wark verify' does:
 * one line per problem on stdout, then (unless quiet) the folded warnings
 * and a summary line; records false skips the per-record WARC checks.
 * Returns the exit code (wark archive's last stage calls it too).
 */
int cmd_verify_archive(const char *path, bool records, bool quiet);
/* 'wark verify' of paths (WARCs, crawl directories, archives) with its
 * options, as the command does after parsing; returns the exit code. */
int cmd_verify_paths(int n, char **paths, bool records, bool quiet);

/*
 * The work of 'wark pack' for parsed options (cmd/pack.c): SOURCE_DATE_EPOCH
 * into opt->epoch, the process settings below, signals, pack_run(), the
 * error or the one-line summary on stdout. Returns the exit code.
 * cmd_pack_options_init() fills the defaults of 'wark pack'.
 */
struct pack_options;
void cmd_pack_options_init(struct pack_options *opt);
int cmd_pack_run(struct pack_options *opt);

/*
 * Process settings pack_run() needs for byte-identical output (cmd/pack.c):
 * TZ=UTC (ZIP stores local DOS times) and a UTF-8 LC_CTYPE (libarchive
 * converts entry names through it). Call before pack_run() (wark archive).
 */
void cmd_pack_setup_process(void);

/*
 * The work of 'wark crawl' for its arguments (argv[0] is the command name):
 * parse them (with --resume, after DIR/crawl.args), check them, prepare the
 * output directory, crawl_run(), print the status lines (cmd/crawl.c).
 * Returns the exit code; *result is what crawl_run() returned (zero when
 * the crawl did not start); free it with crawl_result_free(). wark archive
 * passes its crawl options here.
 */
/*
 * The work of 'wark extract' for parsed options (cmd/extract.c): the report
 * callback of opt is replaced by the command's printer, extract_bundle_run()
 * runs, problems and (with an outdir) the "N pages extracted, M skipped" line
 * are printed. Returns the exit code; *stats (may be NULL) gets the counts.
 */
struct extract_bundle_options;
struct extract_bundle_stats;
int cmd_extract_run(const struct extract_bundle_options *opt, const char *const *inputs, size_t n,
		    const char *url, struct extract_bundle_stats *stats);

struct crawl_result;
int cmd_crawl_run(int argc, char **argv, struct crawl_result *result);

/* `wark --version`: wark's and its libraries' run-time versions (cmd/version.c). */
void cmd_print_version(FILE *f);

/*
 * The WARC files of argv[0..argc) (cmd/inputs.c): files as given, and for a
 * directory the WARCs of the crawl in it (DIR/warc/). Prints the error and
 * returns EXIT_USAGE for a directory that is no crawl; EXIT_OK with *out
 * filled (free with warc_paths_free) otherwise.
 */
struct warc_paths;
int cmd_warc_inputs(const char *cmd, int argc, char **argv, struct warc_paths *out);

/*
 * Sizes and durations as people write them (cmd/units.c; SPEC.md "Sizes
 * and durations"). A size is a decimal number ("1.5", "1e9") with an
 * optional unit, any case: none or B bytes; k, KB, M, MB, G, GB, T, TB
 * powers of 1000; Ki, KiB, Mi, MiB, Gi, GiB, Ti, TiB powers of 1024.
 * A duration is a number with ms, s, m (or min) or h; a bare number counts
 * bare_ms milliseconds (the option's unit before units existed). Both
 * truncate toward zero and return 0, or -1 for a negative value, an
 * unknown unit or more than 2^64-1. Errors name the option and the forms:
 * "OPT 'ARG': expected " CMD_SIZE_FORMS (or CMD_DURATION_FORMS).
 */
#define CMD_SIZE_FORMS "a size such as 1000000, 500k, 1MB, 1.5GB or 1GiB"
#define CMD_DURATION_FORMS "a duration such as 500ms, 2s, 1m or 2h"
int cmd_parse_size(const char *s, uint64_t *out) __attribute__((warn_unused_result));
int cmd_parse_duration(const char *s, uint64_t bare_ms, uint64_t *ms) __attribute__((warn_unused_result));

/* A byte count for people, in IEC units: "512 B", "1.5 KiB", "12.0 MiB", "1.1 GiB". */
void cmd_fmt_bytes(uint64_t b, char *out, size_t n);

/*
 * SPEC.md section 1 in one place: the exit status for a module's status
 * (cmd/wark.c). reading says the status came from opening or reading the
 * command's input, where an I/O failure means an unreadable input.
 *   WARC_OK                                0
 *   WARC_ERR_USAGE, WARC_ERR_NOTFOUND      2  bad usage, a missing file
 *   WARC_ERR_IO when reading               2  an unreadable input
 *   any other (damage, a full disk, ...)   1  the work failed
 * No command looks at the words of err.msg to choose.
 */
int cmd_exit_status(int status, bool reading);

/* Print "wark CMD: message" on stderr; returns EXIT_USAGE for convenience. */
int cmd_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "wark CMD: message" on stderr. */
void cmd_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
