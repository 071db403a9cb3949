#!/usr/bin/env bash
# Time from `java -jar rcsim-standalone.jar` to cluster_state:ok on all 6 nodes (3 masters x 1 replica),
# polling CLUSTER INFO with redis-cli every 20 ms. Usage: scripts/measure-startup.sh [base-port] [runs]
set -u
PORT=${1:-24200}
RUNS=${2:-5}
JAR=${JAR:-simulator-core/target/rcsim-standalone.jar}
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  java -jar "$JAR" --port "$PORT" --masters 3 --replicas 1 >/tmp/rcsim-startup.$$.log 2>&1 &
  pid=$!
  while true; do
    ok=0
    for i in 0 1 2 3 4 5; do
      redis-cli -p $((PORT + i)) cluster info 2>/dev/null | grep -q 'cluster_state:ok' && ok=$((ok + 1))
    done
    [ "$ok" -eq 6 ] && break
    sleep 0.02 # poll without taking a core away from the JVM being measured
    if ! kill -0 "$pid" 2>/dev/null; then echo "launcher exited"; cat /tmp/rcsim-startup.$$.log; exit 1; fi
  done
  end=$(date +%s%N)
  echo "run $run: $(( (end - start) / 1000000 )) ms to cluster_state:ok on all 6 nodes"
  kill "$pid"; wait "$pid" 2>/dev/null
done
rm -f /tmp/rcsim-startup.$$.log
