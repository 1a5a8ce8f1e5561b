#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""mutate.py - damage archives for the pack/verify tests (stdlib only).

  mutate.py flip ARCHIVE.zip ENTRY          flip one bit in the middle of ENTRY's stored bytes
  mutate.py add ARCHIVE.zip NAME            append an entry NAME
  mutate.py remove ARCHIVE.zip NAME         rewrite the ZIP without NAME
  mutate.py slip ARCHIVE.zip                add ../../NAME and /abs entries (zip-slip)
  mutate.py symlink ARCHIVE.zip             add a symlink entry text/link -> /etc/passwd
  mutate.py truncate ARCHIVE.zip            cut the end of central directory off
  mutate.py overlap OUT.zip                 two entries sharing the same data (overlap bomb)
  mutate.py bigclaim ARCHIVE.zip NAME       claim 4 GB uncompressed for deflated entry NAME (ratio bomb)
  mutate.py tar-hostile OUT.tar.gz ESCAPE   a bag-like tar with ESCAPE/x, a symlink and a hard link
  mutate.py setbytes ARCHIVE.zip PATH JSON  set resource PATH's "bytes" in datapackage.json to JSON
                                            ("absent" drops it), datapackage-digest.json kept true
"""
import copy
import hashlib
import io
import json
import sys
import tarfile
import zipfile


def rewrite(path, skip=(), extra=()):
    z = zipfile.ZipFile(path)
    items = [(copy.copy(i), z.read(i.filename)) for i in z.infolist() if i.filename not in skip]
    z.close()
    with zipfile.ZipFile(path, "w") as out:
        for info, data in items:
            out.writestr(info, data)
        for info, data in extra:
            out.writestr(info, data)


def main(argv):
    op, path = argv[1], argv[2]
    if op == "flip":
        z = zipfile.ZipFile(path)
        i = z.getinfo(argv[3])
        with open(path, "rb") as f:
            f.seek(i.header_offset + 26)
            n = int.from_bytes(f.read(2), "little")
            x = int.from_bytes(f.read(2), "little")
        pos = i.header_offset + 30 + n + x + i.compress_size // 2
        with open(path, "r+b") as f:
            f.seek(pos)
            b = f.read(1)
            f.seek(pos)
            f.write(bytes([b[0] ^ 0x01]))
    elif op == "add":
        with zipfile.ZipFile(path, "a") as z:
            z.writestr(argv[3], "an extra file\n")
    elif op == "remove":
        rewrite(path, skip=(argv[3],))
    elif op == "slip":
        rewrite(path, extra=[(zipfile.ZipInfo("../../wark-slip-test.txt"), b"x"),
                             (zipfile.ZipInfo("/tmp/wark-abs-test.txt"), b"x")])
    elif op == "symlink":
        zi = zipfile.ZipInfo("text/link")
        zi.create_system = 3
        zi.external_attr = 0o120777 << 16
        rewrite(path, extra=[(zi, b"/etc/passwd")])
    elif op == "truncate":
        with open(path, "r+b") as f:
            data = f.read()
            f.seek(0)
            f.truncate(len(data) - 40)
    elif op == "overlap":
        # a valid one-entry zip, then a second central-directory entry pointing at the same data
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("a/one.txt", b"0" * 100000)
        data = bytearray(buf.getvalue())
        eocd = data.rfind(b"PK\x05\x06")
        cd_off = int.from_bytes(data[eocd + 16:eocd + 20], "little")
        cd = data[cd_off:eocd]
        cd2 = bytearray(cd)
        cd2[46:46 + 9] = b"a/two.txt"
        newcd = cd + cd2
        tail = bytearray(data[eocd:])
        tail[8:10] = (2).to_bytes(2, "little")
        tail[10:12] = (2).to_bytes(2, "little")
        tail[12:16] = len(newcd).to_bytes(4, "little")
        with open(path, "wb") as f:
            f.write(data[:cd_off] + newcd + tail)
    elif op == "setbytes":
        z = zipfile.ZipFile(path)
        dp = json.loads(z.read("datapackage.json"))
        z.close()
        for r in dp["resources"]:
            if r["path"] == argv[3]:
                if argv[4] == "absent":
                    r.pop("bytes", None)
                else:
                    r["bytes"] = json.loads(argv[4])
        dpb = json.dumps(dp, indent=2).encode()
        digest = json.dumps({"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(dpb).hexdigest()}).encode()
        rewrite(path, skip=("datapackage.json", "datapackage-digest.json"),
                extra=((zipfile.ZipInfo("datapackage.json"), dpb), (zipfile.ZipInfo("datapackage-digest.json"), digest)))
    elif op == "bigclaim":
        with open(path, "r+b") as f:
            data = bytearray(f.read())
            eocd = data.rfind(b"PK\x05\x06")
            pos = int.from_bytes(data[eocd + 16:eocd + 20], "little")
            while data[pos:pos + 4] == b"PK\x01\x02":
                n, x, c = (int.from_bytes(data[pos + k:pos + k + 2], "little") for k in (28, 30, 32))
                if data[pos + 46:pos + 46 + n].decode() == argv[3]:
                    data[pos + 24:pos + 28] = (0xF0000000).to_bytes(4, "little")
                pos += 46 + n + x + c
            f.seek(0)
            f.write(data)
    elif op == "tar-hostile":
        with tarfile.open(path, "w:gz") as t:
            def add(name, data=b"x", kind=tarfile.REGTYPE, link=""):
                ti = tarfile.TarInfo(name)
                ti.type = kind
                ti.linkname = link
                ti.size = len(data) if kind == tarfile.REGTYPE else 0
                t.addfile(ti, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
            add("bag/bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
            add("bag/data/a.txt", b"hello\n")
            add("bag/manifest-sha256.txt",
                b"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  data/a.txt\n")
            add("bag/../" + argv[3] + "/x", b"escaped")
            add("bag/data/link", kind=tarfile.SYMTYPE, link="/etc/passwd")
            add("bag/data/hard", kind=tarfile.LNKTYPE, link="bag/data/a.txt")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
