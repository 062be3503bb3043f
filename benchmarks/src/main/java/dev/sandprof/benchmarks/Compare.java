package dev.sandprof.benchmarks;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.internal.ExternalInterpreter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The comparison runner: measures sandprof beside a reference for each of its performance
 * targets, in one run, and prints one table with the medians (and p99s), the ratios and whether
 * each target is met. Start it with {@code benchmarks/compare [--quick]} from the repository root.
 *
 * <p>Progress goes to stderr, the results to stdout.
 */
public final class Compare {

    private Compare() {}

    public static void main(String[] args) throws Exception {
        Budget budget = Budget.DEFAULT;
        String only = "abcdefghijkl";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                budget = Budget.QUICK;
            } else if (args[i].equals("--only") && i + 1 < args.length) {
                only = args[++i];
            } else {
                System.err.println("usage: Compare [--quick] [--only LETTERS]   (sections a-l, e.g. --only g)");
                System.exit(2);
            }
        }
        PrintStream out = System.out;
        long start = System.nanoTime();
        // Sandbox JVMs print nothing of their own; anything they do print is caught here and shown.
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        SandboxOptions base = SandboxOptions.builder().stdout(stray).stderr(stray).build();
        header(out, budget, base);

        // Other work on the machine moves every figure: show how busy it was around the run.
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        ResultTable table = new ResultTable();
        if (only.indexOf('a') >= 0) {
            progress("a. ping round trips");
            new PingRoundTrip().run(budget, base.toBuilder().spare(false).build(), table);
        }
        if (only.indexOf('b') >= 0) {
            progress("b. sandbox starts");
            new SandboxStart().run(budget, base.toBuilder().spare(false).build(), table);
        }
        if (only.indexOf('c') >= 0) {
            progress("c. one-line programs, sandprof and JShell");
            new OneLineProgram().run(budget, base, table);
        }
        if (only.indexOf('d') >= 0) {
            progress("d. restarts with and without a spare");
            new SpareRestart().run(budget, base, table);
        }
        if (only.indexOf('e') >= 0) {
            progress("e. one-line evals, sandprof and JShell");
            new EvalOneLine().run(budget, base, table);
        }
        if (only.indexOf('f') >= 0) {
            progress("f. batched frees of " + budget.freeRefs() + " dropped refs");
            new FreeBatch().run(budget, base, table);
        }
        if (only.indexOf('g') >= 0) {
            progress("g. profiling overhead and time to report");
            new ProfileOverhead().run(budget, base, table);
        }

        if (only.indexOf('h') >= 0) {
            progress("h. sandprof repl and jshell on a terminal");
            new ReplRoundTrip().run(budget, table);
        }
        if (only.indexOf('i') >= 0) {
            progress("i. 100 MB through a program's stdin, sandprof run and java");
            new StdinThroughput().run(budget, table);
        }
        if (only.indexOf('j') >= 0) {
            progress("j. a program's output (300,000 lines; one 100 MB write), sandprof run and java");
            new OutputThroughput().run(budget, table);
        }

        // Section k is not a timing: exit statuses and stderr under java and sandprof run, side by side.
        if (only.indexOf('k') >= 0) {
            progress("k. how programs end (exit status, output), sandprof run and java");
            new ExitStatuses().run(table);
        }

        if (only.indexOf('l') >= 0) {
            progress("l. sandprof run Hello.java, with and without the host's archive, and java Hello.java");
            new CommandStart().run(budget, table);
        }

        table.print(out);
        out.println("sandbox output outside user code: "
                + (stray.size() == 0 ? "none" : "\n" + stray.toString(StandardCharsets.UTF_8)));
        endLeftovers(out);
        out.printf("load average (1 min): %.2f before, %.2f after%n", loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.printf("targets: %s; whole run %d s%n", table.allTargetsMet() ? "all met" : "some MISSED",
                (System.nanoTime() - start) / 1_000_000_000L);
    }

    private static void header(PrintStream out, Budget budget, SandboxOptions base) {
        out.println("sandprof comparison runner, " + budget.name() + " mode, "
                + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        out.println("command: " + System.getProperty("sandprof.compare.command", "(started without benchmarks/compare)"));
        out.println("source tree: " + System.getProperty("sandprof.compare.revision", "(unknown)"));
        out.println("host JVM: " + ProcessHandle.current().info().commandLine().orElse("(unknown)"));
        out.println("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.home") + "); " + Runtime.getRuntime().availableProcessors() + " CPUs");
        // Making the interpreter starts a sandbox: it also serves as the run's first, untimed start.
        try (Interpreter sandbox = Interpreter.external(base.toBuilder().spare(false).build())) {
            ExternalInterpreter external = (ExternalInterpreter) sandbox;
            out.println("sandbox: Java " + sandbox.info().javaVersion() + ", capabilities " + sandbox.info().capabilities());
            out.println("sandbox command: " + String.join(" ", external.sandboxCommand()));
        }
        out.println();
    }

    private static void progress(String what) {
        System.err.println("compare: measuring " + what + " ...");
    }

    /** Every child process should be gone by now; any left is reported and ended. */
    private static void endLeftovers(PrintStream out) throws InterruptedException {
        List<ProcessHandle> alive = List.of();
        for (int i = 0; i < 50; i++) {
            alive = ProcessHandle.current().children().filter(ProcessHandle::isAlive).collect(Collectors.toList());
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        if (alive.isEmpty()) {
            out.println("child processes left running: none");
            return;
        }
        out.println("child processes left running (now ended): " + alive.stream()
                .map(p -> p.pid() + " " + p.info().command().orElse("?")).collect(Collectors.joining(", ")));
        alive.forEach(ProcessHandle::destroyForcibly);
    }
}
