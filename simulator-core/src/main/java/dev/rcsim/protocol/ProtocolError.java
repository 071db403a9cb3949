package dev.rcsim.protocol;

/**
 * What the decoder emits when a request is malformed: Redis replies {@code -ERR Protocol error: ...}
 * and closes the connection once the reply is written. {@code reply} is null when Redis closes
 * without a reply (query buffer limit).
 */
public record ProtocolError(String reply, String reason) {}
