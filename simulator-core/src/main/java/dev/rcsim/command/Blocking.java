package dev.rcsim.command;

import dev.rcsim.protocol.RespValue;

/** The reply a blocking command returns when it parked the client (no reply is sent yet). */
public final class Blocking {
    private Blocking() {}

    public static final RespValue BLOCKED = new RespValue.Raw(new byte[0]);
}
