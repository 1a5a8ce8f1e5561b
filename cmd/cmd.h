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
 * Archive verification (cmd/verify_archive.c, owned by the pack part).
 * cmd_verify() dispatches here when any PATH is a .wacz, a serialised bag
 * (.tar.gz, .tar.zst, .zip with bagit.txt) or a directory holding
 * bagit.txt; plain WARC paths in the same call go back to cmd_verify() one
 * at a time. cmd_verify_archive() checks one archive and prints one line
 * per problem and a summary; it returns an exit code.
 */
bool cmd_verify_wants_archives(int argc, char **argv);
int cmd_verify_archives(int argc, char **argv);
int cmd_verify_archive(const char *path, bool records, bool quiet);

/*
 * Process settings pack_run() needs for byte-identical output (cmd/pack.c):
 * TZ=UTC (ZIP stores local DOS times) and a UTF-8 LC_CTYPE (libarchive
 * converts entry names through it). Call before pack_run() (wark archive).
 */
void cmd_pack_setup_process(void);

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

/* A byte count for people, in IEC units: "512 B", "1.5 KiB", "12.0 MiB", "1.1 GiB". */
void cmd_fmt_bytes(uint64_t b, char *out, size_t n);

/* Print "wark CMD: message" on stderr; returns EXIT_USAGE for convenience. */
int cmd_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "wark CMD: message" on stderr. */
void cmd_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
