package dev.sandprof.benchmarks;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.ProfileOptions;
import dev.sandprof.host.ProfileOptions.Engine;
import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SourceCompiler;
import dev.sandprof.host.profile.FlameGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * g. What profiling costs a CPU-bound program: the same fixed amount of work (trial division, a
 * call per candidate) run unprofiled and under each engine at its default interval, rounds
 * alternating the order, in one sandbox; and the time from the end of a long profiled program to
 * its report (the profile stopped, brought back, parsed, the flame graph made).
 *
 * <p>The unprofiled and async/jfr runs use a copy of the workload shipped before instrumentation;
 * the agent runs a copy shipped after it, as {@code sandprof profile --engine agent} does.
 */
final class ProfileOverhead {

    private static final String WORKLOAD = "public class %s {\n"
            + "    public static void main(String[] args) {\n"
            + "        int limit = Integer.parseInt(args[0]);\n"
            + "        long count = 0;\n"
            + "        for (int n = 2; n < limit; n++) if (isPrime(n)) count++;\n"
            + "        if (count == 42) System.out.println(count);\n"
            + "    }\n"
            + "    static boolean isPrime(int n) {\n"
            + "        for (int d = 2; (long) d * d <= n; d++) if (n %% d == 0) return false;\n"
            + "        return true;\n"
            + "    }\n"
            + "}\n";

    /** Spins for as many seconds as its argument: the long program whose report is timed. */
    private static final String LONG = "public class Long%s {\n"
            + "    public static void main(String[] args) {\n"
            + "        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;\n"
            + "        double s = 0;\n"
            + "        while (System.nanoTime() < end) s += step(s);\n"
            + "        if (s == 42) System.out.println(s);\n"
            + "    }\n"
            + "    static double step(double s) { double t = 0; for (int i = 1; i < 10_000; i++) t += Math.sqrt(i + s); return t; }\n"
            + "}\n";

    private final Samples plain = new Samples();
    private final Samples async = new Samples();
    private final Samples jfr = new Samples();
    private final Samples agent = new Samples();

    void run(Budget budget, SandboxOptions base, ResultTable table) throws IOException {
        Path dir = Files.createTempDirectory("sandprof-compare-");
        String limit = String.valueOf(budget.profileWork());
        try (Interpreter sandbox = Interpreter.external(base.toBuilder().spare(false).build())) {
            sandbox.define(compile(dir, "Primes", WORKLOAD));
            sandbox.define(compile(dir, "LongPlain", LONG));
            sandbox.instrument();
            sandbox.define(compile(dir, "PrimesAgent", WORKLOAD));
            sandbox.define(compile(dir, "LongAgent", LONG));
            // Untimed: JIT-compile both copies, and start each engine once (first starts load native code, JFR).
            sandbox.runMain("Primes", List.of(limit));
            sandbox.runMain("PrimesAgent", List.of(limit));
            for (Engine e : Engine.values()) {
                sandbox.profile(ProfileOptions.of(e, "cpu"), i -> i.runMain(e == Engine.AGENT ? "PrimesAgent" : "Primes", List.of(limit)));
            }
            for (int round = 0; round < budget.profileRounds(); round++) {
                Runnable[] runs = {
                    () -> plain.add(timed(() -> sandbox.runMain("Primes", List.of(limit)))),
                    () -> sandbox.profile(ProfileOptions.of(Engine.ASYNC, "cpu"), i -> async.add(timed(() -> i.runMain("Primes", List.of(limit))))),
                    () -> sandbox.profile(ProfileOptions.of(Engine.JFR, "cpu"), i -> jfr.add(timed(() -> i.runMain("Primes", List.of(limit))))),
                    () -> sandbox.profile(ProfileOptions.of(Engine.AGENT, "cpu"), i -> agent.add(timed(() -> i.runMain("PrimesAgent", List.of(limit))))),
                };
                for (int k = 0; k < runs.length; k++) {
                    runs[(k + round) % runs.length].run();
                }
            }
            table.row("g. CPU-bound program under async-profiler cpu vs unprofiled", async, plain, ResultTable.Statistic.MEDIAN, 1.03);
            table.row("g. the same under JFR cpu vs unprofiled", jfr, plain, ResultTable.Statistic.MEDIAN, 1.05);
            table.row("g. the same under the agent engine vs unprofiled", agent, plain, ResultTable.Statistic.MEDIAN, 3);
            String seconds = String.valueOf(budget.reportSeconds());
            for (Engine e : Engine.values()) {
                String program = e == Engine.AGENT ? "LongAgent" : "LongPlain";
                long[] ended = new long[1];
                ProfileResult r = sandbox.profile(ProfileOptions.of(e, "cpu"), i -> {
                    i.runMain(program, List.of(seconds));
                    ended[0] = System.nanoTime();
                });
                FlameGraph.html(r.stacks(), program);
                r.stacks().topSelf(10);
                r.stacks().topTotal(10);
                long toReport = System.nanoTime() - ended[0];
                table.row("g. " + seconds + " s profile, program end -> report: " + e.name().toLowerCase() + " vs 1 s",
                        "once", 1, toReport, 1e9, 1);
            }
        }
        table.note("g. " + budget.profileRounds() + " rounds of trial division up to " + limit + " (one call per candidate), "
                + "unprofiled and under each engine at its default interval (10 ms), the order rotating each round; "
                + "the agent engine runs a copy shipped after instrument(). The report rows time a " + budget.reportSeconds()
                + " s program from its end to the profile parsed and its flame graph made.");
    }

    private static java.util.Map<String, byte[]> compile(Path dir, String name, String template) {
        try {
            Path source = dir.resolve(name + ".java");
            Files.writeString(source, String.format(template, name.startsWith("Long") ? name.substring(4) : name));
            return new SourceCompiler().compile(List.of(source), List.of(), SourceCompiler.releaseFor(Runtime.version().feature()))
                    .classes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long timed(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }
}
