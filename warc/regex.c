/* SPDX-License-Identifier: Apache-2.0 */
/*
 * regex.c - lists of PCRE2 patterns, searched in a string.
 *
 * One mechanic for every "URL matching any of these" option (crawl's
 * --include/--exclude, ls --url-regex): UTF-8 patterns that also match
 * subjects with invalid UTF-8, compiled once with JIT when available,
 * searched (not anchored) in the whole string. The valgrind build
 * (WARK_VALGRIND) does without the JIT: its code reads whole 16-byte words
 * across the end of a subject string, which cannot fault but which memcheck
 * reports as invalid reads.
 */
#include "warc/warc.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

int warc_regex_list_add(warc_regex_list *l, const char *re, warc_error *err)
{
	if (!re)
		return warc_fail(err, WARC_ERR_USAGE, "NULL regex");
	int code;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
				      &code, &off, NULL);
	if (!c) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		return warc_fail(err, WARC_ERR_USAGE, "bad regex at offset %zu: %s", (size_t)off, (char *)msg);
	}
#ifndef WARK_VALGRIND
	(void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);  /* falls back to the interpreter if unavailable */
#endif
	void **v = realloc(l->v, (l->n + 1) * sizeof *v);
	if (!v) {
		pcre2_code_free(c);
		return warc_fail(err, WARC_ERR_NOMEM, "out of memory");
	}
	l->v = v;
	l->v[l->n++] = c;
	return WARC_OK;
}

bool warc_regex_list_any(const warc_regex_list *l, const char *s)
{
	bool hit = false;
	for (size_t i = 0; i < l->n && !hit; i++) {
		pcre2_code *c = l->v[i];
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
		if (!md)
			return false;
		hit = pcre2_match(c, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) >= 0;
		pcre2_match_data_free(md);
	}
	return hit;
}

void warc_regex_list_free(warc_regex_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		pcre2_code_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
