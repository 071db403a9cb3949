package dev.rcsim.acl;

/**
 * Redis's ACLCheckAllUserCommandPerm: may a user run this command with these arguments? Each
 * selector is tried; the first that allows the command, its keys and its channels wins. Otherwise the
 * error Redis picks is returned: the command, else the last denied key or channel.
 */
public final class AclCheck {
    private AclCheck() {}

    /** The key arguments of a call: positions in argv and what each needs (READ/WRITE bits). */
    public interface Keys {
        /** Positions of the key arguments (computed once per check, when a selector restricts keys). */
        int[] positions(byte[][] argv);

        /** {@link #READ}/{@link #WRITE} needs of the key at position {@code pos}. */
        int needs(byte[][] argv, int pos);
    }

    public static final int READ = AclSelector.READ;
    public static final int WRITE = AclSelector.WRITE;

    /** 0 when allowed, else {@code reason << 32 | argPosition} ({@link AclLog#DENIED_CMD}...). */
    public static long check(AclUser u, AclCatalog.Entry cmd, byte[][] argv, Keys keys) {
        int relevant = AclLog.DENIED_CMD;
        int lastIdx = 0;
        int[][] keyPos = new int[1][];
        for (AclSelector s : u.selectors) {
            long r = checkSelector(s, cmd, argv, keys, keyPos);
            if (r == 0) {
                return 0;
            }
            int reason = (int) (r >>> 32);
            int idx = (int) r;
            if (reason > relevant || (reason == relevant && idx > lastIdx)) {
                relevant = reason;
                lastIdx = idx;
            }
        }
        return ((long) relevant << 32) | lastIdx;
    }

    private static long checkSelector(AclSelector s, AclCatalog.Entry cmd, byte[][] argv, Keys keys, int[][] keyPos) {
        if (!s.allowsCommand(cmd, argv)) {
            return (long) AclLog.DENIED_CMD << 32;
        }
        if (!s.allKeys && keys != null) {
            if (keyPos[0] == null) {
                keyPos[0] = keys.positions(argv);
            }
            for (int p : keyPos[0]) {
                if (!s.allowsKey(argv[p], keys.needs(argv, p))) {
                    return ((long) AclLog.DENIED_KEY << 32) | p;
                }
            }
        }
        if (!s.allChannels) {
            int kind = channelKind(cmd);
            if (kind != NONE) {
                int stop = kind == PUBLISH ? Math.min(2, argv.length) : argv.length;
                for (int i = 1; i < stop; i++) {
                    if (!s.allowsChannel(argv[i], kind == PATTERN)) {
                        return ((long) AclLog.DENIED_CHANNEL << 32) | i;
                    }
                }
            }
        }
        return 0;
    }

    private static final int NONE = 0;
    private static final int SUBSCRIBE = 1;
    private static final int PATTERN = 2;
    private static final int PUBLISH = 3;

    /** Redis's commands_with_channels, for the channel flags ACL checks (publish, subscribe). */
    private static int channelKind(AclCatalog.Entry cmd) {
        return switch (cmd.fullName) {
            case "subscribe", "ssubscribe" -> SUBSCRIBE;
            case "psubscribe" -> PATTERN;
            case "publish", "spublish" -> PUBLISH;
            default -> NONE;
        };
    }
}
