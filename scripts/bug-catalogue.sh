#!/usr/bin/env bash
# The bug catalogue's bench (docs/BUGS.md): seeds each deliberate bug of the engine's Fault enum
# (engine/src/main/java/dev/txnharness/engine/Fault.java) into the default target and runs
#   ./harness check --fault F --out DIR      (every other option at its default)
# then prints one markdown row per fault: the rule it breaks (the fault's javadoc), the suites that
# caught it, the exit code, the time to detect and the size of the counterexample.
#
#   scripts/bug-catalogue.sh                 every fault
#   scripts/bug-catalogue.sh WATCH_IGNORED DEL_DOES_NOT_TOUCH     some faults
#   SEED=42 scripts/bug-catalogue.sh         a fixed --seed (default: each run draws its own, printed)
#   SUITE=histories scripts/bug-catalogue.sh one suite only (--suite; default: the default, scenarios and histories)
#
# Time to detect: if a scenario failed, the scenarios suite's time up to the end of the first failing
# scenario (the suites run scenarios first); else, if a history violated, the run's wall time
# (elapsedMillis: the histories suite stops at the first violation, shrinking included). Counterexample:
# the steps of the first failing scenario, and the ops of the shrunk history. Run: the wall time of the
# whole ./harness check (JVM start, every scenario, histories until the first violation or the 10 s budget).
# Needs python3 (to read each run's summary.json). Exit status: 0 if every fault was caught (exit 1).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fault_java="$root/engine/src/main/java/dev/txnharness/engine/Fault.java"
out="$(mktemp -d "${TMPDIR:-/tmp}/bug-catalogue.XXXXXX")"
# the report folders are kept (each run's summary.json, index.html): say where
echo "bug-catalogue: reports in $out" >&2

if [ $# -gt 0 ]; then
  faults=("$@")
else
  mapfile -t faults < <(grep -E '^    [A-Z][A-Z0-9_]*[,;]$' "$fault_java" | tr -d ' ,;')
fi

"$root/harness" help >/dev/null 2>&1 || true # build the jar once, before the clock starts

for f in "${faults[@]}"; do
  args=(check --fault "$f" --out "$out/$f")
  [ -n "${SEED:-}" ] && args+=(--seed "$SEED")
  [ -n "${SUITE:-}" ] && args+=(--suite "$SUITE")
  start=$(date +%s%N)
  set +e
  "$root/harness" "${args[@]}" >"$out/$f.log" 2>&1
  rc=$?
  set -e
  echo "$f $rc $(( ($(date +%s%N) - start) / 1000000 ))" >>"$out/runs.txt"
  echo "bug-catalogue: $f exit $rc" >&2
done

python3 - "$root" "$out" "$fault_java" <<'EOF'
import json, os, re, statistics, sys
root, out, fault_java = sys.argv[1:4]
src = open(fault_java).read()
rules = {}
for m in re.finditer(r'/\*\*((?:(?!\*/).)*?)\*/\s*([A-Z][A-Z0-9_]*)[,;]', src, re.S):
    text = ' '.join(l.strip().lstrip('*').strip() for l in m.group(1).splitlines())
    rules[m.group(2)] = re.sub(r'\{@link [^}]*\}', '', re.sub(r'\s+', ' ', text)).strip()

def steps(name):
    p = os.path.join(root, 'properties/src/main/resources/scenarios', name + '.scn')
    if not os.path.exists(p): return None
    return sum(1 for l in open(p) if l.strip() and not l.lstrip().startswith('#'))

rows, times, caught = [], [], 0
print('| # | Fault | Rule it breaks | Caught by | Exit | Time to detect | Run | Counterexample |')
print('|---|-------|----------------|-----------|------|----------------|-----|----------------|')
for i, line in enumerate(open(os.path.join(out, 'runs.txt')), 1):
    f, rc, wall = line.split(); rc = int(rc); wall = int(wall)
    by, size, ttd = [], [], None
    try:
        d = json.load(open(os.path.join(out, f, 'summary.json')))
    except (OSError, ValueError):
        d = None
    if d:
        t = 0
        for s in d.get('scenarios') or []:
            t += s['millis']
            if s['outcome'] == 'FAILED':
                by.append('scenarios (%d failed)' % d['counts']['scenariosFailed'])
                n = steps(s['name'])
                size.append('scenario `%s` (%s steps)' % (s['name'], n if n is not None else '?'))
                ttd = t
                break
        viol = [h for h in d.get('histories') or [] if h['verdict'] == 'VIOLATION']
        if viol:
            by.append('histories')
            size.append('history of %d ops%s' % (viol[0]['ops'], '' if viol[0].get('minimal') else ' (not minimal)'))
            if ttd is None: ttd = d['elapsedMillis']
    if rc == 1:
        caught += 1
        times.append(ttd if ttd is not None else wall)
    shown = '%.2f s' % (ttd / 1000) if ttd is not None else '—'
    print('| %d | `%s` | %s | %s | %d | %s | %.1f s | %s |' % (i, f, rules.get(f, '?'), ', '.join(by) or 'not caught',
          rc, shown, wall / 1000, '; '.join(size) or '—'))
n = i if 'i' in globals() else 0
print()
print('caught (exit 1): %d of %d; median time to detect: %s' % (caught, n,
      '%.2f s' % (statistics.median(times) / 1000) if times else 'n/a'))
sys.exit(0 if caught == n else 1)
EOF
