package dev.rcsim.replication;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.RedisNode;
import java.util.List;

/**
 * A node's replication state as INFO replication and ROLE report it. A node starts as a master with
 * no replicas; the cluster layer turns it into a replica of another node and feeds it its master's
 * writes.
 */
public final class Replication {
    private final RedisNode node;
    private final String replId;
    private long masterReplOffset;

    public Replication(RedisNode node) {
        this.node = node;
        this.replId = RedisNode.hex40(node.random());
    }

    public String replId() {
        return replId;
    }

    public long offset() {
        return masterReplOffset;
    }

    /** The body of INFO's "# Replication" section (each line ends with CRLF), as a master without replicas. */
    public String infoSection() {
        return "role:master\r\n"
                + "connected_slaves:0\r\n"
                + "master_failover_state:no-failover\r\n"
                + "master_replid:" + replId + "\r\n"
                + "master_replid2:0000000000000000000000000000000000000000\r\n"
                + "master_repl_offset:" + masterReplOffset + "\r\n"
                + "second_repl_offset:-1\r\n"
                + "repl_backlog_active:0\r\n"
                + "repl_backlog_size:" + node.config().get("repl-backlog-size") + "\r\n"
                + "repl_backlog_first_byte_offset:0\r\n"
                + "repl_backlog_histlen:0\r\n";
    }

    /** ROLE reply: {@code master offset [replicas]}. */
    public RespValue roleReply() {
        return Replies.array(List.of(Replies.bulk("master"), Replies.integer(masterReplOffset), Replies.EMPTY_ARRAY));
    }
}
