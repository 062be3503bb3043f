package dev.sandprof.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command on a real pseudo-terminal of 120 by 40 (util-linux's {@code script}), typed at as a
 * terminal sends keys, and the text it has shown, escape sequences taken out. For the REPL's
 * terminal test and for the comparison runner that times the REPL against {@code jshell}.
 */
public final class PseudoTerminal implements AutoCloseable {

    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final Pattern ESCAPE = Pattern.compile(
            "\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(\u0007|\u001b\\\\)|\u001b[()][0-9A-B]|\u001b[=>]|\r");

    private final Process process;
    private final OutputStream keys;
    private final StringBuilder shown = new StringBuilder();
    /** What came last and may be the start of an escape sequence that the next read completes. */
    private String pending = "";
    /** Where the next {@link #await} starts looking in the shown text. */
    private int mark;
    /** Set when the terminal has closed: all it will show is in. */
    private boolean closed;

    /** Whether this machine has what makes a pseudo-terminal here. */
    public static boolean available() {
        return Files.isExecutable(SCRIPT);
    }

    /**
     * Runs {@code command} (a line for {@code sh}) on a new pseudo-terminal, in {@code dir}, with
     * {@code TERM=xterm-256color}.
     */
    public PseudoTerminal(String command, Path dir) throws IOException {
        ProcessBuilder b = new ProcessBuilder(SCRIPT.toString(), "-qfec", "stty cols 120 rows 40; exec " + command, "/dev/null")
                .directory(dir.toFile()).redirectErrorStream(true);
        b.environment().put("TERM", "xterm-256color");
        process = b.start();
        keys = process.getOutputStream();
        Thread reader = new Thread(() -> read(process.getInputStream()), "pseudo-terminal-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (shown) {
                    show(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    shown.notifyAll();
                }
            }
        } catch (IOException e) {
            // the terminal closed
        }
        synchronized (shown) {
            shown.append(pending);
            closed = true;
            shown.notifyAll();
        }
    }

    /** Adds what came, escape sequences out; a sequence cut by the read waits for its end. */
    private void show(String chunk) {
        String text = pending + chunk;
        int cut = text.length();
        int lastEscape = text.lastIndexOf('\u001b');
        if (lastEscape >= 0) {
            Matcher m = ESCAPE.matcher(text).region(lastEscape, text.length());
            if (!m.lookingAt()) {
                cut = lastEscape;
            }
        }
        shown.append(ESCAPE.matcher(text.substring(0, cut)).replaceAll(""));
        pending = text.substring(cut);
    }

    /** Types keys: text, {@code \r} for Enter, control characters, escape sequences. */
    public void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /**
     * Waits until the terminal shows {@code text} after what the last wait found.
     *
     * @throws AssertionError with what it showed, when it does not within {@code timeout} or closes first
     */
    public void await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (shown) {
            while (true) {
                int at = shown.indexOf(text, mark);
                if (at >= 0) {
                    mark = at + text.length();
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new AssertionError("the terminal did not show \"" + text.strip() + "\"" + (closed ? " before it closed" : "")
                            + "; it showed:\n" + shown);
                }
                TimeUnit.NANOSECONDS.timedWait(shown, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        }
    }

    /** All it has shown so far. */
    public String transcript() {
        synchronized (shown) {
            return shown.toString();
        }
    }

    /** Waits for the command to end; its exit status, or -1 if it still runs after {@code timeout}. */
    public int exitStatus(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Ends the command and whatever it started, if still running. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
