package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.sandprof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --engine jmh -prof}: JMH's own GC profiler in each fork, its figures those JMH gives
 * (nothing of sandprof's on the invocation path allocates), and sandprof's own profilers over the
 * measurement iterations, one small benchmark per engine.
 */
class JmhProfilersIT {

    @TempDir
    Path dir;

    static final String QUICK_OPTIONS = "-f 1 -wi 1 -i 2 -w 200ms";

    /** An allocation-free benchmark and one allocating an {@code int[256]} (1040 bytes with its header), plain and with a fixture per invocation. */
    static final String ALLOC = "package alloc;\n"
            + "import java.util.concurrent.TimeUnit;\n"
            + "import org.openjdk.jmh.annotations.*;\n"
            + "@State(Scope.Thread) @BenchmarkMode(Mode.AverageTime) @OutputTimeUnit(TimeUnit.NANOSECONDS)\n"
            + "public class Alloc {\n"
            + "    long x;\n"
            + "    @Benchmark public long none() { return x++; }\n"
            + "    @Benchmark public int[] array() { return new int[256]; }\n"
            + "    @State(Scope.Thread)\n"
            + "    public static class PerCall {\n"
            + "        long n;\n"
            + "        @Setup(Level.Invocation) public void before() { n++; }\n"
            + "    }\n"
            + "    @Benchmark public long noneInvocation(PerCall c) { return c.n + x++; }\n"
            + "    @Benchmark public int[] arrayInvocation(PerCall c) { return new int[256]; }\n"
            + "}\n";

    private RunCommandIT.Result bench(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("bench", "--engine", "jmh"));
        all.addAll(List.of(QUICK_OPTIONS.split(" ")));
        all.addAll(List.of(args));
        return sandprof(dir, all.toArray(String[]::new));
    }

    private void write(String path, String text) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void gcGivesJmhsAllocationPerOperation() throws Exception {
        write("alloc/Alloc.java", ALLOC);
        Path json = dir.resolve("gc.json");
        RunCommandIT.Result r = bench("-r", "200ms", "-prof", "gc", "-rf", "json", "-rff", json.toString(), "alloc/Alloc.java");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        // JMH's table, with its secondary rows.
        assertThat(r.out()).containsPattern("Alloc\\.array:gc\\.alloc\\.rate +avgt +2 +[0-9.]+ +MB/sec")
                .containsPattern("Alloc\\.array:gc\\.alloc\\.rate\\.norm +avgt +2 +[0-9.]+ +B/op")
                .containsPattern("Alloc\\.array:gc\\.count +avgt +2 +(≈ 0|[0-9.]+) +counts")
                .containsPattern("Alloc\\.noneInvocation:gc\\.alloc\\.rate\\.norm +avgt +2 +(≈ 10⁻\\S+|[0-9.]+) +B/op");
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        for (String none : List.of("alloc.Alloc.none", "alloc.Alloc.noneInvocation")) {
            assertThat(norm(results, none)).as(none).isCloseTo(0, within(2.0));
        }
        for (String array : List.of("alloc.Alloc.array", "alloc.Alloc.arrayInvocation")) {
            assertThat(norm(results, array)).as(array).isCloseTo(1040, within(2.0));
        }
        // JSON as JMH writes a secondary metric: its score, error, unit and raw data.
        JsonNode rate = find(results, "alloc.Alloc.array").get("secondaryMetrics").get("gc.alloc.rate");
        assertThat(rate.get("scoreUnit").asText()).isEqualTo("MB/sec");
        assertThat(rate.get("rawData").get(0)).hasSize(2);
    }

    private static double norm(JsonNode results, String benchmark) {
        return find(results, benchmark).get("secondaryMetrics").get("gc.alloc.rate.norm").get("score").asDouble();
    }

    private static JsonNode find(JsonNode results, String benchmark) {
        for (JsonNode n : results) {
            if (n.get("benchmark").asText().equals(benchmark)) {
                return n;
            }
        }
        throw new AssertionError("no result for " + benchmark + " in " + results);
    }

    /** A benchmark whose work is a method of its own, which the profiles must hold. */
    static final String WORK = "package work;\n"
            + "import java.util.concurrent.TimeUnit;\n"
            + "import org.openjdk.jmh.annotations.*;\n"
            + "@State(Scope.Thread) @BenchmarkMode(Mode.AverageTime) @OutputTimeUnit(TimeUnit.MICROSECONDS)\n"
            + "public class Work {\n"
            + "    double seed = 1.5;\n"
            + "    @Benchmark public double spin() { return Hot.churn(seed, 2000); }\n"
            + "}\n"
            + "class Hot {\n"
            + "    static double churn(double x, int n) { for (int i = 0; i < n; i++) x = Math.sin(x) + Math.sqrt(x + i); return x; }\n"
            + "}\n";

    /** @param measurement each measurement iteration's time: JFR samples a thread at most every 10 ms that it runs Java code */
    private Path profiled(String engine, String measurement) throws Exception {
        write("work/Work.java", WORK);
        Path profiles = dir.resolve("profiles-" + engine);
        RunCommandIT.Result r = bench("-r", measurement, "-prof", engine + ":dir=" + profiles, "work/Work.java");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        Path fork = profiles.resolve("work.Work.spin-avgt/fork-1");
        assertThat(r.out()).contains("# Profile (").contains(fork.toString())
                .containsPattern("Work\\.spin +avgt +2 +[0-9.]+ +us/op");
        return fork;
    }

    @Test
    void asyncProfilesTheMeasurementIterations() throws Exception {
        Path fork = profiled("async", "200ms");
        // The stacks start at the benchmark method: JMH's runner and generated stub are cut.
        String collapsed = Files.readString(fork.resolve("profile.collapsed"));
        assertThat(collapsed).startsWith("work.Work.spin;").contains("work.Hot.churn")
                .doesNotContain("jmh_generated").doesNotContain("org.openjdk.jmh").doesNotContain("dev.sandprof");
        assertThat(Files.readString(fork.resolve("flame.html"))).contains("work.Hot.churn");
    }

    @Test
    void jfrProfilesTheMeasurementIterations() throws Exception {
        Path fork = profiled("jfr", "1s");
        assertThat(fork.resolve("profile.jfr")).isNotEmptyFile();
        assertThat(Files.readString(fork.resolve("profile.collapsed"))).contains("work.Hot.churn")
                .doesNotContain("jmh_generated").doesNotContain("org.openjdk.jmh");
    }

    @Test
    void agentProfilesTheMeasurementIterations() throws Exception {
        Path fork = profiled("agent", "200ms");
        // Exact call paths of the user's classes only: JMH's generated stub is not instrumented.
        String prof = Files.readString(fork.resolve("profile.prof"));
        assertThat(prof).containsPattern("\n spin +work\\.Work +1 ").containsPattern("\n  churn +work\\.Hot +2 ")
                .doesNotContain("jmh_generated").doesNotContain("jmhTest").doesNotContain("openjdk");
    }

    @Test
    void jmhsStackProfilerWithoutTheSandboxsThreads() throws Exception {
        write("work/Work.java", WORK);
        RunCommandIT.Result r = bench("-r", "300ms", "-prof", "stack:lines=3", "work/Work.java");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        String stack = r.out().substring(r.out().indexOf("Secondary result \"work.Work.spin:stack\":"));
        assertThat(stack).contains("....[Thread state: RUNNABLE]").containsPattern("[0-9.]+% +[0-9.]+% work\\.Hot\\.churn\n"
                + " +work\\.Work\\.spin\n +work\\.jmh_generated\\.Work_spin_jmhTest\\.spin_avgt_jmhStub\n")
                .doesNotContain("dev.sandprof").doesNotContain("FileInputStream").doesNotContain("chronicle");
        assertThat(r.out()).containsPattern("Work\\.spin:stack +avgt +NaN +---");
    }

    @Test
    void profilersJmhRunsFromItsHostAreRefusedByName() throws Exception {
        write("work/Work.java", WORK);
        RunCommandIT.Result perf = bench("-r", "200ms", "-prof", "perfasm", "work/Work.java");
        assertThat(perf.status()).isEqualTo(2);
        assertThat(perf.err()).contains("-prof perfasm: an external profiler of JMH's");
        RunCommandIT.Result jmhAsync = bench("-r", "200ms", "-prof", "org.openjdk.jmh.profile.AsyncProfiler", "work/Work.java");
        assertThat(jmhAsync.status()).isEqualTo(2);
        assertThat(jmhAsync.err()).contains("use sandprof's -prof async");
        RunCommandIT.Result unknown = bench("-r", "200ms", "-prof", "nosuch", "work/Work.java");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("-prof nosuch: no such profiler");
        RunCommandIT.Result options = bench("-r", "200ms", "-prof", "gc:nosuch=1", "work/Work.java");
        assertThat(options.status()).isEqualTo(2);
        assertThat(options.err()).contains("-prof gc: ");
    }
}
