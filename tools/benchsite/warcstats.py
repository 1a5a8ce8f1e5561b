#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""warcstats.py - "PAGES CAPTURES BYTES PRIVATE" for a set of WARC files (bench helper).

PAGES counts response records whose HTTP status is 200 and Content-Type is
text/html, CAPTURES all response and revisit records, BYTES the WARC file sizes,
PRIVATE the captures under /private/ (robots.txt disallows it: should be 0). It is
an independent reader (python gzip, which reads concatenated members) so the
benchmark counts wark's and wget's output the same way. Unreadable input
stops the count there and is reported on stderr.
"""
import gzip
import os
import sys


def scan(path):
    pages = responses = private = 0
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        while True:
            line = f.readline()
            if not line:
                break
            if not line.startswith(b"WARC/"):
                continue
            head = {}
            while True:
                h = f.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                k, _, v = h.partition(b":")
                head[k.strip().lower()] = v.strip()
            n = int(head.get(b"content-length", b"0"))
            block = f.read(n)
            if head.get(b"warc-type") in (b"response", b"revisit") and b"/private/" in head.get(b"warc-target-uri", b""):
                private += 1
            if head.get(b"warc-type") == b"revisit":
                responses += 1
            if head.get(b"warc-type") == b"response":
                responses += 1
                http_head = block.split(b"\r\n\r\n", 1)[0].lower()
                status = http_head.split(b"\r\n", 1)[0].split(b" ")
                if len(status) > 1 and status[1] == b"200" and b"content-type: text/html" in http_head:
                    pages += 1
    return pages, responses, private


def main():
    pages = responses = size = private = 0
    for p in sys.argv[1:]:
        size += os.path.getsize(p)
        try:
            a, b, c = scan(p)
        except (OSError, EOFError, ValueError) as e:
            sys.stderr.write("warcstats: %s: %s\n" % (p, e))
            continue
        pages += a
        responses += b
        private += c
    print(pages, responses, size, private)


if __name__ == "__main__":
    main()
