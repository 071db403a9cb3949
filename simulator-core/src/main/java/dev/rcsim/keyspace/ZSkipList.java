package dev.rcsim.keyspace;

import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The ordered half of a sorted set: a skip list with spans (as Redis's zskiplist), ordered by score
 * then member bytes, giving O(log n) insert, delete, rank and access by rank. Ranks are 0-based.
 */
final class ZSkipList {
    static final int MAX_LEVEL = 32;

    /** One element. */
    static final class Node {
        final Bytes member;
        final double score;
        Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, Bytes member, double score) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }
    }

    private final Node header = new Node(MAX_LEVEL, null, 0);
    private Node tail;
    private long length;
    private int level = 1;
    private final SplittableRandom random = new SplittableRandom(0x5eed);

    long length() {
        return length;
    }

    Node first() {
        return header.forward[0];
    }

    Node last() {
        return tail;
    }

    private int randomLevel() {
        int l = 1;
        while (l < MAX_LEVEL && random.nextInt(4) == 0) {
            l++;
        }
        return l;
    }

    static int compare(double s1, Bytes m1, double s2, Bytes m2) {
        int c = Double.compare(s1 == 0 ? 0.0 : s1, s2 == 0 ? 0.0 : s2);
        return c != 0 ? c : m1.compareTo(m2);
    }

    void insert(double score, Bytes member) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        Node n = new Node(lvl, member, score);
        for (int i = 0; i < lvl; i++) {
            n.forward[i] = update[i].forward[i];
            update[i].forward[i] = n;
            n.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        n.backward = update[0] == header ? null : update[0];
        if (n.forward[0] != null) {
            n.forward[0].backward = n;
        } else {
            tail = n;
        }
        length++;
    }

    boolean delete(double score, Bytes member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if (x == null || compare(x.score, x.member, score, member) != 0) {
            return false;
        }
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i]--;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
        return true;
    }

    /** 0-based rank of an element that is in the list. */
    long rank(double score, Bytes member) {
        long r = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) <= 0) {
                r += x.span[i];
                x = x.forward[i];
            }
            if (x != header && x.member.equals(member)) {
                return r - 1;
            }
        }
        return -1;
    }

    /** The element at a 0-based rank, or null when out of range. */
    Node at(long rank) {
        if (rank < 0 || rank >= length) {
            return null;
        }
        long target = rank + 1;
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= target) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == target) {
                return x;
            }
        }
        return null;
    }

    /**
     * How many leading elements satisfy {@code before}, which must hold for a prefix of the list
     * (score or lex lower bounds).
     */
    long countWhile(Predicate<Node> before) {
        long r = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before.test(x.forward[i])) {
                r += x.span[i];
                x = x.forward[i];
            }
        }
        return r;
    }
}
