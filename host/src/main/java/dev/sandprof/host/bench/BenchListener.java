package dev.sandprof.host.bench;

import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.wire.BenchmarkIteration;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark run tells as it goes, for a tool to show: the benchmark engine runs, its
 * listener prints. Events come in order on the thread that runs the benchmarks.
 */
public interface BenchListener {

    /** A benchmark (in a mode, with parameters) begins: {@code forks} forks of {@code run}. */
    default void started(String jvm, String javaVersion, BenchmarkRun run, int forks) {}

    /** A fork begins (1-based). */
    default void forkStarted(BenchmarkRun run, int fork, int forks) {}

    /** An iteration ended; its score is in {@code unit}. */
    default void iteration(BenchmarkRun run, BenchmarkIteration iteration, double score, TimeUnit unit) {}

    /** A fork's measurement profile, to keep under {@code dir}. */
    default void profiled(BenchmarkRun run, ProfileResult profile, Path dir) {}

    /** The benchmark threw: its other forks would too, none runs. */
    default void threw(BenchmarkRun run, UserCodeException e) {}

    /** The run was interrupted (Ctrl-C in the REPL), wherever it was: it ends here. */
    default void interrupted(BenchmarkRun run) {}

    /** A fork's sandbox failed (died, timed out): the next fork runs. */
    default void forkFailed(BenchmarkRun run, int fork, SandboxException e) {}

    /** The benchmark's forks are done. */
    default void ended(BenchResult result) {}
}
