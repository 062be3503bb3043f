package dev.sandprof.wire;

/** Asks how many objects the sandbox holds for the host; answered with {@link RefCount}. */
public final class CountRefs extends Request {

    private CountRefs() {}

    public CountRefs(long requestId) {
        super(requestId);
    }
}
