package dev.rcsim.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's ACL {@code user}: name, flags (on/off, nopass, sanitize-payload), SHA-256 password hashes
 * and selectors, the first of which is the root selector. Connections hold a reference to their user,
 * so ACL SETUSER on an existing user changes what its connections may do at once, as in Redis.
 * Names and passwords are raw bytes held as ISO-8859-1 chars.
 */
public final class AclUser {
    private final String name;
    boolean enabled;
    boolean disabled = true;
    boolean nopass;
    boolean skipSanitize;
    boolean sanitize;
    final List<String> passwords = new ArrayList<>();
    final List<AclSelector> selectors = new ArrayList<>();
    private String described;
    private boolean unrestricted;
    /** The node's {@code acl-pubsub-default}: new selectors (and {@code reset}) start with all channels. */
    private final java.util.function.BooleanSupplier pubsubAllChannels;

    AclUser(String name, java.util.function.BooleanSupplier pubsubAllChannels) {
        this.name = name;
        this.pubsubAllChannels = pubsubAllChannels;
        selectors.add(newSelector(true));
    }

    private AclSelector newSelector(boolean root) {
        AclSelector s = new AclSelector(root);
        s.allChannels = pubsubAllChannels.getAsBoolean();
        return s;
    }

    public String name() {
        return name;
    }

    /** True when the root selector allows every command, key and channel: the dispatcher skips the check. */
    public boolean unrestricted() {
        return unrestricted;
    }

    public boolean isNopass() {
        return nopass;
    }

    public boolean isDisabled() {
        return disabled;
    }

    AclSelector root() {
        return selectors.get(0);
    }

    void copyFrom(AclUser src) {
        passwords.clear();
        passwords.addAll(src.passwords);
        selectors.clear();
        for (AclSelector s : src.selectors) {
            selectors.add(s.copy());
        }
        enabled = src.enabled;
        disabled = src.disabled;
        nopass = src.nopass;
        skipSanitize = src.skipSanitize;
        sanitize = src.sanitize;
        changed();
    }

    private void changed() {
        described = null;
        unrestricted = root().unrestricted();
    }

    static String hash(byte[] password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(password);
            StringBuilder sb = new StringBuilder(64);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean validHash(String h) {
        if (h.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char ch = h.charAt(i);
            if ((ch < 'a' || ch > 'f') && (ch < '0' || ch > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Redis's ACLCheckUserCredentials for this user (enabled, then nopass or one matching hash). */
    boolean accepts(byte[] password) {
        if (disabled) {
            return false;
        }
        if (nopass) {
            return true;
        }
        byte[] h = hash(password).getBytes(StandardCharsets.ISO_8859_1);
        for (String p : passwords) {
            if (MessageDigest.isEqual(h, p.getBytes(StandardCharsets.ISO_8859_1))) {
                return true;
            }
        }
        return false;
    }

    /** Redis's ACLSetUser: one rule (already merged when it is a {@code (...)} selector). */
    void apply(String op) throws AclRuleException {
        try {
            applyRule(op);
        } finally {
            changed();
        }
    }

    private void applyRule(String op) throws AclRuleException {
        if (op.isEmpty()) {
            return;
        }
        if (op.equalsIgnoreCase("on")) {
            enabled = true;
            disabled = false;
        } else if (op.equalsIgnoreCase("off")) {
            disabled = true;
            enabled = false;
        } else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
            skipSanitize = true;
            sanitize = false;
        } else if (op.equalsIgnoreCase("sanitize-payload")) {
            skipSanitize = false;
            sanitize = true;
        } else if (op.equalsIgnoreCase("nopass")) {
            nopass = true;
            passwords.clear();
        } else if (op.equalsIgnoreCase("resetpass")) {
            nopass = false;
            passwords.clear();
        } else if (op.charAt(0) == '>' || op.charAt(0) == '#') {
            String h = passwordHash(op, '>');
            if (!passwords.contains(h)) {
                passwords.add(h);
            }
            nopass = false;
        } else if (op.charAt(0) == '<' || op.charAt(0) == '!') {
            String h = passwordHash(op, '<');
            if (!passwords.remove(h)) {
                throw new AclRuleException(AclRuleException.Kind.ENODEV);
            }
        } else if (op.charAt(0) == '(' && op.charAt(op.length() - 1) == ')') {
            AclSelector s = newSelector(false);
            List<String> parts = splitArgs(op.substring(1, op.length() - 1));
            for (String part : parts == null ? List.<String>of() : parts) { // Redis: a split error leaves no rules
                s.apply(part);
            }
            selectors.add(s);
        } else if (op.equalsIgnoreCase("clearselectors")) {
            selectors.subList(1, selectors.size()).clear();
        } else if (op.equalsIgnoreCase("reset")) {
            applyRule("resetpass");
            applyRule("resetkeys");
            applyRule("resetchannels");
            if (pubsubAllChannels.getAsBoolean()) {
                applyRule("allchannels");
            }
            applyRule("off");
            applyRule("sanitize-payload");
            applyRule("clearselectors");
            applyRule("-@all");
        } else {
            root().apply(op);
        }
    }

    private static boolean space(char ch) {
        return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f' || ch == 0x0b;
    }

    private static int hex(char ch) {
        return Character.digit(ch, 16);
    }

    /**
     * Redis's sdssplitargs, which splits the rules inside {@code (...)}: blanks separate arguments,
     * "double quotes" (with \n \r \t \b \a \xHH escapes) and 'single quotes' keep them together;
     * null on an unbalanced quote or a closing quote not followed by a blank.
     */
    static List<String> splitArgs(String line) {
        List<String> out = new ArrayList<>();
        int p = 0;
        int n = line.length();
        while (true) {
            while (p < n && space(line.charAt(p))) {
                p++;
            }
            if (p >= n) {
                return out;
            }
            StringBuilder cur = new StringBuilder();
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            while (!done) {
                char ch = p < n ? line.charAt(p) : 0;
                boolean end = p >= n;
                if (inq) {
                    if (ch == '\\' && p + 3 < n && line.charAt(p + 1) == 'x' && hex(line.charAt(p + 2)) >= 0 && hex(line.charAt(p + 3)) >= 0) {
                        cur.append((char) (hex(line.charAt(p + 2)) * 16 + hex(line.charAt(p + 3))));
                        p += 3;
                    } else if (ch == '\\' && p + 1 < n) {
                        p++;
                        char e = line.charAt(p);
                        cur.append(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> (char) 7;
                            default -> e;
                        });
                    } else if (!end && ch == '"') {
                        if (p + 1 < n && !space(line.charAt(p + 1))) {
                            return null;
                        }
                        done = true;
                    } else if (end) {
                        return null;
                    } else {
                        cur.append(ch);
                    }
                } else if (insq) {
                    if (ch == '\\' && p + 1 < n && line.charAt(p + 1) == '\'') {
                        p++;
                        cur.append('\'');
                    } else if (!end && ch == '\'') {
                        if (p + 1 < n && !space(line.charAt(p + 1))) {
                            return null;
                        }
                        done = true;
                    } else if (end) {
                        return null;
                    } else {
                        cur.append(ch);
                    }
                } else if (end || ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
                    done = true;
                } else if (ch == '"') {
                    inq = true;
                } else if (ch == '\'') {
                    insq = true;
                } else {
                    cur.append(ch);
                }
                if (!end) {
                    p++;
                }
            }
            out.add(cur.toString());
        }
    }

    /** The hash a password rule names: {@code plain} + clear text is hashed, else ({@code #}/{@code !}) a given hash. */
    private static String passwordHash(String op, char plain) throws AclRuleException {
        if (op.charAt(0) == plain) {
            return hash(op.substring(1).getBytes(StandardCharsets.ISO_8859_1));
        }
        String h = op.substring(1);
        if (!validHash(h)) {
            throw new AclRuleException(AclRuleException.Kind.EBADMSG);
        }
        return h;
    }

    /** Redis's ACLDescribeUser: the rules ACL LIST prints after {@code user <name> }. */
    public String describe() {
        if (described != null) {
            return described;
        }
        StringBuilder sb = new StringBuilder();
        for (String f : flagNames()) {
            sb.append(f).append(' ');
        }
        for (String p : passwords) {
            sb.append('#').append(p).append(' ');
        }
        for (AclSelector s : selectors) {
            String d = AclDescribe.selector(s);
            if (s.root) {
                sb.append(d);
            } else {
                sb.append(" (").append(d).append(')');
            }
        }
        described = sb.toString();
        return described;
    }

    /** Password hashes (hex SHA-256), in the order they were added. */
    public List<String> passwords() {
        return List.copyOf(passwords);
    }

    /** Per selector, root first: GETUSER's commands, keys and channels fields. */
    public List<String[]> selectorFields() {
        List<String[]> out = new ArrayList<>(selectors.size());
        for (AclSelector s : selectors) {
            out.add(new String[] {AclDescribe.commandRules(s), AclDescribe.keys(s), AclDescribe.channels(s)});
        }
        return out;
    }

    /** Flags in GETUSER order. */
    public List<String> flagNames() {
        List<String> out = new ArrayList<>(3);
        if (enabled) {
            out.add("on");
        }
        if (disabled) {
            out.add("off");
        }
        if (nopass) {
            out.add("nopass");
        }
        if (skipSanitize) {
            out.add("skip-sanitize-payload");
        }
        if (sanitize) {
            out.add("sanitize-payload");
        }
        return out;
    }
}
