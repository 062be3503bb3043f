package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/sandprof repl} at a terminal: driven through a real pseudo-terminal (util-linux's
 * {@code script}), keys typed as a terminal sends them, Ctrl-C and Ctrl-D included.
 */
class ReplTerminalIT {

    private static final Path SCRIPT = Path.of("/usr/bin/script");
    /** Cursor keys as a terminal sends them in the application mode JLine asks for. */
    private static final String LEFT = "\u001bOD";
    private static final String UP = "\u001bOA";
    private static final String CTRL_A = "\u0001";
    private static final String CTRL_C = "\u0003";
    private static final String CTRL_D = "\u0004";
    private static final String CTRL_E = "\u0005";
    private static final String PROMPT = TerminalInput.PROMPT;

    @Test
    void lineEditingCompletionMultiLineInputCtrlCAndHistoryAcrossSessions() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux's script(1) is needed for a pseudo-terminal");
        Path dir = Files.createTempDirectory("sandprof-repl-pty-");
        Path history = dir.resolve("history");
        try (Terminal t = new Terminal(dir, history)) {
            t.await(PROMPT);
            t.type("int fibonacci(int n) { return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2); }\r");
            t.await("|  created method fibonacci(int)");
            // Tab completes the method JShell knows, with its parenthesis.
            t.type("fibona\t10)\r");
            t.await("$1 ==> 55");
            // Editing: Ctrl-A to the start, Ctrl-E to the end, Left one place.
            t.type("2 * 3" + CTRL_A + "4 + " + CTRL_E + LEFT + "1\r");
            t.await("$2 ==> 30");
            // Enter inside a declaration goes on, on a continuation line.
            t.type("int total(int a,\r");
            t.await("...> ");
            t.type("int b) { return a + b; }\r");
            t.await("|  created method total(int,int)");
            t.type("total(40, 2)\r");
            t.await("$3 ==> 42");
            // Commands complete too.
            t.type(":he\t\r");
            t.await("|  Tab completes, Up/Down walk the history");
            // Ctrl-C reaches the whole foreground process group, the sandbox JVM too: the snippet is
            // interrupted, and the sandbox lives on.
            t.type("{ System.out.println(\"sleep\" + \"ing\"); Thread.sleep(600_000); }\r");
            t.await("sleeping");
            t.type(CTRL_C);
            t.await("|  Exception java.lang.InterruptedException: sleep interrupted");
            t.type("fibonacci(12)\r");
            t.await("$4 ==> 144");
            // Ctrl-C at the prompt drops the line being typed. (Keys typed before the prompt shows go
            // to the terminal's own line discipline, where Ctrl-C and Ctrl-D mean other things.)
            t.await(PROMPT);
            t.type("garbage" + CTRL_C);
            t.type("6 * 7\r");
            t.await("$5 ==> 42");
            t.await(PROMPT);
            t.type(CTRL_D);
            assertThat(t.exitStatus()).as(t.transcript()).isZero();
            assertThat(t.transcript()).doesNotContain("The sandbox ended").doesNotContain("garbage\n|  Error")
                    .doesNotContain("Exception in thread");
        }
        assertThat(Files.readString(history)).contains("fibonacci(10)").contains("6 * 7");

        // A new session has the history of the last: Up recalls its last line.
        try (Terminal t = new Terminal(dir, history)) {
            t.await(PROMPT);
            t.type(UP + "\r");
            t.await("$1 ==> 42");
            t.await(PROMPT);
            t.type(CTRL_D);
            assertThat(t.exitStatus()).as(t.transcript()).isZero();
        }
    }

    /** sandprof repl on a pseudo-terminal of 120 by 40, and what it has shown, escape sequences taken out. */
    private static final class Terminal implements AutoCloseable {

        private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b\\][^\u0007]*\u0007|\u001b[()][0-9A-B]|\u001b[=>]|\r");
        private final Process process;
        private final OutputStream keys;
        private final StringBuilder raw = new StringBuilder();
        /** Where the next {@link #await} starts looking in the shown text. */
        private int mark;
        /** Set when the terminal has closed: all it will show is in. */
        private boolean closed;

        Terminal(Path dir, Path history) throws IOException {
            String repl = "stty cols 120 rows 40; exec '" + ROOT.resolve("bin/sandprof") + "' repl --history '" + history + "'";
            ProcessBuilder b = new ProcessBuilder(SCRIPT.toString(), "-qfec", repl, "/dev/null").directory(dir.toFile())
                    .redirectErrorStream(true);
            b.environment().put("TERM", "xterm-256color");
            process = b.start();
            keys = process.getOutputStream();
            Thread reader = new Thread(() -> read(process.getInputStream()), "pty-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(InputStream in) {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (raw) {
                        raw.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        raw.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the terminal closed
            }
            synchronized (raw) {
                closed = true;
                raw.notifyAll();
            }
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        /** Waits, up to a minute, until the terminal shows {@code text} after what the last wait found. */
        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            synchronized (raw) {
                while (true) {
                    String shown = ESCAPES.matcher(raw).replaceAll("");
                    int at = shown.indexOf(text, mark);
                    if (at >= 0) {
                        mark = at + text.length();
                        return;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || closed) {
                        throw new AssertionError("the terminal did not show \"" + text + "\"; it showed:\n" + shown);
                    }
                    TimeUnit.NANOSECONDS.timedWait(raw, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                }
            }
        }

        String transcript() {
            synchronized (raw) {
                return ESCAPES.matcher(raw).replaceAll("");
            }
        }

        int exitStatus() throws InterruptedException {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the REPL ended on Ctrl-D:\n" + transcript()).isTrue();
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
