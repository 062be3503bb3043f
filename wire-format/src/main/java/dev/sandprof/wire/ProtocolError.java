package dev.sandprof.wire;

/**
 * The reply to a request the sandbox refused: malformed, unknown, naming something that does not
 * exist (a class, a method, a stale ref) or needing what this sandbox lacks (the agent). The
 * message says what and what to do. A failure of sandprof's own code is a {@link SandboxBug} instead.
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
