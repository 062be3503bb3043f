package dev.sandprof.benchmarks;

import dev.sandprof.host.ForeignRef;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * e. A one-line expression evaluated end to end on a warm external interpreter,
 * {@link Interpreter#eval(String)} of {@code 1 + 1} (compiled on the host, shipped and run in the
 * sandbox, its value's display string sent back), against {@code JShell.eval} of the same line with
 * JShell's default (remote, JDI-launched) execution, in one run. JShell's eval takes ~200 ms here,
 * sandprof's a few milliseconds, so each round is one JShell eval and {@link #PER_ROUND} sandprof
 * evals, the kind that goes first alternating from round to round; both see the same machine.
 * Every value is checked to be {@code 2}.
 */
final class EvalOneLine {

    static final String LINE = "1 + 1";
    /** Sandprof evals per JShell eval in a timed round: more samples for sandprof's p99 at little cost. */
    static final int PER_ROUND = 5;
    private static final int JSHELL_WARMUP = 10;

    private final ByteArrayOutputStream jshellOut = new ByteArrayOutputStream();
    private final PrintStream jshellPrint = new PrintStream(jshellOut, true, StandardCharsets.UTF_8);

    void run(Budget budget, SandboxOptions base, ResultTable table) {
        SandboxOptions options = base.toBuilder().spare(false).build();
        Samples sandprof = new Samples();
        Samples jshell = new Samples();
        int jshellWarmup = 0;
        try (Interpreter sandbox = Interpreter.external(options); JShell shell = JShell.builder().out(jshellPrint).err(jshellPrint).build()) {
            sandbox.ping();
            // Warm-up: the host's javac and the sandbox's define/evaluate path for sandprof, the
            // remote agent and its compiler for JShell, interleaved so neither warms alone.
            for (int i = 0; i < budget.evalWarmup(); i++) {
                eval(sandbox);
                if (i % Math.max(1, budget.evalWarmup() / JSHELL_WARMUP) == 0) {
                    eval(shell);
                    jshellWarmup++;
                }
            }
            for (int round = 0; round < budget.evalRounds(); round++) {
                if (round % 2 == 0) {
                    jshell.add(eval(shell));
                    evals(sandbox, sandprof);
                } else {
                    evals(sandbox, sandprof);
                    jshell.add(eval(shell));
                }
            }
        }
        if (jshellOut.size() != 0) {
            throw new IllegalStateException("JShell printed for " + LINE + ": " + jshellOut.toString(StandardCharsets.UTF_8));
        }
        table.row("e. eval(\"1 + 1\") warm vs JShell eval warm", sandprof, jshell, ResultTable.Statistic.MEDIAN, 0.1);
        table.info("e. eval(\"1 + 1\") warm vs JShell eval warm", sandprof, jshell, ResultTable.Statistic.P99);
        table.note(String.format("e. sandprof: Interpreter.eval(\"%s\") on a warm external interpreter (spare=false): the snippet is"
                + " compiled on the host, shipped and run in the sandbox, and its value's display comes back; each ForeignRef"
                + " is checked to display 2 and closed after its timing (the close sends a FreeRefs at once, untimed). Reference: JShell.builder().out(..).err(..).build()"
                + " (default remote execution) and eval(\"%s\"), each value checked to be 2. %d untimed sandprof evals and %d"
                + " JShell evals first; then %d rounds of 1 JShell eval and %d sandprof evals, alternating which goes first"
                + " (n = %d and %d). Target judged on the median; p99 shown for information.",
                LINE, LINE, budget.evalWarmup(), jshellWarmup,
                budget.evalRounds(), PER_ROUND, sandprof.size(), jshell.size()));
    }

    private static void evals(Interpreter sandbox, Samples into) {
        for (int i = 0; i < PER_ROUND; i++) {
            into.add(eval(sandbox));
        }
    }

    /** One eval on sandprof, timed; the value checked and freed after. */
    private static long eval(Interpreter sandbox) {
        long t0 = System.nanoTime();
        ForeignRef<?> value = sandbox.eval(LINE);
        long t = System.nanoTime() - t0;
        try {
            if (!"2".equals(value.display()) || !"java.lang.Integer".equals(value.typeName())) {
                throw new IllegalStateException("sandprof evaluated " + LINE + " to " + value);
            }
        } finally {
            value.close();
        }
        return t;
    }

    /** One eval on JShell, timed; the value checked after. */
    private static long eval(JShell shell) {
        long t0 = System.nanoTime();
        List<SnippetEvent> events = shell.eval(LINE);
        long t = System.nanoTime() - t0;
        if (events.size() != 1) {
            throw new IllegalStateException("JShell gave " + events.size() + " events for " + LINE + ": " + events);
        }
        SnippetEvent e = events.get(0);
        if (e.exception() != null || e.status() != Snippet.Status.VALID || !"2".equals(e.value())) {
            throw new IllegalStateException("JShell evaluated " + LINE + " to " + e.value() + ": " + e);
        }
        return t;
    }
}
