#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""serve.py - serve a directory on loopback for crawls, demos and tests.

    python3 tools/samplesite/serve.py DIR [--port-file FILE] [--bind 127.0.0.1] [--port 0]

A small static HTTP/1.1 server (threads, keep-alive) with what crawlers and
ReplayWeb.page need from a real web server and python's http.server lacks:
single byte ranges (206/416, "Accept-Ranges: bytes"), HEAD, ETag and
Last-Modified with If-None-Match / If-Modified-Since (304), exact
Content-Types (UTF-8 text, application/wacz), directory index.html with a
301 to the slash form, DIR/404.html for misses, and redirects listed in
DIR/_redirects ("FROM TO CODE" per line). Files whose name starts with "_"
are never served.

Port 0 (the default) asks the kernel for a free port; the chosen port is
written to --port-file atomically (temp file + rename) once the socket is
listening, so a script can wait for the file and then connect. Logging is
off unless --verbose. SIGTERM and SIGINT stop the server cleanly (exit 0).
Only loopback is allowed as a bind address.
"""
import argparse
import email.utils
import http.server
import os
import posixpath
import signal
import sys
import threading
import urllib.parse

TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json",
    ".jsonl": "application/jsonl", ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".ico": "image/x-icon", ".wacz": "application/wacz", ".gz": "application/gzip",
    ".warc": "application/warc", ".pdf": "application/pdf", ".woff2": "font/woff2",
}


def content_type(path):
    return TYPES.get(os.path.splitext(path)[1].lower(), "application/octet-stream")


def parse_range(header, size):
    """(start, end) inclusive for a single satisfiable range, None to ignore the
    header (malformed or multi-range: serve the whole file), or "416"."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    spec = header[6:].strip()
    first, sep, last = spec.partition("-")
    if not sep:
        return None
    try:
        if first == "":
            n = int(last)
            if n <= 0:
                return "416"
            return (max(0, size - n), size - 1) if size else "416"
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size:
        return "416"
    if start < 0 or end < start:
        return None
    return (start, min(end, size - 1))


def load_redirects(root):
    table = {}
    try:
        with open(os.path.join(root, "_redirects"), encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[2] in ("301", "302", "303", "307", "308"):
                    table[parts[0]] = (parts[1], int(parts[2]))
    except OSError:
        pass
    return table


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "samplesite/1"
    root = "."
    verbose = False

    def log_message(self, fmt, *args):
        if self.verbose:
            sys.stderr.write("serve: %s %s\n" % (self.address_string(), fmt % args))

    def send_body(self, code, ctype, body, extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def not_found(self):
        page = os.path.join(self.root, "404.html")
        try:
            with open(page, "rb") as f:
                body = f.read()
            ctype = TYPES[".html"]
        except OSError:
            body, ctype = b"not found\n", TYPES[".txt"]
        self.send_body(404, ctype, body)

    def do_GET(self):
        self.serve()

    def do_HEAD(self):
        self.serve()

    def serve(self):
        url = urllib.parse.urlsplit(self.path)
        upath = urllib.parse.unquote(url.path)
        redirects = load_redirects(self.root)
        if upath in redirects:
            target, code = redirects[upath]
            self.send_body(code, TYPES[".html"], b'<a href="%s">moved</a>\n' % target.encode(),
                           [("Location", target)])
            return
        norm = posixpath.normpath(upath)
        parts = [p for p in norm.split("/") if p]
        if any(p.startswith((".", "_")) for p in parts):
            self.not_found()
            return
        fs = os.path.join(self.root, *parts)
        if os.path.isdir(fs):
            if not upath.endswith("/"):
                loc = upath + "/" + ("?" + url.query if url.query else "")
                self.send_body(301, TYPES[".html"], b"moved\n", [("Location", loc)])
                return
            fs = os.path.join(fs, "index.html")
        try:
            f = open(fs, "rb")
        except OSError:
            self.not_found()
            return
        with f:
            st = os.fstat(f.fileno())
            size = st.st_size
            etag = '"%x-%x"' % (int(st.st_mtime), size)
            lastmod = email.utils.formatdate(st.st_mtime, usegmt=True)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            fresh = inm == etag if inm else False
            if not inm and ims:
                try:
                    fresh = email.utils.parsedate_to_datetime(ims).timestamp() >= int(st.st_mtime)
                except (TypeError, ValueError):
                    fresh = False
            common = [("Accept-Ranges", "bytes"), ("ETag", etag), ("Last-Modified", lastmod),
                      ("Access-Control-Allow-Origin", "*")]
            if fresh:
                self.send_response(304)
                for k, v in common:
                    self.send_header(k, v)
                self.end_headers()
                return
            rng = parse_range(self.headers.get("Range"), size)
            if rng == "416":
                self.send_body(416, TYPES[".txt"], b"range not satisfiable\n",
                               [("Content-Range", "bytes */%d" % size)] + common)
                return
            start, end, code = 0, size - 1, 200
            if rng:
                start, end = rng
                code = 206
                common.append(("Content-Range", "bytes %d-%d/%d" % (start, end, size)))
            length = end - start + 1 if size else 0
            self.send_response(code)
            self.send_header("Content-Type", content_type(fs))
            self.send_header("Content-Length", str(length))
            for k, v in common:
                self.send_header(k, v)
            self.end_headers()
            if self.command == "HEAD":
                return
            f.seek(start)
            left = length
            while left > 0:
                chunk = f.read(min(65536, left))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the default 5 drops SYNs when a crawler opens many connections at once

    def handle_error(self, request, client_address):
        # Clients that hang up mid-response (crawlers stopping, timeouts) are normal here.
        if Handler.verbose:
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description="Serve DIR over HTTP/1.1 on loopback.")
    ap.add_argument("dir")
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.bind not in ("127.0.0.1", "::1", "localhost") and not args.bind.startswith("127."):
        sys.exit("serve: refusing to bind a non-loopback address: %s" % args.bind)
    if not os.path.isdir(args.dir):
        sys.exit("serve: not a directory: %s" % args.dir)
    Handler.root = os.path.abspath(args.dir)
    Handler.verbose = args.verbose
    if ":" in args.bind:
        Server.address_family = __import__("socket").AF_INET6
    httpd = Server((args.bind, args.port), Handler)
    port = httpd.server_address[1]

    def stop(signum, frame):
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    if args.verbose:
        sys.stderr.write("serve: http://%s:%d/ from %s\n" % (args.bind, port, Handler.root))
    try:
        httpd.serve_forever(poll_interval=0.2)
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
