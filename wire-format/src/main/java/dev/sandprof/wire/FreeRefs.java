package dev.sandprof.wire;

/**
 * Drops the sandbox's hold on a batch of objects. Sent ahead of the next request, not waited for
 * on its own; answered with {@link Done}. A batch of another epoch (a sandbox since restarted) is
 * ignored, and freeing an id twice is harmless.
 */
public final class FreeRefs extends Request {

    private long epoch;
    private long[] ids = new long[0];

    private FreeRefs() {}

    public FreeRefs(long requestId, long epoch, long[] ids) {
        super(requestId);
        this.epoch = epoch;
        this.ids = ids.clone();
    }

    public long epoch() {
        return epoch;
    }

    public long[] ids() {
        return ids.clone();
    }
}
