#!/usr/bin/env python3
"""Turns the rounds of benchmarks/server-bench.sh into the medians and ratios of issue #24.

    python3 benchmarks/summarize_server.py [--max-other CORES] [--min-rounds N] OUT_DIR

Per round (one wrk run against one variant) it computes req/s, p50 and p99 latency (wrk --latency),
server CPU and bytes allocated per request (status endpoint before and after, divided by the
requests the application answered), the part of that CPU the JIT compiler threads spent (a warm-up
cost that can still run after the warm-up; shown apart, and the comparisons give the CPU difference
with and without it), and the load other processes put on the machine during the
run: the machine's busy time (/proc/stat) minus the server's and wrk's CPU time, in cores.

A round number whose runs saw more than --max-other cores of other load (in any variant of that
server), or any non-2xx answer or socket error, is dropped for that server, and the summary says
which and why. If that would leave fewer than --min-rounds round numbers, the least disturbed ones
are kept instead, and the summary says so. Nothing is dropped silently.

Ratios pair the variants within a round number (they ran back to back) and report the median of the
per-round ratios or differences with their range [min..max].
"""
import argparse
import re
import statistics
import sys
from collections import OrderedDict
from pathlib import Path

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}

# (label, variant, baseline, targets): targets name the issue's thresholds checked on the medians.
COMPARISONS = [
    ("security / bare", "security", "bare", {}),
    ("headers / bare", "headers", "bare", {}),
    ("preencoded / bare", "preencoded", "bare", {}),
    ("bulwark / headers", "bulwark", "headers",
     {"ratio_min": 0.97, "cpu_max": 1.0, "bytes_max": 400, "p99_max": 0.1}),
    ("bulwark / bare", "bulwark", "bare", {"ratio_min": 0.95}),
    ("bulwark / security", "bulwark", "security", {}),
    ("bulwark / preencoded", "bulwark", "preencoded", {}),
    ("strict / headers", "strict", "headers", {}),
    ("ratelimit / bare", "ratelimit", "bare", {}),
    ("ratelimit / bucket4j", "ratelimit", "bucket4j", {"ratio_min": 1.0, "cpu_max": 0.0}),
    ("bucket4j / bare", "bucket4j", "bare", {}),
]
SERVER_NAMES = {"jetty": "Jetty 12 (ee10 servlet)", "netty": "Netty 4.1"}


def parse_kv(text):
    return {k: int(v) for k, v in (item.split("=", 1) for item in text.split())}


def to_ms(value, unit):
    return float(value) * UNITS[unit]


def parse_wrk(path):
    text = path.read_text()
    out = {"non2xx": 0, "socket_errors": 0}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not m:
        raise ValueError(f"{path}: no Requests/sec line (did wrk fail?)")
    out["rps"] = float(m.group(1))
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if not m:
            raise ValueError(f"{path}: no {pct}% latency line (was wrk run with --latency?)")
        out["p" + pct] = to_ms(m.group(1), m.group(2))
    m = re.search(r"^\s+(\d+) requests in", text, re.M)
    out["wrk_requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if m:
        out["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["socket_errors"] = sum(int(x) for x in m.groups())
    return out


def load_rounds(directory, clk_tck):
    rows = []
    lines = (directory / "rounds.tsv").read_text().splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        if not line.strip():
            continue
        row = dict(zip(header, line.split("\t")))
        before, after = parse_kv(row["before"]), parse_kv(row["after"])
        wrk = parse_wrk(directory / "wrk" / row["wrk_file"])
        wall = float(row["wall_s"])
        requests = after["requests"] - before["requests"]
        server_cores = (after["cpu_ns"] - before["cpu_ns"]) / 1e9 / wall
        wrk_cores = (float(row["wrk_user_s"]) + float(row["wrk_sys_s"])) / wall
        busy_cores = (int(row["busy1"]) - int(row["busy0"])) / clk_tck / wall
        jit_us = float("nan")
        if requests and after.get("jit_ticks", -1) >= 0 and before.get("jit_ticks", -1) >= 0:
            ticks = after["jit_ticks"] - before["jit_ticks"]
            if ticks >= 0:  # a compiler thread that ended took its ticks along: unreadable
                jit_us = ticks / clk_tck * 1e6 / requests
        r = {
            "server": row["server"], "variant": row["variant"], "round": int(row["round"]),
            "requests": requests,
            "cpu_us": (after["cpu_ns"] - before["cpu_ns"]) / requests / 1e3 if requests else float("nan"),
            "jit_us": jit_us,
            "bytes": (after["alloc_bytes"] - before["alloc_bytes"]) / requests if requests else float("nan"),
            "gcs": after["gc_count"] - before["gc_count"],
            "server_cores": server_cores, "wrk_cores": wrk_cores,
            "wrk_us": wrk_cores * wall * 1e6 / requests if requests else float("nan"),
            "other_cores": max(0.0, busy_cores - server_cores - wrk_cores),
            "loadavg": float(row["loadavg1"]),
        }
        r.update(wrk)
        rows.append(r)
    return rows


def choose_rounds(rows, max_other, min_rounds):
    """Returns (kept round numbers, notes) for one server's rows."""
    numbers = sorted({r["round"] for r in rows})
    worst = {n: max(r["other_cores"] for r in rows if r["round"] == n) for n in numbers}
    notes, invalid, disturbed = [], set(), set()
    for r in rows:
        if r["non2xx"] or r["socket_errors"] or r["requests"] <= 0:
            invalid.add(r["round"])
            notes.append(f"round {r['round']} dropped as invalid: {r['variant']} had {r['non2xx']} non-2xx "
                         f"answers, {r['socket_errors']} socket errors, {r['requests']} answered requests")
    for n in numbers:
        if n not in invalid and worst[n] > max_other:
            disturbed.add(n)
    kept = [n for n in numbers if n not in invalid and n not in disturbed]
    fallback = len(kept) < min_rounds
    if fallback:
        candidates = sorted((n for n in numbers if n not in invalid), key=lambda n: worst[n])
        kept = sorted(candidates[:min_rounds])
    for n in sorted(disturbed):
        who = max((r for r in rows if r["round"] == n), key=lambda r: r["other_cores"])
        fate = "kept anyway (see below)" if n in kept else "dropped"
        notes.append(f"round {n} disturbed, {fate}: other processes used {worst[n]:.2f} cores "
                     f"(> --max-other {max_other}) during its {who['variant']} run")
    if fallback:
        notes.append(f"fewer than {min_rounds} undisturbed rounds: kept the {len(kept)} least disturbed "
                     f"({', '.join(map(str, kept))}) although they exceed --max-other")
    return kept, notes


def med(values):
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def fmt_or_dash(value, spec):
    return "-" if value != value else format(value, spec)


def fmt_range(values, digits):
    values = [v for v in values if v == v]
    if not values:
        return "-"
    return f"{statistics.median(values):.{digits}f} [{min(values):.{digits}f}..{max(values):.{digits}f}]"


def summarize_server(server, rows, max_other, min_rounds):
    kept, notes = choose_rounds(rows, max_other, min_rounds)
    all_numbers = sorted({r["round"] for r in rows})
    by = OrderedDict()
    for r in rows:
        if r["round"] in kept:
            by.setdefault(r["variant"], {})[r["round"]] = r
    print(f"### {SERVER_NAMES.get(server, server)}\n")
    print(f"Rounds kept: {len(kept)} of {len(all_numbers)} ({', '.join(map(str, kept))}).")
    for note in notes:
        print(f"- {note}")
    print()
    print("| variant | req/s median [min..max] | p50 ms | p99 ms | CPU µs/req | of it JIT | B/req | GCs/round | wrk CPU µs/req | other load (cores) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for variant, rounds in by.items():
        rs = list(rounds.values())
        print(f"| {variant} | {fmt_range([r['rps'] for r in rs], 0)} | {med([r['p50'] for r in rs]):.3f} "
              f"| {med([r['p99'] for r in rs]):.3f} | {med([r['cpu_us'] for r in rs]):.2f} "
              f"| {fmt_or_dash(med([r['jit_us'] for r in rs]), '.2f')} | {med([r['bytes'] for r in rs]):,.0f} | {med([r['gcs'] for r in rs]):.0f} "
              f"| {med([r['wrk_us'] for r in rs]):.2f} | {med([r['other_cores'] for r in rs]):.2f} |")
    print()
    print("| comparison (paired by round) | req/s ratio [min..max] | + CPU µs/req | without JIT | + B/req | + p50 ms | + p99 ms | + wrk CPU µs/req | issue's target |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for label, variant, base, targets in COMPARISONS:
        if variant not in by or base not in by:
            continue
        pairs = [(by[variant][n], by[base][n]) for n in kept if n in by[variant] and n in by[base]]
        if not pairs:
            continue
        ratio = [a["rps"] / b["rps"] for a, b in pairs]
        cpu = [a["cpu_us"] - b["cpu_us"] for a, b in pairs]
        cpu_nojit = [(a["cpu_us"] - a["jit_us"]) - (b["cpu_us"] - b["jit_us"]) for a, b in pairs]
        alloc = [a["bytes"] - b["bytes"] for a, b in pairs]
        p50 = [a["p50"] - b["p50"] for a, b in pairs]
        p99 = [a["p99"] - b["p99"] for a, b in pairs]
        wrk_cpu = [a["wrk_us"] - b["wrk_us"] for a, b in pairs]
        verdict = check(targets, med(ratio), med(cpu), med(alloc), med(p99))
        print(f"| {label} | {fmt_range(ratio, 3)} | {med(cpu):+.2f} | {fmt_or_dash(med(cpu_nojit), '+.2f')} | {med(alloc):+,.0f} "
              f"| {med(p50):+.3f} | {med(p99):+.3f} | {med(wrk_cpu):+.2f} | {verdict} |")
    print()


def check(targets, ratio, cpu, alloc, p99):
    if not targets:
        return ""
    parts = []
    if "ratio_min" in targets:
        parts.append(("req/s ≥ %.2f×" % targets["ratio_min"], ratio >= targets["ratio_min"]))
    if "cpu_max" in targets:
        parts.append(("CPU ≤ %+.1f µs" % targets["cpu_max"], cpu <= targets["cpu_max"]))
    if "bytes_max" in targets:
        parts.append(("≤ %d B" % targets["bytes_max"], alloc <= targets["bytes_max"]))
    if "p99_max" in targets:
        parts.append(("p99 ≤ +%.1f ms" % targets["p99_max"], p99 <= targets["p99_max"]))
    return "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--max-other", type=float, default=0.5,
                        help="drop round numbers where other processes used more cores (default 0.5)")
    parser.add_argument("--min-rounds", type=int, default=3,
                        help="keep at least this many round numbers, the least disturbed (default 3)")
    args = parser.parse_args()
    meta = dict(line.split("=", 1) for line in (args.directory / "meta.txt").read_text().splitlines() if "=" in line)
    rows = load_rounds(args.directory, int(meta.get("clk_tck", "100")))
    print(f"Run {meta.get('date_utc', '?')}, git {meta.get('git', '?')}: `{meta.get('command', '?')}`; "
          f"server JVMs `{meta.get('java_opts', '?')}`, {meta.get('java', '?')}, {meta.get('cpus', '?')} CPUs; "
          f"load average {meta.get('loadavg_start', '?')} at the start, {meta.get('loadavg_end', '?')} at the end; "
          f"1-minute load average during the rounds {min(r['loadavg'] for r in rows):.2f}.."
          f"{max(r['loadavg'] for r in rows):.2f}.\n")
    servers = OrderedDict()
    for r in rows:
        servers.setdefault(r["server"], []).append(r)
    for server, srows in servers.items():
        summarize_server(server, srows, args.max_other, args.min_rounds)


if __name__ == "__main__":
    sys.exit(main())
