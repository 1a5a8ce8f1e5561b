#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make_pages_warc.py OUT.warc.gz N [TAG] - a WARC of N article pages
(HTTP 200 text/html responses, about 3 KB of prose each), for the tests that
need extract and pack to run long enough to be killed, or to fill a small
disk. TAG goes into every URL and paragraph, so two WARCs made with different
tags give different bundles. Byte-identical for the same arguments (record
IDs derive from the page number). Each record is its own gzip member."""
import gzip
import sys

WORDS = ('the harbour council met on tuesday to discuss the new ferry timetable and residents '
         'asked why the morning crossing had been moved while the fishing fleet waited for the '
         'tide and the market traders counted their losses after a quiet week').split()


def record(n, uri, block):
    head = ('WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n'
            'WARC-Date: 2024-05-06T07:%02d:%02dZ\r\nWARC-Target-URI: %s\r\n'
            'Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n'
            % (n, (n // 60) % 60, n % 60, uri, len(block))).encode()
    return gzip.compress(head + block + b'\r\n\r\n', compresslevel=1, mtime=0)


def page(n, tag):
    paras = []
    for p in range(6):
        words = [WORDS[(n * 7 + p * 13 + i * 5) % len(WORDS)] for i in range(80)]
        paras.append('<p>%s %s, said report %d.</p>' % (tag.capitalize(), ' '.join(words), n))
    body = ('<html><head><title>%s story %d</title></head><body><article><h1>%s story %d</h1>%s'
            '</article></body></html>' % (tag, n, tag, n, ''.join(paras))).encode()
    return (b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n'
            % len(body)) + body


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    tag = sys.argv[3] if len(sys.argv) > 3 else 'harbour'
    with open(out, 'wb') as f:
        for n in range(count):
            f.write(record(n, 'http://news.test/%s/%d.html' % (tag, n), page(n, tag)))


if __name__ == '__main__':
    main()
