#!/usr/bin/env python3
"""Summarises a JFR recording of a server-bench.sh server (run with --jfr): where CPU samples and
sampled allocations go, and Bulwark's share.

    python3 benchmarks/jfr_top.py [--top N] [--prefix dev.bulwark.] FILE.jfr

Reads `jfr print --json --events jdk.ExecutionSample,jdk.ObjectAllocationSample` (the JDK's own
tool). A sample is Bulwark's own when its stack holds a frame of the prefix and nothing between the
innermost such frame and the top of the stack passes the request or response on: the application
(dev.bulwark.benchmarks.*), Jetty's filter chain (FilterHolder.doFilter, ServletHandler$Chain*) or
Netty's pipeline (AbstractChannelHandlerContext.*). So the application's work and the server's
writing of the response, which run inside BulwarkFilter.doFilter or BulwarkHandler.write, are not
counted as Bulwark's, while the container calls Bulwark makes itself (setting a header, reading a
parameter) are. Prints:
  - CPU: the share of execution samples that are Bulwark's own, the hottest methods by self
    samples over all samples, and the prefix's methods by inclusive samples among its own;
  - allocation: the sampled weight (bytes) that is Bulwark's own, by allocated class, and by the
    innermost prefix method on the stack.
"""
import argparse
import json
import subprocess
import sys
from collections import Counter

OWN = "dev.bulwark.benchmarks."


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    out = []
    for f in trace.get("frames", []):
        m = f.get("method") or {}
        cls = (m.get("type") or {}).get("name", "?").replace("/", ".")
        out.append(f"{cls}.{m.get('name', '?')}")
    return out


PASS_ON = (OWN, "org.eclipse.jetty.ee10.servlet.FilterHolder.doFilter",
           "org.eclipse.jetty.ee10.servlet.ServletHandler$Chain", "io.netty.channel.AbstractChannelHandlerContext.")


def ours(frame, prefix):
    return frame.startswith(prefix) and not frame.startswith(OWN)


def own(stack, prefix):
    """Returns the innermost prefix frame if the sample is Bulwark's own work, else None."""
    for frame in stack:  # top of the stack first
        if frame.startswith(PASS_ON):
            return None
        if ours(frame, prefix):
            return frame
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file")
    p.add_argument("--top", type=int, default=15)
    p.add_argument("--prefix", default="dev.bulwark.")
    a = p.parse_args()
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
                          "jdk.ExecutionSample,jdk.ObjectAllocationSample", a.file],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    cpu = [frames(e) for e in events if e["type"] == "jdk.ExecutionSample"]
    alloc = [(frames(e), e["values"].get("weight", 0), (e["values"].get("objectClass") or {}).get("name", "?"))
             for e in events if e["type"] == "jdk.ObjectAllocationSample"]

    print(f"## {a.file}\n")
    if cpu:
        mine = [st for st in cpu if own(st, a.prefix)]
        print(f"CPU: {len(cpu)} execution samples; {len(mine)} ({100.0 * len(mine) / len(cpu):.1f} %) "
              f"are {a.prefix}*'s own work (see the script's description).\n")
        self_counts = Counter(st[0] for st in cpu if st)
        print("| self samples | % | method |\n|---:|---:|---|")
        for method, n in self_counts.most_common(a.top):
            print(f"| {n} | {100.0 * n / len(cpu):.1f} | `{method}` |")
        incl = Counter()
        for st in mine:
            incl.update({f for f in st if ours(f, a.prefix)})
        print(f"\n| inclusive samples | % | {a.prefix}* method |\n|---:|---:|---|")
        for method, n in incl.most_common(a.top):
            print(f"| {n} | {100.0 * n / len(cpu):.1f} | `{method}` |")
        print()
    if alloc:
        total = sum(w for _, w, _ in alloc)
        mine = [(st, w, c) for st, w, c in alloc if own(st, a.prefix)]
        mine_total = sum(w for _, w, _ in mine)
        print(f"Allocation: {len(alloc)} samples, weight {total:,} B; {100.0 * mine_total / max(1, total):.1f} % "
              f"is {a.prefix}*'s own.\n")
        by_class = Counter()
        by_site = Counter()
        for st, w, c in mine:
            by_class[c.replace("/", ".")] += w
            by_site[own(st, a.prefix)] += w
        print(f"| weight B | % of all | class allocated under {a.prefix}* |\n|---:|---:|---|")
        for c, w in by_class.most_common(a.top):
            print(f"| {w:,} | {100.0 * w / total:.1f} | `{c}` |")
        print(f"\n| weight B | % of all | innermost {a.prefix}* method |\n|---:|---:|---|")
        for s, w in by_site.most_common(a.top):
            print(f"| {w:,} | {100.0 * w / total:.1f} | `{s}` |")
        print()


if __name__ == "__main__":
    sys.exit(main())
