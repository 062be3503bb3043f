package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one benchmark in one mode with one set of parameters: warmup then measurement iterations,
 * each reported by a {@link BenchmarkIteration} event as it ends; answered with {@link Done}, or a
 * {@link UserFailure} when the benchmark (or a fixture) throws.
 */
public final class RunBenchmark extends Request<Done> {

    private String benchmarkClass;
    private String method;
    private String stubClass;
    private String mode;
    private TimeUnit timeUnit;
    private int threads;
    // Names and values side by side, not a Map: Chronicle writes a map's keys as field names, in
    // 8 bits, so a @Param named outside Latin-1 came back mangled (found by WireCodecPropertyTest).
    private List<String> paramNames = new ArrayList<>();
    private List<String> paramValues = new ArrayList<>();
    private int warmupIterations;
    private long warmupNanos;
    private int measurementIterations;
    private long measurementNanos;
    private int operationsPerInvocation;
    private String profiler;
    private String profileEvent;
    private String jfrFile;

    private RunBenchmark() {}

    /**
     * @param stubClass    the generated class that calls the benchmark method in a loop
     * @param mode         JMH's {@code Mode} by its short label: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
     * @param timeUnit     the unit of the scores
     * @param profiler     over the measurement iterations: {@code gc} (allocation and GC counts per
     *     iteration, as secondary results), a profiling engine ({@code async}, {@code jfr},
     *     {@code agent}) whose profile comes back as a {@link ProfileCollected} event, or {@code null}
     * @param profileEvent the profiling engine's event, or {@code null} for {@code cpu}
     * @param jfrFile      where the {@code jfr} engine keeps its recording, or {@code null}
     */
    public RunBenchmark(long requestId, String benchmarkClass, String method, String stubClass, String mode, TimeUnit timeUnit,
                        int threads, Map<String, String> params, int warmupIterations, long warmupNanos,
                        int measurementIterations, long measurementNanos, int operationsPerInvocation,
                        String profiler, String profileEvent, String jfrFile) {
        super(requestId);
        this.benchmarkClass = benchmarkClass;
        this.method = method;
        this.stubClass = stubClass;
        this.mode = mode;
        this.timeUnit = timeUnit;
        this.threads = threads;
        params.forEach((k, v) -> {
            paramNames.add(k);
            paramValues.add(v);
        });
        this.warmupIterations = warmupIterations;
        this.warmupNanos = warmupNanos;
        this.measurementIterations = measurementIterations;
        this.measurementNanos = measurementNanos;
        this.operationsPerInvocation = operationsPerInvocation;
        this.profiler = profiler;
        this.profileEvent = profileEvent;
        this.jfrFile = jfrFile;
    }

    /** {@code gc}, {@code async}, {@code jfr}, {@code agent}, or {@code null} for none. */
    public String profiler() {
        return profiler;
    }

    public String profileEvent() {
        return profileEvent;
    }

    public String jfrFile() {
        return jfrFile;
    }

    public String benchmarkClass() {
        return benchmarkClass;
    }

    public String method() {
        return method;
    }

    public String stubClass() {
        return stubClass;
    }

    /** JMH's {@code Mode} by its short label ({@code Mode.deepValueOf} reads it back). */
    public String mode() {
        return mode;
    }

    public TimeUnit timeUnit() {
        return timeUnit;
    }

    public int threads() {
        return threads;
    }

    public Map<String, String> params() {
        Map<String, String> copy = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(paramNames.size(), paramValues.size()); i++) {
            copy.put(paramNames.get(i), paramValues.get(i));
        }
        return copy;
    }

    public int warmupIterations() {
        return warmupIterations;
    }

    public long warmupNanos() {
        return warmupNanos;
    }

    public int measurementIterations() {
        return measurementIterations;
    }

    public long measurementNanos() {
        return measurementNanos;
    }

    public int operationsPerInvocation() {
        return operationsPerInvocation;
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.runBenchmark(this);
    }
}
