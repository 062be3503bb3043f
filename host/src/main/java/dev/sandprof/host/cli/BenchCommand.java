package dev.sandprof.host.cli;

import dev.sandprof.host.CompilationException;
import dev.sandprof.host.CompiledProgram;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SourceCompiler;
import dev.sandprof.host.StackTraceFormat;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.bench.BenchmarkRun;
import dev.sandprof.host.bench.BenchmarkStubs;
import dev.sandprof.host.internal.ExternalInterpreter;
import dev.sandprof.wire.BenchmarkInfo;
import dev.sandprof.wire.BenchmarkIteration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sandprof bench}: runs JMH benchmarks, unchanged, each fork in a fresh sandbox, and reports
 * them with JMH's statistics, tables and JSON result format.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Run JMH benchmarks, unchanged and without an annotation-processing build, each fork in a fresh sandbox.",
        description = "Compiles the sources (against JMH's annotations), finds their @Benchmark methods, and runs each "
                + "(per mode and @Param combination) for the warmup and measurement iterations of each fork, every fork "
                + "in a fresh sandbox JVM. Prints each iteration as it ends, then JMH's summary table (score and its "
                + "error at 99.9% confidence). Options take JMH's names; on the command line they override the annotations.%n")
final class BenchCommand implements Callable<Integer> {

    /**
     * The flags JMH gives its forks on JDK 17 and later ("compiler blackholes", auto-detected):
     * {@code Blackhole.consume} compiles to nothing that costs, yet the JIT must keep the value.
     * Without them a consume costs a few nanoseconds more than under JMH.
     */
    static final List<String> COMPILER_BLACKHOLES = List.of("-XX:+UnlockExperimentalVMOptions",
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=inline,org/openjdk/jmh/infra/Blackhole.consume",
            "-XX:CompileCommand=dontinline,org/openjdk/jmh/infra/Blackhole.consumeCPU",
            "-XX:CompileCommand=blackhole,org/openjdk/jmh/infra/Blackhole.consumeCompiler",
            "-XX:CompileCommand=dontinline,org/openjdk/jmh/infra/Blackhole.consumeFull",
            "-DcompilerBlackholesEnabled=true");

    @Option(names = "-f", paramLabel = "INT", description = "Forks: fresh sandboxes per benchmark (JMH's default 5).")
    Integer forks;

    @Option(names = "-wi", paramLabel = "INT", description = "Warmup iterations (default 5; 0 for single-shot).")
    Integer warmupIterations;

    @Option(names = "-i", paramLabel = "INT", description = "Measurement iterations (default 5; 1 for single-shot).")
    Integer iterations;

    @Option(names = "-w", paramLabel = "TIME", converter = DurationConverter.class, description = "Warmup iteration time (default 10s).")
    Duration warmupTime;

    @Option(names = "-r", paramLabel = "TIME", converter = DurationConverter.class, description = "Measurement iteration time (default 10s).")
    Duration measurementTime;

    @Option(names = "-t", paramLabel = "INT", description = "Threads running the benchmark (default 1; 'max' for one per CPU).")
    String threads;

    @Option(names = "-p", paramLabel = "NAME=V1,V2", description = "Values of a @Param field (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(names = "-bm", paramLabel = "MODE", split = ",",
            description = "Modes: thrpt, avgt, sample, ss, all (or JMH's long names).")
    List<String> modes = new ArrayList<>();

    @Option(names = "-tu", paramLabel = "UNIT", description = "Output time unit: ns, us, ms, s, m, h.")
    String timeUnit;

    @Option(names = "-rf", paramLabel = "FORMAT", description = "Result file format: json (JMH's), or text.")
    String resultFormat;

    @Option(names = "-rff", paramLabel = "FILE", description = "Result file (default jmh-result.json / jmh-result.txt).")
    Path resultFile;

    @Option(names = "-jvmArgs", paramLabel = "ARGS", description = "Sandbox JVM flags, space-separated; replace @Fork(jvmArgs).")
    String jvmArgs;

    @Option(names = "-e", paramLabel = "REGEX", description = "Exclude benchmarks matching (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "-to", paramLabel = "TIME", converter = DurationConverter.class,
            description = "How long a fork may run past its iterations' time before it is ended as hung (default 10m).")
    Duration forkTimeout;

    @Option(names = "-prof", paramLabel = "PROFILER[:event=E;dir=D]",
            description = "A profiler over each fork's measurement iterations: gc (allocation per op and GC counts, as extra "
                    + "rows), async, jfr or agent (flame.html, profile.collapsed, and profile.jfr / profile.prof, per fork, "
                    + "under dir, default prof/).")
    String profiler;

    @Option(names = "--jvm", paramLabel = "JAVA", description = "The java launcher of the sandboxes; repeat to compare JVMs side by side.")
    List<Path> jvms = new ArrayList<>();

    @Option(names = {"-cp", "--class-path"}, paramLabel = "PATH", split = ":", description = "Jars and directories the benchmarks use.")
    List<Path> classPath = new ArrayList<>();

    @Parameters(paramLabel = "FILE.java|JAR|DIR|REGEX",
            description = "The benchmarks' sources, or compiled benchmarks (jars, class directories), and patterns of benchmarks to run "
                    + "(default: all).")
    List<String> arguments = new ArrayList<>();

    /** Jars and class directories of compiled benchmarks: on the class path, and searched for benchmarks. */
    private final List<Path> compiled = new ArrayList<>();

    /**
     * One benchmark run's result: what it was and its measurement scores, per fork.
     *
     * @param benchmark its name in the table: {@code Class.method}
     */
    record Result(String jvm, String jvmPath, String benchmark, String mode, Map<String, String> params, String unit,
                  int threads, int forks, BenchmarkRun run, List<List<Double>> scoresPerFork, List<Long> samples, String failure,
                  Map<String, List<Double>> secondary) {
    }

    private String profilerName() {
        int colon = profiler.indexOf(':');
        return (colon < 0 ? profiler : profiler.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /** An option of {@code -prof name:key=value;key=value}, or {@code otherwise}. */
    private String profilerOption(String key, String otherwise) {
        int colon = profiler.indexOf(':');
        if (colon >= 0) {
            for (String kv : profiler.substring(colon + 1).split("[;,]")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).trim().equals(key)) {
                    return kv.substring(eq + 1).trim();
                }
            }
        }
        return otherwise;
    }

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<Path> sources = new ArrayList<>();
        List<Pattern> includes = new ArrayList<>();
        for (String a : arguments) {
            if (a.endsWith(".java")) {
                sources.add(Path.of(a));
            } else if (a.endsWith(".jar") || Files.isDirectory(Path.of(a))) {
                compiled.add(Path.of(a));
            } else {
                includes.add(Pattern.compile(a));
            }
        }
        if (sources.isEmpty() && compiled.isEmpty()) {
            err.println("sandprof bench: name the benchmarks' .java files, or the jars or class directories that hold them");
            return ProgramCommand.COMPILE_ERROR;
        }
        if (profiler != null) {
            String name = profilerName();
            if (!List.of("gc", "async", "jfr", "agent").contains(name)) {
                err.println("sandprof bench: -prof " + name + " is not a profiler sandprof bench has: use gc, async, jfr or agent");
                return ProgramCommand.COMPILE_ERROR;
            }
        }
        if (forks != null && forks == 0) {
            err.println("sandprof bench: -f 0 (no fork) is not supported: every fork runs in a fresh sandbox; use -f 1");
            return ProgramCommand.COMPILE_ERROR;
        }
        if (jvms.isEmpty()) {
            jvms.add(Path.of(ProcessHandle.current().info().command().orElse("java")));
        }
        List<Result> results = new ArrayList<>();
        try {
            for (Path jvm : jvms) {
                runJvm(jvm, sources, includes, results, out, err);
            }
        } catch (CompilationException e) {
            err.println(e.getMessage());
            return ProgramCommand.COMPILE_ERROR;
        } catch (IllegalArgumentException | dev.sandprof.host.RequestRefusedException e) {
            err.println("sandprof bench: " + e.getMessage());
            return ProgramCommand.COMPILE_ERROR;
        } catch (SandboxException e) {
            return ProgramCommand.failed(e, err);
        }
        out.println();
        out.print(BenchReport.table(results, jvms.size() > 1));
        if (resultFormat != null) {
            boolean json = resultFormat.equalsIgnoreCase("json");
            if (!json && !resultFormat.equalsIgnoreCase("text")) {
                err.println("sandprof bench: -rf " + resultFormat + " is not supported: use json or text");
                return ProgramCommand.COMPILE_ERROR;
            }
            Path file = resultFile != null ? resultFile : Path.of(json ? "jmh-result.json" : "jmh-result.txt");
            Files.writeString(file, json ? BenchReport.json(results) : BenchReport.table(results, jvms.size() > 1), StandardCharsets.UTF_8);
            out.println("\nResult \"" + file + "\" written.");
        }
        return results.stream().anyMatch(r -> r.failure() != null) ? 1 : 0;
    }

    private void runJvm(Path jvm, List<Path> sources, List<Pattern> includes, List<Result> results, PrintStream out, PrintStream err) {
        SandboxOptions.Builder options = SandboxOptions.builder().java(jvm).spare(false);
        CompiledProgram program;
        List<BenchmarkInfo> benchmarks;
        Map<String, byte[]> stubs;
        String version;
        try (Interpreter discovery = Interpreter.external(options.build())) {
            ExternalInterpreter external = (ExternalInterpreter) discovery;
            List<Path> compileClassPath = new ArrayList<>(runClassPath());
            compileClassPath.addAll(external.benchmarkClassPath());
            int release = SourceCompiler.releaseFor(external.sandboxFeature());
            SourceCompiler compiler = new SourceCompiler();
            program = sources.isEmpty() ? new CompiledProgram(Map.of(), null) : compiler.compile(sources, compileClassPath, release);
            if (!runClassPath().isEmpty()) {
                discovery.addClassPath(runClassPath());
            }
            if (!program.classes().isEmpty()) {
                discovery.define(program.classes());
            }
            List<String> topLevel = new ArrayList<>();
            program.classes().keySet().stream().filter(n -> !n.contains("$")).sorted().forEach(topLevel::add);
            topLevel.addAll(classesIn(compiled));
            benchmarks = new ArrayList<>();
            for (BenchmarkInfo b : discovery.describeBenchmarks(topLevel)) {
                String name = b.benchmarkClass() + "." + b.method();
                if ((includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(name).find()))
                        && excludes.stream().noneMatch(e -> Pattern.compile(e).matcher(name).find())) {
                    benchmarks.add(b);
                }
            }
            if (benchmarks.isEmpty()) {
                throw new IllegalArgumentException("no @Benchmark method " + (includes.isEmpty() ? "in " + sources : "matches " + includes));
            }
            Map<String, String> stubSources = new LinkedHashMap<>();
            for (BenchmarkInfo b : benchmarks) {
                stubSources.put(BenchmarkStubs.className(b), BenchmarkStubs.source(b));
            }
            stubs = compiler.compileGenerated(stubSources, program.classes(), compileClassPath, release);
            version = discovery.info().javaVersion();
        }
        Map<String, byte[]> shipped = new LinkedHashMap<>(program.classes());
        shipped.putAll(stubs);
        Map<List<String>, Interpreter> sandboxes = new LinkedHashMap<>();
        java.util.Set<Interpreter> fresh = new java.util.HashSet<>();
        // A fork is one request: it may take its iterations' time, and -to more before it counts as hung.
        long longest = 0;
        for (BenchmarkInfo b : benchmarks) {
            longest = Math.max(longest, iterationsTime(b));
        }
        Duration limit = Duration.ofNanos(longest).plus(forkTimeout != null ? forkTimeout : Duration.ofMinutes(10));
        try {
            for (BenchmarkInfo b : benchmarks) {
                List<String> args = jvmArgs != null ? List.of(jvmArgs.trim().split("\\s+"))
                        : concat(b.jvmArgs(), b.jvmArgsAppend());
                for (String mode : modes(b)) {
                    for (Map<String, String> p : combinations(b)) {
                        Interpreter sandbox = sandboxes.computeIfAbsent(args, a -> {
                            // A spare makes each next fork's fresh sandbox ready at once.
                            Interpreter made = Interpreter.external(SandboxOptions.builder().java(jvm)
                                    .jvmArgs(COMPILER_BLACKHOLES).jvmArgs(compilerHints(benchmarks)).jvmArgs(a).spare(true)
                                    .timeout(limit).build());
                            fresh.add(made);
                            return made;
                        });
                        results.add(runForks(sandbox, fresh, version, jvm, b, mode, p, shipped, out, err));
                    }
                }
            }
        } finally {
            sandboxes.values().forEach(Interpreter::close);
        }
    }

    private Result runForks(Interpreter sandbox, java.util.Set<Interpreter> fresh, String version, Path jvm, BenchmarkInfo b,
                            String mode, Map<String, String> p,
                            Map<String, byte[]> shipped, PrintStream out, PrintStream err) {
        boolean singleShot = mode.equals("ss");
        Iterations planned = iterations(b, mode);
        int wi = planned.warmups();
        int mi = planned.measurements();
        long wt = planned.warmupNanos();
        long mt = planned.measurementNanos();
        int f = forks != null ? forks : b.forks() >= 0 ? b.forks() : 5;
        int t = threads != null ? threadCount(threads) : b.threads() == 0 ? 1 : b.threads() < 0 ? Runtime.getRuntime().availableProcessors() : b.threads();
        String unit = timeUnit != null ? unitName(timeUnit) : b.timeUnit() != null ? b.timeUnit() : "SECONDS";
        String prof = profiler == null ? null : profilerName();
        boolean engine = prof != null && !prof.equals("gc");
        Path profileDir = engine ? Path.of(profilerOption("dir", "prof")).resolve(b.benchmarkClass() + "." + b.method()
                + (p.isEmpty() ? "" : "-" + p.toString().replaceAll("[{} ]", "").replace(',', '-')) + "-" + mode) : null;
        String label = BenchReport.unitLabel(mode, unit);
        out.printf("# JMH-style run by sandprof, JVM: %s (Java %s)%n", jvm, version);
        out.printf("# Warmup: %d iterations, %s each%n", wi, singleShot ? "single-shot" : describe(wt));
        out.printf("# Measurement: %d iterations, %s each%n", mi, singleShot ? "single-shot" : describe(mt));
        out.printf("# Threads: %d thread%s%n", t, t == 1 ? "" : "s");
        out.println("# Blackhole mode: compiler (as JMH auto-detects on JDK 17+)");
        out.printf("# Benchmark mode: %s, %s%n", BenchReport.modeName(mode), label);
        out.printf("# Benchmark: %s.%s%n", b.benchmarkClass(), b.method());
        if (!p.isEmpty()) {
            StringBuilder ps = new StringBuilder();
            p.forEach((k, v) -> ps.append(ps.length() == 0 ? "" : ", ").append(k).append(" = ").append(v));
            out.println("# Parameters: (" + ps + ")");
        }
        List<List<Double>> perFork = new ArrayList<>();
        List<Long> samples = new ArrayList<>();
        Map<String, List<Double>> secondary = new LinkedHashMap<>();
        String failure = null;
        for (int fork = 1; fork <= f; fork++) {
            out.printf("%n# Fork: %d of %d%n", fork, f);
            List<Double> scores = new ArrayList<>();
            Path forkDir = engine ? profileDir.resolve("fork-" + fork) : null;
            BenchmarkRun run = new BenchmarkRun(b.benchmarkClass(), b.method(), BenchmarkStubs.className(b), mode, unit, t, p, wi, wt,
                    mi, mt, b.operationsPerInvocation(), prof, engine ? profilerOption("event", "cpu") : null,
                    "jfr".equals(prof) ? forkDir.resolve("profile.jfr").toAbsolutePath().toString() : null);
            try {
                if (!fresh.remove(sandbox)) {
                    sandbox.restart(); // each fork in a fresh sandbox, as JMH forks a fresh JVM
                }
                if ("agent".equals(prof)) {
                    sandbox.instrument(); // before the classes are shipped: they are instrumented as they are defined
                }
                if (forkDir != null) {
                    Files.createDirectories(forkDir);
                }
                if (!runClassPath().isEmpty()) {
                    sandbox.addClassPath(runClassPath());
                }
                sandbox.define(shipped);
                sandbox.runBenchmark(run, (BenchmarkIteration it) -> {
                    out.printf("%s%3d: %s %s%n", it.warmup() ? "# Warmup Iteration " : "Iteration ", it.index(),
                            BenchReport.score(it.score()), label);
                    if (!it.warmup()) {
                        scores.add(it.score());
                        for (long s : it.samples()) {
                            samples.add(s);
                        }
                        it.secondary().forEach((name, v) -> secondary.computeIfAbsent(name, n -> new ArrayList<>()).add(v));
                    }
                }, profile -> writeProfile(profile, forkDir, b, out));
                perFork.add(scores);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + forkDir + ": " + e.getMessage(), e);
            } catch (UserCodeException e) {
                failure = "threw " + e.exception().className();
                err.printf("<failure: %s.%s%s>%n%s", b.benchmarkClass(), b.method(), p.isEmpty() ? "" : " " + p,
                        StackTraceFormat.format(e.exception()));
                break; // the benchmark itself fails: its other forks would too
            } catch (SandboxDiedException e) {
                failure = "fork " + fork + " died";
                err.printf("<failure: fork %d of %s.%s ended: %s>%n", fork, b.benchmarkClass(), b.method(), e.getMessage());
            } catch (SandboxException e) {
                failure = "fork " + fork + (e instanceof dev.sandprof.host.SandboxTimeoutException ? " timed out" : " failed");
                err.printf("<failure: fork %d of %s.%s: %s>%n", fork, b.benchmarkClass(), b.method(), e.getMessage());
            }
        }
        out.println();
        BenchmarkRun described = new BenchmarkRun(b.benchmarkClass(), b.method(), BenchmarkStubs.className(b), mode, unit, t, p, wi, wt,
                mi, mt, b.operationsPerInvocation(), prof, null, null);
        return new Result(jvmLabel(version), jvm.toString(), b.benchmarkClass() + "." + b.method(), mode, p, label, t, f, described,
                perFork, samples, failure, secondary);
    }

    /** A fork's measurement profile: its files, and a line saying where they are. */
    private static void writeProfile(dev.sandprof.host.ProfileResult profile, Path dir, BenchmarkInfo b, PrintStream out) {
        try {
            ProfileFiles.write(profile, dir, b.benchmarkClass() + "." + b.method());
            out.println("# Profile (" + ProfileReport.describe(profile) + "): " + dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the profile to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The class path the benchmarks run with: -cp, then the compiled benchmarks named. */
    private List<Path> runClassPath() {
        List<Path> all = new ArrayList<>(classPath);
        all.addAll(compiled);
        return all;
    }

    /** The top-level classes of jars and class directories, by binary name. */
    private static List<String> classesIn(List<Path> roots) {
        List<String> names = new ArrayList<>();
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    try (java.util.stream.Stream<Path> files = Files.walk(root)) {
                        files.map(f -> root.relativize(f).toString()).filter(BenchCommand::isTopLevelClass)
                                .forEach(f -> names.add(f.substring(0, f.length() - 6).replace(java.io.File.separatorChar, '.')));
                    }
                } else {
                    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
                        jar.stream().map(java.util.jar.JarEntry::getName).filter(BenchCommand::isTopLevelClass)
                                .filter(n -> !n.startsWith("META-INF/"))
                                .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + root + ": " + e.getMessage(), e);
            }
        }
        names.sort(null);
        return names;
    }

    private static boolean isTopLevelClass(String path) {
        return path.endsWith(".class") && !path.contains("$") && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class");
    }

    /**
     * JMH's compiler hints: the timing loop compiled on its own (never inlined into its caller),
     * the benchmark method inlined into it.
     */
    private static List<String> compilerHints(List<BenchmarkInfo> benchmarks) {
        List<String> hints = new ArrayList<>(BenchmarkStubs.COMPILER_HINTS);
        for (BenchmarkInfo b : benchmarks) {
            hints.add("-XX:CompileCommand=inline," + b.benchmarkClass().replace('.', '/') + "." + b.method());
        }
        return hints;
    }

    /** A benchmark's warmup and measurement iterations, and their times. */
    private record Iterations(int warmups, long warmupNanos, int measurements, long measurementNanos) {
    }

    /**
     * The iterations of a benchmark in a mode: the command line's, else its annotations', else
     * JMH's defaults (5 of 10 s; a single shot has no warmup and one measurement).
     */
    private Iterations iterations(BenchmarkInfo b, String mode) {
        boolean singleShot = mode.equals("ss");
        int wi = warmupIterations != null ? warmupIterations : b.warmupIterations() >= 0 ? b.warmupIterations() : singleShot ? 0 : 5;
        int mi = iterations != null ? iterations : b.measurementIterations() >= 0 ? b.measurementIterations() : singleShot ? 1 : 5;
        long wt = warmupTime != null ? warmupTime.toNanos() : b.warmupNanos() >= 0 ? b.warmupNanos() : TimeUnit.SECONDS.toNanos(10);
        long mt = measurementTime != null ? measurementTime.toNanos() : b.measurementNanos() >= 0 ? b.measurementNanos()
                : TimeUnit.SECONDS.toNanos(10);
        return new Iterations(wi, wt, mi, mt);
    }

    /** The longest time a benchmark's iterations take, as this command line sets them (timed modes bound single shots). */
    private long iterationsTime(BenchmarkInfo b) {
        Iterations it = iterations(b, "thrpt");
        return it.warmups() * it.warmupNanos() + it.measurements() * it.measurementNanos();
    }

    private static String jvmLabel(String version) {
        return version;
    }

    private List<String> modes(BenchmarkInfo b) {
        if (modes.isEmpty()) {
            return b.modes();
        }
        List<String> out = new ArrayList<>();
        for (String m : modes) {
            String shortName = BenchReport.shortMode(m);
            if (shortName.equals("all")) {
                out.addAll(List.of("thrpt", "avgt", "sample", "ss"));
            } else {
                out.add(shortName);
            }
        }
        return out;
    }

    /** Every combination of the benchmark's parameter values, command line first; names in JMH's (sorted) order. */
    private List<Map<String, String>> combinations(BenchmarkInfo b) {
        Map<String, List<String>> values = new TreeMap<>(b.params());
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("-p " + p + ": write -p name=value1,value2");
            }
            String name = p.substring(0, eq);
            if (values.containsKey(name)) {
                values.put(name, List.of(p.substring(eq + 1).split(",")));
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("@Param " + e.getKey() + " of " + b.benchmarkClass() + " has no values: "
                        + "give them with -p " + e.getKey() + "=...");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    private static int threadCount(String value) {
        if (value.equalsIgnoreCase("max")) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("-t " + value + ": give a number of threads of at least 1, or max");
    }

    static String unitName(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "ns": return "NANOSECONDS";
            case "us": return "MICROSECONDS";
            case "ms": return "MILLISECONDS";
            case "s": return "SECONDS";
            case "m": return "MINUTES";
            case "h": return "HOURS";
            default:
                try {
                    return TimeUnit.valueOf(unit.toUpperCase(Locale.ROOT)).name();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("-tu " + unit + ": use ns, us, ms, s, m or h");
                }
        }
    }

    static String describe(long nanos) {
        return nanos % 1_000_000_000L == 0 ? nanos / 1_000_000_000L + " s" : nanos / 1_000_000 + " ms";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
