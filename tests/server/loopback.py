# SPDX-License-Identifier: Apache-2.0
"""loopback.py - what the test servers share: a threading HTTP server on 127.0.0.1 (stdlib only).

The port is the one the kernel picks; it is published in PORT_FILE through a
temporary name and a rename, so a test polling for the file never reads half
a number.
"""
import http.server
import os


def publish_port(srv, port_file):
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, port_file)


def serve(handler, port_file):
    """Serve handler on 127.0.0.1, port written to port_file, until killed."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    publish_port(srv, port_file)
    srv.serve_forever(poll_interval=0.1)
