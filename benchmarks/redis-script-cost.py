#!/usr/bin/env python3
"""What each of ratelimit-redis's scripts costs Redis: INFO commandstats usec_per_call of EVALSHA.

    python3 benchmarks/redis-script-cost.py [--port 6390] [--calls 30000] [EXTRA.lua ...]

Needs a redis-server listening on 127.0.0.1:PORT (e.g. the embedded-redis binary, as
redis-cpu-split.sh starts it). One connection; for each row, CONFIG RESETSTAT, then CALLS EVALSHA
sent in pipelined batches of 64 (so the client's speed and the system calls do not count: Redis
measures only the command's own time), then usec_per_call of cmdstat_evalsha; each row runs REPEAT
times (default 3) and the lowest figure is printed, as preemption of Redis's thread only adds. The arguments are
the benchmark's (RedisRateLimiterBenchmark): limits of 1,000,000 per second, granted every time,
on 100,000 distinct keys or one hot key. Rows: the floor's constant script, rate_limit.lua (one
limit, the fast path; two limits, the general code) and hierarchy.lua (one limit per level, the
fast path); any EXTRA.lua files are run with rate_limit.lua's arguments (hierarchy.lua's when
their name contains "hierarchy"), for comparing variants.
Scripts are read from ratelimit-redis's resources with their '-- #include' lines expanded, as
LuaScript does.
"""
import argparse
import hashlib
import os
import random
import re
import socket

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "..", "ratelimit-redis", "src", "main", "resources", "dev", "bulwark",
                       "ratelimit", "redis")
INCLUDE = "-- #include "


def script(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines(keepends=True):
            if line.startswith(INCLUDE):
                with open(os.path.join(SCRIPTS, line[len(INCLUDE):].strip()), encoding="utf-8") as g:
                    text = g.read()
                out.append(text if text.endswith("\n") else text + "\n")
            else:
                out.append(line)
    return "".join(out)


def command(*parts):
    out = [b"*%d\r\n" % len(parts)]
    for p in parts:
        b = p if isinstance(p, bytes) else str(p).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def _line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.sock.recv(1 << 20)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind in (b"+", b":"):
            return rest
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self.buf += self.sock.recv(1 << 20)
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data
        if kind == b"*":
            return [self.reply() for _ in range(int(rest))]
        raise RuntimeError("unexpected reply %r" % line)

    def call(self, *parts):
        self.sock.sendall(command(*parts))
        return self.reply()

    def pipeline(self, commands):
        self.sock.sendall(b"".join(commands))
        return [self.reply() for _ in commands]


def usec_per_call(conn, sha, key_lists, args, calls):
    conn.call("CONFIG", "RESETSTAT")
    for start in range(0, calls, 64):
        batch = [command("EVALSHA", sha, len(keys), *keys, *args)
                 for keys in (random.choice(key_lists) for _ in range(min(64, calls - start)))]
        for reply in conn.pipeline(batch):
            if reply is None:
                raise RuntimeError("nil reply")
    stats = conn.call("INFO", "commandstats").decode()
    return float(re.search(r"cmdstat_evalsha:calls=\d+,usec=\d+,usec_per_call=([0-9.]+)", stats).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=6390)
    parser.add_argument("--calls", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per row; the lowest usec_per_call is printed (a preempted Redis only adds)")
    parser.add_argument("extra", nargs="*")
    options = parser.parse_args()
    conn = Connection(options.port)
    run = "cost:%x:" % random.getrandbits(32)
    distinct = [["%sclient-%d" % (run, i)] for i in range(100000)]
    hot = [[run + "hot"]]
    # rate_limit.lua: server clock, take, permits, algorithm, TTL pad, then (interval us, burst) pairs.
    one = ["", "1", "1", "g", "0", "1", "1000000"]
    two = one + ["1", "2000000"]
    # hierarchy.lua: server clock, permits, algorithm, TTL pad, client limits, client pairs, global pairs.
    levels = ["", "1", "g", "0", "1", "1", "1000000", "1", "1000000"]
    h_distinct = [["%sroute:{%d}" % (run, i), "%sglobal:{%d}" % (run, i)] for i in range(100000)]
    h_hot = [[run + "route:{h}", run + "global:{h}"]]
    rows = [
        ("floor (constant reply)", "return '1 1 999999 0 1 0 0 0'", one),
        ("rate_limit.lua, one limit", script(os.path.join(SCRIPTS, "rate_limit.lua")), one),
        ("rate_limit.lua, two limits", script(os.path.join(SCRIPTS, "rate_limit.lua")), two),
        ("hierarchy.lua, one limit per level", script(os.path.join(SCRIPTS, "hierarchy.lua")), levels),
    ] + [(os.path.basename(p), script(p), levels if "hierarchy" in os.path.basename(p) else one)
         for p in options.extra]
    print("%-40s %10s %10s" % ("script", "distinct", "hot"))
    for name, source, args in rows:
        sha = conn.call("SCRIPT", "LOAD", source).decode()
        if sha != hashlib.sha1(source.encode()).hexdigest():
            raise RuntimeError("unexpected digest")
        hierarchy = "hierarchy" in name
        d = min(usec_per_call(conn, sha, h_distinct if hierarchy else distinct, args, options.calls)
                for _ in range(options.repeat))
        h = min(usec_per_call(conn, sha, h_hot if hierarchy else hot, args, options.calls)
                for _ in range(options.repeat))
        print("%-40s %10.2f %10.2f" % (name, d, h))


if __name__ == "__main__":
    main()
