package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * An exception raised in instrumented code, or several raised at the same place that ended the
 * same way, folded with a count: its class and (first) message, the agent's call stack at the
 * raise, and where it stopped propagating.
 */
public final class TracedExceptionData extends SelfDescribingMarshallable {

    /** How an exception ended. */
    public enum Outcome {
        /** An instrumented {@code catch} took it. */
        CAUGHT,
        /** It left the outermost instrumented method of its thread. */
        ESCAPED,
        /** It stopped where no instrumented {@code catch} took it (a {@code finally}, or the JDK). */
        SWALLOWED
    }

    private String thread;
    private long threadId;
    private String exceptionClass;
    private String message;
    private long count;
    private Outcome outcome;
    private List<StackFrameData> stack = new ArrayList<>();
    private StackFrameData stoppedAt;
    private boolean jvmTrace;

    private TracedExceptionData() {}

    public TracedExceptionData(String thread, long threadId, String exceptionClass, String message, long count,
                               Outcome outcome, List<StackFrameData> stack, StackFrameData stoppedAt, boolean jvmTrace) {
        this.thread = thread;
        this.threadId = threadId;
        this.exceptionClass = exceptionClass;
        this.message = message;
        this.count = count;
        this.outcome = outcome;
        this.stack = new ArrayList<>(stack);
        this.stoppedAt = stoppedAt;
        this.jvmTrace = jvmTrace;
    }

    /** The name of the thread it was raised in. */
    public String thread() {
        return thread;
    }

    /** The id of the thread it was raised in: threads may share a name. */
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

    /** How many times it was raised there and ended that way. */
    public long count() {
        return count;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The call stack at the raise, innermost first; a line of -1 where it is not known. */
    public List<StackFrameData> stack() {
        return List.copyOf(stack);
    }

    /**
     * The {@code catch} that took it (its method and line), or for {@link Outcome#SWALLOWED} the
     * method it stopped in; {@code null} when it escaped.
     */
    public StackFrameData stoppedAt() {
        return stoppedAt;
    }

    /**
     * Whether the JVM had filled in its own stack trace. Without one (HotSpot's fast-throw
     * exceptions, {@code writableStackTrace = false}) the stack is the agent's alone, and callers'
     * lines are not known.
     */
    public boolean hasJvmTrace() {
        return jvmTrace;
    }
}
