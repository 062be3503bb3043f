package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program's stdin: under {@code bin/sandprof run}, {@code trace} and {@code profile} (a pipe, a
 * file, a terminal, in a sandbox and in-process) it reads what {@code java} would give it, to the
 * end; through the API it reads {@link SandboxOptions#stdin()}, or nothing.
 */
class StdinIT {

    static final Path ROOT = Path.of(System.getProperty("sandprof.home")).toAbsolutePath().normalize();
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /** Echoes each line it reads, then says how many there were: it ends only at the end of its input. */
    private static final String ECHO = Programs.mainOf("Echo",
            "java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));",
            "int n = 0;",
            "for (String line; (line = r.readLine()) != null; n++) { System.out.println(\"got \" + line); }",
            "System.out.println(n + \" lines, then the end\");");

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    // --- the command line ---

    @Test
    void aPipeReachesTheProgramToItsEnd() throws Exception {
        write("Echo.java", ECHO);
        Result r = sandprof(bytes("hi\nthere\n"), "run", "Echo.java");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("got hi\ngot there\n2 lines, then the end\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void aFileRedirectReachesTheProgram() throws Exception {
        write("Echo.java", ECHO);
        Path input = write("input.txt", "first\nsecond\nthird");
        ProcessBuilder pb = command("run", "Echo.java").redirectInput(input.toFile());
        Result r = finish(pb.start(), null);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("got first\ngot second\ngot third\n3 lines, then the end\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void theProgramSeesTheEndOfInputWhenTheHostsStdinEnds() throws Exception {
        write("Echo.java", ECHO);
        Process p = command("run", "Echo.java").start();
        OutputStream stdin = p.getOutputStream();
        Lines out = new Lines(p.getInputStream());
        CompletableFuture<String> err = readAll(p.getErrorStream());
        try {
            stdin.write("one\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            // The line arrives while the host's stdin is still open: it is forwarded as it comes.
            out.await("got one\n");
            assertThat(p.isAlive()).isTrue();
            stdin.close();
            out.await("1 lines, then the end\n");
            assertThat(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("sandprof ended").isTrue();
            assertThat(p.exitValue()).as(err.get()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void noInputIsTheEndAtOnce() throws Exception {
        write("Echo.java", ECHO);
        Result r = sandprof(new byte[0], "run", "Echo.java");
        assertThat(r.out()).isEqualTo("0 lines, then the end\n");
        assertThat(r.status()).isZero();
    }

    /**
     * 96 MB stream through a program whose sandbox heap (16 MB) and host heap (48 MB) could not
     * hold them: neither side keeps the input whole.
     */
    @Test
    void aLargeInputStreamsThroughSmallHeaps() throws Exception {
        write("Count.java", Programs.mainOf("Count",
                "byte[] b = new byte[65536]; long bytes = 0, lines = 0;",
                "for (int n; (n = System.in.read(b)) > 0; bytes += n) {",
                "    for (int i = 0; i < n; i++) { if (b[i] == '\\n') lines++; }",
                "}",
                "System.out.println(bytes + \" bytes, \" + lines + \" lines\");"));
        ProcessBuilder pb = command("run", "--jvm-arg=-Xmx16m", "Count.java");
        // The host JVM too (the sandbox's own -Xmx comes after, and wins there).
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xmx48m");
        Process p = pb.start();
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i % 100 == 99 ? '\n' : 'a' + i % 26);
        }
        int blocks = 96;
        CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
            try (OutputStream in = p.getOutputStream()) {
                for (int i = 0; i < blocks; i++) {
                    in.write(block);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Result r = finish(p, null);
        feed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        long newlines = 0;
        for (byte b : block) {
            newlines += b == '\n' ? 1 : 0;
        }
        assertThat(r.out()).as(r.err()).isEqualTo(blocks * (long) block.length + " bytes, " + blocks * newlines + " lines\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void inProcessTheProgramReadsTheHostsStdin() throws Exception {
        write("Echo.java", ECHO);
        Result r = sandprof(bytes("in\nprocess\n"), "run", "--in-process", "Echo.java");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("got in\ngot process\n2 lines, then the end\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void traceAndProfileGiveTheProgramItsStdin() throws Exception {
        write("Echo.java", ECHO);
        Result traced = sandprof(bytes("traced\n"), "trace", "Echo.java");
        assertThat(traced.out()).isEqualTo("got traced\n1 lines, then the end\n");
        assertThat(traced.status()).as(traced.err()).isZero();
        Result profiled = sandprof(bytes("profiled\n"), "profile", "--out", dir.resolve("prof").toString(), "Echo.java");
        assertThat(profiled.out()).startsWith("got profiled\n1 lines, then the end\n");
        assertThat(profiled.status()).as(profiled.err()).isZero();
    }

    /** At a terminal: a prompt printed without a newline shows before the program waits for its answer. */
    @Test
    void aProgramPromptsAndReadsAtATerminal() throws Exception {
        Assumptions.assumeTrue(PseudoTerminal.available(), "skipped: util-linux's script(1), for a pseudo-terminal, is not installed");
        write("Ask.java", Programs.mainOf("Ask",
                "java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));",
                "System.out.print(\"name? \");",
                "System.out.println(\"hello \" + r.readLine());",
                "System.out.print(\"more? \");",
                "int n = 0;",
                "while (r.readLine() != null) { n++; }",
                "System.out.println(n + \" more, bye\");"));
        try (PseudoTerminal t = new PseudoTerminal("'" + ROOT.resolve("bin/sandprof") + "' run Ask.java", dir)) {
            t.await("name? ", PATIENCE);
            t.type("Ada\r");
            t.await("hello Ada\n", PATIENCE);
            t.await("more? ", PATIENCE);
            t.type("x\ry\r");
            t.type("\u0004"); // Ctrl-D at the start of a line: the end of input
            t.await("2 more, bye\n", PATIENCE);
            assertThat(t.exitStatus(PATIENCE)).as(t.transcript()).isZero();
        }
    }

    /**
     * At a terminal sandprof reads nothing until the program reads its stdin, as {@code java} does:
     * a line typed while a program that never reads runs is left for the shell after it.
     */
    @Test
    void atATerminalWhatTheProgramDoesNotReadIsLeftForTheShell() throws Exception {
        Assumptions.assumeTrue(PseudoTerminal.available(), "skipped: util-linux's script(1), for a pseudo-terminal, is not installed");
        write("Busy.java", Programs.mainOf("Busy",
                "java.nio.file.Path go = java.nio.file.Path.of(\"go\");",
                "System.out.println(\"busy\");",
                "long until = System.nanoTime() + 120_000_000_000L;",
                "while (!java.nio.file.Files.exists(go) && System.nanoTime() < until) { Thread.sleep(10); }",
                "System.out.println(\"done\");"));
        String shell = "sh -c '\"" + ROOT.resolve("bin/sandprof") + "\" run Busy.java; read line; echo \"the shell read: $line\"'";
        try (PseudoTerminal t = new PseudoTerminal(shell, dir)) {
            t.await("busy\n", PATIENCE);
            t.type("for the shell\r");
            Files.createFile(dir.resolve("go"));
            t.await("done\n", PATIENCE);
            t.await("the shell read: for the shell\n", PATIENCE);
            assertThat(t.exitStatus(PATIENCE)).as(t.transcript()).isZero();
        }
    }

    /** A background job at a terminal whose program never reads its stdin runs to its end, unstopped (SIGTTIN). */
    @Test
    void aBackgroundJobThatDoesNotReadRunsToItsEnd() throws Exception {
        Assumptions.assumeTrue(PseudoTerminal.available(), "skipped: util-linux's script(1), for a pseudo-terminal, is not installed");
        write("Quiet.java", Programs.mainOf("Quiet", "System.out.println(\"quiet and done\");"));
        // An interactive shell with job control: its background jobs are process groups of their own.
        String shell = "bash --norc --noprofile -i -c 'set -m; \"" + ROOT.resolve("bin/sandprof")
                + "\" run Quiet.java & wait $!; echo \"background job: $?\"'";
        try (PseudoTerminal t = new PseudoTerminal(shell, dir)) {
            t.await("quiet and done\n", PATIENCE);
            t.await("background job: 0\n", PATIENCE);
            assertThat(t.exitStatus(PATIENCE)).as(t.transcript()).isZero();
        }
    }

    // --- the API ---

    @Test
    void withoutAStdinTheProgramReadsTheEndAtOnce() {
        for (boolean external : new boolean[] {true, false}) {
            SynchronizedBuffer out = new SynchronizedBuffer();
            SandboxOptions options = SandboxOptions.builder().stdout(out).build();
            try (Interpreter sandbox = external ? Interpreter.external(options) : Interpreter.inProcess(options)) {
                sandbox.define(Programs.compile(dir, "ReadOne", Programs.mainOf("ReadOne",
                        "System.out.println(\"read \" + System.in.read());")).classes());
                sandbox.runMain("ReadOne", List.of());
            }
            assertThat(out.text()).as(external ? "external" : "in-process").isEqualTo("read -1\n");
        }
    }

    @Test
    void theApisStdinReachesTheProgramExternalAndInProcess() {
        for (boolean external : new boolean[] {true, false}) {
            SynchronizedBuffer out = new SynchronizedBuffer();
            SandboxOptions options = SandboxOptions.builder().stdout(out)
                    .stdin(new ByteArrayInputStream(bytes("from\nthe API\n"))).build();
            try (Interpreter sandbox = external ? Interpreter.external(options) : Interpreter.inProcess(options)) {
                sandbox.define(Programs.compile(dir, "Echo", ECHO).classes());
                sandbox.runMain("Echo", List.of());
            }
            assertThat(out.text()).as(external ? "external" : "in-process")
                    .isEqualTo("got from\ngot the API\n2 lines, then the end\n");
        }
    }

    @Test
    void onDemandTheStreamIsReadOnlyOnceTheProgramReadsIt() {
        SynchronizedBuffer out = new SynchronizedBuffer();
        ByteArrayInputStream in = new ByteArrayInputStream(bytes("asked for\n"));
        SandboxOptions options = SandboxOptions.builder().stdout(out).stdin(in).stdinOnDemand(true).build();
        try (Interpreter sandbox = Interpreter.external(options)) {
            sandbox.define(Programs.compile(dir, "Quiet", Programs.mainOf("Quiet", "System.out.println(\"no reading\");"),
                    "Echo", ECHO).classes());
            sandbox.runMain("Quiet", List.of());
            sandbox.ping();
            assertThat(in.available()).as("bytes not yet read from the stream").isEqualTo(10);
            sandbox.runMain("Echo", List.of());
        }
        assertThat(out.text()).isEqualTo("no reading\ngot asked for\n1 lines, then the end\n");
    }

    /**
     * After a restart the next sandbox reads on from where copying stopped: nothing the ended
     * sandbox was given comes again, no more than a pipe and a chunk or two is lost, and the rest
     * comes in order to its end.
     */
    @Test
    void afterARestartTheNextSandboxReadsOn() {
        int longs = 1 << 20; // 8 MiB: far more than a pipe holds
        ByteBuffer source = ByteBuffer.allocate(longs * Long.BYTES);
        for (long i = 0; i < longs; i++) {
            source.putLong(i);
        }
        SynchronizedBuffer out = new SynchronizedBuffer();
        SandboxOptions options = SandboxOptions.builder().stdout(out)
                .stdin(new ByteArrayInputStream(source.array())).build();
        try (Interpreter sandbox = Interpreter.external(options)) {
            Map<String, byte[]> classes = Programs.compile(dir, "Longs", Programs.mainOf("Longs",
                    "java.io.DataInputStream in = new java.io.DataInputStream(System.in);",
                    "long first = in.readLong(), expected = first + 1, count = 1;",
                    "if (args.length > 0) {",
                    "    try { while (true) { if (in.readLong() != expected++) { break; } count++; } }",
                    "    catch (java.io.EOFException end) { }",
                    "}",
                    "System.out.println(first + \" \" + count);")).classes();
            sandbox.define(classes);
            sandbox.runMain("Longs", List.of());
            assertThat(out.text()).isEqualTo("0 1\n");
            out.clear();
            sandbox.restart();
            sandbox.define(classes);
            sandbox.runMain("Longs", List.of("to the end"));
        }
        String[] firstAndCount = out.text().strip().split(" ");
        long first = Long.parseLong(firstAndCount[0]);
        long count = Long.parseLong(firstAndCount[1]);
        assertThat(first).as("the first long the second sandbox read").isPositive()
                .isLessThanOrEqualTo((1 << 20) / Long.BYTES);
        assertThat(first + count).as("it read on, in order, to the end").isEqualTo(longs);
    }

    // --- helpers ---

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/sandprof").toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile());
    }

    private Result sandprof(byte[] stdin, String... args) throws Exception {
        return finish(command(args).start(), stdin);
    }

    /** Feeds {@code stdin} (unless null) and closes it, and waits for the end; every wait bounded. */
    private static Result finish(Process p, byte[] stdin) throws Exception {
        try {
            CompletableFuture<String> out = readAll(p.getInputStream());
            CompletableFuture<String> err = readAll(p.getErrorStream());
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                }
            }
            assertThat(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("sandprof finished").isTrue();
            return new Result(p.exitValue(), out.get(PATIENCE.toSeconds(), TimeUnit.SECONDS),
                    err.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A process's output as it comes, to wait for a piece of it. */
    private static final class Lines {
        private final StringBuilder text = new StringBuilder();
        private int mark;
        private boolean ended;

        Lines(InputStream in) {
            Thread t = new Thread(() -> {
                byte[] b = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(b)) > 0; ) {
                        synchronized (text) {
                            text.append(new String(b, 0, n, StandardCharsets.UTF_8));
                            text.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                synchronized (text) {
                    ended = true;
                    text.notifyAll();
                }
            }, "stdin-it-reader");
            t.setDaemon(true);
            t.start();
        }

        void await(String s) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            synchronized (text) {
                while (text.indexOf(s, mark) < 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || ended) {
                        throw new AssertionError("the output did not show \"" + s.strip() + "\"; it showed:\n" + text);
                    }
                    TimeUnit.NANOSECONDS.timedWait(text, left);
                }
                mark = text.indexOf(s, mark) + s.length();
            }
        }
    }
}
