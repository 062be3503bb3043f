package dev.sandprof.benchmarks;

import dev.sandprof.host.ForeignRef;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.internal.ForeignRefs;
import dev.sandprof.host.internal.ToolInterpreter;
import dev.sandprof.wire.FreeRefs;
import dev.sandprof.wire.WireCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * f. Frees of dropped refs, sent through the channel as one batch. On a fresh external
 * interpreter, N objects are made in the sandbox ({@code call(factory, "get")} from
 * {@link #THREADS} threads) and their refs all kept; then the refs are dropped, the host's GC is
 * asked until the {@code Cleaner} has put every id on the pending frees, and one
 * {@link Interpreter#liveRefs()} is timed: it sends the N pending frees as one {@code FreeRefs}
 * request (answered once the sandbox has dropped them), then counts. Target: at least 1,000,000
 * frees per second, i.e. N frees within N / 1,000,000 s.
 */
final class FreeBatch {

    static final int THREADS = 4;
    private static final long GC_WAIT_NANOS = 60_000_000_000L;
    private static final double TARGET_PER_SECOND = 1_000_000;

    /** The refs made; a field, so that dropping them is one assignment. */
    private List<ForeignRef<?>> held;

    void run(Budget budget, SandboxOptions base, ResultTable table) throws Exception {
        int n = budget.freeRefs();
        long creation;
        long gcWait;
        int gcs = 0;
        long freeTime;
        long emptyLiveRefs;
        long liveAfterMaking;
        long liveAfterFree;
        try (Interpreter sandbox = Interpreter.external(base.toBuilder().spare(false).build())) {
            ToolInterpreter tools = ToolInterpreter.of(sandbox);
            ForeignRef<?> factory = sandbox.eval("(java.util.function.Supplier<Object>) Object::new");
            long baseline = sandbox.liveRefs();
            if (baseline != 1) {
                throw new IllegalStateException("a fresh sandbox holding only the factory counts " + baseline + " live refs, not 1");
            }
            // Warm the call path a little (these refs are closed, so freed before the timing).
            for (int i = 0; i < 2_000; i++) {
                sandbox.call(factory, "get").close();
            }
            if (sandbox.liveRefs() != 1) {
                throw new IllegalStateException("after 2000 closed refs the sandbox holds " + sandbox.liveRefs() + " refs, not 1");
            }

            long t0 = System.nanoTime();
            held = make(sandbox, factory, n);
            creation = System.nanoTime() - t0;
            liveAfterMaking = sandbox.liveRefs();
            if (liveAfterMaking != n + 1L || tools.pendingFrees() != 0) {
                throw new IllegalStateException("after making " + n + " refs and keeping them all the sandbox holds "
                        + liveAfterMaking + " (expected " + (n + 1L) + ") and " + tools.pendingFrees() + " frees are pending");
            }

            held = null;
            long g0 = System.nanoTime();
            while (tools.pendingFrees() < n) {
                if (System.nanoTime() - g0 > GC_WAIT_NANOS) {
                    throw new IllegalStateException("after " + GC_WAIT_NANOS / 1_000_000_000L + " s and " + gcs + " System.gc() calls only "
                            + tools.pendingFrees() + " of " + n + " dropped refs are pending frees: the Cleaner has not queued them all");
                }
                System.gc();
                gcs++;
                Thread.sleep(20);
            }
            gcWait = System.nanoTime() - g0;
            if (tools.pendingFrees() != n) {
                throw new IllegalStateException(tools.pendingFrees() + " frees are pending for " + n + " dropped refs");
            }

            long f0 = System.nanoTime();
            liveAfterFree = sandbox.liveRefs();
            freeTime = System.nanoTime() - f0;
            if (liveAfterFree != 1 || tools.pendingFrees() != 0) {
                throw new IllegalStateException("after freeing " + n + " refs the sandbox holds " + liveAfterFree
                        + " (expected 1, the factory) and " + tools.pendingFrees() + " frees are still pending");
            }
            // For scale: the same call with nothing pending is the CountRefs round trip alone.
            long e0 = System.nanoTime();
            sandbox.liveRefs();
            emptyLiveRefs = System.nanoTime() - e0;
            factory.close();
        }
        // For scale: what the wire codec alone takes for such a batch, in this JVM, after the timing.
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 2_002 + i;
        }
        WireCodec encoder = new WireCodec();
        WireCodec decoder = new WireCodec();
        long c0 = System.nanoTime();
        ByteBuffer frame = encoder.encode(new FreeRefs(1, 1, ids));
        long c1 = System.nanoTime();
        int frameBytes = frame.remaining();
        if (((FreeRefs) decoder.decode(frame)).ids().length != n) {
            throw new IllegalStateException("a FreeRefs of " + n + " ids did not decode to as many");
        }
        long c2 = System.nanoTime();
        double rate = n / (freeTime / 1e9);
        table.row(String.format("f. %,d dropped refs freed (1 liveRefs call)", n), "once", 1, freeTime,
                n * 1e9 / TARGET_PER_SECOND, 1);
        table.row(String.format("f. %,d refs made: call(factory,\"get\") x%d thr", n, THREADS), "total", 1, creation,
                Double.NaN, Double.NaN);
        table.note(String.format("f. sandprof: a fresh external interpreter (spare=false); factory = eval(\"(java.util.function.Supplier<Object>)"
                + " Object::new\"); %,d call(factory, \"get\") from %d threads, all refs kept (liveRefs() = %,d, %s, %,.0f calls/s);"
                + " the refs dropped and System.gc() called until pendingFrees() = %,d (%d calls, %s); then ONE liveRefs() timed:"
                + " it sends the %,d pending frees as one FreeRefs batch, then a CountRefs: %s = %,.0f frees/s; liveRefs() after ="
                + " %d (the factory). liveRefs() with nothing pending then took %s. For scale, WireCodec alone on a FreeRefs of"
                + " %,d ids in this JVM afterwards (fresh codecs): %,d B frame, encode %s, decode %s. Reference: the time the"
                + " target rate of 1,000,000 frees/s allows for %,d frees.",
                n, THREADS, liveAfterMaking, Samples.format(creation), n / (creation / 1e9), n, gcs, Samples.format(gcWait),
                n, Samples.format(freeTime), rate, liveAfterFree, Samples.format(emptyLiveRefs), n, frameBytes,
                Samples.format(c1 - c0), Samples.format(c2 - c1), n));
    }

    /** N refs from the factory, made from {@link #THREADS} threads, all kept. */
    private static List<ForeignRef<?>> make(Interpreter sandbox, ForeignRef<?> factory, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<ForeignRef<?>>>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int count = n / THREADS + (t < n % THREADS ? 1 : 0);
                parts.add(pool.submit(() -> {
                    List<ForeignRef<?>> refs = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        ForeignRef<?> ref = sandbox.call(factory, "get");
                        if (ForeignRefs.remote(ref).isEmpty() || !"java.lang.Object".equals(ref.typeName())) {
                            throw new IllegalStateException("call(factory, \"get\") gave " + ref);
                        }
                        refs.add(ref);
                    }
                    return refs;
                }));
            }
            List<ForeignRef<?>> all = new ArrayList<>(n);
            for (Future<List<ForeignRef<?>>> part : parts) {
                all.addAll(part.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
