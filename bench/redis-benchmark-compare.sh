#!/usr/bin/env bash
# Side-by-side throughput of a real redis-server and an rcsim node, measured by redis-benchmark in
# one run on the same machine: -c 50, -n 100000, at -P 1 and -P 16, one test at a time with the two
# servers interleaved. Prints req/s of both and the ratio rcsim/real, and checks the targets
# (rcsim >= 0.8x real at -P 1, >= 0.5x at -P 16).
#
# usage: bench/redis-benchmark-compare.sh            (from the repo root)
# env:   REAL_PORT (default 7390) SIM_PORT (7391) REQUESTS (100000) CLIENTS (50)
#        TESTS (get,set,incr,lpush,lrange_100,mset) MVN_FLAGS (-o) JAVA_OPTS () WARMUP (1)
#        REPEAT (3): each cell is the best of REPEAT runs, the two servers alternating, which keeps
#        the ratio meaningful on a busy machine
# Tests whose commands the rcsim node does not implement yet are skipped and listed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REAL_PORT="${REAL_PORT:-7390}"
SIM_PORT="${SIM_PORT:-7391}"
REQUESTS="${REQUESTS:-100000}"
CLIENTS="${CLIENTS:-50}"
TESTS="${TESTS:-get,set,incr,lpush,lrange_100,mset}"
MVN_FLAGS="${MVN_FLAGS:--o}"
WARMUP="${WARMUP:-1}"
REPEAT="${REPEAT:-3}"
REDIS_SERVER="${REDIS_SERVER:-redis-server}"

for tool in "$REDIS_SERVER" redis-benchmark redis-cli java mvn; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

WORK="$(mktemp -d -t rcsim-bench.XXXXXX)"
REAL_PID=""
SIM_PID=""
cleanup() {
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
    [ -n "$REAL_PID" ] && kill "$REAL_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building simulator-core (test classpath)" >&2
(cd "$ROOT" && mvn -q -B $MVN_FLAGS -pl simulator-core test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >&2)
CP="$ROOT/simulator-core/target/test-classes:$ROOT/simulator-core/target/classes:$(cat "$WORK/cp.txt")"

wait_ready() {
    local port=$1 pid=$2
    for _ in $(seq 1 300); do
        if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ]; then return 0; fi
        kill -0 "$pid" 2>/dev/null || { echo "server on $port died" >&2; return 1; }
        sleep 0.1
    done
    echo "server on $port not ready" >&2
    return 1
}

echo "== starting redis-server :$REAL_PORT and rcsim :$SIM_PORT" >&2
"$REDIS_SERVER" --port "$REAL_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
    --logfile "$WORK/redis.log" --daemonize no >/dev/null 2>&1 &
REAL_PID=$!
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$CP" dev.rcsim.bench.BenchNode "$SIM_PORT" >"$WORK/rcsim.log" 2>&1 &
SIM_PID=$!
wait_ready "$REAL_PORT" "$REAL_PID"
wait_ready "$SIM_PORT" "$SIM_PID"
echo "redis-server: $(redis-cli -p "$REAL_PORT" info server | grep redis_version | tr -d '\r')  rcsim: pid $SIM_PID" >&2

# Which benchmark tests can rcsim run? (a command it does not know replies "ERR unknown command")
supported() {
    local cmds
    case "$1" in
        get) cmds="get";; set) cmds="set";; incr) cmds="incr";; mset) cmds="mset";;
        lpush) cmds="lpush";; lrange_*) cmds="lpush lrange";; ping_mbulk|ping_inline) cmds="ping";;
        *) cmds="$1";;
    esac
    for c in $cmds; do
        if redis-cli -p "$SIM_PORT" "$c" bench:probe 0 0 2>&1 | grep -q "unknown command"; then return 1; fi
    done
    redis-cli -p "$SIM_PORT" del bench:probe >/dev/null 2>&1 || true
    return 0
}
RUN_TESTS=()
SKIPPED=()
IFS=',' read -r -a ALL_TESTS <<<"$TESTS"
for t in "${ALL_TESTS[@]}"; do
    if supported "$t"; then RUN_TESTS+=("$t"); else SKIPPED+=("$t"); fi
done
[ ${#RUN_TESTS[@]} -gt 0 ] || { echo "rcsim supports none of: $TESTS" >&2; exit 1; }
TEST_LIST="$(IFS=,; echo "${RUN_TESTS[*]}")"

bench() { # port pipeline test -> rps
    redis-benchmark -p "$1" -c "$CLIENTS" -n "$REQUESTS" -P "$2" -t "$3" -q --csv 2>/dev/null \
        | awk -F'","' 'NR>1 && $1 !~ /LPUSH \(needed/ {gsub(/"/,"",$2); print $2; exit}'
}
best() { awk 'BEGIN{m=0} {if ($1+0 > m) m=$1+0} END{printf "%.2f", m}'; }

if [ "$WARMUP" = "1" ]; then
    echo "== warm-up (JIT) on both servers, not measured" >&2
    for port in "$REAL_PORT" "$SIM_PORT"; do
        redis-benchmark -p "$port" -c "$CLIENTS" -n "$REQUESTS" -P 16 -t "$TEST_LIST" -q >/dev/null 2>&1
        redis-benchmark -p "$port" -c "$CLIENTS" -n "$REQUESTS" -P 1 -t "$TEST_LIST" -q >/dev/null 2>&1
    done
fi

echo
printf '%-12s %3s %14s %14s %7s %7s %s\n' "test" "-P" "redis req/s" "rcsim req/s" "ratio" "target" "ok"
FAILED=0
for p in 1 16; do
    target=$([ "$p" = 1 ] && echo 0.8 || echo 0.5)
    for t in "${RUN_TESTS[@]}"; do
        reals=""; sims=""
        for _ in $(seq 1 "$REPEAT"); do
            reals="$reals $(bench "$REAL_PORT" "$p" "$t")"
            sims="$sims $(bench "$SIM_PORT" "$p" "$t")"
        done
        real=$(echo $reals | tr ' ' '\n' | best)
        sim=$(echo $sims | tr ' ' '\n' | best)
        ratio=$(awk -v a="$sim" -v b="$real" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
        ok=$(awk -v r="$ratio" -v g="$target" 'BEGIN { print (r + 0 >= g) ? "yes" : "NO" }')
        [ "$ok" = "yes" ] || FAILED=1
        printf '%-12s %3s %14s %14s %7s %7s %s\n' "$t" "$p" "$real" "$sim" "$ratio" "$target" "$ok"
    done
done
if [ ${#SKIPPED[@]} -gt 0 ]; then
    echo "skipped (not implemented in rcsim on this build): ${SKIPPED[*]}"
fi
echo "best of $REPEAT runs; clients=$CLIENTS requests=$REQUESTS cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
exit $FAILED
