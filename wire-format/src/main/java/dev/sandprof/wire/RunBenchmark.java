package dev.sandprof.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one benchmark in one mode with one set of parameters: warmup then measurement iterations,
 * each reported by a {@link BenchmarkIteration} event as it ends; answered with {@link Done}, or a
 * {@link UserFailure} when the benchmark (or a fixture) throws.
 */
public final class RunBenchmark extends Request {

    private String benchmarkClass;
    private String method;
    private String stubClass;
    private String mode;
    private String timeUnit;
    private int threads;
    private Map<String, String> params = new LinkedHashMap<>();
    private int warmupIterations;
    private long warmupNanos;
    private int measurementIterations;
    private long measurementNanos;
    private int operationsPerInvocation;

    private RunBenchmark() {}

    /**
     * @param stubClass the generated class that calls the benchmark method in a loop
     * @param mode      {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
     * @param timeUnit  a {@code TimeUnit} name: the unit of the scores
     */
    public RunBenchmark(long requestId, String benchmarkClass, String method, String stubClass, String mode, String timeUnit,
                        int threads, Map<String, String> params, int warmupIterations, long warmupNanos,
                        int measurementIterations, long measurementNanos, int operationsPerInvocation) {
        super(requestId);
        this.benchmarkClass = benchmarkClass;
        this.method = method;
        this.stubClass = stubClass;
        this.mode = mode;
        this.timeUnit = timeUnit;
        this.threads = threads;
        this.params = new LinkedHashMap<>(params);
        this.warmupIterations = warmupIterations;
        this.warmupNanos = warmupNanos;
        this.measurementIterations = measurementIterations;
        this.measurementNanos = measurementNanos;
        this.operationsPerInvocation = operationsPerInvocation;
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

    public String mode() {
        return mode;
    }

    public String timeUnit() {
        return timeUnit;
    }

    public int threads() {
        return threads;
    }

    public Map<String, String> params() {
        return new LinkedHashMap<>(params);
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
}
