package dev.sandprof.host.internal;

import java.util.Arrays;

/**
 * The ids of refs the host has let go of, waiting to be freed in the sandbox with the next
 * request. Filled from cleaner threads and {@code close()}, drained only by the thread that
 * sends requests: one writer on the channel, as in GHC.
 */
public final class FreeList {

    private long[] ids = new long[256];
    private long[] epochs = new long[256];
    private int size;
    private final Runnable flusher;

    /** @param flusher asks for the list to be sent now, from the caller's thread ({@code close()}) */
    public FreeList(Runnable flusher) {
        this.flusher = flusher;
    }

    public synchronized void add(long epoch, long id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            epochs = Arrays.copyOf(epochs, size * 2);
        }
        ids[size] = id;
        epochs[size] = epoch;
        size++;
    }

    public void flushSoon() {
        flusher.run();
    }

    /** Takes the pending ids of one epoch; those of other epochs name objects already gone. */
    public synchronized long[] drain(long epoch) {
        int n = 0;
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            if (epochs[i] == epoch) {
                out[n++] = ids[i];
            }
        }
        size = 0;
        if (ids.length > 4096) {
            ids = new long[256];
            epochs = new long[256];
        }
        return Arrays.copyOf(out, n);
    }

    public synchronized boolean isEmpty() {
        return size == 0;
    }

    /** How many ids wait to be freed with the next request. */
    public synchronized int size() {
        return size;
    }
}
