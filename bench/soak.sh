#!/usr/bin/env bash
# Soak: DURATION seconds of `redis-benchmark --cluster -r 100000` mixed load plus keys with a 2 s TTL,
# against the rcsim launcher (java -Xmx$XMX) and, side by side, a real redis-server cluster of the same
# shape. Every 10 s it samples: does every rcsim node still answer PING (within 2 s), the launcher's
# heap (jstat: used heap; after the load also after a forced GC, jcmd GC.run), used_memory and the
# keys-with-TTL count of both clusters. After the load it checks that the TTL keys are reclaimed
# (expires=0 on every master) and reports how many seconds after the last write that took.
#
# usage: bench/soak.sh                      (from the repo root; needs redis-server, redis-cli,
#                                            redis-benchmark, java, jstat, jcmd, mvn)
# env:   DURATION (180)  AFTER (60: seconds sampled after the load)  XMX (512m)  MASTERS (3)
#        REPLICAS (0)  SIM_PORT (7400)  REAL_PORT (7500)  CLIENTS (50)  KEYSPACE (100000)
#        TTL_MS (2000)  JAR (simulator-core/target/rcsim-standalone.jar, built when missing)
# exit:  0 when rcsim answered at every sample and all TTL keys were reclaimed within 5 s of their TTL.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-180}"
AFTER="${AFTER:-60}"
XMX="${XMX:-512m}"
MASTERS="${MASTERS:-3}"
REPLICAS="${REPLICAS:-0}"
SIM_PORT="${SIM_PORT:-7400}"
REAL_PORT="${REAL_PORT:-7500}"
CLIENTS="${CLIENTS:-50}"
KEYSPACE="${KEYSPACE:-100000}"
TTL_MS="${TTL_MS:-2000}"
JAR="${JAR:-$ROOT/simulator-core/target/rcsim-standalone.jar}"
NODES=$((MASTERS * (1 + REPLICAS)))

for tool in redis-server redis-cli redis-benchmark java jstat jcmd; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
if [ ! -f "$JAR" ]; then
    echo "== building $JAR" >&2
    (cd "$ROOT" && mvn -q -B -o -pl simulator-core package -DskipTests >&2) || exit 2
fi

WORK="$(mktemp -d -t rcsim-soak.XXXXXX)"
SIM_PID=""
REAL_PIDS=()
LOAD_PIDS=()
cleanup() {
    for p in "${LOAD_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null
    for p in "${REAL_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== rcsim launcher :$SIM_PORT.. ($MASTERS masters x $REPLICAS replicas, -Xmx$XMX)" >&2
java -Xmx"$XMX" -jar "$JAR" --port "$SIM_PORT" --masters "$MASTERS" --replicas "$REPLICAS" >"$WORK/rcsim.log" 2>&1 &
SIM_PID=$!

echo "== real cluster :$REAL_PORT.." >&2
. "$ROOT/bench/lib/clusters.sh"
start_real_cluster "$REAL_PORT" "$NODES" "$REPLICAS"
wait_cluster_ok "$SIM_PORT" "$NODES" || exit 1
wait_cluster_ok "$REAL_PORT" "$NODES" || exit 1

sum_field() { # sum_field BASE SECTION NAME (over all nodes)
    local s=0 v
    for i in $(seq 0 $((NODES - 1))); do v=$(field $(($1 + i)) "$2" "$3"); s=$((s + ${v:-0})); done
    echo "$s"
}
expires() { # keys with a TTL on all masters of the cluster at BASE
    local s=0 v
    for i in $(seq 0 $((NODES - 1))); do
        [ "$(field $(($1 + i)) replication role)" = master ] || continue
        v=$(redis-cli -p $(($1 + i)) info keyspace 2>/dev/null | tr -d '\r' | sed -n 's/^db0:keys=[0-9]*,expires=\([0-9]*\).*/\1/p')
        s=$((s + ${v:-0}))
    done
    echo "$s"
}
answering() { # how many rcsim nodes answer PING within 2 s
    local n=0
    for i in $(seq 0 $((NODES - 1))); do
        [ "$(timeout 2 redis-cli -p $((SIM_PORT + i)) ping 2>/dev/null)" = PONG ] && n=$((n + 1))
    done
    echo "$n"
}
heap_mb() { # used heap of the launcher in MB (S0U+S1U+EU+OU of jstat -gc)
    jstat -gc "$SIM_PID" 2>/dev/null | awk 'NR == 2 {printf "%.0f", ($3 + $4 + $6 + $8) / 1024}'
}

load() { # load BASE: mixed benchmark plus TTL keys until killed
    local base=$1
    redis-benchmark --cluster -h 127.0.0.1 -p "$base" -c "$CLIENTS" -r "$KEYSPACE" -n 100000000 -l -q \
        -t set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,lrange_100,mset >/dev/null 2>&1 &
    LOAD_PIDS+=($!)
    redis-benchmark --cluster -h 127.0.0.1 -p "$base" -c 10 -r "$KEYSPACE" -n 100000000 -l -q \
        SET "ttl:{tag}:__rand_int__" v PX "$TTL_MS" >/dev/null 2>&1 &
    LOAD_PIDS+=($!)
}

echo "== load for ${DURATION}s, then ${AFTER}s idle; a sample every 10 s" >&2
printf "%6s %6s %9s %9s %12s %12s %10s %10s\n" t answer heap_mb live_mb sim_used real_used sim_ttl real_ttl
load "$SIM_PORT"
load "$REAL_PORT"
FAILED=0
START=$(date +%s)
while :; do
    t=$(( $(date +%s) - START ))
    [ "$t" -ge "$DURATION" ] && break
    a=$(answering); [ "$a" = "$NODES" ] || FAILED=1
    printf "%6s %6s %9s %9s %12s %12s %10s %10s\n" "$t" "$a/$NODES" "$(heap_mb)" - \
        "$(sum_field $SIM_PORT memory used_memory)" "$(sum_field $REAL_PORT memory used_memory)" \
        "$(expires $SIM_PORT)" "$(expires $REAL_PORT)"
    sleep 10
done
for p in "${LOAD_PIDS[@]}"; do kill "$p" 2>/dev/null; done
wait "${LOAD_PIDS[@]}" 2>/dev/null
LOAD_PIDS=()
STOP=$(date +%s.%N)

# TTL keys: all reclaimed within TTL + 5 s of the last write, on both clusters
reclaim() {
    local base=$1
    while :; do
        local e; e=$(expires "$base")
        local dt; dt=$(echo "$(date +%s.%N) - $STOP" | bc)
        if [ "$e" = 0 ]; then echo "$dt"; return 0; fi
        if [ "$(echo "$dt > 30" | bc)" = 1 ]; then echo "never($e left)"; return 1; fi
        sleep 0.2
    done
}
SIM_RECLAIM=$(reclaim "$SIM_PORT")
REAL_RECLAIM=$(reclaim "$REAL_PORT")
echo "TTL keys reclaimed after the last write: rcsim ${SIM_RECLAIM}s, real ${REAL_RECLAIM}s (TTL ${TTL_MS} ms)"
case "$SIM_RECLAIM" in never*) FAILED=1 ;; *) [ "$(echo "$SIM_RECLAIM * 1000 > $TTL_MS + 5000" | bc)" = 1 ] && FAILED=1 ;; esac

START=$(date +%s)
while :; do
    t=$(( $(date +%s) - START ))
    [ "$t" -ge "$AFTER" ] && break
    a=$(answering); [ "$a" = "$NODES" ] || FAILED=1
    h=$(heap_mb)
    jcmd "$SIM_PID" GC.run >/dev/null 2>&1
    printf "%6s %6s %9s %9s %12s %12s %10s %10s\n" "+$t" "$a/$NODES" "$h" "$(heap_mb)" \
        "$(sum_field $SIM_PORT memory used_memory)" "$(sum_field $REAL_PORT memory used_memory)" \
        "$(expires $SIM_PORT)" "$(expires $REAL_PORT)"
    sleep 10
done
dbsum() { local s=0 v; for i in $(seq 0 $((NODES - 1))); do
    [ "$(field $(($1 + i)) replication role)" = master ] || continue
    v=$(redis-cli -p $(($1 + i)) dbsize 2>/dev/null); s=$((s + ${v:-0})); done; echo "$s"; }
echo "keys on masters: rcsim $(dbsum $SIM_PORT), real $(dbsum $REAL_PORT)"
echo "expired_keys: rcsim $(sum_field $SIM_PORT stats expired_keys), real $(sum_field $REAL_PORT stats expired_keys)"
T0=$(date +%s.%N)
kill -TERM "$SIM_PID"
for _ in $(seq 1 100); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SIM_PID" 2>/dev/null; then echo "launcher still running 10 s after SIGTERM"; FAILED=1; else
    echo "launcher stopped $(echo "$(date +%s.%N) - $T0" | bc | cut -c1-4)s after SIGTERM"; SIM_PID=""; fi
[ "$FAILED" = 0 ] && echo "SOAK OK" || echo "SOAK FAILED"
exit "$FAILED"
