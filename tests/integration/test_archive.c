/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_archive.c - 'wark archive' end to end on the bundled sample site
 * (tools/samplesite, served on 127.0.0.1 by tools/samplesite/serve.py):
 * unfetchable seeds fail with one clear line and leave no package, a run
 * killed with SIGKILL and resumed gives the same captures as a clean run,
 * and the README's set-up commands work in a clean clone.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "tests/support/support.h"

struct site {
	char *dir;      /* temp dir: site/, outputs */
	pid_t pid;
	int port;
};

static void site_start(struct site *s, int per_section)
{
	s->port = 0;
	s->dir = make_tmpdir();
	cr_assert(s->dir);
	/* serve first, then generate: the generator needs the origin for sitemap and canonical URLs */
	struct run r = run_sh("mkdir -p '%s/site' && cd '%s' && "
			      "(python3 tools/samplesite/serve.py '%s/site' --port-file '%s/port' >/dev/null 2>&1 & echo $!)",
			      s->dir, repo_root(), s->dir, s->dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	s->pid = (pid_t)atoi(r.out);
	run_free(&r);
	char portfile[512];
	snprintf(portfile, sizeof portfile, "%s/port", s->dir);
	for (int i = 0; i < 100 && !s->port; i++) {
		char *p = read_file(portfile, NULL);
		if (p && atoi(p) > 0)
			s->port = atoi(p);
		free(p);
		if (!s->port)
			usleep(100000);
	}
	cr_assert_gt(s->port, 0, "sample site server did not start");
	r = run_sh("cd '%s' && python3 tools/samplesite/gen.py '%s/site' --per-section %d "
		   "--base-url http://127.0.0.1:%d >/dev/null", repo_root(), s->dir, per_section, s->port);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
}

static void site_stop(struct site *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		struct run r = run_sh("for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 %d 2>/dev/null || exit 0; sleep 0.1; done",
				      (int)s->pid);
		run_free(&r);
	}
	rm_rf(s->dir);
	free(s->dir);
}

/* Sorted "url digest" lines of the response records of a crawl directory. */
static char *captures(const char *name)
{
	struct run r = run_sh("%s index %s/warc/*.warc.gz | grep -v '\"mime\": \"warc/revisit\"' | "
			      "sed -n 's/.*\"url\": \"\\([^\"]*\\)\".*\"digest\": \"\\([^\"]*\\)\".*/\\1 \\2/p' | "
			      "grep -v '/robots.txt ' | LC_ALL=C sort -u",
			      wark_bin(), name);
	cr_assert_eq(r.status, 0, "%s", r.err);
	free(r.err);
	return r.out;
}

Test(archive, refused_connection_fails_with_one_line_and_no_package, .timeout = 60)
{
	/* a loopback port nobody listens on */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	int port = ntohs(a.sin_port);
	close(fd);
	char *dir = make_tmpdir();
	struct run r = run_wark("archive -q --retries 0 http://127.0.0.1:%d/ -o %s/x", port, dir);
	cr_expect_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "wark archive: nothing archived"), "%s", r.err);
	cr_expect(strstr(r.err, "127.0.0.1"), "the reason names the URL: %s", r.err);
	char wacz[512];
	snprintf(wacz, sizeof wacz, "%s/x.wacz", dir);
	cr_expect_neq(access(wacz, F_OK), 0, "no package left behind");
	run_free(&r);
	rm_rf(dir);
	free(dir);
}

Test(archive, not_found_seed_fails_and_leaves_no_package, .timeout = 60)
{
	struct site s;
	site_start(&s, 2);
	struct run r = run_wark("archive -q http://127.0.0.1:%d/no-such-page.html -o %s/gone", s.port, s.dir);
	cr_expect_eq(r.status, 1, "exit %d: %s%s", r.status, r.out, r.err);
	cr_expect(strstr(r.err, "nothing archived") && strstr(r.err, " 404 "), "%s", r.err);
	char wacz[512];
	snprintf(wacz, sizeof wacz, "%s/gone.wacz", s.dir);
	cr_expect_neq(access(wacz, F_OK), 0, "no package left behind");
	run_free(&r);
	site_stop(&s);
}

Test(archive, killed_then_resumed_equals_a_clean_run, .timeout = 180)
{
	const char *v = getenv("WARK_VARIANT");
	if (v && !strcmp(v, "valgrind"))
		cr_skip_test("kills the crawl 1.2 s in: under valgrind it has not started yet");
	struct site s;
	site_start(&s, 4);
	/* the clean run */
	struct run r = run_wark("archive -q --delay 20 http://127.0.0.1:%d/ -o %s/clean", s.port, s.dir);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "verified"), "%s", r.out);
	run_free(&r);
	/* the interrupted run: SIGKILL while the crawl is under way, then --resume */
	r = run_sh("%s archive -q --delay 60 --host-connections 1 http://127.0.0.1:%d/ -o %s/resumed >/dev/null 2>&1 & "
		   "pid=$!; sleep 1.2; kill -9 $pid; wait $pid; echo $?",
		   wark_bin(), s.port, s.dir);
	cr_assert_eq(atoi(r.out), 137, "the run was killed mid-crawl (exit %s)", r.out);
	run_free(&r);
	char wacz[512];
	snprintf(wacz, sizeof wacz, "%s/resumed.wacz", s.dir);
	cr_expect_neq(access(wacz, F_OK), 0, "no package from the killed run");
	r = run_wark("archive -q --resume -o %s/resumed", s.dir);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_free(&r);
	r = run_wark("verify %s/resumed.wacz", s.dir);
	cr_expect_eq(r.status, 0, "%s", r.out);
	run_free(&r);
	char clean[512], resumed[512];
	snprintf(clean, sizeof clean, "%s/clean", s.dir);
	snprintf(resumed, sizeof resumed, "%s/resumed", s.dir);
	char *a = captures(clean), *b = captures(resumed);
	cr_expect_gt(count_lines(a), 20, "the clean run captured the site:\n%s", a);
	cr_expect_str_eq(a, b, "same URLs and payload digests");
	free(a);
	free(b);
	site_stop(&s);
}

Test(archive, readme_commands_work_in_a_clean_clone, .timeout = 600)
{
	const char *variant = getenv("WARK_VARIANT");
	if (variant && (!strcmp(variant, "asan") || !strcmp(variant, "valgrind")))
		cr_skip_test("builds its own release binary: runs in the release suite");
	/* the README names exactly two set-up commands, and CI runs the test one */
	char *readme = read_file("README.md", NULL);
	cr_assert(readme);
	cr_expect(strstr(readme, "\nmake demo ") && strstr(readme, "\nmake test "), "README set-up commands");
	free(readme);
	char *ci = read_file(".ci/run", NULL);
	cr_assert(ci);
	cr_expect(strstr(ci, "\nmake test\n"), ".ci/run runs the README's test command: %s", ci);
	free(ci);
	/* a clean clone of what is committed, alone in an empty directory as a user has it */
	char *dir = make_tmpdir();
	struct run r = run_sh("git clone -q '%s' '%s/wark' && "
			      "cd '%s/wark' && make demo > demo.log 2>&1; echo \"exit $?\"; tail -5 demo.log",
			      repo_root(), dir, dir);
	cr_expect(strstr(r.out, "exit 0"), "make demo in a clean clone:\n%s", r.out);
	cr_expect(strstr(r.out, "demo: OK"), "%s", r.out);
	run_free(&r);
	rm_rf(dir);
	free(dir);
}
