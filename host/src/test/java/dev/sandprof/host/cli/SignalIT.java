package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandprof.host.PseudoTerminal;
import dev.sandprof.host.StreamText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C, {@code kill -TERM} and a hang-up under {@code bin/sandprof} as under {@code java}: the
 * signal sent to sandprof's process reaches the program, whose shutdown hooks (or own signal
 * handler) run and print, and the status is {@code java}'s. Each case is compared with {@code java}
 * running the same source in the same test. No sleeps: the signal goes once the program has said
 * it is running.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // each test starts several JVMs, on a busy machine
class SignalIT {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    @BeforeAll
    static void signalsAreNotIgnoredHere() throws IOException {
        // A JVM started ignoring SIGINT (a background job of a shell without job control) passes that on
        // to its children, and java ignores it too: there is nothing to compare then.
        long ignored = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                ignored = Long.parseLong(line.substring("SigIgn:".length()).strip(), 16);
            }
        }
        assumeTrue((ignored & (1L << 1)) == 0, "skipped: this JVM was started ignoring SIGINT, and so are its children");
    }

    private void write(String name, String source) throws IOException {
        Files.writeString(dir.resolve(name + ".java"), source);
    }

    private static List<String> sandprof(String... args) {
        List<String> cmd = new ArrayList<>(List.of(RunCommandIT.ROOT.resolve("bin/sandprof").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Starts the command, waits until its stdout has a line starting with {@code ready}, sends the
     * process the signal ({@code bin/sandprof} execs its JVM: the process is sandprof's host), and
     * returns how it ended.
     */
    private Result signalled(String signal, String ready, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        try {
            p.getOutputStream().close();
            Watched out = new Watched(p.getInputStream(), ready);
            CompletableFuture<String> err = StreamText.read(p.getErrorStream());
            try {
                out.ready.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError(cmd + " did not print \"" + ready + "\": " + out.text(), e);
            }
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).inheritIO().start();
            assertThat(kill.waitFor(60, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -s %s", signal).isTrue();
            assertThat(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("%s ended after SIG%s", cmd, signal).isTrue();
            return new Result(p.exitValue(), out.all.get(), err.get());
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // cleanup only
            p.destroyForcibly();
        }
    }

    /** A process's stdout read whole on a thread of its own; {@link #ready} completes at a line starting so. */
    private static final class Watched {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<String> all = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Watched(InputStream in, String prefix) {
            Pattern line = Pattern.compile("(?m)^" + Pattern.quote(prefix) + ".*\n");
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                        if (line.matcher(text()).find()) {
                            ready.complete(null);
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
                ready.completeExceptionally(new IllegalStateException("stdout ended"));
                all.complete(text());
            }, "signal-it-stdout");
            t.setDaemon(true);
            t.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** A program that loops until a signal ends it; its shutdown hook prints on both streams. */
    private void writeHooked() throws IOException {
        write("Hooked", "public class Hooked { public static void main(String[] a) throws Exception {\n"
                + "  Runtime.getRuntime().addShutdownHook(new Thread(() -> {\n"
                + "    System.out.println(\"hook ran\"); System.err.println(\"hook says bye\"); }));\n"
                + "  System.out.println(\"looping\");\n"
                + "  while (true) Thread.sleep(10); } }\n");
    }

    @Test
    void intTermAndHupRunTheProgramsShutdownHooksAndGiveJavasStatus() throws Exception {
        writeHooked();
        for (String signal : List.of("INT", "TERM", "HUP")) {
            Result java = signalled(signal, "looping", java("Hooked.java"));
            Result sandprof = signalled(signal, "looping", sandprof("run", "Hooked.java"));
            int expected = 128 + (signal.equals("INT") ? 2 : signal.equals("TERM") ? 15 : 1);
            assertThat(java).as(signal).isEqualTo(new Result(expected, "looping\nhook ran\n", "hook says bye\n"));
            assertThat(sandprof).as(signal).isEqualTo(java);
        }
    }

    @Test
    void aProgramsOwnSigintHandlerGetsTheSignalAndGoesOn() throws Exception {
        write("Handler", "public class Handler { static volatile boolean stop;\n"
                + "  public static void main(String[] a) throws Exception {\n"
                + "    sun.misc.Signal.handle(new sun.misc.Signal(\"INT\"), s -> { System.out.println(\"got SIG\" + s.getName()); stop = true; });\n"
                + "    System.out.println(\"looping\");\n"
                + "    while (!stop) Thread.sleep(10);\n"
                + "    System.out.println(\"main ends\"); } }\n");
        Result java = signalled("INT", "looping", java("Handler.java"));
        Result sandprof = signalled("INT", "looping", sandprof("run", "Handler.java"));
        assertThat(java).isEqualTo(new Result(0, "looping\ngot SIGINT\nmain ends\n", ""));
        assertThat(sandprof).isEqualTo(java);
    }

    @Test
    void ctrlCAtATerminalIsTheProgramsAsUnderJava() throws Exception {
        assumeTrue(PseudoTerminal.available(), "skipped: util-linux's script(1), for a pseudo-terminal, is not installed");
        writeHooked();
        String java = atTerminal(JAVA + " Hooked.java");
        String sandprof = atTerminal(RunCommandIT.ROOT.resolve("bin/sandprof") + " run Hooked.java");
        assertThat(java).startsWith("130:").contains("looping\n", "hook ran\n", "hook says bye\n");
        assertThat(sandprof).isEqualTo(java);
    }

    /** Runs a command on a terminal, types Ctrl-C once it loops: its status and what the terminal showed. */
    private String atTerminal(String command) throws Exception {
        try (PseudoTerminal t = new PseudoTerminal(command, dir)) {
            t.await("looping\n", PATIENCE);
            t.type("\u0003");
            int status = t.exitStatus(PATIENCE);
            return status + ":" + t.transcript();
        }
    }

    @Test
    void ctrlCUnderTraceAndProfileStillReportsWhatWasRecorded() throws Exception {
        write("Busy", "public class Busy { public static void main(String[] a) {\n"
                + "  for (int i = 0; i < 1000; i++) { try { Integer.parseInt(\"x\" + i); } catch (NumberFormatException e) { } }\n"
                + "  System.out.println(\"looping\");\n"
                + "  long n = 0; while (true) { n += spin(n); if (n == 42) System.out.println(n); } }\n"
                + "  static long spin(long n) { long s = 0; for (int i = 0; i < 1000; i++) s += (n ^ i) % 7; return s; } }\n");
        Result trace = signalled("INT", "looping", sandprof("trace", "Busy.java"));
        assertThat(trace.status()).isEqualTo(130);
        assertThat(trace.out()).isEqualTo("looping\n");
        assertThat(trace.err()).contains("sandprof trace: 1000 exceptions raised in instrumented code, at 1 place:",
                "[1] java.lang.NumberFormatException: For input string: \"x0\"   (1000 times)");

        Path out = dir.resolve("prof");
        Result profile = signalled("INT", "looping", sandprof("profile", "--out", out.toString(), "Busy.java"));
        assertThat(profile.status()).isEqualTo(130);
        assertThat(profile.err()).contains("sandprof profile: ", "wrote " + out.resolve("flame.html"));
        assertThat(out.resolve("flame.html")).isNotEmptyFile();
    }

    @Test
    void theProgramsChildrenEndWithItsSandboxOnCtrlC() throws Exception {
        write("Parent", "public class Parent { public static void main(String[] a) throws Exception {\n"
                + "  Process child = new ProcessBuilder(\"sleep\", \"1000\").start();\n"
                + "  Process sh = new ProcessBuilder(\"sh\", \"-c\", \"sleep 1001 > /dev/null & echo $!\").start();\n"
                + "  String orphan = new String(sh.getInputStream().readAllBytes()).trim(); sh.waitFor();\n"
                + "  System.out.println(\"pids \" + child.pid() + \" \" + orphan);\n"
                + "  while (true) Thread.sleep(10); } }\n");
        Result r = signalled("INT", "pids ", sandprof("run", "Parent.java"));
        assertThat(r.status()).isEqualTo(130);
        Matcher m = Pattern.compile("pids (\\d+) (\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        for (String pid : List.of(m.group(1), m.group(2))) {
            if (!ProgramFidelityIT.ended(Long.parseLong(pid))) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly); // cleanup only
                throw new AssertionError("process " + pid + " outlived sandprof");
            }
        }
    }
}
