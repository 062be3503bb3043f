package dev.sandprof.wire;

import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A handle to an object that lives in the sandbox heap, kept reachable there by the sandbox's ref
 * table until the host frees it. The epoch names the sandbox incarnation that made it: a ref whose
 * epoch is not the current sandbox's is refused, never resolved to another object.
 */
public final class RemoteRef extends SelfDescribingMarshallable {

    private long epoch;
    private long id;

    private RemoteRef() {}

    public RemoteRef(long epoch, long id) {
        this.epoch = epoch;
        this.id = id;
    }

    /** The sandbox incarnation that created this ref (see {@link Handshake#epoch()}). */
    public long epoch() {
        return epoch;
    }

    /** The ref's key in that sandbox's ref table. */
    public long id() {
        return id;
    }
}
