# SPDX-License-Identifier: Apache-2.0
"""images.py - small valid PNG, JPEG and SVG files made with the stdlib only.

The sample and benchmark sites need real image bytes (crawlers store them,
extractors read their captions, replay shows them) but no image library is
available, so this module encodes them directly:

* PNG: 8-bit RGB, filter 0 on every row, one zlib IDAT (RFC 2083 minimum).
* JPEG: baseline sequential DCT, 4:4:4 YCbCr, one quantisation table and one
  pair of Huffman tables. The Huffman tables are our own fixed-length codes
  (every DC category 4 bits, every AC run/size symbol 8 bits) instead of the
  Annex K example tables: any complete DHT is valid, and fixed lengths leave
  nothing to mistype. The files are larger than an optimised JPEG, which does
  not matter for a few kilobytes of pixels.
* SVG: a tiny hand-written vector graphic.

Pictures are a deterministic function of (width, height, seed): smooth colour
gradients with a few discs, so that each image is distinct and compresses
like a photograph rather than like a flat fill.
"""
import math
import operator
import struct
import zlib


def _pixels(width, height, seed):
    """Row-major list of (r, g, b) for a seeded gradient with discs."""
    a = (seed * 97) % 256
    b = (seed * 57 + 80) % 256
    c = (seed * 31 + 160) % 256
    discs = []
    for k in range(3):
        cx = (seed * (k + 3) * 37) % max(width, 1)
        cy = (seed * (k + 5) * 23) % max(height, 1)
        r = 4 + (seed * (k + 1) * 11) % max(4, min(width, height) // 3)
        col = ((a + 90 * k) % 256, (b + 60 * k) % 256, (c + 120 * k) % 256)
        discs.append((cx, cy, r * r, col))
    rows = []
    for y in range(height):
        row = []
        for x in range(width):
            px = ((a + x * 255 // max(width, 1)) % 256,
                  (b + y * 255 // max(height, 1)) % 256,
                  (c + (x + y) * 127 // max(width + height, 1)) % 256)
            for cx, cy, r2, col in discs:
                if (x - cx) ** 2 + (y - cy) ** 2 <= r2:
                    px = col
            row.append(px)
        rows.append(row)
    return rows


# ---------------------------------------------------------------- PNG

def _png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, seed, comment=None):
    """Bytes of an RGB PNG; comment (str) adds a tEXt chunk, making the bytes unique."""
    raw = bytearray()
    for row in _pixels(width, height, seed):
        raw.append(0)
        for r, g, b in row:
            raw += bytes((r, g, b))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    text = _png_chunk(b"tEXt", b"Comment\x00" + comment.encode("latin-1")) if comment else b""
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + text
            + _png_chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + _png_chunk(b"IEND", b""))


# ---------------------------------------------------------------- JPEG

# The JPEG example luminance table (ITU T.81 Annex K.1), row-major.
_QUANT = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
          14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
          18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
          49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]


def _zigzag():
    order = []
    for s in range(15):
        rows = range(max(0, s - 7), min(s, 7) + 1)
        rows = rows if s % 2 else reversed(rows)
        order.extend(r * 8 + (s - r) for r in rows)
    return order


_ZIGZAG = _zigzag()
# DCT-II basis with the 1/2 C(u) normalisation folded in: F = M f M^T
_DCT = [[(math.sqrt(0.125) if u == 0 else 0.5) * math.cos((2 * x + 1) * u * math.pi / 16)
         for x in range(8)] for u in range(8)]
_DC_SYMBOLS = list(range(12))
_AC_SYMBOLS = [0x00, 0xF0] + [(run << 4) | size for run in range(16) for size in range(1, 11)]
_DC_LEN = 4
_AC_LEN = 8


def _codes(symbols, length):
    # Canonical codes of equal length are consecutive integers.
    return {s: (i, length) for i, s in enumerate(symbols)}


_DC_CODE = _codes(_DC_SYMBOLS, _DC_LEN)
_AC_CODE = _codes(_AC_SYMBOLS, _AC_LEN)


def _dht(cls_id, symbols, length):
    counts = [0] * 16
    counts[length - 1] = len(symbols)
    return bytes([cls_id]) + bytes(counts) + bytes(symbols)


class _Bits:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, n):
        self.acc = (self.acc << n) | (value & ((1 << n) - 1))
        self.n += n
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)  # byte stuffing
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)  # pad with 1-bits


def _category(v):
    v = abs(v)
    n = 0
    while v:
        n += 1
        v >>= 1
    return n


def _put_value(bits, v, size):
    if size:
        bits.put(v if v >= 0 else v + (1 << size) - 1, size)


def _fdct(block):
    """Separable 8x8 forward DCT of a row-major block (values centred on 0)."""
    rows = [block[y * 8:y * 8 + 8] for y in range(8)]
    # tmp[u] = column u of (rows x M^T): the 1-D DCT of every row, coefficient u
    tmp = [[sum(map(operator.mul, row, m)) for row in rows] for m in _DCT]
    out = [0.0] * 64
    for v in range(8):
        mv = _DCT[v]
        for u in range(8):
            out[v * 8 + u] = sum(map(operator.mul, mv, tmp[u]))
    return out


def _encode_block(bits, block, prev_dc):
    coef = _fdct(block)
    q = [int(round(coef[i] / _QUANT[i])) for i in range(64)]
    zz = [q[i] for i in _ZIGZAG]
    diff = zz[0] - prev_dc
    size = _category(diff)
    bits.put(*_DC_CODE[size])
    _put_value(bits, diff, size)
    run = 0
    for k in range(1, 64):
        v = zz[k]
        if v == 0:
            run += 1
            continue
        while run > 15:
            bits.put(*_AC_CODE[0xF0])
            run -= 16
        size = _category(v)
        bits.put(*_AC_CODE[(run << 4) | size])
        _put_value(bits, v, size)
        run = 0
    if run:
        bits.put(*_AC_CODE[0x00])
    return zz[0]


def jpeg(width, height, seed):
    """Bytes of a baseline JFIF JPEG."""
    px = _pixels(width, height, seed)
    planes = ([], [], [])
    for row in px:
        for r, g, b in row:
            planes[0].append(0.299 * r + 0.587 * g + 0.114 * b)
            planes[1].append(-0.168736 * r - 0.331264 * g + 0.5 * b + 128)
            planes[2].append(0.5 * r - 0.418688 * g - 0.081312 * b + 128)
    bits = _Bits()
    prev = [0, 0, 0]
    for by in range(0, height, 8):
        for bx in range(0, width, 8):
            for c in range(3):
                block = []
                for y in range(8):
                    yy = min(by + y, height - 1)
                    for x in range(8):
                        xx = min(bx + x, width - 1)
                        block.append(planes[c][yy * width + xx] - 128)
                prev[c] = _encode_block(bits, block, prev[c])
    bits.flush()

    def seg(marker, data):
        return struct.pack(">HH", marker, len(data) + 2) + data

    out = bytearray(b"\xff\xd8")
    out += seg(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    out += seg(0xFFDB, b"\x00" + bytes(_QUANT[i] for i in _ZIGZAG))
    sof = struct.pack(">BHHB", 8, height, width, 3)
    for cid in (1, 2, 3):
        sof += bytes((cid, 0x11, 0))
    out += seg(0xFFC0, sof)
    out += seg(0xFFC4, _dht(0x00, _DC_SYMBOLS, _DC_LEN))
    out += seg(0xFFC4, _dht(0x10, _AC_SYMBOLS, _AC_LEN))
    out += seg(0xFFDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00")
    out += bits.out
    out += b"\xff\xd9"
    return bytes(out)


# ---------------------------------------------------------------- SVG

def svg(width, height, seed, label):
    """A small SVG chart: bars of seeded heights with a text label."""
    bars = []
    n = 6
    bw = width // (n * 2)
    for i in range(n):
        h = 10 + (seed * (i + 7) * 13) % (height - 30)
        x = bw // 2 + i * 2 * bw
        bars.append('<rect x="%d" y="%d" width="%d" height="%d" fill="#%02x%02x%02x"/>'
                    % (x, height - 16 - h, bw, h, (seed * 40 + i * 30) % 200, 90, 160))
    esc = label.replace("&", "&amp;").replace("<", "&lt;")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">\n'
            '<rect width="100%%" height="100%%" fill="#f4f1ea"/>\n%s\n'
            '<text x="4" y="%d" font-family="sans-serif" font-size="11">%s</text>\n</svg>\n'
            % (width, height, width, height, "\n".join(bars), height - 4, esc)).encode()
