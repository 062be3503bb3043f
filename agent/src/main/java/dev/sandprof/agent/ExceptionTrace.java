package dev.sandprof.agent;

import dev.sandprof.agent.internal.ExceptionRecorder;
import java.util.List;

/**
 * Exception tracing in the sandbox: while it is on, every exception raised in instrumented code is
 * recorded, caught or not, with the agent's call stack at the raise ({@code +RTS -xc} for the JVM).
 * Repeats at the same place that end the same way are folded into one record with a count, so a
 * loop throwing a million times costs a counter increment per throw and yields one record.
 *
 * <p>Only classes instrumented by the agent are seen, and the hooks are put in when a class is
 * instrumented: turn instrumentation on before shipping the classes to trace.
 */
public final class ExceptionTrace {

    private ExceptionTrace() {}

    /** Starts recording exceptions (and call stacks, which the records are made of). */
    public static void start() {
        ExceptionRecorder.start();
    }

    /** Stops recording; what was recorded stays until {@link #drain()}. */
    public static void stop() {
        ExceptionRecorder.stop();
    }

    /** Whether exceptions are being recorded. */
    public static boolean active() {
        return ExceptionRecorder.tracing;
    }

    /**
     * Takes the exceptions recorded so far, in the order of their first raise. Exceptions of this
     * thread and of threads that have ended are all complete; an exception another live thread
     * still propagates stays for a later drain. A repeat after this call starts a new record.
     */
    public static List<TracedException> drain() {
        return ExceptionRecorder.drain();
    }
}
