/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version.c - `wark --version`: wark's version and the run-time versions of
 * the libraries that shape what it writes (libcurl, libxml2, zlib,
 * libarchive, SQLite), as archivists record them in reports.
 *
 * Run-time, not compile-time, versions: a distribution upgrade of a shared
 * library changes what the same wark binary does, and the report should say so.
 */
#include "cmd/cmd.h"

#include <archive.h>
#include <curl/curl.h>
#include <libxml/parser.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <zlib.h>

/* libxml2 gives its version as "20914": 2.9.14. */
static void print_libxml2(FILE *f)
{
	long v = strtol(xmlParserVersion, NULL, 10);
	fprintf(f, "libxml2 %ld.%ld.%ld\n", v / 10000, v / 100 % 100, v % 100);
}

void cmd_print_version(FILE *f)
{
	fprintf(f, "wark %s\n", WARK_VERSION);
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
	fprintf(f, "libcurl %s", cv->version);
	if (cv->ssl_version)
		fprintf(f, " (%s%s%s)", cv->ssl_version, cv->nghttp2_version ? ", nghttp2/" : "",
			cv->nghttp2_version ? cv->nghttp2_version : "");
	fputc('\n', f);
	print_libxml2(f);
	fprintf(f, "zlib %s\n", zlibVersion());
	/* "libarchive 3.6.2 zlib/1.2.13 liblzma/..." names its own codecs too */
	fprintf(f, "%s\n", archive_version_details());
	fprintf(f, "SQLite %s\n", sqlite3_libversion());
}
