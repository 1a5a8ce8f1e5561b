/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_reader.c - libFuzzer target for the WARC reader and verifier path:
 * any bytes, plain or gzip, must give records or clean errors, never a
 * crash, hang or leak. Seeds: tests/fuzz/corpus/reader/.
 */
#include <stdint.h>
#include <stdio.h>

#include "warc/warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	warc_reader *r;
	warc_error err;
	if (warc_reader_open_stream(&r, f, "fuzz", &err) == WARC_OK) {
		unsigned char buf[4096];
		for (int i = 0; i < 1000; i++) {
			warc_record *rec;
			int rc = warc_reader_next(r, &rec, &err);
			if (rc == WARC_EOF || rc == WARC_ERR_IO)
				break;
			if (rc)
				continue;
			(void)warc_record_target_uri(rec);
			if (i % 2) {
				warc_buf body;
				warc_buf_init(&body, 1u << 20);
				warc_http *h = NULL;
				if (warc_record_http_body(rec, &body, &h, NULL, &err) == WARC_OK)
					warc_http_free(h);
				warc_buf_free(&body);
			} else {
				while (warc_record_read(rec, buf, sizeof buf, &err) > 0)
					;
			}
			(void)warc_record_finish(rec, &err);
		}
		warc_reader_close(r);
	}
	fclose(f);
	return 0;
}
