#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/pack.sh - 'wark pack' against the floor it cannot beat: 'zip -0' of the
# same WARCs plus 'sha256sum' of them (what a WACZ needs at the least: stored
# entries and one digest per file), measured in the same run on the same warm
# files. Also times 'wark pack -f bagit' to a directory and 'wark verify'.
# Data: a generated set of >= 200 MB of gzip-per-record WARCs (random,
# incompressible bodies, some HTML pages), cached under build/bench-pack/.
# Goal: wark pack within 1.3x of zip -0 + sha256sum. REPEAT=n runs (median).
set -eu
cd "$(dirname "$0")/.."
[ -x build/release/wark ] || make --no-print-directory release
command -v zip >/dev/null || { echo "bench pack: needs zip (make deps)"; exit 1; }
MB=${PACK_BENCH_MB:-256}
DATA=build/bench-pack/data-$MB
if [ ! -f "$DATA/.done" ]; then
  rm -rf "$DATA"; mkdir -p "$DATA/warc"
  python3 - "$DATA/warc" "$MB" <<'EOF'
import gzip, os, sys
out, mb = sys.argv[1], int(sys.argv[2])
files, per = 8, (mb << 20) // 8
rid = 0
for f in range(files):
    with open(os.path.join(out, "bench-%02d.warc.gz" % f), "wb") as w:
        size = 0
        while size < per:
            rid += 1
            html = rid % 10 == 0
            body = (b"<html><title>page %d</title><body>" % rid + os.urandom(2000).hex().encode() + b"</body></html>"
                    if html else os.urandom(256 << 10))
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
                    % (b"text/html" if html else b"application/octet-stream", len(body))) + body
            head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%08x-0000-4000-8000-000000000000>\r\n"
                    "WARC-Date: 2025-03-01T12:%02d:%02dZ\r\nWARC-Target-URI: http://bench.test/%d%s\r\n"
                    "Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
                    % (rid, rid // 60 % 60, rid % 60, rid, ".html" if html else ".bin", len(http))).encode()
            member = gzip.compress(head + http + b"\r\n\r\n", compresslevel=1, mtime=0)
            w.write(member)
            size += len(member)
EOF
  touch "$DATA/.done"
fi
python3 - "$DATA" "${REPEAT:-3}" <<'EOF'
import glob, os, shutil, statistics, subprocess, sys, time
data, repeat = sys.argv[1], int(sys.argv[2])
wark = os.path.abspath("build/release/wark")
warcs = sorted(glob.glob(os.path.join(data, "warc", "*.warc.gz")))
total = sum(os.path.getsize(w) for w in warcs)
work = os.path.join(os.path.dirname(data), "out")
def run(cmd, **kw):
    t = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.monotonic() - t
def fresh():
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
for w in warcs:  # warm the page cache so every contender reads from memory
    with open(w, "rb") as f:
        while f.read(1 << 20):
            pass
res = {k: [] for k in ("  zip -0 alone", "  sha256sum alone", "zip -0 + sha256sum", "wark pack (WACZ)", "wark pack -f bagit DIR/", "wark verify WACZ")}
for _ in range(repeat):
    fresh()
    t1 = run(["zip", "-0", "-q", "-j", os.path.join(work, "base.zip")] + warcs)
    t2 = run(["sha256sum"] + warcs)
    res["  zip -0 alone"].append(t1)
    res["  sha256sum alone"].append(t2)
    res["zip -0 + sha256sum"].append(t1 + t2)
    fresh()
    res["wark pack (WACZ)"].append(run([wark, "pack", data, "-o", os.path.join(work, "b.wacz")]))
    res["wark pack -f bagit DIR/"].append(run([wark, "pack", "-f", "bagit", data, "-o", os.path.join(work, "bag/")]))
    res["wark verify WACZ"].append(run([wark, "verify", "-q", os.path.join(work, "b.wacz")]))
base = statistics.median(res["zip -0 + sha256sum"])
print(f"pack bench: {len(warcs)} WARCs, {total / 1e6:.0f} MB, median of {repeat}")
print(f"{'what':28} {'wall s':>8} {'MB/s':>8} {'vs zip+sha':>10}")
for k, v in res.items():
    m = statistics.median(v)
    print(f"{k:28} {m:8.2f} {total / 1e6 / m:8.0f} {m / base:9.2f}x")
ratio = statistics.median(res["wark pack (WACZ)"]) / base
print(f"goal: wark pack within 1.3x of zip -0 + sha256sum: {'met' if ratio <= 1.3 else 'NOT met'} ({ratio:.2f}x)")
shutil.rmtree(work, ignore_errors=True)
EOF
