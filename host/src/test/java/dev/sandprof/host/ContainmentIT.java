package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User code cannot reach sandprof's channel: a program tries every path that ordinary reflection
 * gives it (System.out, its own class loader, threads and their context loaders, the static fields
 * of sandprof's classes, the agent, private lookups, java.lang.reflect, the socket's descriptor)
 * and uses what it reaches to forge a reply. Each attempt fails, and the program ends as under
 * {@code java}. Where the user opens the modules on purpose, the host takes no forged reply that
 * its request did not ask for.
 */
class ContainmentIT {

    static final Path ROOT = Path.of(System.getProperty("sandprof.home")).toAbsolutePath().normalize();
    static final Path JAVA_17 = Path.of(System.getProperty("java.home"), "bin", "java");
    static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    static final List<String> PATHS = List.of("stdout", "own-loader", "threads", "context-loader", "statics",
            "wire-classes", "private-lookup", "agent", "reflect-override", "via-chronicle", "descriptor");

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    private static Path java(String which) {
        Path java = which.equals("25") ? JAVA_25 : JAVA_17;
        assumeTrue(Files.isExecutable(java), "no JDK " + which + " at " + java);
        return java;
    }

    private Path probe() throws IOException {
        try (InputStream in = ContainmentIT.class.getResourceAsStream("/containment/ChannelProbe.java")) {
            Path f = dir.resolve("ChannelProbe.java");
            Files.write(f, in.readAllBytes());
            return f;
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void aProgramReachesNothingOfSandprofsAndEndsAsUnderJava(String jdk) throws Exception {
        Path java = java(jdk);
        Path probe = probe();
        Result sandprof = run(List.of(ROOT.resolve("bin/sandprof").toString(), "run", "--java", java.toString(),
                probe.getFileName().toString()));
        Result plain = run(List.of(java.toString(), probe.getFileName().toString()));

        assertThat(lines(sandprof.out())).extracting(l -> l.substring(0, l.indexOf(':'))).containsExactlyElementsOf(PATHS);
        assertThat(lines(sandprof.out())).as(sandprof.out()).allMatch(l -> l.contains(": blocked ("));
        assertThat(sandprof.out()).doesNotContain("REACHED");
        assertThat(sandprof.status()).isEqualTo(plain.status()).isEqualTo(1);
        assertThat(sandprof.err()).isEqualTo(plain.err())
                .startsWith("Exception in thread \"main\" java.lang.IllegalStateException: the probe's own failure");
        // What stops each path, in the JVM's own words.
        assertThat(sandprof.out())
                .contains("own-loader: blocked (IllegalStateException: no channel among 1 objects reached")
                .contains("dev.sandprof.sandbox.LoaderGeneration.classes accessible: module dev.sandprof.sandbox does not")
                .contains("wire-classes: blocked (IllegalAccessException: class ChannelProbe cannot access class"
                        + " dev.sandprof.wire.Done (in module dev.sandprof.wire)")
                .contains("private-lookup: blocked (IllegalAccessException: module dev.sandprof.sandbox does not open")
                .contains("agent: blocked (IllegalStateException: the agent gives no Instrumentation)")
                .contains("reflect-override: blocked (IllegalAccessException: module java.base does not open java.lang.reflect")
                .contains("via-chronicle: blocked (IllegalAccessException: caller does not have PRIVATE and MODULE lookup mode)")
                .contains("descriptor: blocked (IllegalAccessException: class ChannelProbe cannot access class"
                        + " sun.nio.ch.IOUtil (in module java.base)");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void aSnippetReachesNothingOfSandprofsEither(String jdk) throws Exception {
        try (Interpreter sandbox = Interpreter.external(SandboxOptions.builder().java(java(jdk)).build())) {
            sandbox.define(Programs.compile(dir, "ChannelProbe", Files.readString(probe())).classes());
            assertThat(sandbox.eval("ChannelProbe.summary()").display())
                    .isEqualTo(PATHS.size() + " of " + PATHS.size() + " paths blocked");
            assertThat(sandbox.eval("6 * 7").display()).isEqualTo("42");
        }
    }

    @ParameterizedTest(name = "forged Done for the running request + {0}")
    @ValueSource(longs = {0, 1000})
    void aForgedReplyEndsTheSandboxAndTheCallSaysWhatCame(long offset) throws Exception {
        // The user opens sandprof's modules to their code on purpose: their right, and the only way
        // left to forge a frame. The host still takes no reply that its request did not ask for.
        SandboxOptions options = SandboxOptions.builder()
                .jvmArg("--add-opens=java.base/java.io=ALL-UNNAMED")
                .jvmArg("--add-opens=dev.sandprof.sandbox/dev.sandprof.sandbox=ALL-UNNAMED")
                .jvmArg("--add-opens=dev.sandprof.wire/dev.sandprof.wire=ALL-UNNAMED")
                .build();
        try (Interpreter sandbox = Interpreter.external(options)) {
            sandbox.define(Programs.compile(dir, "ChannelProbe", Files.readString(probe())).classes());
            String expected = offset == 0
                    ? "the sandbox sent a Done in reply to Evaluate"
                    : "the sandbox sent a Done that no request asked for";
            assertThatThrownBy(() -> sandbox.eval("ChannelProbe.forgeDone(" + offset + "L)"))
                    .isInstanceOf(SandboxDiedException.class)
                    .hasMessageContaining("ended by sandprof, because " + expected);
            // The next request gets a fresh sandbox.
            assertThat(sandbox.eval("6 * 7").display()).isEqualTo("42");
        }
    }

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    private Result run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        CompletableFuture<String> err = StreamText.read(p.getErrorStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: " + cmd).isTrue();
        return new Result(p.exitValue(), out.get(), err.get());
    }

}
