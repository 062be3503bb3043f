package dev.sandprof.wire;

/** How many objects the sandbox's ref table holds: the refs the host has not freed. */
public final class RefCount extends Reply {

    private long live;

    private RefCount() {}

    public RefCount(long requestId, long live) {
        super(requestId);
        this.live = live;
    }

    public long live() {
        return live;
    }
}
