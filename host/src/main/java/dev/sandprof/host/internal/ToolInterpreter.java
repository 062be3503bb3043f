package dev.sandprof.host.internal;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.bench.BenchmarkRun;
import dev.sandprof.wire.BenchmarkInfo;
import dev.sandprof.wire.BenchmarkIteration;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What sandprof's own tools (the CLI, {@code host.bench}, {@code host.repl}, the benchmarks) ask of
 * an interpreter beyond the public {@link Interpreter} contract: the REPL's values, benchmark
 * discovery and runs, and what to compile against. Both interpreters implement it; get it with
 * {@link #of(Interpreter)} rather than by casting to a concrete class.
 */
public interface ToolInterpreter extends Interpreter {

    /**
     * The tool view of an interpreter made by {@link Interpreter#external} or
     * {@link Interpreter#inProcess}.
     *
     * @throws IllegalArgumentException for another implementation of {@link Interpreter}
     */
    static ToolInterpreter of(Interpreter interpreter) {
        if (interpreter instanceof ToolInterpreter) {
            return (ToolInterpreter) interpreter;
        }
        throw new IllegalArgumentException("not one of sandprof's interpreters: " + interpreter.getClass().getName());
    }

    /**
     * The feature release of the JVM the code runs in, known before a sandbox is up: the sandbox
     * JDK's for an external interpreter, this JVM's in-process.
     */
    int sandboxFeature();

    /**
     * Jars with the API code in the sandbox may call (the agent's {@code CallStack}): compiled
     * against, never shipped, since the sandbox has them already. Empty in-process.
     */
    List<Path> apiClassPath();

    /**
     * What benchmarks and their generated stubs compile against: the sandbox's own class path
     * (JMH's annotations and Blackhole, sandprof's stub interface), which the sandbox has already.
     *
     * @throws UnsupportedOperationException in-process, where benchmarks do not run
     */
    List<Path> benchmarkClassPath();

    /** How many refs the host has let go of whose frees wait for the next request. */
    int pendingFrees();

    /**
     * A REPL's value: calls a static method without parameters ({@code field} false) or reads a
     * static field of a defined class, and gives the value as JShell shows it.
     *
     * @throws dev.sandprof.host.UserCodeException when the method throws
     */
    String replValue(String className, String member, boolean field);

    /**
     * The JMH benchmarks ({@code @Benchmark} methods) of defined classes, with what their
     * annotations say.
     *
     * @throws dev.sandprof.host.RequestRefusedException naming an annotation or use sandprof does not support
     */
    List<BenchmarkInfo> describeBenchmarks(List<String> classNames);

    /**
     * Runs one benchmark in this sandbox: its warmup and measurement iterations, each given to
     * {@code onIteration} as it ends. The stub named by the run must be defined (see
     * {@link dev.sandprof.host.bench.BenchmarkStubs}). A fork, in JMH's terms, is one call in a
     * fresh sandbox ({@link #restart()}).
     *
     * @param onProfile given the profile of the measurement iterations, when the run names a profiling engine
     * @throws dev.sandprof.host.UserCodeException when the benchmark or one of its fixtures throws
     */
    void runBenchmark(BenchmarkRun run, Consumer<BenchmarkIteration> onIteration, Consumer<ProfileResult> onProfile);

    /**
     * Runs one fork of a JMH benchmark with JMH's own runner in this sandbox, on the classes defined
     * (the user's and JMH's generated ones): its events ({@code JmhIterationStarted},
     * {@code JmhIterationResult}, {@code JmhOutput}, {@code JmhForkEnded}) go to {@code jmh} as they
     * come, its output where the program's goes; the profile of its measurement iterations, when it
     * asks for one of sandprof's, to {@code onProfile}.
     *
     * @throws dev.sandprof.host.UserCodeException when JMH's runner throws (a failing benchmark with {@code -foe})
     */
    void runJmhFork(java.util.function.LongFunction<dev.sandprof.wire.RunJmhFork> request, dev.sandprof.wire.EventListener jmh,
                    Consumer<ProfileResult> onProfile);

    /** The feature release of a JDK's {@code java}, from its {@code release} file or by asking it. */
    static int featureOf(Path java, java.time.Duration limit) {
        return JdkRelease.featureOf(java, limit);
    }
}
