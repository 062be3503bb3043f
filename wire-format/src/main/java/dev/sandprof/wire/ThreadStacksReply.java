package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/** The call stacks of the sandbox's threads that have run instrumented code. */
public final class ThreadStacksReply extends Reply {

    private List<ThreadStack> stacks = new ArrayList<>();

    private ThreadStacksReply() {}

    public ThreadStacksReply(long requestId, List<ThreadStack> stacks) {
        super(requestId);
        this.stacks = new ArrayList<>(stacks);
    }

    public List<ThreadStack> stacks() {
        return List.copyOf(stacks);
    }
}
