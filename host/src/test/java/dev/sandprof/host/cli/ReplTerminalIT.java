package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.PseudoTerminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/sandprof repl} at a terminal: driven through a real pseudo-terminal (util-linux's
 * {@code script}), keys typed as a terminal sends them, Ctrl-C and Ctrl-D included.
 */
class ReplTerminalIT {

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
        Assumptions.assumeTrue(PseudoTerminal.available(), "skipped: util-linux's script(1), for a pseudo-terminal, is not installed");
        Path dir = Files.createTempDirectory("sandprof-repl-pty-");
        Path history = dir.resolve("not-yet").resolve("history"); // its folder is made as ~/.sandprof is
        try (PseudoTerminal t = repl(dir, history)) {
            await(t, PROMPT);
            t.type("int fibonacci(int n) { return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2); }\r");
            await(t, "|  created method fibonacci(int)");
            // Tab completes the method JShell knows, with its parenthesis.
            t.type("fibona\t10)\r");
            await(t, "$2 ==> 55");
            // Editing: Ctrl-A to the start, Ctrl-E to the end, Left one place.
            t.type("2 * 3" + CTRL_A + "4 + " + CTRL_E + LEFT + "1\r");
            await(t, "$3 ==> 30");
            // Enter inside a declaration goes on, on a continuation line.
            t.type("int total(int a,\r");
            await(t, "...> ");
            t.type("int b) { return a + b; }\r");
            await(t, "|  created method total(int,int)");
            t.type("total(40, 2)\r");
            await(t, "$5 ==> 42");
            // Commands complete too.
            t.type(":he\t\r");
            await(t, "Tab completes, Up/Down walk the history");
            // ... in jshell's spelling as well: /list, the snippets by id.
            t.type("/li\t\r");
            await(t, "   1 : int fibonacci(int n) { return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2); }\n");
            // Ctrl-C reaches the whole foreground process group, the sandbox JVM too: the snippet is
            // interrupted, and the sandbox lives on.
            t.type("{ System.out.println(\"sleep\" + \"ing\"); Thread.sleep(600_000); }\r");
            await(t, "sleeping");
            t.type(CTRL_C);
            await(t, "|  Exception java.lang.InterruptedException: sleep interrupted");
            t.type("fibonacci(12)\r");
            await(t, "$7 ==> 144");
            // A :bench too: its measurement (ten minutes) ends at Ctrl-C, in the same sandbox.
            await(t, PROMPT);
            t.type(":bench -wi 1 -w 200ms -i 1 -r 10m fibonacci(15)\r");
            await(t, "|  # Warmup Iteration   1: ");
            t.type(CTRL_C);
            await(t, "|  :bench fibonacci(15) was interrupted");
            // Ctrl-C at the prompt drops the line being typed. (Keys typed before the prompt shows go
            // to the terminal's own line discipline, where Ctrl-C and Ctrl-D mean other things.)
            await(t, PROMPT);
            t.type("garbage" + CTRL_C);
            // Ctrl-C is a signal: what is typed before the fresh prompt may still go to the dropped line.
            await(t, PROMPT);
            t.type("6 * 7\r");
            await(t, "$8 ==> 42");
            await(t, PROMPT);
            t.type(CTRL_D);
            assertThat(exitStatus(t)).as(t.transcript()).isZero();
            assertThat(t.transcript()).doesNotContain("The sandbox ended").doesNotContain("garbage\n|  Error")
                    .doesNotContain("Exception in thread");
        }
        assertThat(Files.readString(history)).contains("fibonacci(10)").contains("6 * 7");

        // A new session has the history of the last: Up recalls its last line.
        try (PseudoTerminal t = repl(dir, history)) {
            await(t, PROMPT);
            t.type(UP + "\r");
            await(t, "$1 ==> 42");
            await(t, PROMPT);
            t.type(CTRL_D);
            assertThat(exitStatus(t)).as(t.transcript()).isZero();
        }
    }

    /**
     * Ctrl-C at each point of a {@code :bench} the run itself signals (the expression prints where
     * it is the first time it runs with a tag; the test types Ctrl-C once it shows): inside a
     * warmup iteration (several times over, for the race the runner once lost there), inside a
     * measurement, inside a single shot that would never return, and just after an iteration's
     * line. Each is the one line "was interrupted", and the REPL goes on in the same sandbox.
     */
    @Test
    void ctrlCAtEachPointOfABenchReadsAsTheInterruptAndTheReplGoesOn() throws Exception {
        Assumptions.assumeTrue(PseudoTerminal.available(), "skipped: util-linux's script(1), for a pseudo-terminal, is not installed");
        Path dir = Files.createTempDirectory("sandprof-repl-pty-");
        try (PseudoTerminal t = repl(dir, dir.resolve("history"))) {
            await(t, PROMPT);
            t.type("String at = \"\";\r");
            await(t, "at ==> \"\"");
            await(t, PROMPT);
            t.type("int step(String tag, long sleep) throws InterruptedException { if (!tag.equals(at)) { at = tag; "
                    + "System.out.println(\"reached \" + tag); } if (sleep > 0) { Thread.sleep(sleep); } return tag.length(); }\r");
            await(t, "|  created method step(String,long)");
            int value = 1000;
            for (int round = 1; round <= 4; round++) {
                value = interruptAt(t, ":bench -wi 2 -w 10m -i 1 -r 10m step(\"warm" + round + "\", 0)", "reached warm" + round, value);
            }
            value = interruptAt(t, ":bench -wi 0 -i 2 -r 10m step(\"measured\", 0)", "reached measured", value);
            value = interruptAt(t, ":bench -bm ss -i 1 step(\"once\", 600_000)", "reached once", value);
            interruptAt(t, ":bench -wi 3 -w 50ms -i 1 -r 10m step(\"after\", 0)", "|  # Warmup Iteration   1: ", value);
            await(t, PROMPT);
            t.type(CTRL_D);
            assertThat(exitStatus(t)).as(t.transcript()).isZero();
            assertThat(t.transcript()).doesNotContain("The sandbox ended").doesNotContain("BrokenBarrier")
                    .doesNotContain("|  Exception").doesNotContain("threw:").doesNotContain("Exception in thread");
        }
    }

    /** Runs {@code bench}, types Ctrl-C once {@code reached} shows, expects the interrupt and a working REPL; the next value to use. */
    private static int interruptAt(PseudoTerminal t, String bench, String reached, int value) throws Exception {
        await(t, PROMPT);
        t.type(bench + "\r");
        await(t, reached);
        t.type(CTRL_C);
        String expression = bench.substring(bench.indexOf("step("));
        await(t, "|  :bench " + expression + " was interrupted\n");
        await(t, PROMPT);
        t.type(value + " + 1\r");
        await(t, "==> " + (value + 1));
        return value + 1;
    }

    private static PseudoTerminal repl(Path dir, Path history) throws IOException {
        return new PseudoTerminal("'" + ROOT.resolve("bin/sandprof") + "' repl --history '" + history + "'", dir);
    }

    private static void await(PseudoTerminal t, String text) throws InterruptedException {
        t.await(text, Duration.ofMinutes(1));
    }

    private static int exitStatus(PseudoTerminal t) throws InterruptedException {
        int status = t.exitStatus(Duration.ofSeconds(30));
        assertThat(status).as("the REPL ended on Ctrl-D:\n" + t.transcript()).isNotEqualTo(-1);
        return status;
    }
}
