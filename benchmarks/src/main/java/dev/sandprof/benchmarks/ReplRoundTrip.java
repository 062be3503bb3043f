package dev.sandprof.benchmarks;

import dev.sandprof.host.PseudoTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Section h: {@code sandprof repl} against the JDK's {@code jshell} (its default, remote
 * execution), each on a pseudo-terminal of its own, as a user has them: from the start to the
 * first prompt, from the start to the value of a first snippet typed at that prompt, and from
 * typing a simple expression to its value shown, warm. Starts alternate between the two; round
 * trips are timed in two sessions side by side, alternating too.
 */
final class ReplRoundTrip {

    /** Untimed snippets in each session first: both JShells' javac warms up over the first tens. */
    private static final int WARMUP = 30;
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    void run(Budget budget, ResultTable table) throws Exception {
        if (!PseudoTerminal.available()) {
            table.note("h. skipped: util-linux's script(1), for a pseudo-terminal, is not installed");
            return;
        }
        Path home = Path.of(System.getProperty("sandprof.home", "."));
        Path dir = Files.createTempDirectory("sandprof-compare-repl");
        String sandprof = "'" + home.resolve("bin/sandprof") + "' repl --history '" + dir.resolve("history") + "'";
        String jshell = "'" + Path.of(System.getProperty("java.home"), "bin", "jshell") + "'";

        Samples sandprofPrompt = new Samples();
        Samples jshellPrompt = new Samples();
        Samples sandprofFirst = new Samples();
        Samples jshellFirst = new Samples();
        for (int i = 0; i < budget.startRounds(); i++) {
            start(sandprof, "sandprof> ", dir, sandprofPrompt, sandprofFirst);
            start(jshell, "jshell> ", dir, jshellPrompt, jshellFirst);
        }
        table.info("h. REPL start -> first prompt: sandprof repl vs jshell", sandprofPrompt, jshellPrompt, ResultTable.Statistic.MEDIAN);
        table.row("h. REPL start -> first prompt: sandprof repl vs the 1 s target", "median", sandprofPrompt.size(),
                sandprofPrompt.median(), TimeUnit.SECONDS.toNanos(1), 1.0);
        table.info("h. REPL start -> `1 + 1` typed at once shows its value", sandprofFirst, jshellFirst, ResultTable.Statistic.MEDIAN);

        Samples sandprofEval = new Samples();
        Samples jshellEval = new Samples();
        try (PseudoTerminal ours = new PseudoTerminal(sandprof, dir); PseudoTerminal theirs = new PseudoTerminal(jshell, dir)) {
            ours.await("sandprof> ", PATIENCE);
            theirs.await("jshell> ", PATIENCE);
            for (int n = 1; n <= WARMUP + budget.evalRounds(); n++) {
                long a = roundTrip(ours, n);
                long b = roundTrip(theirs, n);
                if (n > WARMUP) {
                    sandprofEval.add(a);
                    jshellEval.add(b);
                }
            }
        }
        table.row("h. type `N + 1` -> its value shown, warm: sandprof repl vs jshell", sandprofEval, jshellEval,
                ResultTable.Statistic.MEDIAN, 1.0 / 3);
        table.info("h. the same", sandprofEval, jshellEval, ResultTable.Statistic.P99);
    }

    /** One start: the time to the first prompt, and to the value of {@code 1 + 1} typed at it. */
    private static void start(String command, String prompt, Path dir, Samples toPrompt, Samples toValue) throws Exception {
        long t0 = System.nanoTime();
        try (PseudoTerminal t = new PseudoTerminal(command, dir)) {
            t.await(prompt, PATIENCE);
            toPrompt.add(System.nanoTime() - t0);
            t.type("1 + 1\r");
            t.await(" ==> 2\n", PATIENCE);
            toValue.add(System.nanoTime() - t0);
            leave(t);
        }
    }

    /** Types {@code n + 1} and Enter at the prompt; the time until {@code ==> n+1} shows. */
    private static long roundTrip(PseudoTerminal t, int n) throws Exception {
        long t0 = System.nanoTime();
        t.type(n + " + 1\r");
        t.await(" ==> " + (n + 1) + "\n", PATIENCE);
        long elapsed = System.nanoTime() - t0;
        // The next snippet is typed at the prompt, as a user would, not ahead of it.
        t.await("> ", PATIENCE);
        return elapsed;
    }

    /** Ctrl-D at the prompt: both leave. */
    private static void leave(PseudoTerminal t) throws Exception {
        t.await("> ", PATIENCE);
        t.type("\u0004");
        t.exitStatus(Duration.ofSeconds(10));
    }
}
