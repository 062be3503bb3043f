package dev.sandprof.host.bench;

import dev.sandprof.wire.BenchmarkIteration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers a benchmark's measurement iterations as they come, fork by fork: their scores, sample
 * mode's sampled calls and the secondary results (the {@code gc} profiler's). Warmup iterations
 * are not kept. A fork's iterations count once it ends well ({@link #endFork()}); one that fails
 * leaves its scores, samples and secondary results out. Used by {@code sandprof bench} and the REPL's {@code :bench} alike. Not thread-safe:
 * one run's events come one at a time.
 */
public final class IterationCollector {

    private final List<List<Double>> forks = new ArrayList<>();
    private final List<Long> samples = new ArrayList<>();
    private final Map<String, List<Double>> secondary = new LinkedHashMap<>();
    private List<Double> fork = new ArrayList<>();
    private List<Long> forkSamples = new ArrayList<>();
    private Map<String, List<Double>> forkSecondary = new LinkedHashMap<>();

    /** Begins a fork: the iterations that follow are its. */
    public void startFork() {
        fork = new ArrayList<>();
        forkSamples = new ArrayList<>();
        forkSecondary = new LinkedHashMap<>();
    }

    /** An iteration, its score given in the unit it is shown in. */
    public void add(BenchmarkIteration iteration, double score) {
        if (iteration.warmup()) {
            return;
        }
        fork.add(score);
        for (long s : iteration.samples()) {
            forkSamples.add(s);
        }
        iteration.secondary().forEach((name, v) -> forkSecondary.computeIfAbsent(name, n -> new ArrayList<>()).add(v));
    }

    /** The fork ended with all its iterations: they count. */
    public void endFork() {
        forks.add(fork);
        samples.addAll(forkSamples);
        forkSecondary.forEach((name, values) -> secondary.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        startFork();
    }

    /** The measurement scores of each fork that ended well. */
    public List<List<Double>> scoresPerFork() {
        List<List<Double>> out = new ArrayList<>();
        forks.forEach(f -> out.add(List.copyOf(f)));
        return out;
    }

    /** Sample mode's sampled call times, in nanoseconds. */
    public List<Long> samples() {
        return List.copyOf(samples);
    }

    /** The secondary results' values by name, in the order they first came. */
    public Map<String, List<Double>> secondary() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        secondary.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }
}
