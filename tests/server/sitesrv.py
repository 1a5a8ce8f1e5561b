#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""sitesrv.py - fault-injecting test web site for the crawler tests (stdlib only).

Serves a small generated multi-host news site on 127.0.0.1, choosing the site by
the Host header, so a crawler reaches every host through one port with
curl-style name pinning (--resolve news.test:PORT:127.0.0.1, CURLOPT_RESOLVE).
Pages are generated, deterministic (same bytes every run) and link each other
with absolute http://HOST:PORT/ URLs across hosts (PORT = the port in the
request's Host header) and relative URLs within a host.

Usage:
  python3 tests/server/sitesrv.py --port-file F [--log F] [--big-size BYTES]
          [--articles N] [--drip-ms MS] [--drip-chunks N] [--crawl-delay SECS]

  --port-file F     write the chosen port (bound on 127.0.0.1 port 0) to F once
                    listening (written to F.tmp, then renamed: poll for F)
  --log F           one JSON line per request (see "Log" below)
  --big-size BYTES  size of /fault/big (default 50 MB), streamed in 64 KiB chunks
  --articles N      articles per section (default 4)
  --drip-ms MS      pause between chunks of /fault/slow (default 100)
  --drip-chunks N   chunks of /fault/slow (default 20); ?chunks=N overrides
  --crawl-delay S   Crawl-delay in other.test's robots.txt (default 0.2)

Hosts and routes (any other path: 404; unknown host: 404; "127.0.0.1" and
"localhost" are served as news.test):

news.test
  /robots.txt                 User-agent: * / Disallow: /private/ ;
                              Sitemap: /sitemap-index.xml (absolute URL)
  /                           home: links to the sections, every article, /dup/a.html,
                              /dup/b.html, /private/secret.html, /calendar/2024/01,
                              /missing.html (404), /old-home (301 to /), http://other.test/;
                              requisites: /local.css, static.test/css/main.css,
                              static.test/js/app.js, static.test/img/logo.png,
                              inline style url(static.test/img/bg.png)
  /section/NAME/              NAME in world, tech, sport: lists its articles
  /article/NAME-K.html        K = 1..N; img src+srcset on static.test, <picture>
                              source srcset, links to home, section, next article
  /local.css                  CSS with url(/img/local-bg.png)
  /img/local-bg.png           tiny image
  /private/secret.html        a page robots.txt disallows (fetched = robots ignored)
  /dup/a.html, /dup/b.html    identical bytes (payload-digest dedup)
  /calendar/YYYY/MM           infinite calendar: links next and previous month forever
  /old-home                   301 -> /
  /sitemap.xml                urlset: home, sections, articles
  /sitemap-index.xml          sitemapindex: /sitemap.xml, /sitemap-extra.xml.gz
  /sitemap-extra.xml.gz       gzip file (Content-Type application/gzip, no
                              Content-Encoding) of a urlset with /extra/1..3.html
  /extra/K.html               pages only the gzipped sitemap names
  /faults.html                links every /fault/ path below (not linked from home)
  /fault/reset                Content-Length 100000, 1000 bytes sent, then TCP RST
  /fault/503-once             503 + Retry-After: 1 the first time (per process), then 200
  /fault/slow                 text body dripped: one 64-byte chunk every --drip-ms
  /fault/bad-gzip             Content-Encoding: gzip, body is not gzip
  /fault/big                  --big-size bytes of application/octet-stream, streamed
  /fault/loop-a, /fault/loop-b  302 to each other forever
  /fault/404                  404 with a small HTML body
static.test
  /robots.txt                 allows everything
  /css/main.css               @import "fonts.css"; url(../img/bg.png)
  /css/fonts.css              @font-face url(../fonts/site.woff2)
  /js/app.js, /img/*.png|jpg|webp, /fonts/site.woff2   small fixed bodies
other.test
  /robots.txt                 User-agent: * / Crawl-delay: --crawl-delay / Disallow: /nope/
  /                           links to /page/1..3 and back to news.test
  /page/K                     small pages

Log: one JSON object per line, flushed at once:
  {"start": unix_secs, "end": unix_secs, "host": "news.test", "method": "GET",
   "path": "/x?y", "status": 200, "inflight": N, "bytes": body_bytes_sent,
   "fault": "reset"|null}
inflight = requests in progress for that host when this one started, itself
included; tests assert it never exceeds the crawler's per-host cap. A line is
written when its response is complete, so read the log after stopping the
server: on SIGTERM it stops accepting, lets requests in progress finish (at
most 3 s) and exits with every request logged.
"""

import argparse
import gzip
import json
import signal
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import loopback

SECTIONS = ["world", "tech", "sport"]
CHUNK = 64 * 1024


def html_page(title, body, head=""):
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>%s</head>\n"
            "<body>\n<h1>%s</h1>\n%s\n</body></html>\n" % (title, head, title, body)).encode()


class Site:
    """Everything the handlers share: options, log, counters."""

    def __init__(self, opts):
        self.opts = opts
        self.lock = threading.Lock()
        self.inflight = {}
        self.once = set()
        self.log = open(opts.log, "a", encoding="utf-8") if opts.log else None

    def enter(self, host):
        with self.lock:
            n = self.inflight.get(host, 0) + 1
            self.inflight[host] = n
            return n

    def leave(self, host):
        with self.lock:
            self.inflight[host] -= 1

    def drain(self, timeout):
        """Wait until no request is in progress (all logged), at most timeout seconds."""
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                if not any(self.inflight.values()):
                    return
            time.sleep(0.01)

    def first_time(self, key):
        with self.lock:
            if key in self.once:
                return False
            self.once.add(key)
            return True

    def write_log(self, rec):
        if not self.log:
            return
        line = json.dumps(rec, sort_keys=True) + "\n"
        with self.lock:
            self.log.write(line)
            self.log.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sitesrv/1"
    site = None  # set in main()

    def log_message(self, fmt, *args):  # keep stderr quiet
        pass

    # ---- plumbing -------------------------------------------------------

    def host_port(self):
        h = (self.headers.get("Host") or "").strip().lower()
        port = str(self.server.server_address[1])
        if h.startswith("["):
            name, _, rest = h.partition("]")
            name += "]"
            if rest.startswith(":"):
                port = rest[1:]
        elif ":" in h:
            name, _, port = h.rpartition(":")
        else:
            name = h
        if name in ("127.0.0.1", "localhost", ""):
            name = "news.test"
        return name, port

    def url(self, host, path):
        return "http://%s:%s%s" % (host, self.port, path)

    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
            self.sent += len(body)
        self.status = status

    def not_found(self):
        self.send(404, html_page("Not found", "<p>No such page.</p>"))

    def redirect(self, status, location):
        self.send(status, b"", headers=[("Location", location)])

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.host, self.port = self.host_port()
        self.status = 0
        self.sent = 0
        self.fault = None
        start = time.time()
        n = self.site.enter(self.host)
        try:
            route = {"news.test": self.news, "static.test": self.static, "other.test": self.other}.get(self.host)
            path, _, query = self.path.partition("?")
            if route is None:
                self.not_found()
            else:
                route(path, query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            # log before leaving, so that "nothing in flight" means "everything logged"
            self.site.write_log({"start": round(start, 6), "end": round(time.time(), 6), "host": self.host,
                                 "method": self.command, "path": self.path, "status": self.status,
                                 "inflight": n, "bytes": self.sent, "fault": self.fault})
            self.site.leave(self.host)

    # ---- news.test -------------------------------------------------------

    def article_path(self, sec, k):
        return "/article/%s-%d.html" % (sec, k)

    def all_pages(self):
        pages = ["/"] + ["/section/%s/" % s for s in SECTIONS]
        for s in SECTIONS:
            pages += [self.article_path(s, k) for k in range(1, self.site.opts.articles + 1)]
        return pages

    def news(self, path, query):
        o = self.site.opts
        st = lambda p: self.url("static.test", p)
        if path == "/robots.txt":
            body = ("User-agent: *\nDisallow: /private/\n\nSitemap: %s\n" % self.url("news.test", "/sitemap-index.xml"))
            return self.send(200, body.encode(), "text/plain")
        if path == "/":
            links = "".join('<li><a href="/section/%s/">%s</a></li>' % (s, s.title()) for s in SECTIONS)
            arts = "".join('<li><a href="%s">%s %d</a></li>' % (self.article_path(s, k), s, k)
                           for s in SECTIONS for k in range(1, o.articles + 1))
            body = ('<ul class="nav">%s</ul>\n<ul class="top">%s</ul>\n'
                    '<p style="background: url(%s)">'
                    '<a href="/dup/a.html">Dup A</a> <a href="/dup/b.html">Dup B</a> '
                    '<a href="/private/secret.html">Members</a> <a href="/calendar/2024/01">Events</a> '
                    '<a href="/missing.html">Old link</a> <a href="/old-home">Old home</a> '
                    '<a href="%s">Partner</a></p>\n'
                    '<img src="%s" alt="logo">\n<script src="%s"></script>'
                    % (links, arts, st("/img/bg.png"), self.url("other.test", "/"), st("/img/logo.png"),
                       st("/js/app.js")))
            head = ('<link rel="stylesheet" href="/local.css"><link rel="stylesheet" href="%s">'
                    % st("/css/main.css"))
            return self.send(200, html_page("News home", body, head))
        if path.startswith("/section/"):
            sec = path[len("/section/"):].strip("/")
            if sec not in SECTIONS or path != "/section/%s/" % sec:
                return self.not_found()
            arts = "".join('<li><a href="../../article/%s-%d.html">Story %d</a></li>' % (sec, k, k)
                           for k in range(1, o.articles + 1))
            body = '<p><a href="/">Home</a></p><ul>%s</ul><img src="%s">' % (arts, st("/img/section-%s.png" % sec))
            return self.send(200, html_page("Section " + sec, body,
                                            '<link rel="stylesheet" href="%s">' % st("/css/main.css")))
        if path.startswith("/article/") and path.endswith(".html"):
            name = path[len("/article/"):-len(".html")]
            sec, _, k = name.rpartition("-")
            if sec not in SECTIONS or not k.isdigit() or not 1 <= int(k) <= o.articles or k != str(int(k)):
                return self.not_found()
            k = int(k)
            nxt = self.article_path(sec, k % o.articles + 1)
            img = "/img/%s-%d" % (sec, k)
            body = ('<article><p>Story %d of the %s desk. It happened, and here is what we know.</p>\n'
                    '<figure><img src="%s.jpg" srcset="%s-400.jpg 400w, %s-800.jpg 800w" alt="photo">'
                    '<figcaption>Photo %d</figcaption></figure>\n'
                    '<picture><source srcset="%s.webp" type="image/webp"><img src="%s-alt.jpg"></picture>\n'
                    '<p>Read next: <a href="%s">next story</a>. <a href="/section/%s/">More %s</a>. '
                    '<a href="/">Home</a>.</p></article>'
                    % (k, sec, st(img), st(img), st(img), k, st(img), st(img), nxt, sec, sec))
            return self.send(200, html_page("%s story %d" % (sec.title(), k), body,
                                            '<link rel="stylesheet" href="%s">' % st("/css/main.css")))
        if path == "/local.css":
            return self.send(200, b"body { background: #fff url(/img/local-bg.png) }\n", "text/css")
        if path == "/img/local-bg.png":
            return self.send(200, tiny_png(), "image/png")
        if path == "/private/secret.html":
            return self.send(200, html_page("Members only", "<p>robots.txt says no.</p>"))
        if path in ("/dup/a.html", "/dup/b.html"):
            return self.send(200, html_page("Duplicate", "<p>The same bytes at two URLs.</p>"))
        if path.startswith("/calendar/"):
            parts = path.strip("/").split("/")
            if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
                return self.not_found()
            y, m = int(parts[1]), int(parts[2])
            if not 1 <= m <= 12:
                return self.not_found()
            ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
            py, pm = (y - 1, 12) if m == 1 else (y, m - 1)
            body = ('<p>Events in %04d-%02d: none.</p><a href="/calendar/%04d/%02d">next month</a> '
                    '<a href="/calendar/%04d/%02d">previous month</a>' % (y, m, ny, nm, py, pm))
            return self.send(200, html_page("Calendar", body))
        if path == "/old-home":
            return self.redirect(301, "/")
        if path == "/sitemap.xml":
            return self.send(200, urlset([self.url("news.test", p) for p in self.all_pages()]), "application/xml")
        if path == "/sitemap-index.xml":
            locs = "".join("<sitemap><loc>%s</loc></sitemap>" % self.url("news.test", p)
                           for p in ("/sitemap.xml", "/sitemap-extra.xml.gz"))
            body = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
                    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">%s</sitemapindex>\n' % locs).encode()
            return self.send(200, body, "application/xml")
        if path == "/sitemap-extra.xml.gz":
            xml = urlset([self.url("news.test", "/extra/%d.html" % k) for k in range(1, 4)])
            return self.send(200, gzip.compress(xml, mtime=0), "application/gzip")
        if path.startswith("/extra/") and path.endswith(".html") and path[7:-5] in ("1", "2", "3"):
            return self.send(200, html_page("Extra " + path[7:-5], "<p>Only the sitemap knows me.</p>"))
        if path == "/faults.html":
            links = "".join('<li><a href="/fault/%s">%s</a></li>' % (f, f) for f in
                            ("reset", "503-once", "slow", "bad-gzip", "big", "loop-a", "404"))
            return self.send(200, html_page("Faults", "<ul>%s</ul>" % links))
        if path.startswith("/fault/"):
            return self.faults(path[len("/fault/"):], query)
        return self.not_found()

    def faults(self, name, query):
        o = self.site.opts
        self.fault = name
        if name == "reset":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"x" * 1000)
            self.wfile.flush()
            self.sent = 1000
            self.status = 200
            # SO_LINGER 0: close() sends RST instead of FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if name == "503-once":
            if self.site.first_time((self.host, "503-once")):
                return self.send(503, html_page("Busy", "<p>Try again.</p>"), headers=[("Retry-After", "1")])
            return self.send(200, html_page("Recovered", "<p>Second time lucky.</p>"))
        if name == "slow":
            chunks = o.drip_chunks
            for kv in query.split("&"):
                if kv.startswith("chunks=") and kv[7:].isdigit():
                    chunks = min(int(kv[7:]), 10000)
            piece = (b"drip " * 13)[:63] + b"\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(piece) * chunks))
            self.end_headers()
            self.status = 200
            for i in range(chunks):
                if self.command == "HEAD":
                    break
                if i:
                    time.sleep(o.drip_ms / 1000.0)
                self.wfile.write(piece)
                self.wfile.flush()
                self.sent += len(piece)
            return
        if name == "bad-gzip":
            return self.send(200, b"this is not gzip at all \x00\x01\x02" * 4, "text/html",
                             headers=[("Content-Encoding", "gzip")])
        if name == "big":
            size = o.big_size
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            self.status = 200
            block = bytes(range(256)) * (CHUNK // 256)
            left = size if self.command != "HEAD" else 0
            while left > 0:
                n = min(left, CHUNK)
                self.wfile.write(block[:n])
                self.sent += n
                left -= n
            return
        if name == "loop-a":
            return self.redirect(302, "/fault/loop-b")
        if name == "loop-b":
            return self.redirect(302, "/fault/loop-a")
        if name == "404":
            return self.not_found()
        self.fault = None
        return self.not_found()

    # ---- static.test -----------------------------------------------------

    def static(self, path, query):
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow:\n", "text/plain")
        if path == "/css/main.css":
            return self.send(200, b'@import "fonts.css";\nbody { margin: 0 }\n'
                             b'header { background: url("../img/bg.png") no-repeat }\n', "text/css")
        if path == "/css/fonts.css":
            return self.send(200, b"@font-face { font-family: Site; src: url(../fonts/site.woff2) format('woff2') }\n",
                             "text/css")
        if path == "/js/app.js":
            return self.send(200, b"document.documentElement.className += ' js';\n", "application/javascript")
        if path == "/fonts/site.woff2":
            return self.send(200, b"wOF2" + bytes(60), "font/woff2")
        if path.startswith("/img/") and "/" not in path[5:]:
            ext = path.rpartition(".")[2]
            ctype = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}.get(ext)
            if ctype:
                # distinct bytes per image so that dedup does not merge them
                return self.send(200, tiny_png() + path.encode(), ctype)
        return self.not_found()

    # ---- other.test ------------------------------------------------------

    def other(self, path, query):
        if path == "/robots.txt":
            body = "User-agent: *\nCrawl-delay: %s\nDisallow: /nope/\n" % self.site.opts.crawl_delay
            return self.send(200, body.encode(), "text/plain")
        if path == "/":
            links = "".join('<a href="/page/%d">page %d</a> ' % (k, k) for k in range(1, 4))
            return self.send(200, html_page("Other site", links + '<a href="%s">news</a>' % self.url("news.test", "/")))
        if path.startswith("/page/") and path[6:] in ("1", "2", "3"):
            return self.send(200, html_page("Other page " + path[6:], '<a href="/">other home</a>'))
        return self.not_found()


def tiny_png():
    # a valid 1x1 transparent PNG
    return bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                         "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def urlset(urls):
    locs = "".join("<url><loc>%s</loc></url>" % u for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "%s</urlset>\n" % locs).encode()


def main():
    ap = argparse.ArgumentParser(description="fault-injecting multi-host test site (127.0.0.1 only)")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--big-size", type=int, default=50 * 1000 * 1000)
    ap.add_argument("--articles", type=int, default=4)
    ap.add_argument("--drip-ms", type=int, default=100)
    ap.add_argument("--drip-chunks", type=int, default=20)
    ap.add_argument("--crawl-delay", default="0.2")
    opts = ap.parse_args()

    Handler.site = Site(opts)
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    loopback.publish_port(srv, opts.port_file)

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()          # no new connections
        Handler.site.drain(3.0)     # requests in progress finish and are logged
    return 0


if __name__ == "__main__":
    sys.exit(main())
