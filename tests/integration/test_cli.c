/* SPDX-License-Identifier: Apache-2.0 */
/* test_cli.c - the wark binary's global behaviour: help, version, usage errors. */
#include <criterion/criterion.h>

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
