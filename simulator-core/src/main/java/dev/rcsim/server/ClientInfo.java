package dev.rcsim.server;

/**
 * A client as one line of CLIENT LIST (Redis's catClientInfoString), also what the log shows of a
 * client closed for its output buffer. {@code omem} is the bytes queued for the client and not yet
 * taken by the kernel (Netty's outbound buffer plus the replies not flushed yet); {@code tot-mem} adds
 * a fixed 1024 for the reply buffer ({@code rbs}); query buffers are not measured ({@code qbuf=0}).
 */
public final class ClientInfo {
    private ClientInfo() {}

    /** One CLIENT LIST line (without the newline), with Redis 7.0's fields in order. */
    public static String line(Connection c, long nowMs) {
        StringBuilder flags = new StringBuilder();
        if (c.monitor()) {
            flags.append('O');
        }
        if (c.isReplicaLink()) {
            flags.append('M');
        }
        if (c.subscriptionCount() > 0) {
            flags.append('P');
        }
        if (c.inMulti()) {
            flags.append('x');
        }
        if (c.isBlocked()) {
            flags.append('b');
        }
        if (c.tracking() != null) {
            flags.append('t');
            flags.append(c.tracking().brokenRedirect ? "R" : "").append(c.tracking().bcast ? "B" : "");
        }
        if (c.watchDirty()) {
            flags.append('d');
        }
        if (c.isClosing()) {
            flags.append('c');
        }
        if (c.readonly()) {
            flags.append('r');
        }
        if (c.noEvict()) {
            flags.append('e');
        }
        if (flags.length() == 0) {
            flags.append('N');
        }
        String cmd = c.lastCommand() == null ? "NULL" : c.lastCommand();
        long omem = c.outputBufferBytes();
        return "id=" + c.id()
                + " addr=" + c.remoteAddress()
                + " laddr=" + c.localAddress()
                + " fd=" + (c.id() + 7)
                + " name=" + (c.name() == null ? "" : c.name())
                + " age=" + Math.max(0, (nowMs - c.createdMillis()) / 1000)
                + " idle=" + Math.max(0, (nowMs - c.lastInteraction()) / 1000)
                + " flags=" + flags
                + " db=" + c.db()
                + " sub=" + c.channels().size()
                + " psub=" + c.patterns().size()
                + " ssub=" + c.shardChannels().size()
                + " multi=" + (c.inMulti() ? c.multiQueue().size() : -1)
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=" + omem
                + " tot-mem=" + (1024 + omem)
                + " events=r"
                + " cmd=" + cmd
                + " user=" + c.user().name()
                + " redir=" + (c.tracking() != null ? c.tracking().redirect : -1)
                + " resp=" + c.resp();
    }
}
