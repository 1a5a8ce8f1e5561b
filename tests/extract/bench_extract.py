#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""bench_extract.py - wark extract vs Readability.js on the same pages, same run.

For each tool: one process over all html/*.html.gz of the benchmark
directory, pinned to one CPU when taskset exists; wall time -> pages/s, the
child's peak RSS from wait4(), and F1/P/R with the Zyte metric
(zyte_eval.score). Prints a side-by-side table.

usage: bench_extract.py WARK_BIN BENCH_DIR [--repeat N]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zyte_eval import score  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
JS = os.path.join(HERE, '..', 'js', 'readability_extract.js')


def run(cmd):
    """Run cmd; return (stdout bytes, seconds, peak RSS MiB, CPU seconds)."""
    if shutil.which('taskset'):
        cmd = ['taskset', '-c', '0'] + cmd
    with tempfile.TemporaryFile() as out:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        secs = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        data = out.read()
    return data, secs, ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime


def texts(data):
    preds = {}
    for line in data.decode('utf-8').splitlines():
        o = json.loads(line)
        preds[os.path.basename(o['source']).split('.')[0]] = o.get('text') or ''
    return preds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('wark')
    ap.add_argument('bench')
    ap.add_argument('--repeat', type=int, default=3, help='timing runs; the best is reported')
    a = ap.parse_args()
    gt = json.load(open(os.path.join(a.bench, 'ground-truth.json'), encoding='utf-8'))
    truths = {k: v['articleBody'] for k, v in gt.items()}
    files = sorted(os.path.join(a.bench, 'html', k + '.html.gz') for k in gt)
    tools = [('wark extract', [a.wark, 'extract', '--format', 'jsonl'] + files)]
    if os.path.isdir(os.path.join(HERE, '..', 'js', 'node_modules', '@mozilla', 'readability')) and shutil.which('node'):
        tools.append(('Readability.js 0.6 (jsdom)', ['node', JS] + files))
    else:
        print('Readability.js not installed (cd tests/js && npm install): wark only')
    rows = []
    for name, cmd in tools:
        best = None
        for _ in range(max(1, a.repeat)):
            data, secs, rss, cpu = run(cmd)
            if best is None or secs < best[1]:
                best = (data, secs, rss, cpu)
        f1, p, r, _ = score(truths, texts(best[0]))
        rows.append((name, f1, p, r, len(files) / best[1], len(files) / max(best[3], 1e-6), best[2]))
    print('%d pages (%s), one CPU' % (len(files), a.bench))
    print('%-28s %6s %6s %6s %9s %12s %9s' % ('tool', 'F1', 'P', 'R', 'pages/s', 'pages/CPU-s', 'peak MiB'))
    for row in rows:
        print('%-28s %6.3f %6.3f %6.3f %9.1f %12.1f %9.1f' % row)
    print('pages/s: wall clock, best of %d runs; pages/CPU-s: user+system time of that run' % a.repeat)
    return 0


if __name__ == '__main__':
    sys.exit(main())
