package dev.sandprof.wire;

/**
 * The reply to a request the sandbox could not take: malformed, unknown, or naming something
 * that does not exist (a class, a method, a stale ref). The message says what and what to do.
 */
public final class ProtocolError extends Reply {

    private String message;

    private ProtocolError() {}

    public ProtocolError(long requestId, String message) {
        super(requestId);
        this.message = message;
    }

    public String message() {
        return message;
    }
}
