#!/usr/bin/env bash
# Start and failover wall/CPU time and heap of simulated clusters of 6, 100, 200 and 1000 nodes
# (bench/scale/ScaleBench.java). Compiles simulator-core (mvn -o) unless NOBUILD=1, then runs the
# harness with the runtime classpath taken from ~/.m2 (netty, slf4j, luaj at the parent pom's versions).
#
# usage: bench/scale.sh [nodes...]      env: XMX (2g) SEED (1) NOBUILD JFR (a .jfr file to record to)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
XMX="${XMX:-2g}"
if [ -z "${NOBUILD:-}" ]; then
    (cd "$ROOT" && mvn -o -q -pl simulator-core compile)
fi
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1; }
M2="${M2:-$HOME/.m2/repository}"
NETTY="$(prop netty.version)"; SLF4J="$(prop slf4j.version)"; LUAJ="$(prop luaj.version)"
CP="$ROOT/simulator-core/target/classes"
for a in buffer codec codec-http common handler resolver transport transport-native-unix-common; do
    CP="$CP:$M2/io/netty/netty-$a/$NETTY/netty-$a-$NETTY.jar"
done
CP="$CP:$M2/org/slf4j/slf4j-api/$SLF4J/slf4j-api-$SLF4J.jar:$M2/org/slf4j/slf4j-simple/$SLF4J/slf4j-simple-$SLF4J.jar"
CP="$CP:$M2/org/luaj/luaj-jse/$LUAJ/luaj-jse-$LUAJ.jar"
OUT="$(mktemp -d -t rcsim-scale.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
javac -d "$OUT" -cp "$CP" "$ROOT/bench/scale/ScaleBench.java"
JFROPT=()
if [ -n "${JFR:-}" ]; then
    JFROPT=("-XX:StartFlightRecording=filename=$JFR,settings=profile")
fi
exec java -Xmx"$XMX" "${JFROPT[@]}" -Dseed="${SEED:-1}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$OUT:$CP" ScaleBench "$@"
