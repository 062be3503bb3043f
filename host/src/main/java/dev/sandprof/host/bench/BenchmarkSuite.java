package dev.sandprof.host.bench;

import dev.sandprof.host.CompiledProgram;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SourceCompiler;
import dev.sandprof.host.internal.ToolInterpreter;
import dev.sandprof.host.internal.InMemoryJavac;
import dev.sandprof.wire.BenchmarkInfo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The benchmarks to run on one JVM, and what their forks need: the sources compiled on the host
 * (for the sandbox's Java release, against its class path), the {@code @Benchmark} methods that a
 * sandbox of that JVM finds in them and in the compiled benchmarks named, as the options select
 * them, and each one's generated stub ({@link BenchmarkStubs}), compiled.
 */
public final class BenchmarkSuite {

    private final String javaVersion;
    private final List<BenchmarkInfo> benchmarks;
    private final Map<String, byte[]> classes;
    private final List<Path> classPath;

    private BenchmarkSuite(String javaVersion, List<BenchmarkInfo> benchmarks, Map<String, byte[]> classes, List<Path> classPath) {
        this.javaVersion = javaVersion;
        this.benchmarks = List.copyOf(benchmarks);
        this.classes = classes;
        this.classPath = List.copyOf(classPath);
    }

    /**
     * Compiles and discovers, in a sandbox of {@code jvm} that ends with this call.
     *
     * @param sources   the benchmarks' sources
     * @param classPath what the benchmarks use ({@code -cp}), then compiled benchmarks (jars, class
     *     directories), whose classes are searched too
     * @param compiled  the compiled benchmarks among {@code classPath}
     * @throws dev.sandprof.host.CompilationException when the sources do not compile
     * @throws IllegalArgumentException when no benchmark is selected, or a compiled one cannot be read
     * @throws dev.sandprof.host.RequestRefusedException naming an annotation sandprof does not support
     */
    public static BenchmarkSuite discover(Path jvm, List<Path> sources, List<Path> classPath, List<Path> compiled,
                                          BenchOptions options) {
        try (Interpreter discovery = Interpreter.external(SandboxOptions.builder().java(jvm).spare(false).build())) {
            ToolInterpreter tools = ToolInterpreter.of(discovery);
            List<Path> compileClassPath = new ArrayList<>(classPath);
            compileClassPath.addAll(tools.benchmarkClassPath());
            int release = SourceCompiler.releaseFor(tools.sandboxFeature());
            InMemoryJavac compiler = new InMemoryJavac();
            CompiledProgram program = sources.isEmpty() ? new CompiledProgram(Map.of(), null)
                    : compiler.compile(sources, compileClassPath, release);
            if (!classPath.isEmpty()) {
                discovery.addClassPath(classPath);
            }
            if (!program.classes().isEmpty()) {
                discovery.define(program.classes());
            }
            List<String> topLevel = new ArrayList<>();
            program.classes().keySet().stream().filter(n -> !n.contains("$")).sorted().forEach(topLevel::add);
            topLevel.addAll(classesIn(compiled));
            List<BenchmarkInfo> benchmarks = new ArrayList<>();
            for (BenchmarkInfo b : tools.describeBenchmarks(topLevel)) {
                if (options.selects(b.benchmarkClass() + "." + b.method())) {
                    benchmarks.add(b);
                }
            }
            if (benchmarks.isEmpty()) {
                throw new IllegalArgumentException("no @Benchmark method "
                        + (options.includes().isEmpty() ? "in " + sources : "matches " + options.includes()));
            }
            Map<String, String> stubSources = new LinkedHashMap<>();
            for (BenchmarkInfo b : benchmarks) {
                stubSources.put(BenchmarkStubs.className(b), BenchmarkStubs.source(b));
            }
            Map<String, byte[]> shipped = new LinkedHashMap<>(program.classes());
            shipped.putAll(compiler.compileGenerated(stubSources, program.classes(), compileClassPath, release));
            return new BenchmarkSuite(discovery.info().javaVersion(), benchmarks, shipped, classPath);
        }
    }

    /** The Java version of the JVM's sandboxes. */
    public String javaVersion() {
        return javaVersion;
    }

    /** The benchmarks selected, in the order they run. */
    public List<BenchmarkInfo> benchmarks() {
        return benchmarks;
    }

    /** The classes each fork defines: the compiled sources and the stubs. */
    public Map<String, byte[]> classes() {
        return classes;
    }

    /** The class path each fork adds. */
    public List<Path> classPath() {
        return classPath;
    }

    /**
     * JMH's compiler hints: the timing loops compiled on their own (never inlined into their
     * caller), each benchmark method inlined into its loop.
     */
    public List<String> compilerHints() {
        List<String> hints = new ArrayList<>(BenchmarkStubs.COMPILER_HINTS);
        for (BenchmarkInfo b : benchmarks) {
            hints.add("-XX:CompileCommand=inline," + b.benchmarkClass().replace('.', '/') + "." + b.method());
        }
        return hints;
    }

    /** The top-level classes of jars and class directories, by binary name. */
    private static List<String> classesIn(List<Path> roots) {
        List<String> names = new ArrayList<>();
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    try (Stream<Path> files = Files.walk(root)) {
                        files.map(f -> root.relativize(f).toString()).filter(BenchmarkSuite::isTopLevelClass)
                                .forEach(f -> names.add(f.substring(0, f.length() - 6).replace(File.separatorChar, '.')));
                    }
                } else {
                    try (JarFile jar = new JarFile(root.toFile())) {
                        jar.stream().map(JarEntry::getName).filter(BenchmarkSuite::isTopLevelClass)
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
}
