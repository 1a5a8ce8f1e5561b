/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cdxj.c - serialise index entries as CDXJ and classic 11-field CDX lines.
 *
 * CDXJ follows cdxj-indexer byte for byte: "surt ts {json}" with the keys
 * url, mime, status, digest, length, offset, filename (then method and
 * requestBody for non-GET captures), numbers written as strings, and Python json.dumps
 * formatting (", " and ": " separators, non-ASCII escaped as \uXXXX). The
 * JSON string escaper is a dozen lines here rather than jansson because
 * jansson refuses strings that are not valid UTF-8, and archived URLs are
 * not always: invalid bytes are written as \u00XX (read as Latin-1), so
 * every line is valid ASCII JSON whatever the input.
 */
#include "warc/warc.h"

#include <string.h>

static int json_string(warc_buf *out, const char *s)
{
	int rc = warc_buf_addstr(out, "\"");
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n && rc == WARC_OK;) {
		unsigned char c = p[i];
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			rc = warc_buf_add(out, e, 2);
			i++;
		} else if (c >= 0x20 && c < 0x7f) {
			size_t j = i;
			while (j < n && p[j] >= 0x20 && p[j] < 0x7f && p[j] != '"' && p[j] != '\\')
				j++;
			rc = warc_buf_add(out, s + i, j - i);
			i = j;
		} else if (c == '\n') {
			rc = warc_buf_addstr(out, "\\n"), i++;
		} else if (c == '\r') {
			rc = warc_buf_addstr(out, "\\r"), i++;
		} else if (c == '\t') {
			rc = warc_buf_addstr(out, "\\t"), i++;
		} else if (c == '\b') {
			rc = warc_buf_addstr(out, "\\b"), i++;
		} else if (c == '\f') {
			rc = warc_buf_addstr(out, "\\f"), i++;
		} else {
			uint32_t cp;
			size_t l = c >= 0x80 ? warc_utf8_decode(p + i, n - i, &cp) : 0;
			if (l == 0) {
				cp = c;   /* control char, or an invalid byte read as Latin-1 */
				l = 1;
			}
			if (cp >= 0x10000) {
				cp -= 0x10000;
				rc = warc_buf_printf(out, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
			} else {
				rc = warc_buf_printf(out, "\\u%04x", cp);
			}
			i += l;
		}
	}
	if (rc == WARC_OK)
		rc = warc_buf_addstr(out, "\"");
	return rc;
}

static int json_field(warc_buf *out, bool *first, const char *key, const char *value)
{
	if (!value)
		return WARC_OK;
	int rc = warc_buf_addstr(out, *first ? "{" : ", ");
	*first = false;
	if (!rc)
		rc = json_string(out, key);
	if (!rc)
		rc = warc_buf_addstr(out, ": ");
	if (!rc)
		rc = json_string(out, value);
	return rc;
}

int warc_cdxj_line(const warc_index_entry *e, warc_buf *out)
{
	char status[16], length[24], offset[24];
	snprintf(status, sizeof status, "%d", e->status);
	snprintf(length, sizeof length, "%llu", (unsigned long long)e->length);
	snprintf(offset, sizeof offset, "%llu", (unsigned long long)e->offset);
	int rc = warc_buf_printf(out, "%s %s ", e->surt ? e->surt : "-", e->ts14);
	bool first = true;
	if (!rc)
		rc = json_field(out, &first, "url", e->url ? e->url : "");
	if (!rc)
		rc = json_field(out, &first, "mime", e->mime);
	if (!rc)
		rc = json_field(out, &first, "status", e->status ? status : NULL);
	if (!rc)
		rc = json_field(out, &first, "digest", e->digest);
	if (!rc)
		rc = json_field(out, &first, "length", length);
	if (!rc)
		rc = json_field(out, &first, "offset", offset);
	if (!rc)
		rc = json_field(out, &first, "filename", e->filename);
	if (!rc)
		rc = json_field(out, &first, "method", e->method);
	if (!rc && e->request_body && *e->request_body)
		rc = json_field(out, &first, "requestBody", e->request_body);
	if (!rc)
		rc = warc_buf_addstr(out, "}\n");
	return rc;
}

/* A CDX field: "-" when empty; spaces (the field separator) and newlines percent-encoded. */
static int cdx_field(warc_buf *out, const char *v, bool last)
{
	int rc = WARC_OK;
	if (!v || !*v) {
		rc = warc_buf_addstr(out, "-");
	} else {
		for (const char *p = v; *p && rc == WARC_OK; p++) {
			if (*p == ' ')
				rc = warc_buf_addstr(out, "%20");
			else if (*p == '\n' || *p == '\r' || *p == '\t')
				rc = warc_buf_printf(out, "%%%02X", (unsigned)*p);
			else
				rc = warc_buf_add(out, p, 1);
		}
	}
	if (rc == WARC_OK)
		rc = warc_buf_addstr(out, last ? "\n" : " ");
	return rc;
}

int warc_cdx_line(const warc_index_entry *e, warc_buf *out)
{
	char status[16] = "", length[24], offset[24];
	if (e->status)
		snprintf(status, sizeof status, "%d", e->status);
	snprintf(length, sizeof length, "%llu", (unsigned long long)e->length);
	snprintf(offset, sizeof offset, "%llu", (unsigned long long)e->offset);
	/* k: the digest value without its label */
	const char *k = e->digest;
	if (k && strchr(k, ':'))
		k = strchr(k, ':') + 1;
	int rc = cdx_field(out, e->surt, false);
	if (!rc)
		rc = cdx_field(out, e->ts14, false);
	if (!rc)
		rc = cdx_field(out, e->url, false);
	if (!rc)
		rc = cdx_field(out, e->mime, false);
	if (!rc)
		rc = cdx_field(out, status, false);
	if (!rc)
		rc = cdx_field(out, k, false);
	if (!rc)
		rc = cdx_field(out, NULL, false);   /* r: redirect */
	if (!rc)
		rc = cdx_field(out, NULL, false);   /* M: meta tags */
	if (!rc)
		rc = cdx_field(out, length, false);
	if (!rc)
		rc = cdx_field(out, offset, false);
	if (!rc)
		rc = cdx_field(out, e->filename, true);
	return rc;
}
