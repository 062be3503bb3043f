package dev.sandprof.host;

/**
 * A ref was used after the sandbox that made it died or restarted: its object is gone. It is
 * refused rather than resolved, since the same id may name another object in the new sandbox.
 */
public final class StaleRefException extends SandboxException {

    private static final long serialVersionUID = 1L;

    public StaleRefException(String message) {
        super(message);
    }
}
