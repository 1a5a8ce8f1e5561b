/* test_crawl_seen.c - the bounded URL set in front of the frontier's seen table (crawl/seen.c). */
#include <criterion/criterion.h>
#include <stdio.h>

#include "crawl/engine_internal.h"

Test(crawl_seen, holds_what_was_added_across_growth)
{
	crawl_seen s;
	crawl_seen_init(&s);
	cr_assert(!crawl_seen_has(&s, "http://a/"));
	char url[64];
	for (int i = 0; i < 5000; i++) {
		snprintf(url, sizeof url, "http://example.com/%d", i);
		crawl_seen_add(&s, url);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(url, sizeof url, "http://example.com/%d", i);
		cr_assert(crawl_seen_has(&s, url), "%s", url);
		snprintf(url, sizeof url, "http://example.com/%d/", i);
		cr_assert(!crawl_seen_has(&s, url), "%s", url);
	}
	cr_assert(!crawl_seen_has(&s, ""));
	cr_assert_eq(s.n, 5000);
	cr_assert_eq(s.cap & (s.cap - 1), 0, "power of two");
	cr_assert_leq(s.n * 4, s.cap * 3);
	crawl_seen_free(&s);
	cr_assert(!crawl_seen_has(&s, "http://example.com/1"));
}

Test(crawl_seen, stops_growing_at_its_bound_and_stays_exact)
{
	crawl_seen s;
	crawl_seen_init(&s);
	static char big[1u << 20];
	memset(big, 'a', sizeof big - 16);
	int added = 0;
	for (int i = 0; i < 80; i++) { /* 80 MiB of URLs: more than the bound */
		snprintf(big + sizeof big - 16, 16, "%d", i);
		crawl_seen_add(&s, big);
		added += crawl_seen_has(&s, big);
	}
	cr_assert(added > 10 && added < 80, "%d kept", added);
	cr_assert_leq(s.bytes, 64u << 20);
	snprintf(big + sizeof big - 16, 16, "%d", 79);
	cr_assert(!crawl_seen_has(&s, big), "one past the bound was not kept");
	crawl_seen_free(&s);
}
