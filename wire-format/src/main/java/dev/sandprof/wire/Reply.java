package dev.sandprof.wire;

/** The sandbox's one answer to a {@link Request}, with the same request id. */
public abstract class Reply extends Message {

    protected Reply() {}

    protected Reply(long requestId) {
        super(requestId);
    }
}
