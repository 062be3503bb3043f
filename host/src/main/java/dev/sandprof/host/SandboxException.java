package dev.sandprof.host;

/**
 * Something went wrong between the host and the sandbox, or in the sandbox itself. The subclasses
 * say what; every message names the problem and what to do about it.
 */
public class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
