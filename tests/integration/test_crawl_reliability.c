/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crawl_reliability.c - 'wark crawl' on its worst days: the disk fills
 * up with several fetches in flight (a 2 MB tmpfs, three slow hosts), and
 * a usage error, which must create nothing.
 *
 * The full-disk test mounts a tmpfs (the suite runs as root); where mounting
 * is not permitted it is skipped with a message.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support/crawltest.h"

static char *tmp;
static char small[4200];
static bool mounted;
static int srv_pid = -1;

static void teardown(void)
{
	crawl_pyserver_stop(srv_pid);
	srv_pid = -1;
	if (mounted) {
		struct run r = run_sh("umount %s", small);
		run_free(&r);
		mounted = false;
	}
	if (tmp) {
		rm_rf(tmp);
		free(tmp);
		tmp = NULL;
	}
}

/* TMP/small: a tmpfs of size; false when mounting is not permitted. */
static bool mount_small(const char *size)
{
	tmp = make_tmpdir();
	cr_assert_not_null(tmp);
	snprintf(small, sizeof small, "%s/small", tmp);
	cr_assert_eq(mkdir(small, 0777), 0);
	struct run r = run_sh("mount -t tmpfs -o size=%s tmpfs %s", size, small);
	mounted = r.status == 0;
	run_free(&r);
	return mounted;
}

Test(crawl_reliability, full_disk_exits_1_keeps_records_and_resumes, .timeout = 120, .fini = teardown)
{
	if (!mount_small("2m")) {
		cr_skip_test("cannot mount a tmpfs here (not root?): full-disk crawl not tested");
		return;
	}
	int port;
	srv_pid = crawl_pyserver_start("fillsrv.py", tmp, &port);
	cr_assert_gt(srv_pid, 0, "fillsrv.py did not start");
	char resolve[512], seed[128];
	snprintf(resolve, sizeof resolve,
		 "--resolve a.test:%d:127.0.0.1 --resolve b.test:%d:127.0.0.1 --resolve c.test:%d:127.0.0.1", port,
		 port, port);
	snprintf(seed, sizeof seed, "http://a.test:%d/", port);
	/* Three hosts answering in 20 ms: several fetches are in flight when the
	 * disk fills (the crash of issue 11 needed that: 2 or 3 runs in 6). */
	for (int trial = 0; trial < 6; trial++) {
		struct run r = run_wark("crawl -q %s --scope domain --include '\\.test:' %s -o %s/cr%d", resolve, seed,
					small, trial);
		cr_assert_eq(r.status, 1, "trial %d: exit %d (want 1): %s", trial, r.status, r.err);
		cr_assert(strstr(r.err, "disk full") && strstr(r.err, "No space left on device"),
			  "trial %d: no clear message: %s", trial, r.err);
		cr_assert(!strstr(r.err, "AddressSanitizer") && !strstr(r.err, "runtime error"), "%s", r.err);
		run_free(&r);
		/* What was written is whole: every complete record, no torn one. */
		r = run_wark("verify -q %s/cr%d/warc/*.warc.gz*", small, trial);
		cr_assert_eq(r.status, 0, "trial %d: verify: %s%s", trial, r.out, r.err);
		run_free(&r);
		if (trial == 5)
			break; /* the last one is resumed below */
		r = run_sh("rm -rf %s/cr%d", small, trial); /* room for the next trial */
		run_free(&r);
	}
	/* With space again, the first crawl goes on where it stopped. */
	struct run r = run_sh("mount -o remount,size=64m %s", small);
	cr_assert_eq(r.status, 0, "remount: %s", r.err);
	run_free(&r);
	r = run_wark("crawl -q --resume --max-pages 80 -o %s/cr5", small);
	cr_assert_eq(r.status, 0, "resume after the disk filled: %s", r.err);
	run_free(&r);
	r = run_sh("ls %s/cr5/warc | grep -c '\\.open$'", small);
	cr_assert_eq(atoi(r.out), 0, "open WARC files left: %s", r.out);
	run_free(&r);
	r = run_wark("verify -q %s/cr5/warc/*.warc.gz", small);
	cr_assert_eq(r.status, 0, "verify after resume: %s%s", r.out, r.err);
	run_free(&r);
	r = run_sh("grep -c '' %s/cr5/index.cdxj", small);
	cr_assert_geq(atoi(r.out), 80, "index after resume: %s", r.out);
	run_free(&r);
}

static void rm_tmp(void)
{
	teardown();
}

/* One line on stderr, exit 2, and DIR as it was: absent, or untouched. */
static void assert_usage_creates_nothing(const char *args, const char *want)
{
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/D", tmp);
	struct run r = run_wark("crawl %s -o %s", args, dir);
	cr_assert_eq(r.status, 2, "%s: exit %d: %s", args, r.status, r.err);
	cr_assert_eq(count_lines(r.err), 1, "%s: not one line: %s", args, r.err);
	cr_assert(strstr(r.err, want), "%s: message %s lacks %s", args, r.err, want);
	run_free(&r);
	struct stat st;
	cr_assert_neq(stat(dir, &st), 0, "%s: created %s", args, dir);
	/* an existing directory is left as it was */
	cr_assert_eq(mkdir(dir, 0777), 0);
	r = run_wark("crawl %s -o %s", args, dir);
	cr_assert_eq(r.status, 2, "%s: exit %d: %s", args, r.status, r.err);
	run_free(&r);
	r = run_sh("ls -A %s | wc -l", dir);
	cr_assert_eq(atoi(r.out), 0, "%s: wrote into the existing %s", args, dir);
	run_free(&r);
	cr_assert_eq(rmdir(dir), 0);
}

Test(crawl_reliability, usage_errors_create_nothing, .fini = rm_tmp)
{
	tmp = make_tmpdir();
	cr_assert_not_null(tmp);
	assert_usage_creates_nothing("--include '(' http://127.0.0.1:1/",
				     "--include '(': bad regex at offset 1: missing closing parenthesis");
	assert_usage_creates_nothing("--exclude '[' http://127.0.0.1:1/", "--exclude '[': bad regex");
	assert_usage_creates_nothing("ftp://x/", "seed 'ftp://x/': not an http(s) URL");
	assert_usage_creates_nothing("file:///etc/passwd", "seed 'file:///etc/passwd': not an http(s) URL");
	assert_usage_creates_nothing("'not a url'", "seed 'not a url': not an absolute URL");
	assert_usage_creates_nothing("http://127.0.0.1:1/ --depth x", "--depth");
	/* --resume of a directory without a crawl creates nothing either */
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/D", tmp);
	struct run r = run_wark("crawl --resume -o %s", dir);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert_eq(count_lines(r.err), 1, "not one line: %s", r.err);
	cr_assert(strstr(r.err, "holds no crawl to resume"), "%s", r.err);
	run_free(&r);
	struct stat st;
	cr_assert_neq(stat(dir, &st), 0, "--resume created %s", dir);
	/* the corrected command then works on the same directory */
	r = run_wark("crawl -q http://127.0.0.1:1/ --retries 0 -o %s", dir);
	cr_assert_eq(r.status, 1, "%s", r.err); /* nothing listens there: no seed captured */
	cr_assert(!strstr(r.err, "already holds a crawl"), "%s", r.err);
	run_free(&r);
}

/* An output directory nobody may write in (immutable, as root) is named
 * with the system's reason, before anything else is tried. */
Test(crawl_reliability, unwritable_directory_is_named_with_the_reason, .fini = rm_tmp)
{
	tmp = make_tmpdir();
	cr_assert_not_null(tmp);
	char ro[4200];
	snprintf(ro, sizeof ro, "%s/ro", tmp);
	cr_assert_eq(mkdir(ro, 0555), 0);
	struct run r = run_sh("chattr +i %s", ro);
	bool immutable = r.status == 0;
	run_free(&r);
	if (!immutable && geteuid() == 0) {
		cr_skip_test("chattr +i not possible here: unwritable directory not tested");
		return;
	}
	r = run_wark("crawl -q http://127.0.0.1:1/ -o %s/sub", ro);
	bool sub_ok = r.status == 1 && strstr(r.err, "cannot create the output directory") && strstr(r.err, ro) &&
		      count_lines(r.err) == 1;
	char *sub_err = strdup(r.err);
	run_free(&r);
	r = run_wark("crawl -q http://127.0.0.1:1/ -o %s", ro);
	bool dir_ok = r.status == 1 && strstr(r.err, "cannot write in the output directory") && strstr(r.err, ro) &&
		      count_lines(r.err) == 1 && !strstr(r.err, "cannot save the options");
	char *dir_err = strdup(r.err);
	run_free(&r);
	if (immutable) {
		r = run_sh("chattr -i %s", ro);
		run_free(&r);
	}
	cr_assert(sub_ok, "new directory in an unwritable one: %s", sub_err);
	cr_assert(dir_ok, "unwritable directory: %s", dir_err);
	free(sub_err);
	free(dir_err);
}
