#!/usr/bin/env python3
"""Summarises a server-profile.sh profile: where a request's CPU goes, in nanoseconds per request.

    python3 benchmarks/ap_top.py [--top N] [--base OTHER] [--frame TEXT ...] OUT/netty-bulwark

Reads OUT/netty-bulwark.collapsed (async-profiler's collapsed stacks: frames from the thread's root
to the sampled one, separated by ';', then the sample count) and OUT/netty-bulwark.summary (the
requests completed while profiling, the sampling interval). A sample stands for one interval of CPU
time, so a frame's samples times the interval divided by the requests is its CPU per request.

Bulwark's own work is counted by jfr_top.py's rule: a sample whose stack holds a dev.bulwark frame
(not the benchmark's application, dev.bulwark.benchmarks) and in which nothing between the
innermost such frame and the sampled frame passes the request or response on (the application,
Jetty's filter chain, Netty's pipeline). Prints the total, Bulwark's own total and share, Bulwark's
methods by inclusive time within its own samples, and the sampled frames (self time) of its own
samples. With --base, every figure gets the other profile's value and the difference beside it
(this minus base): profile the old and the new jar one after the other and compare. --frame adds
the inclusive time of every stack containing TEXT (all samples, not only Bulwark's own), such as
'Edge.begin;' or 'HttpObjectEncoder'.
"""
import argparse
from collections import Counter

APP = "dev/bulwark/benchmarks/"
PASS_ON = (APP, "org/eclipse/jetty/ee10/servlet/FilterHolder.doFilter",
           "org/eclipse/jetty/ee10/servlet/ServletHandler$Chain", "io/netty/channel/AbstractChannelHandlerContext.")


def ours(frame):
    return frame.startswith("dev/bulwark/") and not frame.startswith(APP)


def short(frame):
    return frame.rsplit("/", 1)[-1]


class Profile:
    """One profile's counters, in samples."""

    def __init__(self, prefix, frames):
        summary = {}
        with open(prefix + ".summary") as f:
            for token in f.read().split():
                key, _, value = token.partition("=")
                summary[key] = value
        self.requests = int(summary["requests"])
        self.interval = int(summary.get("interval_ns", "1000000"))
        self.total = 0
        self.own = 0
        self.own_methods = Counter()
        self.own_leaves = Counter()
        self.frames = Counter()
        with open(prefix + ".collapsed") as f:
            for line in f:
                stack, _, count = line.rstrip("\n").rpartition(" ")
                n = int(count)
                self.total += n
                for text in frames:
                    if text in stack:
                        self.frames[text] += n
                path = stack.split(";")
                inner = next((i for i in range(len(path) - 1, -1, -1) if ours(path[i])), None)
                if inner is None or any(p.startswith(PASS_ON) for p in path[inner + 1:]):
                    continue
                self.own += n
                self.own_leaves[short(path[-1])] += n
                for method in {short(p) for p in path[:inner + 1] if ours(p)}:
                    self.own_methods[method] += n

    def ns(self, samples):
        return samples * self.interval / self.requests


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("profile", help="OUT/SERVER-VARIANT, without .collapsed")
    p.add_argument("--base", help="another profile to compare with")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--frame", action="append", default=[])
    a = p.parse_args()
    this = Profile(a.profile, a.frame)
    base = Profile(a.base, a.frame) if a.base else None

    def row(label, get_this, get_base):
        value = get_this(this)
        if base is None:
            return f"| {label} | {value:,.0f} |"
        old = get_base(base)
        return f"| {label} | {old:,.0f} | {value:,.0f} | {value - old:+,.0f} |"

    head = "| | ns/request |\n|---|---:|" if base is None else \
        "| | base ns/request | this ns/request | difference |\n|---|---:|---:|---:|"
    print(f"{a.profile}: {this.requests:,} requests, {this.total:,} samples"
          + (f"; base {a.base}: {base.requests:,} requests, {base.total:,} samples" if base else ""))
    print()
    print(head)
    print(row("all samples", lambda x: x.ns(x.total), lambda x: x.ns(x.total)))
    print(row("Bulwark's own", lambda x: x.ns(x.own), lambda x: x.ns(x.own)))
    for text in a.frame:
        print(row(f"stacks with `{text}`", lambda x, t=text: x.ns(x.frames[t]), lambda x, t=text: x.ns(x.frames[t])))
    share = 100 * this.own / max(this.total, 1)
    print(f"\nBulwark's own share of all samples: {share:.1f} %")
    for title, key in (("Bulwark's methods, inclusive, within its own samples", "own_methods"),
                       ("sampled frames (self) of Bulwark's own samples", "own_leaves")):
        print(f"\n{title}:\n")
        print(head)
        names = Counter(getattr(this, key))
        if base is not None:
            for name, n in getattr(base, key).items():
                names[name] = max(names[name], n)
        for name, _ in names.most_common(a.top):
            print(row(f"`{name}`", lambda x, k=key, m=name: x.ns(getattr(x, k)[m]),
                      lambda x, k=key, m=name: x.ns(getattr(x, k)[m])))


if __name__ == "__main__":
    main()
