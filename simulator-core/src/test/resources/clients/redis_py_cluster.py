"""redis-py's RedisCluster against a simulated cluster: prints one line per check, exits 1 on the first failure.

Usage: python3 redis_py_cluster.py <host> <port> <replica-port>
"""
import sys

from redis.cluster import RedisCluster
from redis.exceptions import ClusterCrossSlotError, LockNotOwnedError, ResponseError


def check(name, got, want):
    if got != want:
        print("FAIL %s: got %r, want %r" % (name, got, want))
        sys.exit(1)
    print("ok %s" % name)


host, port, replica_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rc = RedisCluster(host=host, port=port, decode_responses=True)

check("three primaries", len(rc.get_primaries()), 3)
check("three replicas", len(rc.get_replicas()), 3)
check("keyslot of foo", rc.keyslot("foo"), 12182)

for i in range(200):
    rc.set("key:%d" % i, "v%d" % i)
check("200 keys read back", [rc.get("key:%d" % i) for i in range(200)], ["v%d" % i for i in range(200)])
owners = {rc.get_node_from_key("key:%d" % i).port for i in range(200)}
check("keys spread over every primary", len(owners), 3)

check("hash tag mset", rc.mset({"{user:1}:name": "ann", "{user:1}:mail": "a@x"}), True)
check("hash tag mget", rc.mget("{user:1}:name", "{user:1}:mail"), ["ann", "a@x"])
check("mget_nonatomic over slots", rc.mget_nonatomic("key:1", "key:2", "key:3"), ["v1", "v2", "v3"])

try:
    rc.execute_command("MGET", "key:1", "key:2", target_nodes=rc.get_node_from_key("key:1"))
    print("FAIL crossslot: no error")
    sys.exit(1)
except ClusterCrossSlotError as e:
    # redis-py maps the "-CROSSSLOT ..." error to its own class and keeps the rest of the line
    check("crossslot error", str(e), "Keys in request don't hash to the same slot")

pipe = rc.pipeline()
for i in range(10):
    pipe.incr("counter:%d" % i)
check("cluster pipeline", pipe.execute(), [1] * 10)

check("cluster info state", rc.cluster_info(target_nodes=RedisCluster.RANDOM)["cluster_state"], "ok")
sizes = rc.dbsize(target_nodes=RedisCluster.PRIMARIES)
check("dbsize summed over primaries", sum(sizes.values()) if isinstance(sizes, dict) else sizes, 212)

# a replica answers MOVED to a plain connection, and serves reads after READONLY
from redis import Redis
plain = Redis(host=host, port=replica_port, decode_responses=True)
try:
    plain.get("foo")
    print("FAIL replica read without READONLY")
    sys.exit(1)
except ResponseError as e:
    check("replica redirects", str(e).split(" ")[0], "MOVED")

ro = RedisCluster(host=host, port=port, decode_responses=True, read_from_replicas=True)
rc.set("foo", "bar")
rc.execute_command("WAIT", 1, 0, target_nodes=rc.get_node_from_key("foo"))
check("read from replicas", [ro.get("foo") for _ in range(4)], ["bar"] * 4)

# redis-py's Lock: SET NX PX acquires; release, extend and reacquire are Lua scripts (EVALSHA, after
# SCRIPT LOAD on NOSCRIPT) sent to the lock key's primary
lock = rc.lock("{res:1}:lock", timeout=10)
check("lock acquire", lock.acquire(blocking=False), True)
check("lock taken by another", rc.lock("{res:1}:lock", timeout=10).acquire(blocking=False), False)
check("lock owned", lock.owned(), True)
check("lock extend", lock.extend(20), True)
check("lock ttl after extend", 20000 < rc.pttl("{res:1}:lock") <= 30000, True)
check("lock reacquire", lock.reacquire(), True)
check("lock ttl after reacquire", 0 < rc.pttl("{res:1}:lock") <= 10000, True)
lock.release()
check("lock released", lock.locked(), False)
lost = rc.lock("{res:1}:lock", timeout=10)
check("lock acquire again", lost.acquire(blocking=False), True)
rc.delete("{res:1}:lock")
try:
    lost.release()
    print("FAIL release of a lock whose key is gone: no error")
    sys.exit(1)
except LockNotOwnedError as e:
    check("release unowned lock", str(e), "Cannot release a lock that's no longer owned")
with rc.lock("{res:2}:lock", timeout=5):
    check("lock as context manager", rc.exists("{res:2}:lock"), 1)
check("context manager released", rc.exists("{res:2}:lock"), 0)
print("done")
