#!/usr/bin/env bash
# The teaching view's cost: redis-benchmark --cluster against one launcher with --ui, taking turns
# without a page connected and with headless chromium showing the page (live snapshots, bus tap on).
# Usage: PORT=23700 UI=23790 ROUNDS=3 bench/ui-cost.sh   (after: mvn -q -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-23700}
UI=${UI:-23790}
ROUNDS=${ROUNDS:-3}
JAR=simulator-core/target/rcsim-standalone.jar
CHROMIUM=${CHROMIUM:-/usr/lib/chromium/chromium}
PROFILE=$(mktemp -d)
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$JAR" --port "$PORT" --ui "$UI" > /tmp/rcsim-ui-cost.log 2>&1 &
SIM=$!
BROWSER=
cleanup() {
  [ -n "$BROWSER" ] && kill "$BROWSER" 2>/dev/null || true
  kill "$SIM" 2>/dev/null || true
  rm -rf "$PROFILE"
}
trap cleanup EXIT
until redis-cli -p "$PORT" cluster info 2>/dev/null | grep -q cluster_state:ok; do sleep 0.2; done
bench() { redis-benchmark --cluster -p "$PORT" -t set,get -n 200000 -c 50 -q 2>/dev/null | tr '\r' '\n' | grep -oE '(SET|GET): [0-9]+\.[0-9]+' | tr '\n' ' '; }
echo "warm-up: $(bench)"
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r without page: $(bench)"
  "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$PROFILE" --remote-debugging-port=0 \
    "http://127.0.0.1:$UI/" >/dev/null 2>&1 &
  BROWSER=$!
  until ss -tn state established "( sport = :$UI )" | grep -q 127.0.0.1; do sleep 0.2; done
  sleep 5 # chromium starts its processes and draws the first ticks
  echo "round $r with page:    $(bench)   (page connections: $(ss -tn state established "( sport = :$UI )" | grep -c 127.0.0.1))"
  kill "$BROWSER"; wait "$BROWSER" 2>/dev/null || true; BROWSER=
done
