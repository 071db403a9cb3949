# Shared by bench/soak.sh and bench/maxmemory.sh (sourced): starting a real redis-server cluster,
# waiting for cluster_state:ok, reading INFO fields. Needs WORK (a temp dir) and REAL_PIDS (an array).

# start_real_cluster BASE NODES REPLICAS: redis-server --cluster-enabled on BASE.., joined by redis-cli --cluster create
start_real_cluster() {
    local base=$1 nodes=$2 replicas=$3 addrs=() i port
    for i in $(seq 0 $((nodes - 1))); do
        port=$((base + i))
        mkdir -p "$WORK/real$i"
        redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf \
            --save '' --appendonly no --dir "$WORK/real$i" --logfile "$WORK/real$i/log" --daemonize no >/dev/null 2>&1 &
        REAL_PIDS+=($!)
        addrs+=("127.0.0.1:$port")
    done
    for i in $(seq 0 $((nodes - 1))); do
        until [ "$(redis-cli -p $((base + i)) ping 2>/dev/null)" = PONG ]; do sleep 0.1; done
    done
    redis-cli --cluster create "${addrs[@]}" --cluster-replicas "$replicas" --cluster-yes >"$WORK/create.log" 2>&1
}

# wait_cluster_ok BASE NODES: every node says cluster_state:ok (at most 2 minutes)
wait_cluster_ok() {
    local base=$1 nodes=$2 ok i
    for _ in $(seq 1 600); do
        ok=0
        for i in $(seq 0 $((nodes - 1))); do
            redis-cli -p $((base + i)) cluster info 2>/dev/null | grep -q "cluster_state:ok" && ok=$((ok + 1))
        done
        [ "$ok" = "$nodes" ] && return 0
        sleep 0.2
    done
    echo "cluster on $base not ok" >&2
    return 1
}

# field PORT SECTION NAME: one INFO field
field() {
    redis-cli -p "$1" info "$2" 2>/dev/null | tr -d '\r' | awk -F: -v n="$3" '$1 == n {print $2}'
}
