package dev.sandprof.host;

import dev.sandprof.host.internal.StackTraceFormat;

/**
 * sandprof's own code failed in the sandbox while it served a request: a bug in sandprof, neither
 * the program's exception nor a refusal. The message says so and carries the sandbox's whole stack
 * trace, for the bug report; the sandbox itself is still usable.
 */
public final class SandprofBugException extends SandboxException {

    private static final long serialVersionUID = 1L;

    private final transient ExceptionInfo exception;

    /** @param exception what sandprof's code threw in the sandbox, as it reported it */
    public SandprofBugException(ExceptionInfo exception) {
        super("sandprof bug (not your program's fault; please report it with this trace): "
                + StackTraceFormat.format(exception).stripTrailing());
        this.exception = exception;
    }

    /** What sandprof's code threw in the sandbox, with all its frames. */
    public ExceptionInfo exception() {
        return exception;
    }
}
