#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""check_archive.py - an independent checker for the archives 'wark pack' writes.

Python standard library only (zipfile, tarfile, json, hashlib, gzip), written
from the specifications rather than from wark's C code, so that the test
suite does not grade wark with wark:

  WACZ 1.1.1: ZIP CRCs; STORE for archive/* and *.cdx.gz, STORE or DEFLATE
  elsewhere; every file exactly one directory deep (the two datapackage files
  at the top); datapackage.json profile, wacz_version and one resource per
  file with "sha256:<lowercase hex>" and bytes; datapackage-digest.json;
  pages.jsonl header line and every page hitting a capture to the second;
  the index sorted bytewise (plain CDXJ or ZipNum .idx + .cdx.gz) and every
  line's offset landing on a gzip member that holds a record of its URL.

  BagIt 1.0 (RFC 8493): bagit.txt exactly two lines and no BOM; every payload
  file listed exactly once in every manifest-ALG.txt with the right digest;
  tag manifests list only tag files and their digests hold; Payload-Oxum; no
  names with '%', CR or LF; no links or unsafe paths.

Usage: check_archive.py PATH...   (a .wacz, a bag directory, NAME.tar.gz,
NAME.tar.zst or NAME.zip). Prints one line per problem; exit 0 when all
holds, 1 otherwise.
"""
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
import zlib

problems = []


def problem(path, msg):
    problems.append(f"{path}: {msg}")


# ---------------------------------------------------------------- WACZ

def ts14_of_rfc3339(ts):
    digits = re.sub(r"[^0-9]", "", ts)
    return digits[:14] if len(digits) >= 14 else None


def record_at(data, offset):
    """URI and stored length of the gzip member (or plain record) at offset."""
    if data[offset:offset + 2] == b"\x1f\x8b":
        d = zlib.decompressobj(31)
        out = d.decompress(data[offset:])
        length = len(data) - offset - len(d.unused_data)
        if not d.eof:
            return None, None
    else:
        out = data[offset:offset + (1 << 20)]
        length = None
    head = out.split(b"\r\n\r\n", 1)[0]
    if not head.startswith(b"WARC/"):
        return None, None
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"warc-target-uri:"):
            uri = line.split(b":", 1)[1].strip().decode("utf-8", "replace")
            if uri.startswith("<") and uri.endswith(">"):
                uri = uri[1:-1]
            return uri, length
    return "", length


def parse_cdxj(lines, where, wacz):
    entries = []
    prev = None
    for n, line in enumerate(lines, 1):
        if not line or line.startswith(b"!"):
            continue
        if prev is not None and prev > line:
            problem(where, f"line {n}: index not sorted bytewise")
        prev = line
        parts = line.split(b" ", 2)
        if len(parts) != 3:
            problem(where, f"line {n}: not 'key ts json'")
            continue
        try:
            j = json.loads(parts[2])
            entries.append((j["url"], parts[1].decode()[:14], j["filename"], int(j["offset"]), int(j.get("length", 0))))
        except (ValueError, KeyError) as e:
            problem(where, f"line {n}: bad JSON block ({e})")
    return entries


def check_wacz(path):
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        problem(path, f"not a ZIP file: {e}")
        return
    bad = z.testzip()
    if bad:
        problem(path, f"{bad}: CRC-32 mismatch")
    infos = {i.filename: i for i in z.infolist()}
    if len(infos) != len(z.infolist()):
        problem(path, "duplicate entry names")
    for name, i in infos.items():
        if name.startswith("/") or ".." in name.split("/"):
            problem(path, f"{name}: unsafe name")
        if name.endswith("/"):
            continue
        depth = name.count("/")
        if name in ("datapackage.json", "datapackage-digest.json"):
            if depth:
                problem(path, f"{name}: must be at the top")
        elif depth != 1:
            problem(path, f"{name}: not exactly one directory deep")
        if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problem(path, f"{name}: compression method {i.compress_type}")
        if (name.startswith("archive/") or name.endswith(".cdx.gz")) and i.compress_type != zipfile.ZIP_STORED:
            problem(path, f"{name}: must be STORE")
        if any(ord(c) > 127 for c in name) and not (i.flag_bits & 0x800):
            problem(path, f"{name}: non-ASCII name without the UTF-8 flag")
    if "datapackage.json" not in infos:
        problem(path, "datapackage.json missing")
        return
    dp_bytes = z.read("datapackage.json")
    dp = json.loads(dp_bytes)
    if dp.get("profile") != "data-package":
        problem(path, f"profile is {dp.get('profile')!r}")
    version = dp.get("wacz_version")
    if version not in ("1.1.1", "1.0.0"):
        problem(path, f"wacz_version is {version!r}")
    listed = {}
    names = set()
    for r in dp.get("resources", []):
        p = r.get("path")
        if p in listed:
            problem(path, f"{p}: listed twice")
        h = r.get("hash") or (r.get("stats") or {}).get("hash")
        b = r.get("bytes", (r.get("stats") or {}).get("bytes"))
        if version == "1.1.1":
            if not re.fullmatch(r"sha256:[0-9a-f]{64}", h or ""):
                problem(path, f"{p}: hash {h!r} is not sha256:<lowercase hex>")
            name = r.get("name", "")
            if not re.fullmatch(r"[-a-z0-9._/]+", name):
                problem(path, f"{p}: resource name {name!r} not in [-a-z0-9._/]")
            if name in names:
                problem(path, f"{p}: resource name {name!r} not unique")
            names.add(name)
        listed[p] = (h, b)
    for name in infos:
        if name.endswith("/") or name in ("datapackage.json", "datapackage-digest.json"):
            continue
        if name not in listed:
            problem(path, f"{name}: not listed in datapackage.json")
    for p, (h, b) in listed.items():
        if p not in infos:
            problem(path, f"{p}: listed but missing")
            continue
        data = z.read(p)
        hexd = h.split(":", 1)[1] if ":" in h else h
        if hashlib.sha256(data).hexdigest() != hexd:
            problem(path, f"{p}: sha256 does not match datapackage.json")
        if b is None or isinstance(b, bool) or not isinstance(b, int) or b < 0:
            problem(path, f"{p}: bytes {b!r} is not a non-negative integer")
        elif b != len(data):
            problem(path, f"{p}: {len(data)} bytes, datapackage.json says {b}")
    if "datapackage-digest.json" in infos:
        dg = json.loads(z.read("datapackage-digest.json"))
        if dg.get("path") != "datapackage.json" or dg.get("hash") != "sha256:" + hashlib.sha256(dp_bytes).hexdigest():
            problem(path, "datapackage-digest.json does not match datapackage.json")
    elif version == "1.1.1":
        problem(path, "datapackage-digest.json missing")
    # indexes
    entries = []
    idx_names = [n for n in infos if n.startswith("indexes/")]
    for n in idx_names:
        if n.endswith(".cdxj") or n.endswith(".cdx"):
            entries += parse_cdxj(z.read(n).split(b"\n"), n, z)
        elif n.endswith(".idx"):
            cdx_lines = []
            prev = None
            for line in z.read(n).split(b"\n"):
                if not line or line.startswith(b"!meta"):
                    continue
                key, js = line.split(b" {", 1)
                if prev is not None and prev > key:
                    problem(path, f"{n}: not sorted")
                prev = key
                j = json.loads(b"{" + js)
                blob = z.read("indexes/" + j.get("filename", "index.cdx.gz"))
                block = blob[j["offset"]:j["offset"] + j["length"]]
                if "digest" in j and j["digest"] != "sha256:" + hashlib.sha256(block).hexdigest():
                    problem(path, f"{n}: block digest mismatch")
                cdx_lines += gzip.decompress(block).split(b"\n")
            entries += parse_cdxj(cdx_lines, n, z)
        elif n.endswith(".cdx.gz"):
            if not any(x.endswith(".idx") for x in idx_names):
                problem(path, f"{n}: .cdx.gz without .idx")
    if not idx_names:
        problem(path, "no index")
    warcs = {}
    for url, ts, fn, off, length in entries:
        name = "archive/" + fn
        if name not in infos:
            problem(path, f"index names {fn}, not in archive/")
            continue
        if name not in warcs:
            warcs[name] = z.read(name)
        uri, stored = record_at(warcs[name], off)
        if uri != url:
            problem(path, f"index line for {url}: record at {fn}:{off} is for {uri!r}")
        elif stored is not None and length and stored != length:
            problem(path, f"index line for {url}: length {length}, member is {stored}")
    # pages
    if "pages/pages.jsonl" not in infos:
        problem(path, "pages/pages.jsonl missing")
        return
    lines = z.read("pages/pages.jsonl").decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or json.loads(lines[0]).get("format") != "json-pages-1.0":
        problem(path, "pages.jsonl: first line is not the json-pages-1.0 header")
    caps = {(u, t) for u, t, _, _, _ in entries}
    for k, line in enumerate(lines[1:], 2):
        if not line.strip():
            problem(path, f"pages.jsonl line {k}: blank")
            continue
        p = json.loads(line)
        ts = ts14_of_rfc3339(p.get("ts", ""))
        if not p.get("url") or not ts:
            problem(path, f"pages.jsonl line {k}: url/ts missing or malformed")
        elif (p["url"], ts) not in caps:
            problem(path, f"pages.jsonl line {k}: {p['url']} at {p['ts']} hits no capture")


# ---------------------------------------------------------------- BagIt

ALGS = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}


def bag_files(path):
    """{relative name: bytes} for a bag in any form; also reports unsafe members."""
    files = {}
    if os.path.isdir(path):
        for root, dirs, fs in os.walk(path):
            for f in fs + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
                full = os.path.join(root, f)
                rel = os.path.relpath(full, path)
                if os.path.islink(full):
                    problem(path, f"{rel}: symlink")
                    continue
                with open(full, "rb") as fh:
                    files[rel] = fh.read()
        return files
    if path.endswith(".zip"):
        z = zipfile.ZipFile(path)
        if z.testzip():
            problem(path, "CRC-32 mismatch")
        members = [(i.filename, z.read(i) if not i.is_dir() else None) for i in z.infolist()]
    else:
        if path.endswith(".zst"):
            raw = subprocess.run(["zstd", "-dc", path], check=True, capture_output=True).stdout
            t = tarfile.open(fileobj=io.BytesIO(raw))
        else:
            t = tarfile.open(path)
        members = []
        for m in t.getmembers():
            if m.issym() or m.islnk() or m.isdev():
                problem(path, f"{m.name}: link or device")
                continue
            members.append((m.name, t.extractfile(m).read() if m.isfile() else None))
    tops = {n.split("/", 1)[0] for n, _ in members}
    if len(tops) != 1:
        problem(path, f"serialised bag must have one top directory, has {sorted(tops)}")
    for n, data in members:
        if n.startswith("/") or ".." in n.split("/"):
            problem(path, f"{n}: unsafe name")
            continue
        if data is None:
            continue
        rel = n.split("/", 1)[1] if "/" in n else n
        if rel in files:
            problem(path, f"{rel}: duplicate")
        files[rel] = data
    return files


def check_bag(path):
    files = bag_files(path)
    bagit = files.get("bagit.txt")
    if bagit is None:
        problem(path, "bagit.txt missing")
        return
    if bagit.startswith(b"\xef\xbb\xbf"):
        problem(path, "bagit.txt has a BOM")
    if bagit.splitlines() != [b"BagIt-Version: 1.0", b"Tag-File-Character-Encoding: UTF-8"]:
        problem(path, f"bagit.txt is not exactly the two lines: {bagit!r}")
    payload = {n: d for n, d in files.items() if n.startswith("data/")}
    for n in payload:
        if re.search(r"[%\r\n]", n):
            problem(path, f"{n}: name with % CR or LF")
    manifests = [n for n in files if re.fullmatch(r"manifest-[a-z0-9]+\.txt", n)]
    tagmanifests = [n for n in files if re.fullmatch(r"tagmanifest-[a-z0-9]+\.txt", n)]
    if not manifests:
        problem(path, "no payload manifest")
    for m in manifests + tagmanifests:
        alg = m.split("-", 1)[1][:-4]
        if alg not in ALGS:
            problem(path, f"{m}: unknown algorithm")
            continue
        seen = {}
        for k, line in enumerate(files[m].decode("utf-8").splitlines(), 1):
            parts = line.split(None, 1)
            if len(parts) != 2 or not re.fullmatch(f"[0-9a-fA-F]{{{ALGS[alg]}}}", parts[0]):
                problem(path, f"{m} line {k}: malformed")
                continue
            p = parts[1].replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
            if p in seen:
                problem(path, f"{m}: {p} listed twice")
            seen[p] = parts[0].lower()
            if m.startswith("tag") and (p.startswith("data/") or p.startswith("tagmanifest-")):
                problem(path, f"{m}: lists {p}, which a tag manifest may not")
            if p not in files:
                problem(path, f"{m}: {p} listed but missing")
            elif hashlib.new(alg, files[p]).hexdigest() != seen[p]:
                problem(path, f"{m}: {p} digest mismatch")
        if m in manifests:
            for n in payload:
                if n not in seen:
                    problem(path, f"{n}: not in {m}")
        else:
            for n in files:
                if not n.startswith("data/") and not n.startswith("tagmanifest-") and n not in seen:
                    problem(path, f"{n}: tag file not in {m}")
    info = files.get("bag-info.txt", b"").decode("utf-8")
    oxums = [l.split(":", 1)[1].strip() for l in info.splitlines() if l.lower().startswith("payload-oxum:")]
    if len(oxums) > 1:
        problem(path, "Payload-Oxum repeated")
    want = f"{sum(len(d) for d in payload.values())}.{len(payload)}"
    if oxums and oxums[0] != want:
        problem(path, f"Payload-Oxum {oxums[0]}, payload is {want}")
    for l in info.splitlines():
        if l and not l[0].isspace() and not re.match(r"[^:\s]+: ", l):
            problem(path, f"bag-info.txt: bad line {l!r}")


def main(argv):
    for path in argv[1:]:
        try:
            if path.endswith(".wacz"):
                check_wacz(path)
            else:
                check_bag(path)
        except Exception as e:  # a broken archive must fail, not crash the test
            problem(path, f"unreadable: {type(e).__name__}: {e}")
    for p in problems:
        print(p)
    print(f"check_archive: {len(argv) - 1} archive(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
