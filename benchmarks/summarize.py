#!/usr/bin/env python3
"""Turns the JMH JSON files of benchmarks/run-all.sh into the markdown tables of RESULTS.md.

For every benchmark method and parameter combination it prints one row per implementation with
ns/op (or ops/s), its error, B/op from -prof gc, and how many times faster Bulwark is than it.
"""
import json
import sys
from collections import OrderedDict
from pathlib import Path


def fmt(x):
    if x < 1:
        return f"{x:.3f}"
    return f"{x:,.1f}" if x < 10_000 else f"{x:,.0f}"


def main(directory):
    for path in sorted(Path(directory).glob("*.json")):
        text = path.read_text().strip()
        if not text:
            continue  # a run still in progress
        runs = json.loads(text)
        if not runs:
            continue
        groups = OrderedDict()
        for r in runs:
            method = r["benchmark"].rsplit(".", 1)[1]
            params = dict(r.get("params", {}))
            impl = params.pop("impl", "bulwark")
            key = (method, r["mode"], tuple(sorted(params.items())))
            alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
            groups.setdefault(key, OrderedDict())[impl] = (
                r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"],
                r["primaryMetric"]["scoreUnit"], alloc, r["mode"], r["threads"])
        first = runs[0]
        print(f"### {path.stem}  ({first['threads']} thread(s), {first['mode']})\n")
        print("| method | params | impl | score | error | B/op | Bulwark is faster by |")
        print("|---|---|---|---:|---:|---:|---:|")
        for (method, _, params), impls in groups.items():
            base = impls.get("bulwark")
            for impl, (score, err, unit, alloc, mode, _) in impls.items():
                ratio = ""
                if base and impl != "bulwark":
                    r = score / base[0] if mode != "thrpt" else base[0] / score
                    ratio = f"{r:.2f}x"
                p = ", ".join(f"{k}={v}" for k, v in params) or "-"
                a = "-" if alloc is None else f"{alloc:.1f}"
                m = method if len({k[1] for k in groups}) == 1 else f"{method} ({mode})"
                print(f"| {m} | {p} | {impl} | {fmt(score)} {unit} | ±{fmt(err)} | {a} | {ratio} |")
        print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results")
