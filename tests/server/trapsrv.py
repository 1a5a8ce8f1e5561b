#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""trapsrv.py - a loopback server of crawler traps and hostile pages (stdlib only).

Routes on 127.0.0.1:PORT:
  /                     links /calendar/?m=1 and /blog/page-1
  /calendar/?m=N        a nearly empty month: links ?m=N-1 and ?m=N+1, forever
  /blog/page-N          N = 1..60: lists 3 articles of its own (/blog/post-K.html),
                        links page-(N-1) and page-(N+1)
  /blog/post-K.html     a small article linking /blog/page-1
  /hostile/attrs        one element with 300,000 attributes, then <a href=/hostile/after>
  /hostile/deep         100,000 nested <div>s around <a href=/hostile/after>
  /hostile/tiny         1,000,000 tiny elements, then <a href=/hostile/after>
  /hostile/many         links /hostile/attrs?i=1..40 (each the 300k-attribute page)
  /hostile/after        a small page
The hostile pages are built once, at start. The robots.txt is a 404.
Usage: trapsrv.py PORT_FILE   (binds 127.0.0.1 port 0, writes the port to PORT_FILE)
"""
import http.server
import sys
import urllib.parse

import loopback

PAGES = 60
AFTER = b'<a href="/hostile/after">after</a></body></html>'
HOSTILE = {
    "/hostile/attrs": b"<html><body><p " + b" ".join(b"a%d=%d" % (i, i) for i in range(300000)) + b">x</p>" + AFTER,
    "/hostile/deep": b"<html><body>" + b"<div>" * 100000 + AFTER,
    "/hostile/tiny": b"<html><body>" + b"<b></b>" * 1000000 + AFTER,
}


def page(title, links, text=""):
    body = "".join('<a href="%s">%s</a> ' % (u, u) for u in links)
    return ("<html><head><title>%s</title></head><body><h1>%s</h1><p>%s</p>%s</body></html>"
            % (title, title, text, body)).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"no"):
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        if u.path == "/":
            return self.reply(200, page("home", ["/calendar/?m=1", "/blog/page-1"]))
        if u.path == "/calendar/" and "m" in q:
            m = int(q["m"][0])
            return self.reply(200, page("month %d" % m, ["/calendar/?m=%d" % (m - 1), "/calendar/?m=%d" % (m + 1)]))
        if u.path.startswith("/blog/page-"):
            n = int(u.path[len("/blog/page-"):])
            if not 1 <= n <= PAGES:
                return self.reply(404)
            links = ["/blog/post-%d.html" % (3 * n + k) for k in range(3)]
            links += ["/blog/page-%d" % p for p in (n - 1, n + 1) if 1 <= p <= PAGES]
            return self.reply(200, page("page %d" % n, links))
        if u.path.startswith("/blog/post-"):
            return self.reply(200, page("post", ["/blog/page-1"], "Article %s, a few words." % u.path))
        if u.path in HOSTILE:
            return self.reply(200, HOSTILE[u.path])
        if u.path == "/hostile/many":
            return self.reply(200, page("many", ["/hostile/attrs?i=%d" % i for i in range(1, 41)]))
        if u.path == "/hostile/after":
            return self.reply(200, page("after", []))
        return self.reply(404)


def main():
    loopback.serve(Handler, sys.argv[1])


if __name__ == "__main__":
    main()
