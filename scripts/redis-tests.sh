#!/usr/bin/env bash
# Runs Redis 7.0.15's own transaction tests (tests/unit/multi.tcl, vendored in
# third_party/redis-tests) in external mode against the reference engine (./harness serve), and
# prints "N passed, M failed". Exits non-zero when a test fails or the run dies.
#
#   scripts/redis-tests.sh                 # against ./harness serve on a free port
#   scripts/redis-tests.sh --redis         # the baseline: the same run against redis-server
#   REDIS_SERVER=/path/redis-server scripts/redis-tests.sh --redis
#
# Tags excluded, as an external run against any server must: needs:debug (DEBUG), needs:repl
# (replication stream). redis-server 7.0.15 passes 39 tests this way.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target=engine
[ "${1:-}" = "--redis" ] && target=redis

if ! command -v tclsh8.6 >/dev/null && ! command -v tclsh8.5 >/dev/null && ! command -v tclsh8.7 >/dev/null; then
  echo "redis-tests: tclsh 8.5+ is missing; installing tcl with apt-get" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q tcl >&2; else sudo apt-get install -y -q tcl >&2; fi
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# The framework writes under tests/tmp: run from a copy, never from the repository.
cp -r "$root/third_party/redis-tests/." "$work/"
mkdir -p "$work/tests/tmp"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
if [ "$target" = redis ]; then
  "${REDIS_SERVER:-redis-server}" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$work" >"$work/server.log" 2>&1 &
else
  "$root/harness" serve --port "$port" >"$work/server.log" 2>&1 &
fi
server_pid=$!

for _ in $(seq 1 600); do # the first ./harness may build: up to 60 s
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "redis-tests: the $target server exited before listening; its log:" >&2
    cat "$work/server.log" >&2
    exit 2
  fi
  sleep 0.1
done

set +e
(cd "$work" && timeout 600 ./runtest --host 127.0.0.1 --port "$port" --single unit/multi \
  --tags "-needs:debug -needs:repl" --clients 1) 2>&1 | tee "$work/out.txt"
rc=${PIPESTATUS[0]}
set -e

# Strip colours, then count the framework's per-test lines.
plain="$(sed -e 's/\x1b\[[0-9;]*m//g' "$work/out.txt")"
passed="$(grep -c '^\[ok\]:' <<<"$plain" || true)"
failed="$(grep -c -E '^\[(err|exception)\]:' <<<"$plain" || true)"
echo "$passed passed, $failed failed"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || ! grep -q 'All tests passed without errors' <<<"$plain"; then
  echo "redis-tests: the run failed (runtest exit $rc); server log: " >&2
  tail -20 "$work/server.log" >&2
  exit 1
fi
