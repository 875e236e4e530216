#!/usr/bin/env python3
"""Compares the sampled allocation of two JFR recordings of server-bench.sh servers, in bytes per
request: by allocated class, and by allocation site (class and the top four frames).

    python3 benchmarks/jfr_alloc_diff.py A.jfr B.jfr A_BYTES_PER_REQUEST B_BYTES_PER_REQUEST

Each class's or site's share of its recording's sampled allocation weight is multiplied by that
recording's bytes per request (from the run's summary), so the figures are estimates: sampled
weights, over the warm-up and the rounds both. Prints the classes that differ most (A, B, B - A),
then the heaviest sites of B with A's figure beside them.
"""
import json
import subprocess
import sys
from collections import Counter


def load(path):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ObjectAllocationSample", path],
                         capture_output=True, text=True, check=True).stdout
    by_class, by_site, total = Counter(), Counter(), 0
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        weight = values["weight"]
        total += weight
        cls = (values.get("objectClass") or {}).get("name", "?")
        frames = []
        for frame in (values.get("stackTrace") or {}).get("frames", []):
            method = frame.get("method") or {}
            owner = (method.get("type") or {}).get("name", "?").replace("/", ".").split(".")[-1]
            frames.append(owner + "." + method.get("name", "?"))
        by_class[cls] += weight
        by_site[cls + " @ " + " < ".join(frames[:4])] += weight
    return total, by_class, by_site


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    ta, ca, sa = load(sys.argv[1])
    tb, cb, sb = load(sys.argv[2])
    ba, bb = float(sys.argv[3]), float(sys.argv[4])

    def per_request(counter, total, bytes_per_request, key):
        return counter.get(key, 0) / total * bytes_per_request

    print("B/req by class: A, B, B - A")
    keys = sorted(set(ca) | set(cb),
                  key=lambda k: -(per_request(cb, tb, bb, k) - per_request(ca, ta, ba, k)))
    for k in keys[:25]:
        a, b = per_request(ca, ta, ba, k), per_request(cb, tb, bb, k)
        print(f"{a:8.1f} {b:8.1f} {b - a:+8.1f}  {k}")
    print()
    print("B/req by site, heaviest in B: B, A")
    for k, w in sb.most_common(45):
        print(f"{w / tb * bb:8.1f} {per_request(sa, ta, ba, k):8.1f}  {k}")


if __name__ == "__main__":
    main()
