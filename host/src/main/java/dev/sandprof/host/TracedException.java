package dev.sandprof.host;

import java.util.List;

/**
 * An exception raised in instrumented code, or several raised at the same place that ended the
 * same way, folded with a count: one entry of {@link TraceResult#exceptions()}.
 *
 * @param thread the name of the thread it was raised in
 * @param threadId that thread's id in the sandbox JVM ({@link Thread#getId()}): threads may share a name
 * @param exceptionClass the exception's binary class name
 * @param message the first raise's message, or {@code null}
 * @param count how many times it was raised there and ended that way
 * @param outcome how it ended
 * @param stack the call stack at the raise, innermost first; a line of -1 where it is not known
 * @param stoppedAt the {@code catch} that took it (its method and line), or for
 *     {@link Outcome#SWALLOWED} the method it stopped in; {@code null} when it escaped
 * @param hasJvmTrace whether the JVM had filled in its own stack trace. Without one (HotSpot's
 *     fast-throw exceptions, {@code writableStackTrace = false}) the stack is the agent's alone,
 *     and callers' lines are not known
 */
public record TracedException(String thread, long threadId, String exceptionClass, String message, long count,
                              Outcome outcome, List<StackFrame> stack, StackFrame stoppedAt, boolean hasJvmTrace) {

    /** How an exception ended. */
    public enum Outcome {
        /** An instrumented {@code catch} took it. */
        CAUGHT,
        /** It left the outermost instrumented method of its thread. */
        ESCAPED,
        /** It stopped where no instrumented {@code catch} took it (a {@code finally}, or the JDK). */
        SWALLOWED
    }

    public TracedException {
        stack = List.copyOf(stack);
    }
}
