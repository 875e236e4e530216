#!/bin/bash
# A/B/A/B whole-server runs: base jar and branch jar in turn.
cd /work/wt/edge5
J=benchmarks/target/benchmarks.jar
for run in base-1 branch-1 base-2 branch-2; do
  kind=${run%-*}
  cp /tmp/edge5-$kind.jar $J
  echo "== $run $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  benchmarks/server-bench.sh --no-build --pin --servers "netty jetty" --variants "headers bulwark" \
    --warmup 20 --rounds 2 --duration 10 --base-port 25480 --out /tmp/edge5-m-$run > /tmp/edge5-m-$run.log 2>&1
done
cp /tmp/edge5-branch.jar $J
echo "== jfr branch $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
benchmarks/server-bench.sh --no-build --pin --servers "netty jetty" --variants "headers bulwark" \
  --warmup 20 --rounds 2 --duration 10 --jfr --base-port 25480 --out /tmp/edge5-jfr-branch > /tmp/edge5-jfr-branch.log 2>&1
echo "== done $(date -u +%H:%M:%S)"
