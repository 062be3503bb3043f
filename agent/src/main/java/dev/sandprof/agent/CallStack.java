package dev.sandprof.agent;

import dev.sandprof.agent.internal.ShadowStack;
import java.util.List;

/**
 * The current thread's call stack as the sandprof agent keeps it: the instrumented methods that
 * are running, innermost first, GHC's {@code currentCallStack}. Unlike a JVM stack trace it is
 * exact (no inlining or sampling blind spots), costs no stack walk, and holds only instrumented
 * code (the classes sandprof shipped, and the packages named for instrumentation).
 *
 * <p>Empty where nothing is instrumented, or when recording is off.
 */
public final class CallStack {

    private CallStack() {}

    /**
     * The call stacks of all threads that have run instrumented code and are alive, innermost
     * first, each read while its thread runs on.
     */
    public static java.util.Map<Thread, List<String>> allThreads() {
        return ShadowStack.allThreads();
    }

    /** The running instrumented methods of this thread as {@code Class.method}, innermost first. */
    public static List<String> current() {
        return ShadowStack.current().frames();
    }
}
