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
import org.junit.jupiter.api.Timeout;
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

    /**
     * Ctrl-Z stops the host and its sandbox together (a suspended machine too): when they go on,
     * the sandbox's silence, longer than the liveness bound, was the host's own.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aHostStoppedTogetherWithItsSandboxDoesNotTakeItForSilent() throws Exception {
        Process host = startHost("nap");
        BufferedReader lines = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
        long sandbox = Long.parseLong(lines.readLine().trim());
        assertThat(lines.readLine()).isEqualTo("napping");
        String both = host.pid() + " " + sandbox;
        // The sleeps below are the lengths of the stops, the point of the test, not waits for anything.
        // The sandbox first, so that a probe is left unanswered when the host stops (probes go every
        // 200 ms and are answered in microseconds: a stop rarely falls between the two by itself).
        signal("STOP", sandbox);
        try {
            Thread.sleep(300);
            signal("STOP", host.pid());
            Thread.sleep(2 * HostProcess.NAP_LIVENESS.toMillis()); // stopped for longer than the liveness bound
            // The host goes on first, as it may on a busy machine: it must give the sandbox time to.
            signal("CONT", host.pid());
            Thread.sleep(500);
        } finally {
            signal("CONT", host.pid(), sandbox);
        }
        Files.createFile(dir.resolve(HostProcess.WAKE));
        assertThat(lines.readLine()).as("the nap of the sandbox (host and sandbox: " + both + ")").isEqualTo("ok");
        assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertGone(sandbox);
    }

    private static void signal(String name, long... pids) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + name));
        for (long pid : pids) {
            cmd.add(Long.toString(pid));
        }
        assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor(30, TimeUnit.SECONDS)).isTrue();
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
