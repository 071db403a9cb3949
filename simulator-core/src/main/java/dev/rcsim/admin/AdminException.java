package dev.rcsim.admin;

/** An admin operation could not go on: a node refused a command, or the cluster is not in a state to act on. */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdminException(String message) {
        super(message);
    }
}
