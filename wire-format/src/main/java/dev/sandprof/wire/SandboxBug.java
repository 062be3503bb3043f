package dev.sandprof.wire;

/**
 * The reply to a request that failed in sandprof's own code in the sandbox: a bug, not a refusal
 * and not an exception of the user's. The exception comes as data with all its frames, sandprof's
 * included, so that it can be reported.
 */
public final class SandboxBug extends Reply {

    private ExceptionData exception;

    private SandboxBug() {}

    public SandboxBug(long requestId, ExceptionData exception) {
        super(requestId);
        this.exception = exception;
    }

    public ExceptionData exception() {
        return exception;
    }
}
