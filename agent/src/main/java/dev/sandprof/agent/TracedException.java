package dev.sandprof.agent;

import java.util.List;

/**
 * One exception raised in instrumented code, or several raised at the same place and ended the same
 * way (folded, with their {@link #count()}): what was thrown, the call stack at the raise, and where
 * it stopped propagating.
 */
public final class TracedException {

    /** How an exception ended. */
    public enum Outcome {
        /** An instrumented method's {@code catch} took it. */
        CAUGHT,
        /** It left the outermost instrumented method of its thread. */
        ESCAPED,
        /**
         * It stopped propagating where no instrumented {@code catch} took it: a {@code finally} that
         * returned or threw another exception, or non-instrumented code (the JDK) between two
         * instrumented methods.
         */
        SWALLOWED
    }

    private final long sequence;
    private final String thread;
    private final long threadId;
    private final String exceptionClass;
    private final String message;
    private final long count;
    private final Outcome outcome;
    private final List<StackTraceElement> stack;
    private final StackTraceElement stoppedAt;
    private final boolean jvmTrace;

    /** Built by the agent's recorder; see {@link ExceptionTrace#drain()}. */
    public TracedException(long sequence, String thread, long threadId, String exceptionClass, String message, long count,
                    Outcome outcome, List<StackTraceElement> stack, StackTraceElement stoppedAt, boolean jvmTrace) {
        this.sequence = sequence;
        this.thread = thread;
        this.threadId = threadId;
        this.exceptionClass = exceptionClass;
        this.message = message;
        this.count = count;
        this.outcome = outcome;
        this.stack = List.copyOf(stack);
        this.stoppedAt = stoppedAt;
        this.jvmTrace = jvmTrace;
    }

    /** The order of the first raise among all traced exceptions of this JVM. */
    public long sequence() {
        return sequence;
    }

    /** The name of the thread it was raised in. */
    public String thread() {
        return thread;
    }

    /** The id of the thread it was raised in ({@link Thread#getId()}): threads may share a name. */
    public long threadId() {
        return threadId;
    }

    public String exceptionClass() {
        return exceptionClass;
    }

    /** The first raise's message, or {@code null}. */
    public String message() {
        return message;
    }

    /** How many times it was raised here and ended the same way. */
    public long count() {
        return count;
    }

    public Outcome outcome() {
        return outcome;
    }

    /**
     * The call stack at the raise, innermost first: the instrumented methods that were running
     * (the agent's shadow stack), each with its file and line where known. An exception the JDK
     * raised is attributed to the instrumented method that called into the JDK.
     */
    public List<StackTraceElement> stack() {
        return stack;
    }

    /**
     * For {@link Outcome#CAUGHT} the {@code catch} that took it (its method and the handler's line);
     * for {@link Outcome#SWALLOWED} the instrumented method it stopped in; {@code null} when it escaped.
     */
    public StackTraceElement stoppedAt() {
        return stoppedAt;
    }

    /**
     * Whether the JVM had filled in the exception's own stack trace. Without it (HotSpot's
     * preallocated fast-throw exceptions, {@code writableStackTrace = false}) the stack comes from
     * the agent alone, and callers' lines are not known.
     */
    public boolean hasJvmTrace() {
        return jvmTrace;
    }

    @Override
    public String toString() {
        return exceptionClass + (message == null ? "" : ": " + message) + " x" + count + " " + outcome + " " + stack;
    }
}
