package dev.sandprof.wire;

import java.nio.ByteBuffer;

/**
 * Drops the sandbox's hold on a batch of objects. Sent ahead of the next request, not waited for
 * on its own; answered with {@link Done}. A batch of another epoch (a sandbox since restarted) is
 * ignored, and freeing an id twice is harmless.
 */
public final class FreeRefs extends Request<Done> {

    private long epoch;
    /**
     * The ids, 8 bytes each: Chronicle copies a byte array whole, where it would write a long
     * array element by element (measured: a million ids encoded and decoded several times faster).
     */
    private byte[] packedIds = new byte[0];

    private FreeRefs() {}

    public FreeRefs(long requestId, long epoch, long[] ids) {
        super(requestId);
        this.epoch = epoch;
        ByteBuffer packed = ByteBuffer.allocate(ids.length * Long.BYTES);
        packed.asLongBuffer().put(ids);
        this.packedIds = packed.array();
    }

    public long epoch() {
        return epoch;
    }

    public long[] ids() {
        long[] ids = new long[packedIds.length / Long.BYTES];
        ByteBuffer.wrap(packedIds).asLongBuffer().get(ids);
        return ids;
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.freeRefs(this);
    }

    @Override
    public boolean runsUserCode() {
        return false;
    }
}
