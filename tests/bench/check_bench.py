#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""check_bench.py - checks for the crawl benchmark's site and delay proxy (test helper).

    check_bench.py DIR

Generates a small benchmark site into DIR with tools/benchsite/gen.py and
checks its shape (page sizes, hosts, cross-host links, robots.txt), then puts
tools/benchsite/delayproxy.py in front of tools/samplesite/serve.py and
measures that every response is delayed by at least the configured time
while concurrent connections overlap their delays (the benchmark's latency
variant would be meaningless if the proxy serialised requests). Prints one
line per failed check; exit 1 if any failed.
"""
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
problems = []
procs = []


def check(cond, msg):
    if not cond:
        problems.append(msg)


def start(args, port_file):
    p = subprocess.Popen([sys.executable] + args)
    procs.append(p)
    for _ in range(200):
        if os.path.exists(port_file):
            return int(open(port_file).read())
        if p.poll() is not None:
            break
        time.sleep(0.025)
    raise SystemExit("check_bench: %s did not start" % args[0])


def check_site(d):
    subprocess.run([sys.executable, os.path.join(REPO, "tools/benchsite/gen.py"), d, "--port", "8123",
                    "--hosts", "4", "--pages", "12", "--page-kb", "60"], check=True, stdout=subprocess.DEVNULL)
    hosts = sorted(h for h in os.listdir(d) if h.endswith(".bench"))
    check(hosts == ["news%d.bench" % i for i in range(1, 5)], "hosts: %s" % hosts)
    arts = [os.path.join(d, h, "a", f) for h in hosts for f in sorted(os.listdir(os.path.join(d, h, "a")))]
    check(len(arts) == 12, "%d articles, want 12" % len(arts))
    for a in arts:
        size = os.path.getsize(a)
        check(57 * 1024 <= size <= 66 * 1024, "%s: %d bytes, want about 60 KB" % (a, size))
        html = open(a, encoding="utf-8").read()
        others = set(re.findall(r'href="http://(news\d\.bench):8123/', html))
        check(len(others) >= 3, "%s: links to %d hosts" % (a, len(others)))
        m = re.search(r'<img src="(/img/\d+\.png)"', html)
        check(m and os.path.isfile(os.path.join(os.path.dirname(os.path.dirname(a)), m.group(1).lstrip("/"))),
              "%s: article image missing" % a)
    pngs = [open(os.path.join(d, "news1.bench", "img", f), "rb").read()
            for f in os.listdir(os.path.join(d, "news1.bench", "img")) if f.endswith(".png")]
    check(len(set(pngs)) == len(pngs), "per-article PNGs are not unique")
    robots = open(os.path.join(d, "news2.bench", "robots.txt")).read()
    check("Disallow: /private/" in robots, "robots.txt: %r" % robots)
    return os.path.join(d, "news1.bench")


def timed_gets(port, paths, out, proxy_form=False):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for p in paths:
        t = time.monotonic()
        url = "http://news1.bench:8123" + p if proxy_form else p
        c.request("GET", url, headers={"Host": "news1.bench:8123"})
        r = c.getresponse()
        body = r.read()
        out.append((time.monotonic() - t, r.status, len(body)))
    c.close()


def check_proxy(root):
    pf1, pf2 = root + "/../.up-port", root + "/../.dp-port"
    up = start([os.path.join(REPO, "tools/samplesite/serve.py"), root, "--port-file", pf1], pf1)
    dp = start([os.path.join(REPO, "tools/benchsite/delayproxy.py"), "--upstream", "127.0.0.1:%d" % up,
                "--delay-ms", "50", "--port-file", pf2], pf2)
    res = []
    timed_gets(dp, ["/a/0000.html"], res, proxy_form=True)
    check(res[0][1] == 200 and res[0][2] > 50000, "proxy-form request: %s" % (res[0],))
    res = []
    threads = [threading.Thread(target=timed_gets, args=(dp, ["/a/%04d.html" % (k % 3)] * 3, res))
               for k in range(10)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = time.monotonic() - t0
    check(len(res) == 30 and all(r[1] == 200 and r[2] > 50000 for r in res), "responses: %s" % res[:3])
    check(min(r[0] for r in res) >= 0.049, "a response came back in %.3f s (< 50 ms)" % min(r[0] for r in res))
    # Serialised, the wall time would be the sum of the 30 latencies; overlapped (10 connections)
    # about a tenth of it. Compared with each other, not with a clock budget, so load does not matter.
    busy = sum(r[0] for r in res)
    check(total < 0.5 * busy, "10 connections x 3 requests took %.2f s of %.2f s summed latency: "
          "delays do not overlap" % (total, busy))
    procs[0].send_signal(signal.SIGTERM)  # upstream gone: the proxy answers 502
    procs[0].wait(timeout=5)
    c = http.client.HTTPConnection("127.0.0.1", dp, timeout=5)
    c.request("GET", "/", headers={"Host": "news1.bench"})
    check(c.getresponse().status == 502, "no 502 when the upstream is down")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_bench.py DIR")
    try:
        root = check_site(os.path.join(sys.argv[1], "site"))
        check_proxy(root)
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
    for p in problems:
        print("check_bench: " + p)
    print("check_bench: %s" % ("ok" if not problems else "%d problem(s)" % len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
