package dev.rcsim.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The name of one part of a node that belongs to a layer above the server and that the node therefore
 * cannot name by type: its cluster bus, the faults that manage it, MIGRATE's cached sockets, the
 * SAVE / DEBUG SLEEP state of the server commands. The owning class declares the part once, as a
 * constant, and the node holds the value in its own slot ({@link RedisNode#part}), so the part lives
 * and dies with its node, like a field of Redis's {@code server} struct. (Netty's {@code AttributeKey}
 * on a channel is the same idea.) Before this, each part was a static table from node to value.
 *
 * @param <T> the part's type
 */
public final class NodePart<T> {
    private static final AtomicInteger COUNT = new AtomicInteger();

    final int index = COUNT.getAndIncrement();
    private final String name;
    private final Function<RedisNode, T> initial;

    private NodePart(String name, Function<RedisNode, T> initial) {
        this.name = name;
        this.initial = initial;
    }

    /** A part that is absent (null) until set with {@link RedisNode#setPart}. */
    public static <T> NodePart<T> named(String name) {
        return new NodePart<>(name, null);
    }

    /** A part created by {@code initial} the first time the node is asked for it. */
    public static <T> NodePart<T> named(String name, Function<RedisNode, T> initial) {
        return new NodePart<>(name, initial);
    }

    T initial(RedisNode node) {
        return initial == null ? null : initial.apply(node);
    }

    static int count() {
        return COUNT.get();
    }

    @Override
    public String toString() {
        return "NodePart[" + name + "]";
    }
}
