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
import java.util.function.Consumer;
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

    /** The JMH whose runner the forks run: jmh-core's on the host's and the sandbox's class paths. */
    static final String JMH_VERSION = org.openjdk.jmh.util.Version.getPlainVersion();

    private final Options options;
    private final PrintStream stdout;
    private final OutputFormat out;
    private final String defaultJvm;
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

    /**
     * @param options    JMH's options, read by JMH's own command line ({@code CommandLineOptions})
     * @param stdout     where JMH's human-readable output goes ({@code -o}'s file, or the terminal), the
     *                   sandboxes' output with it, as JMH's host copies its forks' output there
     * @param defaultJvm the {@code java} of a fork when neither {@code -jvm} nor {@code @Fork(jvm)} names
     *                   one (JMH's host JVM), and of the one sandbox of the non-forked runs
     */
    public JmhBench(Options options, PrintStream stdout, Path defaultJvm) {
        this.options = options;
        this.stdout = stdout;
        this.out = OutputFormatFactory.createFormatInstance(stdout, options.verbosity().orElse(Defaults.VERBOSITY));
        this.defaultJvm = defaultJvm.toString();
    }

    /** JMH's {@code -foe}: a benchmark failed and the run stops, as JMH's {@code RunnerException} stops it. */
    public static final class FailedOnError extends RuntimeException {
        FailedOnError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No benchmark matches the patterns (JMH's {@code NoBenchmarksException}). */
    public static final class NoBenchmarks extends RuntimeException {
        NoBenchmarks() {
            super("No matching benchmarks. Miss-spelled regexp?");
        }
    }

    /**
     * The benchmarks as JMH's build makes them: classes to ship (compiled here, the generated ones
     * among them), jars and class directories to put on the sandbox's class path (compiled benchmarks
     * given as such), and the processor's {@code BenchmarkList} and {@code CompilerHints}.
     */
    public static final class Compiled {
        final Map<String, byte[]> classes;
        final List<Path> classPath;
        final String benchmarkList;
        final String compilerHints;

        Compiled(Map<String, byte[]> classes, List<Path> classPath, String benchmarkList, String compilerHints) {
            this.classes = classes;
            this.classPath = List.copyOf(classPath);
            this.benchmarkList = benchmarkList;
            this.compilerHints = compilerHints;
        }

        /** Sources and compiled benchmarks given together: one run of them all. */
        public static Compiled of(List<Compiled> parts) {
            if (parts.size() == 1) {
                return parts.get(0);
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            List<Path> classPath = new ArrayList<>();
            StringBuilder list = new StringBuilder();
            StringBuilder hints = new StringBuilder();
            for (Compiled c : parts) {
                classes.putAll(c.classes);
                classPath.addAll(c.classPath);
                list.append(c.benchmarkList).append('\n');
                hints.append(c.compilerHints).append('\n');
            }
            return new Compiled(classes, classPath, list.toString(), hints.toString());
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
        return new Compiled(o.classes, List.of(), new String(list, StandardCharsets.UTF_8),
                hints == null ? "" : new String(hints, StandardCharsets.UTF_8));
    }

    /**
     * Compiled benchmarks, jars or class directories. Those built by a JMH project hold JMH's
     * generated code and its {@code META-INF/BenchmarkList}: they run as they are. The others are
     * plain classes: JMH's annotation processor runs over them here, and its generated classes are
     * shipped beside them.
     *
     * @param release the {@code --release} of the sandboxes' JDK
     * @throws dev.sandprof.host.CompilationException with JMH's processor's errors
     * @throws IllegalArgumentException when they hold no benchmark
     */
    public static Compiled load(List<Path> compiled, List<Path> classPath, int release) {
        StringBuilder list = new StringBuilder();
        StringBuilder hints = new StringBuilder();
        List<String> plain = new ArrayList<>();
        for (Path input : compiled) {
            String own = resource(input, "META-INF/BenchmarkList");
            String shaded = resource(input, "META-INF/maven/org.openjdk.jmh/jmh-core/pom.properties");
            String version = JMH_VERSION;
            if (shaded != null) {
                java.util.Properties p = new java.util.Properties();
                try {
                    p.load(new java.io.StringReader(shaded));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                version = p.getProperty("version", JMH_VERSION);
            }
            if (own != null && !version.equals(JMH_VERSION)) {
                // Its generated code is JMH's of that version; the fork's JMH is sandprof's.
                throw new IllegalArgumentException(input + " was built with JMH " + version + ": sandprof runs JMH "
                        + JMH_VERSION + "'s runner, so rebuild it with JMH " + JMH_VERSION + " or give its sources");
            }
            if (own != null) {
                list.append(own).append('\n');
                String h = resource(input, "META-INF/CompilerHints");
                hints.append(h == null ? "" : h).append('\n');
            } else {
                plain.addAll(topLevelClasses(input));
            }
        }
        Map<String, byte[]> generated = Map.of();
        if (!plain.isEmpty()) {
            List<Path> cp = new ArrayList<>(compiled);
            cp.addAll(classPath);
            cp.add(jarOf(org.openjdk.jmh.annotations.Benchmark.class));
            InMemoryJavac.Outcome o = new InMemoryJavac().processClasses(plain, cp, release, List.of(new BenchmarkProcessor()));
            generated = o.classes;
            byte[] l = o.resources.get("META-INF/BenchmarkList");
            if (l != null) {
                list.append(new String(l, StandardCharsets.UTF_8)).append('\n');
            }
            byte[] h = o.resources.get("META-INF/CompilerHints");
            if (h != null) {
                hints.append(new String(h, StandardCharsets.UTF_8)).append('\n');
            }
        }
        if (list.toString().isBlank()) {
            throw new IllegalArgumentException("no @Benchmark method in " + compiled);
        }
        return new Compiled(generated, compiled, list.toString(), hints.toString());
    }

    /** A file of a jar or class directory, as text; {@code null} when it has none. */
    private static String resource(Path input, String name) {
        try {
            if (Files.isDirectory(input)) {
                Path f = input.resolve(name);
                return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(input.toFile())) {
                java.util.jar.JarEntry e = jar.getJarEntry(name);
                if (e == null) {
                    return null;
                }
                try (InputStream in = jar.getInputStream(e)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /** The top-level classes of a jar or class directory, by name: what javac's processing takes. */
    private static List<String> topLevelClasses(Path input) {
        List<String> files = new ArrayList<>();
        try {
            if (Files.isDirectory(input)) {
                try (java.util.stream.Stream<Path> all = Files.walk(input)) {
                    all.filter(Files::isRegularFile).forEach(f -> files.add(input.relativize(f).toString().replace('\\', '/')));
                }
            } else {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(input.toFile())) {
                    jar.stream().filter(e -> !e.isDirectory()).forEach(e -> files.add(e.getName()));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + input + ": " + e.getMessage(), e);
        }
        List<String> classes = new ArrayList<>();
        for (String f : files) {
            if (f.endsWith(".class") && !f.startsWith("META-INF/") && !f.contains("$")
                    && !f.endsWith("module-info.class") && !f.endsWith("package-info.class")) {
                classes.add(f.substring(0, f.length() - ".class".length()).replace('/', '.'));
            }
        }
        return classes;
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
            out.flush();
        }
    }

    /** JMH's {@code -l}: the benchmarks that match, by name. */
    public void list(Compiled compiled) {
        out.println("Benchmarks: ");
        for (BenchmarkListEntry e : matching(compiled)) {
            out.println(e.getUsername());
        }
        out.flush();
    }

    /** JMH's {@code -lp}: the benchmarks that match, each with its parameters' values (the command line's, else its own). */
    public void listWithParams(Compiled compiled) {
        out.println("Benchmarks: ");
        for (BenchmarkListEntry e : matching(compiled)) {
            out.println(e.getUsername());
            if (e.getParams().hasValue()) {
                for (Map.Entry<String, String[]> p : e.getParams().get().entrySet()) {
                    Collection<String> values = options.getParameter(p.getKey()).orElse(List.of(p.getValue()));
                    out.println("  param \"" + p.getKey() + "\" = {" + String.join(", ", values) + "}");
                }
            }
        }
        out.flush();
    }

    private SortedSet<BenchmarkListEntry> matching(Compiled compiled) {
        return BenchmarkList.fromString(compiled.benchmarkList).find(out, options.getIncludes(), options.getExcludes());
    }

    private Collection<RunResult> runAll(Compiled compiled, List<Path> userClassPath) {
        SortedSet<BenchmarkListEntry> selected = matching(compiled);
        if (selected.isEmpty()) {
            throw new NoBenchmarks();
        }
        List<Path> classPath = new ArrayList<>(userClassPath);
        classPath.addAll(compiled.classPath);
        JmhProfilers profilers = JmhProfilers.of(options.getProfilers(), compiled.classes.keySet());
        JmhPlan plan = new JmhPlan(options, out, defaultJvm);
        List<BenchmarkParams> all = plan.params(selected);
        Path hintsFile = hintsFile(compiled.compilerHints);
        List<ClassBytes> runner = runnerClasses();
        out.startRun();
        long start = System.nanoTime();
        SortedSet<RunResult> results = new TreeSet<>(RunResult.DEFAULT_SORT_COMPARATOR);
        Eta eta = new Eta(all);
        // As JMH's Runner plans them: each forked benchmark in turn, then the non-forked ones (-f 0) together.
        List<BenchmarkParams> embedded = new ArrayList<>();
        for (BenchmarkParams params : all) {
            if (params.getForks() <= 0) {
                embedded.add(params);
                continue;
            }
            List<BenchmarkResult> forks = runForks(params, compiled, classPath, hintsFile, runner, eta, profilers);
            if (!forks.isEmpty()) {
                results.add(new RunResult(params, forks));
            }
        }
        if (!embedded.isEmpty()) {
            results.addAll(runEmbedded(embedded, compiled, classPath, runner, eta, profilers));
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
        for (int i = 0; i < warmupForks + forks; i++) {
            boolean warmupFork = i < warmupForks;
            eta.before(out);
            List<String> flags = forkFlags(params, hintsFile);
            out.verbosePrintln((warmupFork ? "Warmup forking" : "Forking") + " a sandbox using: " + params.getJvm() + " " + flags);
            out.println(warmupFork ? "# Warmup Fork: " + (i + 1) + " of " + warmupForks
                    : "# Fork: " + (i + 1 - warmupForks) + " of " + forks);
            long startTime = System.currentTimeMillis();
            ForkEvents events = new ForkEvents(params);
            BenchProfiler engine = profilers.engine();
            Path forkDir = engine == null ? null
                    : profilers.forkDir(params, warmupFork ? i + 1 : i + 1 - warmupForks, warmupFork).toAbsolutePath();
            List<ProfileResult> profiles = new ArrayList<>();
            try {
                Interpreter sandbox = sandbox(params.getJvm(), flags, forkLimit(params), needsAgent(engine));
                if (needsAgent(engine)) {
                    sandbox.instrument(); // before the fork's loader defines the classes: they are instrumented as defined
                }
                prepare(sandbox, compiled, classPath);
                runFork(sandbox, params, runner, false, events, profilers, forkDir, profiles::add);
                for (ProfileResult profile : profiles) {
                    out.println(profileSink.write(profile, forkDir, params.getBenchmark()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the profile to " + forkDir + ": " + e.getMessage(), e);
            } catch (UserCodeException e) {
                // What JMH's runner threw out of the fork: with -foe, the benchmark's failure; else a runner that broke.
                results.clear();
                if (failOnError()) {
                    out.println("Benchmark had encountered error, and fail on error was requested");
                    throw new FailedOnError("Benchmark caught the exception", e);
                }
                out.println("<failure: " + e.getMessage() + ">");
                break;
            } catch (SandboxException e) {
                // JMH's "forked VM failed": this benchmark's results are dropped, its remaining forks not run.
                results.clear();
                out.println("<forked VM failed: " + e.getMessage() + ">");
                out.println("");
                if (failOnError()) {
                    out.println("Benchmark had encountered error, and fail on error was requested");
                    throw new FailedOnError("Benchmark caught the exception", e);
                }
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

    /**
     * JMH's non-forked run ({@code -f 0}, {@code @Fork(0)}; its {@code BaseRunner.runBenchmarksEmbedded}):
     * every such benchmark in turn in one sandbox, started without the benchmarks' JVM arguments or
     * JMH's compiler hints, as JMH's host JVM runs them. Their classes are loaded once for all, so
     * that their profiles mix as they do in JMH's one JVM. A sandbox that dies is started again for
     * the next benchmark.
     */
    private List<RunResult> runEmbedded(List<BenchmarkParams> all, Compiled compiled, List<Path> classPath,
                                        List<ClassBytes> runner, Eta eta, JmhProfilers profilers) {
        BenchProfiler engine = profilers.engine();
        List<RunResult> results = new ArrayList<>();
        Duration limit = Duration.ZERO;
        for (BenchmarkParams params : all) {
            limit = limit.compareTo(forkLimit(params)) > 0 ? limit : forkLimit(params);
        }
        try (Interpreter sandbox = Interpreter.external(outputs(SandboxOptions.builder().java(Path.of(defaultJvm)))
                .timeout(limit).agent(needsAgent(engine)).startTimeout(startTimeout).build())) {
            boolean ready = false;
            for (BenchmarkParams params : all) {
                long startTime = System.currentTimeMillis();
                out.startBenchmark(params);
                out.println("");
                eta.before(out);
                out.println("# Fork: N/A, test runs in one sandbox JVM, shared by all non-forked runs");
                out.println("# *** WARNING: Non-forked runs may silently omit JVM options, mess up profilers, disable compiler hints, etc. ***");
                out.println("# *** WARNING: Use non-forked runs only for debugging purposes, not for actual performance runs. ***");
                ForkEvents events = new ForkEvents(params);
                Path forkDir = engine == null ? null : profilers.forkDir(params, 1, false).toAbsolutePath();
                List<ProfileResult> profiles = new ArrayList<>();
                try {
                    if (!ready) {
                        if (needsAgent(engine)) {
                            sandbox.instrument();
                        }
                        prepare(sandbox, compiled, classPath);
                        ready = true;
                    }
                    runFork(sandbox, params, runner, true, events, profilers, forkDir, profiles::add);
                    for (ProfileResult profile : profiles) {
                        out.println(profileSink.write(profile, forkDir, params.getBenchmark()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the profile to " + forkDir + ": " + e.getMessage(), e);
                } catch (UserCodeException e) {
                    if (failOnError()) {
                        throw new FailedOnError("Benchmark caught the exception", e);
                    }
                    out.println("<failure: " + e.getMessage() + ">");
                } catch (SandboxException e) {
                    out.println("<the sandbox failed: " + e.getMessage() + ">");
                    if (failOnError()) {
                        throw new FailedOnError("Benchmark caught the exception", e);
                    }
                    sandbox.restart();
                    ready = false;
                    events.measured.clear();
                }
                if (!events.measured.isEmpty()) {
                    BenchmarkResultMetaData md = events.metadata;
                    if (md != null) {
                        md.adjustStart(startTime);
                    }
                    BenchmarkResult br = new BenchmarkResult(params, events.measured, md);
                    results.add(new RunResult(params, List.of(br)));
                    out.endBenchmark(br);
                }
                eta.after(params);
            }
        }
        return results;
    }

    private boolean failOnError() {
        return options.shouldFailOnError().orElse(Defaults.FAIL_ON_ERROR);
    }

    private static void prepare(Interpreter sandbox, Compiled compiled, List<Path> classPath) {
        if (!classPath.isEmpty()) {
            sandbox.addClassPath(classPath);
        }
        sandbox.define(compiled.classes);
    }

    /**
     * @param forkDir  where sandprof's profile of the fork goes ({@code -prof async|jfr|agent}), or {@code null}
     * @param profiles told each profile the fork brings back
     */
    private void runFork(Interpreter sandbox, BenchmarkParams params, List<ClassBytes> runner, boolean embedded,
                         ForkEvents events, JmhProfilers profilers, Path forkDir, Consumer<ProfileResult> profiles)
            throws IOException {
        BenchProfiler engine = profilers.engine();
        if (forkDir != null) {
            Files.createDirectories(forkDir);
        }
        String jfrFile = engine != null && engine.kind() == BenchProfiler.Kind.JFR
                ? forkDir.resolve("profile.jfr").toString() : null;
        JmhBenchmarkParams wire = JmhPlan.toWire(params);
        ToolInterpreter.of(sandbox).runJmhFork(id -> new RunJmhFork(id, wire, runner, failOnError(),
                options.shouldDoGC().orElse(Defaults.DO_GC), embedded, profilers.jmh(),
                engine == null ? null : engine.kind().label(), engine == null ? null : engine.event(), jfrFile),
                events, profiles);
    }

    /** The sandboxes' output goes where JMH's does: {@code -o}'s file gets the forks' output too. */
    private SandboxOptions.Builder outputs(SandboxOptions.Builder b) {
        return stdout == System.out ? b : b.stdout(stdout).stderr(stdout);
    }

    /**
     * How long a fork may take before the host ends it: each iteration's time plus JMH's own timeout
     * ({@code -to}, after which JMH interrupts the benchmark), and a minute for the JVM and the trial's
     * fixtures. JMH itself has no such bound: a benchmark that ignores the interrupt (or that JMH waits
     * for at the iteration's end, with synchronized iterations) hangs its fork, and JMH, for ever.
     */
    static Duration forkLimit(BenchmarkParams params) {
        long timeout = params.getTimeout().convertTo(TimeUnit.NANOSECONDS);
        long total = TimeUnit.MINUTES.toNanos(1);
        for (IterationParams ip : List.of(params.getWarmup(), params.getMeasurement())) {
            total += ip.getCount() * (ip.getTime().convertTo(TimeUnit.NANOSECONDS) + timeout);
        }
        return Duration.ofNanos(total < 0 ? Long.MAX_VALUE : total);
    }

    /**
     * Whether a fork's sandbox runs sandprof's agent: only for the agent's own profile, since JMH's
     * forks run with none. (Measured on a quiet machine, three rounds of JMH's HelloWorld sample
     * under real JMH with and without sandprof's agent as {@code -javaagent} differed no more than
     * the rounds without it did among themselves; what an agent's JVMTI capabilities may change in
     * the JIT is not worth finding out in a benchmark's result.)
     */
    private static boolean needsAgent(BenchProfiler engine) {
        return engine != null && engine.kind() == BenchProfiler.Kind.AGENT;
    }

    /** A fresh sandbox for each fork; those of one JVM, flags, limit and agent come from one interpreter, with a spare. */
    private Interpreter sandbox(String jvm, List<String> flags, Duration limit, boolean agent) {
        List<String> key = new ArrayList<>(flags);
        key.add(0, jvm);
        key.add(1, limit.toString());
        key.add(2, agent ? "agent" : "no agent");
        Interpreter sandbox = sandboxes.computeIfAbsent(key, k -> {
            Interpreter made = Interpreter.external(outputs(SandboxOptions.builder().java(Path.of(jvm))).timeout(limit)
                    .jvmArgs(flags).agent(agent).spare(!Boolean.getBoolean("sandprof.jmh.noSpare"))
                    .startTimeout(startTimeout).build());
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
        // JMH's lock file (/tmp/jmh.lock) is taken by Runner.run only, which neither the host (it plans
        // with Runner's parts) nor the fork (BaseRunner's) calls; should a benchmark start a Runner of its
        // own, it must not wait on, or block, another JMH or sandprof bench on the machine either.
        flags.add("-Djmh.ignoreLock=true");
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
