#!/usr/bin/env bash
# maxmemory on every node, rcsim launcher next to a real redis-server cluster of the same shape:
#  1. maxmemory 50mb + allkeys-lru on every node, then redis-benchmark --cluster writes WRITES 1000-byte
#     values over 1,000,000 random keys: every write must succeed, every master's used_memory stays
#     within 1% of 50 MB, evicted_keys grows;
#  2. maxmemory-policy noeviction, writes until refused: both clusters must answer the same -OOM line.
#
# usage: bench/maxmemory.sh                 (from the repo root)
# env:   WRITES (300000)  MASTERS (3)  SIM_PORT (7600)  REAL_PORT (7700)  XMX (1g)
#        JAR (simulator-core/target/rcsim-standalone.jar, built when missing)
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WRITES="${WRITES:-300000}"
MASTERS="${MASTERS:-3}"
SIM_PORT="${SIM_PORT:-7600}"
REAL_PORT="${REAL_PORT:-7700}"
XMX="${XMX:-1g}"
JAR="${JAR:-$ROOT/simulator-core/target/rcsim-standalone.jar}"
LIMIT=$((50 * 1024 * 1024))

for tool in redis-server redis-cli redis-benchmark java; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && mvn -q -B -o -pl simulator-core package -DskipTests >&2) || exit 2
fi
WORK="$(mktemp -d -t rcsim-maxmemory.XXXXXX)"
SIM_PID=""
REAL_PIDS=()
cleanup() {
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null
    for p in "${REAL_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

java -Xmx"$XMX" -jar "$JAR" --port "$SIM_PORT" --masters "$MASTERS" --replicas 0 >"$WORK/rcsim.log" 2>&1 &
SIM_PID=$!
. "$ROOT/bench/lib/clusters.sh"
start_real_cluster "$REAL_PORT" "$MASTERS" 0
wait_cluster_ok "$SIM_PORT" "$MASTERS" || exit 1
wait_cluster_ok "$REAL_PORT" "$MASTERS" || exit 1

each() { # each BASE command...: runs it on every master
    local base=$1; shift
    for i in $(seq 0 $((MASTERS - 1))); do redis-cli -p $((base + i)) "$@" >/dev/null; done
}

FAILED=0
echo "== allkeys-lru, maxmemory 50mb on every node, $WRITES SETs of 1000 bytes over 1,000,000 keys"
for base in "$SIM_PORT" "$REAL_PORT"; do
    name=$([ "$base" = "$SIM_PORT" ] && echo rcsim || echo real)
    each "$base" config set maxmemory 50mb
    each "$base" config set maxmemory-policy allkeys-lru
    out=$(redis-benchmark --cluster -h 127.0.0.1 -p "$base" -t set -d 1000 -r 1000000 -n "$WRITES" -c 50 -q 2>&1 | tr '\r' '\n' | grep -v '^$' | tail -3)
    for i in $(seq 0 $((MASTERS - 1))); do
        p=$((base + i))
        used=$(field $p memory used_memory); ev=$(field $p stats evicted_keys); keys=$(redis-cli -p $p dbsize)
        echo "$name :$p used_memory=$used ($((used * 100 / LIMIT))% of 50mb) evicted_keys=$ev keys=$keys"
        if [ "$name" = rcsim ]; then
            [ "$used" -le $((LIMIT + LIMIT / 100)) ] || { echo "  over the limit"; FAILED=1; }
            [ "$ev" -gt 0 ] || { echo "  nothing evicted"; FAILED=1; }
            oom=$(redis-cli -p $p info errorstats | tr -d '\r' | grep -c "errorstat_OOM")
            [ "$oom" = 0 ] || { echo "  writes refused"; FAILED=1; }
        fi
    done
    echo "$name benchmark: $(echo "$out" | tail -1)"
done

echo "== noeviction: write until refused"
for base in "$SIM_PORT" "$REAL_PORT"; do
    each "$base" config set maxmemory-policy noeviction
    each "$base" config set maxmemory 1
done
SIM_OOM=$(redis-cli -c -p "$SIM_PORT" set fresh:key v 2>&1)
REAL_OOM=$(redis-cli -c -p "$REAL_PORT" set fresh:key v 2>&1)
echo "rcsim: $SIM_OOM"
echo "real:  $REAL_OOM"
[ "$SIM_OOM" = "$REAL_OOM" ] && case "$SIM_OOM" in OOM*) ;; *) FAILED=1 ;; esac || FAILED=1
echo "rcsim GET still works: $(redis-cli -c -p "$SIM_PORT" get fresh:key | head -c 20) (nil expected)"
[ "$FAILED" = 0 ] && echo "MAXMEMORY OK" || echo "MAXMEMORY FAILED"
exit "$FAILED"
