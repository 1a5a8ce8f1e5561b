#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make_test_warc.py OUT.warc.gz - a small WARC of awkward responses for the
extract tests: a windows-1252 article sent gzip-encoded and chunked, a 404,
a PNG, a gzip decompression bomb (40 MiB of zeros) and a dns record.
Each record is its own gzip member, as WARC writers do."""
import gzip
import sys
import uuid
import zlib


def record(rtype, uri, block, ctype='application/http; msgtype=response'):
    head = ('WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n'
            'WARC-Date: 2024-05-06T07:08:09Z\r\nWARC-Target-URI: %s\r\n'
            'Content-Type: %s\r\nContent-Length: %d\r\n\r\n'
            % (rtype, uuid.uuid4(), uri, ctype, len(block))).encode()
    return gzip.compress(head + block + b'\r\n\r\n')


def http(status, headers, body):
    h = 'HTTP/1.1 %s\r\n' % status + ''.join('%s: %s\r\n' % kv for kv in headers) + '\r\n'
    return h.encode() + body


def chunked(b, n=100):
    out = b''
    for i in range(0, len(b), n):
        part = b[i:i + n]
        out += b'%x\r\n' % len(part) + part + b'\r\n'
    return out + b'0\r\n\r\n'


page = ('<html><head><title>Caf\xe9 news</title></head><body><article>'
        '<p>The caf\xe9 on the corner re-opened today, and regulars queued round the block for coffee.</p>'
        '<p>Its owner said the \x93new\x94 menu keeps the old favourites, with a few additions.</p>'
        '</article></body></html>').encode('latin-1')
recs = [
    record('response', 'http://site.test/cafe', http('200 OK', [
        ('Content-Type', 'text/html; charset=windows-1252'), ('Content-Encoding', 'gzip'),
        ('Transfer-Encoding', 'chunked')], chunked(gzip.compress(page)))),
    record('response', 'http://site.test/missing', http('404 Not Found', [('Content-Type', 'text/html')],
                                                         b'<html><body>not here</body></html>')),
    record('response', 'http://site.test/logo.png', http('200 OK', [('Content-Type', 'image/png')],
                                                          b'\x89PNG\r\n\x1a\n' + b'\0' * 64)),
    record('response', 'http://site.test/bomb', http('200 OK', [
        ('Content-Type', 'text/html'), ('Content-Encoding', 'deflate')], zlib.compress(b'\0' * (40 << 20), 9))),
    record('response', 'dns:site.test', b'site.test. 300 IN A 127.0.0.1\n', 'text/dns'),
]
with open(sys.argv[1], 'wb') as f:
    for r in recs:
        f.write(r)
