package dev.sandprof.host.cli;

import dev.sandprof.host.StackTraceFormat;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.bench.BenchOptions;
import dev.sandprof.host.bench.BenchResult;
import dev.sandprof.host.bench.BenchmarkRun;
import dev.sandprof.host.bench.IterationCollector;
import dev.sandprof.host.bench.BenchmarkStubs;
import dev.sandprof.wire.BenchmarkIteration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jshell.Snippet;
import org.openjdk.jmh.annotations.Mode;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code :bench [options] EXPR}: the expression timed JMH-style in the snippets' own sandbox. A
 * class declared among the snippets (so the expression sees their methods and variables) calls it
 * in JMH's timing loops, its value consumed by a Blackhole; sandprof's benchmark runner runs
 * warmup and measurement iterations and the host gives JMH's score and error at 99.9%.
 *
 * <p>Unlike {@code sandprof bench} there is no fork: the sandbox's JIT has seen the session's
 * snippets, as with JMH's {@code -f 0}.
 */
final class ReplBench {

    private static final String MARKER_METHOD = "expression";
    private static final Map<String, String> DEFAULTS = Map.of("-w", "1s", "-r", "1s", "-bm", "avgt");
    private static final List<String> OPTIONS = List.of("-wi", "-i", "-w", "-r", "-bm", "-tu", "-t");

    private final SnippetSession session;
    private final PrintStream out;

    ReplBench(SnippetSession session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    void run(CommandArguments arguments) {
        String expression = arguments.expression().strip().replaceAll(";+$", "");
        for (String option : arguments.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("no option " + option + " (it takes -wi N, -i N, -w TIME, -r TIME, -bm MODE, "
                        + "-tu UNIT, -t THREADS before the expression)");
            }
        }
        if (expression.isEmpty()) {
            throw new IllegalArgumentException("it needs an expression, e.g. :bench fib(20)");
        }
        List<Mode> modes = BenchOptions.parseModes(option(arguments, "-bm"));
        if (modes.size() > 1) {
            throw new IllegalArgumentException("-bm all: name one mode (thrpt, avgt, sample or ss)");
        }
        Mode mode = modes.get(0);
        boolean singleShot = mode == Mode.SingleShotTime;
        int warmups = count(arguments, "-wi", singleShot ? 0 : 3, 0);
        int measurements = count(arguments, "-i", singleShot ? 1 : 5, 1);
        int threads = count(arguments, "-t", 1, 1);
        long warmupNanos = duration(arguments, "-w").toNanos();
        long measurementNanos = duration(arguments, "-r").toNanos();
        TimeUnit chosenUnit = arguments.options().containsKey("-tu") ? BenchOptions.parseTimeUnit(arguments.options().get("-tu")) : null;

        // The stub's interface and the Blackhole, for JShell to compile the class against.
        session.addToClassPath(jarOf(dev.sandprof.sandbox.bench.BenchmarkStub.class));
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
        try {
            String stub = session.className(declared);
            // Scores come in nanoseconds; shown in -tu's unit, or one chosen from the first iteration.
            BenchmarkRun run = BenchmarkRun.builder(stub, MARKER_METHOD, stub).mode(mode).timeUnit(TimeUnit.NANOSECONDS)
                    .threads(threads).warmup(warmups, Duration.ofNanos(warmupNanos))
                    .measurement(measurements, Duration.ofNanos(measurementNanos)).build();
            out.printf("|  # JMH-style, in this REPL's sandbox (Java %s), no fork: %d warmup iteration%s%s, %d measured%s, "
                    + "%s, %d thread%s%n", session.sandbox().info().javaVersion(), warmups, warmups == 1 ? "" : "s",
                    singleShot || warmups == 0 ? "" : " of " + BenchReport.describe(Duration.ofNanos(warmupNanos)), measurements,
                    singleShot ? ", single shots" : " of " + BenchReport.describe(Duration.ofNanos(measurementNanos)), BenchReport.modeName(mode),
                    threads, threads == 1 ? "" : "s");
            IterationCollector collected = new IterationCollector();
            TimeUnit[] unit = {chosenUnit};
            session.inSandbox(sandbox -> {
                sandbox.runBenchmark(run, (BenchmarkIteration it) -> {
                    if (unit[0] == null) {
                        unit[0] = mode == Mode.Throughput ? TimeUnit.SECONDS : unitFor(it.score());
                    }
                    double score = inUnit(it.score(), mode, unit[0]);
                    out.printf("|  %s%3d: %s %s%n", it.warmup() ? "# Warmup Iteration " : "Iteration ", it.index(),
                            BenchReport.score(score), BenchReport.unitLabel(mode, unit[0]));
                    collected.add(it, score);
                }, profile -> { });
                return null;
            });
            collected.endFork();
            BenchResult result = BenchResult.of(session.sandbox().info().javaVersion(), "", expression,
                    run.toBuilder().timeUnit(unit[0]).build(), 0, collected, null);
            out.print(SnippetFeedback.piped("\n" + BenchReport.table(List.of(result), false)));
        } catch (UserCodeException e) {
            session.markFailed();
            if (e.exception().className().equals(InterruptedException.class.getName())) {
                out.println("|  :bench " + expression + " was interrupted");
                return;
            }
            out.print(SnippetFeedback.piped(":bench " + expression + " threw:\n" + StackTraceFormat.format(e.exception())));
        } finally {
            session.drop(declared);
        }
    }

    private static String option(CommandArguments arguments, String name) {
        return arguments.options().getOrDefault(name, DEFAULTS.get(name));
    }

    private static int count(CommandArguments arguments, String name, int otherwise, int least) {
        String value = arguments.options().get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + " " + value + ": give a whole number of at least " + least);
    }

    private static Duration duration(CommandArguments arguments, String name) {
        try {
            return new DurationConverter().convert(option(arguments, name));
        } catch (TypeConversionException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
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
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot find the jar of " + c.getName() + " to compile :bench against", e);
        }
    }
}
