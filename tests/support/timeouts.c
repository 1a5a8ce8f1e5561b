/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timeouts.c - stretch every Criterion timeout by $WARK_TIMEOUT_SCALE.
 *
 * A test's .timeout is a hang check sized for a native build; under
 * valgrind (make valgrind) each wark run is 20-50 times slower, so
 * tests/run.sh sets WARK_TIMEOUT_SCALE for that variant. The runner calls
 * PRE_ALL before it spawns any worker, and the workers take their time
 * limit from these same descriptors, so scaling them here is enough.
 * Unset or not a number above 1: nothing changes.
 */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <criterion/internal/ordered-set.h>
#include <stdlib.h>

static void scale(struct criterion_test_extra_data *d, double k)
{
	if (d && d->timeout > 0)
		d->timeout *= k;
}

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	const char *s = getenv("WARK_TIMEOUT_SCALE");
	double k = s ? strtod(s, NULL) : 0;
	if (!(k > 1))
		return;
	for (struct criterion_ordered_set_node *sn = set->suites->first; sn; sn = sn->next) {
		struct criterion_suite_set *ss = (void *)(sn + 1);
		scale(ss->suite.data, k);
		if (!ss->tests)
			continue;
		for (struct criterion_ordered_set_node *tn = ss->tests->first; tn; tn = tn->next) {
			struct criterion_test *t = (void *)(tn + 1);
			scale(t->data, k);
		}
	}
}
