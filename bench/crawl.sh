#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# crawl.sh - crawl benchmark: `wark crawl` and `wget --warc-file` side by side,
# same site, same run, on loopback.
#
#   sh bench/crawl.sh          (make bench runs it through bench/run.sh)
#   BENCH_PAGES=400 BENCH_VARIANTS=direct sh bench/crawl.sh    (a quick run)
#
# The site (tools/benchsite/gen.py): BENCH_PAGES (default 2000) articles of
# ~60 KB on 4 hosts news1.bench..news4.bench, with images, CSS, JS, robots.txt.
# Served by nginx (generated build/bench/crawl/nginx/nginx.conf, one server
# block per host name, 127.0.0.1 only, run in the foreground as a background
# job and stopped by trap). The host names never resolve (we may not edit
# /etc/hosts and glibc does not resolve *.localhost here), so:
#   wark: --resolve HOST:PORT:127.0.0.1 for each host (libcurl pinning);
#   wget: has no --resolve, so it uses 127.0.0.1:PORT as its HTTP proxy, which
#         sends the same URLs ("GET http://news1.bench:PORT/...") to the same
#         nginx; nginx picks the server block from the absolute URI.
# Variants (BENCH_VARIANTS, default "direct latency"):
#   direct   nginx answers on PORT;
#   latency  tools/benchsite/delayproxy.py answers on PORT and adds 50 ms to
#            every response (concurrent connections overlap their delays),
#            with nginx behind it on a second port.
# Both tools obey robots.txt, start from the 4 home pages, stay on the 4
# hosts, and fetch page requisites. Measured by /usr/bin/time: wall time,
# CPU (user+sys), peak RSS; pages = HTML responses with status 200 in the
# WARCs, captures = response + revisit records (tools/benchsite/warcstats.py),
# pages/s = pages / wall.
# Until `wark crawl` works (its --help exits 0) the wark rows are skipped
# with a message. Extra wark options: WARK_CRAWL_OPTS; extra wget: WGET_OPTS.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
WARK=${WARK:-$ROOT/wark}
B=$ROOT/build/bench/crawl
PAGES=${BENCH_PAGES:-2000}
VARIANTS=${BENCH_VARIANTS:-direct latency}
HOSTS="news1.bench news2.bench news3.bench news4.bench"
NGINX_PID=""
PROXY_PID=""

stop_servers() {
  for p in $PROXY_PID $NGINX_PID; do
    kill "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  PROXY_PID=""
  NGINX_PID=""
}
trap stop_servers EXIT
trap 'stop_servers; exit 130' INT TERM

die() { echo "bench crawl: $*" >&2; exit 1; }
for t in nginx wget python3 curl /usr/bin/time; do
  command -v "$t" >/dev/null 2>&1 || die "$t is missing (run make deps)"
done
mkdir -p "$B/nginx/tmp"

free_port() {
  python3 -c 'import socket,sys
want=int(sys.argv[1]) if len(sys.argv)>1 else 0
for p in ([want] if want else [])+[0]:
    s=socket.socket()
    try:
        s.bind(("127.0.0.1",p)); print(s.getsockname()[1]); break
    except OSError: pass
    finally: s.close()' "$@"
}

# The site names its port in absolute links, so keep the port between runs
# when it is still free (the site then need not be regenerated).
PORT=$(free_port "$(cat "$B/port" 2>/dev/null || echo 0)")
echo "$PORT" >"$B/port"
python3 tools/benchsite/gen.py "$B/site" --port "$PORT" --pages "$PAGES" --hosts 4 --page-kb 60 ||
  die "site generation failed"
EXPECT=$(find "$B/site" -name '*.html' ! -path '*/private/*' | wc -l)

start_nginx() {  # $1 = port to listen on
  {
    echo "daemon off; master_process on; worker_processes 2;"
    echo "pid $B/nginx/nginx.pid; error_log $B/nginx/error.log warn;"
    [ "$(id -u)" -eq 0 ] && echo "user root;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000; keepalive_timeout 60s;"
    echo "  client_body_temp_path $B/nginx/tmp/body; proxy_temp_path $B/nginx/tmp/proxy;"
    echo "  fastcgi_temp_path $B/nginx/tmp/fastcgi; uwsgi_temp_path $B/nginx/tmp/uwsgi; scgi_temp_path $B/nginx/tmp/scgi;"
    echo "  types { text/html html; text/css css; text/javascript js; image/png png; image/jpeg jpg;"
    echo "          image/svg+xml svg; application/xml xml; text/plain txt; }"
    echo "  default_type application/octet-stream;"
    echo "  server { listen 127.0.0.1:$1 default_server; return 404; }"
    for h in $HOSTS; do
      echo "  server { listen 127.0.0.1:$1; server_name $h; root $B/site/$h; }"
    done
    echo "}"
  } >"$B/nginx/nginx.conf"
  nginx -p "$B/nginx" -e "$B/nginx/error.log" -c "$B/nginx/nginx.conf" &
  NGINX_PID=$!
  wait_http "$1" || die "nginx did not start (see $B/nginx/error.log)"
}

wait_http() {  # $1 = port; waits until news1.bench answers there
  i=0
  while [ $i -lt 100 ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H 'Host: news1.bench' "http://127.0.0.1:$1/robots.txt")
    [ "$code" = 200 ] && return 0
    i=$((i + 1)); sleep 0.1
  done
  return 1
}

start_proxy() {  # delay proxy on PORT, in front of nginx on $1
  rm -f "$B/proxy.port"
  python3 tools/benchsite/delayproxy.py --upstream "127.0.0.1:$1" --delay-ms 50 --port "$PORT" \
    --port-file "$B/proxy.port" &
  PROXY_PID=$!
  wait_http "$PORT" || die "delay proxy did not start"
}

SEEDS=""
RESOLVE=""
DOMAINS=""
for h in $HOSTS; do
  SEEDS="$SEEDS http://$h:$PORT/"
  RESOLVE="$RESOLVE --resolve $h:$PORT:127.0.0.1"
  DOMAINS="${DOMAINS:+$DOMAINS,}$h"
done

HAVE_WARK=0
if [ -x "$WARK" ] && "$WARK" crawl --help >/dev/null 2>&1; then
  HAVE_WARK=1
else
  echo "bench crawl: wark crawl is not available yet ($WARK crawl --help fails): skipping the wark rows"
fi

ROWS="$B/rows.txt"
: >"$ROWS"
run_tool() {  # $1 = tool, $2 = variant
  out="$B/$2-$1"
  rm -rf "$out"; mkdir -p "$out"
  tf="$out/time.txt"
  if [ "$1" = wark ]; then
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %U %S %M' -o "$tf" "$WARK" crawl --scope host $RESOLVE ${WARK_CRAWL_OPTS:-} \
      -o "$out/crawl" $SEEDS >"$out/stdout.txt" 2>"$out/stderr.txt"
    rc=$?
    warcs=$(find "$out/crawl" -name '*.warc.gz' 2>/dev/null)
  else
    # shellcheck disable=SC2086
    (cd "$out" && /usr/bin/time -f '%e %U %S %M' -o "$tf" wget -r -l inf -p -H --domains="$DOMAINS" \
      -e robots=on -e use_proxy=on -e "http_proxy=http://127.0.0.1:$PORT/" -nv -o wget.log \
      --warc-file=wget -P mirror ${WGET_OPTS:-} $SEEDS)
    rc=$?
    warcs=$(find "$out" -maxdepth 1 -name '*.warc.gz')
  fi
  # wget exits 8 when some response was an error (e.g. a 404); that is not a failed run.
  if [ "$rc" -ne 0 ] && ! { [ "$1" = wget ] && [ "$rc" -eq 8 ]; }; then
    echo "bench crawl: $1 ($2) exited $rc (see $out)"
  fi
  # shellcheck disable=SC2086
  stats=$(python3 tools/benchsite/warcstats.py $warcs)
  echo "$2 $1 $(cat "$tf" | tail -1) $stats" >>"$ROWS"
}

for v in $VARIANTS; do
  case "$v" in
    direct) start_nginx "$PORT" ;;
    latency) NPORT=$(free_port); start_nginx "$NPORT"; start_proxy "$NPORT" ;;
    *) die "unknown variant $v (direct, latency)" ;;
  esac
  [ $HAVE_WARK -eq 1 ] && run_tool wark "$v"
  run_tool wget "$v"
  stop_servers
done

echo "crawl benchmark: $PAGES articles on 4 hosts, $EXPECT HTML pages reachable; $(nproc) CPUs"
python3 - "$ROWS" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
notes = []
print("%-8s %-5s %8s %8s %9s %7s %9s %8s %8s" % ("variant", "tool", "wall s", "cpu s", "peak MiB",
                                              "pages", "captures", "pages/s", "WARC MiB"))
for r in rows:
    variant, tool, wall, user, sys_, rss, pages, resp, warc, private = r[:10]
    if private != "0":
        notes.append("%s %s captured %s URL(s) under /private/ despite robots.txt" % (variant, tool, private))
    wall = float(wall)
    print("%-8s %-5s %8.2f %8.2f %9.1f %7s %9s %8.1f %8.1f" % (variant, tool, wall,
          float(user) + float(sys_), int(rss) / 1024, pages, resp, int(pages) / wall if wall else 0,
          int(warc) / 1048576))
for n in notes:
    print("note: " + n)
EOF
