package dev.sandprof.agent.internal;

import dev.sandprof.agent.CallProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's call-path profile, as GHC's profiler takes one: entries are counted exactly by the
 * advice (into each thread's {@link CallTree}), and time is attributed by a ticker that looks at
 * every running thread's innermost call path at a regular interval. Reading the clock on every
 * call and exit instead costs ~57× on call-heavy code (DEPENDENCIES.md).
 */
public final class CallProfiler {

    /** Which profile the trees belong to; a thread starts a new tree when it sees a new one. */
    static volatile int generation;

    private static Ticker ticker;

    private CallProfiler() {}

    /** Starts counting calls and ticking every {@code intervalNanos}. */
    public static synchronized void start(long intervalNanos) {
        if (ticker != null) {
            throw new IllegalStateException("an agent profile is running already");
        }
        generation++;
        ShadowStack.record(true);
        AdviceSwitch.COUNTING.set(true);
        ticker = new Ticker(intervalNanos, generation);
        ticker.thread.start();
    }

    /** Stops, and gives each call path with its entries and ticks, merged across threads. */
    public static synchronized List<CallProfile.CallPath> stop() {
        if (ticker == null) {
            throw new IllegalStateException("no agent profile is running");
        }
        AdviceSwitch.COUNTING.set(false);
        Ticker t = ticker;
        ticker = null;
        t.running = false;
        LockSupport.unpark(t.thread);
        try {
            t.thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, long[]> byPath = new LinkedHashMap<>();
        for (ShadowStack s : ShadowStack.all()) {
            CallTree tree = s.tree;
            if (tree == null || s.treeGeneration != t.generation) {
                continue;
            }
            long[] ticks = t.ticks.getOrDefault(s, new long[0]);
            String[] paths = new String[tree.size];
            for (int n = 1; n < tree.size; n++) {
                String name = MethodIds.name(tree.method[n]);
                paths[n] = tree.parent[n] == 0 ? name : paths[tree.parent[n]] + ";" + name;
                long[] sum = byPath.computeIfAbsent(paths[n], p -> new long[2]);
                sum[0] += tree.entries[n];
                sum[1] += n < ticks.length ? ticks[n] : 0;
            }
        }
        List<CallProfile.CallPath> out = new ArrayList<>();
        byPath.forEach((path, counts) -> out.add(new CallProfile.CallPath(List.of(path.split(";")), counts[0], counts[1])));
        return out;
    }

    /** Looks at every running thread's innermost call path at each tick; owns the tick counts. */
    private static final class Ticker implements Runnable {
        final long intervalNanos;
        final int generation;
        final Thread thread;
        final Map<ShadowStack, long[]> ticks = new IdentityHashMap<>();
        volatile boolean running = true;

        Ticker(long intervalNanos, int generation) {
            this.intervalNanos = intervalNanos;
            this.generation = generation;
            this.thread = new Thread(this, "sandprof-agent-ticker");
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            long next = System.nanoTime() + intervalNanos;
            while (running) {
                LockSupport.parkNanos(next - System.nanoTime());
                if (System.nanoTime() < next) {
                    continue; // woken early (or to stop)
                }
                next += intervalNanos;
                for (ShadowStack s : ShadowStack.all()) {
                    // Read while the thread runs on: a tick may land one call off, as any sample.
                    int d = s.depth;
                    int[] nodes = s.nodes;
                    if (d <= 0 || d > nodes.length || s.treeGeneration != generation
                            || s.owner.getState() != Thread.State.RUNNABLE) {
                        continue;
                    }
                    int node = nodes[d - 1];
                    if (node <= 0) {
                        continue;
                    }
                    long[] counts = ticks.get(s);
                    if (counts == null || counts.length <= node) {
                        counts = counts == null ? new long[Math.max(256, node + 1)] : Arrays.copyOf(counts, Math.max(node + 1, counts.length * 2));
                        ticks.put(s, counts);
                    }
                    counts[node]++;
                }
            }
        }
    }
}
