package dev.sandprof.benchmarks;

import dev.sandprof.host.CompiledProgram;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SourceCompiler;
import dev.sandprof.host.internal.ToolInterpreter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * c. A one-line program as a user runs it: compiled on the (warm) host from a source file,
 * shipped with {@code define} and run with {@code runMain} on a warm sandbox, against the same
 * line evaluated by the {@code jdk.jshell} API with its default (remote, JDI-launched) execution,
 * warm and from {@code JShell} creation. Every run's output is checked to be {@code 2}.
 */
final class OneLineProgram {

    private static final String LINE = "System.out.println(1+1)";
    private static final String SOURCE = "public class Main { public static void main(String[] args) { " + LINE + "; } }\n";

    private final SourceCompiler compiler = new SourceCompiler();
    private final ByteArrayOutputStream sandboxOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream jshellOut = new ByteArrayOutputStream();
    private final PrintStream jshellPrint = new PrintStream(jshellOut, true, StandardCharsets.UTF_8);
    private final Samples compile = new Samples();
    private final Samples define = new Samples();
    private final Samples runMain = new Samples();
    private int jshellEvals;
    private Path source;
    private int release;

    void run(Budget budget, SandboxOptions base, ResultTable table) throws IOException, InterruptedException {
        SandboxOptions options = base.toBuilder().stdout(sandboxOut).spare(false).build();
        Path dir = Files.createTempDirectory("sandprof-bench-");
        source = Files.writeString(dir.resolve("Main.java"), SOURCE);
        Samples warmSandprof = new Samples();
        Samples warmJshell = new Samples();
        Samples coldSandprof = new Samples();
        Samples coldJshell = new Samples();
        try {
            try (Interpreter sandbox = Interpreter.external(options); JShell jshell = jshell()) {
                release = SourceCompiler.releaseFor(ToolInterpreter.of(sandbox).sandboxFeature());
                sandbox.ping();
                // Warm the host's javac (it keeps getting faster for ~200 compiles) and both sides.
                for (int i = 0; i < budget.compileWarmup(); i++) {
                    compiler.compile(List.of(source), List.of(), release);
                }
                for (int i = 0; i < 5; i++) {
                    program(sandbox, new Samples(), new Samples(), new Samples());
                    eval(jshell);
                }
                for (int round = 0; round < budget.programRounds(); round++) {
                    if (round % 2 == 0) {
                        warmSandprof.add(program(sandbox, compile, define, runMain));
                        warmJshell.add(eval(jshell));
                    } else {
                        warmJshell.add(eval(jshell));
                        warmSandprof.add(program(sandbox, compile, define, runMain));
                    }
                }
            }
            for (int round = 0; round < budget.coldRounds(); round++) {
                if (round % 2 == 0) {
                    coldJshell.add(coldJshell());
                    coldSandprof.add(coldSandprof(options));
                } else {
                    coldSandprof.add(coldSandprof(options));
                    coldJshell.add(coldJshell());
                }
            }
        } finally {
            Files.deleteIfExists(source);
            Files.deleteIfExists(dir);
        }
        checkJshellOutput();
        table.row("c. program, warm vs JShell warm eval", warmSandprof, warmJshell, ResultTable.Statistic.MEDIAN, 0.1);
        table.row("c. program, warm vs JShell create+1st eval", warmSandprof, coldJshell, ResultTable.Statistic.MEDIAN, 0.1);
        table.info("c. program, cold sandbox vs JShell create+1st eval", coldSandprof, coldJshell, ResultTable.Statistic.MEDIAN);
        table.note(String.format("c. sandprof: SourceCompiler.compile of a one-class source file + define + runMain, warm host and"
                + " warm sandbox (medians: compile %s, define %s, runMain %s); 'cold sandbox' adds Interpreter.external"
                + " (spare=false) on the warm host. %d untimed compiles first. Reference: JShell.builder().out(..).err(..).build() (what JShell.create()"
                + " builds, with output captured) and eval(\"%s\"). %d warm rounds, %d cold rounds.",
                Samples.format(compile.median()), Samples.format(define.median()), Samples.format(runMain.median()),
                budget.compileWarmup(), LINE, budget.programRounds(), budget.coldRounds()));
    }

    /** Compile, ship and run the program once; the total in nanoseconds, and its parts into the samples. */
    private long program(Interpreter sandbox, Samples compiled, Samples defined, Samples ran) {
        long t0 = System.nanoTime();
        CompiledProgram program = compiler.compile(List.of(source), List.of(), release);
        long t1 = System.nanoTime();
        sandbox.define(program.classes());
        long t2 = System.nanoTime();
        sandbox.runMain(program.firstClass(), List.of());
        long t3 = System.nanoTime();
        compiled.add(t1 - t0);
        defined.add(t2 - t1);
        ran.add(t3 - t2);
        // Output events arrive before the reply, so the line is there once runMain returns.
        String printed = sandboxOut.toString(StandardCharsets.UTF_8);
        sandboxOut.reset();
        if (!printed.equals("2" + System.lineSeparator())) {
            throw new IllegalStateException("the sandboxed program printed '" + printed + "', not 2");
        }
        return t3 - t0;
    }

    private long coldSandprof(SandboxOptions options) {
        long t0 = System.nanoTime();
        try (Interpreter sandbox = Interpreter.external(options)) {
            program(sandbox, new Samples(), new Samples(), new Samples());
            return System.nanoTime() - t0;
        }
    }

    private JShell jshell() {
        return JShell.builder().out(jshellPrint).err(jshellPrint).build();
    }

    private long eval(JShell jshell) {
        long t0 = System.nanoTime();
        List<SnippetEvent> events = jshell.eval(LINE);
        long t = System.nanoTime() - t0;
        for (SnippetEvent e : events) {
            if (e.exception() != null || e.status() != Snippet.Status.VALID) {
                throw new IllegalStateException("JShell failed to evaluate " + LINE + ": " + e);
            }
        }
        jshellEvals++;
        return t;
    }

    private long coldJshell() {
        long t0 = System.nanoTime();
        JShell jshell = jshell();
        try {
            eval(jshell);
            return System.nanoTime() - t0;
        } finally {
            jshell.close();
        }
    }

    /** JShell's remote output is forwarded by a thread of its own: give it a moment, then count the lines. */
    private void checkJshellOutput() throws InterruptedException {
        long expected = jshellEvals;
        for (int i = 0; i < 100 && lines() < expected; i++) {
            Thread.sleep(10);
        }
        if (lines() != expected) {
            throw new IllegalStateException("JShell printed " + lines() + " lines of 2 for " + expected + " evals: "
                    + jshellOut.toString(StandardCharsets.UTF_8));
        }
    }

    private long lines() {
        return jshellOut.toString(StandardCharsets.UTF_8).lines().filter("2"::equals).count();
    }
}
