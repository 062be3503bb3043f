package dev.sandprof.host;

import java.util.List;

/**
 * An exception thrown in the sandbox, as data (its class may not even exist in the host): what
 * {@link UserCodeException#exception()} and {@link SandprofBugException#exception()} carry.
 *
 * @param className the exception's binary class name
 * @param message its message, or {@code null}
 * @param frames its stack trace, innermost first
 * @param cause its cause, or {@code null}
 * @param suppressed the exceptions suppressed by it
 */
public record ExceptionInfo(String className, String message, List<StackFrame> frames, ExceptionInfo cause,
                            List<ExceptionInfo> suppressed) {

    public ExceptionInfo {
        frames = List.copyOf(frames);
        suppressed = List.copyOf(suppressed);
    }

    /** {@code className: message}, as {@link Throwable#toString()} has it. */
    public String headline() {
        return message == null ? className : className + ": " + message;
    }
}
