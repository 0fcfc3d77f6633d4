#!/usr/bin/env bash
# The linearizability checker on Redis WATCH/MULTI/EXEC histories of chosen shapes (clients x ops,
# key groups, MULTI block length, blocks spanning groups, one key, lost replies, a lost write or a
# stale read), plus the published multi-block history; side by side with Porcupine on the very
# same files when PORCUPINE_REDIS names a Porcupine checker binary (docs/PERFORMANCE.md says how
# the one we measured was built). Prints a table: verdict, time (median of --repeat, and the first
# run in a cold JVM), peak heap. Figures go to docs/PERFORMANCE.md.
#   scripts/checker-bench.sh [--rows A,B,N] [--repeat 5] [--budget 300s] [--heap 1g] [--out DIR] [FILE.jsonl...]
set -euo pipefail
cd "$(dirname "$0")/.."
heap=1g
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --heap) heap=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
echo "== build" >&2
mvn -q -B -ntp -DskipTests -pl properties -am package >/dev/null
mvn -q -B -ntp -pl properties -am dependency:build-classpath \
  -Dmdep.outputFile="$PWD/properties/target/bench-classpath.txt" >/dev/null
cp="properties/target/classes:engine/target/classes:$(cat properties/target/bench-classpath.txt)"
exec java -Xms"$heap" -Xmx"$heap" -cp "$cp" dev.txnharness.properties.bench.CheckerShapesBench \
  "${args[@]}" properties/src/test/resources/histories/redis/multi-blocks-8c-504.jsonl
