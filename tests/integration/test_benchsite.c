/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_benchsite.c - the crawl benchmark's own parts (bench/crawl.sh itself is
 * run by `make bench`): the multi-host site has the promised shape, and the
 * delay proxy adds its latency to every response without serialising
 * concurrent connections. Checks in tests/bench/check_bench.py; python only,
 * so skipped in the ASan variant.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "tests/support/support.h"

Test(benchsite, site_shape_and_delay_proxy_latency, .timeout = 60)
{
	const char *v = getenv("WARK_VARIANT");
	if (v && (!strcmp(v, "asan") || !strcmp(v, "valgrind")))
		cr_skip_test("python only, no wark code: runs in the release suite");
	char *dir = make_tmpdir();
	cr_assert(dir);
	struct run r = run_sh("cd '%s' && python3 tests/bench/check_bench.py '%s'", repo_root(), dir);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "check_bench: ok"), "%s", r.out);
	run_free(&r);
	rm_rf(dir);
	free(dir);
}
