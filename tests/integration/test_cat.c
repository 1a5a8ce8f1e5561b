/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cat.c - 'wark cat' argument forms: the offset after FILE and as
 * --offset give the same bytes; both at once, or none, is bad usage.
 * (Byte-for-byte output and streaming are in test_warcread.c.)
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/support/support.h"

Test(cat, offset_positional_equals_offset_option)
{
	char *p = fixture_path("warc/example.warc.gz");
	const char *modes[] = { "", "--headers", "--payload" };
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		struct run pos = run_wark("cat '%s' 784 %s", p, modes[i]);
		struct run opt = run_wark("cat '%s' --offset 784 %s", p, modes[i]);
		struct run first = run_wark("cat %s '%s' 784", modes[i], p);
		cr_expect_eq(pos.status, 0, "cat FILE 784 %s: %s", modes[i], pos.err);
		cr_expect_eq(opt.status, 0, "cat --offset 784 %s: %s", modes[i], opt.err);
		cr_expect(pos.out[0] != '\0');
		cr_expect_str_eq(pos.out, opt.out, "mode '%s'", modes[i]);
		cr_expect_str_eq(first.out, opt.out, "mode '%s' given first", modes[i]);
		run_free(&pos);
		run_free(&opt);
		run_free(&first);
	}
	free(p);
}

Test(cat, offset_twice_or_missing_is_bad_usage)
{
	char *p = fixture_path("warc/example.warc.gz");
	const char *forms[] = { "cat '%s' 784 --offset 784", "cat '%s'", "cat '%s' 784 1", "cat '%s' x12",
				"cat '%s' -- -1" };
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		char cmd[4200];
		snprintf(cmd, sizeof cmd, forms[i], p);
		struct run r = run_wark("%s", cmd);
		cr_expect_eq(r.status, 2, "wark %s: exit %d", cmd, r.status);
		cr_expect_eq(count_lines(r.err), 1, "wark %s: %s", cmd, r.err);
		cr_expect(strstr(r.err, "wark cat: "), "%s", r.err);
		cr_expect_str_eq(r.out, "");
		run_free(&r);
	}
	free(p);
}
