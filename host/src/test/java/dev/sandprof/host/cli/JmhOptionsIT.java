package dev.sandprof.host.cli;

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
 * {@code bin/sandprof bench} under JMH's command line (the jmh engine): the forks JMH would make
 * ({@code @Fork(0)} and {@code -f 0} in one sandbox, warmup forks, {@code @Fork(jvm)}), JMH's lists
 * and help, and what sandprof refuses by name.
 */
class JmhOptionsIT {

    @TempDir
    Path dir;

    static final String FORKS = "package forks;\n"
            + "import java.util.concurrent.TimeUnit;\n"
            + "import org.openjdk.jmh.annotations.*;\n"
            + "@State(Scope.Benchmark)\n"
            + "@BenchmarkMode(Mode.AverageTime) @OutputTimeUnit(TimeUnit.NANOSECONDS)\n"
            + "@Warmup(iterations = 1, time = 50, timeUnit = TimeUnit.MILLISECONDS)\n"
            + "@Measurement(iterations = 2, time = 50, timeUnit = TimeUnit.MILLISECONDS)\n"
            + "public class Forks {\n"
            + "    static int trials;\n"
            + "    @Param({\"1\"}) int n;\n"
            + "    @Setup public void trial() { System.out.println(\"trial \" + (++trials) + \" on \" + Runtime.version().feature()); }\n"
            + "    @Benchmark @Fork(0) public double inHost() { return Math.sqrt(n); }\n"
            + "    @Benchmark @Fork(0) public double inHostToo() { return Math.cbrt(n); }\n"
            + "    @Benchmark @Fork(value = 1, warmups = 1) public double warmedUp() { return Math.log(n); }\n"
            + "}\n";

    static final String ON25 = "package forks;\n"
            + "import java.util.concurrent.TimeUnit;\n"
            + "import org.openjdk.jmh.annotations.*;\n"
            + "@BenchmarkMode(Mode.AverageTime) @OutputTimeUnit(TimeUnit.NANOSECONDS)\n"
            + "@Warmup(iterations = 1, time = 50, timeUnit = TimeUnit.MILLISECONDS)\n"
            + "@Measurement(iterations = 1, time = 50, timeUnit = TimeUnit.MILLISECONDS)\n"
            + "@Fork(value = 1, jvm = \"" + RunCommandIT.JAVA_25 + "\")\n"
            + "public class On25 {\n"
            + "    @Benchmark public int feature() { return Runtime.version().feature(); }\n"
            + "}\n";

    private Path write(String name, String source) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, source);
        return f;
    }

    @Test
    void nonForkedRunsInOneSandboxWarmupForksAndAForksOwnJvm() throws Exception {
        write("forks/Forks.java", FORKS);
        List<String> args = new ArrayList<>(List.of("bench", "-rf", "json", "-rff", "r.json", "forks/Forks.java"));
        boolean with25 = Files.isExecutable(RunCommandIT.JAVA_25);
        if (with25) {
            write("forks/On25.java", ON25);
            args.add("forks/On25.java");
        } else {
            System.out.println("JmhOptionsIT: no JDK 25 at " + RunCommandIT.JAVA_25 + ": @Fork(jvm) is not checked");
        }
        RunCommandIT.Result r = sandprof(dir, args.toArray(String[]::new));
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        // The non-forked ones run last, in one sandbox whose classes they share: their static state too, as in JMH's one JVM.
        assertThat(r.out()).contains("# Fork: N/A, test runs in one sandbox JVM, shared by all non-forked runs")
                .contains("# *** WARNING: Non-forked runs may silently omit JVM options")
                .contains("# Warmup Fork: 1 of 1").contains("# Fork: 1 of 1")
                .containsPattern("(?s)# Benchmark: forks.Forks.warmedUp.*# Benchmark: forks.Forks.inHost\n.*trial 1 on 17.*"
                        + "# Benchmark: forks.Forks.inHostToo\n.*trial 2 on 17")
                .containsPattern("Forks\\.inHost +1 +avgt +2 +[0-9.]+ +ns/op");
        // The warmup fork's trial and the measured fork's: each a fresh sandbox.
        String warmed = r.out().substring(r.out().indexOf("# Benchmark: forks.Forks.warmedUp"));
        assertThat(warmed.substring(0, warmed.indexOf("Result \"")).split("trial 1 on 17", -1)).hasSize(3);
        JsonNode results = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        for (JsonNode n : results) {
            String name = n.get("benchmark").asText();
            assertThat(n.get("forks").asInt()).as(name).isEqualTo(name.startsWith("forks.Forks.inHost") ? 0 : 1);
        }
        if (with25) {
            assertThat(r.out()).contains("# VM invoker: " + RunCommandIT.JAVA_25).containsPattern("On25\\.feature +N/A +avgt +[0-9.]+ +ns/op");
            JsonNode on25 = null;
            for (JsonNode n : results) {
                if (n.get("benchmark").asText().equals("forks.On25.feature")) {
                    on25 = n;
                }
            }
            assertThat(on25).isNotNull();
            assertThat(on25.get("jdkVersion").asText()).startsWith("25");
        }
    }

    @Test
    void minusFZeroOnTheCommandLine() throws Exception {
        write("forks/Forks.java", FORKS);
        RunCommandIT.Result r = sandprof(dir, "bench", "-f", "0", "-wi", "0", "-i", "1", "forks/Forks.java", "warmedUp");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("# Fork: N/A, test runs in one sandbox JVM").doesNotContain("# Warmup Fork")
                .containsPattern("Forks\\.warmedUp +1 +avgt +[0-9.]+ +ns/op").doesNotContain("Forks.inHost");
    }

    /** A jar of the host's build, by its name's start. */
    private static String hostLib(String prefix) throws Exception {
        try (java.util.stream.Stream<Path> libs = Files.list(RunCommandIT.ROOT.resolve("host/target/lib"))) {
            return libs.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow().toString();
        }
    }

    @Test
    void compiledBenchmarksRunWithTheirOwnGeneratedCodeAndPlainClassesAreProcessed() throws Exception {
        Path source = write("forks/Forks.java", FORKS);
        String jmh = hostLib("jmh-core-") + ":" + hostLib("jmh-generator-annprocess-");
        // As a JMH Maven project builds them: JMH's processor's generated code and META-INF/BenchmarkList.
        Path built = Files.createDirectories(dir.resolve("built"));
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", jmh, "-processorpath", jmh,
                "-d", built.toString(), source.toString())).isZero();
        assertThat(built.resolve("META-INF/BenchmarkList")).exists();
        Path jar = dir.resolve("benchmarks.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             java.util.stream.Stream<Path> files = Files.walk(built)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new java.util.jar.JarEntry(built.relativize(f).toString()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        // Plain classes, compiled without JMH's processor: sandprof runs it over them.
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none", "-cp", jmh,
                "-d", plain.toString(), source.toString())).isZero();
        for (String input : List.of("benchmarks.jar", "plain")) {
            RunCommandIT.Result r = sandprof(dir, "bench", "-wi", "0", "-i", "1", "-r", "50ms", input, "warmedUp");
            assertThat(r.status()).as(input + ": " + r.out() + r.err()).isZero();
            assertThat(r.out()).as(input).contains("# Warmup Fork: 1 of 1")
                    .containsPattern("Forks\\.warmedUp +1 +avgt +[0-9.]+ +ns/op").doesNotContain("Forks.inHost");
        }
        RunCommandIT.Result list = sandprof(dir, "bench", "-l", "built");
        assertThat(list.out()).isEqualTo("Benchmarks: \nforks.Forks.inHost\nforks.Forks.inHostToo\nforks.Forks.warmedUp\n");
    }

    @Test
    void jmhsListsHelpAndRefusals() throws Exception {
        write("forks/Forks.java", FORKS);
        RunCommandIT.Result list = sandprof(dir, "bench", "-l", "-e", "inHostToo", "forks/Forks.java", "Forks");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).isEqualTo("Benchmarks: \nforks.Forks.inHost\nforks.Forks.warmedUp\n");
        RunCommandIT.Result params = sandprof(dir, "bench", "-lp", "-p", "n=5,6", "forks/Forks.java", "warmedUp");
        assertThat(params.out()).isEqualTo("Benchmarks: \nforks.Forks.warmedUp\n  param \"n\" = {5, 6}\n");
        RunCommandIT.Result help = sandprof(dir, "bench", "-h");
        assertThat(help.status()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).contains("Usage: sandprof bench").contains("--engine").contains("JMH's options")
                .contains("-jvmArgsAppend").contains("-lprof");
        RunCommandIT.Result bulk = sandprof(dir, "bench", "-wm", "BULK", "forks/Forks.java");
        assertThat(bulk.status()).isEqualTo(2);
        assertThat(bulk.err()).contains("-wm BULK is not supported");
        RunCommandIT.Result bad = sandprof(dir, "bench", "-i", "0", "forks/Forks.java");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).startsWith("sandprof bench: ").contains("option i").contains("should be positive");
        RunCommandIT.Result none = sandprof(dir, "bench", "forks/Forks.java", "NoSuchBenchmark");
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.err()).contains("No matching benchmarks. Miss-spelled regexp?");
    }
}
