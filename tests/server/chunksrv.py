#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""chunksrv.py - a loopback server for the crawler's chunked-transfer tests (stdlib only).

Every response uses Transfer-Encoding: chunked with 700-byte chunks:
  /robots.txt   404 (allow all)
  /             HTML linking /gz and embedding /img
  /img          the same bytes as / (a revisit)
  /gz           Content-Encoding: gzip HTML whose only link is /leaf (found only if the
                crawler de-chunks, then gunzips)
  /leaf         small HTML
Usage: chunksrv.py PORT_FILE   (binds 127.0.0.1 port 0, writes the port to PORT_FILE)
"""
import gzip
import http.server
import sys

import loopback


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/robots.txt":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        headers = [("Content-Type", "text/html")]
        if self.path in ("/", "/img"):
            body = b'<html><a href="/gz">gz</a><img src="/img"></html>\n' * 50
        elif self.path == "/gz":
            body = gzip.compress(b"<html>" + b"x" * 5000 + b'<a href="/leaf">leaf</a></html>', mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        elif self.path == "/leaf":
            body = b"<html>leaf</html>\n"
        else:
            body = b"no"
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for i in range(0, len(body), 700):
            c = body[i:i + 700]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
        self.wfile.write(b"0\r\n\r\n")


def main():
    loopback.serve(Handler, sys.argv[1])


if __name__ == "__main__":
    main()
