/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_warc_atomic.c - warc/atomic.c: a file or directory appears under its final
 * name only whole, an earlier directory is replaced in one step, an abort
 * leaves nothing, and leftovers of dead writers are cleaned while a live
 * writer's temporary is kept.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support/support.h"
#include "warc/warc.h"

static char *join(const char *a, const char *b)
{
	char *p = NULL;
	cr_assert(asprintf(&p, "%s/%s", a, b) > 0);
	return p;
}

static bool exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

/* Entries of dir whose names contain ".part-" or ".old-". */
static int temporaries(const char *dir)
{
	struct run r = run_sh("ls -a '%s' | grep -c -e '\\.part-' -e '\\.old-'", dir);
	int n = atoi(r.out);
	run_free(&r);
	return n;
}

Test(warc_atomic, file_appears_whole_on_commit_and_not_at_all_on_abort)
{
	char *d = make_tmpdir(), *f = join(d, "index.cdxj");
	warc_atomic a;
	warc_error err;
	cr_assert_eq(warc_atomic_open(&a, f, false, &err), WARC_OK, "%s", err.msg);
	FILE *s = warc_atomic_stream(&a);
	cr_assert(s);
	fputs("line\n", s);
	cr_assert_not(exists(f), "nothing under the final name while writing");
	cr_assert_eq(temporaries(d), 1);
	cr_assert_eq(warc_atomic_commit(&a, &err), WARC_OK, "%s", err.msg);
	char *text = read_file(f, NULL);
	cr_assert_str_eq(text, "line\n");
	free(text);
	cr_assert_eq(temporaries(d), 0);
	/* an aborted rewrite leaves the earlier file */
	cr_assert_eq(warc_atomic_open(&a, f, false, &err), WARC_OK, "%s", err.msg);
	cr_assert_eq(write(a.fd, "partial", 7), 7);
	warc_atomic_abort(&a);
	text = read_file(f, NULL);
	cr_assert_str_eq(text, "line\n");
	free(text);
	cr_assert_eq(temporaries(d), 0);
	rm_rf(d);
	free(f);
	free(d);
}

Test(warc_atomic, directory_replaces_an_earlier_one_in_one_step)
{
	char *d = make_tmpdir(), *out = join(d, "out"), *old = join(out, "old.txt"), *fresh = join(out, "new.txt");
	cr_assert_eq(mkdir(out, 0755), 0);
	cr_assert_eq(write_file(old, "old", 3), 0);
	warc_atomic a;
	warc_error err;
	cr_assert_eq(warc_atomic_open(&a, out, true, &err), WARC_OK, "%s", err.msg);
	char *inside = join(a.tmp_path, "new.txt");
	cr_assert_eq(write_file(inside, "new", 3), 0);
	cr_assert(exists(old), "the earlier tree stays until commit");
	cr_assert_eq(warc_atomic_commit(&a, &err), WARC_OK, "%s", err.msg);
	cr_assert(exists(fresh));
	cr_assert_not(exists(old), "the earlier tree was replaced whole");
	cr_assert_eq(temporaries(d), 0, "the earlier tree is removed");
	rm_rf(d);
	free(inside);
	free(out);
	free(old);
	free(fresh);
	free(d);
}

Test(warc_atomic, open_cleans_dead_writers_leftovers_and_keeps_live_ones)
{
	char *d = make_tmpdir(), *f = join(d, "x.wacz"), *dead = join(d, "x.wacz.part-AAAAAA"),
	     *deaddir = join(d, "x.wacz.part-BBBBBB"), *live = join(d, "x.wacz.part-CCCCCC"),
	     *other = join(d, "y.wacz.part-DDDDDD");
	cr_assert_eq(write_file(dead, "x", 1), 0);
	cr_assert_eq(mkdir(deaddir, 0755), 0);
	cr_assert_eq(write_file(live, "x", 1), 0);
	cr_assert_eq(write_file(other, "x", 1), 0);
	int hold = open(live, O_RDONLY);
	cr_assert_eq(flock(hold, LOCK_EX), 0, "a live writer holds its lock");
	warc_atomic a;
	warc_error err;
	cr_assert_eq(warc_atomic_open(&a, f, false, &err), WARC_OK, "%s", err.msg);
	cr_assert_not(exists(dead));
	cr_assert_not(exists(deaddir));
	cr_assert(exists(live), "a live writer's temporary is left alone");
	cr_assert(exists(other), "another output's temporary is not touched");
	warc_atomic_abort(&a);
	close(hold);
	rm_rf(d);
	free(f);
	free(dead);
	free(deaddir);
	free(live);
	free(other);
	free(d);
}

Test(warc_atomic, check_and_open_name_the_output_and_the_reason)
{
	warc_atomic a;
	warc_error err;
	cr_assert_eq(warc_atomic_check("/nonexistent-dir/x.wacz", &err), WARC_ERR_IO);
	cr_assert_str_eq(err.msg, "/nonexistent-dir/x.wacz: No such file or directory");
	cr_assert_eq(warc_atomic_check("/dev/null/x", &err), WARC_ERR_IO);
	cr_assert_str_eq(err.msg, "/dev/null/x: Not a directory");
	cr_assert_eq(warc_atomic_open(&a, "/nonexistent-dir/x", true, &err), WARC_ERR_IO);
	cr_assert_str_eq(err.msg, "/nonexistent-dir/x: No such file or directory");
	cr_assert_null(a.tmp_path);
	char *d = make_tmpdir();
	cr_assert_eq(warc_atomic_check(d, &err), WARC_OK, "%s", err.msg);
	rm_rf(d);
	free(d);
}
