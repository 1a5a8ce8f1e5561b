/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_replay.c - the ReplayWeb.page harness (tests/replay/replay-check.mjs)
 * against a WACZ known to replay: tests/fixtures/wacz/valid_example_1.wacz.
 *
 * The harness is what later proves that wark's own WACZ files replay, so it
 * is tested both ways here: a page that is in the archive shows its text and
 * is found by the pages search, while missing text, an unarchived URL and a
 * search for words that are not there all fail with exit 1 and say why.
 * Each run starts its own loopback server and headless Chromium and cleans
 * up after itself. The tests skip only when /usr/bin/chromium is absent
 * (make deps installs it), so a missing npm package or vendor file fails,
 * and in the ASan variant, since they run no wark code at all.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/support/support.h"

#define FIXTURE "wacz/valid_example_1.wacz"
#define URL "http://www.example.com/"
/* From the archived payload of URL (a gzip-encoded HTML body) and pages.jsonl. */
#define BODY_TEXT "This domain is for use in illustrative examples"
#define TITLE "Example Domain"

static char *wacz;

static void need_browser(void)
{
	const char *v = getenv("WARK_VARIANT");
	if (v && (!strcmp(v, "asan") || !strcmp(v, "valgrind")))
		cr_skip_test("node + Chromium only, no wark code: runs in the release suite");
	const char *c = getenv("WARK_CHROMIUM");
	if (access(c ? c : "/usr/bin/chromium", X_OK) != 0)
		cr_skip_test("chromium is not installed (make deps installs it)");
	wacz = fixture_path(FIXTURE);
	cr_assert(wacz && access(wacz, R_OK) == 0, "fixture missing: %s", wacz ? wacz : "?");
}

static void done(void)
{
	free(wacz);
	wacz = NULL;
}

static struct run replay_check(const char *args)
{
	return run_sh("node '%s/tests/replay/replay-check.mjs' --wacz '%s' --timeout 60 %s",
		      repo_root(), wacz, args);
}

TestSuite(replay, .init = need_browser, .fini = done, .timeout = 120);

Test(replay, fixture_page_replays_at_its_timestamp_and_search_finds_its_title)
{
	struct run r = replay_check("--url '" URL "' --ts 20201007212236 --text '" BODY_TEXT "' "
				    "--search '" TITLE "'");
	cr_assert_eq(r.status, 0, "exit %d\nstdout: %s\nstderr: %s", r.status, r.out, r.err);
	cr_assert(strstr(r.out, "replay-check: OK:"), "stdout: %s", r.out);
	cr_assert(strstr(r.out, "lists 1 page(s): " URL), "stdout: %s", r.out);
	run_free(&r);
}

Test(replay, text_missing_from_the_page_fails)
{
	struct run r = replay_check("--url '" URL "' --wait 2 --text 'Harrowmere harbour council'");
	cr_assert_eq(r.status, 1, "exit %d\nstderr: %s", r.status, r.err);
	cr_assert(strstr(r.err, "not visible in the replay"), "stderr: %s", r.err);
	/* The message shows what the frame did display: the archived body. */
	cr_assert(strstr(r.err, BODY_TEXT), "stderr: %s", r.err);
	run_free(&r);
}

Test(replay, url_not_in_the_archive_fails)
{
	struct run r = replay_check("--url 'http://www.example.com/not-archived' --wait 1 --text 'Example'");
	cr_assert_eq(r.status, 1, "exit %d\nstderr: %s", r.status, r.err);
	cr_assert(strstr(r.err, "is not in the archive"), "stderr: %s", r.err);
	run_free(&r);
}

Test(replay, search_for_absent_words_fails)
{
	struct run r = replay_check("--url '" URL "' --text '" TITLE "' --search 'lantern festival'");
	cr_assert_eq(r.status, 1, "exit %d\nstderr: %s", r.status, r.err);
	cr_assert(strstr(r.err, "pages search found nothing"), "stderr: %s", r.err);
	run_free(&r);
}

Test(replay, bad_usage_exits_2)
{
	struct run r = run_sh("node '%s/tests/replay/replay-check.mjs' --url x", repo_root());
	cr_assert_eq(r.status, 2, "exit %d", r.status);
	cr_assert(strstr(r.err, "required"), "stderr: %s", r.err);
	run_free(&r);
}

/*
 * A WACZ made by tests/replay/make_wacz.py (by hand, without wark): its
 * pages.jsonl carries the page text, so the full-text search must find words
 * that occur only in the text; --images must notice an image left out.
 */
#define HAND_URL "http://127.0.0.1:9/story.html"

static struct run hand_check(const char *make_flags, const char *args)
{
	char *tmp = make_tmpdir();
	cr_assert(tmp);
	struct run r = run_sh("python3 '%s/tests/replay/make_wacz.py' '%s/t.wacz' %s && "
			      "node '%s/tests/replay/replay-check.mjs' --wacz '%s/t.wacz' --timeout 60 "
			      "--url '" HAND_URL "' %s",
			      repo_root(), tmp, make_flags, repo_root(), tmp, args);
	rm_rf(tmp);
	free(tmp);
	return r;
}

Test(replay, handmade_wacz_text_search_and_images)
{
	struct run r = hand_check("", "--text 'Harbour lanterns return' --images --search 'cormorant regatta'");
	cr_assert_eq(r.status, 0, "exit %d\nstdout: %s\nstderr: %s", r.status, r.out, r.err);
	cr_assert(strstr(r.out, "with all 1 image(s)"), "stdout: %s", r.out);
	cr_assert(strstr(r.out, "lists 1 page(s): " HAND_URL), "stdout: %s", r.out);
	run_free(&r);
}

Test(replay, image_missing_from_the_archive_fails)
{
	struct run r = hand_check("--omit-image", "--text 'Harbour lanterns return' --images");
	cr_assert_eq(r.status, 1, "exit %d\nstderr: %s", r.status, r.err);
	cr_assert(strstr(r.err, "1 of 1 image(s) missing from the replay: http://127.0.0.1:9/pic.png"),
		  "stderr: %s", r.err);
	run_free(&r);
}

Test(replay, full_text_search_needs_the_page_text)
{
	struct run r = hand_check("--no-text", "--text 'Harbour lanterns return' --search 'cormorant regatta'");
	cr_assert_eq(r.status, 1, "exit %d\nstderr: %s", r.status, r.err);
	cr_assert(strstr(r.err, "pages search found nothing"), "stderr: %s", r.err);
	run_free(&r);
}
