package dev.sandprof.host;

import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sandprof.host.FaultMatrixIT.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The rows of {@link FaultMatrixIT}: each fault and what must come of it. */
final class FaultRows {

    private FaultRows() {}

    static List<Fault> all(Path dir) throws Exception {
        return List.of(
                new Fault("System.exit in the program")
                        .provoke(r -> r.runMain("Exit", "System.out.println(\"last words\");", "System.exit(7);"))
                        .fails(SandboxDiedException.class, "exited with status 7").keeps("last words\n"),
                new Fault("Runtime.halt in the program, right after it printed")
                        .provoke(r -> {
                            Throwable t = r.runMain("Halt", "System.out.println(\"before halt\");",
                                    "System.err.println(\"err before halt\");", "Runtime.getRuntime().halt(3);");
                            return r.err.text().contains("err before halt\n") ? t
                                    : new AssertionError("stderr lost what was printed before halt: " + r.err.text());
                        })
                        .fails(SandboxDiedException.class, "exited with status 3").keeps("before halt\n"),
                new Fault("restart() while a program runs")
                        .provoke(r -> {
                            CompletableFuture<Throwable> run = r.runMainInBackground("Busy", "started\n",
                                    "Thread t = new Thread(() -> { while (true) { } });", "t.setDaemon(false);",
                                    "t.start();", "System.out.println(\"started\");");
                            r.sandbox.restart();
                            return run.get(60, TimeUnit.SECONDS);
                        })
                        .fails(SandboxDiedException.class, "the call was cut short: this interpreter was restarted")
                        .keeps("started\n"),
                new Fault("out of memory, not caught: the program's exception, as under java")
                        .options(o -> o.jvmArg("-Xmx48m"))
                        .provoke(r -> r.runMain("Hog", "System.out.println(\"filling\");",
                                "java.util.List<long[]> all = new java.util.ArrayList<>();",
                                "while (true) all.add(new long[1 << 20]);"))
                        .fails(UserCodeException.class, "OutOfMemoryError", "Java heap space").keeps("filling\n"),
                new Fault("out of memory, caught by the program, which goes on")
                        .options(o -> o.jvmArg("-Xmx48m"))
                        .provoke(r -> r.runMain("Catcher", "java.util.List<long[]> all = new java.util.ArrayList<>();",
                                "try { while (true) all.add(new long[1 << 16]); }",
                                "catch (OutOfMemoryError e) { all = null; System.out.println(\"caught\"); }",
                                "System.out.println(\"going on\");"))
                        .keeps("caught\ngoing on\n"),
                new Fault("stack overflow")
                        .provoke(r -> {
                            r.sandbox.define(Programs.compile(dir, "Deep",
                                    "public class Deep { static int down(int n) { return down(n + 1) + 1; }\n"
                                            + "  public static void main(String[] a) { System.out.println(\"deep\"); down(0); } }")
                                    .classes());
                            r.seePid();
                            return catchThrowable(() -> r.sandbox.runMain("Deep", List.of()));
                        })
                        .fails(UserCodeException.class, "StackOverflowError").keeps("deep\n"),
                new Fault("a loop past the timeout")
                        // Not less: the timeout counts from the request, and at load 11 beside a
                        // whole suite the line had not been printed 1.5 s after it.
                        .options(o -> o.timeout(Duration.ofSeconds(5)))
                        .provoke(r -> r.runMain("Spin", "System.out.println(\"spinning\");", "while (true) { }"))
                        .fails(SandboxTimeoutException.class, "5 s timeout", "fresh one").keeps("spinning\n"),
                new Fault("SIGKILL from outside")
                        .provoke(r -> {
                            CompletableFuture<Throwable> run = r.runMainInBackground("Wait", "waiting\n",
                                    "System.out.println(\"waiting\");", "Thread.sleep(600_000);");
                            ProcessHandle.of(r.sandbox.info().pid()).ifPresent(ProcessHandle::destroyForcibly);
                            return run.get(60, TimeUnit.SECONDS);
                        })
                        .fails(SandboxDiedException.class, "signal 9 (SIGKILL)").keeps("waiting\n"),
                new Fault("SIGSTOP from outside")
                        .options(o -> o.livenessTimeout(Duration.ofSeconds(2)))
                        .provoke(r -> {
                            CompletableFuture<Throwable> run = r.runMainInBackground("Wait", "waiting\n",
                                    "System.out.println(\"waiting\");", "Thread.sleep(600_000);");
                            long pid = r.sandbox.info().pid();
                            try {
                                signal("STOP", pid);
                                return run.get(60, TimeUnit.SECONDS);
                            } finally {
                                endIfLeft(pid);
                            }
                        })
                        .fails(SandboxUnresponsiveException.class, "answered no liveness check for 2 s",
                                "stopped by a signal", "the next request gets a fresh one")
                        .keeps("waiting\n"),
                new Fault("a call longer than the liveness bound, in a sandbox that answers")
                        // 3 s: a sandbox on a busy machine answers a probe well within it (with 1 s, not always)
                        .options(o -> o.livenessTimeout(Duration.ofSeconds(3)))
                        .provoke(r -> r.runMain("Long", "Thread.sleep(7_000);", "System.out.println(\"slept\");"))
                        .keeps("slept\n"),
                new Fault("a --java that never answers -version")
                        .provoke(r -> {
                            // No release file: the host must ask the launcher, which starts a child and never exits.
                            Path home = Files.createDirectories(dir.resolve("hung-jdk/bin"));
                            Path pids = dir.resolve("hung-pids");
                            Path java = Files.writeString(home.resolve("java"), "#!/bin/sh\n"
                                    + "sleep 600 &\n" + "echo $$ $! > '" + pids + "'\n" + "wait\n");
                            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
                            Throwable t = catchThrowable(() -> Interpreter.external(SandboxOptions.builder()
                                    .java(java).startTimeout(Duration.ofSeconds(2)).build()));
                            for (String pid : Files.readString(pids).trim().split(" ")) {
                                ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::onExit)
                                        .orElse(CompletableFuture.completedFuture(null)).get(30, TimeUnit.SECONDS);
                            }
                            return t;
                        })
                        .fails(SandboxStartException.class, "did not answer -version within 2000 ms"),
                new Fault("garbage on fd 1")
                        .provoke(r -> r.runMain("RawFd",
                                "java.io.FileOutputStream fd1 = new java.io.FileOutputStream(java.io.FileDescriptor.out);",
                                "fd1.write(new byte[] {0, 0, 0, 8, 'S', 'P', 'R', 'F', 0x7f, 0, 0, 0});",
                                "fd1.write(\"raw out\\n\".getBytes());", "fd1.flush();",
                                "System.out.println(\"captured\");"))
                        .keeps("captured\n"),
                new Fault("an output flood")
                        .provoke(r -> {
                            Throwable t = r.runMain("Flood", "for (int i = 0; i < 300_000; i++) System.out.println(i);");
                            String[] lines = r.out.text().split("\n");
                            if (lines.length != 300_000 || !lines[299_999].equals("299999")) {
                                return new AssertionError("flood arrived as " + lines.length + " lines");
                            }
                            return t;
                        })
                        .keeps("299999\n"),
                new Fault("a stale ref after a restart")
                        .provoke(r -> {
                            r.seePid();
                            ForeignRef<?> ref = r.sandbox.eval("new StringBuilder(\"x\")");
                            r.sandbox.restart();
                            r.seePid();
                            return catchThrowable(() -> r.sandbox.call(ref, "length"));
                        })
                        .fails(StaleRefException.class, "earlier sandbox"),
                hostile("StackTraceThrows"),
                hostile("CauseThrows"),
                hostile("MessageThrows"),
                new Fault("a forged reply from user code (sandprof's modules opened on purpose)")
                        .options(o -> o.jvmArg("--add-opens=java.base/java.io=ALL-UNNAMED")
                                .jvmArg("--add-opens=dev.sandprof.sandbox/dev.sandprof.sandbox=ALL-UNNAMED")
                                .jvmArg("--add-opens=dev.sandprof.wire/dev.sandprof.wire=ALL-UNNAMED"))
                        .provoke(r -> {
                            r.sandbox.define(Programs.compile(dir, "ChannelProbe", probeSource()).classes());
                            r.seePid();
                            return catchThrowable(() -> r.sandbox.eval("ChannelProbe.forgeDone(1000L)"));
                        })
                        .fails(SandboxDiedException.class, "the sandbox sent a Done that no request asked for"),
                new Fault("an impostor connecting first")
                        .provoke(r -> {
                            CompletableFuture<String> race = CompletableFuture.supplyAsync(() -> {
                                try {
                                    return Impostor.race(ProcessHandle.current(), ConcurrentHashMap.newKeySet(),
                                            Impostor.Mode.WRONG_SECRET, 120);
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
                            Throwable t = catchThrowable(r.sandbox::ping);
                            r.seePid();
                            String outcome = race.get(120, TimeUnit.SECONDS);
                            if (!outcome.startsWith("REFUSED") && !outcome.startsWith("TOO_LATE")
                                    || outcome.startsWith("REFUSED") && !r.err.text().contains("refused a connection")) {
                                return new AssertionError("the impostor " + outcome + "; the host said: " + r.err.text());
                            }
                            return t;
                        }),
                new Fault("a bad JVM flag")
                        .options(o -> o.jvmArg("-XX:+NoSuchFlagAnywhere"))
                        .provoke(r -> catchThrowable(r.sandbox::ping))
                        .fails(SandboxStartException.class, "could not start", "NoSuchFlagAnywhere").startFails(),
                new Fault("a missing java")
                        .options(o -> o.java(dir.resolve("no/bin/java")))
                        .provoke(r -> catchThrowable(r.sandbox::ping))
                        .fails(SandboxStartException.class, "not an executable java launcher").startFails(),
                new Fault("a sandbox that never connects")
                        .options(o -> o.java(fakeJdk(dir, "exec sleep 600")).startTimeout(Duration.ofSeconds(2)))
                        .provoke(r -> catchThrowable(r.sandbox::ping))
                        .fails(SandboxStartException.class, "did not connect within 2000 ms").startFails(),
                // 10 s, not 2: the fake sandbox is a JVM that must start and connect within the bound for
                // the silence after it to be what ends it (at a load of 20 on 2 cores it had not connected in 2 s)
                new Fault("a sandbox that sends no handshake")
                        .options(o -> o.java(fakeJdk(dir, FakeSandbox.Mode.SILENT)).startTimeout(Duration.ofSeconds(10)))
                        .provoke(r -> catchThrowable(r.sandbox::ping))
                        .fails(SandboxStartException.class, "sent no handshake within 10000 ms").startFails(),
                new Fault("a sandbox of another protocol version")
                        .options(o -> o.java(fakeJdk(dir, FakeSandbox.Mode.OTHER_VERSION)))
                        .provoke(r -> catchThrowable(r.sandbox::ping))
                        .fails(SandboxStartException.class, "protocol version 99",
                                "this host speaks version " + dev.sandprof.wire.Handshake.PROTOCOL_VERSION).startFails(),
                new Fault("a frame over the cap")
                        .options(o -> o.java(fakeJdk(dir, FakeSandbox.Mode.HUGE_FRAME)))
                        .provoke(r -> catchThrowable(r.sandbox::ping))
                        .fails(SandboxDiedException.class, "refused a frame").startFails(),
                new Fault("a frame naming a class outside the protocol")
                        .options(o -> o.java(fakeJdk(dir, FakeSandbox.Mode.GADGET)))
                        .provoke(r -> catchThrowable(r.sandbox::ping))
                        .fails(SandboxDiedException.class, "not a sandprof protocol class").startFails());
    }

    /** Sends a signal the JDK has no API for, with kill(1), started as an argument vector. */
    static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("kill -" + name + " " + pid + " did not return");
        }
    }

    /** Cleanup only: a row that failed must not leave a stopped JVM behind. */
    static void endIfLeft(long pid) throws Exception {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            signal("CONT", pid);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A program throwing one of {@link HostileExceptions}: reported as data, the sandbox goes on. */
    private static Fault hostile(String name) {
        HostileExceptions.Case c = HostileExceptions.ALL.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow();
        return new Fault("a hostile exception: " + name)
                .provoke(r -> r.runMain(c.name(), c.statements().toArray(String[]::new)))
                .fails(UserCodeException.class);
    }

    private static String probeSource() throws java.io.IOException {
        try (java.io.InputStream in = FaultRows.class.getResourceAsStream("/containment/ChannelProbe.java")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static Path fakeJdk(Path dir, String shellCommand) {
        try {
            return FakeSandbox.jdk(dir, shellCommand);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path fakeJdk(Path dir, FakeSandbox.Mode mode) {
        try {
            return FakeSandbox.jdk(dir, mode);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
