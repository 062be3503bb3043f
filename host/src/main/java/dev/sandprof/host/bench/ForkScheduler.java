package dev.sandprof.host.bench;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.internal.ToolInterpreter;
import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SandboxTimeoutException;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.wire.BenchmarkInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.annotations.Mode;

/**
 * Runs a suite's benchmarks on one JVM as JMH does: each benchmark in each of its modes and for
 * each combination of its parameters, for its forks, every fork in a fresh sandbox. Sandboxes of
 * one set of JVM arguments come from one interpreter with a spare, so the next fork's sandbox is
 * ready when one ends. A fork may run its iterations' time and {@code -to} more before it counts
 * as hung and is ended; a fork that fails is reported and the next one runs; a benchmark that
 * throws runs no more forks.
 */
public final class ForkScheduler {

    private final Path jvm;
    private final BenchmarkSuite suite;
    private final BenchOptions options;
    private final BenchListener listener;
    /** By JVM arguments: the interpreter whose restarts give that kind of sandbox. */
    private final Map<List<String>, Interpreter> sandboxes = new LinkedHashMap<>();
    /** Interpreters whose sandbox no fork has used yet. */
    private final Set<Interpreter> fresh = new HashSet<>();

    private ForkScheduler(Path jvm, BenchmarkSuite suite, BenchOptions options, BenchListener listener) {
        this.jvm = jvm;
        this.suite = suite;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Runs every benchmark of {@code suite} in sandboxes of {@code jvm}.
     *
     * @return a result per benchmark, mode and parameter combination, in the order they ran
     * @throws IllegalArgumentException for a parameter without values or a malformed {@code -p}
     */
    public static List<BenchResult> run(Path jvm, BenchmarkSuite suite, BenchOptions options, BenchListener listener) {
        ForkScheduler scheduler = new ForkScheduler(jvm, suite, options, listener);
        try {
            return scheduler.runAll();
        } finally {
            scheduler.sandboxes.values().forEach(Interpreter::close);
        }
    }

    private List<BenchResult> runAll() {
        Duration limit = BenchmarkSettings.forkLimit(options, suite.benchmarks());
        List<BenchResult> results = new ArrayList<>();
        for (BenchmarkInfo b : suite.benchmarks()) {
            List<String> jvmArgs = BenchmarkSettings.jvmArgs(options, b);
            for (Mode mode : BenchmarkSettings.modes(options, b)) {
                for (Map<String, String> params : BenchmarkSettings.combinations(options, b)) {
                    Interpreter sandbox = sandboxes.computeIfAbsent(jvmArgs, args -> {
                        Interpreter made = Interpreter.external(SandboxOptions.builder().java(jvm)
                                .jvmArgs(BenchmarkStubs.COMPILER_BLACKHOLES).jvmArgs(suite.compilerHints()).jvmArgs(args)
                                .spare(true).timeout(limit).build());
                        fresh.add(made);
                        return made;
                    });
                    BenchmarkSettings settings = BenchmarkSettings.resolve(options, b, mode);
                    BenchmarkRun run = BenchmarkRun.builder(b.benchmarkClass(), b.method(), BenchmarkStubs.className(b))
                            .settings(settings).params(params).profiler(options.profiler().orElse(null)).build();
                    results.add(runForks(sandbox, run, settings.forks()));
                }
            }
        }
        return results;
    }

    private BenchResult runForks(Interpreter sandbox, BenchmarkRun run, int forks) {
        BenchProfiler profiler = run.profiler().orElse(null);
        Path profileDir = profiler != null && profiler.isEngine() ? profiler.dir().resolve(run.name()
                + (run.params().isEmpty() ? "" : "-" + run.params().toString().replaceAll("[{} ]", "").replace(',', '-'))
                + "-" + run.mode().shortLabel()) : null;
        listener.started(jvm.toString(), suite.javaVersion(), run, forks);
        IterationCollector collected = new IterationCollector();
        String failure = null;
        for (int fork = 1; fork <= forks; fork++) {
            listener.forkStarted(run, fork, forks);
            Path forkDir = profileDir == null ? null : profileDir.resolve("fork-" + fork);
            BenchmarkRun forkRun = profiler != null && profiler.kind() == BenchProfiler.Kind.JFR
                    ? run.toBuilder().jfrFile(forkDir.resolve("profile.jfr")).build() : run;
            collected.startFork();
            try {
                if (!fresh.remove(sandbox)) {
                    sandbox.restart(); // each fork in a fresh sandbox, as JMH forks a fresh JVM
                }
                if (profiler != null && profiler.kind() == BenchProfiler.Kind.AGENT) {
                    sandbox.instrument(); // before the classes are shipped: they are instrumented as they are defined
                }
                if (forkDir != null) {
                    Files.createDirectories(forkDir);
                }
                if (!suite.classPath().isEmpty()) {
                    sandbox.addClassPath(suite.classPath());
                }
                sandbox.define(suite.classes());
                ToolInterpreter.of(sandbox).runBenchmark(forkRun, it -> {
                    listener.iteration(run, it, it.score(), run.timeUnit());
                    collected.add(it, it.score());
                }, profile -> listener.profiled(run, profile, forkDir));
                collected.endFork();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + forkDir + ": " + e.getMessage(), e);
            } catch (UserCodeException e) {
                failure = "threw " + e.exception().className();
                listener.threw(run, e);
                break; // the benchmark itself fails: its other forks would too
            } catch (SandboxDiedException e) {
                failure = "fork " + fork + " died";
                listener.forkFailed(run, fork, e);
            } catch (RequestRefusedException e) {
                failure = "fork " + fork + " failed";
                listener.forkFailed(run, fork, e);
                break; // what the sandbox refuses in one fork it refuses in all
            } catch (SandboxException e) {
                failure = "fork " + fork + (e instanceof SandboxTimeoutException ? " timed out" : " failed");
                listener.forkFailed(run, fork, e);
            }
        }
        BenchResult result = BenchResult.of(suite.javaVersion(), jvm.toString(), run.name(), run, forks, collected, failure);
        listener.ended(result);
        return result;
    }
}
