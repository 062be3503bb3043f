package dev.sandprof.sandbox;

import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.TracedExceptionData;
import java.util.ArrayList;
import java.util.List;

/**
 * The traced exceptions of one request, split into batches that each go as one event far below
 * the frame cap: a program that raises at thousands of places, each with a long message and a
 * deep stack, would otherwise make one event too large to send.
 */
final class TracedBatches {

    /** Chars of text per batch: at most ~12 MB encoded, the frame cap is 64 MiB. */
    static final long MAX_BATCH_CHARS = 4_000_000;
    private static final int FRAME_OVERHEAD_CHARS = 32;

    private TracedBatches() {}

    static List<List<TracedExceptionData>> of(List<TracedExceptionData> all) {
        List<List<TracedExceptionData>> batches = new ArrayList<>();
        List<TracedExceptionData> batch = new ArrayList<>();
        long chars = 0;
        for (TracedExceptionData e : all) {
            long w = weight(e);
            if (!batch.isEmpty() && chars + w > MAX_BATCH_CHARS) {
                batches.add(batch);
                batch = new ArrayList<>();
                chars = 0;
            }
            batch.add(e);
            chars += w;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /** About how many chars the exception takes encoded. */
    static long weight(TracedExceptionData e) {
        long w = 64 + length(e.thread()) + length(e.exceptionClass()) + length(e.message()) + weight(e.stoppedAt());
        for (StackFrameData f : e.stack()) {
            w += weight(f);
        }
        return w;
    }

    private static long weight(StackFrameData f) {
        return f == null ? 0 : FRAME_OVERHEAD_CHARS + length(f.className()) + length(f.methodName()) + length(f.fileName());
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
