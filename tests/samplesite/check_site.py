#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""check_site.py - checks for the sample site generator and server (test helper).

    check_site.py site DIR TRUTH    the generated tree holds what it promises
    check_site.py serve DIR         tools/samplesite/serve.py speaks HTTP/1.1 properly

Run from tests/integration/test_samplesite.c. Prints one line per failed
check and exits 1 if any failed, so the Criterion test shows the reason.
Parses pages with html.parser and images by their headers: an independent
look at the output rather than a re-run of the generator's own logic.
"""
import html.parser
import http.client
import json
import os
import re
import signal
import struct
import subprocess
import sys
import time
import zlib

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
problems = []


def check(cond, msg):
    if not cond:
        problems.append(msg)
    return cond


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.h1 = []
        self.times = []
        self.ld = []
        self.figures = []
        self.body_ps = []
        self.links = []
        self.adverts = 0
        self.teasers = 0
        self._text = None
        self._where = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class", "")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "h1":
            self._start("h1")
        elif tag == "time" and "datetime" in a:
            self.times.append(a["datetime"])
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._start("ld")
        elif tag == "figure":
            self.figures.append({"img": None, "caption": "", "credit": ""})
        elif tag == "img" and self.figures and "figure" in self.stack:
            self.figures[-1]["img"] = a.get("src")
        elif tag == "span" and cls in ("caption", "credit") and self.figures:
            self._start(cls)
        elif tag == "p" and "story-body" in self.stack and not {"aside", "div"} & set(self.stack[self.stack.index("story-body") + 1:]):
            self._start("p")
        if tag == "div" and cls == "advert":
            self.adverts += 1
        if tag == "aside" and cls == "read-more" and "story-body" in self.stack:
            self.teasers += 1
        if tag not in ("img", "meta", "link", "br", "input"):
            self.stack.append(cls if cls == "story-body" else tag)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()
        if self._where and tag in ("h1", "script", "span", "p"):
            text = "".join(self._text).strip()
            if self._where == "h1":
                self.h1.append(text)
            elif self._where == "ld":
                self.ld.append(text)
            elif self._where in ("caption", "credit"):
                self.figures[-1][self._where] = text
            elif self._where == "p":
                self.body_ps.append(text)
            self._where = None

    def _start(self, where):
        self._where = where
        self._text = []

    def handle_data(self, data):
        if self._where:
            self._text.append(data)


def image_ok(path):
    try:
        return _image_ok(path)
    except (struct.error, zlib.error, ValueError):
        return False


def _image_ok(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".png"):
        if data[:8] != b"\x89PNG\r\n\x1a\n":
            return False
        pos, idat = 8, b""
        w = h = 0
        while pos < len(data):
            n, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + n]
            crc = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
            if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
                return False
            if kind == b"IHDR":
                w, h = struct.unpack(">II", body[:8])
            elif kind == b"IDAT":
                idat += body
            pos += 12 + n
            if kind == b"IEND":
                break
        if pos != len(data):
            return False
        return len(zlib.decompress(idat)) == h * (1 + 3 * w)
    if path.endswith(".jpg"):
        return data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9" and b"\xff\xc0" in data
    if path.endswith(".svg"):
        return data.startswith(b"<?xml") and b"<svg" in data and data.rstrip().endswith(b"</svg>")
    return False


def check_site(root, truth_path):
    truth = [json.loads(line) for line in open(truth_path)]
    check(len(truth) >= 36, "truth lists %d articles, want >= 36" % len(truth))
    sections = set()
    for t in truth:
        path = re.sub(r"^https?://[^/]+", "", t["url"])
        sections.add(t["section"])
        fs = os.path.join(root, path.lstrip("/"))
        if not check(os.path.isfile(fs), "%s: missing" % path):
            continue
        p = Page()
        p.feed(open(fs, encoding="utf-8").read())
        check(p.h1 == [t["title"]], "%s: h1 %r" % (path, p.h1))
        check(t["date"] in p.times, "%s: no <time datetime=%s>" % (path, t["date"]))
        lds = [json.loads(x) for x in p.ld]
        check(any(d.get("@type") == "NewsArticle" and d.get("datePublished") == t["date"]
                  and d.get("headline") == t["title"] and d.get("author", {}).get("name") == t["byline"]
                  for d in lds), "%s: JSON-LD NewsArticle does not match" % path)
        check(p.body_ps == t["paragraphs"], "%s: body paragraphs differ from the truth" % path)
        check(len(p.body_ps) >= 3, "%s: only %d paragraphs" % (path, len(p.body_ps)))
        check(p.adverts == 1 and p.teasers == 1, "%s: in-body advert/teaser missing" % path)
        check(1 <= len(p.figures) <= 2, "%s: %d figures" % (path, len(p.figures)))
        want = [(f["caption"], f["credit"]) for f in t["figures"]]
        check([(f["caption"], f["credit"]) for f in p.figures] == want,
              "%s: figure captions/credits differ from the truth" % path)
        for f in p.figures:
            img = os.path.join(root, (f["img"] or "").lstrip("/"))
            check(f["img"] and os.path.isfile(img) and image_ok(img), "%s: bad image %s" % (path, f["img"]))
        check(len([h for h in p.links if h.startswith("/" + t["section"] + "/")]) >= 3,
              "%s: fewer than 3 related links" % path)
    check(len(sections) == 4, "sections: %s" % sorted(sections))
    for page in ["index.html", "about.html", "static/site.css", "static/site.js", "sitemap.xml"]:
        check(os.path.isfile(os.path.join(root, page)), "missing %s" % page)
    for s in sections:
        check(os.path.isfile(os.path.join(root, "section", s, "index.html")), "missing section page %s" % s)
    robots = open(os.path.join(root, "robots.txt")).read()
    check("Disallow: /private/" in robots, "robots.txt: %r" % robots)
    home = Page()
    home.feed(open(os.path.join(root, "index.html"), encoding="utf-8").read())
    check("/private/drafts.html" in home.links, "the disallowed page is not linked from home")
    sm = open(os.path.join(root, "sitemap.xml")).read()
    locs = re.findall(r"<loc>([^<]+)</loc>", sm)
    check(all(t["url"] in locs for t in truth), "sitemap.xml misses articles")
    check(not any("/private/" in u for u in locs), "sitemap.xml lists /private/")


def check_serve(root):
    pf = os.path.join(root, ".port-%d" % os.getpid())
    srv = subprocess.Popen([sys.executable, os.path.join(REPO, "tools/samplesite/serve.py"), root,
                            "--port-file", pf])
    try:
        for _ in range(100):
            if os.path.exists(pf):
                break
            time.sleep(0.05)
        port = int(open(pf).read())
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)

        def get(path, headers=None, method="GET"):
            c.request(method, path, headers=headers or {})
            r = c.getresponse()
            return r, r.read()

        r, body = get("/")
        check(r.status == 200 and r.getheader("Content-Type") == "text/html; charset=utf-8",
              "/: %d %s" % (r.status, r.getheader("Content-Type")))
        check(r.version == 11 and int(r.getheader("Content-Length")) == len(body), "/: not HTTP/1.1 framed")
        full = open(os.path.join(root, "robots.txt"), "rb").read()
        r, body = get("/robots.txt", {"Range": "bytes=5-14"})  # same connection: keep-alive works
        check(r.status == 206 and body == full[5:15]
              and r.getheader("Content-Range") == "bytes 5-14/%d" % len(full), "range 5-14: %d" % r.status)
        r, body = get("/robots.txt", {"Range": "bytes=-7"})
        check(r.status == 206 and body == full[-7:], "suffix range: %d %r" % (r.status, body))
        r, body = get("/robots.txt", {"Range": "bytes=%d-" % len(full)})
        check(r.status == 416 and r.getheader("Content-Range") == "bytes */%d" % len(full),
              "unsatisfiable range: %d" % r.status)
        r, body = get("/robots.txt", method="HEAD")
        check(r.status == 200 and body == b"" and int(r.getheader("Content-Length")) == len(full), "HEAD")
        r, _ = get("/robots.txt", {"If-None-Match": r.getheader("ETag")})
        check(r.status == 304, "If-None-Match: %d" % r.status)
        for path, ctype in [("/static/site.css", "text/css"), ("/static/site.js", "text/javascript"),
                            ("/sitemap.xml", "application/xml"), ("/media/logo.svg", "image/svg+xml")]:
            r, _ = get(path)
            check(r.status == 200 and r.getheader("Content-Type").startswith(ctype),
                  "%s: %d %s" % (path, r.status, r.getheader("Content-Type")))
        r, _ = get("/section/town")
        check(r.status == 301 and r.getheader("Location") == "/section/town/", "dir redirect: %d" % r.status)
        r, _ = get("/latest")
        check(r.status == 302 and r.getheader("Location", "").endswith(".html"), "_redirects: %d" % r.status)
        for path in ["/nope.html", "/_redirects", "/%2e%2e/%2e%2e/etc/passwd"]:
            r, _ = get(path)
            check(r.status == 404, "%s: %d, want 404" % (path, r.status))
        c.close()
    finally:
        srv.send_signal(signal.SIGTERM)
        try:
            rc = srv.wait(timeout=5)
            check(rc == 0, "server exit status %d after SIGTERM" % rc)
        except subprocess.TimeoutExpired:
            srv.kill()
            srv.wait()
            check(False, "server ignored SIGTERM")
        if os.path.exists(pf):
            os.unlink(pf)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "site":
        check_site(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "serve":
        check_serve(sys.argv[2])
    else:
        sys.exit("usage: check_site.py site DIR TRUTH | serve DIR")
    for p in problems:
        print("check_site: " + p)
    print("check_site: %s" % ("ok" if not problems else "%d problem(s)" % len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
