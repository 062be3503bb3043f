package dev.sandprof.host.bench;

import dev.sandprof.wire.RunBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;

/**
 * One benchmark run in one sandbox (a fork, or a REPL's {@code :bench}): which method, through
 * which generated stub, in which mode and unit, on how many threads, with which parameters, its
 * iterations, and a profiler over them. Immutable; made with {@link #builder(String, String, String)}.
 */
public final class BenchmarkRun {

    private final String benchmarkClass;
    private final String method;
    private final String stubClass;
    private final Mode mode;
    private final TimeUnit timeUnit;
    private final int threads;
    private final Map<String, String> params;
    private final int warmupIterations;
    private final Duration warmupTime;
    private final int measurementIterations;
    private final Duration measurementTime;
    private final int operationsPerInvocation;
    private final BenchProfiler profiler;
    private final Path jfrFile;

    private BenchmarkRun(Builder b) {
        benchmarkClass = b.benchmarkClass;
        method = b.method;
        stubClass = b.stubClass;
        mode = b.mode;
        timeUnit = b.timeUnit;
        threads = b.threads;
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        warmupIterations = b.warmupIterations;
        warmupTime = b.warmupTime;
        measurementIterations = b.measurementIterations;
        measurementTime = b.measurementTime;
        operationsPerInvocation = b.operationsPerInvocation;
        profiler = b.profiler;
        jfrFile = b.jfrFile;
    }

    /**
     * A run of {@code benchmarkClass.method} through {@code stubClass}: by default JMH's throughput
     * in seconds, one thread, no parameters, no iterations, one operation per call.
     */
    public static Builder builder(String benchmarkClass, String method, String stubClass) {
        return new Builder(benchmarkClass, method, stubClass);
    }

    /** A builder holding this run, to change some of it. */
    public Builder toBuilder() {
        return new Builder(benchmarkClass, method, stubClass).mode(mode).timeUnit(timeUnit).threads(threads).params(params)
                .warmup(warmupIterations, warmupTime).measurement(measurementIterations, measurementTime)
                .operationsPerInvocation(operationsPerInvocation).profiler(profiler).jfrFile(jfrFile);
    }

    public String benchmarkClass() {
        return benchmarkClass;
    }

    public String method() {
        return method;
    }

    /** {@code Class.method}, as JMH names a benchmark. */
    public String name() {
        return benchmarkClass + "." + method;
    }

    public String stubClass() {
        return stubClass;
    }

    public Mode mode() {
        return mode;
    }

    /** The unit of its scores. */
    public TimeUnit timeUnit() {
        return timeUnit;
    }

    public int threads() {
        return threads;
    }

    /** Its {@code @Param} values, in JMH's order. */
    public Map<String, String> params() {
        return params;
    }

    public int warmupIterations() {
        return warmupIterations;
    }

    public Duration warmupTime() {
        return warmupTime;
    }

    public int measurementIterations() {
        return measurementIterations;
    }

    public Duration measurementTime() {
        return measurementTime;
    }

    public int operationsPerInvocation() {
        return operationsPerInvocation;
    }

    /** The profiler over its measurement iterations. */
    public Optional<BenchProfiler> profiler() {
        return Optional.ofNullable(profiler);
    }

    /** Where the {@code jfr} engine keeps its recording. */
    public Optional<Path> jfrFile() {
        return Optional.ofNullable(jfrFile);
    }

    /** The run as the sandbox takes it: the one place its fields cross to the wire. */
    public RunBenchmark request(long requestId) {
        BenchProfiler p = profiler;
        return new RunBenchmark(requestId, benchmarkClass, method, stubClass, mode.shortLabel(), timeUnit, threads, params,
                warmupIterations, warmupTime.toNanos(), measurementIterations, measurementTime.toNanos(), operationsPerInvocation,
                p == null ? null : p.kind().label(), p == null || !p.isEngine() ? null : p.event(),
                jfrFile == null ? null : jfrFile.toAbsolutePath().toString());
    }

    /** Fills in a {@link BenchmarkRun}. */
    public static final class Builder {
        private final String benchmarkClass;
        private final String method;
        private final String stubClass;
        private Mode mode = Mode.Throughput;
        private TimeUnit timeUnit = TimeUnit.SECONDS;
        private int threads = 1;
        private Map<String, String> params = Map.of();
        private int warmupIterations;
        private Duration warmupTime = Duration.ZERO;
        private int measurementIterations;
        private Duration measurementTime = Duration.ZERO;
        private int operationsPerInvocation = 1;
        private BenchProfiler profiler;
        private Path jfrFile;

        private Builder(String benchmarkClass, String method, String stubClass) {
            this.benchmarkClass = benchmarkClass;
            this.method = method;
            this.stubClass = stubClass;
        }

        /** Mode, iterations, threads, unit and operations per call as resolved for a benchmark. */
        public Builder settings(BenchmarkSettings s) {
            return mode(s.mode()).timeUnit(s.timeUnit()).threads(s.threads())
                    .warmup(s.warmupIterations(), s.warmupTime()).measurement(s.measurementIterations(), s.measurementTime())
                    .operationsPerInvocation(s.operationsPerInvocation());
        }

        public Builder mode(Mode m) {
            mode = m;
            return this;
        }

        public Builder timeUnit(TimeUnit unit) {
            timeUnit = unit;
            return this;
        }

        public Builder threads(int n) {
            threads = n;
            return this;
        }

        public Builder params(Map<String, String> values) {
            params = new LinkedHashMap<>(values);
            return this;
        }

        public Builder warmup(int iterations, Duration time) {
            warmupIterations = iterations;
            warmupTime = time;
            return this;
        }

        public Builder measurement(int iterations, Duration time) {
            measurementIterations = iterations;
            measurementTime = time;
            return this;
        }

        public Builder operationsPerInvocation(int n) {
            operationsPerInvocation = n;
            return this;
        }

        /** A profiler over the measurement iterations, or {@code null} for none. */
        public Builder profiler(BenchProfiler p) {
            profiler = p;
            return this;
        }

        /** Where the {@code jfr} engine keeps its recording, or {@code null}. */
        public Builder jfrFile(Path file) {
            jfrFile = file;
            return this;
        }

        public BenchmarkRun build() {
            return new BenchmarkRun(this);
        }
    }
}
