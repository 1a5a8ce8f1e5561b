#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""gen.py - writes the bundled sample news site ("The Harrowmere Gazette").

    python3 tools/samplesite/gen.py OUTDIR [--base-url URL] [--truth FILE] [--per-section N]

A static site that looks like a small news publisher, so that crawl, extract
and pack can be shown and tested end to end without touching the Internet:
a home page, 4 section pages, 36 articles (headline, byline, <time> and
JSON-LD dates, paragraphs, 1-2 figures with caption and credit, an in-body
"read more" teaser and advert, related links), JPEG/PNG/SVG images, one CSS and one JS file, robots.txt disallowing
/private/, sitemap.xml, a 404 page and one redirect (listed in _redirects,
which serve.py honours).

Design: the output is a pure function of the arguments (seeded generator, no
clocks, sorted iteration), so two runs give byte-identical trees and tests
can rely on exact contents. Links inside pages are root-relative; only the
sitemap, robots.txt, canonical links and JSON-LD need absolute URLs, which is
what --base-url is for (default http://127.0.0.1:8000). --truth writes one
JSON line per article with what an extractor should find (title, byline,
date, paragraphs, captions, credits).
"""
import argparse
import datetime
import html
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import images  # noqa: E402
import prose  # noqa: E402

SITE = "The Harrowmere Gazette"
SEED = 20240301
SECTION_ORDER = ["town", "science", "culture", "sport"]
PER_SECTION = 9
START = datetime.datetime(2024, 3, 1, 7, 0, 0)

CSS = """/* Harrowmere Gazette: one stylesheet for every page */
body { font-family: Georgia, serif; margin: 0; color: #1d1d1b; background: #fbfaf7; }
.masthead { background: #123; color: #fff; padding: 1rem 2rem; }
.masthead a { color: #fff; text-decoration: none; }
nav.sections a { margin-right: 1rem; color: #cde; }
main { max-width: 44rem; margin: 1.5rem auto; padding: 0 1rem; }
.kicker a { text-transform: uppercase; font: bold .8rem sans-serif; color: #a33; }
.headline { font-size: 2rem; line-height: 1.15; }
.standfirst { font-size: 1.15rem; color: #444; }
.byline, time.published { font: .9rem sans-serif; color: #555; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption { font: .85rem sans-serif; color: #444; }
figcaption .credit { color: #777; }
.related, .newsletter, .share { font-family: sans-serif; border-top: 1px solid #ccc; margin-top: 2rem; }
.cookie-banner { position: fixed; bottom: 0; left: 0; right: 0; background: #eee; padding: .5rem; }
.teaser { margin-bottom: 1.2rem; }
footer { font: .8rem sans-serif; padding: 2rem; background: #eee; }
.logo { background: url("/media/logo.svg") no-repeat; width: 120px; height: 24px; display: inline-block; }
"""

JS = """/* Harrowmere Gazette: progressive enhancement only; pages read fine without it. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var banner = document.querySelector(".cookie-banner");
    var button = banner && banner.querySelector("button");
    if (button) button.addEventListener("click", function () { banner.hidden = true; });
    var body = document.querySelector(".story-body");
    if (body) {
      var words = body.textContent.split(/\\s+/).length;
      var note = document.createElement("p");
      note.className = "reading-time";
      note.textContent = Math.max(1, Math.round(words / 200)) + " min read";
      body.parentNode.insertBefore(note, body);
    }
  });
})();
"""


def esc(s):
    return html.escape(s, quote=True)


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:60].rstrip("-")


def human_date(d):
    return "%d %s %d, %02d:%02d" % (d.day, prose.MONTHS[d.month - 1], d.year, d.hour, d.minute)


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def page(title, body, base, path, head_extra="", description=""):
    nav = " ".join('<a href="/section/%s/">%s</a>' % (s, prose.SECTIONS[s]["title"])
                   for s in SECTION_ORDER)
    return """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<meta name="description" content="%s">
<link rel="canonical" href="%s%s">
<link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/media/logo.svg" type="image/svg+xml">
<script src="/static/site.js" defer></script>
%s</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="masthead">
<a href="/" class="brand"><span class="logo"></span> %s</a>
<nav class="sections" aria-label="Sections">%s <a href="/about.html">About us</a></nav>
</header>
<main id="content">
%s
</main>
<aside class="newsletter"><h2>Get the Gazette by email</h2>
<p>Our morning briefing lands at seven. Sign up at the front desk on Quay Street.</p></aside>
<div class="cookie-banner" role="dialog"><p>We use a single cookie to remember that you closed this box.</p>
<button type="button">Close</button></div>
<footer>
<p><a href="/">Home</a> | <a href="/about.html">About us</a> | <a href="/private/drafts.html">Staff drafts</a>
| <a href="/sitemap.xml">Sitemap</a></p>
<p>&copy; 2024 %s. A fictional newspaper generated for testing web archiving tools.</p>
</footer>
</body>
</html>
""" % (esc(title), esc(description), base, path, head_extra, SITE, nav, body, SITE)


def make_articles(p, per_section):
    """Article records in publication order (deterministic)."""
    arts = []
    seen = set()
    for i in range(per_section * len(SECTION_ORDER)):
        section = SECTION_ORDER[i % len(SECTION_ORDER)]
        pub = START + datetime.timedelta(days=2 * i, hours=(i * 5) % 11, minutes=(i * 17) % 60)
        headline = p.headline(section)
        slug = slugify(headline)
        while slug in seen:
            slug += "-%d" % i
        seen.add(slug)
        path = "/%s/%04d/%02d/%02d/%s.html" % (section, pub.year, pub.month, pub.day, slug)
        paras = [p.paragraph(section, first=True)] + [p.paragraph(section)
                                                      for _ in range(p.rng.randint(4, 7))]
        figs = []
        for k in range(1 if i % 3 == 0 else 2):
            kind = "jpg" if k == 0 else ("svg" if i % 2 else "png")
            figs.append({"src": "/media/%s-%d.%s" % (slug[:40], k + 1, kind), "kind": kind,
                         "seed": i * 7 + k + 1, "caption": p.caption(section), "credit": p.credit(),
                         "alt": "Illustration %d for %s" % (k + 1, headline)})
        arts.append({"i": i, "section": section, "headline": headline, "slug": slug,
                     "path": path, "published": pub, "modified": pub + datetime.timedelta(hours=3),
                     "author": p.person(), "standfirst": p.standfirst(section),
                     "paragraphs": paras, "figures": figs})
    return arts


def figure_html(f):
    if f["kind"] == "jpg":
        w, h = 128, 80
    elif f["kind"] == "png":
        w, h = 160, 100
    else:
        w, h = 240, 120
    return ('<figure>\n<img src="%s" alt="%s" width="%d" height="%d">\n'
            '<figcaption><span class="caption">%s</span> <span class="credit">%s</span></figcaption>\n'
            '</figure>' % (f["src"], esc(f["alt"]), w, h, esc(f["caption"]), esc(f["credit"])))


def write_media(out, f):
    path = os.path.join(out, f["src"].lstrip("/"))
    if f["kind"] == "jpg":
        data = images.jpeg(128, 80, f["seed"])
    elif f["kind"] == "png":
        data = images.png(160, 100, f["seed"])
    else:
        data = images.svg(240, 120, f["seed"], "Monthly figures")
    write(path, data)


def article_html(a, arts, base):
    sec = prose.SECTIONS[a["section"]]["title"]
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": a["headline"], "description": a["standfirst"],
        "datePublished": iso(a["published"]), "dateModified": iso(a["modified"]),
        "author": {"@type": "Person", "name": a["author"]},
        "publisher": {"@type": "Organization", "name": SITE},
        "articleSection": sec, "mainEntityOfPage": base + a["path"],
        "image": [base + f["src"] for f in a["figures"]],
    }
    head = ('<meta property="og:title" content="%s">\n<meta property="og:type" content="article">\n'
            '<meta name="author" content="%s">\n'
            '<script type="application/ld+json">%s</script>\n'
            % (esc(a["headline"]), esc(a["author"]), json.dumps(ld, sort_keys=True)))
    body = [p for p in a["paragraphs"]]
    figs = a["figures"]
    parts = ["<p>%s</p>" % esc(t) for t in body]
    if len(figs) > 1:
        parts.insert(2, figure_html(figs[1]))
    related = [r for r in arts if r["section"] == a["section"] and r["i"] != a["i"]][:3]
    # In-body clutter an extractor must drop: a "read more" teaser and an advert.
    other = arts[(a["i"] + 5) % len(arts)]
    parts.insert(min(4, len(parts)), '<aside class="read-more"><p>Read more: <a href="%s">%s</a></p></aside>'
                 % (other["path"], esc(other["headline"])))
    parts.insert(len(parts) - 1, '<div class="advert" aria-label="Advertisement"><p>Advertisement: '
                 'Quayside Hardware, open seven days.</p></div>')
    rel = "\n".join('<li><a href="%s">%s</a></li>' % (r["path"], esc(r["headline"])) for r in related)
    html_body = """<article class="story">
<header>
<p class="kicker"><a href="/section/%s/">%s</a></p>
<h1 class="headline">%s</h1>
<p class="standfirst">%s</p>
<p class="byline">By <a rel="author" href="/about.html#staff">%s</a></p>
<time class="published" datetime="%s">%s</time>
</header>
%s
<div class="story-body">
%s
</div>
<div class="share">Share this story: <a href="/about.html#share">email</a></div>
<aside class="related"><h2>More from %s</h2>
<ul>
%s
</ul></aside>
</article>""" % (a["section"], sec, esc(a["headline"]), esc(a["standfirst"]), esc(a["author"]),
                 iso(a["published"]), human_date(a["published"]), figure_html(figs[0]),
                 "\n".join(parts), sec, rel)
    return page("%s | %s" % (a["headline"], SITE), html_body, base, a["path"], head, a["standfirst"])


def teaser(a):
    return ('<div class="teaser"><h3><a href="%s">%s</a></h3><p>%s</p>'
            '<time datetime="%s">%s</time></div>'
            % (a["path"], esc(a["headline"]), esc(a["standfirst"]), iso(a["published"]),
               human_date(a["published"])))


def write(path, data):
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


def generate(out, base, truth, per_section=PER_SECTION):
    base = base.rstrip("/")
    p = prose.Prose(SEED)
    arts = make_articles(p, per_section)
    newest = sorted(arts, key=lambda a: a["published"], reverse=True)
    urls = ["/", "/about.html"]

    for a in arts:
        write(os.path.join(out, a["path"].lstrip("/")), article_html(a, arts, base))
        for f in a["figures"]:
            write_media(out, f)
        urls.append(a["path"])

    for s in SECTION_ORDER:
        title = prose.SECTIONS[s]["title"]
        items = [a for a in newest if a["section"] == s]
        body = "<h1>%s</h1>\n%s" % (title, "\n".join(teaser(a) for a in items))
        write(os.path.join(out, "section", s, "index.html"),
              page("%s | %s" % (title, SITE), body, base, "/section/%s/" % s,
                   description="Latest %s news from Harrowmere" % title.lower()))
        urls.append("/section/%s/" % s)

    lead = newest[0]
    blocks = ['<section class="lead"><h2>Top story</h2>%s</section>' % teaser(lead)]
    for s in SECTION_ORDER:
        items = [a for a in newest if a["section"] == s and a is not lead][:4]
        blocks.append('<section><h2><a href="/section/%s/">%s</a></h2>\n%s</section>'
                      % (s, prose.SECTIONS[s]["title"], "\n".join(teaser(a) for a in items)))
    write(os.path.join(out, "index.html"),
          page(SITE, "<h1>%s</h1>\n%s" % (SITE, "\n".join(blocks)), base, "/",
               description="News from Harrowmere and the estuary towns"))

    about = ('<h1>About the Gazette</h1>\n<p>The Harrowmere Gazette is a made-up local paper. '
             'Every story on this site was generated by a program so that archiving tools have '
             'something realistic to practise on.</p>\n<h2 id="staff">Staff</h2>\n<ul>%s</ul>\n'
             '<p id="share">Share links are placeholders.</p>\n'
             '<p>Always see <a href="/latest">the latest story</a>.</p>'
             % "".join("<li>%s</li>" % esc(n) for n in sorted({a["author"] for a in arts})))
    write(os.path.join(out, "about.html"), page("About | " + SITE, about, base, "/about.html"))
    write(os.path.join(out, "private", "drafts.html"),
          page("Drafts | " + SITE, "<h1>Staff drafts</h1><p>Not for robots.</p>", base,
               "/private/drafts.html"))
    write(os.path.join(out, "404.html"),
          page("Not found | " + SITE, "<h1>Page not found</h1><p>Try the <a href=\"/\">home page</a>.</p>",
               base, "/404.html"))
    write(os.path.join(out, "_redirects"), "/latest %s 302\n" % lead["path"])
    write(os.path.join(out, "static", "site.css"), CSS)
    write(os.path.join(out, "static", "site.js"), JS)
    write(os.path.join(out, "media", "logo.svg"), images.svg(120, 24, 1, "Gazette"))
    write(os.path.join(out, "robots.txt"),
          "User-agent: *\nDisallow: /private/\n\nSitemap: %s/sitemap.xml\n" % base)
    sm = ['<?xml version="1.0" encoding="UTF-8"?>',
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for u in urls:
        sm.append("  <url><loc>%s%s</loc></url>" % (base, u))
    sm.append("</urlset>")
    write(os.path.join(out, "sitemap.xml"), "\n".join(sm) + "\n")

    if truth:
        lines = []
        for a in arts:
            lines.append(json.dumps({
                "url": base + a["path"], "section": a["section"], "title": a["headline"],
                "byline": a["author"], "date": iso(a["published"]), "standfirst": a["standfirst"],
                "paragraphs": a["paragraphs"],
                "figures": [{"src": base + f["src"], "caption": f["caption"], "credit": f["credit"]}
                            for f in a["figures"]],
            }, sort_keys=True))
        write(truth, "\n".join(lines) + "\n")
    return arts


def main():
    ap = argparse.ArgumentParser(description="Write the sample news site into OUTDIR.")
    ap.add_argument("outdir")
    ap.add_argument("--base-url", default="http://127.0.0.1:8000",
                    help="absolute origin used in sitemap.xml, robots.txt, canonical and JSON-LD")
    ap.add_argument("--truth", help="write the expected extraction results here (JSON lines)")
    ap.add_argument("--per-section", type=int, default=PER_SECTION,
                    help="articles per section (default %(default)s; fewer for quick tests)")
    args = ap.parse_args()
    if args.per_section < 1:
        ap.error("--per-section must be at least 1")
    arts = generate(args.outdir, args.base_url, args.truth, args.per_section)
    print("samplesite: %d articles in %s" % (len(arts), args.outdir))


if __name__ == "__main__":
    main()
