/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gen_warc.c - benchmark input: writes a WARC of at least TARGET_MB
 * megabytes of uncompressed records with wark's own writer (so the file is
 * exactly what wark produces: one gzip member per record, digests, warcinfo).
 *
 * Usage: gen_warc DIR TARGET_MB. Prints the path of the file written.
 * Content: request/response pairs for a synthetic site: HTML pages of
 * repetitive markup (compress well), images of pseudo-random bytes (do not),
 * every seventh response chunked. Deterministic (fixed PRNG seed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warc/warc.h"

static unsigned int seed = 12345;

static unsigned int rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_warc DIR TARGET_MB\n");
		return 2;
	}
	uint64_t target = (uint64_t)strtoull(argv[2], NULL, 10) << 20, total = 0;
	warc_writer_options o = { .dir = argv[1], .prefix = "bench", .hostname = "bench", .max_size = 1ull << 40 };
	warc_writer *w;
	warc_error err;
	if (warc_writer_open(&w, &o, &err)) {
		fprintf(stderr, "gen_warc: %s\n", err.msg);
		return 1;
	}
	size_t cap = 1u << 20;
	char *body = malloc(cap), *block = malloc(cap + 4096);
	char filename[256] = "";
	for (int i = 0; total < target; i++) {
		char uri[128], req[512];
		bool img = i % 3 == 2, chunked = i % 7 == 3;
		snprintf(uri, sizeof uri, "http://www.example%d.com/%s/%d%s", i % 17, img ? "img" : "news", i,
			 img ? ".jpg" : ".html?ref=feed&page=1");
		size_t blen = 8192 + rnd() % (img ? 200000 : 120000);
		if (img) {
			for (size_t k = 0; k < blen; k++)
				body[k] = (char)rnd();
		} else {
			size_t k = 0;
			while (k < blen) {
				int n = snprintf(body + k, cap - k, "<p class=\"para\">Paragraph %u of the story about item %d.</p>\n",
						 rnd() % 1000, i);
				if (n <= 0 || (size_t)n >= cap - k)
					break;
				k += (size_t)n;
			}
			blen = k;
		}
		int rl = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: www.example%d.com\r\nUser-Agent: wark-bench\r\n\r\n",
				  strchr(uri + 7, '/'), i % 17);
		int h = snprintf(block, 4096, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n%s\r\n",
				 img ? "image/jpeg" : "text/html; charset=utf-8",
				 chunked ? "Transfer-Encoding: chunked\r\n" : "");
		size_t len = (size_t)h;
		if (chunked) {
			for (size_t off = 0; off < blen; off += 16384) {
				size_t n = blen - off < 16384 ? blen - off : 16384;
				len += (size_t)sprintf(block + len, "%zx\r\n", n);
				memcpy(block + len, body + off, n);
				len += n;
				memcpy(block + len, "\r\n", 2);
				len += 2;
			}
			memcpy(block + len, "0\r\n\r\n", 5);
			len += 5;
		} else {
			len += (size_t)sprintf(block + len - 2, "Content-Length: %zu\r\n\r\n", blen) - 2;
			memcpy(block + len, body, blen);
			len += blen;
		}
		warc_record_spec rq = { .type = "request", .target_uri = uri, .payload = WARC_PAYLOAD_HTTP,
					.block = req, .block_len = (size_t)rl };
		warc_record_spec rs = { .type = "response", .target_uri = uri, .payload = WARC_PAYLOAD_HTTP,
					.block = block, .block_len = len };
		warc_written where;
		if (warc_writer_write(w, &rq, &where, &err) || warc_writer_write(w, &rs, &where, &err)) {
			fprintf(stderr, "gen_warc: %s\n", err.msg);
			return 1;
		}
		snprintf(filename, sizeof filename, "%s", where.filename);
		total += (uint64_t)rl + len;
	}
	if (warc_writer_close(w, &err)) {
		fprintf(stderr, "gen_warc: %s\n", err.msg);
		return 1;
	}
	printf("%s/%s\n", argv[1], filename);
	free(body);
	free(block);
	return 0;
}
