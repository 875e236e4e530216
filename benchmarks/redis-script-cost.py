#!/usr/bin/env python3
"""What each of ratelimit-redis's scripts costs Redis: INFO commandstats usec_per_call of EVALSHA.

    python3 benchmarks/redis-script-cost.py [--port 6390] [--calls 30000] [EXTRA.lua ...]

Needs a redis-server listening on 127.0.0.1:PORT (e.g. the embedded-redis binary, as
redis-cpu-split.sh starts it). One connection; for each row, CONFIG RESETSTAT, then CALLS EVALSHA
sent in pipelined batches of 64 (so the client's speed and the system calls do not count: Redis
measures only the command's own time), then usec_per_call of cmdstat_evalsha; each row runs REPEAT
times (default 3), the rows interleaved (one run of each row per round, so a change of load touches
all rows alike), and the lowest figure is printed, as preemption of Redis's thread only adds.
Two more columns ("cpu"): the CPU time of Redis's main thread per call (INFO cpu's
used_cpu_user_main_thread + used_cpu_sys_main_thread, Redis 6.2+), which counts reading the
pipelined commands and writing the replies as well, but not the time Redis's thread waits while
preempted: on a loaded machine the steadier figure for comparing rows. The arguments are
the benchmark's (RedisRateLimiterBenchmark): limits of 1,000,000 per second, granted every time,
on 100,000 distinct keys or one hot key. Rows: the floor's constant script, rate_limit.lua (one
limit, the fast path; two limits, the general code) and hierarchy.lua (one limit per level, the
fast path); any EXTRA.lua files are run with rate_limit.lua's arguments (hierarchy.lua's when
their name contains "hierarchy"), for comparing variants.
Scripts are read from ratelimit-redis's resources with their '-- #include' lines expanded, as
LuaScript does. --only-extra keeps only the floor and the EXTRA.lua files (e.g. variants of a script
with one part removed or changed, to see what that part costs).

Instructions instead of time (the same on a loaded machine; what a change saves, not what it
takes in microseconds): run redis-server under callgrind, collecting inside EVALSHA only, and pass
its pid and output file; use fewer calls, valgrind runs Redis about 50 times slower:

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out --toggle-collect=evalShaCommand \
        redis-server --port 6396 --save '' --appendonly no &
    python3 benchmarks/redis-script-cost.py --port 6396 --calls 2000 --repeat 1 \
        --callgrind-pid $! --callgrind-out /tmp/cg.out [EXTRA.lua ...]

Each row then zeroes callgrind's counters, runs its calls and has callgrind dump them: the
instructions per call are the dump's total over the calls (callgrind_annotate on a dump shows
where they go). Under valgrind a call takes about as long as the benchmark's 1 ms key TTL, so the
hot key often expires between calls there and its row is close to the distinct row.
"""
import argparse
import glob
import hashlib
import os
import random
import re
import socket
import subprocess
import time

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


def main_thread_cpu(conn):
    """Redis's main thread's user + system CPU seconds so far (INFO cpu, Redis 6.2+)."""
    stats = conn.call("INFO", "cpu").decode()
    return sum(float(x) for x in re.findall(r"used_cpu_(?:user|sys)_main_thread:([0-9.]+)", stats))


class Callgrind:
    """Instructions executed inside EVALSHA, from a redis-server run under
    valgrind --tool=callgrind --toggle-collect=evalShaCommand --callgrind-out-file=OUT."""

    def __init__(self, pid, out):
        self.pid, self.out = str(pid), out

    def zero(self):
        subprocess.run(["callgrind_control", "-z", self.pid], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def instructions(self):
        before = set(glob.glob(self.out + ".*"))
        subprocess.run(["callgrind_control", "-d", self.pid], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            new = set(glob.glob(self.out + ".*")) - before
            if new:
                path = max(new, key=os.path.getmtime)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                match = re.search(r"^totals: (\d+)", text, re.M)
                if match:
                    os.remove(path)
                    return int(match.group(1))
            time.sleep(0.1)
        raise RuntimeError("no callgrind dump")


def usec_per_call(conn, sha, key_lists, args, calls, callgrind=None):
    """(usec_per_call of EVALSHA, main-thread CPU us per call including reading and replying);
    with callgrind, (instructions per call inside EVALSHA, 0)."""
    if callgrind:
        callgrind.zero()
    conn.call("CONFIG", "RESETSTAT")
    cpu = main_thread_cpu(conn)
    for start in range(0, calls, 64):
        batch = [command("EVALSHA", sha, len(keys), *keys, *args)
                 for keys in (random.choice(key_lists) for _ in range(min(64, calls - start)))]
        for reply in conn.pipeline(batch):
            if reply is None:
                raise RuntimeError("nil reply")
    if callgrind:
        return callgrind.instructions() / calls, 0.0
    cpu = (main_thread_cpu(conn) - cpu) * 1e6 / calls
    stats = conn.call("INFO", "commandstats").decode()
    return float(re.search(r"cmdstat_evalsha:calls=\d+,usec=\d+,usec_per_call=([0-9.]+)", stats).group(1)), cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=6390)
    parser.add_argument("--calls", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per row; the lowest usec_per_call is printed (a preempted Redis only adds)")
    parser.add_argument("--only-extra", action="store_true",
                        help="only the floor and the EXTRA.lua files (variants against each other)")
    parser.add_argument("--callgrind-pid", type=int,
                        help="redis-server runs under callgrind: print instructions per call instead")
    parser.add_argument("--callgrind-out", help="its --callgrind-out-file")
    parser.add_argument("extra", nargs="*")
    options = parser.parse_args()
    conn = Connection(options.port)
    callgrind = Callgrind(options.callgrind_pid, options.callgrind_out) if options.callgrind_pid else None
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
    if options.only_extra:
        rows = rows[:1] + rows[4:]
    shas = []
    for name, source, args in rows:
        sha = conn.call("SCRIPT", "LOAD", source).decode()
        if sha != hashlib.sha1(source.encode()).hexdigest():
            raise RuntimeError("unexpected digest")
        shas.append(sha)
    # Rows interleaved, one run of each per round, so that a change of load meanwhile touches all
    # rows alike; the lowest figure of each row is printed.
    best = [[float("inf")] * 4 for _ in rows]
    for _ in range(options.repeat):
        for i, (name, _source, args) in enumerate(rows):
            hierarchy = "hierarchy" in name
            for j, keys in enumerate((h_distinct, h_hot) if hierarchy else (distinct, hot)):
                wall, cpu = usec_per_call(conn, shas[i], keys, args, options.calls, callgrind)
                best[i][j] = min(best[i][j], wall)
                best[i][j + 2] = min(best[i][j + 2], cpu)
    if callgrind:
        print("%-40s %10s %10s" % ("script (instructions per call)", "distinct", "hot"))
        for (name, _source, _args), figures in zip(rows, best):
            print("%-40s %10.0f %10.0f" % (name, *figures[:2]))
        return
    print("%-40s %10s %10s %10s %10s" % ("script", "distinct", "hot", "cpu dist.", "cpu hot"))
    for (name, _source, _args), figures in zip(rows, best):
        print("%-40s %10.2f %10.2f %10.2f %10.2f" % (name, *figures))


if __name__ == "__main__":
    main()
