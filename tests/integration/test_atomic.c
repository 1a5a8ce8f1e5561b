/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_atomic.c - the promises of SPEC.md section 5 for the commands that
 * write a result under a final name (extract -o, index -o, pack):
 *
 *  - kill -9 at seeded random moments, over an earlier complete result,
 *    leaves exactly the earlier result or the new one (compared with
 *    reference outputs made beforehand), never a mix;
 *  - a full disk (a 1 MiB tmpfs; the tests run as root) ends with exit 1, a
 *    clear message, no success summary, and the earlier result intact;
 *  - an output that cannot be created (a read-only file system) is exit 2
 *    with one line, before any work, for all three commands.
 *
 * Inputs are WARCs of article pages made by tests/extract/make_pages_warc.py
 * (byte-identical per arguments), so extract and pack run long enough to be
 * killed part-way. The loops take the moment uniformly in [0, 1.5 x the
 * longer of two measured whole runs], so most kills land while the new
 * result is being built and some after it was swapped in.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tests/support/support.h"

#define MAKE_PAGES "python3 %s/tests/extract/make_pages_warc.py"
#define LOOP_SEED 20261202u

static char cur_tmp[256];
static char mnt[512];

static void teardown(void)
{
	if (mnt[0]) {
		struct run r = run_sh("umount -l '%s'", mnt);
		run_free(&r);
		mnt[0] = '\0';
	}
	if (cur_tmp[0])
		rm_rf(cur_tmp);
	cur_tmp[0] = '\0';
}

TestSuite(atomic, .fini = teardown);

static char *tracked_tmpdir(void)
{
	char *t = make_tmpdir();
	cr_assert(t);
	snprintf(cur_tmp, sizeof cur_tmp, "%s", t);
	return t;
}

/* A tmpfs at T/fs with opts ("size=1m", "ro,size=1m"); skipped where mounting is not allowed. */
static void mount_fs(const char *t, const char *opts)
{
	snprintf(mnt, sizeof mnt, "%s/fs", t);
	mkdir(mnt, 0755);
	struct run r = run_sh("mount -t tmpfs -o %s tmpfs '%s'", opts, mnt);
	int st = r.status;
	run_free(&r);
	if (st) {
		mnt[0] = '\0';
		cr_skip_test("cannot mount a tmpfs here (the tests need root)");
	}
}

static void sh_ok(const char *what, struct run r)
{
	cr_assert_eq(r.status, 0, "%s: %s%s", what, r.out, r.err);
	run_free(&r);
}

/* T/NAME.warc.gz with n pages tagged tag. */
static void make_pages(const char *t, const char *name, int n, const char *tag)
{
	sh_ok("make_pages_warc", run_sh(MAKE_PAGES " '%s/%s.warc.gz' %d %s", repo_root(), t, name, n, tag));
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Seconds a whole "wark ARGS" run takes (it must succeed). */
static double timed_wark(const char *args)
{
	double t0 = now_s();
	struct run r = run_wark("%s", args);
	double d = now_s() - t0;
	cr_assert_eq(r.status, 0, "wark %s: %s", args, r.err);
	run_free(&r);
	return d;
}

static int trials(void)
{
	const char *v = getenv("WARK_VARIANT");
	return v && !strcmp(v, "asan") ? 8 : 24;
}

/* The next delay in [0, limit) from a seeded generator. */
static double next_delay(unsigned *seed, double limit)
{
	return limit * (rand_r(seed) % 10000) / 10000.0;
}

/* Which reference T/out (an extract bundle) equals: 'A', 'B', or 0 (a mix,
 * described in why). pages.jsonl and text/ byte for byte; the WET file (its
 * name and record IDs differ per run) by its records' types and URIs, read
 * without damage. */
static char bundle_state(const char *t, char *why, size_t whysz)
{
	struct run r = run_sh(
		"cd '%s' && { %s ls out/*.warc.wet.gz > cur.ls || echo damaged >> cur.ls; } && cut -f2,4 cur.ls > cur.wet; "
		"for s in A B; do "
		"cmp -s out/pages.jsonl ref$s/pages.jsonl && diff -r out/text ref$s/text >/dev/null && "
		"[ \"$(ls out | wc -l)\" = 3 ] && cmp -s cur.wet ref$s.wet && { echo $s; exit 0; }; "
		"done; echo MIX; ls -la out; wc -l out/pages.jsonl; ls out/text | wc -l",
		t, wark_bin());
	char s = r.out && (r.out[0] == 'A' || r.out[0] == 'B') ? r.out[0] : 0;
	snprintf(why, whysz, "%s", r.out ? r.out : "");
	run_free(&r);
	return s;
}

/* extract -o over an earlier complete bundle, killed at random moments: the
 * bundle is always one of the two complete references. */
Test(atomic, extract_kill9_loop, .timeout = 240)
{
	char *t = tracked_tmpdir();
	make_pages(t, "a", 200, "alpha");
	make_pages(t, "b", 200, "beta");
	char args[1024];
	snprintf(args, sizeof args, "extract '%s/a.warc.gz' -o '%s/refA'", t, t);
	double whole = timed_wark(args);
	snprintf(args, sizeof args, "extract '%s/b.warc.gz' -o '%s/refB'", t, t);
	whole = fmax(whole, timed_wark(args));
	sh_ok("reference WET records",
	      run_sh("cd '%s' && for s in A B; do %s ls ref$s/*.warc.wet.gz | cut -f2,4 > ref$s.wet || exit 1; done && "
		     "cp -r refA out", t, wark_bin()));
	unsigned seed = LOOP_SEED;
	char state = 'A', why[4096];
	int seen[2] = {0, 0}, n = trials();
	for (int i = 0; i < n; i++) {
		double d = next_delay(&seed, whole * 1.5);
		char in = state == 'A' ? 'b' : 'a';
		sh_ok("kill run", run_sh("cd '%s' && { %s extract \"$PWD/%c.warc.gz\" -o out >/dev/null 2>&1 & p=$!; "
					 "sleep %.3f; kill -9 $p 2>/dev/null; wait $p; true; }",
					 t, wark_bin(), in, d));
		state = bundle_state(t, why, sizeof why);
		cr_assert(state, "trial %d (seed %u, kill after %.3f s): out is neither the earlier bundle nor the new one:\n%s",
			  i, LOOP_SEED, d, why);
		seen[state - 'A']++;
	}
	fprintf(stderr, "atomic/extract_kill9_loop: %d trials (whole run %.2f s): %d left A, %d left B\n", n, whole,
		seen[0], seen[1]);
	/* the next complete run removes every temporary the kills left behind */
	snprintf(args, sizeof args, "extract '%s/a.warc.gz' -o '%s/out'", t, t);
	timed_wark(args);
	struct run r = run_sh("cd '%s' && ls -d out.part-* out.old-* 2>/dev/null", t);
	cr_assert_str_eq(r.out, "", "leftover temporaries are cleaned on the next run: %s", r.out);
	run_free(&r);
	cr_assert_eq(bundle_state(t, why, sizeof why), 'A', "%s", why);
	free(t);
}

/* pack over an earlier archive, killed at random moments: the file is
 * byte-identical to one of the two reference archives (pack is deterministic). */
Test(atomic, pack_kill9_loop, .timeout = 240)
{
	char *t = tracked_tmpdir();
	make_pages(t, "a", 200, "alpha");
	make_pages(t, "b", 200, "beta");
	sh_ok("crawl dirs", run_sh("cd '%s' && for c in a b; do mkdir -p c$c/warc && mv $c.warc.gz c$c/warc/ && "
				   "%s extract c$c -o c$c/extract 2>/dev/null || exit 1; done",
				   t, wark_bin()));
	char args[1024];
	snprintf(args, sizeof args, "pack '%s/ca' -o '%s/refA.wacz' --title T", t, t);
	double whole = timed_wark(args);
	snprintf(args, sizeof args, "pack '%s/cb' -o '%s/refB.wacz' --title T", t, t);
	whole = fmax(whole, timed_wark(args));
	sh_ok("earlier archive", run_sh("cd '%s' && cp refA.wacz out.wacz", t));
	unsigned seed = LOOP_SEED;
	char state = 'A';
	int seen[2] = {0, 0}, n = trials();
	for (int i = 0; i < n; i++) {
		double d = next_delay(&seed, whole * 1.5);
		char in = state == 'A' ? 'b' : 'a';
		struct run r = run_sh("cd '%s' && { %s pack c%c -o out.wacz --title T >/dev/null 2>&1 & p=$!; "
				      "sleep %.3f; kill -9 $p 2>/dev/null; wait $p; true; } && "
				      "if cmp -s out.wacz refA.wacz; then echo A; elif cmp -s out.wacz refB.wacz; then echo B; "
				      "else echo MIX; ls -la; fi",
				      t, wark_bin(), in, d);
		cr_assert(r.out[0] == 'A' || r.out[0] == 'B',
			  "trial %d (seed %u, kill after %.3f s): out.wacz is neither archive:\n%s", i, LOOP_SEED, d, r.out);
		state = r.out[0];
		seen[state - 'A']++;
		run_free(&r);
	}
	fprintf(stderr, "atomic/pack_kill9_loop: %d trials (whole run %.2f s): %d left A, %d left B\n", n, whole,
		seen[0], seen[1]);
	snprintf(args, sizeof args, "pack '%s/ca' -o '%s/out.wacz' --title T", t, t);
	timed_wark(args);
	struct run r = run_sh("cd '%s' && ls out.wacz.part-* 2>/dev/null | wc -l; cmp out.wacz refA.wacz && echo same", t);
	cr_assert(!strncmp(r.out, "0\nsame", 6), "leftovers cleaned, archive whole: %s", r.out);
	run_free(&r);
	free(t);
}

/* No temporaries left on the small file system. */
static void assert_no_part(const char *t)
{
	struct run r = run_sh("ls -a '%s/fs' | grep -c '\\.part-'", t);
	cr_assert_eq(atoi(r.out), 0, "no temporary left: %s", r.out);
	run_free(&r);
}

Test(atomic, full_disk_extract_keeps_the_earlier_bundle, .timeout = 120)
{
	char *t = tracked_tmpdir();
	make_pages(t, "small", 20, "small");
	make_pages(t, "big", 2000, "big");
	mount_fs(t, "size=1m");
	struct run r = run_wark("extract '%s/small.warc.gz' -o '%s/fs/out'", t, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	sh_ok("copy", run_sh("cp -r '%s/fs/out' '%s/earlier'", t, t));
	r = run_wark("extract '%s/big.warc.gz' -o '%s/fs/out'", t, t);
	cr_assert_eq(r.status, 1, "a full disk is exit 1: %s", r.err);
	cr_assert(strstr(r.err, "No space left on device"), "%s", r.err);
	cr_assert(strstr(r.err, "fs/out: nothing written (an earlier output there is unchanged)\n"), "%s", r.err);
	cr_assert(!strstr(r.err, "pages extracted"), "no success summary: %s", r.err);
	run_free(&r);
	sh_ok("earlier bundle intact", run_sh("diff -r '%s/earlier' '%s/fs/out' && %s verify -q '%s'/fs/out/*.wet.gz",
					      t, t, wark_bin(), t));
	assert_no_part(t);
	free(t);
}

Test(atomic, full_disk_index_keeps_the_earlier_index)
{
	char *t = tracked_tmpdir();
	char *w1 = fixture_path("warc/example.warc.gz"), *w2 = fixture_path("warc/post-test.warc.gz");
	mount_fs(t, "size=1m");
	struct run r = run_wark("index '%s' -o '%s/fs/index.cdxj'", w1, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	sh_ok("fill", run_sh("cp '%s/fs/index.cdxj' '%s/earlier' && dd if=/dev/zero of='%s/fs/fill' bs=4k 2>/dev/null; true",
			     t, t, t));
	r = run_wark("index '%s' '%s' -o '%s/fs/index.cdxj'", w1, w2, t);
	cr_assert_eq(r.status, 1, "a full disk is exit 1: %s", r.err);
	cr_assert(strstr(r.err, "index.cdxj: No space left on device; it was left as it was\n"), "%s", r.err);
	run_free(&r);
	sh_ok("earlier index intact", run_sh("cmp '%s/earlier' '%s/fs/index.cdxj'", t, t));
	assert_no_part(t);
	free(w1);
	free(w2);
	free(t);
}

Test(atomic, full_disk_pack_keeps_the_earlier_archive, .timeout = 120)
{
	char *t = tracked_tmpdir();
	make_pages(t, "big", 2000, "big");
	char *w1 = fixture_path("warc/example.warc.gz");
	mount_fs(t, "size=1m");
	struct run r = run_wark("pack '%s' -o '%s/fs/out.wacz'", w1, t);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	sh_ok("copy", run_sh("cp '%s/fs/out.wacz' '%s/earlier.wacz'", t, t));
	r = run_wark("pack '%s/big.warc.gz' -o '%s/fs/out.wacz'", t, t);
	cr_assert_eq(r.status, 1, "a full disk is exit 1: %s", r.err);
	cr_assert(strstr(r.err, "No space left on device"), "%s", r.err);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	cr_assert_str_eq(r.out, "", "no success report");
	run_free(&r);
	sh_ok("earlier archive intact", run_sh("cmp '%s/earlier.wacz' '%s/fs/out.wacz'", t, t));
	assert_no_part(t);
	free(w1);
	free(t);
}

/* An output on a read-only file system: exit 2, one line, for all three. */
Test(atomic, unwritable_output_is_exit_2_for_extract_index_and_pack)
{
	char *t = tracked_tmpdir();
	char *w1 = fixture_path("warc/example.warc.gz");
	mount_fs(t, "ro,size=1m");
	const char *cmds[] = {"extract '%s' -o '%s/fs/out'", "index '%s' -o '%s/fs/index.cdxj'",
			      "pack '%s' -o '%s/fs/out.wacz'", "pack -f bagit '%s' -o '%s/fs/bag/'"};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		struct run r = run_wark(cmds[i], w1, t);
		cr_assert_eq(r.status, 2, "%s: %d %s", cmds[i], r.status, r.err);
		cr_assert_eq(count_lines(r.err), 1, "%s: %s", cmds[i], r.err);
		cr_assert(strstr(r.err, "Read-only file system"), "%s: %s", cmds[i], r.err);
		run_free(&r);
	}
	free(w1);
	free(t);
}
