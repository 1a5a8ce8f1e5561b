/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cat.c - 'wark cat FILE OFFSET [--headers|--payload]': print one record.
 *
 * Seeks straight to the offset (from `wark ls` or an index) and reads one
 * record, so it costs the same on a 10 GB file as on a small one. Raw mode
 * prints the record byte for byte as stored (decompressed): header, block
 * and the trailer bytes found; --headers the WARC header and, for HTTP
 * records, the HTTP head; --payload the entity body with chunking and
 * Content-Encoding undone. Everything is streamed: memory is constant
 * whatever the record or payload size. The offset comes positionally or as
 * --offset N (the older form), once.
 */
#include "cmd/cmd.h"
#include "warc/warc.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char cat_help[] =
	"usage: wark cat FILE OFFSET [--headers | --payload]\n"
	"       wark cat FILE --offset OFFSET [--headers | --payload]\n"
	"Print the record that starts at byte OFFSET of FILE (see 'wark ls'), byte for\n"
	"byte as stored (gzip: the member decompressed).\n"
	"  -o, --offset N   record offset (gzip: the member's offset), the same as\n"
	"                   giving it after FILE\n"
	"  --headers        only the WARC header and, for HTTP records, the HTTP head\n"
	"  --payload        the HTTP entity body, de-chunked and content-decoded\n"
	"                   (the block itself for non-HTTP records)\n"
	"  --max-payload N  refuse payloads that decode to more than N bytes (default 1 GiB;\n"
	"                   units as in 500MB or 1GiB)\n"
	"Exit: 0 printed, 1 no readable record there, 2 bad usage or unreadable file.\n";

enum cat_mode { CAT_RAW, CAT_HEADERS, CAT_PAYLOAD };

/* An offset: plain decimal bytes (an offset from an index, never a size with units). */
static int parse_offset(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return -1;
	*out = v;
	return 0;
}

static bool is_http(const warc_record *rec)
{
	const char *ct = warc_record_content_type(rec);
	return ct && strncasecmp(ct, "application/http", 16) == 0;
}

static int write_all(const void *p, size_t n)
{
	return fwrite(p, 1, n, stdout) == n ? 0 : -1;
}

/* Decoded payload bytes go straight to stdout. */
static int stdout_sink(void *ctx, const void *p, size_t n)
{
	(void)ctx;
	return write_all(p, n) ? WARC_ERR_IO : WARC_OK;
}

static int print_block(warc_record *rec, size_t limit, warc_error *err)
{
	char buf[65536];
	size_t done = 0;
	for (;;) {
		size_t want = sizeof buf;
		if (limit && limit - done < want)
			want = limit - done;
		if (limit && want == 0)
			return WARC_OK;
		ssize_t n = warc_record_read(rec, buf, want, err);
		if (n < 0)
			return (int)n;
		if (n == 0)
			return WARC_OK;
		if (write_all(buf, (size_t)n))
			return warc_fail(err, WARC_ERR_IO, "stdout: %s", strerror(errno));
		done += (size_t)n;
	}
}

/* The record as stored: header (with its empty line), block, trailer. */
static int print_raw(warc_record *rec, warc_error *err)
{
	size_t hlen, tlen;
	const char *hdr = warc_record_raw_header(rec, &hlen);
	if (write_all(hdr, hlen))
		return WARC_ERR_IO;
	int rc = print_block(rec, 0, err);
	if (!rc)
		rc = warc_record_finish(rec, err);
	const char *trailer = warc_record_trailer(rec, &tlen);
	if (!rc && write_all(trailer, tlen))
		rc = WARC_ERR_IO;
	return rc;
}

/* The HTTP head as stored (a block that ends inside its head: the whole block). */
static int print_http_head(warc_record *rec, warc_error *err)
{
	warc_buf head;
	warc_buf_init(&head, WARC_LIMIT_HEADER);
	warc_http_head hd;
	int rc = warc_record_http_head(rec, &head, &hd, err);
	if (rc == WARC_OK && write_all(head.data, hd.len))
		rc = WARC_ERR_IO;
	warc_http_free(hd.http);
	warc_buf_free(&head);
	return rc;
}

static int cat_record(const char *path, uint64_t offset, enum cat_mode mode, uint64_t max_payload)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cmd_error("cat", "%s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		cmd_error("cat", "%s: is a directory, not a WARC file", path);
		fclose(f);
		return EXIT_USAGE;
	}
	if (fseeko(f, (off_t)offset, SEEK_SET) != 0) {
		cmd_error("cat", "%s: cannot seek to %llu: %s", path, (unsigned long long)offset, strerror(errno));
		fclose(f);
		return EXIT_USAGE;
	}
	warc_reader *r = NULL;
	warc_record *rec = NULL;
	warc_error err = { { 0 } };
	int status = EXIT_PROBLEMS;
	if (warc_reader_open_stream(&r, f, path, &err) || warc_reader_next(r, &rec, &err)) {
		if (!rec && err.msg[0] == '\0')
			snprintf(err.msg, sizeof err.msg, "%s: no record at offset %llu", path,
				 (unsigned long long)offset);
		cmd_error("cat", "%s", err.msg);
		goto out;
	}
	int rc = WARC_OK;
	size_t hlen;
	const char *hdr = warc_record_raw_header(rec, &hlen);
	err.msg[0] = '\0';
	switch (mode) {
	case CAT_RAW:
		rc = print_raw(rec, &err);
		break;
	case CAT_HEADERS:
		if (write_all(hdr, hlen))
			rc = WARC_ERR_IO;
		if (!rc && is_http(rec))
			rc = print_http_head(rec, &err);
		break;
	case CAT_PAYLOAD:
		if (is_http(rec))
			rc = warc_record_http_payload(rec, max_payload, stdout_sink, NULL, NULL, NULL, &err);
		else
			rc = print_block(rec, 0, &err);
		break;
	}
	if (rc) {
		if (ferror(stdout))
			cmd_error("cat", "error writing to standard output: %s", strerror(errno));
		else
			cmd_error("cat", "%s", err.msg[0] ? err.msg : "write error");
		goto out;
	}
	status = EXIT_OK;
out:
	warc_reader_close(r);
	fclose(f);
	return status;
}

int cmd_cat(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, 0, 'h' },
		{ "offset", required_argument, 0, 'o' },
		{ "headers", no_argument, 0, 'H' },
		{ "payload", no_argument, 0, 'P' },
		{ "max-payload", required_argument, 0, 'M' },
		{ 0, 0, 0, 0 },
	};
	uint64_t offset = 0, max_payload = 1ull << 30;
	bool have_offset = false;
	enum cat_mode mode = CAT_RAW;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(cat_help, stdout); return EXIT_OK;
		case 'o':
			if (parse_offset(optarg, &offset))
				return cmd_usage_error("cat", "bad offset '%s'", optarg);
			have_offset = true;
			break;
		case 'H':
		case 'P':
			if (mode != CAT_RAW && mode != (c == 'H' ? CAT_HEADERS : CAT_PAYLOAD))
				return cmd_usage_error("cat", "--headers and --payload exclude each other");
			mode = c == 'H' ? CAT_HEADERS : CAT_PAYLOAD;
			break;
		case 'M':
			if (cmd_parse_size(optarg, &max_payload) || max_payload == 0)
				return cmd_usage_error("cat", "--max-payload '%s': expected " CMD_SIZE_FORMS, optarg);
			break;
		case ':':
			return cmd_usage_error("cat", "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_usage_error("cat", "unknown option '%s'", argv[optind - 1]);
		}
	}
	int nargs = argc - optind;
	if (nargs == 2 && have_offset)
		return cmd_usage_error("cat", "give the offset once: after FILE or as --offset");
	if (nargs == 2) {
		if (parse_offset(argv[optind + 1], &offset))
			return cmd_usage_error("cat", "bad offset '%s'", argv[optind + 1]);
		have_offset = true;
	}
	if (nargs < 1 || nargs > 2)
		return cmd_usage_error("cat", "give exactly one WARC file and its offset");
	if (!have_offset)
		return cmd_usage_error("cat", "no offset given (wark cat FILE OFFSET)");
	return cat_record(argv[optind], offset, mode, max_payload);
}
