package dev.sandprof.sandbox;

import dev.sandprof.wire.RemoteRef;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the objects the host holds refs to reachable, until the host frees them. Ids are never
 * reused within an epoch, so a freed ref cannot come to name another object.
 */
final class RefTable {

    private final long epoch;
    private final AtomicLong nextId = new AtomicLong(1);
    private final ConcurrentHashMap<Long, Object> live = new ConcurrentHashMap<>();

    RefTable(long epoch) {
        this.epoch = epoch;
    }

    RemoteRef add(Object value) {
        long id = nextId.getAndIncrement();
        live.put(id, value);
        return new RemoteRef(epoch, id);
    }

    /**
     * The object a ref names.
     *
     * @throws RequestRefused for a ref of another sandbox incarnation or a freed ref
     */
    Object get(RemoteRef ref) {
        if (ref.epoch() != epoch) {
            throw new RequestRefused("stale ref " + ref.id() + ": it was made by sandbox epoch "
                    + ref.epoch() + ", this sandbox is epoch " + epoch + " (the sandbox restarted since)");
        }
        Object value = live.get(ref.id());
        if (value == null) {
            throw new RequestRefused("ref " + ref.id() + " was freed");
        }
        return value;
    }

    /** Frees a batch; a batch of another epoch names objects of a sandbox since gone: ignored. */
    void free(long batchEpoch, long[] ids) {
        if (batchEpoch != epoch) {
            return;
        }
        for (long id : ids) {
            live.remove(id);
        }
    }

    int size() {
        return live.size();
    }
}
