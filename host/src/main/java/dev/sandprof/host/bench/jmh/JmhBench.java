package dev.sandprof.host.bench.jmh;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SourceCompiler;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.bench.BenchProfiler;
import dev.sandprof.host.internal.InMemoryJavac;
import dev.sandprof.host.internal.ToolInterpreter;
import dev.sandprof.wire.ClassBytes;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.JmhBenchmarkParams;
import dev.sandprof.wire.JmhForkEnded;
import dev.sandprof.wire.JmhIterationResult;
import dev.sandprof.wire.JmhIterationStarted;
import dev.sandprof.wire.JmhOutput;
import dev.sandprof.wire.JmhResultData;
import dev.sandprof.wire.RunJmhFork;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.generators.BenchmarkProcessor;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.BenchmarkResultMetaData;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.SandprofResults;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code sandprof bench --engine jmh}: JMH 1.37 itself, forked into sandboxes. The sources compile
 * with JMH's annotation processor (its generated {@code *_jmhTest} classes, {@code BenchmarkList}
 * and {@code CompilerHints}); the benchmarks, their parameters and forks are JMH's ({@link JmhPlan});
 * each fork is a fresh sandbox started with the flags a JMH fork gets, in which JMH's own runner runs
 * it; the results come back as data and are rebuilt into JMH's objects, printed by JMH's output
 * format and written by JMH's result formats. So the text and the JSON are JMH's by construction.
 */
public final class JmhBench {

    /** The host's classes that run a fork in the sandbox (see {@code org.openjdk.jmh.runner.SandprofForkRunner}). */
    private static final List<String> RUNNER_CLASSES = List.of("org.openjdk.jmh.runner.SandprofForkRunner",
            "org.openjdk.jmh.runner.SandprofForkRunner$Forwarding", "org.openjdk.jmh.runner.SandprofForkRunner$1",
            "org.openjdk.jmh.runner.SandprofProfiler", "org.openjdk.jmh.runner.SandprofStackProfiler");

    private final Options options;
    private final PrintStream stdout;
    private final OutputFormat out;
    private final Duration startTimeout = Duration.ofSeconds(30);
    private final Map<List<String>, Interpreter> sandboxes = new LinkedHashMap<>();
    private final java.util.Set<Interpreter> fresh = new java.util.HashSet<>();
    private ProfileSink profileSink = (profile, dir, subject) -> "# Profile: " + dir;

    /** Keeps a fork's profile (sandprof's {@code -prof async|jfr|agent}) and says where. */
    public interface ProfileSink {
        /**
         * @param subject what was profiled (the benchmark), for titles
         * @return the line to print after the fork
         */
        String write(ProfileResult profile, Path dir, String subject) throws IOException;
    }

    /** Where the forks' profiles go, when {@code -prof} names one of sandprof's. */
    public JmhBench onProfile(ProfileSink sink) {
        profileSink = sink;
        return this;
    }

    /** @param options JMH's options, read by JMH's own command line ({@code CommandLineOptions}) */
    public JmhBench(Options options, PrintStream stdout) {
        this.options = options;
        this.stdout = stdout;
        this.out = OutputFormatFactory.createFormatInstance(stdout, options.verbosity().orElse(Defaults.VERBOSITY));
    }

    /** The sources compiled with JMH's annotation processor: classes, and the processor's resources. */
    public static final class Compiled {
        final Map<String, byte[]> classes;
        final String benchmarkList;
        final String compilerHints;

        Compiled(Map<String, byte[]> classes, String benchmarkList, String compilerHints) {
            this.classes = classes;
            this.benchmarkList = benchmarkList;
            this.compilerHints = compilerHints;
        }
    }

    /**
     * @param release the {@code --release} of the sandboxes' JDK
     * @throws dev.sandprof.host.CompilationException with javac's and JMH's processor's errors
     * @throws IllegalArgumentException when the sources have no benchmark
     */
    public static Compiled compile(List<Path> sources, List<Path> classPath, int release) {
        List<Path> cp = new ArrayList<>(classPath);
        cp.add(jarOf(org.openjdk.jmh.annotations.Benchmark.class));
        InMemoryJavac.Outcome o = new InMemoryJavac().compileWithProcessors(sources, cp, release,
                List.of(new BenchmarkProcessor()));
        byte[] list = o.resources.get("META-INF/BenchmarkList");
        if (list == null) {
            throw new IllegalArgumentException("no @Benchmark method in " + sources);
        }
        byte[] hints = o.resources.get("META-INF/CompilerHints");
        return new Compiled(o.classes, new String(list, StandardCharsets.UTF_8),
                hints == null ? "" : new String(hints, StandardCharsets.UTF_8));
    }

    /** The release to compile for a sandbox of this {@code java}. */
    public static int releaseFor(Path java) {
        return SourceCompiler.releaseFor(ToolInterpreter.featureOf(java, Duration.ofSeconds(30)));
    }

    /**
     * Runs what the options select, as JMH's {@code Runner.run} does, each fork in a fresh sandbox.
     *
     * @return JMH's results, as its runner returns them
     */
    public Collection<RunResult> run(Compiled compiled, List<Path> classPath) {
        try {
            return runAll(compiled, classPath);
        } finally {
            sandboxes.values().forEach(Interpreter::close);
        }
    }

    private Collection<RunResult> runAll(Compiled compiled, List<Path> classPath) {
        BenchmarkList list = BenchmarkList.fromString(compiled.benchmarkList);
        SortedSet<BenchmarkListEntry> selected = list.find(out, options.getIncludes(), options.getExcludes());
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches " + options.getIncludes());
        }
        JmhProfilers profilers = JmhProfilers.of(options.getProfilers(), compiled.classes.keySet());
        JmhPlan plan = new JmhPlan(options, out);
        List<BenchmarkParams> all = plan.params(selected);
        Path hintsFile = hintsFile(compiled.compilerHints);
        List<ClassBytes> runner = runnerClasses();
        out.startRun();
        long start = System.nanoTime();
        SortedSet<RunResult> results = new TreeSet<>(RunResult.DEFAULT_SORT_COMPARATOR);
        Eta eta = new Eta(all);
        for (BenchmarkParams params : all) {
            List<BenchmarkResult> forks = runForks(params, compiled, classPath, hintsFile, runner, eta, profilers);
            if (!forks.isEmpty()) {
                results.add(new RunResult(params, forks));
            }
        }
        out.println(String.format("# Run complete. Total time: %s", Eta.format(System.nanoTime() - start)));
        out.println("");
        out.endRun(results);
        out.flush();
        return results;
    }

    /** JMH's {@code Runner.runSeparate}, each fork in a sandbox instead of a JVM of JMH's. */
    private List<BenchmarkResult> runForks(BenchmarkParams params, Compiled compiled, List<Path> classPath, Path hintsFile,
                                           List<ClassBytes> runner, Eta eta, JmhProfilers profilers) {
        out.startBenchmark(params);
        out.println("");
        List<BenchmarkResult> results = new ArrayList<>();
        int forks = params.getForks();
        int warmupForks = params.getWarmupForks();
        if (forks <= 0) {
            throw new IllegalArgumentException("-f 0 (JMH's run in its own JVM) is not supported by --engine jmh yet");
        }
        for (int i = 0; i < warmupForks + forks; i++) {
            boolean warmupFork = i < warmupForks;
            eta.before(out);
            out.println(warmupFork ? "# Warmup Fork: " + (i + 1) + " of " + warmupForks
                    : "# Fork: " + (i + 1 - warmupForks) + " of " + forks);
            long startTime = System.currentTimeMillis();
            ForkEvents events = new ForkEvents(params);
            BenchProfiler engine = profilers.engine();
            Path forkDir = engine == null ? null
                    : profilers.forkDir(params, warmupFork ? i + 1 : i + 1 - warmupForks, warmupFork).toAbsolutePath();
            List<ProfileResult> profiles = new ArrayList<>();
            try {
                Interpreter sandbox = sandbox(params, hintsFile);
                if (engine != null && engine.kind() == BenchProfiler.Kind.AGENT) {
                    sandbox.instrument(); // before the fork's loader defines the classes: they are instrumented as defined
                }
                if (forkDir != null) {
                    Files.createDirectories(forkDir);
                }
                if (!classPath.isEmpty()) {
                    sandbox.addClassPath(classPath);
                }
                sandbox.define(compiled.classes);
                JmhBenchmarkParams wire = JmhPlan.toWire(params);
                String jfrFile = engine != null && engine.kind() == BenchProfiler.Kind.JFR
                        ? forkDir.resolve("profile.jfr").toString() : null;
                ToolInterpreter.of(sandbox).runJmhFork(id -> new RunJmhFork(id, wire, runner,
                        options.shouldFailOnError().orElse(Defaults.FAIL_ON_ERROR), options.shouldDoGC().orElse(Defaults.DO_GC),
                        profilers.jmh(), engine == null ? null : engine.kind().label(),
                        engine == null ? null : engine.event(), jfrFile), events, profiles::add);
                for (ProfileResult profile : profiles) {
                    out.println(profileSink.write(profile, forkDir, params.getBenchmark()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the profile to " + forkDir + ": " + e.getMessage(), e);
            } catch (UserCodeException e) {
                out.println("<failure: " + e.getMessage() + ">");
                break;
            } catch (SandboxException e) {
                out.println("<forked VM failed: " + e.getMessage() + ">");
                break;
            }
            if (!events.measured.isEmpty()) {
                BenchmarkResultMetaData md = events.metadata;
                if (md != null) {
                    md.adjustStart(startTime);
                }
                BenchmarkResult br = new BenchmarkResult(params, events.measured, md);
                if (!warmupFork) {
                    results.add(br);
                }
            }
            eta.after(params);
            out.println("");
        }
        if (!results.isEmpty()) {
            out.endBenchmark(new RunResult(params, results).getAggregatedResult());
        }
        return results;
    }

    /** A fresh sandbox for each fork; those of one command line come from one interpreter, with a spare. */
    private Interpreter sandbox(BenchmarkParams params, Path hintsFile) {
        List<String> flags = forkFlags(params, hintsFile);
        Interpreter sandbox = sandboxes.computeIfAbsent(flags, f -> {
            Interpreter made = Interpreter.external(SandboxOptions.builder().java(Path.of(params.getJvm()))
                    .jvmArgs(f).spare(!Boolean.getBoolean("sandprof.jmh.noSpare")).startTimeout(startTimeout).build());
            fresh.add(made);
            return made;
        });
        if (!fresh.remove(sandbox)) {
            sandbox.restart();
        }
        return sandbox;
    }

    /**
     * The flags JMH's {@code Runner.getForkedMainCommand} gives a fork: the benchmark's JVM arguments,
     * then JMH's compiler hints ({@code CompilerHints.addCompilerHints}, compiler blackholes on).
     */
    static List<String> forkFlags(BenchmarkParams params, Path hintsFile) {
        List<String> flags = new ArrayList<>(params.getJvmArgs());
        flags.add("-XX:+UnlockDiagnosticVMOptions");
        flags.add("-XX:+UnlockExperimentalVMOptions");
        flags.add("-DcompilerBlackholesEnabled=true");
        flags.add("-XX:CompileCommandFile=" + hintsFile);
        return flags;
    }

    /** JMH's compile-command file: its own lines ({@code CompilerHints.hintsFile}), then the processor's hints. */
    private static Path hintsFile(String processorHints) {
        List<String> lines = new ArrayList<>(List.of("quiet", "inline,org/openjdk/jmh/infra/Blackhole.consume",
                "dontinline,org/openjdk/jmh/infra/Blackhole.consumeCPU",
                "blackhole,org/openjdk/jmh/infra/Blackhole.consumeCompiler"));
        TreeSet<String> hints = new TreeSet<>();
        for (String line : processorHints.split("\n")) {
            if (!line.startsWith("#") && !line.trim().isEmpty()) {
                hints.add(line);
            }
        }
        lines.addAll(hints);
        try {
            Path f = Files.createTempFile("sandprof-compilecommand", "");
            f.toFile().deleteOnExit();
            Files.write(f, lines, StandardCharsets.UTF_8);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the compiler hints: " + e.getMessage(), e);
        }
    }

    private static List<ClassBytes> runnerClasses() {
        List<ClassBytes> classes = new ArrayList<>();
        for (String name : RUNNER_CLASSES) {
            try (InputStream in = JmhBench.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new IllegalStateException("sandprof's build lacks " + name);
                }
                classes.add(new ClassBytes(name, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return classes;
    }

    static Path jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One fork's events, turned back into JMH's objects and given to JMH's output format as its host does. */
    private final class ForkEvents implements EventListener {
        private final BenchmarkParams params;
        final List<IterationResult> measured = new ArrayList<>();
        BenchmarkResultMetaData metadata;

        ForkEvents(BenchmarkParams params) {
            this.params = params;
        }

        private IterationParams phase(boolean warmup) {
            return warmup ? params.getWarmup() : params.getMeasurement();
        }

        @Override
        public void jmhIterationStarted(JmhIterationStarted e) {
            out.iteration(params, phase(e.warmup()), e.index());
            out.flush();
        }

        @Override
        public void jmhIterationResult(JmhIterationResult e) {
            IterationParams ip = phase(e.warmup());
            IterationResult ir = new IterationResult(params, ip, new IterationResultMetaData(e.allOps(), e.measuredOps()));
            for (JmhResultData r : e.results()) {
                ir.addResult(SandprofResults.of(r.kind(), r.role(), r.label(), r.unit(), r.policy(), r.value(), r.cells(),
                        r.text(), r.timeUnit()));
            }
            out.iterationResult(params, ip, e.index(), ir);
            out.flush();
            if (!e.warmup()) {
                measured.add(ir);
            }
        }

        @Override
        public void jmhOutput(JmhOutput e) {
            switch (e.method()) {
                case "print":
                    out.print(e.text());
                    break;
                case "verbosePrintln":
                    out.verbosePrintln(e.text());
                    break;
                default:
                    out.println(e.text());
            }
            out.flush();
        }

        @Override
        public void jmhForkEnded(JmhForkEnded e) {
            metadata = new BenchmarkResultMetaData(e.warmupTime(), e.measurementTime(), e.stopTime(), e.warmupOps(),
                    e.measurementOps());
        }
    }

    /** Writes JMH's result file as its {@code Runner} does, when the options ask for one. */
    public void writeResults(Collection<RunResult> results) {
        if (options.getResult().hasValue() || options.getResultFormat().hasValue()) {
            ResultFormatType type = options.getResultFormat().orElse(Defaults.RESULT_FORMAT);
            String file = options.getResult().orElse(Defaults.RESULT_FILE_PREFIX + "." + type.toString().toLowerCase());
            ResultFormatFactory.getInstance(type, file).writeOut(results);
            out.println("");
            out.println("Benchmark result is saved to " + file);
            out.flush();
        }
    }

    /** JMH's progress line ({@code BaseRunner.etaBeforeBenchmark}). */
    private static final class Eta {
        private final long projectedTotal;
        private long projectedRunning;
        private long actualRunning;
        private long benchmarkStart;

        Eta(List<BenchmarkParams> all) {
            long total = 0;
            for (BenchmarkParams p : all) {
                total += (Math.max(1, p.getForks()) + p.getWarmupForks()) * singleFork(p);
            }
            projectedTotal = total;
        }

        private static long singleFork(BenchmarkParams p) {
            IterationParams w = p.getWarmup();
            IterationParams m = p.getMeasurement();
            if (p.getMode() == org.openjdk.jmh.annotations.Mode.SingleShotTime) {
                return (w.getCount() + m.getCount()) * TimeUnit.MILLISECONDS.toNanos(1);
            }
            return w.getCount() * w.getTime().convertTo(TimeUnit.NANOSECONDS)
                    + m.getCount() * m.getTime().convertTo(TimeUnit.NANOSECONDS);
        }

        void before(OutputFormat out) {
            if (benchmarkStart == 0) {
                benchmarkStart = System.nanoTime();
            }
            double done = 1.0D * projectedRunning / projectedTotal;
            long eta = done != 0 ? (long) (actualRunning * (1.0D / done - 1)) : projectedTotal;
            out.println(String.format("# Run progress: %.2f%% complete, ETA %s", done * 100, format(eta)));
        }

        void after(BenchmarkParams p) {
            long now = System.nanoTime();
            projectedRunning += singleFork(p);
            actualRunning += now - benchmarkStart;
            benchmarkStart = now;
        }

        static String format(long nanos) {
            long days = TimeUnit.NANOSECONDS.toDays(nanos);
            nanos -= days * TimeUnit.DAYS.toNanos(1);
            long hrs = TimeUnit.NANOSECONDS.toHours(nanos);
            nanos -= hrs * TimeUnit.HOURS.toNanos(1);
            long mins = TimeUnit.NANOSECONDS.toMinutes(nanos);
            nanos -= mins * TimeUnit.MINUTES.toNanos(1);
            long secs = TimeUnit.NANOSECONDS.toSeconds(nanos);
            return String.format("%s%02d:%02d:%02d", days > 0 ? days + " days, " : "", hrs, mins, secs);
        }
    }
}
