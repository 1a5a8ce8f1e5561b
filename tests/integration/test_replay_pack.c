/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_replay_pack.c - a WACZ written by `wark pack` replays in ReplayWeb.page:
 * tests/replay/pack_roundtrip.sh captures the sample site with wget, packs it
 * with the wark under test and runs the replay harness on one article (text,
 * images, full-text search). Independent of `wark crawl`, so it guards pack
 * on its own. Skips while `wark pack --help` fails (pack not on main yet) or
 * when /usr/bin/chromium is absent; runs in the ASan variant too, since
 * `wark pack` is wark code.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/support/support.h"

Test(replay_pack, sample_site_wacz_from_wark_pack_replays, .timeout = 150)
{
	struct run r = run_wark("pack --help");
	int have_pack = r.status == 0;
	run_free(&r);
	if (!have_pack)
		cr_skip_test("wark pack is not implemented yet");
	const char *c = getenv("WARK_CHROMIUM");
	if (access(c ? c : "/usr/bin/chromium", X_OK) != 0)
		cr_skip_test("chromium is not installed (make deps installs it)");
	char *dir = make_tmpdir();
	cr_assert(dir);
	r = run_sh("cd '%s' && sh tests/replay/pack_roundtrip.sh '%s' '%s'", repo_root(), wark_bin(), dir);
	cr_assert_eq(r.status, 0, "exit %d\nstdout: %s\nstderr: %s", r.status, r.out, r.err);
	cr_assert(strstr(r.out, "replay-check: OK:"), "stdout: %s", r.out);
	cr_assert(strstr(r.out, "with all 1 image(s)"), "stdout: %s", r.out);
	run_free(&r);
	rm_rf(dir);
	free(dir);
}
