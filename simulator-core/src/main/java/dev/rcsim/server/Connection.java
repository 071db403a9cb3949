package dev.rcsim.server;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.protocol.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One client connection's state, as Redis's {@code client} struct keeps it: protocol version, name,
 * selected db, AUTH state, ASKING and READONLY flags for the cluster router, the MULTI queue and
 * watched keys, subscriptions, CLIENT REPLY mode and the blocked state. Touched only on the node's
 * event loop.
 */
public final class Connection {
    public enum ReplyMode { ON, OFF, SKIP }

    private final long id;
    private final RedisNode node;
    private final Channel channel;
    private final long createdMillis;

    private int resp = 2;
    private String name;
    private String libName;
    private String libVer;
    private int db;
    private boolean authenticated;
    /** The ACL user (Redis's c->user): the node's default user until AUTH/HELLO AUTH. */
    private dev.rcsim.acl.AclUser user;
    private boolean asking;
    private boolean readonly;
    private ReplyMode replyMode = ReplyMode.ON;
    private boolean skipNext;
    private long lastInteraction;
    private String lastCommand = "NULL";
    private boolean noEvict;
    private boolean isReplicaLink;
    /** In MONITOR mode ({@link Monitors}). */
    private boolean monitor;
    /** The client of a script's redis.call (MONITOR shows it as {@code lua}). */
    private boolean scriptClient;
    /** CLIENT TRACKING state; null when tracking is off. */
    private Tracking.State tracking;
    /** Messages about this client's own command (its MONITOR line, invalidations), sent after the reply. */
    private List<RespValue> afterReply;

    // transactions
    private boolean inMulti;
    /** True while EXEC runs the queue: blocking commands must not block (Redis CLIENT_DENY_BLOCKING). */
    private boolean denyBlocking;
    private boolean multiDirty;
    private boolean watchDirty;
    private final List<byte[][]> multiQueue = new ArrayList<>();
    private final Set<WatchedKey> watched = new HashSet<>();

    // pub/sub
    private final Set<Bytes> channels = new LinkedHashSet<>();
    private final Set<Bytes> patterns = new LinkedHashSet<>();
    private final Set<Bytes> shardChannels = new LinkedHashSet<>();

    // blocking
    private BlockedState blocked;
    final ArrayDeque<Object> pendingRequests = new ArrayDeque<>();
    RequestHandler handler;

    private ByteBuf out;
    private boolean inBatch;
    private boolean closeAfterReply;
    private boolean closed;
    /** Redis's CLIENT_CLOSE_ASAP: over an output buffer limit, output dropped, closing. */
    private boolean closingAsap;
    /** When the client went over its soft output buffer limit (unix seconds), 0 when under it. */
    long obufSoftLimitReachedSeconds;

    /** A key watched by WATCH: db index and key. */
    public record WatchedKey(int db, Bytes key) {}

    Connection(long id, RedisNode node, Channel channel) {
        this.id = id;
        this.node = node;
        this.channel = channel;
        this.createdMillis = node.clock().millis();
        this.lastInteraction = createdMillis;
        this.user = node.acl().defaultUser();
        this.authenticated = node.acl().newClientAuthenticated();
    }

    public long id() {
        return id;
    }

    public RedisNode node() {
        return node;
    }

    /** Where the running command reports its write effects: the node's {@link WriteEffects}. */
    public WriteEffects effects() {
        return node.effects();
    }

    public Channel channel() {
        return channel;
    }

    public long createdMillis() {
        return createdMillis;
    }

    // ------------------------------------------------------------------ client state (Redis's client struct)

    /** The protocol version HELLO chose: 2 or 3. */
    public int resp() {
        return resp;
    }

    /** HELLO's protover. */
    public void setResp(int resp) {
        this.resp = resp;
    }

    /** CLIENT SETNAME's name, or null. */
    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** CLIENT SETINFO LIB-NAME, or null. */
    public String libName() {
        return libName;
    }

    public void setLibName(String libName) {
        this.libName = libName;
    }

    /** CLIENT SETINFO LIB-VER, or null. */
    public String libVer() {
        return libVer;
    }

    public void setLibVer(String libVer) {
        this.libVer = libVer;
    }

    /** The selected database index (SELECT). */
    public int db() {
        return db;
    }

    /** SELECT, SWAPDB's bookkeeping, RESET: the database this client's commands use. */
    public void select(int db) {
        this.db = db;
    }

    /** True once AUTH/HELLO AUTH succeeded (or when the default user needs no password). */
    public boolean authenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** The ACL user this client acts as (Redis's c->user). */
    public dev.rcsim.acl.AclUser user() {
        return user;
    }

    public void setUser(dev.rcsim.acl.AclUser user) {
        this.user = user;
    }

    /** ASKING was sent: the next command may use a slot this node is importing (CLIENT_ASKING). */
    public boolean asking() {
        return asking;
    }

    public void setAsking(boolean asking) {
        this.asking = asking;
    }

    /** READONLY was sent: a replica serves this client's reads of its master's slots (CLIENT_READONLY). */
    public boolean readonly() {
        return readonly;
    }

    public void setReadonly(boolean readonly) {
        this.readonly = readonly;
    }

    /** CLIENT REPLY's mode. */
    public ReplyMode replyMode() {
        return replyMode;
    }

    public void setReplyMode(ReplyMode replyMode) {
        this.replyMode = replyMode;
    }

    /** CLIENT REPLY SKIP: the next command's reply is dropped. */
    public void skipNextReply() {
        this.skipNext = true;
    }

    /** CLIENT REPLY ON, RESET: no reply is to be skipped. */
    public void cancelSkipNextReply() {
        this.skipNext = false;
    }

    /** Clock millis of the last command (CLIENT LIST idle=). */
    public long lastInteraction() {
        return lastInteraction;
    }

    public void setLastInteraction(long millis) {
        this.lastInteraction = millis;
    }

    /** The last command's full name (CLIENT LIST cmd=), "NULL" before the first. */
    public String lastCommand() {
        return lastCommand;
    }

    public void setLastCommand(String fullName) {
        this.lastCommand = fullName;
    }

    /** CLIENT NO-EVICT. */
    public boolean noEvict() {
        return noEvict;
    }

    public void setNoEvict(boolean noEvict) {
        this.noEvict = noEvict;
    }

    /** True for the replica's client of its master's stream (Redis's CLIENT_MASTER). */
    public boolean isReplicaLink() {
        return isReplicaLink;
    }

    /** Marks this connection as the master's stream on a replica. */
    void markReplicaLink() {
        this.isReplicaLink = true;
    }

    /** In MONITOR mode ({@link Monitors}). */
    public boolean monitor() {
        return monitor;
    }

    void setMonitor(boolean monitor) {
        this.monitor = monitor;
    }

    /** The client of a script's redis.call (MONITOR shows it as {@code lua}). */
    public boolean scriptClient() {
        return scriptClient;
    }

    /** Marks this connection as the fake client of scripts. */
    public void markScriptClient() {
        this.scriptClient = true;
    }

    /** CLIENT TRACKING state; null when tracking is off. */
    public Tracking.State tracking() {
        return tracking;
    }

    void setTracking(Tracking.State tracking) {
        this.tracking = tracking;
    }

    /** Between MULTI and EXEC/DISCARD: commands are queued. */
    public boolean inMulti() {
        return inMulti;
    }

    public void setInMulti(boolean inMulti) {
        this.inMulti = inMulti;
    }

    /** True while EXEC runs the queue: blocking commands must not block (Redis CLIENT_DENY_BLOCKING). */
    public boolean denyBlocking() {
        return denyBlocking;
    }

    public void setDenyBlocking(boolean denyBlocking) {
        this.denyBlocking = denyBlocking;
    }

    /** A command was rejected while queueing: EXEC answers EXECABORT (CLIENT_DIRTY_EXEC). */
    public boolean multiDirty() {
        return multiDirty;
    }

    public void setMultiDirty(boolean multiDirty) {
        this.multiDirty = multiDirty;
    }

    /** A watched key changed: EXEC answers a null array (CLIENT_DIRTY_CAS). */
    public boolean watchDirty() {
        return watchDirty;
    }

    public void setWatchDirty(boolean watchDirty) {
        this.watchDirty = watchDirty;
    }

    /** What this client is blocked on (BLPOP, WAIT, a script on the script thread...), or null. */
    public BlockedState blocked() {
        return blocked;
    }

    void setBlocked(BlockedState blocked) {
        this.blocked = blocked;
    }

    /** The commands MULTI queued, in order. */
    public List<byte[][]> multiQueue() {
        return multiQueue;
    }

    /** The keys this client WATCHes. */
    public Set<WatchedKey> watched() {
        return watched;
    }

    /** SUBSCRIBE's channels, in subscription order. */
    public Set<Bytes> channels() {
        return channels;
    }

    /** PSUBSCRIBE's patterns, in subscription order. */
    public Set<Bytes> patterns() {
        return patterns;
    }

    /** SSUBSCRIBE's shard channels, in subscription order. */
    public Set<Bytes> shardChannels() {
        return shardChannels;
    }

    /** The selected database. */
    public Keyspace keyspace() {
        return node.db(db);
    }

    public int subscriptionCount() {
        return channels.size() + patterns.size() + shardChannels.size();
    }

    /** RESP2 subscribed state: only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET are allowed. */
    public boolean inSubscribedContext() {
        return resp == 2 && subscriptionCount() > 0;
    }

    public boolean isBlocked() {
        return blocked != null;
    }

    /** Queues a reply, honouring CLIENT REPLY OFF/SKIP. Flushed at the end of the read batch. */
    public void reply(RespValue v) {
        if (replyMode == ReplyMode.OFF) {
            return;
        }
        if (skipNext) {
            skipNext = false;
            return;
        }
        writeNow(v);
    }

    /** Queues a message about the running command to follow its reply (Redis adds it after the call). */
    public void sendAfterReply(RespValue v) {
        if (afterReply == null) {
            afterReply = new ArrayList<>(2);
        }
        afterReply.add(v);
    }

    public boolean hasAfterReply() {
        return afterReply != null;
    }

    /** Sends what {@link #sendAfterReply} queued (dropped when the connection is closing, as after QUIT). */
    public void flushAfterReply() {
        List<RespValue> q = afterReply;
        afterReply = null;
        if (q != null && !isClosing()) {
            for (RespValue v : q) {
                push(v);
            }
        }
    }

    /** Writes a message that must reach the client whatever CLIENT REPLY says (pub/sub pushes). */
    public void push(RespValue v) {
        writeNow(v);
    }

    private void writeNow(RespValue v) {
        if (closed || closingAsap) {
            return;
        }
        if (out == null) {
            out = channel.alloc().ioBuffer(256);
        }
        int before = out.writerIndex();
        RespWriter.write(out, v, resp);
        node.stats().netOutput += out.writerIndex() - before;
        if (!inBatch) {
            flush();
        }
    }

    void beginBatch() {
        inBatch = true;
    }

    void endBatch() {
        inBatch = false;
        flush();
    }

    /** Sends what was queued. */
    public void flush() {
        if (out != null && out.isReadable()) {
            ByteBuf b = out;
            out = null;
            if (closeAfterReply) {
                channel.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.writeAndFlush(b, channel.voidPromise());
                node.outputLimits().check(this);
            }
        } else if (closeAfterReply) {
            channel.close();
        }
    }

    /** Closes the connection once the queued replies are written (QUIT, protocol errors, CLIENT KILL). */
    public void closeAfterReply() {
        closeAfterReply = true;
        if (!inBatch) {
            flush();
        }
    }

    public boolean isClosing() {
        return closeAfterReply || closed || closingAsap;
    }

    /**
     * Bytes queued for this client that the kernel has not taken yet: replies not flushed, plus
     * Netty's outbound buffer (Redis's reply list; CLIENT LIST omem).
     */
    public long outputBufferBytes() {
        long n = out == null ? 0 : out.readableBytes();
        io.netty.channel.ChannelOutboundBuffer ob = channel.unsafe().outboundBuffer();
        return ob == null ? n : n + ob.totalPendingWriteBytes();
    }

    /** Redis's freeClientAsync: output from now on is dropped, the connection closes after this event. */
    void closeAsap() {
        closingAsap = true;
        if (out != null) {
            out.release();
            out = null;
        }
        channel.eventLoop().execute(() -> channel.close());
    }

    void released() {
        closed = true;
        if (out != null) {
            out.release();
            out = null;
        }
    }

    /** The peer's ip:port; for a replica's master link (no socket here) {@code <host>:0}. */
    public String remoteAddress() {
        return channel == null ? node.host() + ":0" : NodeServer.address(channel.remoteAddress());
    }

    public String localAddress() {
        return channel == null ? node.host() + ":" + node.port() : NodeServer.address(channel.localAddress());
    }
}
