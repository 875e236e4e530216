#!/usr/bin/env bash
# Runs every benchmark side by side with its peers, in one session, and writes JMH JSON results to
# benchmarks/results/. benchmarks/summarize.py turns them into the tables of RESULTS.md.
#   ./mvnw -B -pl benchmarks -am package -DskipTests && benchmarks/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/results
mkdir -p "$OUT"
OPTS=(-f 1 -wi 5 -i 5 -prof gc)
SHORT=(-w 1s -r 1s)
run() { # name threads [iteration times; default 1 s]
  local times=("${@:3}")
  if [ ${#times[@]} -eq 0 ]; then times=("${SHORT[@]}"); fi
  java -jar "$JAR" "^dev\\.bulwark\\.benchmarks\\.$1\\." "${OPTS[@]}" "${times[@]}" -t "$2" -rf json -rff "$OUT/$1-t$2.json"
}
# 2 s iterations where one second is too short to be stable on a 2-vCPU VM: the keyed benchmark walks
# a 1M-key working set (memory-bound), and each Redis decision is a network round trip.
LONG=(-w 2s -r 2s)
run RateLimiterBenchmark 1
run RateLimiterBenchmark 2
run KeyedRateLimiterBenchmark 1 "${LONG[@]}"
run KeyedRateLimiterBenchmark 2 "${LONG[@]}"
run KeyedSweepBenchmark 1
run CircuitBreakerBenchmark 1
run CircuitBreakerBenchmark 2
run RetryBenchmark 1
run MetricsOverheadBenchmark 1
run PipelineBenchmark 1
run DetectorBenchmark 1
run EncodeBenchmark 1
run EdgeBenchmark 1
# Redis: starts its own embedded Redis (or uses REDIS_URL); 8 threads as the issue asks.
run RedisRateLimiterBenchmark 8 "${LONG[@]}"
