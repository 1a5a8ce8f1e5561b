#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# man.sh - writes the wark(1) man page (roff) on stdout from the program's own
# --help texts and SPEC.md's exit-code table, so that the page, `--help` and
# the specification cannot drift apart (make builds wark.1 with it).
#
#   sh tools/man.sh path/to/wark VERSION > wark.1
#
# POSIX sh and awk only: plain `make` runs it before `make deps` may have
# installed anything. Help layout it relies on (every command's --help keeps
# to it, tests/integration/test_cli.c checks the result): "usage:" lines, then
# text; an option line starts with one to six spaces and '-', its option part
# ends at the first run of two spaces; a more indented line continues the
# description above it.
set -eu
WARK=$1
VERSION=$2
SPEC="$(dirname "$0")/../SPEC.md"

# roff-safe text: backslashes, hyphens, and lines that would start a request
esc() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

# One command's --help as a man section.
help_to_roff() {
  esc | awk '
    function flush() { if (inopt) { print desc; inopt = 0 } }
    /^usage:/ { sub(/^usage: */, ""); print ".nf"; print "\\fB" $0 "\\fR"; syn = 1; next }
    syn && /^ +wark / { sub(/^ +/, ""); print "\\fB" $0 "\\fR"; next }
    syn { print ".fi"; syn = 0 }
    { match($0, /^ */); indent = RLENGTH }
    indent >= 1 && indent <= 6 && /^ *\\-/ {
      flush()
      line = $0; sub(/^ +/, "", line)
      n = match(line, /  +/)
      if (n) { spec = substr(line, 1, n - 1); desc = substr(line, n + RLENGTH) }
      else { spec = line; desc = "" }
      print ".TP"; print "\\fB" spec "\\fR"; inopt = 1; next
    }
    inopt && indent >= 7 { sub(/^ +/, ""); desc = desc " " $0; next }
    /^$/ { flush(); print ".PP"; next }
    /^Exit:/ { flush(); print ".PP" }
    /^[a-z]+:$/ { flush(); print ".PP"; print "\\fI" $0 "\\fR"; next }
    { if (inopt) { flush(); print ".PP" } sub(/^ +/, ""); print }
    END { flush(); if (syn) print ".fi" }
  '
}

cat <<EOF
.TH WARK 1 "" "wark $VERSION" "User Commands"
.SH NAME
wark \\- web archive kit: capture web sites into WARC files, extract their text, pack WACZ and BagIt archives
.SH SYNOPSIS
.B wark
.I COMMAND
.RI [ OPTIONS "] [" ARGS ]
.br
.B wark \\-\\-version
.br
.B wark \\-\\-help
.SH DESCRIPTION
EOF
"$WARK" --help | sed -n '/^wark (web archive kit)/,/^$/p' | esc
echo ".PP"
echo "Commands:"
"$WARK" --help | sed -n 's/^  \([a-z]*\)  *\(.*\)/\1 \2/p' | esc | while read -r name summary; do
  printf '.TP\n.B %s\n%s\n' "$name" "$summary"
done
cat <<'EOF'
.PP
.B wark \-\-version
prints the version of wark and of the libraries it runs with (libcurl, libxml2, zlib,
libarchive, SQLite).
.SH COMMANDS
EOF
for name in $("$WARK" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p'); do
  printf '.SS "wark %s"\n' "$name"
  "$WARK" "$name" --help | help_to_roff
done
echo ".SH EXIT STATUS"
sed -n '/^## 1\. Exit codes/,/^## 2\./p' "$SPEC" | sed -n 's/^| \([0-9][0-9]*\) | \(.*\) |$/\1 \2/p' | tr -d '`' | esc |
  while read -r code text; do printf '.TP\n.B %s\n%s\n' "$code" "$text"; done
cat <<'EOF'
.SH ENVIRONMENT
.TP
.B http_proxy, https_proxy, no_proxy
obeyed by the crawler's HTTP library (libcurl) as by curl.
.TP
.B SOURCE_DATE_EPOCH
the timestamp of packed archives (see \fBwark pack\fR).
.SH STANDARDS
WARC 1.1 (ISO 28500:2017), CDXJ, WACZ 1.1.1, BagIt 1.0 (RFC 8493), robots.txt (RFC 9309).
.SH SEE ALSO
SPEC.md in the wark source tree specifies every format, command, behaviour and limit.
.BR curl (1),
.BR wget (1)
EOF
