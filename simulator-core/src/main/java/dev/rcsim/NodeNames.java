package dev.rcsim;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Symbolic node names of fault scripts, fixed by the cluster as it was formed at start (like
 * {@code redis-cli --cluster create}'s layout), so a test can name a node before its port or id exist:
 * {@code master:N} (the N-th formed master, in slot order, from 0), {@code replica:N} (the first replica
 * formed for master N), {@code replica:N.M} (its M-th replica, from 0), {@code spare:N} (the N-th node
 * outside the formed cluster). A name keeps naming the same node after a failover: {@code master:0} is
 * then a replica. Real Redis has no such names; they exist only in the simulator's scripts.
 */
final class NodeNames {
    private NodeNames() {}

    /**
     * The node {@code ref} names, or null when {@code ref} is not of the form {@code master:...},
     * {@code replica:...} or {@code spare:...}.
     *
     * @throws IllegalArgumentException for a symbolic name with a bad number or no such node
     */
    static SimNode resolve(String ref, List<SimNode> masters, Function<SimNode, List<SimNode>> replicasOf, List<SimNode> spares) {
        int colon = ref.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String kind = ref.substring(0, colon).toLowerCase(Locale.ROOT);
        String num = ref.substring(colon + 1);
        switch (kind) {
            case "master": {
                int n = index(ref, num);
                if (n >= masters.size()) {
                    throw unknown(ref, "it was formed with " + count(masters.size(), "master"));
                }
                return masters.get(n);
            }
            case "replica": {
                int dot = num.indexOf('.');
                int n = index(ref, dot < 0 ? num : num.substring(0, dot));
                int m = dot < 0 ? 0 : index(ref, num.substring(dot + 1));
                if (n >= masters.size()) {
                    throw unknown(ref, "it was formed with " + count(masters.size(), "master"));
                }
                List<SimNode> rs = replicasOf.apply(masters.get(n));
                if (m >= rs.size()) {
                    throw unknown(ref, "master:" + n + " was formed with " + count(rs.size(), "replica"));
                }
                return rs.get(m);
            }
            case "spare": {
                int n = index(ref, num);
                if (n >= spares.size()) {
                    throw unknown(ref, "it was formed with " + count(spares.size(), "spare"));
                }
                return spares.get(n);
            }
            default:
                return null;
        }
    }

    private static int index(String ref, String digits) {
        if (digits.isEmpty() || digits.length() > 6) {
            throw bad(ref);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw bad(ref);
            }
        }
        return Integer.parseInt(digits);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static IllegalArgumentException unknown(String ref, String why) {
        return new IllegalArgumentException("no node " + ref + " in this cluster (" + why + ")");
    }

    private static IllegalArgumentException bad(String ref) {
        return new IllegalArgumentException("no node " + ref + " in this cluster (expected master:N, replica:N, replica:N.M or spare:N)");
    }
}
