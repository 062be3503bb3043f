package dev.sandprof.wire;

/** The reply to a request that completed and has no value to return. */
public final class Done extends Reply {

    private Done() {}

    public Done(long requestId) {
        super(requestId);
    }
}
