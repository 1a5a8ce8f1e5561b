#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make_wacz.py - a tiny WACZ built without wark, to test the replay harness itself.

    make_wacz.py OUT.wacz [--omit-image] [--no-text]

One archived article, http://127.0.0.1:9/story.html (port 9 is "discard":
nothing is ever fetched from it), with an <img> of /pic.png, plus the PNG
itself unless --omit-image. pages.jsonl carries the page's title and, unless
--no-text, its text, so ReplayWeb.page's full-text search has something to
find that is in the text only. Written by hand from the WARC 1.1 and WACZ
1.1.1 rules (one gzip member per record, sha1 base32 digests, a sorted
index.cdxj, datapackage.json with sha256 of each file, stored ZIP entries)
so that a harness failure cannot come from a wark bug.
"""
import base64
import gzip
import hashlib
import io
import json
import struct
import sys
import zipfile
import zlib

BASE = "http://127.0.0.1:9"
TS = "20240301120000"
DATE = "2024-03-01T12:00:00Z"
TITLE = "Harbour lanterns return"
TEXT_ONLY = "cormorant regatta"  # appears in the page text, not in its title or URL
HTML = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s</title></head><body>"
        "<h1>%s</h1><p>The %s drew a crowd to the quay on Saturday.</p>"
        "<figure><img src=\"/pic.png\" width=\"8\" height=\"8\" alt=\"lantern\">"
        "<figcaption>Lanterns on the quay.</figcaption></figure></body></html>\n"
        % (TITLE, TITLE, TEXT_ONLY)).encode()


def png():
    raw = b"".join(b"\x00" + bytes((200, 120, 40)) * 8 for _ in range(8))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def sha1_b32(data):
    return base64.b32encode(hashlib.sha1(data).digest()).decode()


def record(url, ctype, body, n):
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode()
            + b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n"
            "WARC-Date: %s\r\nWARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=response\r\n"
            "WARC-Payload-Digest: sha1:%s\r\nWARC-Block-Digest: sha1:%s\r\nContent-Length: %d\r\n\r\n"
            % (n, DATE, url, sha1_b32(body), sha1_b32(http), len(http))).encode()
    return gzip.compress(head + http + b"\r\n\r\n", mtime=0), sha1_b32(body)


def surt(url):
    host, _, path = url[len("http://"):].partition("/")
    name, _, port = host.partition(":")
    return ",".join(reversed(name.split("."))) + (":" + port if port else "") + ")/" + path


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: make_wacz.py OUT.wacz [--omit-image] [--no-text]")
    out, flags = sys.argv[1], set(sys.argv[2:])
    resources = [(BASE + "/story.html", "text/html; charset=utf-8", HTML)]
    if "--omit-image" not in flags:
        resources.append((BASE + "/pic.png", "image/png", png()))
    warc = io.BytesIO()
    cdx = []
    for n, (url, ctype, body) in enumerate(resources, 1):
        member, digest = record(url, ctype, body, n)
        off = warc.tell()
        warc.write(member)
        cdx.append("%s %s %s" % (surt(url), TS, json.dumps({
            "url": url, "mime": ctype.split(";")[0], "status": "200", "digest": "sha1:" + digest,
            "length": str(len(member)), "offset": str(off), "filename": "data.warc.gz"})))
    page = {"id": "p1", "url": BASE + "/story.html", "ts": DATE, "title": TITLE}
    header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    if "--no-text" not in flags:
        page["text"] = "%s\nThe %s drew a crowd to the quay on Saturday.\nLanterns on the quay." % (TITLE, TEXT_ONLY)
        header["hasText"] = True
    files = {
        "archive/data.warc.gz": warc.getvalue(),
        "indexes/index.cdxj": ("\n".join(sorted(cdx)) + "\n").encode(),
        "pages/pages.jsonl": (json.dumps(header) + "\n" + json.dumps(page) + "\n").encode(),
    }
    dp = {"profile": "data-package", "wacz_version": "1.1.1", "title": "replay harness test",
          "created": DATE, "software": "tests/replay/make_wacz.py", "mainPageUrl": page["url"],
          "mainPageDate": DATE,
          "resources": [{"name": p.rsplit("/", 1)[1], "path": p, "hash": "sha256:" + hashlib.sha256(d).hexdigest(),
                         "bytes": len(d)} for p, d in files.items()]}
    dpb = json.dumps(dp, indent=2).encode()
    files["datapackage.json"] = dpb
    files["datapackage-digest.json"] = json.dumps(
        {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(dpb).hexdigest()}).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for p, d in files.items():
            info = zipfile.ZipInfo(p, date_time=(2024, 3, 1, 12, 0, 0))
            z.writestr(info, d)


if __name__ == "__main__":
    main()
