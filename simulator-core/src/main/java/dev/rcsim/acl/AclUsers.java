package dev.rcsim.acl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * One node's ACL user table (Redis's {@code Users} rax, in byte order) with its {@code default} user
 * and its ACL LOG. Each simulated node has its own, as each redis-server process has: ACL rules are
 * never shared across a cluster.
 */
public final class AclUsers {
    private final TreeMap<String, AclUser> users = new TreeMap<>();
    private final AclUser defaultUser;
    private final AclLog log = new AclLog();
    private boolean pubsubAllChannels;

    public AclUsers() {
        defaultUser = new AclUser("default", this::pubsubAllChannels);
        try {
            defaultUser.apply("+@all");
            defaultUser.apply("~*");
            defaultUser.apply("&*");
            defaultUser.apply("on");
            defaultUser.apply("nopass");
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
        users.put("default", defaultUser);
    }

    private boolean pubsubAllChannels() {
        return pubsubAllChannels;
    }

    /** CONFIG SET acl-pubsub-default: {@code allchannels} or {@code resetchannels} for selectors created from now on. */
    public void setPubsubDefault(String value) {
        pubsubAllChannels = "allchannels".equalsIgnoreCase(value);
    }

    public AclUser defaultUser() {
        return defaultUser;
    }

    public AclLog log() {
        return log;
    }

    /** Redis's authRequired for a client not authenticated: the default user has a password or is off. */
    public boolean defaultRequiresAuth() {
        return !defaultUser.nopass || defaultUser.disabled;
    }

    /** Whether a new connection starts authenticated (as the default user). */
    public boolean newClientAuthenticated() {
        return defaultUser.nopass && !defaultUser.disabled;
    }

    /** The user of a raw (ISO-8859-1) name, or null. */
    public AclUser get(String name) {
        return users.get(name);
    }

    public Collection<AclUser> all() {
        return users.values();
    }

    /** Redis's ACLCheckUserCredentials: the user when name and password match an enabled user, else null. */
    public AclUser authenticate(byte[] name, byte[] password) {
        AclUser u = users.get(new String(name, StandardCharsets.ISO_8859_1));
        return u != null && u.accepts(password) ? u : null;
    }

    /** Redis's ACLUpdateDefaultUserPassword: what CONFIG SET requirepass does (empty: nopass). */
    public void setRequirePass(String password) {
        try {
            defaultUser.apply("resetpass");
            if (password == null || password.isEmpty()) {
                defaultUser.apply("nopass");
            } else {
                defaultUser.apply(">" + new String(password.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The staged result of ACL SETUSER: the rules applied to a copy, not yet installed. */
    public static final class Staged {
        final String name;
        final AclUser existing;
        final AclUser result;

        Staged(String name, AclUser existing, AclUser result) {
            this.name = name;
            this.existing = existing;
            this.result = result;
        }

        /** The user being changed, or null when SETUSER creates it. */
        public AclUser existing() {
            return existing;
        }
    }

    /**
     * Redis's ACLStringSetUser up to the point of installing: merges {@code (...)} selectors split over
     * several arguments, applies every rule to a copy, and throws {@link IllegalArgumentException} with
     * Redis's message on the first bad rule (nothing changes then).
     */
    public Staged stage(String name, List<String> rules) {
        List<String> merged = new ArrayList<>();
        StringBuilder selector = null;
        int openAt = -1;
        for (int j = 0; j < rules.size(); j++) {
            String op = rules.get(j);
            if (!op.isEmpty() && op.charAt(0) == '(' && op.charAt(op.length() - 1) != ')') {
                selector = new StringBuilder(op);
                openAt = j;
                continue;
            }
            if (openAt != -1) {
                selector.append(' ').append(op);
                if (!op.isEmpty() && op.charAt(op.length() - 1) == ')') {
                    openAt = -1;
                    merged.add(selector.toString());
                }
                continue;
            }
            merged.add(op);
        }
        if (openAt != -1) {
            throw new IllegalArgumentException("Unmatched parenthesis in acl selector starting at '" + rules.get(openAt) + "'.");
        }
        AclUser existing = users.get(name);
        AclUser temp = new AclUser(name, this::pubsubAllChannels);
        if (existing != null) {
            temp.copyFrom(existing);
        }
        for (String op : merged) {
            try {
                temp.apply(op);
            } catch (AclRuleException e) {
                throw new IllegalArgumentException("Error in ACL SETUSER modifier '" + op + "': " + e.getMessage());
            }
        }
        return new Staged(name, existing, temp);
    }

    /** Installs a staged SETUSER: the existing user object takes the new rules (its connections keep it). */
    public AclUser install(Staged s) {
        AclUser u = s.existing;
        if (u == null) {
            u = new AclUser(s.name, this::pubsubAllChannels);
            users.put(s.name, u);
        }
        u.copyFrom(s.result);
        return u;
    }

    /**
     * Redis's ACLKillPubsubClientsIfNeeded test: null when the staged rules keep every channel the
     * user had (a selector with all channels, or a superset), else the new channel list to check
     * subscriptions against.
     */
    public static List<String> revokedChannelsCheck(Staged s) {
        if (s.existing == null) {
            return null;
        }
        for (AclSelector sel : s.result.selectors) {
            if (sel.allChannels) {
                return null;
            }
        }
        List<String> upcoming = new ArrayList<>();
        for (AclSelector sel : s.result.selectors) {
            upcoming.addAll(sel.channels);
        }
        for (AclSelector sel : s.existing.selectors) {
            if (sel.allChannels) {
                return upcoming;
            }
            for (String ch : sel.channels) {
                if (!upcoming.contains(ch)) {
                    return upcoming;
                }
            }
        }
        return null;
    }

    /** Whether a subscription (channel, or pattern when {@code isPattern}) is within a channel list. */
    public static boolean channelAllowed(List<String> list, byte[] channel, boolean isPattern) {
        return AclSelector.channelInList(list, channel, isPattern);
    }

    /** Removes a user (never {@code default}); the removed user or null. */
    public AclUser remove(String name) {
        return users.remove(name);
    }
}
