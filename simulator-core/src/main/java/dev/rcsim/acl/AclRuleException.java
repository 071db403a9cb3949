package dev.rcsim.acl;

/** A rule ACL SETUSER cannot apply; {@link #getMessage()} is Redis's ACLSetUserStringError text for the errno. */
final class AclRuleException extends Exception {
    enum Kind { EINVAL, ENOENT, EEXIST, EISDIR, ENODEV, EBADMSG, ECHILD }

    final Kind kind;

    AclRuleException(Kind kind) {
        super(text(kind), null, false, false);
        this.kind = kind;
    }

    private static String text(Kind kind) {
        return switch (kind) {
            case ENOENT -> "Unknown command or category name in ACL";
            case EINVAL -> "Syntax error";
            case EEXIST -> "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any "
                    + "effect. Try 'resetkeys' to start with an empty list of patterns";
            case EISDIR -> "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any "
                    + "effect. Try 'resetchannels' to start with an empty list of channels";
            case ENODEV -> "The password you are trying to remove from the user does not exist";
            case EBADMSG -> "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters";
            case ECHILD -> "Allowing first-arg of a subcommand is not supported";
        };
    }
}
