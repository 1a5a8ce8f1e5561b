#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""zyte_eval.py - score `wark extract` on the Zyte article-extraction benchmark.

Runs one `wark extract --format jsonl` over every html/*.html.gz of a
benchmark directory (ground-truth.json beside it) and computes the
benchmark's own metric (scrapinghub/article-extraction-benchmark
evaluate.py): \\w+ tokens, word 4-gram shingle multisets, per page tp/fp/fn
normalised to sum 1, precision averaged over pages with tp+fp > 0, recall over
pages with tp+fn > 0, F1 = 2PR/(P+R) of the two averages.

usage: zyte_eval.py WARK_BIN BENCH_DIR [--min-f1 X] [--worst N] [--json FILE]
Prints "F1 P R pages" and exits 1 when F1 < --min-f1.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

TOKEN = re.compile(r'\w+')


def shingles(text, n=4):
    toks = TOKEN.findall(text or '')
    if not toks:
        return collections.Counter()
    if len(toks) < n:
        return collections.Counter([tuple(toks)])
    return collections.Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def page_counts(truth, pred):
    t, p = shingles(truth), shingles(pred)
    tp = fp = fn = 0
    for k in set(t) | set(p):
        tp += min(t[k], p[k])
        fp += max(0, p[k] - t[k])
        fn += max(0, t[k] - p[k])
    s = tp + fp + fn
    if s:
        tp, fp, fn = tp / s, fp / s, fn / s
    return tp, fp, fn


def score(truths, preds):
    precs, recs, per = [], [], {}
    for key, truth in truths.items():
        tp, fp, fn = page_counts(truth, preds.get(key, ''))
        if tp + fp > 0:
            precs.append(tp / (tp + fp))
        elif fn == 0:
            precs.append(1.0)
        if tp + fn > 0:
            recs.append(tp / (tp + fn))
        per[key] = (tp, fp, fn)
    p = sum(precs) / len(precs) if precs else 0.0
    r = sum(recs) / len(recs) if recs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f1, p, r, per


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('wark')
    ap.add_argument('bench')
    ap.add_argument('--min-f1', type=float, default=0.0)
    ap.add_argument('--worst', type=int, default=0)
    ap.add_argument('--json')
    a = ap.parse_args()
    gt = json.load(open(os.path.join(a.bench, 'ground-truth.json'), encoding='utf-8'))
    files = sorted(os.path.join(a.bench, 'html', k + '.html.gz') for k in gt)
    t0 = time.time()
    out = subprocess.run([a.wark, 'extract', '--format', 'jsonl'] + files,
                         stdout=subprocess.PIPE, check=False)
    secs = time.time() - t0
    preds = {}
    for line in out.stdout.decode('utf-8').splitlines():
        o = json.loads(line)
        key = os.path.basename(o['source']).split('.')[0]
        preds[key] = o.get('text') or ''
    truths = {k: v['articleBody'] for k, v in gt.items()}
    f1, p, r, per = score(truths, preds)
    print('F1 %.4f P %.4f R %.4f pages %d (%d extracted) %.1f pages/s' %
          (f1, p, r, len(truths), len(preds), len(truths) / secs if secs else 0))
    if a.worst:
        worst = sorted(per.items(), key=lambda kv: kv[1][0])[:a.worst]
        for k, (tp, fp, fn) in worst:
            print('  %s tp %.2f fp %.2f fn %.2f %s' % (k[:12], tp, fp, fn, gt[k]['url']))
    if a.json:
        json.dump({'f1': f1, 'precision': p, 'recall': r, 'pages': len(truths)}, open(a.json, 'w'))
    if out.returncode not in (0, 1):
        print('wark exited with %d' % out.returncode, file=sys.stderr)
        return 1
    return 0 if f1 >= a.min_f1 else 1


if __name__ == '__main__':
    sys.exit(main())
