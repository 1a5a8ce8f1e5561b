/* SPDX-License-Identifier: Apache-2.0 */
/* test_cli.c - the wark binary's global behaviour: help, version, usage errors. */
#include <criterion/criterion.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tests/support/support.h"

Test(cli, version_and_help)
{
	struct run r = run_wark("--version");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "wark ") == r.out, "version line: %s", r.out);
	run_free(&r);
	r = run_wark("--help");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "verify"));
	run_free(&r);
}

Test(cli, unknown_command_and_option_exit_2_with_one_line)
{
	struct run r = run_wark("frobnicate");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "unknown command"));
	run_free(&r);
	r = run_wark("ls --no-such-option x.warc");
	cr_assert_eq(r.status, 2);
	cr_assert_eq(count_lines(r.err), 1, "one line: %s", r.err);
	run_free(&r);
}

/* Sizes and durations as people write them; anything else is one line naming
 * the option and the accepted forms, exit 2, before any directory is made. */
Test(cli, sizes_and_durations_refused_with_the_option_and_the_forms)
{
	static const char *const bad[][3] = {
		{ "crawl", "--delay", "5x" },        { "crawl", "--delay", "-1" },
		{ "crawl", "--max-time", "2d" },     { "crawl", "--timeout", "1e3" },
		{ "crawl", "--warc-size", "1XB" },   { "crawl", "--warc-size", "-5" },
		{ "crawl", "--max-bytes", "99999999999999999999" },
		{ "crawl", "--max-size", "17EB" },   { "pack", "--zipnum-threshold", "1q" },
	};
	char *tmp = make_tmpdir();
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bool crawl = !strcmp(bad[i][0], "crawl");
		struct run r = run_wark("%s %s '%s' %s -o %s/out%s", bad[i][0], bad[i][1], bad[i][2],
					crawl ? "http://127.0.0.1:1/" : "x.warc", tmp, crawl ? "" : ".wacz");
		char want[256];
		snprintf(want, sizeof want, "wark %s: %s '%s': expected a %s such as ", bad[i][0], bad[i][1], bad[i][2],
			 strstr("--delay --max-time --timeout", bad[i][1]) ? "duration" : "size");
		cr_assert_eq(r.status, 2, "%s %s: exit %d", bad[i][1], bad[i][2], r.status);
		cr_assert_eq(count_lines(r.err), 1, "one line: %s", r.err);
		cr_assert(!strncmp(r.err, want, strlen(want)), "%s", r.err);
		run_free(&r);
	}
	struct run r = run_wark("crawl --delay 5x http://127.0.0.1:1/ -o %s/out", tmp);
	cr_assert(strstr(r.err, "expected a duration such as 500ms, 2s, 1m or 2h"), "%s", r.err);
	run_free(&r);
	char path[4096];
	snprintf(path, sizeof path, "%s/out", tmp);
	cr_assert(access(path, F_OK) != 0, "no directory for a refused option");
	rm_rf(tmp);
	free(tmp);
}

Test(cli, output_that_cannot_be_written_is_a_failure)
{
	/* a listing to a full disk must not pass for success */
	const char *args[] = { "--help", "--version", "ls --help" };
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
		struct run r = run_sh("%s %s >/dev/full", wark_bin(), args[i]);
		cr_expect_eq(r.status, 1, "wark %s: status %d: %s", args[i], r.status, r.err);
		cr_expect(strstr(r.err, "standard output"), "wark %s says why: %s", args[i], r.err);
		run_free(&r);
	}
}

/* Archivists record the library versions: --version names each of them. */
Test(cli, version_names_the_libraries)
{
	struct run r = run_wark("--version");
	cr_assert_eq(r.status, 0);
	const char *libs[] = { "\nlibcurl ", "\nlibxml2 ", "\nzlib ", "\nlibarchive ", "\nSQLite " };
	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++)
		cr_expect(strstr(r.out, libs[i]), "%s missing: %s", libs[i] + 1, r.out);
	run_free(&r);
}

/* The man page (tools/man.sh, as make builds wark.1) renders without a
 * warning and lists every option that any --help lists. */
Test(cli, man_page_renders_and_lists_every_help_option, .timeout = 60)
{
	char *dir = make_tmpdir();
	struct run r = run_sh("sh tools/man.sh '%s' 0 > '%s/wark.1' && LC_ALL=C MANWIDTH=250 man -l '%s/wark.1' | col -b > '%s/man.txt'",
			      wark_bin(), dir, dir, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "", "man warns: %s", r.err);
	run_free(&r);
	r = run_sh("for c in '' archive crawl extract pack verify index ls cat; do '%s' $c --help; done "
		   "| grep -o -- '--[a-z0-9][a-z0-9.-]*' | sort -u | while read -r o; do "
		   "grep -qF -- \"$o\" '%s/man.txt' || echo \"missing $o\"; done; "
		   "for c in $('%s' --help | sed -n 's/^  \\([a-z]*\\)  .*/\\1/p'); do "
		   "grep -q \"^   wark $c\\$\" '%s/man.txt' || echo \"no section for $c\"; done",
		   wark_bin(), dir, wark_bin(), dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "", "%s", r.out);
	run_free(&r);
	rm_rf(dir);
	free(dir);
}

/* make install puts the program and its man page under PREFIX. */
Test(cli, make_install_installs_program_and_man_page, .timeout = 300)
{
	char *dir = make_tmpdir();
	struct run r = run_sh("MAKEFLAGS= MAKELEVEL= make --no-print-directory install PREFIX='%s' >'%s/log' 2>&1 || tail -20 '%s/log'; "
			      "'%s/bin/wark' --version | head -1 && LC_ALL=C man -l '%s/share/man/man1/wark.1' | head -1",
			      dir, dir, dir, dir, dir);
	cr_assert_eq(r.status, 0, "%s %s", r.out, r.err);
	cr_expect(strstr(r.out, "wark "), "%s", r.out);
	cr_expect(strstr(r.out, "WARK(1)"), "%s", r.out);
	run_free(&r);
	rm_rf(dir);
	free(dir);
}
