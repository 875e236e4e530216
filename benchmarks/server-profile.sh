#!/usr/bin/env bash
# Profiles one whole-server benchmark variant (issue #24) with async-profiler: CPU samples of every
# thread, Java frames with their inlined callees and the kernel's, so that a profile shows where a
# request's CPU goes down to the frame, in nanoseconds per request.
#
#   benchmarks/server-profile.sh netty bulwark                  # 30 s warm-up, then 20 s profiled
#   benchmarks/server-profile.sh --jar OLD.jar --out DIR jetty headers
#   python3 benchmarks/ap_top.py DIR/netty-bulwark              # where the time goes
#   python3 benchmarks/ap_top.py DIR/netty-bulwark --base DIR0/netty-bulwark   # and what changed
#
# Starts the server (benchmarks' ServerMain, the same JVM flags as server-bench.sh) on 127.0.0.1,
# warms it up with wrk (the same request and load as server-bench.sh), attaches async-profiler
# through `jcmd JVMTI.agent_load` only then (so the warm-up's compilation stays out of the profile),
# profiles while wrk runs, and writes OUT/SERVER-VARIANT.collapsed (one line per stack, the
# sample count last), OUT/SERVER-VARIANT.wrk and OUT/SERVER-VARIANT.summary (the requests wrk
# completed while profiling and the server's CPU time over them, from /proc). The profiler costs
# CPU of its own (about 1.2x on Netty and 1.5x on Jetty at the default interval), so compare
# profiles with profiles, never with server-bench.sh's figures.
#
# Options:
#   --warmup S      wrk before profiling (default 30)
#   --duration S    wrk while profiling (default 20)
#   --interval NS   CPU time between samples, per thread (default 1000000: 1 ms)
#   --port P        application port (default 18680; the status endpoint on P+100)
#   --jar FILE      the benchmarks jar (default benchmarks/target/benchmarks.jar, built if missing)
#   --out DIR       default benchmarks/results/profile-<UTC timestamp>
# async-profiler (tools.profiler:async-profiler:4.1, Apache 2.0) is fetched from Maven Central into
# the local Maven repository the first time; its linux-x64 library is unpacked into benchmarks/target.
# Environment: JAVA_OPTS (server JVM flags), MVN_FLAGS (extra Maven flags).
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=30
DURATION=20
INTERVAL=1000000
PORT=18680
JAR=benchmarks/target/benchmarks.jar
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --warmup) WARMUP=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -ne 2 ]; then
  echo "usage: benchmarks/server-profile.sh [options] netty|jetty VARIANT (see --help)" >&2
  exit 2
fi
SERVER=$1
VARIANT=$2
OUT=${OUT:-benchmarks/results/profile-$(date -u +%Y-%m-%dT%H%M%SZ)}
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}"
for tool in wrk jcmd java python3; do
  command -v "$tool" > /dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
if [ "$(uname -m)" != x86_64 ]; then
  echo "this script unpacks async-profiler's linux-x64 library; this machine is $(uname -m)" >&2
  exit 1
fi

AP_VERSION=4.1
AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar"
LIB=benchmarks/target/async-profiler-$AP_VERSION/libasyncProfiler.so
if [ ! -f "$LIB" ]; then
  if [ ! -f "$AP_JAR" ]; then
    # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
    ./mvnw -B -q ${MVN_FLAGS:-} dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION" -Dtransitive=false
  fi
  mkdir -p "$(dirname "$LIB")"
  unzip -o -q -j "$AP_JAR" linux-x64/libasyncProfiler.so -d "$(dirname "$LIB")"
fi
if [ ! -f "$JAR" ]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q ${MVN_FLAGS:-} -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip
fi
LIB=$(realpath "$LIB")
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
NAME="$SERVER-$VARIANT"

# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
java $JAVA_OPTS -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -cp "$JAR" \
  dev.bulwark.benchmarks.server.ServerMain "$SERVER" "$VARIANT" "$PORT" "$((PORT + 100))" > "$OUT/$NAME.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2> /dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q '^ready' "$OUT/$NAME.log" && break
  kill -0 "$PID" 2> /dev/null || break
  sleep 0.5
done
if ! grep -q '^ready' "$OUT/$NAME.log"; then
  echo "$NAME did not start; its log:" >&2
  cat "$OUT/$NAME.log" >&2
  exit 1
fi
URL="http://127.0.0.1:$PORT/api/hello?q=hello%20world"
echo "== $NAME: warm-up $WARMUP s"
wrk -t1 -c32 -d"${WARMUP}s" "$URL" > "$OUT/$NAME-warmup.wrk"
# jcmd parses key=value itself: the agent's options go as one quoted argument.
jcmd "$PID" JVMTI.agent_load "$LIB" "\"start,event=cpu,interval=$INTERVAL\"" > "$OUT/$NAME-start.txt"
grep -q 'return code: 0' "$OUT/$NAME-start.txt" || { cat "$OUT/$NAME-start.txt" >&2; exit 1; }
ticks_before=$(awk '{print $14 + $15}' "/proc/$PID/stat")
echo "== $NAME: profiling $DURATION s"
wrk -t1 -c32 -d"${DURATION}s" "$URL" > "$OUT/$NAME.wrk"
ticks_after=$(awk '{print $14 + $15}' "/proc/$PID/stat")
jcmd "$PID" JVMTI.agent_load "$LIB" "\"stop,file=$OUT/$NAME.collapsed,collapsed\"" > "$OUT/$NAME-stop.txt"
kill "$PID"
wait "$PID" 2> /dev/null || true
trap - EXIT
requests=$(awk '/ requests in /{print $1}' "$OUT/$NAME.wrk")
hz=$(getconf CLK_TCK)
{
  echo "server=$SERVER variant=$VARIANT requests=$requests interval_ns=$INTERVAL"
  echo "cpu_us_per_request=$(python3 -c "print(round(($ticks_after - $ticks_before) * 1e6 / $hz / $requests, 2))")"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg) git=$(git rev-parse --short HEAD 2> /dev/null || echo unknown) jar=$JAR"
} > "$OUT/$NAME.summary"
cat "$OUT/$NAME.summary"
echo "== profile: $OUT/$NAME.collapsed (python3 benchmarks/ap_top.py $OUT/$NAME)"
