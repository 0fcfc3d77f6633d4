#!/usr/bin/env bash
# Throughput of many optimistic-transaction clients (WATCH k; GET k, then MULTI; SET k v; EXEC),
# redis-server next to the engine in the same run: servers on CPU 1, the load (one thread, NIO) on
# CPU 0 when taskset exists. Prints each run and the medians.
#   scripts/watch-bench.sh [clients=1000] [keys=100] [runs=3] [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-1000}; keys=${2:-100}; runs=${3:-3}; secs=${4:-10}
command -v redis-server >/dev/null || { echo "watch-bench: redis-server not found (apt-get install redis-server)" >&2; exit 2; }
mvn -q -B -o -DskipTests -pl engine,reports -am package >/dev/null
mvn -q -B -o -pl engine test-compile >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pin_srv=(); pin_cli=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then pin_srv=(taskset -c 1); pin_cli=(taskset -c 0); fi
rport=$(free_port); eport=$(free_port); dir=$(mktemp -d)
"${pin_srv[@]}" redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --maxclients 10000 >/dev/null 2>&1 &
rpid=$!
HARNESS_JAVA_OPTS="" "${pin_srv[@]}" ./harness serve --port "$eport" >/dev/null 2>&1 &
epid=$!
trap 'kill $rpid $epid 2>/dev/null; rm -rf "$dir"' EXIT
for p in $rport $eport; do
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system time, in clock ticks
hz=$(getconf CLK_TCK)
# One run: transactions/s over the measured window, and transactions per CPU-second the server
# spent over the whole run (the fairer figure when other work shares the cores).
load() {
  local before out after
  before=$(cpu "$2")
  out=$("${pin_cli[@]}" java -cp engine/target/test-classes dev.txnharness.engine.bench.WatchExecLoad "$1" "$clients" "$keys" 5 "$secs")
  after=$(cpu "$2")
  echo "$out" >&2
  awk -v o="$out" -v b="$before" -v a="$after" -v hz="$hz" 'BEGIN{split(o, f, " "); n=f[length(f)-2];
    printf "%s %.0f\n", f[5], n / ((a - b) / hz)}'
}
jpid=$(pgrep -P "$epid" java || echo "$epid")   # ./harness execs java; with taskset it is a child
r=(); e=(); rc=(); ec=()
for i in $(seq "$runs"); do   # alternate, so that drift in the machine's load hits both alike
  read -r t c < <(load "$rport" "$rpid"); r+=("$t"); rc+=("$c"); echo "run $i redis-server: $t tx/s, $c tx per CPU-s" >&2
  read -r t c < <(load "$eport" "$jpid"); e+=("$t"); ec+=("$c"); echo "run $i engine:       $t tx/s, $c tx per CPU-s" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
rm=$(median "${r[@]}"); em=$(median "${e[@]}"); rcm=$(median "${rc[@]}"); ecm=$(median "${ec[@]}")
echo "$clients clients WATCH/EXEC on $keys keys (median of $runs; load average $(cut -d' ' -f1 /proc/loadavg)):"
echo "  transactions/s:            redis-server $rm, engine $em, ratio $(ratio "$em" "$rm")"
echo "  transactions per CPU-second: redis-server $rcm, engine $ecm, ratio $(ratio "$ecm" "$rcm")"
