package dev.rcsim.command.connection;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.Dispatcher;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.Tracking;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT TRACKING, CACHING, TRACKINGINFO and GETREDIR as Redis 7.0's clientCommand parses and
 * answers them; the tracking itself is {@link Tracking}.
 */
final class TrackingCommands {
    private TrackingCommands() {}

    static void register(CommandSpec client) {
        client.sub("tracking", -3, "noscript loading stale", 0, 0, 0).acl("@slow @connection").run(TrackingCommands::tracking);
        client.sub("caching", 3, "noscript loading stale", 0, 0, 0).acl("@slow @connection").run(TrackingCommands::caching);
        client.sub("trackinginfo", 2, "noscript loading stale", 0, 0, 0).acl("@slow @connection").run(TrackingCommands::info);
        client.sub("getredir", 2, "noscript loading stale", 0, 0, 0).acl("@slow @connection")
                .run((c, a) -> Replies.integer(c.tracking() != null ? c.tracking().redirect : -1));
    }

    private static RespValue tracking(Connection c, byte[][] argv) {
        long redir = 0;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        boolean noloop = false;
        List<Bytes> prefixes = new ArrayList<>();
        for (int j = 3; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (Args.is(argv[j], "redirect") && more > 0) {
                j++;
                if (redir != 0) {
                    return Replies.error("ERR A client can only redirect to a single other client");
                }
                redir = Args.toLong(argv[j]);
                if (c.node().clients().byId(redir) == null) {
                    return Replies.error("ERR The client ID you want redirect to does not exist");
                }
            } else if (Args.is(argv[j], "bcast")) {
                bcast = true;
            } else if (Args.is(argv[j], "optin")) {
                optin = true;
            } else if (Args.is(argv[j], "optout")) {
                optout = true;
            } else if (Args.is(argv[j], "noloop")) {
                noloop = true;
            } else if (Args.is(argv[j], "prefix") && more > 0) {
                prefixes.add(Bytes.of(argv[++j]));
            } else {
                return Replies.SYNTAX;
            }
        }
        Tracking tracking = c.node().tracking();
        if (Args.is(argv[2], "on")) {
            Tracking.State s = c.tracking();
            if (!bcast && !prefixes.isEmpty()) {
                return Replies.error("ERR PREFIX option requires BCAST mode to be enabled");
            }
            if (s != null && s.bcast != bcast) {
                return Replies.error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
                        + "and then re-enabling it with a different mode.");
            }
            if (bcast && (optin || optout)) {
                return Replies.error("ERR OPTIN and OPTOUT are not compatible with BCAST");
            }
            if (optin && optout) {
                return Replies.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
            }
            if (s != null && ((optin && s.optout) || (optout && s.optin))) {
                return Replies.error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
                        + "and then re-enabling it with a different mode.");
            }
            if (bcast) {
                boolean[] partial = new boolean[1];
                String err = Tracking.prefixCollision(s, prefixes, partial);
                if (err != null && !partial[0]) {
                    return Dispatcher.rawError(err);
                }
                if (err != null) {
                    // Redis 7.0's check reports an overlap past the first prefix yet goes on: error, then tracking and +OK
                    tracking.enable(c, redir, true, false, false, noloop, prefixes);
                    byte[] e = ((RespValue.Raw) Dispatcher.rawError(err)).bytes();
                    byte[] both = new byte[e.length + 5];
                    System.arraycopy(e, 0, both, 0, e.length);
                    System.arraycopy("+OK\r\n".getBytes(StandardCharsets.US_ASCII), 0, both, e.length, 5);
                    return new RespValue.Raw(both);
                }
            }
            tracking.enable(c, redir, bcast, optin, optout, noloop, prefixes);
        } else if (Args.is(argv[2], "off")) {
            tracking.disable(c);
        } else {
            return Replies.SYNTAX;
        }
        return Replies.OK;
    }

    private static RespValue caching(Connection c, byte[][] argv) {
        Tracking.State s = c.tracking();
        if (s == null) {
            return Replies.error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
                    + "OPTOUT mode enabled");
        }
        if (Args.is(argv[2], "yes")) {
            if (!s.optin) {
                return Replies.error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
            }
        } else if (Args.is(argv[2], "no")) {
            if (!s.optout) {
                return Replies.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
            }
        } else {
            return Replies.SYNTAX;
        }
        s.caching = true;
        return Replies.OK;
    }

    private static RespValue info(Connection c, byte[][] argv) {
        Tracking.State s = c.tracking();
        List<RespValue> flags = new ArrayList<>();
        flags.add(Replies.bulk(s != null ? "on" : "off"));
        List<RespValue> prefixes = new ArrayList<>();
        if (s != null) {
            if (s.bcast) {
                flags.add(Replies.bulk("bcast"));
            }
            if (s.optin) {
                flags.add(Replies.bulk("optin"));
                if (s.caching) {
                    flags.add(Replies.bulk("caching-yes"));
                }
            }
            if (s.optout) {
                flags.add(Replies.bulk("optout"));
                if (s.caching) {
                    flags.add(Replies.bulk("caching-no"));
                }
            }
            if (s.noloop) {
                flags.add(Replies.bulk("noloop"));
            }
            if (s.brokenRedirect) {
                flags.add(Replies.bulk("broken_redirect"));
            }
            for (Bytes p : s.prefixes) {
                prefixes.add(Replies.bulk(p.bytes()));
            }
        }
        return Replies.map(List.of(Replies.bulk("flags"), Replies.set(flags), Replies.bulk("redirect"),
                Replies.integer(s != null ? s.redirect : -1), Replies.bulk("prefixes"), Replies.array(prefixes)));
    }
}
