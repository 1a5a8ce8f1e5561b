/* SPDX-License-Identifier: Apache-2.0 */
/* test_warc_strset.c - the bounded set of strings (warc/strset.c), e.g. the URLs in front of the frontier's seen table. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "warc/warc.h"

Test(strset, holds_what_was_added_across_growth)
{
	warc_strset s;
	warc_strset_init(&s, 64u << 20);
	cr_assert(!warc_strset_has(&s, "http://a/"));
	char url[64];
	for (int i = 0; i < 5000; i++) {
		snprintf(url, sizeof url, "http://example.com/%d", i);
		cr_assert_eq(warc_strset_add(&s, url), WARC_OK);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(url, sizeof url, "http://example.com/%d", i);
		cr_assert(warc_strset_has(&s, url), "%s", url);
		snprintf(url, sizeof url, "http://example.com/%d/", i);
		cr_assert(!warc_strset_has(&s, url), "%s", url);
	}
	cr_assert(!warc_strset_has(&s, ""));
	cr_assert_eq(s.count, 5000);
	cr_assert_eq(s.cap & (s.cap - 1), 0, "power of two");
	cr_assert_leq(s.count * 4, s.cap * 3);
	warc_strset_free(&s);
	cr_assert(!warc_strset_has(&s, "http://example.com/1"));
}

Test(strset, stops_growing_at_its_bound_and_stays_exact)
{
	warc_strset s;
	warc_strset_init(&s, 64u << 20);
	static char big[1u << 20];
	memset(big, 'a', sizeof big - 16);
	int added = 0;
	for (int i = 0; i < 80; i++) { /* 80 MiB of URLs: more than the bound */
		snprintf(big + sizeof big - 16, 16, "%d", i);
		int rc = warc_strset_add(&s, big);
		cr_assert(rc == WARC_OK || rc == WARC_ERR_TOOBIG, "rc %d", rc);
		cr_assert_eq(rc == WARC_OK, warc_strset_has(&s, big), "added exactly when WARC_OK");
		added += warc_strset_has(&s, big);
	}
	cr_assert(added > 10 && added < 80, "%d kept", added);
	cr_assert_leq(s.bytes, 64u << 20);
	snprintf(big + sizeof big - 16, 16, "%d", 79);
	cr_assert(!warc_strset_has(&s, big), "one past the bound was not kept");
	warc_strset_free(&s);
}
