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
