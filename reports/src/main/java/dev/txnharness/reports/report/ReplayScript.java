package dev.txnharness.reports.report;

import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.reports.suite.HistoryRun;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes replay-N.sh: a bash script that replays a counterexample on any Redis-compatible server,
 * sending the commands in the recorded order and waiting for each reply before the next command,
 * and compares every reply with the one Redis 7.0 gives for that order (from the model).
 *
 * <p>redis-cli prints {@code $-1} and {@code *-1} alike, as {@code (nil)}, so a counterexample
 * whose only deviation is a RESP type would pass under it. The script therefore hands the replay
 * to the harness's own {@code replay} (history-N.jsonl beside it; exact replies) when it finds the
 * harness: {@code $HARNESS}, else the launcher that wrote the report ({@code -Dharness.launcher}),
 * else {@code harness} on PATH. Without one (or with {@code HARNESS=none}, a password or
 * REDIS_CLI_OPTS) it replays with one {@code redis-cli} per client, and when all it can see
 * matches but a recorded deviation was of RESP type only, it says so and exits 3 (unknown), never
 * 0. Exit 0: all replies as Redis answers; 1: a reply deviates; 2: could not run (no redis-cli,
 * server unreachable); 3: unknown.
 */
public final class ReplayScript {
    private ReplayScript() {}

    public static String render(HistoryRun run, String target, String rerun) {
        List<HistoryRun.ReplayStep> steps = run.replay();
        TreeSet<Integer> clients = new TreeSet<>();
        steps.forEach(s -> clients.add(s.client()));
        StringBuilder sb = new StringBuilder();
        sb.append("#!/usr/bin/env bash\n");
        sb.append("# replay-").append(run.index()).append(".sh: ")
          .append(run.minimal() ? "the minimal counterexample" : "the recorded history (could not be shrunk)")
          .append(" of history ").append(run.index()).append(" (").append(run.property()).append(")\n");
        sb.append("# found on ").append(target).append("; ").append(steps.size()).append(" commands, ")
          .append(clients.size()).append(" clients; recorded from ").append(run.recordedOps()).append(" ops.\n");
        sb.append("# Made by: ").append(rerun).append('\n');
        sb.append("#\n# Run it against an empty server:   REDIS_HOST=127.0.0.1 REDIS_PORT=6380 bash replay-").append(run.index()).append(".sh\n");
        sb.append("# REDISCLI_AUTH holds the password (redis-cli reads it), REDIS_DB the db (default 0), REDIS_CLI_OPTS any other\n");
        sb.append("# redis-cli options (e.g. --tls --cacert ca.pem). There is no default server: it FLUSHALLs the one you name, and\n");
        sb.append("# refuses one that holds keys unless HARNESS_FLUSH=1. One redis-cli per client; each command waits for its reply.\n");
        sb.append("# It compares exact RESP replies ($-1 is not *-1) with the harness's replay of history-").append(run.index())
          .append(".jsonl beside it, when it finds the\n# harness (HARNESS=path/to/harness, else the launcher that wrote it, else harness on PATH; HARNESS=none: redis-cli only).\n");
        sb.append("# Exit 0: every reply is what Redis 7.0 answers; 1: a reply deviates; 2: could not run; 3: unknown (redis-cli\n");
        sb.append("# could not see a deviation of RESP type only).\n");
        sb.append("set -u\n\n");
        String launcher = System.getProperty("harness.launcher", "");
        sb.append("LAUNCHER=").append(sh(launcher)).append('\n');
        sb.append("HISTORY=").append(sh("history-" + run.index() + ".jsonl")).append('\n');
        sb.append("""
                HOST="${REDIS_HOST:-}"
                PORT="${REDIS_PORT:-}"
                [ -n "$HOST" ] && [ -n "$PORT" ] || { echo "replay: name the server to replay on: REDIS_HOST=... REDIS_PORT=... (REDISCLI_AUTH=password); it FLUSHALLs it"; exit 2; }
                command -v redis-cli >/dev/null || { echo "replay: redis-cli not found; install it (Debian: apt-get install redis-tools)"; exit 2; }
                cli() { redis-cli ${REDIS_CLI_OPTS:-} -h "$HOST" -p "$PORT" -n "${REDIS_DB:-0}" "$@"; }
                pong="$(cli PING 2>&1)"
                [ "$pong" = PONG ] || { echo "replay: $HOST:$PORT does not answer PING: $pong (start a server, or set REDIS_HOST/REDIS_PORT/REDISCLI_AUTH)"; exit 2; }
                if [ "${HARNESS_FLUSH:-}" != 1 ]; then # never erase someone's data: INFO keyspace lists the dbs that hold keys
                  keyspace="$(cli INFO keyspace 2>&1 | tr -d '\\r')"
                  case "$keyspace" in
                    "# Keyspace"*) ;;
                    *) echo "replay: cannot tell whether $HOST:$PORT holds keys (INFO keyspace: $keyspace); this script FLUSHALLs it — rerun with HARNESS_FLUSH=1 to allow it"; exit 2 ;;
                  esac
                  held="$(printf '%s\\n' "$keyspace" | awk -F'[:=,]' '/^db[0-9]+:keys=/ { printf "%s%s %s in %s", sep, $3, ($3 == 1 ? "key" : "keys"), $1; sep = ", " }')"
                  [ -z "$held" ] || { echo "replay: $HOST:$PORT holds $held; this script FLUSHALLs it, which would erase them — rerun with HARNESS_FLUSH=1 to allow it"; exit 2; }
                fi
                cli FLUSHALL >/dev/null
                here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
                harness="${HARNESS:-}"
                if [ -z "$harness" ]; then
                  if [ -n "$LAUNCHER" ] && [ -x "$LAUNCHER" ]; then harness="$LAUNCHER"; else harness="$(command -v harness || true)"; fi
                fi
                if [ -n "$harness" ] && [ "$harness" != none ] && [ -f "$here/$HISTORY" ] && [ -z "${REDISCLI_AUTH:-}" ] && [ -z "${REDIS_CLI_OPTS:-}" ]; then
                  echo "replay: comparing exact RESP replies with $harness replay $HISTORY (redis-cli prints \\$-1 and *-1 both as (nil); HARNESS=none replays with redis-cli)"
                  "$harness" replay "$here/$HISTORY" --target "redis://$HOST:$PORT/${REDIS_DB:-0}" --flush
                  rc=$?
                  exit "$rc"
                fi
                dir="$(mktemp -d)"
                pids=()
                declare -A fd
                cleanup() { for c in "${!fd[@]}"; do eval "exec ${fd[$c]}>&-"; done; wait "${pids[@]}" 2>/dev/null; rm -rf "$dir"; }
                trap cleanup EXIT
                open_client() { # one redis-cli per client, fed through a fifo
                  mkfifo "$dir/in$1"; : >"$dir/out$1"
                  cli --no-raw <"$dir/in$1" >"$dir/out$1" 2>&1 &
                  pids+=($!)
                  local f; exec {f}>"$dir/in$1"; fd[$1]=$f
                }
                deviations=0
                n=0
                step() { # step CLIENT 'COMMAND' 'WHAT REDIS ANSWERS' 'WHAT WAS RECORDED'
                  local c=$1 cmd=$2 want=$3 rec=$4 out="$dir/out$1" before got i
                  n=$((n + 1))
                  before=$(wc -c <"$out")
                  printf '%s\\n' "$cmd" >&"${fd[$c]}"
                  for ((i = 0; i < 1000; i++)); do [ "$(wc -c <"$out")" -gt "$before" ] && break; sleep 0.005; done
                  got=$(tail -c +$((before + 1)) "$out")
                  printf '%3d  client %s> %s\\n' "$n" "$c" "$cmd"
                  printf '%s\\n' "$got" | sed 's/^/       /'
                  if [ "$got" != "$want" ]; then
                    deviations=$((deviations + 1))
                    echo "     ^ DEVIATES: Redis 7.0 answers:"; printf '%s\\n' "$want" | sed 's/^/       /'
                  fi
                }

                """);
        for (int c : clients) sb.append("open_client ").append(c).append('\n');
        sb.append('\n');
        List<Integer> typeOnly = new java.util.ArrayList<>();
        int n = 0; // the script's step number
        for (HistoryRun.ReplayStep s : steps) {
            if (!s.argv().isEmpty() && s.argv().get(0).equals(RedisCommands.CLOCK)) {
                // the harness moved the engine's clock here; a real server's clock moves by itself, so wait as long
                // (real time also passes between the other steps: TTLs near a step's edge may differ from the model's)
                long ms = Long.parseLong(s.argv().get(1));
                sb.append(String.format(java.util.Locale.ROOT, "sleep %d.%03d  # the clock moves %d ms%n", ms / 1000, ms % 1000, ms));
                continue;
            }
            if (!s.argv().isEmpty() && s.argv().get(0).equals(RedisCommands.EXPIRY)) {
                // recorded by the runner, never sent: the key's TTL ran out on the server's own clock about here
                sb.append("# ").append(s.argv().get(1)).append(" expired about here on the server's clock (its TTL ran out)\n");
                continue;
            }
            n++;
            if (s.recorded() != null && s.expected() != null && !s.recorded().equals(s.expected())
                    && ReplyFormat.cli(s.recorded()).equals(ReplyFormat.cli(s.expected()))) {
                typeOnly.add(n);
            }
            sb.append("step ").append(s.client()).append(' ').append(sh(cliLine(s.argv()))).append(' ')
              .append(sh(s.expected() == null ? "" : ReplyFormat.cli(s.expected()))).append(' ')
              .append(sh(s.recorded() == null ? "(unknown)" : ReplyFormat.cli(s.recorded()))).append('\n');
        }
        sb.append("""

                if [ "$deviations" -gt 0 ]; then
                  echo "replay: $deviations reply(ies) deviate from Redis 7.0 on $HOST:$PORT"; exit 1
                fi
                """);
        if (!typeOnly.isEmpty()) {
            String which = typeOnly.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
            sb.append("echo ").append(sh("replay: unknown: every reply redis-cli printed is what Redis 7.0 answers, but redis-cli cannot "
                    + "tell RESP types apart ($-1 from *-1), and step(s) " + which + " deviated only in type when recorded; "
                    + "rerun with HARNESS=path/to/harness to compare exact replies")).append("\nexit 3\n");
        }
        sb.append("echo \"replay: every reply is what Redis 7.0 answers on $HOST:$PORT\"\n");
        return sb.toString();
    }

    /** A command as a redis-cli input line (sdssplitargs quoting where needed). */
    static String cliLine(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) sb.append(' ');
            boolean plain = !a.isEmpty() && a.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != '"' && ch != '\'' && ch != '\\');
            if (plain) {
                sb.append(a);
            } else {
                sb.append(ReplyFormat.cli(new dev.txnharness.properties.history.Reply.Bulk(a)));
            }
        }
        return sb.toString();
    }

    /** A bash single-quoted word ($'...' when it has newlines). */
    static String sh(String s) {
        if (s.indexOf('\n') < 0) return "'" + s.replace("'", "'\\''") + "'";
        StringBuilder sb = new StringBuilder("$'");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                default -> sb.append(ch);
            }
        }
        return sb.append('\'').toString();
    }
}
