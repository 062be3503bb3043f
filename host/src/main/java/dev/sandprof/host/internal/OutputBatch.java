package dev.sandprof.host.internal;

import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.Output;
import java.util.Arrays;

/**
 * Output events that came one right after another, for the same listener, request and stream,
 * given on as one: a program printing line by line sends an event a line, and the host writing
 * each to its stdout with its own {@code write(2)} (and listeners called for each) was most of
 * what made output under sandprof slower than under {@code java}. The channel's reader holds
 * events here only while the next frame has arrived already, and gives them on before anything
 * else it reads and before it waits for the channel: so the order across streams and with replies
 * is kept, and nothing waits on output that may never come (a prompt before a read of stdin shows).
 *
 * <p>For the reader thread alone.
 */
final class OutputBatch {

    /**
     * The most bytes joined into one event: past it, what is held goes on as it is (a large piece
     * is not copied once more only to be written in one call rather than two).
     */
    static final int MAX_BYTES = 64 * 1024;

    private EventListener listener;
    /** The first event held, given on as it is when nothing joins it. */
    private Output first;
    private byte[] joined = new byte[0];
    private int length;
    /** Whether events joined the first: its bytes and theirs are in {@link #joined}. */
    private boolean joining;

    /** Holds {@code event} for {@code to}, giving on first what is held for another listener, request or stream. */
    void add(EventListener to, Output event) {
        int n = event.bytes().length;
        if (first != null && (to != listener || event.requestId() != first.requestId()
                || event.stream() != first.stream() || length + n > MAX_BYTES)) {
            deliver();
        }
        if (first == null) {
            listener = to;
            first = event;
            length = n;
            return;
        }
        if (joined.length < length + n) {
            joined = Arrays.copyOf(joined, Math.max(8192, Math.max(length + n, Math.min(MAX_BYTES, 2 * joined.length))));
        }
        if (!joining) {
            // A second event joins the first: from now on the bytes are copied together.
            System.arraycopy(first.bytes(), 0, joined, 0, length);
            joining = true;
        }
        System.arraycopy(event.bytes(), 0, joined, length, n);
        length += n;
    }

    /** Gives on everything held, as one event. */
    void deliver() {
        if (first == null) {
            return;
        }
        Output event = first;
        EventListener to = listener;
        if (joining) {
            event = new Output(first.requestId(), first.stream(), Arrays.copyOf(joined, length));
        }
        first = null;
        joining = false;
        listener = null;
        length = 0;
        event.deliverTo(to);
    }
}
