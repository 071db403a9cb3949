package dev.rcsim.acl;

import java.util.List;

/**
 * Redis's ACLDescribeSelector and ACLDescribeSelectorCommandRules: rules that rebuild a selector,
 * starting from {@code +@all} or {@code -@all}, then the best-fitting categories, then single
 * commands. Single commands come in catalog order (Redis: its command dict's random order).
 */
final class AclDescribe {
    private AclDescribe() {}

    static String selector(AclSelector s) {
        StringBuilder sb = new StringBuilder();
        if (s.allKeys) {
            sb.append("~* ");
        } else {
            for (AclSelector.KeyPattern p : s.patterns) {
                sb.append(p.describe()).append(' ');
            }
        }
        if (s.allChannels) {
            sb.append("&* ");
        } else {
            sb.append("resetchannels ");
            for (String ch : s.channels) {
                sb.append('&').append(ch).append(' ');
            }
        }
        sb.append(commandRules(s));
        return sb.toString();
    }

    /** GETUSER's "keys" field. */
    static String keys(AclSelector s) {
        if (s.allKeys) {
            return "~*";
        }
        StringBuilder sb = new StringBuilder();
        for (AclSelector.KeyPattern p : s.patterns) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(p.describe());
        }
        return sb.toString();
    }

    /** GETUSER's "channels" field. */
    static String channels(AclSelector s) {
        if (s.allChannels) {
            return "&*";
        }
        StringBuilder sb = new StringBuilder();
        for (String ch : s.channels) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append('&').append(ch);
        }
        return sb.toString();
    }

    static String commandRules(AclSelector s) {
        StringBuilder rules = new StringBuilder();
        AclSelector fake = new AclSelector(false);
        boolean additive;
        try {
            if (s.canRunFutureCommands()) {
                additive = false;
                rules.append("+@all ");
                fake.apply("+@all");
            } else {
                additive = true;
                rules.append("-@all ");
                fake.apply("-@all");
            }
            AclSelector temp = new AclSelector(false);
            temp.allowed.or(s.allowed);
            List<String> cats = AclCatalog.CATEGORIES;
            boolean[] applied = new boolean[cats.size()];
            while (true) {
                int best = -1;
                long mindiff = Integer.MAX_VALUE;
                long maxsame = 0;
                for (int j = 0; j < cats.size(); j++) {
                    if (applied[j]) {
                        continue;
                    }
                    long[] onOff = temp.countCategory(1L << j);
                    long diff = additive ? onOff[1] : onOff[0];
                    long same = additive ? onOff[0] : onOff[1];
                    if (same > diff && (diff < mindiff || (diff == mindiff && same > maxsame))) {
                        best = j;
                        mindiff = diff;
                        maxsame = same;
                    }
                }
                if (best == -1) {
                    break;
                }
                String op = (additive ? "+@" : "-@") + cats.get(best);
                fake.apply(op);
                temp.apply((additive ? "-@" : "+@") + cats.get(best));
                rules.append(op).append(' ');
                applied[best] = true;
            }
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
        for (AclCatalog.Entry cmd : AclCatalog.get().commands()) {
            single(s, fake, rules, cmd);
        }
        rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private static void single(AclSelector s, AclSelector fake, StringBuilder rules, AclCatalog.Entry cmd) {
        boolean userbit = s.bit(cmd.id);
        boolean fakebit = fake.bit(cmd.id);
        if (userbit != fakebit) {
            rules.append(userbit ? '+' : '-').append(cmd.fullName).append(' ');
            fake.changePerm(cmd, userbit);
        }
        for (AclCatalog.Entry sub : cmd.subcommands()) {
            single(s, fake, rules, sub);
        }
        if (!userbit && s.firstArgs != null) {
            List<String> args = s.firstArgs.get(cmd.id);
            if (args != null) {
                for (String a : args) {
                    rules.append('+').append(cmd.fullName).append('|').append(a).append(' ');
                }
            }
        }
    }
}
