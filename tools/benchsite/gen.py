#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""gen.py - the crawl benchmark site: many large article pages on several hosts.

    python3 tools/benchsite/gen.py OUTDIR --port PORT [--hosts 4] [--pages 2000] [--page-kb 60]

Writes OUTDIR/<host>/ for hosts news1.bench .. newsN.bench (names that never
resolve: crawlers reach them through --resolve or an HTTP proxy on
127.0.0.1, see bench/crawl.sh). Each host has a home page, list pages of 50
links, --pages/N articles of about --page-kb KB of HTML (boilerplate, JSON-LD,
prose, a figure), one PNG per article, shared JPEGs, a CSS file that pulls a
background image, a JS file, robots.txt (disallowing /private/, which is
linked) and sitemap.xml. Articles link to their neighbours, to their list
page and to articles on the other hosts with absolute http://HOST:PORT/ URLs,
so a crawl from the home pages reaches everything in a few hops.

Design: deterministic (seeded), and fast enough for 2,000 pages in seconds:
prose comes from a fixed pool of generated paragraphs and each article
picks from it by index; the per-article PNGs are tiny (24x16) and made
unique by a tEXt chunk (so deduplication cannot skip them). A stamp file
records the parameters, so an unchanged site is not rewritten.
"""
import argparse
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "samplesite"))
import images  # noqa: E402
import prose  # noqa: E402

SEED = 4243  # bump when the output changes, so stale sites are rebuilt
LIST_SIZE = 50


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def host_names(n):
    return ["news%d.bench" % (i + 1) for i in range(n)]


def shell(title, host, port, hosts, body, head=""):
    nav = " ".join('<a href="http://%s:%d/">%s</a>' % (h, port, h) for h in hosts)
    return """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>%s</title>
<link rel="stylesheet" href="/static/site.css">
<script src="/static/site.js" defer></script>
%s</head><body>
<header><a href="/">%s</a><nav>%s <a href="/list/1.html">All stories</a></nav></header>
<main>
%s
</main>
<footer><a href="/private/admin.html">Staff</a> | <a href="/sitemap.xml">Sitemap</a>
<p>Generated benchmark site. Text is machine-made.</p></footer>
</body></html>
""" % (title, head, host, nav, body)


def generate(out, port, nhosts, npages, page_kb):
    p = prose.Prose(SEED)
    sections = list(prose.SECTIONS)
    pool = [p.paragraph(sections[i % 4], first=(i % 7 == 0)) for i in range(600)]
    heads = [p.headline(sections[i % 4]) for i in range(400)]
    caps = [(p.caption(sections[i % 4]), p.credit()) for i in range(100)]
    hosts = host_names(nhosts)
    per_host = [npages // nhosts + (1 if i < npages % nhosts else 0) for i in range(nhosts)]
    target = page_kb * 1024
    shared = [images.jpeg(96, 64, 900 + k) for k in range(3)]
    css = ("body{font-family:serif;margin:0}header{background:#223;color:#fff;padding:1em}"
           "header a{color:#fff}main{max-width:44em;margin:auto}"
           ".hero{background:url(/img/shared-0.jpg) no-repeat;min-height:64px}\n")
    js = "document.documentElement.className+=' js';\n"

    def article_url(h, i):
        return "http://%s:%d/a/%04d.html" % (hosts[h], port, i)

    for h, host in enumerate(hosts):
        root = os.path.join(out, host)
        n = per_host[h]
        for k, data in enumerate(shared):
            write(os.path.join(root, "img", "shared-%d.jpg" % k), data)
        write(os.path.join(root, "static", "site.css"), css)
        write(os.path.join(root, "static", "site.js"), js)
        write(os.path.join(root, "robots.txt"),
              "User-agent: *\nDisallow: /private/\nSitemap: http://%s:%d/sitemap.xml\n" % (host, port))
        write(os.path.join(root, "private", "admin.html"), "<!DOCTYPE html><title>staff</title>\n")
        nlists = (n + LIST_SIZE - 1) // LIST_SIZE
        urls = ["/"]
        for i in range(n):
            g = h * 100003 + i  # global article number, drives every choice
            title = "%s (%s #%d)" % (heads[g % len(heads)], host, i)
            cap, credit = caps[g % len(caps)]
            links = ['<a href="/a/%04d.html">Previous story</a>' % ((i - 1) % n),
                     '<a href="/a/%04d.html">Next story</a>' % ((i + 1) % n),
                     '<a href="/list/%d.html">More stories</a>' % (i // LIST_SIZE + 1)]
            for d in range(1, nhosts):
                oh = (h + d) % nhosts
                links.append('<a href="%s">Elsewhere</a>' % article_url(oh, (i * 7 + d) % per_host[oh]))
            ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                             "datePublished": "2024-%02d-%02dT08:00:00Z" % (1 + g % 12, 1 + g % 28)})
            parts = ['<article><h1>%s</h1><p class="byline">By %s</p>' % (title, prose.FIRST[g % 25]),
                     '<figure><img src="/img/%04d.png" width="24" height="16" alt="">'
                     '<figcaption>%s <span class="credit">%s</span></figcaption></figure>' % (i, cap, credit),
                     '<div class="hero"></div><img src="/img/shared-%d.jpg" alt="">' % (g % len(shared))]
            size = sum(len(x) for x in parts) + 1200
            j = 0
            while size < target:
                para = "<p>%s</p>" % pool[(g * 31 + j * 17) % len(pool)]
                parts.append(para)
                size += len(para) + 1
                j += 1
            parts.append('</article><aside><ul>%s</ul></aside>'
                         % "".join("<li>%s</li>" % a for a in links))
            page = shell(title, host, port, hosts, "\n".join(parts),
                         '<script type="application/ld+json">%s</script>\n' % ld)
            write(os.path.join(root, "a", "%04d.html" % i), page)
            write(os.path.join(root, "img", "%04d.png" % i), images.png(24, 16, g + 1, "%s article %d" % (host, i)))
            urls.append("/a/%04d.html" % i)
        for li in range(nlists):
            items = "".join('<li><a href="/a/%04d.html">Story %d</a></li>' % (i, i)
                            for i in range(li * LIST_SIZE, min(n, (li + 1) * LIST_SIZE)))
            nxt = '<a href="/list/%d.html">Older</a>' % (li + 2) if li + 1 < nlists else ""
            write(os.path.join(root, "list", "%d.html" % (li + 1)),
                  shell("Stories page %d" % (li + 1), host, port, hosts, "<ul>%s</ul>%s" % (items, nxt)))
            urls.append("/list/%d.html" % (li + 1))
        latest = "".join('<li><a href="/a/%04d.html">Story %d</a></li>' % (i, i) for i in range(min(n, 20)))
        write(os.path.join(root, "index.html"),
              shell(host, host, port, hosts, "<h1>%s</h1><ul>%s</ul>" % (host, latest)))
        write(os.path.join(root, "sitemap.xml"),
              '<?xml version="1.0" encoding="UTF-8"?>\n'
              '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n%s</urlset>\n'
              % "".join("<url><loc>http://%s:%d%s</loc></url>\n" % (host, port, u) for u in urls))
    return hosts


def main():
    ap = argparse.ArgumentParser(description="Write the multi-host crawl benchmark site.")
    ap.add_argument("outdir")
    ap.add_argument("--port", type=int, required=True, help="port the hosts are served on")
    ap.add_argument("--hosts", type=int, default=4)
    ap.add_argument("--pages", type=int, default=2000, help="articles over all hosts")
    ap.add_argument("--page-kb", type=int, default=60)
    a = ap.parse_args()
    if a.hosts < 1 or a.pages < a.hosts:
        ap.error("need at least one host and one article per host")
    stamp = os.path.join(a.outdir, ".params")
    params = json.dumps([a.port, a.hosts, a.pages, a.page_kb, SEED])
    if os.path.exists(stamp) and open(stamp).read() == params:
        print("benchsite: %s is up to date" % a.outdir)
        return
    if os.path.exists(stamp):
        shutil.rmtree(a.outdir)  # ours (it has our stamp): drop stale pages
    generate(a.outdir, a.port, a.hosts, a.pages, a.page_kb)
    write(stamp, params)
    print("benchsite: %d articles on %d hosts in %s" % (a.pages, a.hosts, a.outdir))


if __name__ == "__main__":
    main()
