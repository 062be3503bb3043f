package dev.sandprof.host;

import java.util.List;

/**
 * One sandbox thread's call stack as the agent keeps it, from {@link Interpreter#threadStacks()}.
 *
 * @param threadName the thread's name
 * @param threadId its id
 * @param frames {@code Class.method} of each running instrumented method, innermost first
 */
public record ThreadStack(String threadName, long threadId, List<String> frames) {

    public ThreadStack {
        frames = List.copyOf(frames);
    }
}
