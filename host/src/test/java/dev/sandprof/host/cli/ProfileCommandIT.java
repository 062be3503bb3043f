package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.ROOT;
import static dev.sandprof.host.cli.RunCommandIT.sandprof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sandprof profile}, run as a user runs it. */
class ProfileCommandIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleReportsItsHotMethodAndWritesAFlameGraphThatLoadsOffline() throws Exception {
        Path out = dir.resolve("prof");
        RunCommandIT.Result r = sandprof(ROOT, "profile", "--out", out.toString(), "examples/Hot.java", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("sum ");
        assertThat(r.err()).contains("sandprof profile: async-profiler, ").contains("Hot.spin").contains("wrote ");
        assertThat(Files.readString(out.resolve("profile.collapsed"))).contains("Hot.main;Hot.spin ");
        String html = Files.readString(out.resolve("flame.html"));
        assertThat(html).contains("\"n\":\"Hot.spin\"").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("src=").doesNotContain("href=");

        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (Debian's chromium package): "
                + "skipping the check that flame.html loads in a browser");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--enable-logging=stderr", "--v=0", "--user-data-dir=" + dir.resolve("chromium-profile"),
                "--dump-dom", out.resolve("flame.html").toUri().toString())
                .redirectError(dir.resolve("chromium.err").toFile()).redirectOutput(dir.resolve("dom.html").toFile()).start();
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // The script ran: the graph's boxes are in the document; and the page logged no script error.
        assertThat(Files.readString(dir.resolve("dom.html"))).contains("data-name=\"Hot.spin\"");
        assertThat(Files.readString(dir.resolve("chromium.err"))).doesNotContain("Uncaught").doesNotContain("SyntaxError");
    }

    @Test
    void theJfrEngineKeepsARecordingTheJdksToolsRead() throws Exception {
        Path out = dir.resolve("jfr");
        RunCommandIT.Result r = sandprof(ROOT, "profile", "--engine", "jfr", "--out", out.toString(), "examples/Hot.java", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("sandprof profile: JFR, cpu").contains("Hot.spin");
        Path jfrTool = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Process print = new ProcessBuilder(jfrTool.toString(), "print", "--events", "jdk.ExecutionSample", out.resolve("profile.jfr").toString())
                .redirectErrorStream(true).start();
        String printed = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(print.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(printed).contains("jdk.ExecutionSample").contains("Hot.spin");
    }

    @Test
    void theAgentEngineWritesTheCallTreeWithExactEntries() throws Exception {
        Files.writeString(dir.resolve("Fib.java"), "public class Fib {\n"
                + "    public static void main(String[] args) { System.out.println(fib(20)); }\n"
                + "    static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
                + "}\n");
        RunCommandIT.Result r = sandprof(dir, "profile", "--engine", "agent", "Fib.java");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("6765\n");
        String prof = Files.readString(dir.resolve("prof/profile.prof"));
        assertThat(prof).contains("total calls =      21892");
        // The tree: MAIN, main, then one line per depth of fib's recursion; the entries of all fib lines add up to 21,891.
        // Tree lines have six columns (name, class, no., entries, individual, inherited); the flat table's have four.
        List<String[]> fibLines = prof.lines().map(l -> l.trim().split("\\s+"))
                .filter(c -> c.length == 6 && c[0].equals("fib")).collect(java.util.stream.Collectors.toList());
        assertThat(fibLines).hasSize(20);
        assertThat(fibLines.stream().mapToLong(c -> Long.parseLong(c[3])).sum()).isEqualTo(21_891);
        assertThat(Files.exists(dir.resolve("prof/flame.html"))).isTrue();

        // The same program from a class directory: its class path is the program, instrumented as its sources were.
        Path classes = dir.resolve("classes");
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                dir.resolve("Fib.java").toString())).isZero();
        RunCommandIT.Result cp = sandprof(dir, "profile", "--engine", "agent", "--out", "cp", "--class-path", "classes", "--main", "Fib");
        assertThat(cp.status()).as(cp.err()).isZero();
        assertThat(Files.readString(dir.resolve("cp/profile.prof"))).contains("total calls =      21892");
    }

    @Test
    void profilesOnAJava25Sandbox() throws Exception {
        assumeTrue(Files.isExecutable(RunCommandIT.JAVA_25), "no JDK 25 at " + RunCommandIT.JAVA_25 + ": skipping the Java 25 sandbox test");
        for (String engine : List.of("async", "jfr")) {
            RunCommandIT.Result r = sandprof(ROOT, "profile", "--java", RunCommandIT.JAVA_25.toString(), "--engine", engine,
                    "--out", dir.resolve(engine).toString(), "examples/Hot.java", "1");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.err()).contains("Hot.spin");
        }
    }

    @Test
    void inProcessTheHostItselfIsProfiledAndSaysSo() throws Exception {
        RunCommandIT.Result r = sandprof(ROOT, "profile", "--in-process", "--out", dir.resolve("here").toString(), "examples/Hot.java", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("note: in-process: this profiles sandprof's own JVM").contains("Hot.spin");
    }

    @Test
    void theHostLoadsNoProfilerClassOrNativeLibrary() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/sandprof").toString(), "profile", "--out", dir.resolve("p").toString(),
                ROOT.resolve("examples/Hot.java").toString(), "1")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info,library=info:file=" + dir.resolve("jvm-%p.log"));
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        String host = Files.readString(dir.resolve("jvm-" + p.pid() + ".log"));
        assertThat(host).contains("dev.sandprof.host.cli.ProfileCommand")
                .doesNotContain("one.profiler").doesNotContain("libasyncProfiler").doesNotContain("jdk.jfr.Recording ");
        try (Stream<Path> logs = Files.list(dir)) {
            assertThat(logs.filter(f -> f.getFileName().toString().startsWith("jvm-")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).anySatisfy(sandbox -> assertThat(sandbox).contains("one.profiler.AsyncProfiler").contains("libasyncProfiler"));
        }
    }
}
