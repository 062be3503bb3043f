package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/** One thread's call stack as the agent keeps it: instrumented methods, innermost first. */
public final class ThreadStack extends SelfDescribingMarshallable {

    private String threadName;
    private long threadId;
    private List<String> frames = new ArrayList<>();

    private ThreadStack() {}

    public ThreadStack(String threadName, long threadId, List<String> frames) {
        this.threadName = threadName;
        this.threadId = threadId;
        this.frames = new ArrayList<>(frames);
    }

    public String threadName() {
        return threadName;
    }

    public long threadId() {
        return threadId;
    }

    /** {@code Class.method} of each running instrumented method, innermost first. */
    public List<String> frames() {
        return List.copyOf(frames);
    }
}
