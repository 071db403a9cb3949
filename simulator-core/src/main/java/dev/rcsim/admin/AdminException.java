package dev.rcsim.admin;

/**
 * An admin operation could not go on: a node refused a command, or the cluster is not in a state to act
 * on. Where {@code redis-cli --cluster} prints {@code [ERR] ...} and exits, the Java admin throws this,
 * with the node and the error reply in the message.
 */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdminException(String message) {
        super(message);
    }
}
