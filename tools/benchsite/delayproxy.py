#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""delayproxy.py - an HTTP/1.1 relay that adds a fixed latency to every response.

    python3 tools/benchsite/delayproxy.py --upstream 127.0.0.1:PORT [--delay-ms 50]
            [--port N] [--port-file FILE]

The benchmark's "slow web" variant: it sits in front of nginx on loopback and
holds each request for --delay-ms before passing it on, so every response
arrives that much later, as over a long network path. Design: asyncio, one
upstream keep-alive connection per client connection, so the delays of
concurrent connections overlap (a crawler with 16 connections sees 50 ms per
response, not 16 x 50 ms) while one connection stays strictly sequential.
Bodies are relayed in 64 KiB pieces (Content-Length, chunked, or until
close), never buffered whole. The request line is passed on unchanged, so
both origin-form and proxy-form ("GET http://host/ HTTP/1.1") requests work.
Listens on 127.0.0.1 only, on --port or a kernel-chosen port, written to --port-file
(temp file + rename). SIGTERM/SIGINT stop it.
"""
import argparse
import asyncio
import os
import signal

PIECE = 65536
MAX_HEAD = 65536


def header(head, name):
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == name:
            return v.strip()
    return None


async def relay_body(src, dst, head, request_method=None, status=None):
    """Copy one message body from src to dst; False when the connection must close."""
    if status is not None and (100 <= status < 200 or status in (204, 304) or request_method == b"HEAD"):
        return True
    te = header(head, b"transfer-encoding")
    if te and b"chunked" in te.lower():
        while True:
            line = await src.readuntil(b"\r\n")
            dst.write(line)
            size = int(line.split(b";")[0].strip(), 16)
            if size == 0:
                while True:  # trailers, then the empty line
                    t = await src.readuntil(b"\r\n")
                    dst.write(t)
                    if t == b"\r\n":
                        return True
            left = size + 2
            while left:
                piece = await src.readexactly(min(PIECE, left))
                dst.write(piece)
                left -= len(piece)
                await dst.drain()
    cl = header(head, b"content-length")
    if cl is not None:
        left = int(cl)
        while left:
            piece = await src.readexactly(min(PIECE, left))
            dst.write(piece)
            left -= len(piece)
            await dst.drain()
        return True
    if status is None:
        return True  # a request without a body
    while True:  # response delimited by close
        piece = await src.read(PIECE)
        if not piece:
            return False
        dst.write(piece)
        await dst.drain()


async def handle(creader, cwriter, upstream, delay):
    up = None
    try:
        while True:
            try:
                head = await creader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            method = head.split(b" ", 1)[0]
            await asyncio.sleep(delay)
            if up is None:
                try:
                    up = await asyncio.open_connection(*upstream, limit=MAX_HEAD)
                except OSError as e:
                    msg = ("upstream %s:%d: %s\n" % (upstream[0], upstream[1], e)).encode()
                    cwriter.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n"
                                  b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(msg), msg))
                    await cwriter.drain()
                    return
            ureader, uwriter = up
            uwriter.write(head)
            await relay_body(creader, uwriter, head)
            await uwriter.drain()
            rhead = await ureader.readuntil(b"\r\n\r\n")
            status = int(rhead.split(b" ", 2)[1])
            cwriter.write(rhead)
            keep = await relay_body(ureader, cwriter, rhead, method, status)
            await cwriter.drain()
            conn = (header(rhead, b"connection") or b"").lower()
            cconn = (header(head, b"connection") or b"").lower()
            if not keep or b"close" in conn or b"close" in cconn:
                return
    except (asyncio.IncompleteReadError, ConnectionError, ValueError, IndexError):
        return
    finally:
        if up is not None:
            up[1].close()
        cwriter.close()


async def main_async(args):
    host, _, port = args.upstream.rpartition(":")
    upstream = (host, int(port))
    delay = args.delay_ms / 1000.0
    server = await asyncio.start_server(lambda r, w: handle(r, w, upstream, delay),
                                        "127.0.0.1", args.port, limit=MAX_HEAD, backlog=1024)
    port_out = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write("%d\n" % port_out)
        os.replace(args.port_file + ".tmp", args.port_file)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


def main():
    ap = argparse.ArgumentParser(description="Relay HTTP to --upstream, adding latency per response.")
    ap.add_argument("--upstream", required=True, help="HOST:PORT on loopback")
    ap.add_argument("--delay-ms", type=float, default=50)
    ap.add_argument("--port", type=int, default=0, help="listen port (default: kernel's choice)")
    ap.add_argument("--port-file")
    args = ap.parse_args()
    if not args.upstream.startswith(("127.", "[::1]", "localhost")):
        ap.error("upstream must be on loopback")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
