package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.ROOT;
import static dev.sandprof.host.cli.RunCommandIT.sandprof;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sandprof bench}, run as a user runs it, on small benchmarks with short iterations: JMH's
 * engine (the default) with JMH's output, and sandprof's own where only it does the job (-prof,
 * several --jvm side by side). The benchmarks are in packages, as JMH requires.
 */
class BenchCommandIT {

    /** Short everything: these tests check behaviour, not scores. */
    static final String[] QUICK = {"-f", "1", "-wi", "1", "-i", "2", "-w", "50ms", "-r", "50ms"};

    @TempDir
    Path dir;

    private RunCommandIT.Result bench(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        return sandprof(dir, all.toArray(String[]::new));
    }

    private Path write(String name, String source) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, source);
        return f;
    }

    @Test
    void theReadmeExampleRunsWithJmhsTableAndJson() throws Exception {
        Path json = dir.resolve("result.json");
        // Three iterations: JMH prints an error only from three measurements on.
        RunCommandIT.Result r = sandprof(ROOT, "bench", "-f", "1", "-wi", "1", "-i", "3", "-w", "50ms", "-r", "50ms",
                "-rf", "json", "-rff", json.toString(), "examples/bench/ListBench.java");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("# Benchmark: bench.ListBench.arrayList").contains("# Parameters: (size = 1000)")
                .contains("# Warmup Iteration   1: ").contains("Iteration   3: ")
                .containsPattern("Benchmark +\\(size\\) +Mode +Cnt +Score +Error +Units")
                .containsPattern("ListBench\\.linkedList +1000 +avgt +3 +[0-9.]+ +± +[0-9.]+ +us/op");
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize(4);
        JsonNode first = results.get(0);
        assertThat(first.get("benchmark").asText()).isEqualTo("bench.ListBench.arrayList");
        assertThat(first.get("mode").asText()).isEqualTo("avgt");
        assertThat(first.get("params").get("size").asText()).isEqualTo("10");
        assertThat(first.get("primaryMetric").get("scoreUnit").asText()).isEqualTo("us/op");
        assertThat(first.get("primaryMetric").get("rawData")).hasSize(1);
        assertThat(first.get("primaryMetric").get("rawData").get(0)).hasSize(3);
        assertThat(first.get("primaryMetric").get("score").asDouble()).isPositive();
    }

    static final String ANNOTATED = "package b;\n"
            + "import java.util.concurrent.TimeUnit;\n"
            + "import org.openjdk.jmh.annotations.*;\n"
            + "import org.openjdk.jmh.infra.Blackhole;\n"
            + "public class Annotated {\n"
            + "    @State(Scope.Thread)\n"
            + "    public static class Counter {\n"
            + "        @Param({\"3\"}) public int step;\n"
            + "        long value;\n"
            + "        @Setup(Level.Iteration) public void iteration() { System.out.println(\"iteration setup step=\" + step); }\n"
            + "        @Setup(Level.Invocation) public void invocation() { value = step; }\n"
            + "        @TearDown(Level.Trial) public void trial() { System.out.println(\"trial teardown\"); }\n"
            + "    }\n"
            + "    @Benchmark @BenchmarkMode(Mode.All) @OutputTimeUnit(TimeUnit.NANOSECONDS)\n"
            + "    public long all(Counter c) { return c.value * 2; }\n"
            + "    @Benchmark @Threads(2) @OperationsPerInvocation(10) @BenchmarkMode(Mode.Throughput)\n"
            + "    public static void twoThreads(Blackhole bh) { for (int i = 0; i < 10; i++) bh.consume(i); }\n"
            + "}\n";

    @Test
    void modesStatesFixturesParamsAndThreads() throws Exception {
        write("b/Annotated.java", ANNOTATED);
        Path json = dir.resolve("a.json");
        RunCommandIT.Result r = bench(concat(QUICK, "-p", "step=5", "-rf", "json", "-rff", json.toString(), "b/Annotated.java"));
        assertThat(r.status()).as(r.err()).isZero();
        // -p overrides the annotation's value; iteration-level setups run once per iteration (1 + 2 a fork, 4 modes).
        assertThat(r.out()).doesNotContain("step=3");
        assertThat(r.out().split("iteration setup step=5", -1)).hasSize(4 * 3 + 1);
        assertThat(r.out()).contains("trial teardown").contains("# Threads: 2 threads");
        for (String mode : List.of("thrpt", "avgt", "sample", "ss")) {
            assertThat(r.out()).containsPattern("Annotated\\.all +5 +" + mode + " ");
        }
        assertThat(r.out()).contains("Annotated.all:p0.50").contains("Annotated.all:p0.9999");
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        JsonNode two = null;
        for (JsonNode n : results) {
            if (n.get("benchmark").asText().equals("b.Annotated.twoThreads")) {
                two = n;
            }
        }
        assertThat(two).isNotNull();
        assertThat(two.get("threads").asInt()).isEqualTo(2);
        assertThat(two.get("primaryMetric").get("scoreUnit").asText()).isEqualTo("ops/s");
    }

    @Test
    void aClassWithoutBenchmarksAndAParamThatDoesNotParseAreRefusedByName() throws Exception {
        write("Plain.java", "public class Plain { public int x() { return 1; } }\n");
        RunCommandIT.Result none = bench(concat(QUICK, "Plain.java"));
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("no @Benchmark method");
        // JMH's own refusal of a benchmark class in the default package, at its compilation.
        write("Short.java", SHORT.replace("package s;", ""));
        RunCommandIT.Result unpackaged = bench(concat(QUICK, "Short.java"));
        assertThat(unpackaged.status()).isEqualTo(2);
        assertThat(unpackaged.err()).contains("Benchmark class should have package other than default");
        // A value JMH's generated code cannot parse fails the benchmark in its fork, as under JMH; -foe makes it status 1.
        write("b/Annotated.java", ANNOTATED);
        RunCommandIT.Result bad = bench(concat(QUICK, "-foe", "true", "-p", "step=many", "b/Annotated.java", "all"));
        assertThat(bad.out()).contains("<failure>").contains("java.lang.NumberFormatException: For input string: \"many\"")
                .contains("Benchmark had encountered error, and fail on error was requested");
        assertThat(bad.status()).isEqualTo(1);
    }

    @Test
    void aFailingBenchmarkIsReportedAndTheOthersStillRun() throws Exception {
        write("m/Mixed.java", "package m;\n"
                + "import org.openjdk.jmh.annotations.*;\n"
                + "public class Mixed {\n"
                + "    @Benchmark public int fails() { throw new IllegalStateException(\"broken benchmark\"); }\n"
                + "    @Benchmark public void halts() { Runtime.getRuntime().halt(3); }\n"
                + "    @Benchmark public void hangs() throws Exception { Thread.sleep(Long.MAX_VALUE); }\n"
                + "    @Benchmark public int works() { return 42; }\n"
                + "}\n");
        // -to 2s: JMH's iteration timeout; JMH itself would wait for the sleeping benchmark for ever (synchronized
        // iterations), sandprof ends its fork after its iterations' time and timeouts, plus a minute.
        RunCommandIT.Result r = bench(concat(QUICK, "-to", "2s", "m/Mixed.java"));
        // Without -foe, JMH reports the failures and ends with status 0.
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("<failure>").contains("java.lang.IllegalStateException: broken benchmark")
                .contains("at m.Mixed.fails(Mixed.java:4)")
                .contains("<forked VM failed: the sandbox (pid ").contains("exited with status 3")
                .contains("<forked VM failed: the request ran past its ")
                .containsPattern("Mixed\\.works +thrpt +2 +[0-9.]+").doesNotContainPattern("Mixed\\.(fails|halts|hangs) +thrpt");
    }

    @Test
    void profilersOverTheMeasurementIterations() throws Exception {
        // One benchmark per profiler (a pattern after the file): each fork is a sandbox JVM's start.
        // -prof is sandprof's own engine's still.
        RunCommandIT.Result gc = sandprof(ROOT, concat(new String[] {"bench", "--engine", "sandprof"}, concat(QUICK, "-prof", "gc", "-p", "size=1000",
                "examples/bench/ListBench.java", "arrayList")));
        assertThat(gc.status()).as(gc.err()).isZero();
        assertThat(gc.out()).containsPattern("ListBench\\.arrayList:gc\\.alloc\\.rate\\.norm +1000 +avgt +2 +.* B/op")
                .containsPattern("ListBench\\.arrayList:gc\\.count +1000 +avgt .* counts").doesNotContain("ListBench.linkedList");
        Path profiles = dir.resolve("profiles");
        RunCommandIT.Result async = sandprof(ROOT, concat(new String[] {"bench", "--engine", "sandprof"}, concat(QUICK, "-prof", "async:dir=" + profiles,
                "-p", "size=1000", "examples/bench/ListBench.java", "linkedList")));
        assertThat(async.status()).as(async.err()).isZero();
        Path fork = profiles.resolve("bench.ListBench.linkedList-size=1000-avgt/fork-1");
        assertThat(async.out()).contains("# Profile (async-profiler, ").doesNotContain("ListBench.arrayList");
        // The stacks start at the benchmark method: sandprof's runner and stub are cut.
        assertThat(Files.readString(fork.resolve("profile.collapsed"))).startsWith("bench.ListBench.linkedList;")
                .doesNotContain("SandprofStub").doesNotContain("dev.sandprof");
        assertThat(Files.readString(fork.resolve("flame.html"))).contains("ListBench.linkedList");
    }

    @Test
    void forkJvmArgsAndTwoJvmsSideBySide() throws Exception {
        write("f/Flags.java", "package f;\n"
                + "import org.openjdk.jmh.annotations.*;\n"
                + "@State(Scope.Benchmark)\n"
                + "@Fork(value = 1, jvmArgsAppend = \"-Dbench.flag=set\")\n"
                + "public class Flags {\n"
                + "    @Setup public void check() { if (!\"set\".equals(System.getProperty(\"bench.flag\"))) throw new IllegalStateException(\"no flag\"); }\n"
                + "    @Benchmark public int version() { return Runtime.version().feature(); }\n"
                + "}\n");
        List<String> args = new ArrayList<>(List.of(QUICK));
        boolean with25 = Files.isExecutable(RunCommandIT.JAVA_25);
        if (with25) {
            // Side by side in one table: sandprof's own engine's still.
            args.addAll(List.of("--engine", "sandprof", "--jvm", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "--jvm", RunCommandIT.JAVA_25.toString()));
        }
        args.add("f/Flags.java");
        RunCommandIT.Result r = bench(args.toArray(String[]::new));
        assertThat(r.status()).as(r.err()).isZero();
        if (with25) {
            // One table, a row per JVM.
            assertThat(r.out()).containsPattern("Benchmark +\\(jvm\\) +Mode")
                    .containsPattern("Flags\\.version +17[.0-9]* +thrpt").containsPattern("Flags\\.version +25[.0-9]* +thrpt");
        } else {
            assertThat(r.out()).containsPattern("Flags\\.version +thrpt");
        }
    }

    static final String SHORT = "package s;\n"
            + "import java.util.concurrent.TimeUnit;\n"
            + "import org.openjdk.jmh.annotations.*;\n"
            + "@State(Scope.Benchmark)\n"
            + "@BenchmarkMode(Mode.AverageTime) @OutputTimeUnit(TimeUnit.NANOSECONDS)\n"
            + "@Warmup(iterations = 1, time = 50, timeUnit = TimeUnit.MILLISECONDS)\n"
            + "@Measurement(iterations = 2, time = 50, timeUnit = TimeUnit.MILLISECONDS)\n"
            + "@Fork(1)\n"
            + "public class Short {\n"
            + "    double x = 2;\n"
            + "    @Benchmark public double root() { return Math.sqrt(x); }\n"
            + "    @Benchmark public double cube() { return x * x * x; }\n"
            + "}\n";

    @Test
    void theAnnotationsDecideWhenTheCommandLineSaysNothing() throws Exception {
        write("s/Short.java", SHORT);
        RunCommandIT.Result r = bench("s/Short.java");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("# Warmup: 1 iterations, 50 ms each").contains("# Measurement: 2 iterations, 50 ms each")
                .contains("# Fork: 1 of 1").doesNotContain("# Fork: 2")
                .containsPattern("Short\\.root +avgt +2 +[0-9.]+ +ns/op");
        // The command line overrides them: a mode, a unit, and a benchmark left out by pattern.
        RunCommandIT.Result cli = bench(concat(QUICK, "-bm", "ss", "-tu", "us", "-e", "cube", "s/Short.java"));
        assertThat(cli.status()).as(cli.err()).isZero();
        assertThat(cli.out()).containsPattern("Short\\.root +ss +2 +.* us/op").doesNotContain("Short.cube");
    }

    @Test
    void compiledBenchmarksFromAClassDirectoryAndAJar() throws Exception {
        write("s/Short.java", SHORT);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        String jmh = Files.list(ROOT.resolve("sandbox-runtime/target/sandbox-lib")).filter(p -> p.getFileName().toString().startsWith("jmh-core"))
                .findFirst().orElseThrow().toString();
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none", "-cp", jmh, "-d", classes.toString(),
                dir.resolve("s/Short.java").toString())).isZero();
        RunCommandIT.Result fromDir = bench(concat(QUICK, "classes"));
        assertThat(fromDir.status()).as(fromDir.err()).isZero();
        assertThat(fromDir.out()).containsPattern("Short\\.root +avgt +2 ");
        Path jar = dir.resolve("short.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("s/Short.class"));
            out.write(Files.readAllBytes(classes.resolve("s/Short.class")));
            out.closeEntry();
        }
        RunCommandIT.Result fromJar = bench(concat(QUICK, "short.jar", "root"));
        assertThat(fromJar.status()).as(fromJar.err()).isZero();
        assertThat(fromJar.out()).containsPattern("Short\\.root +avgt +2 ").doesNotContain("Short.cube");
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
