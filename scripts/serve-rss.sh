#!/usr/bin/env bash
# Resident memory (ps -o rss=) of redis-server and ./harness serve, side by side in one run, under
#   (a) scripts/adversarial-load.py: ~1.3 M malformed frames over 100 connections at a time, and
#   (b) WatchExecLoad (scripts/watch-bench.sh's load): 1,000 clients doing WATCH/GET, MULTI/SET/EXEC.
# Both servers are started on free loopback ports; each load runs against one server at a time
# (redis-server (a), (b), then the engine (a), (b)). RSS is sampled every 0.5 s: idle before a load,
# the peak during it, then one sample 1 s and one 15 s after it ends. Prints a table; stops the servers.
#   scripts/serve-rss.sh [frames=1300000] [clients=1000] [watch-seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-1300000}; clients=${2:-1000}; wsecs=${3:-10}
command -v redis-server >/dev/null || { echo "serve-rss: redis-server not found" >&2; exit 2; }
[ -f reports/target/harness.jar ] || mvn -q -B -o -DskipTests package >/dev/null
[ -f engine/target/test-classes/dev/txnharness/engine/bench/WatchExecLoad.class ] || mvn -q -B -o -pl engine test-compile >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rport=$(free_port); eport=$(free_port); dir=$(mktemp -d)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --maxclients 10000 >"$dir/redis.log" 2>&1 &
rpid=$!
HARNESS_JAVA_OPTS="" ./harness serve --port "$eport" >"$dir/engine.log" 2>&1 &
epid=$!   # ./harness execs java, so this is the JVM
trap 'kill $rpid $epid 2>/dev/null || true; wait $rpid $epid 2>/dev/null || true; rm -rf "$dir"' EXIT
for p in $rport $eport; do
  for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
done
sleep 2
rss() { ps -o rss= -p "$1" | awk '{printf "%d", $1 / 1024}'; }   # MB (MiB)
# measure PID PORT LOAD...: prints "idle peak after1 after15" (MB); the load's output goes to stderr
measure() {
  local pid=$1 port=$2; shift 2
  local idle peak=0 s lp
  idle=$(rss "$pid")
  "$@" "$port" >&2 &
  lp=$!
  while kill -0 "$lp" 2>/dev/null; do
    s=$(rss "$pid"); [ "$s" -gt "$peak" ] && peak=$s
    sleep 0.5
  done
  wait "$lp"
  s=$(rss "$pid"); [ "$s" -gt "$peak" ] && peak=$s
  sleep 1; local a1; a1=$(rss "$pid")
  sleep 14; local a15; a15=$(rss "$pid")
  echo "$idle $peak $a1 $a15"
}
adversarial() { python3 scripts/adversarial-load.py "$1" "$frames" 100 64 300; }
watch_exec() { java -cp engine/target/test-classes dev.txnharness.engine.bench.WatchExecLoad "$1" "$clients" 100 5 "$wsecs"; }
rv=$(redis-server --version | grep -o "v=[0-9.]*" | cut -d= -f2)
echo "serve-rss: redis-server on $rport (pid $rpid), engine on $eport (pid $epid); load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
ra=$(measure "$rpid" "$rport" adversarial); rb=$(measure "$rpid" "$rport" watch_exec)
ea=$(measure "$epid" "$eport" adversarial); eb=$(measure "$epid" "$eport" watch_exec)
echo "RSS in MB (ps -o rss=, every 0.5 s); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| server, load | idle before | peak during | 1 s after | 15 s after |"
echo "|---|---:|---:|---:|---:|"
row() { local a b c d; read -r a b c d <<<"$2"; printf '| %s | %s | %s | %s | %s |\n' "$1" "$a" "$b" "$c" "$d"; }
row "redis-server $rv, (a) $frames malformed frames" "$ra"
row "redis-server $rv, (b) $clients WATCH/EXEC clients" "$rb"
row "engine (./harness serve), (a) $frames malformed frames" "$ea"
row "engine (./harness serve), (b) $clients WATCH/EXEC clients" "$eb"
