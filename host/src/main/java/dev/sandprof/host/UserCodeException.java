package dev.sandprof.host;

import dev.sandprof.host.internal.StackTraceFormat;

/**
 * User code in the sandbox threw. The exception arrives as data (its class may not even exist in
 * the host): {@link #exception()} has its class name, message, frames, causes and suppressed
 * exceptions, and {@link #sandboxStackTrace()} prints it as the JVM would.
 */
public final class UserCodeException extends SandboxException {

    private static final long serialVersionUID = 1L;

    private final transient ExceptionInfo exception;

    /** @param exception what user code threw, as the sandbox reported it */
    public UserCodeException(ExceptionInfo exception) {
        super(exception.headline());
        this.exception = exception;
    }

    /** The exception as data: class name, message, frames, cause and suppressed exceptions. */
    public ExceptionInfo exception() {
        return exception;
    }

    /** The exception's stack trace, cut to user frames, in {@link Throwable#printStackTrace()}'s format. */
    public String sandboxStackTrace() {
        return StackTraceFormat.format(exception);
    }
}
