package dev.rcsim.bus;

/**
 * The cluster bus message types, in Redis's type order (cluster.h {@code CLUSTERMSG_TYPE_*}); the
 * names are the ones CLUSTER INFO prints in {@code cluster_stats_messages_<name>_sent}. MODULE
 * messages are not simulated.
 */
public enum MessageType {
    PING("ping"),
    PONG("pong"),
    MEET("meet"),
    FAIL("fail"),
    PUBLISH("publish"),
    FAILOVER_AUTH_REQUEST("auth-req"),
    FAILOVER_AUTH_ACK("auth-ack"),
    UPDATE("update"),
    MFSTART("mfstart"),
    PUBLISHSHARD("publishshard");

    private final String statName;

    MessageType(String statName) {
        this.statName = statName;
    }

    /** The name in CLUSTER INFO's message counters. */
    public String statName() {
        return statName;
    }
}
