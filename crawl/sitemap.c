/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sitemap.c - <loc> entries of sitemaps and sitemap indexes (sitemaps.org).
 *
 * Design: libxml2's streaming xmlTextReader, so a 50 MB sitemap is walked
 * without building a tree, with network access, DTD loading and entity
 * substitution off (no XXE). Elements are matched by local name, so any
 * namespace prefix works; <loc> counts only directly under <url> (a page) or
 * <sitemap> (a child sitemap, *is_index set), and <image:loc> of Google's
 * image extension under <url> is reported as a requisite. Bounded: input
 * over CRAWL_SITEMAP_MAX_BYTES is refused, entries past CRAWL_SITEMAP_MAX_URLS ignored,
 * as the protocol's own limits say. A document that is not XML is read as
 * the protocol's plain-text form: one URL per line.
 */
#include "crawl/crawl.h"

#include <ctype.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char IMAGE_NS[] = "http://www.google.com/schemas/sitemap-image/1.1";

static int report(const char *loc, size_t n, const char *sitemap_url, crawl_link_kind kind,
		  crawl_link_fn fn, void *ctx)
{
	while (n > 0 && isspace((unsigned char)*loc)) {
		loc++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)loc[n - 1]))
		n--;
	if (n == 0)
		return 0;
	char *ref = strndup(loc, n);
	if (!ref)
		return 0;
	warc_buf abs;
	warc_buf_init(&abs, CRAWL_SITEMAP_LOC_MAX * 3);
	warc_error e;
	int rc = 0;
	if (crawl_url_resolve(sitemap_url, ref, &abs, &e) == WARC_OK)
		rc = fn(ctx, abs.data, kind);
	warc_buf_free(&abs);
	free(ref);
	return rc;
}

static int plain_text(const char *s, size_t len, const char *sitemap_url, crawl_link_fn fn, void *ctx)
{
	size_t i = 0, count = 0;
	while (i < len && count < CRAWL_SITEMAP_MAX_URLS) {
		size_t st = i;
		while (i < len && s[i] != '\n' && s[i] != '\r')
			i++;
		if (i > st) {
			int rc = report(s + st, i - st, sitemap_url, CRAWL_LINK_NAV, fn, ctx);
			if (rc)
				return rc;
			count++;
		}
		while (i < len && (s[i] == '\n' || s[i] == '\r'))
			i++;
	}
	return WARC_OK;
}

static bool name_is(const xmlChar *n, const char *want)
{
	return n && !strcmp((const char *)n, want);
}

int crawl_links_sitemap(const char *xml, size_t len, const char *sitemap_url, crawl_link_fn fn, void *ctx,
			bool *is_index, warc_error *err)
{
	if ((!xml && len) || !fn)
		return warc_fail(err, WARC_ERR_USAGE, "crawl_links_sitemap: NULL argument");
	bool idx_dummy;
	if (!is_index)
		is_index = &idx_dummy;
	*is_index = false;
	if (len > CRAWL_SITEMAP_MAX_BYTES)
		return warc_fail(err, WARC_ERR_TOOBIG, "sitemap larger than %u bytes", CRAWL_SITEMAP_MAX_BYTES);
	size_t skip = 0;
	if (len >= 3 && !memcmp(xml, "\xEF\xBB\xBF", 3))
		skip = 3;
	while (skip < len && isspace((unsigned char)xml[skip]))
		skip++;
	if (skip == len)
		return WARC_OK;
	if (xml[skip] != '<')
		return plain_text(xml + skip, len - skip, sitemap_url, fn, ctx);

	xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, sitemap_url, NULL,
						XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
							XML_PARSE_RECOVER | XML_PARSE_NOCDATA);
	if (!r)
		return warc_fail(err, WARC_ERR_FORMAT, "sitemap is not XML");

	/* local names of the open elements */
	char stack[CRAWL_SITEMAP_DEPTH_MAX][16];
	int depth = 0;
	warc_buf loc;
	warc_buf_init(&loc, CRAWL_SITEMAP_LOC_MAX);
	bool in_loc = false, loc_overflow = false;
	crawl_link_kind loc_kind = CRAWL_LINK_NAV;
	size_t count = 0;
	int rc = WARC_OK, ret;
	bool saw_root = false;
	while (rc == WARC_OK && (ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			const xmlChar *ln = xmlTextReaderConstLocalName(r);
			const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
			bool empty = xmlTextReaderIsEmptyElement(r);
			if (!saw_root) {
				saw_root = true;
				if (!name_is(ln, "urlset") && !name_is(ln, "sitemapindex"))
					break;  /* RSS, Atom, HTML...: not a sitemap; no entries */
				*is_index = name_is(ln, "sitemapindex");
			}
			if (name_is(ln, "loc") && depth >= 1 && !empty) {
				const char *parent = stack[depth - 1];
				bool img = ns && name_is(ns, IMAGE_NS) && !strcmp(parent, "image") && depth >= 2 &&
					   !strcmp(stack[depth - 2], "url");
				if (!img && depth == 2 && (!strcmp(parent, "url") || !strcmp(parent, "sitemap"))) {
					in_loc = true;
					loc_kind = CRAWL_LINK_NAV;
				} else if (img) {
					in_loc = true;
					loc_kind = CRAWL_LINK_REQUISITE;
				}
				warc_buf_reset(&loc);
				loc_overflow = false;
			}
			if (!empty) {
				if (depth >= CRAWL_SITEMAP_DEPTH_MAX) {
					rc = warc_fail(err, WARC_ERR_TOOBIG, "sitemap nested deeper than %d",
						       CRAWL_SITEMAP_DEPTH_MAX);
					break;
				}
				snprintf(stack[depth], sizeof stack[depth], "%s", ln ? (const char *)ln : "");
				depth++;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (depth > 0)
				depth--;
			if (in_loc) {
				in_loc = false;
				if (!loc_overflow && count < CRAWL_SITEMAP_MAX_URLS) {
					count++;
					rc = report(loc.data ? loc.data : "", loc.len, sitemap_url, loc_kind, fn, ctx);
				}
			}
		} else if (in_loc && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
				      type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
				      type == XML_READER_TYPE_WHITESPACE)) {
			const xmlChar *v = xmlTextReaderConstValue(r);
			if (v && warc_buf_addstr(&loc, (const char *)v) != WARC_OK)
				loc_overflow = true;
		}
	}
	warc_buf_free(&loc);
	xmlFreeTextReader(r);
	return rc;
}
