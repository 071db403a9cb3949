package dev.rcsim.fault;

/**
 * A node as the fault API names it: by the address it is known by ({@code host:port}), as an operator
 * names the process to kill or the link to cut. {@code SimNode} is one; the faults resolve the address
 * to the node's current server at the moment they act, so a handle stays good across restarts.
 *
 * <p>An interface here, and not {@code SimNode} itself, so that the fault layer sits below the
 * simulator facade that hands faults out ({@code cluster.faults()}).
 */
public interface FaultTarget {
    /** {@code host:port}. */
    String address();
}
