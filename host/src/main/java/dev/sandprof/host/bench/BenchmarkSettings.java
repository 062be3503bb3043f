package dev.sandprof.host.bench;

import dev.sandprof.wire.BenchmarkInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The settings of a benchmark in one mode, resolved as JMH's {@code Runner} resolves them: each
 * value is the command line's ({@link BenchOptions}), else the annotations' ({@link BenchmarkInfo}),
 * else JMH's default ({@link Defaults}).
 *
 * <p>Where sandprof differs from JMH it says so here: a single shot's iterations take JMH's
 * 10 s as their time (only a bound: a single shot is one call), and {@code -jvmArgs} replaces all
 * of {@code @Fork}'s JVM arguments.
 *
 * @param threads worker threads, {@link Threads#MAX} turned into this machine's CPUs
 */
public record BenchmarkSettings(Mode mode, int warmupIterations, Duration warmupTime, int measurementIterations,
                                Duration measurementTime, int forks, int threads, TimeUnit timeUnit,
                                int operationsPerInvocation) {

    /** The settings of {@code benchmark} in {@code mode}. */
    public static BenchmarkSettings resolve(BenchOptions cli, BenchmarkInfo benchmark, Mode mode) {
        boolean singleShot = mode == Mode.SingleShotTime;
        int wi = cli.warmupIterations().orElse(benchmark.warmupIterations().orElse(
                singleShot ? Defaults.WARMUP_ITERATIONS_SINGLESHOT : Defaults.WARMUP_ITERATIONS));
        int mi = cli.measurementIterations().orElse(benchmark.measurementIterations().orElse(
                singleShot ? Defaults.MEASUREMENT_ITERATIONS_SINGLESHOT : Defaults.MEASUREMENT_ITERATIONS));
        Duration wt = cli.warmupTime().orElse(benchmark.warmupTime().orElse(duration(Defaults.WARMUP_TIME)));
        Duration mt = cli.measurementTime().orElse(benchmark.measurementTime().orElse(duration(Defaults.MEASUREMENT_TIME)));
        int forks = cli.forks().orElse(benchmark.forks().orElse(Defaults.MEASUREMENT_FORKS));
        int threads = cli.threads().orElse(benchmark.threads().orElse(Defaults.THREADS));
        TimeUnit unit = cli.timeUnit().orElse(benchmark.timeUnit().orElse(Defaults.OUTPUT_TIMEUNIT));
        int ops = benchmark.operationsPerInvocation().orElse(Defaults.OPS_PER_INVOCATION);
        return new BenchmarkSettings(mode, wi, wt, mi, mt, forks, threadCount(threads), unit, ops);
    }

    /** The modes to run: the command line's, else the annotation's, else JMH's default (throughput). */
    public static List<Mode> modes(BenchOptions cli, BenchmarkInfo benchmark) {
        if (!cli.modes().isEmpty()) {
            return cli.modes();
        }
        List<Mode> modes = new ArrayList<>();
        benchmark.modes().forEach(m -> modes.add(Mode.deepValueOf(m)));
        return modes.isEmpty() ? List.of(Defaults.BENCHMARK_MODE) : modes;
    }

    /** The JVM arguments of its forks: {@code -jvmArgs}, else {@code @Fork}'s (prepended, then the others, then appended). */
    public static List<String> jvmArgs(BenchOptions cli, BenchmarkInfo benchmark) {
        return cli.jvmArgs().orElseGet(() -> {
            List<String> all = new ArrayList<>(benchmark.jvmArgs());
            all.addAll(benchmark.jvmArgsAppend());
            return all;
        });
    }

    /**
     * Every combination of the benchmark's {@code @Param} values, the command line's replacing the
     * annotation's; names in JMH's (sorted) order.
     *
     * @throws IllegalArgumentException for a parameter without values
     */
    public static List<Map<String, String>> combinations(BenchOptions cli, BenchmarkInfo benchmark) {
        Map<String, List<String>> values = new TreeMap<>(benchmark.params());
        cli.params().forEach((name, given) -> values.computeIfPresent(name, (n, declared) -> given));
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("@Param " + e.getKey() + " of " + benchmark.benchmarkClass() + " has no values: "
                        + "give them with -p " + e.getKey() + "=...");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * How long a fork of {@code benchmark} may run before it counts as hung: its iterations' time
     * (as in a timed mode: that bounds a single shot too) and then {@code -to}, else JMH's 10 minutes.
     */
    public static Duration forkLimit(BenchOptions cli, List<BenchmarkInfo> benchmarks) {
        Duration longest = Duration.ZERO;
        for (BenchmarkInfo b : benchmarks) {
            BenchmarkSettings s = resolve(cli, b, Mode.Throughput);
            Duration iterations = s.warmupTime().multipliedBy(s.warmupIterations())
                    .plus(s.measurementTime().multipliedBy(s.measurementIterations()));
            longest = longest.compareTo(iterations) < 0 ? iterations : longest;
        }
        return longest.plus(cli.forkTimeout().orElse(duration(Defaults.TIMEOUT)));
    }

    /** {@link Threads#MAX} (and JMH's other negative "magic" counts) as one thread per CPU. */
    private static int threadCount(int threads) {
        return threads < 0 ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
    }

    private static Duration duration(TimeValue t) {
        return Duration.ofNanos(t.convertTo(TimeUnit.NANOSECONDS));
    }
}
