package dev.rcsim.command.keys;

import dev.rcsim.command.Args;
import dev.rcsim.command.Blocking;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Notify;
import dev.rcsim.command.ServerState;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.DumpFormat;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS k...],
 * as Redis 7.0's {@code migrateCommand}: the same argument checks and replies, {@code +NOKEY} when no
 * key exists, then AUTH / SELECT (when the cached socket's db differs) / one {@code RESTORE-ASKING key
 * ttl payload [REPLACE]} per key (plain RESTORE outside cluster mode) pipelined to the target over a
 * real socket ({@link MigrateLinks}), one retry on a socket error before any reply, each key the target
 * accepted deleted locally (unless COPY) and propagated as DEL.
 *
 * <p>Redis runs MIGRATE synchronously, so its whole server waits for the target. Here the event loop is
 * never blocked: the calling client is parked like a blocked client, and every other client of the
 * node stops being read until the reply is sent, so no command can slip in between the DUMP and the
 * DEL, as in Redis. Payloads are rcsim's ({@link DumpFormat}), so the target must be an rcsim node.
 * Inside MULTI / EXEC (where a client cannot be parked) MIGRATE fails with an rcsim error.
 */
public final class MigrateCommand {
    private MigrateCommand() {}

    public static void register(CommandTable t) {
        if (t.lookup("migrate") == null) {
            t.add("migrate", -6, "write movablekeys", 3, 3, 1).acl("@keyspace @write @slow @dangerous")
                    .keys(MigrateCommand::keys).run(MigrateCommand::migrate);
        }
    }

    /** Redis's migrateGetKeys: the key argument, or every argument after KEYS (AUTH / AUTH2 skipped). */
    static int[] keys(byte[][] argv) {
        for (int i = 6; i < argv.length; i++) {
            if (Args.is(argv[i], "auth2")) {
                i += 2;
            } else if (Args.is(argv[i], "auth")) {
                i++;
            } else if (Args.is(argv[i], "keys")) {
                if (argv[3].length > 0) {
                    return new int[0];
                }
                int[] out = new int[argv.length - i - 1];
                for (int k = 0; k < out.length; k++) {
                    out[k] = i + 1 + k;
                }
                return out;
            }
        }
        return new int[] {3};
    }

    private static final RespValue NOKEY = Replies.simple("NOKEY");

    private static RespValue migrate(Connection c, byte[][] argv) {
        boolean copy = false;
        boolean replace = false;
        byte[] user = null;
        byte[] password = null;
        int firstKey = 3;
        int numKeys = 1;
        for (int j = 6; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (Args.is(argv[j], "copy")) {
                copy = true;
            } else if (Args.is(argv[j], "replace")) {
                replace = true;
            } else if (Args.is(argv[j], "auth")) {
                if (more == 0) {
                    return Replies.SYNTAX;
                }
                password = argv[++j];
            } else if (Args.is(argv[j], "auth2")) {
                if (more < 2) {
                    return Replies.SYNTAX;
                }
                user = argv[++j];
                password = argv[++j];
            } else if (Args.is(argv[j], "keys")) {
                if (argv[3].length != 0) {
                    return Replies.error("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");
                }
                firstKey = j + 1;
                numKeys = argv.length - j - 1;
                break;
            } else {
                return Replies.SYNTAX;
            }
        }
        long timeout;
        long db;
        try {
            timeout = Numbers.parseLong(argv[5]);
            db = Numbers.parseLong(argv[4]);
        } catch (NumberFormatException e) {
            return Replies.NOT_INTEGER;
        }
        if (timeout <= 0) {
            timeout = 1000;
        }
        Keyspace ks = c.keyspace();
        List<Bytes> keys = new ArrayList<>(numKeys);
        for (int j = 0; j < numKeys; j++) {
            Bytes k = Bytes.of(argv[firstKey + j]);
            if (ks.get(k) != null) {
                keys.add(k);
            }
        }
        if (keys.isEmpty()) {
            return NOKEY;
        }
        if (c.inMulti() || c.denyBlocking()) {
            return Replies.error("ERR rcsim does not run MIGRATE inside MULTI/EXEC");
        }
        String host = Args.str(argv[1]);
        int port;
        try {
            port = (int) Numbers.parseLong(argv[2]);
        } catch (NumberFormatException e) {
            port = 0;
        }
        Job job = new Job(c, host, port, (int) db, timeout, copy, replace, user, password, keys);
        c.node().block(c, argv, List.of(), 0, Replies.error("IOERR error or timeout reading to target instance"));
        job.pause();
        job.attempt(true);
        return Blocking.BLOCKED;
    }

    /** One MIGRATE in flight: payloads to send, the parked client, the paused node. */
    private static final class Job {
        final Connection c;
        final RedisNode node;
        final String host;
        final int port;
        final int db;
        final long timeout;
        final boolean copy;
        final boolean replace;
        final byte[] user;
        final byte[] password;
        final List<Bytes> keys;
        final int clientDb;
        /** Keys actually sent (not expired when the request was built), in order. */
        final List<Bytes> sent = new ArrayList<>();
        boolean select;
        boolean pausedByUs;

        Job(Connection c, String host, int port, int db, long timeout, boolean copy, boolean replace, byte[] user,
                byte[] password, List<Bytes> keys) {
            this.c = c;
            this.node = c.node();
            this.host = host;
            this.port = port;
            this.db = db;
            this.timeout = timeout;
            this.copy = copy;
            this.replace = replace;
            this.user = user;
            this.password = password;
            this.keys = keys;
            this.clientDb = c.db();
        }

        /** Stops reading every other client: the node is busy with this MIGRATE, as Redis's main thread is. */
        void pause() {
            ServerState st = ServerState.of(node);
            if (st.paused) {
                return;
            }
            st.paused = true;
            pausedByUs = true;
            node.beginBusy(c);
            for (Connection other : node.clients().all()) {
                if (other != c) {
                    other.channel().config().setAutoRead(false);
                }
            }
        }

        void resume() {
            if (!pausedByUs) {
                return;
            }
            pausedByUs = false;
            ServerState.of(node).paused = false;
            node.endBusy();
            for (Connection other : new ArrayList<>(node.clients().all())) {
                Channel ch = other.channel();
                if (ch.isActive()) {
                    ch.config().setAutoRead(true);
                }
            }
        }

        void attempt(boolean mayRetry) {
            MigrateLinks links = MigrateLinks.of(node);
            links.send(host, port, timeout, this::request, (lines, failure) -> done(lines, failure, mayRetry));
        }

        private MigrateLinks.Request request(MigrateLinks.Link link) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int expected = 0;
            if (password != null) {
                if (user != null) {
                    command(out, ascii("AUTH"), user, password);
                } else {
                    command(out, ascii("AUTH"), password);
                }
                expected++;
            }
            select = link.lastDb != db;
            if (select) {
                command(out, ascii("SELECT"), Numbers.toBytes(db));
                expected++;
            }
            sent.clear();
            Keyspace ks = node.db(clientDb);
            boolean cluster = node.clusterPart().hasView();
            long now = node.clock().millis();
            for (Bytes k : keys) {
                RedisValue v = ks.peek(k);
                if (v == null) {
                    continue;
                }
                long at = ks.expiryOf(k);
                long ttl = 0;
                if (at != -1) {
                    ttl = at - now;
                    if (ttl < 0) {
                        continue;
                    }
                    ttl = Math.max(ttl, 1);
                }
                sent.add(k);
                byte[] name = ascii(cluster ? "RESTORE-ASKING" : "RESTORE");
                byte[] payload = DumpFormat.dump(v);
                if (replace) {
                    command(out, name, k.bytes(), Numbers.toBytes(ttl), payload, ascii("REPLACE"));
                } else {
                    command(out, name, k.bytes(), Numbers.toBytes(ttl), payload);
                }
                expected++;
            }
            return new MigrateLinks.Request(out.toByteArray(), expected);
        }

        private void done(List<String> lines, MigrateLinks.Failure failure, boolean mayRetry) {
            int header = (password != null ? 1 : 0) + (select ? 1 : 0);
            if (failure == MigrateLinks.Failure.CONNECT) {
                finish(Replies.error("IOERR error or timeout connecting to the client"));
                return;
            }
            if (failure == MigrateLinks.Failure.WRITE) {
                MigrateLinks.of(node).close(host, port);
                if (mayRetry) {
                    attempt(false);
                } else {
                    finish(Replies.error("IOERR error or timeout writing to target instance"));
                }
                return;
            }
            if (failure != null && lines.size() < header) {
                // AUTH or SELECT reply missing
                MigrateLinks.of(node).close(host, port);
                if (mayRetry && failure != MigrateLinks.Failure.READ_TIMEOUT) {
                    attempt(false);
                } else {
                    finish(Replies.error("IOERR error or timeout reading to target instance"));
                }
                return;
            }
            String authReply = password != null ? lines.get(0) : null;
            String selectReply = select ? lines.get(password != null ? 1 : 0) : null;
            String targetError = null;
            List<byte[]> deleted = new ArrayList<>();
            Keyspace ks = node.db(clientDb);
            int answered = lines.size() - header;
            for (int j = 0; j < answered && j < sent.size(); j++) {
                String r = lines.get(header + j);
                boolean err = (authReply != null && authReply.startsWith("-"))
                        || (selectReply != null && selectReply.startsWith("-")) || r.startsWith("-");
                if (err) {
                    if (targetError == null) {
                        if (authReply != null && authReply.startsWith("-")) {
                            targetError = authReply;
                        } else if (selectReply != null && selectReply.startsWith("-")) {
                            targetError = selectReply;
                        } else {
                            targetError = r;
                        }
                    }
                } else if (!copy) {
                    Bytes k = sent.get(j);
                    if (ks.remove(k)) {
                        node.effects().changed();
                        node.touchKey(clientDb, k);
                        Notify.event(node, Notify.GENERIC, "del", k.bytes(), clientDb);
                        deleted.add(k.bytes());
                    }
                }
            }
            MigrateLinks.Link link = MigrateLinks.of(node).cached(host, port);
            if (targetError != null && link != null) {
                link.lastDb = -1;
            }
            boolean socketError = failure != null && answered < sent.size();
            if (!deleted.isEmpty() && node.effects().replicating()) {
                byte[][] del = new byte[deleted.size() + 1][];
                del[0] = ascii("DEL");
                for (int i = 0; i < deleted.size(); i++) {
                    del[i + 1] = deleted.get(i);
                }
                node.effects().alsoPropagate(clientDb, del);
            }
            if (targetError == null && socketError && answered == 0 && mayRetry
                    && failure != MigrateLinks.Failure.READ_TIMEOUT) {
                MigrateLinks.of(node).close(host, port);
                attempt(false);
                return;
            }
            if (socketError) {
                MigrateLinks.of(node).close(host, port);
            }
            if (targetError != null) {
                finish(Replies.error("ERR Target instance replied with error: " + targetError.substring(1)));
            } else if (socketError) {
                finish(Replies.error("IOERR error or timeout reading to target instance"));
            } else {
                if (link != null) {
                    link.lastDb = db;
                }
                finish(Replies.OK);
            }
        }

        private void finish(RespValue reply) {
            resume();
            node.handleReadyKeys();
            if (c.blocked() != null) {
                node.completeBlocked(c, reply);
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void command(ByteArrayOutputStream out, byte[]... args) {
        out.writeBytes(ascii("*" + args.length + "\r\n"));
        for (byte[] a : args) {
            out.writeBytes(ascii("$" + a.length + "\r\n"));
            out.writeBytes(a);
            out.writeBytes(ascii("\r\n"));
        }
    }
}
