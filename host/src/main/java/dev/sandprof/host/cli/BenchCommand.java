package dev.sandprof.host.cli;

import dev.sandprof.host.CompilationException;
import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.internal.StackTraceFormat;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.bench.BenchListener;
import dev.sandprof.host.bench.BenchOptions;
import dev.sandprof.host.bench.BenchProfiler;
import dev.sandprof.host.bench.BenchResult;
import dev.sandprof.host.bench.BenchmarkRun;
import dev.sandprof.host.bench.BenchmarkSuite;
import dev.sandprof.host.bench.ForkScheduler;
import dev.sandprof.host.bench.jmh.JmhBench;
import dev.sandprof.host.bench.jmh.JmhCommandLine;
import dev.sandprof.wire.BenchmarkIteration;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sandprof bench}: runs JMH benchmarks, unchanged, each fork in a fresh sandbox. Its own
 * options are sandprof's ({@code --jvm}, {@code --engine}, {@code -cp}); every other argument is
 * JMH's command line, read by JMH's own {@code CommandLineOptions}, or a benchmark input (a
 * {@code .java} file, a jar, a class directory).
 */
@Command(name = "bench", sortOptions = false, usageHelpAutoWidth = true,
        header = "Run JMH benchmarks, unchanged, each fork in a fresh sandbox.",
        description = "By default (--engine jmh) JMH 1.37 itself: the sources compile with JMH's annotation processor, "
                + "each fork is a fresh sandbox JVM in which JMH's own runner runs, and JMH's output format and result "
                + "files report. Every option but sandprof's own is JMH's, with JMH's meaning (-h lists them); an option "
                + "sandprof cannot honour is refused by name.%n")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--jvm", paramLabel = "JAVA",
            description = "The java of the sandboxes when neither JMH's -jvm nor @Fork(jvm) names one (default: sandprof's "
                    + "own), and of the non-forked runs' sandbox. Repeated (--engine sandprof only): JVMs side by side.")
    List<Path> jvms = new ArrayList<>();

    @Option(names = {"-cp", "--class-path"}, paramLabel = "PATH", split = ":", description = "Jars and directories the benchmarks use.")
    List<Path> classPath = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "jmh (default): JMH's generated code and runner in each fork's sandbox, JMH's output and result "
                    + "files; sandprof: sandprof's own runner (still the one for several --jvm side by side).")
    String engine = "jmh";

    @Option(names = "--help", description = "sandprof's options, then JMH's (as -h).")
    boolean help;

    @Parameters(paramLabel = "JMH-OPTION|FILE.java|JAR|DIR|REGEX",
            description = "JMH's options (-f, -wi, -i, -w, -r, -bm, -tu, -p, -rf, -rff, ...: see -h), the benchmarks' "
                    + "sources or compiled benchmarks (jars, class directories), and patterns of benchmarks to run "
                    + "(default: all).")
    List<String> arguments = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        JmhCommandLine line;
        try {
            line = JmhCommandLine.parse(arguments);
        } catch (CommandLineOptionException e) {
            err.println("sandprof bench: " + e.getMessage() + " (sandprof bench -h lists the options)");
            return ProgramCommand.BAD_COMMAND_LINE;
        }
        CommandLineOptions jmh = line.options();
        if (help || jmh.shouldHelp()) {
            spec.commandLine().usage(out);
            out.println();
            out.println("JMH's options (JMH 1.37's own command line; sandprof refuses by name what it cannot do):");
            out.flush();
            jmh.showHelp();
            return 0;
        }
        if (jmh.shouldListResultFormats()) {
            jmh.listResultFormats();
            return 0;
        }
        if (jmh.shouldListProfilers()) {
            out.print(JmhCommandLine.profilers(engine.equals("sandprof")));
            return 0;
        }
        if (!engine.equals("jmh") && !engine.equals("sandprof")) {
            err.println("sandprof bench: --engine " + engine + ": use jmh or sandprof");
            return ProgramCommand.BAD_COMMAND_LINE;
        }
        for (Path source : line.sources()) {
            String problem = InputFiles.problem(source, "source file");
            if (problem != null) {
                err.println("sandprof bench: " + problem);
                return ProgramCommand.BAD_COMMAND_LINE;
            }
        }
        if (line.sources().isEmpty() && line.compiled().isEmpty()) {
            err.println("sandprof bench: name the benchmarks' .java files, or the jars or class directories that hold them");
            return ProgramCommand.BAD_COMMAND_LINE;
        }
        if (jvms.isEmpty()) {
            jvms.add(Path.of(ProcessHandle.current().info().command().orElse("java")));
        }
        return engine.equals("jmh") ? jmh(line, out, err) : sandprofEngine(line, out, err);
    }

    /**
     * {@code --engine jmh}: JMH's runner runs each fork in a sandbox, JMH's format prints, as JMH's
     * {@code Main} does: the lists, else the run; a failure with {@code -foe} or no benchmark to run is
     * status 1, as under JMH.
     */
    private Integer jmh(JmhCommandLine line, PrintStream terminal, PrintStream err) throws IOException {
        if (jvms.size() > 1) {
            err.println("sandprof bench: several --jvm (side by side) is not supported by --engine jmh: use --engine sandprof, "
                    + "or one run per --jvm");
            return ProgramCommand.BAD_COMMAND_LINE;
        }
        String refusal = line.refusal();
        if (refusal != null) {
            err.println("sandprof bench: " + refusal);
            return ProgramCommand.BAD_COMMAND_LINE;
        }
        CommandLineOptions options = line.options();
        PrintStream out = terminal;
        if (options.getOutput().hasValue()) {
            out = new PrintStream(Files.newOutputStream(Path.of(options.getOutput().get())), true, StandardCharsets.UTF_8);
        }
        try {
            int release = JmhBench.releaseFor(jvms.get(0));
            List<JmhBench.Compiled> parts = new ArrayList<>();
            if (!line.sources().isEmpty()) {
                parts.add(JmhBench.compile(line.sources(), classPath, release));
            }
            if (!line.compiled().isEmpty()) {
                parts.add(JmhBench.load(line.compiled(), classPath, release));
            }
            JmhBench.Compiled compiled = JmhBench.Compiled.of(parts);
            JmhBench bench = new JmhBench(options, out, jvms.get(0)).onProfile(JmhProfileFiles::write);
            if (options.shouldList()) {
                bench.list(compiled);
                return 0;
            }
            if (options.shouldListWithParams()) {
                bench.listWithParams(compiled);
                return 0;
            }
            bench.writeResults(bench.run(compiled, classPath));
            return 0;
        } catch (CompilationException e) {
            err.println(e.getMessage());
            return ProgramCommand.COMPILE_ERROR;
        } catch (JmhBench.NoBenchmarks e) {
            err.println(e.getMessage());
            err.println("Use EXTRA verbose mode to debug the pattern matching.");
            return 1;
        } catch (JmhBench.FailedOnError e) {
            err.println("ERROR: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("sandprof bench: " + e.getMessage());
            return ProgramCommand.COMPILE_ERROR;
        } finally {
            if (out != terminal) {
                out.close();
            }
        }
    }

    /**
     * {@code --engine sandprof}: sandprof's own runner, on JMH's options read by JMH's command line;
     * it refuses by name what it does not do.
     */
    private Integer sandprofEngine(JmhCommandLine line, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions jmh = line.options();
        BenchOptions chosen;
        try {
            chosen = legacyOptions(jmh);
        } catch (IllegalArgumentException e) {
            err.println("sandprof bench: " + e.getMessage());
            return ProgramCommand.COMPILE_ERROR;
        }
        List<Path> sources = line.sources();
        List<Path> compiled = line.compiled();
        // The class path the benchmarks run with: -cp, then the compiled benchmarks named.
        List<Path> runClassPath = new ArrayList<>(classPath);
        runClassPath.addAll(compiled);
        List<BenchResult> results = new ArrayList<>();
        try {
            for (Path jvm : jvms) {
                BenchmarkSuite suite = BenchmarkSuite.discover(jvm, sources, runClassPath, compiled, chosen);
                results.addAll(ForkScheduler.run(jvm, suite, chosen, new Printer(out, err)));
            }
        } catch (CompilationException e) {
            err.println(e.getMessage());
            return ProgramCommand.COMPILE_ERROR;
        } catch (IllegalArgumentException | RequestRefusedException e) {
            err.println("sandprof bench: " + e.getMessage());
            return ProgramCommand.COMPILE_ERROR;
        } catch (SandboxException e) {
            return ProgramCommand.failed(e, err);
        }
        out.println();
        out.print(BenchReport.table(results, jvms.size() > 1));
        if (jmh.getResultFormat().hasValue() || jmh.getResult().hasValue()) {
            boolean json = jmh.getResultFormat().orElse(ResultFormatType.JSON) == ResultFormatType.JSON;
            Path file = Path.of(jmh.getResult().orElse(json ? "jmh-result.json" : "jmh-result.txt"));
            Files.writeString(file, json ? BenchReport.json(results) : BenchReport.table(results, jvms.size() > 1), StandardCharsets.UTF_8);
            out.println("\nResult \"" + file + "\" written.");
        }
        return results.stream().anyMatch(r -> r.failure() != null) ? 1 : 0;
    }

    /**
     * JMH's options as sandprof's own runner takes them; refused by name, in JMH's help's order, what
     * it does not do.
     */
    BenchOptions legacyOptions(CommandLineOptions jmh) {
        List<String> unsupported = new ArrayList<>();
        addIf(unsupported, "-bs", jmh.getMeasurementBatchSize().hasValue());
        addIf(unsupported, "-wbs", jmh.getWarmupBatchSize().hasValue());
        addIf(unsupported, "-si", jmh.shouldSyncIterations().hasValue());
        addIf(unsupported, "-gc", jmh.shouldDoGC().hasValue());
        addIf(unsupported, "-foe", jmh.shouldFailOnError().hasValue());
        addIf(unsupported, "-v", jmh.verbosity().hasValue());
        addIf(unsupported, "-wf", jmh.getWarmupForkCount().hasValue());
        addIf(unsupported, "-o", jmh.getOutput().hasValue());
        addIf(unsupported, "-tg", jmh.getThreadGroups().hasValue());
        addIf(unsupported, "-jvm", jmh.getJvm().hasValue());
        addIf(unsupported, "-jvmArgsAppend", jmh.getJvmArgsAppend().hasValue());
        addIf(unsupported, "-jvmArgsPrepend", jmh.getJvmArgsPrepend().hasValue());
        addIf(unsupported, "-opi", jmh.getOperationsPerInvocation().hasValue());
        addIf(unsupported, "-wm", jmh.getWarmupMode().hasValue());
        addIf(unsupported, "-wmb", !jmh.getWarmupIncludes().isEmpty());
        addIf(unsupported, "-l", jmh.shouldList());
        addIf(unsupported, "-lp", jmh.shouldListWithParams());
        if (jmh.getProfilers().size() > 1) {
            unsupported.add("-prof (more than one)");
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", unsupported) + ": not supported by --engine sandprof; "
                    + "use --engine jmh");
        }
        BenchOptions.Builder options = BenchOptions.builder();
        jmh.getIncludes().forEach(p -> options.include(Pattern.compile(p)));
        for (ProfilerConfig p : jmh.getProfilers()) {
            options.profiler(BenchProfiler.parse(p.getOpts().isEmpty() ? p.getKlass() : p.getKlass() + ":" + p.getOpts()));
        }
        if (jmh.getResultFormat().hasValue() && jmh.getResultFormat().get() != ResultFormatType.JSON
                && jmh.getResultFormat().get() != ResultFormatType.TEXT) {
            throw new IllegalArgumentException("-rf " + jmh.getResultFormat().get().toString().toLowerCase()
                    + " is not supported by --engine sandprof: use json or text");
        }
        if (jmh.getForkCount().hasValue()) {
            if (jmh.getForkCount().get() == 0) {
                throw new IllegalArgumentException("-f 0 (no fork) is not supported by --engine sandprof: use --engine jmh");
            }
            options.forks(jmh.getForkCount().get());
        }
        if (jmh.getWarmupIterations().hasValue()) {
            options.warmupIterations(jmh.getWarmupIterations().get());
        }
        if (jmh.getMeasurementIterations().hasValue()) {
            options.measurementIterations(jmh.getMeasurementIterations().get());
        }
        if (jmh.getWarmupTime().hasValue()) {
            options.warmupTime(duration(jmh.getWarmupTime().get()));
        }
        if (jmh.getMeasurementTime().hasValue()) {
            options.measurementTime(duration(jmh.getMeasurementTime().get()));
        }
        if (jmh.getThreads().hasValue()) {
            options.threads(jmh.getThreads().get());
        }
        jmh.getBenchModes().forEach(m -> options.mode(List.of(m)));
        if (jmh.getTimeUnit().hasValue()) {
            options.timeUnit(jmh.getTimeUnit().get());
        }
        if (jmh.getJvmArgs().hasValue()) {
            options.jvmArgs(new ArrayList<>(jmh.getJvmArgs().get()));
        }
        for (String p : paramsOf(arguments)) {
            options.param(p);
        }
        jmh.getExcludes().forEach(options::exclude);
        if (jmh.getTimeout().hasValue()) {
            options.forkTimeout(duration(jmh.getTimeout().get()));
        }
        return options.build();
    }

    /** The values of JMH's {@code -p}, as given (its Options say a parameter's values only by its name). */
    private static List<String> paramsOf(List<String> args) {
        List<String> params = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-p")) {
                params.add(args.get(++i));
            }
        }
        return params;
    }

    private static Duration duration(TimeValue t) {
        return Duration.ofNanos(t.convertTo(TimeUnit.NANOSECONDS));
    }

    private static void addIf(List<String> names, String name, boolean given) {
        if (given) {
            names.add(name);
        }
    }

    /** Prints a run as it goes, as JMH does: each benchmark's settings, its forks and iterations. */
    private static final class Printer implements BenchListener {
        private final PrintStream out;
        private final PrintStream err;

        Printer(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void started(String jvm, String javaVersion, BenchmarkRun run, int forks) {
            boolean singleShot = run.mode() == Mode.SingleShotTime;
            out.printf("# JMH-style run by sandprof, JVM: %s (Java %s)%n", jvm, javaVersion);
            out.printf("# Warmup: %d iterations, %s each%n", run.warmupIterations(),
                    singleShot ? "single-shot" : BenchReport.describe(run.warmupTime()));
            out.printf("# Measurement: %d iterations, %s each%n", run.measurementIterations(),
                    singleShot ? "single-shot" : BenchReport.describe(run.measurementTime()));
            out.printf("# Threads: %d thread%s%n", run.threads(), run.threads() == 1 ? "" : "s");
            out.println("# Blackhole mode: compiler (as JMH auto-detects on JDK 17+)");
            out.printf("# Benchmark mode: %s, %s%n", BenchReport.modeName(run.mode()), BenchReport.unitLabel(run.mode(), run.timeUnit()));
            out.printf("# Benchmark: %s%n", run.name());
            if (!run.params().isEmpty()) {
                StringBuilder ps = new StringBuilder();
                run.params().forEach((k, v) -> ps.append(ps.length() == 0 ? "" : ", ").append(k).append(" = ").append(v));
                out.println("# Parameters: (" + ps + ")");
            }
        }

        @Override
        public void forkStarted(BenchmarkRun run, int fork, int forks) {
            out.printf("%n# Fork: %d of %d%n", fork, forks);
        }

        @Override
        public void iteration(BenchmarkRun run, BenchmarkIteration it, double score, TimeUnit unit) {
            out.printf("%s%3d: %s %s%n", it.warmup() ? "# Warmup Iteration " : "Iteration ", it.index(),
                    BenchReport.score(score), BenchReport.unitLabel(run.mode(), unit));
        }

        /** A fork's measurement profile: its files, and a line saying where they are. */
        @Override
        public void profiled(BenchmarkRun run, ProfileResult profile, Path dir) {
            try {
                ProfileFiles.write(profile, dir, run.name());
                out.println("# Profile (" + ProfileReport.describe(profile) + "): " + dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the profile to " + dir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void threw(BenchmarkRun run, UserCodeException e) {
            err.printf("<failure: %s%s>%n%s", run.name(), run.params().isEmpty() ? "" : " " + run.params(),
                    StackTraceFormat.format(e.exception()));
        }

        @Override
        public void forkFailed(BenchmarkRun run, int fork, SandboxException e) {
            err.printf(e instanceof SandboxDiedException ? "<failure: fork %d of %s ended: %s>%n" : "<failure: fork %d of %s: %s>%n",
                    fork, run.name(), e.getMessage());
        }

        @Override
        public void ended(BenchResult result) {
            out.println();
        }
    }
}
