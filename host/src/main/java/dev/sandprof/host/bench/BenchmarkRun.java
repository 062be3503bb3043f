package dev.sandprof.host.bench;

import java.util.Map;

/**
 * One benchmark run in one sandbox (a fork): which method, through which generated stub, in which
 * mode and unit, on how many threads, with which parameters, and its iterations.
 *
 * @param mode     {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param timeUnit a {@code java.util.concurrent.TimeUnit} name
 * @param profiler over the measurement iterations: {@code gc}, {@code async}, {@code jfr}, {@code agent}, or {@code null}
 * @param profileEvent the profiling engine's event ({@code cpu} when {@code null})
 * @param jfrFile  where the {@code jfr} profiler keeps its recording, or {@code null}
 */
public record BenchmarkRun(String benchmarkClass, String method, String stubClass, String mode, String timeUnit, int threads,
                           Map<String, String> params, int warmupIterations, long warmupNanos, int measurementIterations,
                           long measurementNanos, int operationsPerInvocation, String profiler, String profileEvent,
                           String jfrFile) {

    public BenchmarkRun {
        params = Map.copyOf(params);
    }

    /** The same run, its scores in another unit. */
    public BenchmarkRun withTimeUnit(String unit) {
        return new BenchmarkRun(benchmarkClass, method, stubClass, mode, unit, threads, params, warmupIterations, warmupNanos,
                measurementIterations, measurementNanos, operationsPerInvocation, profiler, profileEvent, jfrFile);
    }
}
