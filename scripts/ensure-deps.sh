#!/usr/bin/env bash
# Installs what the test suite needs beyond a JDK and Maven, from Debian's packages, when missing:
#   chromium     the report test renders index.html in a real headless browser
#   redis-tools  redis-cli, which runs the replay scripts the reports write
#   redis-server Debian's redis-server 7.0 (built with TLS): the rediss:// tests start it with a TLS
#                port; the other suites would fall back to the binary embedded-redis ships
#   tcl          tclsh, which runs Redis's own multi.tcl against the engine (scripts/redis-tests.sh)
# Fails loudly when something is missing and cannot be installed: tests never skip for want of it.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v tclsh >/dev/null 2>&1 || need+=(tcl)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-deps: missing ${need[*]}; install them (Debian: sudo apt-get install ${need[*]}) and run again" >&2
  exit 2
fi
echo "ensure-deps: installing ${need[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
