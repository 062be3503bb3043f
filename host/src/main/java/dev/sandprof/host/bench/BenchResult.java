package dev.sandprof.host.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Mode;

/**
 * One benchmark run's result, over its forks: what ran ({@link #run()}: mode, unit, parameters,
 * iterations) and its measurement scores per fork, the sampled calls of sample mode and the
 * secondary results, or how it failed.
 *
 * @param javaVersion the sandboxes' Java version
 * @param jvm         the java launcher of the sandboxes, or an empty string for the REPL's own
 * @param benchmark   its name in the table: {@code Class.method}, or the REPL's expression
 * @param forks       the forks asked for
 * @param failure     how it failed ({@code threw X}, {@code fork 2 died}), or {@code null}
 */
public record BenchResult(String javaVersion, String jvm, String benchmark, BenchmarkRun run, int forks,
                          List<List<Double>> scoresPerFork, List<Long> samples, Map<String, List<Double>> secondary,
                          String failure) {

    public BenchResult {
        scoresPerFork = List.copyOf(scoresPerFork);
        samples = List.copyOf(samples);
        secondary = Collections.unmodifiableMap(new LinkedHashMap<>(secondary)); // in the order they came
    }

    /** A result from what {@code collected} gathered. */
    public static BenchResult of(String javaVersion, String jvm, String benchmark, BenchmarkRun run, int forks,
                                 IterationCollector collected, String failure) {
        return new BenchResult(javaVersion, jvm, benchmark, run, forks, collected.scoresPerFork(), collected.samples(),
                collected.secondary(), failure);
    }

    public Optional<String> failed() {
        return Optional.ofNullable(failure);
    }

    /** Every measurement score, fork after fork. */
    public List<Double> scores() {
        List<Double> all = new ArrayList<>();
        scoresPerFork.forEach(all::addAll);
        return all;
    }

    /**
     * JMH's statistics of the primary result: of the iterations' scores, or in sample mode of every
     * sampled call, in the run's unit per operation.
     */
    public BenchStatistics statistics() {
        if (run.mode() == Mode.SampleTime && !samples.isEmpty()) {
            double unitNanos = run.timeUnit().toNanos(1);
            List<Double> values = new ArrayList<>();
            samples.forEach(s -> values.add(s / unitNanos / run.operationsPerInvocation()));
            return new BenchStatistics(values);
        }
        return new BenchStatistics(scores());
    }
}
