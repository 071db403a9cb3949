package dev.rcsim.command;

import dev.rcsim.protocol.RespValue;

/** Thrown by argument parsing and type checks to end a command with an error reply. No stack trace. */
public final class ReplyException extends RuntimeException {
    private final transient RespValue reply;

    public ReplyException(RespValue reply) {
        super(null, null, false, false);
        this.reply = reply;
    }

    public RespValue reply() {
        return reply;
    }
}
