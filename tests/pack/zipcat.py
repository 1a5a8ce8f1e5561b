#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""zipcat.py - what the tests would use unzip for, with the stdlib only.

  zipcat.py ARCHIVE ENTRY...   write the entries' bytes to stdout, in order
  zipcat.py -l ARCHIVE         list the entry names, one per line, in archive order
"""
import sys
import zipfile

if len(sys.argv) >= 3 and sys.argv[1] == "-l":
    for name in zipfile.ZipFile(sys.argv[2]).namelist():
        print(name)
elif len(sys.argv) >= 3:
    z = zipfile.ZipFile(sys.argv[1])
    for name in sys.argv[2:]:
        sys.stdout.buffer.write(z.read(name))
else:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
