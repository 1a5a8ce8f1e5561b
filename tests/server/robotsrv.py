#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""robotsrv.py - a loopback server for the crawler's robots.txt edge cases (stdlib only).

Two origins on one port, told apart by the Host header:
  127.0.0.1:PORT  /robots.txt  301 -> http://localhost:PORT/robots.txt (RFC 9309: follow it)
                  /            HTML linking /private/a.html and /ok.html
                  /private/a.html, /ok.html  small pages
  localhost:PORT  /robots.txt  503 + Retry-After: 1 the first time, then
                               "User-agent: *" / "Disallow: /private/"
                  anything else: 404
Usage: robotsrv.py PORT_FILE   (binds 127.0.0.1 port 0, writes the port to PORT_FILE)
"""
import http.server
import sys
import threading

import loopback

lock = threading.Lock()
seen = set()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", ctype="text/html", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        host = (self.headers.get("Host") or "").rpartition(":")[0]
        port = self.server.server_address[1]
        if host == "localhost":
            if self.path != "/robots.txt":
                return self.reply(404, b"no")
            with lock:
                first = "robots" not in seen
                seen.add("robots")
            if first:
                return self.reply(503, b"busy", headers=[("Retry-After", "1")])
            return self.reply(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path == "/robots.txt":
            return self.reply(301, b"", headers=[("Location", "http://localhost:%d/robots.txt" % port)])
        if self.path == "/":
            return self.reply(200, b'<a href="/private/a.html">a</a> <a href="/ok.html">ok</a>')
        if self.path in ("/private/a.html", "/ok.html"):
            return self.reply(200, b"<p>page</p>")
        return self.reply(404, b"no")


def main():
    loopback.serve(Handler, sys.argv[1])


if __name__ == "__main__":
    main()
