#!/usr/bin/env bash
# The whole-server benchmark of issue #24: GET /api/hello?q=hello%20world (~100-byte JSON) from
# embedded Jetty 12 and Netty 4.1, bare and behind Bulwark, each variant in its own JVM, driven by
# wrk on this machine. benchmarks/summarize_server.py turns the rounds into medians and ratios.
#
#   benchmarks/server-bench.sh                     # the full schedule: 30 s warm-up, 9 rounds of 10 s
#   benchmarks/server-bench.sh --rounds 3 --warmup 30 --servers jetty --variants "bare bulwark"
#
# Per server kind (jetty, then netty): builds once (unless --no-build), starts one JVM per variant
# (same flags for all: $JAVA_OPTS, default 1 GiB G1), warms each up with wrk for --warmup seconds,
# then runs --rounds rounds; each round runs every variant once for --duration seconds, in an order
# rotated by one each round (so no variant always runs first; --order shuffle also varies which one
# runs before which). Around each run it reads
# the server's status endpoint (requests answered, process CPU time, bytes allocated by all threads,
# GC), the machine's busy time (/proc/stat), the load average and wrk's own CPU time, so that the
# summary can compute per-request CPU and allocation and show how much other load disturbed each
# round. Raw data: OUT/rounds.tsv, OUT/wrk/*.txt, OUT/logs/*.log, OUT/meta.txt; summary: OUT/summary.md.
#
# Options:
#   --servers "jetty netty"    server kinds to run
#   --variants "LIST"          default: bare security headers preencoded bulwark strict ratelimit bucket4j
#   --warmup S                 wrk warm-up per variant before the rounds (default 30; the issue's minimum)
#   --rounds N                 measured rounds (default 9)
#   --duration S               seconds per measured run (default 10)
#   --order rotate|shuffle     each round's order: the variants' order rotated by one (default), or a
#                              shuffle seeded by the round number (varies which variant runs after which)
#   --threads N --connections N  wrk -t / -c (default 1 / 32)
#   --max-other CORES          summariser: drop rounds where other processes used more (default 0.5)
#   --base-port P              first application port (default 18480; status ports from P+100)
#   --out DIR                  default benchmarks/results/server-<UTC timestamp>
#   --no-build                 use the existing benchmarks/target/benchmarks.jar
#   --pin                      pin every server JVM to CPU 0 and wrk to CPU 1 (taskset): the server
#                              then has one core to itself and req/s follows its CPU per request, which
#                              takes out most of the round-to-round noise of two processes sharing two
#                              cores (needs 2+ CPUs and taskset from util-linux)
#   --jfr                      record a JFR profile (settings=profile) per server JVM into OUT/jfr/;
#                              it costs a little, so measure and profile in separate runs
# Environment: JAVA_OPTS (server JVM flags), MVN_FLAGS (extra Maven flags, such as
# -Dmaven.repo.local=... or -o).
set -euo pipefail
cd "$(dirname "$0")/.."

SERVERS="jetty netty"
VARIANTS="bare security headers preencoded bulwark strict ratelimit bucket4j"
WARMUP=30
ROUNDS=9
DURATION=10
THREADS=1
CONNECTIONS=32
ORDER=rotate
MAX_OTHER=0.5
BASE_PORT=18480
OUT=""
BUILD=1
PIN=0
JFR=0
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) SERVERS="$2"; shift 2 ;;
    --variants) VARIANTS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --order) ORDER="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --max-other) MAX_OTHER="$2"; shift 2 ;;
    --base-port) BASE_PORT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --jfr) JFR=1; shift ;;
    --pin) PIN=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$WARMUP" "$ROUNDS" "$DURATION" "$THREADS" "$CONNECTIONS" "$BASE_PORT"; do
  case "$n" in ''|*[!0-9]*) echo "not a whole number: '$n'" >&2; exit 2 ;; esac
done
case "$ORDER" in rotate|shuffle) ;; *) echo "--order must be rotate or shuffle, not '$ORDER'" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 1; }
SERVER_PIN=(); WRK_PIN=()
if [ "$PIN" = 1 ]; then
  command -v taskset >/dev/null || { echo "--pin needs taskset (util-linux)" >&2; exit 1; }
  [ "$(nproc)" -ge 2 ] || { echo "--pin needs at least 2 CPUs, this machine has $(nproc)" >&2; exit 1; }
  SERVER_PIN=(taskset -c 0); WRK_PIN=(taskset -c 1)
fi

JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}"
OUT="${OUT:-benchmarks/results/server-$(date -u +%Y%m%dT%H%M%SZ)}"
JAR=benchmarks/target/benchmarks.jar
URL_PATH="/api/hello?q=hello%20world"
mkdir -p "$OUT/wrk" "$OUT/logs"
[ "$JFR" = 1 ] && mkdir -p "$OUT/jfr"

if [ "$BUILD" = 1 ]; then
  # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
  ./mvnw -B -q ${MVN_FLAGS:-} -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true
fi
[ -f "$JAR" ] || { echo "$JAR is missing: build it or drop --no-build" >&2; exit 1; }

{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command=$0 --servers '$SERVERS' --variants '$VARIANTS' --warmup $WARMUP --rounds $ROUNDS --duration $DURATION --threads $THREADS --connections $CONNECTIONS --order $ORDER$([ "$PIN" = 1 ] && echo ' --pin')"
  echo "max_other=$MAX_OTHER"
  echo "java_opts=$JAVA_OPTS"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "wrk=$(wrk -v 2>&1 | head -1)"
  echo "cpus=$(nproc)"
  echo "clk_tck=$(getconf CLK_TCK)"
  echo "git=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/meta.txt"

ROUNDS_TSV="$OUT/rounds.tsv"
printf 'server\tvariant\tround\tposition\twrk_file\twall_s\twrk_user_s\twrk_sys_s\tbusy0\tbusy1\ttotal0\ttotal1\tloadavg1\tbefore\tafter\n' > "$ROUNDS_TSV"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
trap cleanup EXIT

cpu_jiffies() { # prints "busy total" from the machine's cpu line
  awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; print busy, busy+$5+$6; exit}' /proc/stat
}

status() { # port
  curl -sf --max-time 5 "http://127.0.0.1:$1/" | tr -d '\n'
}

for SERVER in $SERVERS; do
  case "$SERVER" in jetty|netty) ;; *) echo "unknown server $SERVER" >&2; exit 2 ;; esac
  names=(); ports=(); statuses=()
  i=0
  for V in $VARIANTS; do
    port=$((BASE_PORT + i)); sport=$((BASE_PORT + 100 + i))
    jfr_opts=()
    if [ "$JFR" = 1 ]; then
      jfr_opts=("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$OUT/jfr/$SERVER-$V.jfr")
    fi
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
    ${SERVER_PIN[@]+"${SERVER_PIN[@]}"} java $JAVA_OPTS "${jfr_opts[@]}" -cp "$JAR" dev.bulwark.benchmarks.server.ServerMain \
      "$SERVER" "$V" "$port" "$sport" > "$OUT/logs/$SERVER-$V.log" 2>&1 &
    PIDS+=("$!")
    names+=("$V"); ports+=("$port"); statuses+=("$sport")
    i=$((i + 1))
  done
  for k in "${!names[@]}"; do
    for _ in $(seq 1 120); do
      if grep -q '^ready' "$OUT/logs/$SERVER-${names[$k]}.log"; then break; fi
      if ! kill -0 "${PIDS[$k]}" 2>/dev/null; then break; fi
      sleep 0.5
    done
    if ! grep -q '^ready' "$OUT/logs/$SERVER-${names[$k]}.log"; then
      echo "$SERVER ${names[$k]} did not start; its log:" >&2
      cat "$OUT/logs/$SERVER-${names[$k]}.log" >&2
      exit 1
    fi
  done
  echo "== $SERVER: ${names[*]} started; warm-up ${WARMUP} s each"
  for k in "${!names[@]}"; do
    ${WRK_PIN[@]+"${WRK_PIN[@]}"} wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:${ports[$k]}$URL_PATH" \
      > "$OUT/wrk/$SERVER-${names[$k]}-warmup.txt"
    echo "   warm-up $SERVER ${names[$k]}: $(grep 'Requests/sec' "$OUT/wrk/$SERVER-${names[$k]}-warmup.txt")"
  done
  n=${#names[@]}
  for r in $(seq 1 "$ROUNDS"); do
    if [ "$ORDER" = shuffle ]; then
      mapfile -t order < <(for i in $(seq 0 $((n - 1))); do
        echo "$(echo "round $r variant $i" | md5sum | cut -c1-8) $i"; done | sort | cut -d' ' -f2)
    else
      order=()
      for p in $(seq 0 $((n - 1))); do order+=($(( (p + r - 1) % n ))); done
    fi
    for p in $(seq 0 $((n - 1))); do
      k=${order[$p]}
      V=${names[$k]}
      file="$OUT/wrk/$SERVER-$V-r$r.txt"
      before=$(status "${statuses[$k]}")
      read -r busy0 total0 < <(cpu_jiffies)
      start=$(date +%s.%N)
      TIMEFORMAT='%U %S'
      { time ${WRK_PIN[@]+"${WRK_PIN[@]}"} wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" \
          "http://127.0.0.1:${ports[$k]}$URL_PATH" > "$file" ; } 2> "$file.time"
      end=$(date +%s.%N)
      read -r busy1 total1 < <(cpu_jiffies)
      after=$(status "${statuses[$k]}")
      read -r wrk_user wrk_sys < <(tail -n 1 "$file.time")
      wall=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b-a}')
      load=$(cut -d' ' -f1 /proc/loadavg)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$SERVER" "$V" "$r" "$p" \
        "$(basename "$file")" "$wall" "$wrk_user" "$wrk_sys" "$busy0" "$busy1" "$total0" "$total1" \
        "$load" "$before" "$after" >> "$ROUNDS_TSV"
      echo "   round $r $SERVER $V: $(grep 'Requests/sec' "$file") load $load"
    done
  done
  cleanup
done
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.txt"
python3 benchmarks/summarize_server.py --max-other "$MAX_OTHER" "$OUT" | tee "$OUT/summary.md"
