package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * User code that attacks sandprof's own code in the sandbox: the hostile exceptions of
 * {@link HostileExceptions}, and writes too large for one frame. Whatever it does, the request is
 * answered, the program's report is clear, nothing of sandprof's is thrown into the program, and
 * the sandbox goes on serving. One sandbox serves the API's tests, which must each leave it
 * answering; each CLI test is a real {@code bin/sandprof run}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileUserCodeIT {

    static final Path ROOT = Path.of(System.getProperty("sandprof.home")).toAbsolutePath().normalize();
    static final List<HostileExceptions.Case> CASES = HostileExceptions.ALL;

    private final SynchronizedBuffer out = new SynchronizedBuffer();
    private final SynchronizedBuffer err = new SynchronizedBuffer();
    private Interpreter sandbox;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        sandbox = Interpreter.external(SandboxOptions.builder().stdout(out).stderr(err).build());
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    /**
     * Through the API, with a non-daemon thread of the program alive (so the sandbox would not end
     * if its serving thread died): the call fails with the program's exception as data, and the
     * next calls are served.
     */
    @ParameterizedTest
    @FieldSource("CASES")
    void theApiReportsTheExceptionAndServesTheNextCalls(HostileExceptions.Case c) {
        List<String> statements = new ArrayList<>(List.of(
                "Thread keeper = new Thread(() -> { try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } });",
                "keeper.setDaemon(false);",
                "keeper.start();"));
        statements.addAll(c.statements());
        String source = Programs.mainOf(c.name(), statements.toArray(String[]::new));
        sandbox.define(Programs.compile(dir, c.name(), source).classes());
        UserCodeException e = catchThrowableOfType(UserCodeException.class, () -> sandbox.runMain(c.name(), List.of()));
        assertThat(e).as("the program's exception").isNotNull();
        assertThat(e.exception().className()).doesNotContain("sandprof");
        assertThat(e.sandboxStackTrace()).contains(c.expectedFragment()).doesNotContain("dev.sandprof");
        sandbox.ping();
        String next = "Next" + c.name();
        sandbox.define(Programs.compile(dir, next, Programs.mainOf(next, "System.out.println(\"served\");")).classes());
        out.clear();
        sandbox.runMain(next, List.of());
        assertThat(out.text()).isEqualTo("served\n");
    }

    /** {@code bin/sandprof run}: the program's trace on stderr as {@code java} prints one, exit status 1. */
    @ParameterizedTest
    @FieldSource("CASES")
    void theCliPrintsTheTraceAndExitsOne(HostileExceptions.Case c) throws Exception {
        Path file = dir.resolve(c.name() + ".java");
        Files.writeString(file, c.source());
        Run r = sandprof(dir, "run", file.toString());
        assertThat(r.err()).startsWith("Exception in thread \"main\" ").contains(c.expectedFragment())
                .doesNotContain("dev.sandprof").doesNotContain("sandprof bug").hasSizeLessThan(20_000_000);
        assertThat(r.out()).isEmpty();
        assertThat(r.status()).isEqualTo(1);
    }

    /**
     * Exception tracing: the agent's hooks meet the hostile exceptions in the program's threads, at
     * their raise and their catch. Nothing is thrown into the program, what is traced is cut to the
     * caps (50 messages of a million chars, a thread named with five million), and the sandbox goes
     * on serving.
     */
    @Test
    void tracingHostileExceptionsCutsThemAndThrowsNothingIntoTheProgram() {
        List<String> work = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            work.add("try { throw new RuntimeException(big); } catch (RuntimeException e) { caught++; }");
        }
        String source = "public class Traced {\n"
                + "    static int caught;\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        Thread t = new Thread(Traced::work, \"t\".repeat(5_000_000));\n"
                + "        t.start();\n"
                + "        t.join();\n"
                + "        System.out.println(\"caught \" + caught);\n"
                + "        throw new RuntimeException(\"z\") { @Override public String getMessage() { return getMessage() + \"!\"; } };\n"
                + "    }\n"
                + "    static void work() {\n"
                + "        String big = \"h\".repeat(1_000_000);\n"
                + String.join("\n", work) + "\n"
                + "        try { throw new RuntimeException(\"x\") { @Override public String getMessage() { throw new IllegalStateException(); } }; }"
                + " catch (RuntimeException e) { caught++; }\n"
                + "        try { throw new RuntimeException(\"y\") { @Override public StackTraceElement[] getStackTrace() { return null; } }; }"
                + " catch (RuntimeException e) { caught++; }\n"
                + "    }\n"
                + "}\n";
        try (Interpreter own = Interpreter.external(SandboxOptions.builder().stdout(out).stderr(err).build())) {
            own.instrument();
            own.define(Programs.compile(dir, "Traced", source).classes());
            out.clear();
            TraceResult trace = own.traceExceptions(i -> i.runMain("Traced", List.of()));
            assertThat(out.text()).isEqualTo("caught 52\n");
            assertThat(trace.failure()).get().isInstanceOf(UserCodeException.class);
            List<TracedException> traced = trace.exceptions();
            assertThat(traced.stream().filter(e -> e.message() != null
                    && e.message().endsWith("... (1000000 chars, cut by sandprof)"))).hasSize(50);
            assertThat(traced).anyMatch(e -> "<getMessage() threw java.lang.IllegalStateException>".equals(e.message()));
            assertThat(traced).anyMatch(e -> "<getMessage() threw java.lang.StackOverflowError>".equals(e.message()));
            assertThat(traced).filteredOn(e -> e.thread().startsWith("ttt"))
                    .allSatisfy(e -> assertThat(e.thread()).endsWith("(5000000 chars, cut by sandprof)"));
            own.ping();
        }
    }

    /** One write of 65 MB, over the 64 MiB frame cap: delivered exactly, in order. */
    @Test
    void aWriteLargerThanTheFrameCapIsDeliveredExactly() {
        int size = 65 << 20;
        PatternSink sink = new PatternSink();
        try (Interpreter own = Interpreter.external(SandboxOptions.builder().stdout(sink).stderr(err).build())) {
            own.define(Programs.compile(dir, "BigWrite", Programs.mainOf("BigWrite",
                    "byte[] b = new byte[" + size + "];",
                    "for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 31 + (i >>> 20));",
                    "System.out.write(b);",
                    "System.out.flush();",
                    "System.err.println(System.out.checkError() ? \"error\" : \"no error\");")).classes());
            err.clear();
            own.runMain("BigWrite", List.of());
            assertThat(err.text()).isEqualTo("no error\n");
            assertThat(sink.mismatchAt()).as("first wrong byte").isEqualTo(-1);
            assertThat(sink.count()).isEqualTo(size);
            own.ping();
        }
    }

    /** One {@code println} of a 100-million-char string. */
    @Test
    void aPrintlnOfAHundredMegabytesIsDeliveredExactly() {
        int size = 100_000_000;
        CountingSink sink = new CountingSink();
        try (Interpreter own = Interpreter.external(SandboxOptions.builder().stdout(sink).stderr(err).build())) {
            own.define(Programs.compile(dir, "BigPrintln", Programs.mainOf("BigPrintln",
                    "System.out.println(\"p\".repeat(" + size + "));")).classes());
            own.runMain("BigPrintln", List.of());
            assertThat(sink.count('p')).isEqualTo(size);
            assertThat(sink.count('\n')).isEqualTo(1);
            assertThat(sink.total()).isEqualTo(size + 1);
            assertThat(sink.last()).isEqualTo((int) '\n');
            own.ping();
        }
    }

    /** Checks each byte against the pattern {@code aWriteLargerThanTheFrameCapIsDeliveredExactly} writes. */
    private static final class PatternSink extends OutputStream {
        private long count;
        private long mismatch = -1;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int k = 0; k < len; k++) {
                int i = (int) count++;
                if (mismatch < 0 && b[off + k] != (byte) (i * 31 + (i >>> 20))) {
                    mismatch = i;
                }
            }
        }

        synchronized long count() {
            return count;
        }

        synchronized long mismatchAt() {
            return mismatch;
        }
    }

    /** Counts bytes by value, without keeping them. */
    private static final class CountingSink extends OutputStream {
        private final long[] counts = new long[256];
        private long total;
        private int last = -1;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int k = off; k < off + len; k++) {
                counts[b[k] & 0xff]++;
            }
            total += len;
            if (len > 0) {
                last = b[off + len - 1] & 0xff;
            }
        }

        synchronized long count(char c) {
            return counts[c];
        }

        synchronized long total() {
            return total;
        }

        synchronized int last() {
            return last;
        }
    }

    record Run(int status, String out, String err) {}

    /** {@code bin/sandprof} as a user runs it, bounded in time. */
    static Run sandprof(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/sandprof").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> stdout = StreamText.read(p.getInputStream());
        CompletableFuture<String> stderr = StreamText.read(p.getErrorStream());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/sandprof " + String.join(" ", args) + " did not finish within 5 minutes");
        }
        return new Run(p.exitValue(), stdout.get(30, TimeUnit.SECONDS), stderr.get(30, TimeUnit.SECONDS));
    }

}
