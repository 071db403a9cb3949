package dev.rcsim.command;

/**
 * Key positions of commands with a numkeys argument (SINTERCARD, ZUNION, ZUNIONSTORE, ZMPOP, BZMPOP):
 * the keys that follow numkeys, plus a destination key before it when there is one.
 */
public final class NumKeys {
    private NumKeys() {}

    private static final int[] NONE = new int[0];

    /**
     * @param numkeysAt index of the numkeys argument
     * @param destAt index of a destination key, or 0 for none
     */
    public static int[] keys(byte[][] argv, int numkeysAt, int destAt) {
        if (numkeysAt >= argv.length) {
            return NONE;
        }
        long n;
        try {
            n = dev.rcsim.protocol.Numbers.parseLong(argv[numkeysAt]);
        } catch (NumberFormatException e) {
            return NONE;
        }
        if (n <= 0 || n > argv.length - numkeysAt - 1) {
            return NONE;
        }
        int extra = destAt > 0 ? 1 : 0;
        int[] out = new int[(int) n + extra];
        if (extra == 1) {
            out[0] = destAt;
        }
        for (int i = 0; i < n; i++) {
            out[i + extra] = numkeysAt + 1 + i;
        }
        return out;
    }
}
