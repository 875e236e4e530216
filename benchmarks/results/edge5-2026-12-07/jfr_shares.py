"""Share of a server-bench JFR recording's CPU samples that are Bulwark's own (jfr_top.py's rule)
and hold a frame containing each PATTERN:  python3 jfr_shares.py FILE.jfr PATTERN..."""
import os, sys, json, subprocess
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import jfr_top as J
f = sys.argv[1]; pats = sys.argv[2:]
raw = subprocess.run(["jfr","print","--json","--stack-depth","64","--events","jdk.ExecutionSample",f],check=True,capture_output=True,text=True).stdout
cpu = [J.frames(e) for e in json.loads(raw)["recording"]["events"]]
mine = [st for st in cpu if J.own(st, "dev.bulwark.")]
print(f"{f}: {len(cpu)} samples, Bulwark own {len(mine)} ({100*len(mine)/len(cpu):.1f} %)")
for p in pats:
    n = sum(1 for st in mine if any(p in x for x in st))
    print(f"  {p}: {n} ({100*n/len(cpu):.2f} %)")
