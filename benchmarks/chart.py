#!/usr/bin/env python3
"""Draws benchmarks/chart.svg from the JMH JSON files of benchmarks/run-all.sh.

One horizontal bar per (benchmark, method, parameters, peer): how many times faster Bulwark is than
that peer in the same run (the peer's time over Bulwark's; for throughput, Bulwark's ops/s over the
peer's), on a log scale, with the 1x line marked. Only comparisons against real peers are drawn
(`impl` values other than "bulwark"); overhead benchmarks without peers are left to RESULTS.md.

    python3 benchmarks/chart.py [results-dir] [out.svg]
"""
import json
import math
import sys
from html import escape
from pathlib import Path

PEER_COLOURS = {
    "resilience4j": "#d95f02", "guava": "#7570b3", "bucket4j": "#1b9e77",
    "failsafe": "#e7298a", "owasp": "#66a61e", "floor": "#999999",
}


def comparisons(directory):
    rows = []
    for path in sorted(Path(directory).glob("*.json")):
        text = path.read_text().strip()
        if not text:
            continue
        groups = {}
        for r in json.loads(text):
            params = dict(r.get("params", {}))
            impl = params.pop("impl", None)
            if impl is None:
                continue
            method = r["benchmark"].rsplit(".", 1)[1]
            key = (path.stem, method, r["mode"], tuple(sorted(params.items())))
            groups.setdefault(key, {})[impl] = r["primaryMetric"]["score"]
        for (stem, method, mode, params), impls in groups.items():
            base = impls.get("bulwark")
            if not base:
                continue
            for impl, score in impls.items():
                if impl == "bulwark" or score <= 0:
                    continue
                ratio = base / score if mode == "thrpt" else score / base
                label = f"{stem} {method}" + "".join(f" {v}" for _, v in params)
                rows.append((label, impl, ratio))
    return rows


def svg(rows):
    bar_h, gap, left, width = 16, 4, 430, 420
    top = 40
    height = top + len(rows) * (bar_h + gap) + 40
    lo = min(0.5, min((r for _, _, r in rows), default=1))
    hi = max(2.0, max((r for _, _, r in rows), default=1))
    lmin, lmax = math.log10(lo), math.log10(hi)

    def x(v):
        return left + (math.log10(v) - lmin) / (lmax - lmin) * width

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" '
           'font-family="sans-serif" font-size="11">',
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="20" font-size="14" font-weight="bold">'
           'How many times faster Bulwark is than each peer (log scale, one JMH run)</text>']
    for tick in (0.5, 1, 2, 5, 10, 20, 50, 100, 200):
        if lo <= tick <= hi:
            out.append(f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" '
                       f'y2="{height - 30}" stroke="{"#000" if tick == 1 else "#ddd"}"/>')
            out.append(f'<text x="{x(tick):.1f}" y="{height - 15}" text-anchor="middle">{tick}x</text>')
    for i, (label, impl, ratio) in enumerate(rows):
        y = top + i * (bar_h + gap)
        x0, x1 = x(1), x(ratio)
        colour = PEER_COLOURS.get(impl, "#444")
        out.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{escape(label)} vs {escape(impl)}</text>')
        out.append(f'<rect x="{min(x0, x1):.1f}" y="{y}" width="{abs(x1 - x0):.1f}" height="{bar_h}" fill="{colour}"/>')
        out.append(f'<text x="{max(x0, x1) + 4:.1f}" y="{y + 12}">{ratio:.2f}x</text>')
    out.append('</svg>')
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    directory = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results"
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "benchmarks/chart.svg")
    rows = comparisons(directory)
    target.write_text(svg(rows))
    print(f"{len(rows)} comparisons -> {target}")
