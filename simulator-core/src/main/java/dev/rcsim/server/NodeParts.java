package dev.rcsim.server;

/**
 * How a node gets the parts of the layers above it, each made once, in the node's constructor, for
 * that node (they keep a reference to it): the command processor, the replication part and the cluster
 * part. The node keeps them in final fields; whoever assembles nodes ({@code node.StandardNode})
 * implements this. Redis's server struct holds the same parts as fields of one process.
 */
public interface NodeParts {
    CommandProcessor commands(RedisNode node);

    ReplicationFeed replication(RedisNode node);

    ClusterHooks cluster(RedisNode node);
}
