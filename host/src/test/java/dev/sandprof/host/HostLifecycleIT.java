package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host as a real process of its own ({@link HostProcess}): when it exits, or is killed, its
 * sandbox goes too; and running a program in a sandbox loads none of the sandbox's tooling into it.
 */
class HostLifecycleIT {

    @TempDir
    Path dir;

    private Process startHost(String mode, String... jvmFlags) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "-Dsandprof.sandbox.lib=" + System.getProperty("sandprof.sandbox.lib"),
                "-cp", System.getProperty("java.class.path"), HostProcess.class.getName(), mode, dir.toString()));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The first line the host prints is its sandbox's pid. */
    private static long sandboxPid(Process host) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
        return Long.parseLong(r.readLine().trim());
    }

    private static void assertGone(long pid) throws Exception {
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("sandbox " + pid + " outlived its host", e);
            }
        });
    }

    @Test
    void aHostThatExitsWithoutClosingLeavesNoSandbox() throws Exception {
        Process host = startHost("exit");
        long sandbox = sandboxPid(host);
        assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertGone(sandbox);
    }

    @Test
    void aHostKilledWithSigkillLeavesNoSandbox() throws Exception {
        Process host = startHost("wait");
        long sandbox = sandboxPid(host);
        assertThat(ProcessHandle.of(sandbox)).isPresent();
        host.destroyForcibly();
        host.waitFor();
        assertGone(sandbox);
    }

    @Test
    void runningAProgramExternallyLoadsNoAgentProfilerOrByteBuddyIntoTheHost() throws Exception {
        Path log = dir.resolve("classes.log");
        Process host = startHost("exit", "-Xlog:class+load=info:file=" + log);
        sandboxPid(host);
        assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(host.exitValue()).isZero();
        List<String> loaded = Files.readAllLines(log).stream()
                .filter(l -> l.contains(" source: ")).collect(Collectors.toList());
        assertThat(loaded).anyMatch(l -> l.contains("dev.sandprof.host.internal.ExternalInterpreter"));
        assertThat(loaded).noneMatch(l -> l.contains("net.bytebuddy") || l.contains("dev.sandprof.agent")
                || l.contains("one.profiler") || l.contains("jdk.jfr") || l.contains("bytebuddy"));
        // The program ran in the sandbox, not here.
        assertThat(loaded).noneMatch(l -> l.contains(" Tiny "));
    }
}
