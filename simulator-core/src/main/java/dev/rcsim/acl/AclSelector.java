package dev.rcsim.acl;

import dev.rcsim.keyspace.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis's {@code aclSelector}: which commands (a bit per catalog id, plus allowed first arguments),
 * key patterns ({@code ~}, {@code %R~}, {@code %W~}) and channel patterns a user may use. A user has
 * a root selector and any number of {@code (...)} selectors; a command is allowed when one of them
 * allows it. Strings are raw bytes held as ISO-8859-1 chars.
 */
public final class AclSelector {
    static final int READ = 1;
    static final int WRITE = 2;
    static final int ALL = READ | WRITE;

    /** A key pattern with the access it grants (READ, WRITE or both). */
    static final class KeyPattern {
        int flags;
        final String pattern;
        final byte[] bytes;

        KeyPattern(int flags, String pattern) {
            this.flags = flags;
            this.pattern = pattern;
            this.bytes = pattern.getBytes(StandardCharsets.ISO_8859_1);
        }

        String describe() {
            return (flags == ALL ? "~" : flags == READ ? "%R~" : "%W~") + pattern;
        }
    }

    final boolean root;
    boolean allKeys;
    boolean allChannels;
    boolean allCommands;
    final BitSet allowed;
    /** Catalog id to the first arguments allowed for an otherwise denied command ({@code +select|0}). */
    Map<Integer, List<String>> firstArgs;
    final List<KeyPattern> patterns = new ArrayList<>();
    final List<String> channels = new ArrayList<>();

    AclSelector(boolean root) {
        this.root = root;
        this.allowed = new BitSet(AclCatalog.get().size() + 1);
    }

    AclSelector copy() {
        AclSelector s = new AclSelector(root);
        s.allKeys = allKeys;
        s.allChannels = allChannels;
        s.allCommands = allCommands;
        s.allowed.or(allowed);
        if (firstArgs != null) {
            s.firstArgs = new HashMap<>();
            firstArgs.forEach((k, v) -> s.firstArgs.put(k, new ArrayList<>(v)));
        }
        for (KeyPattern p : patterns) {
            s.patterns.add(new KeyPattern(p.flags, p.pattern));
        }
        s.channels.addAll(channels);
        return s;
    }

    /** Whether this selector lets anything through: all commands, all keys, all channels. */
    boolean unrestricted() {
        return allCommands && allKeys && allChannels;
    }

    private static int futureBit() {
        return AclCatalog.get().size();
    }

    boolean canRunFutureCommands() {
        return allowed.get(futureBit());
    }

    boolean bit(int id) {
        return allowed.get(id);
    }

    private void setBit(int id, boolean value) {
        allowed.set(id, value);
        if (!value) {
            allCommands = false;
        }
    }

    /** Redis's ACLChangeSelectorPerm: a command and all its subcommands. */
    void changePerm(AclCatalog.Entry cmd, boolean allow) {
        setBit(cmd.id, allow);
        if (firstArgs != null) {
            firstArgs.remove(cmd.id);
        }
        for (AclCatalog.Entry sub : cmd.subcommands()) {
            setBit(sub.id, allow);
        }
    }

    void setCategory(long flag, boolean allow) {
        for (AclCatalog.Entry cmd : AclCatalog.get().commands()) {
            if ((cmd.categories & flag) != 0) {
                changePerm(cmd, allow);
            }
            for (AclCatalog.Entry sub : cmd.subcommands()) {
                if ((sub.categories & flag) != 0) {
                    changePerm(sub, allow);
                }
            }
        }
    }

    /** Commands of a category this selector allows (on) and denies (off). */
    long[] countCategory(long flag) {
        long on = 0;
        long off = 0;
        for (AclCatalog.Entry cmd : AclCatalog.get().commands()) {
            if ((cmd.categories & flag) != 0) {
                if (bit(cmd.id)) {
                    on++;
                } else {
                    off++;
                }
            }
            for (AclCatalog.Entry sub : cmd.subcommands()) {
                if ((sub.categories & flag) != 0) {
                    if (bit(sub.id)) {
                        on++;
                    } else {
                        off++;
                    }
                }
            }
        }
        return new long[] {on, off};
    }

    private void addFirstArg(int id, String sub) {
        if (firstArgs == null) {
            firstArgs = new HashMap<>();
        }
        List<String> list = firstArgs.computeIfAbsent(id, k -> new ArrayList<>());
        for (String s : list) {
            if (s.equalsIgnoreCase(sub)) {
                return;
            }
        }
        list.add(sub);
    }

    private static boolean hasSpaces(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == 0 || ch == ' ' || (ch >= '\t' && ch <= '\r')) {
                return true;
            }
        }
        return false;
    }

    /** Redis's ACLSetSelector: applies one rule, or throws with the errno Redis sets. */
    void apply(String op) throws AclRuleException {
        AclCatalog catalog = AclCatalog.get();
        if (op.equalsIgnoreCase("allkeys") || op.equalsIgnoreCase("~*")) {
            allKeys = true;
            patterns.clear();
        } else if (op.equalsIgnoreCase("resetkeys")) {
            allKeys = false;
            patterns.clear();
        } else if (op.equalsIgnoreCase("allchannels") || op.equalsIgnoreCase("&*")) {
            allChannels = true;
            channels.clear();
        } else if (op.equalsIgnoreCase("resetchannels")) {
            allChannels = false;
            channels.clear();
        } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
            allowed.set(0, futureBit() + 1);
            allCommands = true;
            firstArgs = null;
        } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
            allowed.clear();
            allCommands = false;
            firstArgs = null;
        } else if (op.charAt(0) == '~' || op.charAt(0) == '%') {
            if (allKeys) {
                throw new AclRuleException(AclRuleException.Kind.EEXIST);
            }
            int flags = 0;
            int offset = 1;
            if (op.charAt(0) == '%') {
                for (; offset < op.length(); offset++) {
                    char ch = Character.toUpperCase(op.charAt(offset));
                    if (ch == 'R' && (flags & READ) == 0) {
                        flags |= READ;
                    } else if (ch == 'W' && (flags & WRITE) == 0) {
                        flags |= WRITE;
                    } else if (op.charAt(offset) == '~') {
                        offset++;
                        break;
                    } else {
                        throw new AclRuleException(AclRuleException.Kind.EINVAL);
                    }
                }
            } else {
                flags = ALL;
            }
            if (hasSpaces(op, offset)) {
                throw new AclRuleException(AclRuleException.Kind.EINVAL);
            }
            String pat = offset >= op.length() ? "" : op.substring(offset);
            KeyPattern existing = null;
            for (KeyPattern p : patterns) {
                if (p.pattern.equals(pat)) {
                    existing = p;
                    break;
                }
            }
            if (existing == null) {
                patterns.add(new KeyPattern(flags, pat));
            } else {
                existing.flags |= flags;
            }
            allKeys = false;
        } else if (op.charAt(0) == '&') {
            if (allChannels) {
                throw new AclRuleException(AclRuleException.Kind.EISDIR);
            }
            if (hasSpaces(op, 1)) {
                throw new AclRuleException(AclRuleException.Kind.EINVAL);
            }
            String pat = op.substring(1);
            if (!channels.contains(pat)) {
                channels.add(pat);
            }
            allChannels = false;
        } else if (op.charAt(0) == '+' && (op.length() < 2 || op.charAt(1) != '@')) {
            String rest = op.substring(1);
            int bar = rest.lastIndexOf('|');
            if (bar < 0) {
                AclCatalog.Entry cmd = catalog.lookup(rest);
                if (cmd == null) {
                    throw new AclRuleException(AclRuleException.Kind.ENOENT);
                }
                changePerm(cmd, true);
            } else {
                AclCatalog.Entry cmd = catalog.lookup(rest.substring(0, bar));
                String sub = rest.substring(bar + 1);
                if (cmd == null) {
                    throw new AclRuleException(AclRuleException.Kind.ENOENT);
                }
                if (cmd.parent != null) {
                    throw new AclRuleException(AclRuleException.Kind.ECHILD);
                }
                if (sub.isEmpty()) {
                    throw new AclRuleException(AclRuleException.Kind.EINVAL);
                }
                if (cmd.hasSubcommands()) {
                    AclCatalog.Entry subCmd = catalog.lookup(rest);
                    if (subCmd == null) {
                        throw new AclRuleException(AclRuleException.Kind.ENOENT);
                    }
                    changePerm(subCmd, true);
                } else {
                    addFirstArg(cmd.id, sub);
                }
            }
        } else if (op.charAt(0) == '-' && (op.length() < 2 || op.charAt(1) != '@')) {
            AclCatalog.Entry cmd = catalog.lookup(op.substring(1));
            if (cmd == null) {
                throw new AclRuleException(AclRuleException.Kind.ENOENT);
            }
            changePerm(cmd, false);
        } else if ((op.charAt(0) == '+' || op.charAt(0) == '-') && op.charAt(1) == '@') {
            long flag = AclCatalog.categoryFlag(op.substring(2));
            if (flag == 0) {
                throw new AclRuleException(AclRuleException.Kind.ENOENT);
            }
            setCategory(flag, op.charAt(0) == '+');
        } else {
            throw new AclRuleException(AclRuleException.Kind.EINVAL);
        }
    }

    // ---- checks (Redis's ACLSelectorCheckCmd and friends) ----

    /** Whether the selector may run the command at all (command bit or an allowed first argument). */
    boolean allowsCommand(AclCatalog.Entry cmd, byte[][] argv) {
        if (allCommands || cmd.noAuth || bit(cmd.id)) {
            return true;
        }
        if (argv.length < 2 || firstArgs == null) {
            return false;
        }
        List<String> args = firstArgs.get(cmd.id);
        if (args == null) {
            return false;
        }
        int idx = cmd.parent != null ? 2 : 1;
        if (idx >= argv.length) {
            return false;
        }
        String arg = new String(argv[idx], StandardCharsets.ISO_8859_1);
        for (String a : args) {
            if (a.equalsIgnoreCase(arg)) {
                return true;
            }
        }
        return false;
    }

    /** Redis's ACLSelectorCheckKey with the key's READ/WRITE needs. */
    boolean allowsKey(byte[] key, int needs) {
        if (allKeys) {
            return true;
        }
        for (KeyPattern p : patterns) {
            if ((p.flags & needs) != needs) {
                continue;
            }
            if (Glob.matches(p.bytes, key, false)) {
                return true;
            }
        }
        return false;
    }

    /** Redis's ACLCheckChannelAgainstList: a pattern (PSUBSCRIBE) must equal an ACL pattern literally. */
    static boolean channelInList(List<String> list, byte[] channel, boolean isPattern) {
        String literal = isPattern ? new String(channel, StandardCharsets.ISO_8859_1) : null;
        for (String p : list) {
            if (isPattern ? p.equals(literal) : Glob.matches(p.getBytes(StandardCharsets.ISO_8859_1), channel, false)) {
                return true;
            }
        }
        return false;
    }

    boolean allowsChannel(byte[] channel, boolean isPattern) {
        return allChannels || channelInList(channels, channel, isPattern);
    }
}
