package dev.sandprof.host;

/** A sandbox could not be started: no such {@code java}, a bad JVM flag, or no handshake in time. */
public final class SandboxStartException extends SandboxException {

    private static final long serialVersionUID = 1L;

    public SandboxStartException(String message) {
        super(message);
    }

    public SandboxStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
