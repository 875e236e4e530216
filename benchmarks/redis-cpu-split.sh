#!/usr/bin/env bash
# Where the CPU of a distributed rate-limit decision goes: runs RedisRateLimiterBenchmark (distinct
# keys, 8 threads, throughput) for one implementation against a Redis started here, and samples
# /proc for the user and kernel CPU time and the context switches (voluntary: a thread blocked or
# parked; involuntary: preempted) of the benchmark JVM's threads and of redis-server over 6 seconds
# of the measurement, divided by the decisions Redis counted meanwhile (EVALSHA for Bulwark's rows
# and the floor, EVAL for bucket4j: one per decision when compare-and-swap races are rare, as with
# distinct keys).
#   ./mvnw -B -pl benchmarks -am package -DskipTests
#   benchmarks/redis-cpu-split.sh floor; benchmarks/redis-cpu-split.sh bulwark
#   benchmarks/redis-cpu-split.sh hierarchy hot   # any impl of the benchmark; keys distinct|hot
#   JMH_ARGS='-jvmArgsAppend -XX:StartFlightRecording=filename=/tmp/b.jfr' benchmarks/redis-cpu-split.sh bulwark
# Uses redis-server from the PATH, else the Linux binary inside the embedded-redis jar in ~/.m2 (or $M2_REPO).
set -euo pipefail
cd "$(dirname "$0")/.."
impl=${1:?usage: redis-cpu-split.sh floor|bulwark|combined|async|hierarchy|bucket4j [distinct|hot]}
keys=${2:-distinct}
port=${PORT:-6390}
server=$(command -v redis-server || true)
if [ -z "$server" ]; then
  jar=$(find "${M2_REPO:-$HOME/.m2/repository}"/com/github/codemonstur/embedded-redis -name 'embedded-redis-*.jar' | sort | tail -1)
  dir=$(mktemp -d)
  unzip -q -o "$jar" 'redis-server-*-linux-amd64' -d "$dir"
  server=$(ls "$dir"/redis-server-*-linux-amd64)
  chmod +x "$server"
fi
"$server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no > /dev/null &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null && wait $redis_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do # up to 5 s for the server to listen
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "redis-server did not start on port $port" >&2; exit 1; }

calls() { # EVAL + EVALSHA calls so far
  python3 - "$port" <<'PY'
import re, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n")
time.sleep(0.1)
text = s.recv(1 << 16).decode()
print(sum(int(n) for n in re.findall(r"cmdstat_(?:evalsha|eval):calls=(\d+)", text)))
PY
}
cpu() { awk '{print $14 + 0, $15 + 0}' "/proc/$1/stat"; } # user and system clock ticks
switches() { # voluntary and involuntary context switches of all the process's threads so far
  cat /proc/"$1"/task/*/status 2>/dev/null \
    | awk '/^voluntary_ctxt_switches/ {v += $2} /^nonvoluntary_ctxt_switches/ {n += $2} END {print v + 0, n + 0}'
}

REDIS_URL="redis://127.0.0.1:$port" java -jar benchmarks/target/benchmarks.jar \
  RedisRateLimiterBenchmark -p keys="$keys" -p impl="$impl" -bm thrpt -f 1 -wi 3 -i 6 -w 2s -r 2s -t 8 \
  ${JMH_ARGS:-} > "benchmarks/target/redis-cpu-split-$impl-$keys.log" 2>&1 &
bench=$!
sleep 12 # JVM start, set-up and warm-up
jvm_pid=$(pgrep -f 'org.openjdk.jmh.runner.ForkedMain' | head -1)
read -r ju0 js0 < <(cpu "$jvm_pid")
read -r ru0 rs0 < <(cpu "$redis_pid")
read -r jv0 jn0 < <(switches "$jvm_pid")
read -r rv0 rn0 < <(switches "$redis_pid")
c0=$(calls)
t0=$(date +%s.%N)
sleep 6
read -r ju1 js1 < <(cpu "$jvm_pid")
read -r ru1 rs1 < <(cpu "$redis_pid")
read -r jv1 jn1 < <(switches "$jvm_pid")
read -r rv1 rn1 < <(switches "$redis_pid")
c1=$(calls)
t1=$(date +%s.%N)
load=$(cut -d' ' -f1 /proc/loadavg)
wait "$bench"
python3 - <<PY
n, hz, seconds = $c1 - $c0, $(getconf CLK_TCK), $t1 - $t0
us = lambda ticks: ticks / hz / n * 1e6
print("$impl/$keys: %.0f decisions/s, load average %s" % (n / seconds, "$load"))
print("  JVM   user %.1f us, kernel %.1f us per decision" % (us($ju1 - $ju0), us($js1 - $js0)))
print("  Redis user %.1f us, kernel %.1f us per decision" % (us($ru1 - $ru0), us($rs1 - $rs0)))
print("  Redis busy %.0f%% of one core" % (100 * ($ru1 - $ru0 + $rs1 - $rs0) / hz / seconds))
print("  JVM   context switches per decision: %.2f voluntary, %.2f involuntary" % (($jv1 - $jv0) / n, ($jn1 - $jn0) / n))
print("  Redis context switches per decision: %.2f voluntary, %.2f involuntary" % (($rv1 - $rv0) / n, ($rn1 - $rn0) / n))
PY
