#!/usr/bin/env python3
"""Adversarial RESP load: malformed frames over many loopback connections (stdlib only).

Each connection sends, in one write, BATCH-1 frames that only earn an error reply (unknown
commands, multibulk and inline; a wrong number of arguments) and then one malformed frame that
makes the server answer a protocol error and close (a non-numeric or huge multibulk count, a
negative or oversized bulk length, a missing '$', unbalanced quotes in an inline command). It
reads the replies until the server closes, then reconnects. Stops by itself after FRAMES frames
or SECONDS seconds, whichever comes first, and prints what it sent and got.

    scripts/adversarial-load.py PORT [frames=1300000] [connections=100] [batch=64] [seconds=300]
"""
import socket
import sys
import threading
import time

# Frames that earn an error and leave the connection open.
ERROR_ONLY = [
    b"*1\r\n$7\r\nNOSUCH1\r\n",                  # unknown command (multibulk)
    b"NOSUCH2 a b\r\n",                          # unknown command (inline)
    b"*1\r\n$3\r\nGET\r\n",                      # wrong number of arguments
    b"NOSUCH3 \"quoted arg\" 'x'\r\n",           # inline, balanced quotes, unknown
    b"$-5\r\n",                                  # '$' at top level is an inline command "$-5": unknown
]
# Frames that earn a protocol error and make the server close the connection.
CLOSING = [
    b"*abc\r\n",                                 # invalid multibulk length
    b"*1\r\n$-5\r\n",                            # invalid bulk length (negative)
    b"*1\r\n$99999999999\r\n",                   # invalid bulk length (over proto-max-bulk-len)
    b"*99999999999\r\n",                         # invalid multibulk length (huge count)
    b"*1\r\nfoo\r\n",                            # expected '$'
    b"SET \"unbalanced\r\n",                     # unbalanced quotes (inline)
    b"SET k 'x\r\n",                             # unbalanced single quote (inline)
]


def main():
    port = int(sys.argv[1])
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 1_300_000
    conns = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 300.0
    deadline = time.monotonic() + seconds
    payloads = []  # one prepared write per closing frame kind
    for i, last in enumerate(CLOSING):
        body = [ERROR_ONLY[(i + j) % len(ERROR_ONLY)] for j in range(batch - 1)]
        payloads.append(b"".join(body) + last)
    lock = threading.Lock()
    st = {"budget": total, "sent": 0, "errors": 0, "closed": 0, "reset": 0, "timeouts": 0,
          "connects": 0, "connect_failures": 0}

    def take():
        with lock:
            if st["budget"] < batch or time.monotonic() > deadline:
                return False
            st["budget"] -= batch
            return True

    def worker(tid):
        n = tid
        while take():
            payload = payloads[n % len(payloads)]
            n += 1
            errors = 0
            outcome = "closed"
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=10)
            except OSError:
                with lock:
                    st["connect_failures"] += 1
                    st["budget"] += batch
                time.sleep(0.05)
                continue
            try:
                s.sendall(payload)
                rest = b""
                while True:
                    data = s.recv(65536)
                    if not data:
                        break  # the server closed: the expected end
                    lines = (rest + data).split(b"\r\n")
                    rest = lines.pop()
                    errors += sum(1 for ln in lines if ln.startswith(b"-"))
            except ConnectionResetError:
                outcome = "reset"
            except socket.timeout:
                outcome = "timeouts"
            except OSError:
                outcome = "reset"
            finally:
                s.close()
            with lock:
                st["connects"] += 1
                st["sent"] += batch
                st["errors"] += errors
                st[outcome] += 1

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    dt = time.monotonic() - t0
    print(f"adversarial-load: port {port}: {st['sent']} frames sent over {st['connects']} connections "
          f"({conns} at a time) in {dt:.1f} s; {st['errors']} error replies received; "
          f"{st['closed']} connections closed by the server, {st['reset']} reset, "
          f"{st['timeouts']} timed out (server kept them open), {st['connect_failures']} connect failures")


if __name__ == "__main__":
    main()
