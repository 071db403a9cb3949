package dev.rcsim.keyspace;

/**
 * Redis Cluster key hashing: CRC16/XMODEM (poly 0x1021, init 0) of the key, or of its hash tag (the
 * bytes between the first '{' and the next '}' when that is non-empty), modulo 16384.
 */
public final class HashSlots {
    public static final int SLOTS = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xffff;
        }
    }

    private HashSlots() {}

    public static int crc16(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    /** The hash slot of a key, with the hash tag rule. */
    public static int slot(byte[] key) {
        int len = key.length;
        int s;
        for (s = 0; s < len; s++) {
            if (key[s] == '{') {
                break;
            }
        }
        if (s == len) {
            return crc16(key, 0, len) & (SLOTS - 1);
        }
        int e;
        for (e = s + 1; e < len; e++) {
            if (key[e] == '}') {
                break;
            }
        }
        if (e == len || e == s + 1) {
            return crc16(key, 0, len) & (SLOTS - 1);
        }
        return crc16(key, s + 1, e) & (SLOTS - 1);
    }

    public static int slot(String key) {
        return slot(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
