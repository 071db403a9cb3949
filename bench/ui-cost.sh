#!/usr/bin/env bash
# The teaching view's cost: throughput, and CPU time (which a loaded machine disturbs less), of the same
# redis-benchmark --cluster run against one launcher with --ui, without a page and with headless
# chromium showing it; prints the launcher's CPU seconds (and chromium's) per run.
# Usage: PORT=23740 UI=23792 ROUNDS=3 bench/ui-cost.sh   (after: mvn -q -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-23740}
UI=${UI:-23792}
ROUNDS=${ROUNDS:-3}
CHROMIUM=${CHROMIUM:-/usr/lib/chromium/chromium}
PROFILE=$(mktemp -d)
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar simulator-core/target/rcsim-standalone.jar --port "$PORT" --ui "$UI" \
  > /tmp/rcsim-ui-cpu.log 2>&1 &
SIM=$!
BROWSER=
cleanup() {
  [ -n "$BROWSER" ] && kill "$BROWSER" 2>/dev/null || true
  kill "$SIM" 2>/dev/null || true
  rm -rf "$PROFILE"
}
trap cleanup EXIT
until redis-cli -p "$PORT" cluster info 2>/dev/null | grep -q cluster_state:ok; do sleep 0.2; done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
tree() { local p=$1; echo "$p"; for c in $(ps -o pid= --ppid "$p"); do tree "$c"; done; }
treeticks() { local t=0; for p in $(tree "$1"); do t=$((t + $(ticks "$p"))); done; echo $t; }
HZ=$(getconf CLK_TCK)
run() {
  local s0 b0 s1 b1 out
  s0=$(ticks $SIM); b0=0; [ -n "$BROWSER" ] && b0=$(treeticks "$BROWSER")
  out=$(redis-benchmark --cluster -p "$PORT" -t set,get -n 100000 -c 50 -q 2>/dev/null | tr '\r' '\n' | grep -oE '(SET|GET): [0-9]+\.[0-9]+' | tr '\n' ' ')
  s1=$(ticks $SIM); b1=0; [ -n "$BROWSER" ] && b1=$(treeticks "$BROWSER")
  echo "$out launcher cpu $(( (s1 - s0) * 1000 / HZ )) ms, chromium cpu $(( (b1 - b0) * 1000 / HZ )) ms"
}
echo "warm-up: $(run)"
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r without page: $(run)"
  "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$PROFILE" --remote-debugging-port=0 \
    "http://127.0.0.1:$UI/" >/dev/null 2>&1 &
  BROWSER=$!
  until ss -tn state established "( sport = :$UI )" | grep -q 127.0.0.1; do sleep 0.2; done
  sleep 5 # chromium starts its processes and draws the first ticks
  echo "round $r with page:    $(run)"
  kill "$BROWSER"; wait "$BROWSER" 2>/dev/null || true; BROWSER=
done
