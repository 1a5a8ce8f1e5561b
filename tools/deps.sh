#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs every Debian and npm package that wark's build, tests, benchmarks and
# demo need. Idempotent: prints nothing and touches nothing when all are present.
#
#   sh tools/deps.sh           install what is missing (make deps)
#   sh tools/deps.sh --check   only check that ./wark can be built: name the
#                              missing packages and exit 1 (plain make)
set -eu

# What the build itself needs: compiler, pkg-config and one -dev package per
# pkg-config module of the Makefile's PKGS (module:package).
BUILD_DEBS="libcurl:libcurl4-openssl-dev zlib:zlib1g-dev libarchive:libarchive-dev
libxml-2.0:libxml2-dev libssl:libssl-dev libcrypto:libssl-dev sqlite3:libsqlite3-dev
libpsl:libpsl-dev libpcre2-8:libpcre2-dev jansson:libjansson-dev libbrotlidec:libbrotli-dev
libzstd:libzstd-dev uchardet:libuchardet-dev libidn2:libidn2-dev libdeflate:libdeflate-dev"

if [ "${1:-}" = --check ]; then
  missing=""
  command -v cc >/dev/null 2>&1 || missing="$missing build-essential"
  if ! command -v pkg-config >/dev/null 2>&1; then
    missing="$missing pkg-config"
    for m in $BUILD_DEBS; do missing="$missing ${m#*:}"; done
  else
    for m in $BUILD_DEBS; do
      pkg-config --exists "${m%%:*}" || missing="$missing ${m#*:}"
    done
  fi
  [ -z "$missing" ] && exit 0
  missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ' | sed 's/ $//')
  echo "wark cannot be built yet: missing Debian packages: $missing" >&2
  echo "'make deps' installs them (apt-get, as root or with sudo); 'make demo' and 'make test' run it first." >&2
  exit 1
fi

DEBS="build-essential pkg-config clang libclang-rt-14-dev
libcurl4-openssl-dev zlib1g-dev libarchive-dev libxml2-dev libssl-dev libsqlite3-dev
libpsl-dev libpcre2-dev libjansson-dev libbrotli-dev libzstd-dev libuchardet-dev libidn2-dev libdeflate-dev
libmicrohttpd-dev libcriterion-dev
python3 chromium nginx-light openssl wget zip zstd curl time man-db bsdextrautils git"

missing=""
for p in $DEBS; do
  # nodejs from NodeSource bundles npm and conflicts with Debian's npm package
  [ "$p" = npm ] && command -v npm >/dev/null 2>&1 && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "deps: installing$missing (apt-get; the first time this takes several minutes)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Node.js: the machine image may bring its own (not from Debian); install Debian's only when absent.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "deps: installing nodejs npm"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# npm packages for the independent checkers (warcio.js, ReplayWeb.page under playwright).
# They must run on Debian 12's Node.js 18: --engine-strict refuses here, by name, a
# package that needs a newer Node.js, instead of its failing at the first replay.
cd "$(dirname "$0")/../tests/js"
if [ ! -f node_modules/.wark-stamp ] || [ package.json -nt node_modules/.wark-stamp ]; then
  echo "deps: npm install (tests/js)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --engine-strict --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  touch node_modules/.wark-stamp
fi

# ReplayWeb.page for tests/replay/replay-check.mjs: only the prebuilt ui.js and
# sw.js of the npm tarball (its own dependency tree does not install).
RWP_VERSION=2.5.3
RWP_DIR=vendor/replaywebpage
if [ ! -f "$RWP_DIR/.version-$RWP_VERSION" ]; then
  echo "deps: replaywebpage@$RWP_VERSION (ui.js, sw.js) into tests/js/$RWP_DIR"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "replaywebpage@$RWP_VERSION" --silent >/dev/null && tar xzf "replaywebpage-$RWP_VERSION.tgz")
  mkdir -p "$RWP_DIR"
  cp "$tmp/package/ui.js" "$tmp/package/sw.js" "$RWP_DIR/"
  rm -rf "$tmp"
  touch "$RWP_DIR/.version-$RWP_VERSION"
fi
