#!/usr/bin/env bash
# Runs redis-py's own test suite (version 4.3.4, Debian bookworm's python3-redis) in cluster mode,
# with the marker filter redis-py's CI uses for cluster runs (tox.ini: -m 'not onlynoncluster and
# not redismod' --redis-url=<cluster>), once against a real redis-server 3-master x 1-replica cluster
# and once against an rcsim cluster started by the standalone launcher (same shape), then prints both
# counts side by side and the tests that pass on real Redis but not on rcsim.
#
# Works from a fresh clone on Debian: installs what it needs with apt-get (redis-server, redis-tools,
# python3-redis, python3-pytest, python3-pytest-asyncio, python3-pytest-timeout, python3-mock, maven), runs
# redis-py 4.3.4's own tests, vendored in scripts/redis-py-4.3.4/ (see its README: the library comes from
# Debian's python3-redis 4.3.4, whose package has no tests), and builds the launcher jar with Maven
# (package only, never install).
#
# Usage: scripts/redis-py-suite.sh [pytest args...]   e.g. scripts/redis-py-suite.sh tests/test_cluster.py
# Environment: REDIS_PY_SRC=<dir with redis-py's tests/>  another copy of the suite (default: the vendored one)
#              REAL_PORT=27000 RCSIM_PORT=27100           first port of each 6-node cluster
#              WORK=<dir>                                 where logs and junit reports go
#              ONLY=real|rcsim                            run one side only
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REAL_PORT=${REAL_PORT:-27000}
RCSIM_PORT=${RCSIM_PORT:-27100}
WORK=${WORK:-$ROOT/target/redis-py-suite}
ONLY=${ONLY:-}
PYTEST_ARGS=("$@")
PY=${PYTHON:-/usr/bin/python3} # Debian's interpreter, where the apt-installed pytest plugins live
mkdir -p "$WORK"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need_pkgs=()
command -v redis-server >/dev/null || need_pkgs+=(redis-server)
command -v redis-cli >/dev/null || need_pkgs+=(redis-tools)
command -v mvn >/dev/null || need_pkgs+=(maven)
"$PY" -c 'import redis' 2>/dev/null || need_pkgs+=(python3-redis)
"$PY" -c 'import pytest' 2>/dev/null || need_pkgs+=(python3-pytest)
"$PY" -c 'import pytest_asyncio' 2>/dev/null || need_pkgs+=(python3-pytest-asyncio)
"$PY" -c 'import pytest_timeout' 2>/dev/null || need_pkgs+=(python3-pytest-timeout)
"$PY" -c 'import mock' 2>/dev/null || need_pkgs+=(python3-mock)
"$PY" -c 'import async_timeout, packaging, deprecated' 2>/dev/null || need_pkgs+=(python3-async-timeout python3-packaging python3-deprecated)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "installing: ${need_pkgs[*]}"
  as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_pkgs[@]}" || exit 1
fi

# --- redis-py's tests ---
SRC=${REDIS_PY_SRC:-$ROOT/scripts/redis-py-4.3.4}
[ -f "$SRC/tests/conftest.py" ] || { echo "no redis-py tests in $SRC"; exit 1; }
have=$(cd "$SRC" && "$PY" -c 'import redis; print(redis.__version__)')
[ "$have" = 4.3.4 ] || echo "warning: the tests are redis-py 4.3.4's, the library imported from $SRC is $have"

# --- the launcher jar ---
JAR=${JAR:-$ROOT/simulator-core/target/rcsim-standalone.jar}
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -q -B -pl simulator-core -am package -DskipTests) || exit 1
fi

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT

wait_ok() { # first-port
  local deadline=$((SECONDS + 60)) ok i
  while [ $SECONDS -lt $deadline ]; do
    ok=0
    for i in 0 1 2 3 4 5; do
      redis-cli -p $(($1 + i)) cluster info 2>/dev/null | grep -q 'cluster_state:ok' && ok=$((ok + 1))
    done
    [ "$ok" -eq 6 ] && return 0
    sleep 0.2
  done
  echo "cluster on $1 not ok after 60 s"; return 1
}

start_real() {
  local dir=$WORK/real i port
  rm -rf "$dir"; mkdir -p "$dir"
  for i in 0 1 2 3 4 5; do
    port=$((REAL_PORT + i)); mkdir -p "$dir/$port"
    redis-server --port "$port" --cluster-enabled yes --cluster-config-file "$dir/$port/nodes.conf" \
      --dir "$dir/$port" --save '' --appendonly no --daemonize no --logfile "$dir/$port/log" &
    PIDS+=($!)
  done
  for i in 0 1 2 3 4 5; do
    until redis-cli -p $((REAL_PORT + i)) ping >/dev/null 2>&1; do sleep 0.1; done
  done
  redis-cli --cluster create $(seq -f "127.0.0.1:%g" "$REAL_PORT" $((REAL_PORT + 5))) --cluster-replicas 1 \
    --cluster-yes >"$dir/create.log" 2>&1 || { cat "$dir/create.log"; return 1; }
  wait_ok "$REAL_PORT"
}

start_rcsim() {
  java -jar "$JAR" --port "$RCSIM_PORT" --masters 3 --replicas 1 >"$WORK/launcher.log" 2>&1 &
  PIDS+=($!)
  wait_ok "$RCSIM_PORT"
}

run_suite() { # name first-port
  echo "running redis-py $(cd "$SRC" && "$PY" -c 'import redis; print(redis.__version__)') suite against $1 (port $2)"
  (cd "$SRC" && timeout 3600 "$PY" -m pytest -p no:cacheprovider -q -W always -m 'not onlynoncluster and not redismod' \
    --redis-url="redis://127.0.0.1:$2/0" --timeout=120 --junitxml="$WORK/$1.xml" "${PYTEST_ARGS[@]}" \
    >"$WORK/$1.log" 2>&1)
  tail -1 "$WORK/$1.log"
}

if [ "$ONLY" != rcsim ]; then start_real && run_suite real "$REAL_PORT"; fi
if [ "$ONLY" != real ]; then start_rcsim && run_suite rcsim "$RCSIM_PORT"; fi

"$PY" - "$WORK" <<'EOF'
import os, sys, xml.etree.ElementTree as ET
work = sys.argv[1]
def load(name):
    path = os.path.join(work, name + ".xml")
    if not os.path.exists(path):
        return None
    out = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        key = case.get("classname", "") + "::" + case.get("name", "")
        state = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                state = "failed"; break
            if child.tag == "skipped":
                state = "skipped"
        out[key] = (state, next((c.get("message", "") for c in case if c.tag in ("failure", "error")), ""))
    return out
real, sim = load("real"), load("rcsim")
def counts(r):
    if r is None:
        return "-", "-", "-"
    s = [v for v, _ in r.values()]
    return s.count("passed"), s.count("failed"), s.count("skipped")
print("%-10s %8s %8s %8s" % ("", "passed", "failed", "skipped"))
print("%-10s %8s %8s %8s" % (("real",) + counts(real)))
print("%-10s %8s %8s %8s" % (("rcsim",) + counts(sim)))
if real and sim:
    only = sorted(k for k, (v, _) in real.items() if v == "passed" and sim.get(k, ("missing",))[0] != "passed")
    print("passed on real Redis, not on rcsim: %d (listed in %s)" % (len(only), os.path.join(work, "rcsim-only-failures.txt")))
    with open(os.path.join(work, "rcsim-only-failures.txt"), "w") as f:
        for k in only:
            f.write("%s\t%s\n" % (k, sim.get(k, ("missing", ""))[1].splitlines()[0][:200] if sim.get(k, ("", ""))[1] else sim.get(k, ("missing",))[0]))
for name, r in (("real", real), ("rcsim", sim)):
    if r is not None and counts(r)[0] == 0:
        sys.exit("no test passed against %s: the run itself failed (see %s)" % (name, os.path.join(work, name + ".log")))
EOF
