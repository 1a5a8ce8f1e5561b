/* SPDX-License-Identifier: Apache-2.0 */
/*
 * support.h - helpers shared by the Criterion suites: running the built
 * binary, temporary directories, fixture paths, file contents and
 * compressed test data.
 *
 * Integration tests drive the real ./wark (path in $WARK_BIN, set by
 * tests/run.sh) through /bin/sh so a test reads like the command a user types.
 */
#ifndef WARK_TEST_SUPPORT_H
#define WARK_TEST_SUPPORT_H

#include <stddef.h>
#include <string.h>

struct run {
	int status;   /* exit status, or 128+signal */
	char *out;    /* captured stdout (NUL-terminated) */
	char *err;    /* captured stderr */
};

/* Run "$WARK_BIN <args>" through sh in the current directory. */
struct run run_wark(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run an arbitrary shell command line. */
struct run run_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void run_free(struct run *r);

/* Absolute path of the wark binary under test. */
const char *wark_bin(void);
/* "<repo>/tests/fixtures/<rel>", malloc'd (caller frees). */
char *fixture_path(const char *rel);
/* Repository root (cwd of the test run). */
const char *repo_root(void);
/* A fresh temporary directory (caller frees the string; removed by rm_rf). */
char *make_tmpdir(void);
void rm_rf(const char *path);
/*
 * A fresh temporary directory per test for a suite that says
 * TestSuite(NAME, .init = suite_tmp_init, .fini = suite_tmp_fini): its path
 * is suite_tmp during the test (each test runs in its own process); fini
 * removes it, also after a failed assertion. init aborts when it cannot
 * make one, so a test never runs without it.
 */
extern char *suite_tmp;
void suite_tmp_init(void);
void suite_tmp_fini(void);
/* Whole file into a malloc'd NUL-terminated buffer; NULL on error. */
char *read_file(const char *path, size_t *len);
int write_file(const char *path, const void *data, size_t len);
size_t count_lines(const char *s);
/*
 * in[0..n) compressed by zlib at level 6 with window_bits (31 gzip, 15 zlib,
 * -15 raw deflate) into a malloc'd *out (caller frees); returns its length.
 * Aborts if zlib fails, so a test never runs on bad input data.
 */
size_t deflate_bytes(int window_bits, const void *in, size_t n, unsigned char **out);

#endif
