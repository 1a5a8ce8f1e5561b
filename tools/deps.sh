#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs every Debian and npm package that wark's build, tests, benchmarks and
# demo need. Idempotent: prints nothing and touches nothing when all are present.
set -eu

DEBS="build-essential pkg-config clang libclang-rt-14-dev
libcurl4-openssl-dev zlib1g-dev libarchive-dev libxml2-dev libssl-dev libsqlite3-dev
libpsl-dev libpcre2-dev libjansson-dev libbrotli-dev libzstd-dev libuchardet-dev libidn2-dev libdeflate-dev
libmicrohttpd-dev libcriterion-dev
python3 chromium nginx-light openssl wget zip zstd curl time"

missing=""
for p in $DEBS; do
  # nodejs from NodeSource bundles npm and conflicts with Debian's npm package
  [ "$p" = npm ] && command -v npm >/dev/null 2>&1 && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "deps: installing$missing"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Node.js: the machine image may bring its own (not from Debian); install Debian's only when absent.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "deps: installing nodejs npm"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# npm packages for the independent checkers (warcio.js, ReplayWeb.page under playwright)
cd "$(dirname "$0")/../tests/js"
if [ ! -f node_modules/.wark-stamp ] || [ package.json -nt node_modules/.wark-stamp ]; then
  echo "deps: npm install (tests/js)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
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
