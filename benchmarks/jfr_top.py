#!/usr/bin/env python3
"""Summarises a JFR recording of a server-bench.sh server (run with --jfr): where CPU samples and
sampled allocations go, and Bulwark's share.

    python3 benchmarks/jfr_top.py [--top N] [--prefix dev.bulwark.] FILE.jfr

Reads `jfr print --json --events jdk.ExecutionSample,jdk.ObjectAllocationSample` (the JDK's own
tool). Prints:
  - CPU: the share of execution samples whose stack holds a frame of the prefix (the benchmark's
    own classes, dev.bulwark.benchmarks, do not count), the hottest methods by self samples, and the
    prefix's methods by inclusive samples (a sample counts once per method on its stack);
  - allocation: the sampled weight (bytes) whose stack holds a prefix frame, by allocated class,
    and by the innermost prefix method on the stack.
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


def ours(frame, prefix):
    return frame.startswith(prefix) and not frame.startswith(OWN)


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
        in_prefix = sum(1 for st in cpu if any(ours(f, a.prefix) for f in st))
        print(f"CPU: {len(cpu)} execution samples; {in_prefix} ({100.0 * in_prefix / len(cpu):.1f} %) "
              f"have a {a.prefix}* frame on the stack (excluding {OWN}*).\n")
        self_counts = Counter(st[0] for st in cpu if st)
        print("| self samples | % | method |\n|---:|---:|---|")
        for method, n in self_counts.most_common(a.top):
            print(f"| {n} | {100.0 * n / len(cpu):.1f} | `{method}` |")
        incl = Counter()
        for st in cpu:
            incl.update({f for f in st if ours(f, a.prefix)})
        print(f"\n| inclusive samples | % | {a.prefix}* method |\n|---:|---:|---|")
        for method, n in incl.most_common(a.top):
            print(f"| {n} | {100.0 * n / len(cpu):.1f} | `{method}` |")
        print()
    if alloc:
        total = sum(w for _, w, _ in alloc)
        mine = [(st, w, c) for st, w, c in alloc if any(ours(f, a.prefix) for f in st)]
        mine_total = sum(w for _, w, _ in mine)
        print(f"Allocation: {len(alloc)} samples, weight {total:,} B; {100.0 * mine_total / max(1, total):.1f} % "
              f"under a {a.prefix}* frame.\n")
        by_class = Counter()
        by_site = Counter()
        for st, w, c in mine:
            by_class[c.replace("/", ".")] += w
            site = next(f for f in st if ours(f, a.prefix))
            by_site[site] += w
        print(f"| weight B | % of all | class allocated under {a.prefix}* |\n|---:|---:|---|")
        for c, w in by_class.most_common(a.top):
            print(f"| {w:,} | {100.0 * w / total:.1f} | `{c}` |")
        print(f"\n| weight B | % of all | innermost {a.prefix}* method |\n|---:|---:|---|")
        for s, w in by_site.most_common(a.top):
            print(f"| {w:,} | {100.0 * w / total:.1f} | `{s}` |")
        print()


if __name__ == "__main__":
    sys.exit(main())
