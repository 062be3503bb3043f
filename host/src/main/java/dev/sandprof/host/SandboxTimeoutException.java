package dev.sandprof.host;

import java.time.Duration;

/**
 * A request outlived its timeout ({@link SandboxOptions#timeout()}); the sandbox running it was
 * ended, and the next request starts a fresh one.
 */
public final class SandboxTimeoutException extends SandboxException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public SandboxTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = timeout;
    }

    /** The limit the request ran past. */
    public Duration timeout() {
        return timeout;
    }
}
