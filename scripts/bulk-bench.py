#!/usr/bin/env python3
"""Times one SET of a big value (sent as one RESP multibulk) against RESP servers, same run.

    scripts/bulk-bench.py PORT[=NAME] [PORT[=NAME] ...] [--sizes-mb 128,256,512] [--runs 3]

For each size and server: the median of --runs timings from the first byte sent to +OK read
(the key is deleted between runs)."""
import socket, statistics, sys, time

def call(s, *args):
    s.sendall(b"".join([b"*%d\r\n" % len(args)] + [b"$%d\r\n%s\r\n" % (len(a), a) for a in args]))
    return s.recv(4096)

def set_big(port, value):
    s = socket.create_connection(("127.0.0.1", port))
    head = b"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$%d\r\n" % len(value)
    t0 = time.perf_counter()
    s.sendall(head)
    s.sendall(value)
    s.sendall(b"\r\n")
    reply = s.recv(64)
    t = time.perf_counter() - t0
    assert reply == b"+OK\r\n", reply
    assert call(s, b"STRLEN", b"big") == b":%d\r\n" % len(value)
    call(s, b"DEL", b"big")
    s.close()
    return t

def main(argv):
    sizes, runs, servers = [128, 256, 512], 3, []
    i = 0
    while i < len(argv):
        if argv[i] == "--sizes-mb":
            sizes = [int(x) for x in argv[i + 1].split(",")]; i += 2
        elif argv[i] == "--runs":
            runs = int(argv[i + 1]); i += 2
        else:
            port, _, name = argv[i].partition("="); servers.append((int(port), name or port)); i += 1
    print("| value | " + " | ".join(n for _, n in servers) + " |")
    print("|---|" + "---|" * len(servers))
    for mb in sizes:
        n = min(mb << 20, 512 << 20)  # 512 MB is proto-max-bulk-len, the largest allowed
        value = b"x" * n
        row = []
        for port, _ in servers:
            row.append(statistics.median(set_big(port, value) for _ in range(runs)))
        print("| %d MB | " % mb + " | ".join("%.2f s" % t for t in row) + " |", flush=True)

if __name__ == "__main__":
    main(sys.argv[1:])
