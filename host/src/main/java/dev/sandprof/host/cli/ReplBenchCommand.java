package dev.sandprof.host.cli;

import dev.sandprof.host.internal.StackTraceFormat;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.bench.BenchListener;
import dev.sandprof.host.bench.BenchOptions;
import dev.sandprof.host.bench.BenchResult;
import dev.sandprof.host.bench.BenchmarkRun;
import dev.sandprof.host.repl.ReplBench;
import dev.sandprof.host.repl.SnippetSession;
import dev.sandprof.wire.BenchmarkIteration;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code :bench [options] EXPR}: reads the command's options (JMH's names: {@code -wi -i -w -r -bm
 * -tu -t}), has the REPL's engine ({@link ReplBench}) time the expression, and prints the run as
 * jshell prints a report: its settings, each iteration, and JMH's table.
 */
final class ReplBenchCommand {

    private static final List<String> OPTIONS = List.of("-wi", "-i", "-w", "-r", "-bm", "-tu", "-t");

    private final SnippetSession session;
    private final PrintStream out;

    ReplBenchCommand(SnippetSession session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    void run(CommandArguments arguments) {
        String expression = arguments.expression().strip().replaceAll(";+$", "");
        new ReplBench(session).run(expression, options(arguments, expression), new Printer(expression));
    }

    /** The options, checked in the order they are written in {@code :help}; the expression must be there. */
    private static BenchOptions options(CommandArguments arguments, String expression) {
        for (String option : arguments.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("no option " + option + " (it takes -wi N, -i N, -w TIME, -r TIME, -bm MODE, "
                        + "-tu UNIT, -t THREADS before the expression)");
            }
        }
        if (expression.isEmpty()) {
            throw new IllegalArgumentException("it needs an expression, e.g. :bench fib(20)");
        }
        BenchOptions.Builder options = BenchOptions.builder();
        String mode = arguments.options().get("-bm");
        if (mode != null) {
            List<Mode> modes = BenchOptions.parseModes(mode);
            if (modes.size() > 1) {
                throw new IllegalArgumentException("-bm all: name one mode (thrpt, avgt, sample or ss)");
            }
            options.mode(modes);
        }
        Integer n;
        if ((n = count(arguments, "-wi", 0)) != null) {
            options.warmupIterations(n);
        }
        if ((n = count(arguments, "-i", 1)) != null) {
            options.measurementIterations(n);
        }
        if ((n = count(arguments, "-t", 1)) != null) {
            options.threads(n);
        }
        Duration time;
        if ((time = duration(arguments, "-w")) != null) {
            options.warmupTime(time);
        }
        if ((time = duration(arguments, "-r")) != null) {
            options.measurementTime(time);
        }
        String unit = arguments.options().get("-tu");
        if (unit != null) {
            options.timeUnit(BenchOptions.parseTimeUnit(unit));
        }
        return options.build();
    }

    /** A whole number of at least {@code least}, or {@code null} when the option is not given. */
    private static Integer count(CommandArguments arguments, String name, int least) {
        String value = arguments.options().get(name);
        if (value == null) {
            return null;
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
        String value = arguments.options().get(name);
        if (value == null) {
            return null;
        }
        try {
            return new DurationConverter().convert(value);
        } catch (TypeConversionException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** Prints the run with jshell's margin. */
    private final class Printer implements BenchListener {
        private final String expression;

        Printer(String expression) {
            this.expression = expression;
        }

        @Override
        public void started(String jvm, String javaVersion, BenchmarkRun run, int forks) {
            boolean singleShot = run.mode() == Mode.SingleShotTime;
            int warmups = run.warmupIterations();
            int measurements = run.measurementIterations();
            out.printf("|  # JMH-style, in this REPL's sandbox (Java %s), no fork: %d warmup iteration%s%s, %d measured%s, "
                    + "%s, %d thread%s%n", javaVersion, warmups, warmups == 1 ? "" : "s",
                    singleShot || warmups == 0 ? "" : " of " + BenchReport.describe(run.warmupTime()), measurements,
                    singleShot ? ", single shots" : " of " + BenchReport.describe(run.measurementTime()),
                    BenchReport.modeName(run.mode()), run.threads(), run.threads() == 1 ? "" : "s");
        }

        @Override
        public void iteration(BenchmarkRun run, BenchmarkIteration it, double score, TimeUnit unit) {
            out.printf("|  %s%3d: %s %s%n", it.warmup() ? "# Warmup Iteration " : "Iteration ", it.index(),
                    BenchReport.score(score), BenchReport.unitLabel(run.mode(), unit));
        }

        @Override
        public void ended(BenchResult result) {
            out.print(ReplCommand.piped("\n" + BenchReport.table(List.of(result), false)));
        }

        @Override
        public void interrupted(BenchmarkRun run) {
            out.println("|  :bench " + expression + " was interrupted");
        }

        @Override
        public void threw(BenchmarkRun run, UserCodeException e) {
            out.print(ReplCommand.piped(":bench " + expression + " threw:\n" + StackTraceFormat.format(e.exception())));
        }
    }
}
