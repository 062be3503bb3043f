package dev.sandprof.wire;

/**
 * One iteration of a running benchmark, sent as it ends: its score in the run's unit (operations
 * per unit for {@code thrpt}, units per operation for the others), and the raw counts it came from.
 * For {@code sample} mode, the sampled invocation times in nanoseconds.
 */
public final class BenchmarkIteration extends Event {

    private boolean warmup;
    private int index;
    private double score;
    private long operations;
    private long nanos;
    private long[] samples = new long[0];
    private java.util.Map<String, Double> secondary = new java.util.LinkedHashMap<>();

    private BenchmarkIteration() {}

    public BenchmarkIteration(long requestId, boolean warmup, int index, double score, long operations, long nanos, long[] samples) {
        super(requestId);
        this.warmup = warmup;
        this.index = index;
        this.score = score;
        this.operations = operations;
        this.nanos = nanos;
        this.samples = samples.clone();
    }

    public boolean warmup() {
        return warmup;
    }

    /** 1-based within its phase. */
    public int index() {
        return index;
    }

    public double score() {
        return score;
    }

    public long operations() {
        return operations;
    }

    public long nanos() {
        return nanos;
    }

    public long[] samples() {
        return samples.clone();
    }

    /** The same iteration with secondary results (the {@code gc} profiler's), named as JMH names them. */
    public BenchmarkIteration withSecondary(java.util.Map<String, Double> results) {
        BenchmarkIteration b = new BenchmarkIteration(requestId(), warmup, index, score, operations, nanos, samples);
        b.secondary = new java.util.LinkedHashMap<>(results);
        return b;
    }

    /** Secondary results by name ({@code gc.alloc.rate.norm}, ...), empty without a profiler that makes them. */
    public java.util.Map<String, Double> secondary() {
        return new java.util.LinkedHashMap<>(secondary);
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.benchmarkIteration(this);
    }
}
