package dev.sandprof.host.repl;

import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.bench.BenchListener;
import dev.sandprof.host.bench.BenchOptions;
import dev.sandprof.host.bench.BenchResult;
import dev.sandprof.host.bench.BenchmarkRun;
import dev.sandprof.host.bench.BenchmarkStubs;
import dev.sandprof.host.bench.IterationCollector;
import dev.sandprof.host.internal.ToolInterpreter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jdk.jshell.Snippet;
import org.openjdk.jmh.annotations.Mode;

/**
 * The REPL's {@code :bench EXPR}: the expression timed JMH-style in the snippets' own sandbox. A
 * class declared among the snippets (so the expression sees their methods and variables) calls it
 * in JMH's timing loops, its value consumed by a Blackhole; sandprof's benchmark runner runs
 * warmup and measurement iterations, collected as {@code sandprof bench} collects them.
 *
 * <p>Unlike {@code sandprof bench} there is no fork: the sandbox's JIT has seen the session's
 * snippets, as with JMH's {@code -f 0}. Its defaults are shorter than JMH's: 3 warmup and 5
 * measured iterations of 1 s, average time; without {@code -tu} the unit is chosen from the first
 * iteration.
 */
public final class ReplBench {

    private static final String MARKER_METHOD = "expression";
    private static final Duration ITERATION_TIME = Duration.ofSeconds(1);

    private final SnippetSession session;

    public ReplBench(SnippetSession session) {
        this.session = session;
    }

    /**
     * Runs {@code expression} with {@code options} (one mode at most; iterations, their times,
     * threads, unit), telling {@code listener} as it goes. An expression that does not compile has
     * its errors printed and runs nothing; one that throws marks the session failed and goes to
     * {@link BenchListener#threw}. Ctrl-C ({@link SnippetSession#stop}) at any point, from the
     * stub's compilation to the last iteration, ends the run as {@link BenchListener#interrupted},
     * whatever the interrupt made of it (user code's own exception, a sandbox restarted because the
     * code ignored it, a run that ended as the interrupt came).
     */
    public void run(String expression, BenchOptions options, BenchListener listener) {
        Mode mode = options.modes().isEmpty() ? Mode.AverageTime : options.modes().get(0);
        boolean singleShot = mode == Mode.SingleShotTime;
        int threads = options.threads().orElse(1);
        int warmups = options.warmupIterations().orElse(singleShot ? 0 : 3);
        Duration warmupTime = options.warmupTime().orElse(ITERATION_TIME);
        int measurements = options.measurementIterations().orElse(singleShot ? 1 : 5);
        Duration measurementTime = options.measurementTime().orElse(ITERATION_TIME);

        // The stub's interface and the Blackhole, for JShell to compile the class against.
        session.addToClassPath(jarOf(dev.sandprof.sandbox.stub.BenchmarkStub.class));
        session.addToClassPath(jarOf(org.openjdk.jmh.infra.Blackhole.class));
        String type = session.analysis().analyzeType(expression, expression.length());
        String call = type == null || type.equals("void") ? expression + ";" : "bh.consume(" + expression + ");";
        Snippet declared = session.declareInternal("public class Expression" + BenchmarkStubs.SUFFIX + " implements "
                + BenchmarkStubs.STUB + " {\n"
                + "    @org.openjdk.jmh.annotations.Benchmark public static void " + MARKER_METHOD + "() {}\n\n"
                + BenchmarkStubs.methods("", call) + "}\n");
        if (declared == null) {
            return;
        }
        String stub = session.className(declared);
        // Scores come in nanoseconds; shown in -tu's unit, or one chosen from the first iteration.
        BenchmarkRun run = BenchmarkRun.builder(stub, MARKER_METHOD, stub).mode(mode).timeUnit(TimeUnit.NANOSECONDS)
                .threads(threads).warmup(warmups, warmupTime).measurement(measurements, measurementTime).build();
        try {
            String javaVersion = session.sandbox().info().javaVersion(); // starts a sandbox if none runs
            if (interrupted(run, listener)) {
                return; // Ctrl-C while the stub compiled or the sandbox started: no request ran to interrupt
            }
            listener.started("", javaVersion, run, 0);
            IterationCollector collected = new IterationCollector();
            TimeUnit[] unit = {options.timeUnit().orElse(null)};
            session.inSandbox(sandbox -> {
                if (session.stopRequested()) {
                    return null; // the sandbox's interrupt would come before the run it is for
                }
                ToolInterpreter.of(sandbox).runBenchmark(run, it -> {
                    if (unit[0] == null) {
                        unit[0] = mode == Mode.Throughput ? TimeUnit.SECONDS : unitFor(it.score());
                    }
                    double score = inUnit(it.score(), mode, unit[0]);
                    listener.iteration(run, it, score, unit[0]);
                    collected.add(it, score);
                }, profile -> { });
                return null;
            });
            if (interrupted(run, listener)) {
                return; // also when the run ended as the interrupt came: the user asked for it to end
            }
            collected.endFork();
            listener.ended(BenchResult.of(javaVersion, "", expression, run.toBuilder().timeUnit(unit[0]).build(), 0, collected, null));
        } catch (UserCodeException e) {
            if (!interrupted(run, listener)) {
                session.markFailed();
                if (e.exception().className().equals(InterruptedException.class.getName())) {
                    listener.interrupted(run); // the expression interrupted itself
                } else {
                    listener.threw(run, e);
                }
            }
        } catch (RuntimeException e) {
            // A sandbox that ignored the interrupt and was restarted (the session has said so), or
            // one that ended on its own: only the first reads as the interrupt.
            if (!interrupted(run, listener)) {
                throw e;
            }
        } finally {
            session.drop(declared);
        }
    }

    /** Whether Ctrl-C came during this command; if so the run is over, and {@code listener} is told. */
    private boolean interrupted(BenchmarkRun run, BenchListener listener) {
        if (!session.stopRequested()) {
            return false;
        }
        session.markFailed();
        listener.interrupted(run);
        return true;
    }

    /** The unit in which a time per operation (in ns) reads best: below a thousand, at least one where it can. */
    private static TimeUnit unitFor(double nanosPerOp) {
        if (nanosPerOp < 1_000) {
            return TimeUnit.NANOSECONDS;
        }
        if (nanosPerOp < 1_000_000) {
            return TimeUnit.MICROSECONDS;
        }
        return nanosPerOp < 1_000_000_000 ? TimeUnit.MILLISECONDS : TimeUnit.SECONDS;
    }

    /** A score measured per nanosecond (ops/ns, or ns/op) in {@code unit}. */
    private static double inUnit(double perNanosecond, Mode mode, TimeUnit unit) {
        double unitNanos = unit.toNanos(1);
        return mode == Mode.Throughput ? perNanosecond * unitNanos : perNanosecond / unitNanos;
    }

    private static Path jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot find the jar of " + c.getName() + " to compile :bench against", e);
        }
    }
}
