package org.openjdk.jmh.runner;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;

/**
 * sandprof's profiling engine (async-profiler, JFR or the agent's) as a JMH internal profiler: JMH's
 * {@code BenchmarkHandler} calls it around each iteration on the fork's runner thread, as it calls
 * {@code GCProfiler}; it starts the sandbox's profile before the first measurement iteration and
 * stops it after the last, so the profile holds the measurement iterations (and what runs between
 * them: the iteration fixtures), as sandprof's own runner profiles them. It adds no result.
 *
 * <p>Never loaded on the host. Shipped with {@link SandprofForkRunner}, which hands it the sandbox's
 * switch ({@code true} to start, {@code false} to stop and send the profile) before JMH makes it by
 * its class name; one fork's loader holds one run, so the switch is static.
 */
public final class SandprofProfiler implements InternalProfiler {

    private static Consumer<Boolean> profiling;

    private int measured;
    private boolean running;

    /** JMH's constructor for a profiler given options: sandprof's options were read by the host. */
    public SandprofProfiler(String options) {
        if (profiling == null) {
            throw new IllegalStateException("sandprof's profiler runs only in a fork of sandprof bench --engine jmh");
        }
    }

    static void use(Consumer<Boolean> switcher) {
        profiling = switcher;
    }

    @Override
    public String getDescription() {
        return "sandprof's profile (async-profiler, JFR or the agent) over the measurement iterations";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        if (iterationParams.getType() == IterationType.MEASUREMENT && !running && measured == 0) {
            profiling.accept(true);
            running = true;
        }
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        if (iterationParams.getType() == IterationType.MEASUREMENT && running
                && ++measured == iterationParams.getCount()) {
            running = false;
            profiling.accept(false);
        }
        return List.of();
    }
}
