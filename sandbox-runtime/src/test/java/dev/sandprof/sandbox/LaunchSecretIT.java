package dev.sandprof.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox JVM that is not given its whole launch secret on stdin says so and ends, connecting nowhere. */
class LaunchSecretIT {

    @TempDir
    Path dir;

    private Process sandbox(byte[] stdin) throws Exception {
        Path lib = SandboxMainIT.LIB;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + lib.resolve("agent/sandprof-agent.jar"), "-cp"));
        try (Stream<Path> jars = Files.list(lib)) {
            cmd.add(jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).collect(Collectors.joining(":")));
        }
        // The socket does not exist: a sandbox that went on past its secret would fail to connect instead.
        cmd.addAll(List.of(SandboxMain.class.getName(), "--connect", dir.resolve("none").toString(), "--epoch", "1"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the sandbox ended").isTrue();
        return p;
    }

    private static String stderr(Process p) throws Exception {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void anEmptyStdinEndsTheSandboxWithAMessage() throws Exception {
        Process p = sandbox(new byte[0]);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(stderr(p)).contains("sandprof sandbox: stdin ended after 0 of the 32 bytes of the launch secret")
                .contains("started by the sandprof host").doesNotContain("Exception");
    }

    @Test
    void aShortSecretEndsTheSandboxWithAMessage() throws Exception {
        Process p = sandbox("short".getBytes(StandardCharsets.US_ASCII));
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(stderr(p)).contains("stdin ended after 5 of the 32 bytes of the launch secret");
    }
}
