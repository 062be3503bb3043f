package dev.sandprof.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Section h: {@code sandprof repl} against the JDK's {@code jshell} (its default, remote
 * execution), each on a pseudo-terminal of its own (util-linux's {@code script}), as a user has
 * them: from the start to the first prompt, and from typing a simple expression to its value shown,
 * warm. Starts alternate between the two; round trips are timed in two sessions side by side,
 * alternating too.
 */
final class ReplRoundTrip {

    private static final Path SCRIPT = Path.of("/usr/bin/script");
    /** Untimed snippets in each session first: both JShells' javac warms up over the first tens. */
    private static final int WARMUP = 30;

    void run(Budget budget, ResultTable table) throws Exception {
        if (!Files.isExecutable(SCRIPT)) {
            table.note("h. skipped: util-linux's script(1), for a pseudo-terminal, is not installed");
            return;
        }
        Path home = Path.of(System.getProperty("sandprof.home", "."));
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        Path history = Files.createTempFile("sandprof-compare-history", "");
        String sandprof = "'" + home.resolve("bin/sandprof") + "' repl --history '" + history + "'";
        String stock = "'" + jshell + "'";

        Samples sandprofStart = new Samples();
        Samples jshellStart = new Samples();
        for (int i = 0; i < budget.startRounds(); i++) {
            sandprofStart.add(timeToPrompt(sandprof, "sandprof> "));
            jshellStart.add(timeToPrompt(stock, "jshell> "));
        }
        table.info("h. REPL start -> first prompt: sandprof repl vs jshell", sandprofStart, jshellStart,
                ResultTable.Statistic.MEDIAN);
        table.row("h. REPL start -> first prompt: sandprof repl vs the 1 s target", "median", sandprofStart.size(),
                sandprofStart.median(), TimeUnit.SECONDS.toNanos(1), 1.0);

        Samples sandprofEval = new Samples();
        Samples jshellEval = new Samples();
        try (Pty ours = new Pty(sandprof); Pty theirs = new Pty(stock)) {
            ours.await("sandprof> ", TimeUnit.MINUTES.toNanos(1));
            theirs.await("jshell> ", TimeUnit.MINUTES.toNanos(1));
            int n = 0;
            for (int i = 0; i < WARMUP + budget.evalRounds(); i++) {
                long a = ours.roundTrip(++n);
                long b = theirs.roundTrip(n);
                if (i >= WARMUP) {
                    sandprofEval.add(a);
                    jshellEval.add(b);
                }
            }
        }
        table.row("h. type `N + 1` -> its value shown, warm: sandprof repl vs jshell", sandprofEval, jshellEval,
                ResultTable.Statistic.MEDIAN, 1.0 / 3);
        table.info("h. the same", sandprofEval, jshellEval, ResultTable.Statistic.P99);
        Files.deleteIfExists(history);
    }

    private static long timeToPrompt(String command, String prompt) throws Exception {
        long t0 = System.nanoTime();
        try (Pty pty = new Pty(command)) {
            pty.await(prompt, TimeUnit.MINUTES.toNanos(1));
            return System.nanoTime() - t0;
        }
    }

    /** A command on a pseudo-terminal of 120 by 40, and what it has written so far. */
    private static final class Pty implements AutoCloseable {

        private final Process process;
        private final OutputStream keys;
        private final StringBuilder shown = new StringBuilder();
        private int mark;
        private boolean closed;

        Pty(String command) throws IOException {
            ProcessBuilder b = new ProcessBuilder(SCRIPT.toString(), "-qfec", "stty cols 120 rows 40; exec " + command, "/dev/null")
                    .redirectErrorStream(true);
            b.environment().put("TERM", "xterm-256color");
            process = b.start();
            keys = process.getOutputStream();
            Thread reader = new Thread(() -> read(process.getInputStream()), "compare-pty");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(InputStream in) {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (shown) {
                        shown.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        shown.notifyAll();
                    }
                }
            } catch (IOException e) {
                // closed
            }
            synchronized (shown) {
                closed = true;
                shown.notifyAll();
            }
        }

        /** Types {@code n + 1} and Enter; returns the time until {@code ==> n+1} shows. */
        long roundTrip(int n) throws Exception {
            long t0 = System.nanoTime();
            keys.write((n + " + 1\r").getBytes(StandardCharsets.UTF_8));
            keys.flush();
            await(" ==> " + (n + 1) + "\r", TimeUnit.SECONDS.toNanos(30));
            long elapsed = System.nanoTime() - t0;
            // The next snippet is typed at the prompt, as a user would, not ahead of it.
            await("> ", TimeUnit.SECONDS.toNanos(30));
            return elapsed;
        }

        void await(String text, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            synchronized (shown) {
                while (true) {
                    int at = shown.indexOf(text, mark);
                    if (at >= 0) {
                        mark = at + text.length();
                        return;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || closed) {
                        throw new IllegalStateException("no \"" + text.strip() + "\" from " + List.of(process.info().commandLine()
                                .orElse("?")) + "; it showed:\n" + shown);
                    }
                    TimeUnit.NANOSECONDS.timedWait(shown, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                }
            }
        }

        @Override
        public void close() throws Exception {
            keys.write(4); // Ctrl-D: both leave at an empty prompt
            keys.flush();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
