#!/usr/bin/env bash
# Runs every benchmark side by side with its peers, in one session, and writes JMH JSON results to
# benchmarks/results/. benchmarks/summarize.py turns them into the tables of RESULTS.md.
#   ./mvnw -B -pl benchmarks -am package -DskipTests && benchmarks/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/results
mkdir -p "$OUT"
OPTS=(-f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc)
run() { # name threads
  java -jar "$JAR" "^dev\\.bulwark\\.benchmarks\\.$1\\." "${OPTS[@]}" -t "$2" -rf json -rff "$OUT/$1-t$2.json"
}
run RateLimiterBenchmark 1
run RateLimiterBenchmark 2
run KeyedRateLimiterBenchmark 1
run KeyedRateLimiterBenchmark 2
run CircuitBreakerBenchmark 1
run CircuitBreakerBenchmark 2
run RetryBenchmark 1
run MetricsOverheadBenchmark 1
run PipelineBenchmark 1
run DetectorBenchmark 1
run EncodeBenchmark 1
run EdgeBenchmark 1
# Redis: starts its own embedded Redis (or uses REDIS_URL); 8 threads as the issue asks.
run RedisRateLimiterBenchmark 8
