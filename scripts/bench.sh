#!/usr/bin/env bash
# Prints the reference engine's throughput: in-process (JMH) and over RESP next to a real
# redis-server measured in the same run with redis-benchmark. Figures go to docs/PERFORMANCE.md.
#   scripts/bench.sh            full run (JMH 3x1s warm-up, 5x1s measure; redis-benchmark 200k requests)
#   scripts/bench.sh --quick    shorter (JMH 1 iteration; 50k requests)
# Needs redis-server and redis-benchmark (Debian: apt-get install redis-server redis-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0; [ "${1:-}" = "--quick" ] && quick=1
n=200000; jmh="-wi 3 -w 1 -i 5 -r 1 -f 1"
[ $quick = 1 ] && { n=50000; jmh="-wi 1 -w 1 -i 1 -r 1 -f 1"; }
for tool in redis-server redis-benchmark; do
  command -v $tool >/dev/null || { echo "bench: $tool not found (apt-get install redis-server redis-tools)" >&2; exit 2; }
done

echo "== build"
mvn -q -B -DskipTests -pl engine,reports -am package >/dev/null
cp="engine/target/test-classes:engine/target/classes:$(cat engine/target/test-classpath.txt)"

echo "== in-process (JMH, ops/s; one op of multiIncr3Exec = MULTI + 3 INCR + EXEC)"
java -cp "$cp" org.openjdk.jmh.Main EngineBench $jmh 2>/dev/null | grep -E '^(Benchmark|EngineBench)'

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Each server gets CPU 1 and redis-benchmark CPU 0 (when taskset exists): a fair one-core-each
# comparison, far less noisy on 2 cores than letting the scheduler mix them.
pin_srv=(); pin_cli=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then pin_srv=(taskset -c 1); pin_cli=(taskset -c 0); fi
rport=$(free_port); eport=$(free_port)
dir=$(mktemp -d)
"${pin_srv[@]}" redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize no >/dev/null 2>&1 &
rpid=$!
"${pin_srv[@]}" java -jar reports/target/harness.jar serve --port "$eport" >/dev/null 2>&1 &
epid=$!
trap 'kill $rpid $epid 2>/dev/null; rm -rf "$dir"' EXIT
for p in $rport $eport; do
  for _ in $(seq 100); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
# warm the JVM's JIT before measuring the engine
"${pin_cli[@]}" redis-benchmark -p "$eport" -t set,get -n 300000 -c 50 -P 16 -q >/dev/null
"${pin_cli[@]}" redis-benchmark -p "$eport" -t set,get -n 300000 -c 50 -q >/dev/null

# -q prints progress lines separated by \r; the last one holds "requests per second"
one() { "${pin_cli[@]}" redis-benchmark -p "$1" -t "$2" -n "$n" -c 50 ${3:+-P $3} -q | tr '\r' '\n' | awk '/requests per second/ {print $2}'; }
rps() { for _ in 1 2 3; do one "$@"; done | sort -n | sed -n 2p; }   # median of 3
echo
echo "== RESP server vs redis-server $(redis-server --version | sed 's/.*v=\([0-9.]*\).*/\1/') (redis-benchmark -c 50 -n $n, median of 3, requests/s${pin_srv:+; servers on CPU 1, client on CPU 0})"
printf '%-18s %14s %14s %8s\n' test redis-server engine ratio
for t in set get; do
  for p in "" 16; do
    r=$(rps "$rport" $t "$p"); e=$(rps "$eport" $t "$p")
    printf '%-18s %14s %14s %8s\n' "${t^^}${p:+ -P $p}" "$r" "$e" "$(awk -v a="$e" -v b="$r" 'BEGIN{printf "%.2f", a/b}')"
  done
done
