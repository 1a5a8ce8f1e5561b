#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""fillsrv.py - an endless, slow, incompressible site to fill a small disk (stdlib only).

Any Host is served (the crawler pins a.test, b.test, c.test to 127.0.0.1
with --resolve), so one port gives several origins and several fetches in
flight at once. Every answer waits 20 ms.
  /robots.txt   404
  /             page 0
  /p/N          page N: 48 KiB of deterministic base64 noise (does not
                compress) and links to pages 3N+1..3N+3, each on host
                "abc"[K % 3] + ".test" at the same port
Usage: fillsrv.py PORT_FILE   (binds 127.0.0.1 port 0, writes the port to PORT_FILE)
"""
import base64
import hashlib
import http.server
import sys
import time

import loopback

NOISE = 48 * 1024


def noise(n):
    out = bytearray()
    block = hashlib.sha256(b"page %d" % n).digest()
    while len(out) < NOISE * 3 // 4:
        block = hashlib.sha256(block).digest()
        out += block
    return base64.b64encode(bytes(out))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except ConnectionError:
            pass  # the crawler gave up (disk full): nothing to report

    def reply(self, status, body, ctype="text/html"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        time.sleep(0.02)
        port = (self.headers.get("Host") or "").rpartition(":")[2]
        path = self.path
        if path == "/":
            path = "/p/0"
        if not path.startswith("/p/") or not path[3:].isdigit():
            return self.reply(404, b"no")
        n = int(path[3:])
        links = "".join('<a href="http://%s.test:%s/p/%d">p%d</a>\n' % ("abc"[k % 3], port, k, k)
                        for k in range(3 * n + 1, 3 * n + 4))
        body = b"<html><body>\n" + links.encode() + b"<pre>" + noise(n) + b"</pre></body></html>\n"
        return self.reply(200, body)


def main():
    loopback.serve(Handler, sys.argv[1])


if __name__ == "__main__":
    main()
