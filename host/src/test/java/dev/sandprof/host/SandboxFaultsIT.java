package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sandbox processes that exit, crash, run out of memory, hang or are killed from outside. */
class SandboxFaultsIT {

    @TempDir
    Path dir;

    private final SynchronizedBuffer out = new SynchronizedBuffer();
    private final SynchronizedBuffer err = new SynchronizedBuffer();

    private SandboxOptions.Builder options() {
        return SandboxOptions.builder().stdout(out).stderr(err);
    }

    private static ProcessHandle process(long pid) {
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
    }

    /** Waits for a process to be gone, without sleeping: the test's own timeout bounds it. */
    private static void awaitGone(long pid) throws Exception {
        CompletableFuture<ProcessHandle> gone = ProcessHandle.of(pid).map(ProcessHandle::onExit)
                .orElse(CompletableFuture.completedFuture(null));
        gone.get(30, TimeUnit.SECONDS);
    }

    @Test
    void systemExitIsReportedWithItsStatusAndTheNextRequestGetsAFreshSandbox() throws Exception {
        try (Interpreter sandbox = Interpreter.external(options().build())) {
            long first = sandbox.info().pid();
            sandbox.define(Programs.compile(dir, "Exit", Programs.mainOf("Exit",
                    "System.out.println(\"last words\");", "System.exit(7);")).classes());
            SandboxDiedException e = catchThrowableOfType(SandboxDiedException.class, () -> sandbox.runMain("Exit", List.of()));
            assertThat(e.exitStatus()).isEqualTo(7);
            assertThat(e.getMessage()).contains("pid " + first).contains("exited with status 7");
            assertThat(out.text()).isEqualTo("last words\n");
            sandbox.ping();
            assertThat(sandbox.info().pid()).isNotEqualTo(first);
            awaitGone(first);
        }
    }

    @Test
    void runtimeHaltIsReported() {
        try (Interpreter sandbox = Interpreter.external(options().build())) {
            sandbox.define(Programs.compile(dir, "Halt", Programs.mainOf("Halt", "Runtime.getRuntime().halt(3);")).classes());
            assertThatThrownBy(() -> sandbox.runMain("Halt", List.of()))
                    .isInstanceOf(SandboxDiedException.class).hasMessageContaining("exited with status 3");
            sandbox.ping();
        }
    }

    @Test
    void runningOutOfMemoryEndsTheSandboxAndSaysSo() {
        try (Interpreter sandbox = Interpreter.external(options().jvmArg("-Xmx48m").build())) {
            sandbox.define(Programs.compile(dir, "Hog", Programs.mainOf("Hog",
                    "java.util.List<long[]> all = new java.util.ArrayList<>();",
                    "while (true) all.add(new long[1 << 20]);")).classes());
            SandboxDiedException e = catchThrowableOfType(SandboxDiedException.class, () -> sandbox.runMain("Hog", List.of()));
            assertThat(e.getMessage()).contains("OutOfMemoryError");
            assertThat(e.stderrTail()).anyMatch(l -> l.contains("OutOfMemoryError"));
            sandbox.ping();
        }
    }

    @Test
    void aSandboxKilledFromOutsideIsReportedWithItsSignal() throws Exception {
        try (Interpreter sandbox = Interpreter.external(options().build())) {
            sandbox.define(Programs.compile(dir, "Wait", Programs.mainOf("Wait",
                    "System.out.println(\"waiting\");", "Thread.sleep(600_000);")).classes());
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> catchThrowable(() -> sandbox.runMain("Wait", List.of())));
            long pid = sandbox.info().pid();
            awaitOutput("waiting\n");
            process(pid).destroyForcibly();
            Throwable e = run.get(30, TimeUnit.SECONDS);
            assertThat(e).isInstanceOf(SandboxDiedException.class).hasMessageContaining("signal 9 (SIGKILL)");
            assertThat(((SandboxDiedException) e).exitStatus()).isEqualTo(137);
            sandbox.ping();
        }
    }

    @Test
    void aSandboxStoppedBySigstopIsReportedUnresponsiveAndEndedAndTheNextRequestGetsAFreshOne() throws Exception {
        try (Interpreter sandbox = Interpreter.external(options().livenessTimeout(Duration.ofSeconds(2)).build())) {
            sandbox.define(Programs.compile(dir, "Wait", Programs.mainOf("Wait",
                    "System.out.println(\"waiting\");", "Thread.sleep(600_000);")).classes());
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> catchThrowable(() -> sandbox.runMain("Wait", List.of())));
            long pid = sandbox.info().pid();
            awaitOutput("waiting\n");
            try {
                signal("STOP", pid);
                Throwable e = run.get(60, TimeUnit.SECONDS);
                assertThat(e).isInstanceOf(SandboxUnresponsiveException.class)
                        .hasMessageContaining("the sandbox (pid " + pid + ") answered no liveness check for 2 s")
                        .hasMessageContaining("stopped by a signal")
                        .hasMessageContaining("the next request gets a fresh one");
                assertThat(((SandboxUnresponsiveException) e).livenessTimeout()).isEqualTo(Duration.ofSeconds(2));
                awaitGone(pid);
            } finally {
                endIfLeft(pid);
            }
            sandbox.ping();
            assertThat(sandbox.info().pid()).isNotEqualTo(pid);
        }
    }

    @Test
    void aLongCallOfAnAnsweringSandboxIsNotMistakenForASilentOne() throws Exception {
        try (Interpreter sandbox = Interpreter.external(options().livenessTimeout(Duration.ofSeconds(1)).build())) {
            long pid = sandbox.info().pid();
            // In user code for several bounds: the channel thread still answers every probe.
            sandbox.define(Programs.compile(dir, "Long", Programs.mainOf("Long", "Thread.sleep(5_000);")).classes());
            sandbox.runMain("Long", List.of());
            assertThat(sandbox.info().pid()).isEqualTo(pid);
        }
    }

    /** Sends a signal the JDK has no API for, with kill(1), started as an argument vector. */
    static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Cleanup only: a test that failed must not leave a stopped JVM behind. */
    static void endIfLeft(long pid) throws Exception {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            signal("CONT", pid);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aRequestPastItsTimeoutEndsTheSandbox() throws Exception {
        try (Interpreter sandbox = Interpreter.external(options().timeout(Duration.ofMillis(1500)).build())) {
            sandbox.define(Programs.compile(dir, "Spin", Programs.mainOf("Spin", "while (true) { }")).classes());
            long pid = sandbox.info().pid();
            SandboxTimeoutException e = catchThrowableOfType(SandboxTimeoutException.class, () -> sandbox.runMain("Spin", List.of()));
            assertThat(e.getMessage()).contains("1500 ms timeout").contains("pid " + pid).contains("fresh one");
            awaitGone(pid);
            sandbox.ping();
            assertThat(sandbox.info().pid()).isNotEqualTo(pid);
        }
    }

    @Test
    void aBadJvmFlagIsReportedWithTheJvmsOwnWords() {
        Interpreter sandbox = Interpreter.external(options().jvmArg("-XX:+NoSuchFlagAnywhere").build());
        assertThatThrownBy(sandbox::ping)
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("could not start")
                .hasMessageContaining("NoSuchFlagAnywhere");
        sandbox.close();
    }

    @Test
    void aMissingJavaIsReportedAtOnce() {
        assertThatThrownBy(() -> Interpreter.external(options().java(dir.resolve("no/bin/java")).build()))
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("not an executable java launcher");
    }

    @Test
    void aJavaThatNeverAnswersVersionIsEndedAfterTheStartTimeout() throws Exception {
        // No release file: the host must ask the launcher, which starts a child and never exits.
        Path home = Files.createDirectories(dir.resolve("hung-jdk/bin"));
        Path pids = dir.resolve("hung-pids");
        Path java = Files.writeString(home.resolve("java"), "#!/bin/sh\n"
                + "sleep 600 &\n"
                + "echo $$ $! > '" + pids + "'\n"
                + "wait\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        long before = System.nanoTime();
        assertThatThrownBy(() -> Interpreter.external(options().java(java).startTimeout(Duration.ofSeconds(2)).build()))
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("the JVM at " + java + " did not answer -version within 2000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(60));
        for (String pid : Files.readString(pids).trim().split(" ")) {
            awaitGone(Long.parseLong(pid));
        }
    }

    @Test
    void aSandboxThatNeverConnectsIsEndedAfterTheStartTimeout() throws Exception {
        Path java = FakeSandbox.jdk(dir, "exec sleep 600");
        Interpreter sandbox = Interpreter.external(options().java(java).startTimeout(Duration.ofSeconds(2)).build());
        assertThatThrownBy(sandbox::ping)
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("did not connect within 2000 ms");
        sandbox.close();
    }

    @Test
    void aSandboxThatConnectsButSendsNoHandshakeIsEnded() throws Exception {
        Interpreter sandbox = Interpreter.external(options().java(FakeSandbox.jdk(dir, FakeSandbox.Mode.SILENT))
                .startTimeout(Duration.ofSeconds(2)).build());
        assertThatThrownBy(sandbox::ping)
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("sent no handshake within 2000 ms");
        sandbox.close();
    }

    @Test
    void aSandboxOfAnotherProtocolVersionIsRefusedNamingBoth() throws Exception {
        Interpreter sandbox = Interpreter.external(options().java(FakeSandbox.jdk(dir, FakeSandbox.Mode.OTHER_VERSION)).build());
        assertThatThrownBy(sandbox::ping)
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("protocol version 99").hasMessageContaining("this host speaks version 1");
        sandbox.close();
    }

    @Test
    void aSandboxSendingAFrameOverTheCapIsEndedAndReported() throws Exception {
        try (Interpreter sandbox = Interpreter.external(options().java(FakeSandbox.jdk(dir, FakeSandbox.Mode.HUGE_FRAME)).build())) {
            assertThatThrownBy(sandbox::ping)
                    .isInstanceOf(SandboxDiedException.class)
                    .hasMessageContaining("the channel broke").hasMessageContaining("refused a frame");
        }
    }

    @Test
    void aSandboxSendingAForbiddenClassIsEndedAndReported() throws Exception {
        try (Interpreter sandbox = Interpreter.external(options().java(FakeSandbox.jdk(dir, FakeSandbox.Mode.GADGET)).build())) {
            assertThatThrownBy(sandbox::ping)
                    .isInstanceOf(SandboxDiedException.class)
                    .hasMessageContaining("not a sandprof protocol class");
        }
    }

    @Test
    void closingLeavesNoProcessBehind() throws Exception {
        long pid;
        try (Interpreter sandbox = Interpreter.external(options().build())) {
            pid = sandbox.info().pid();
            sandbox.define(Programs.compile(dir, "Busy", Programs.mainOf("Busy",
                    "Thread t = new Thread(() -> { while (true) { } });", "t.setDaemon(false);", "t.start();")).classes());
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    private void awaitOutput(String expected) throws InterruptedException {
        // Polls the buffer the reader thread fills; bounded by the test's timeout.
        while (!out.text().equals(expected)) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

}
