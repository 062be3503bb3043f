package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.sandprof;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sandprof bench --engine jmh} (the prototype): JMH's generated code and runner in each
 * fork's sandbox, JMH's text and JSON, on a small benchmark of our own with what sandprof's own
 * runner refuses or fails (a fixture taking {@code BenchmarkParams}, a nested benchmark class).
 */
class JmhEngineIT {

    @TempDir
    Path dir;

    static final String SMALL = "package small;\n"
            + "import java.util.concurrent.TimeUnit;\n"
            + "import org.openjdk.jmh.annotations.*;\n"
            + "import org.openjdk.jmh.infra.BenchmarkParams;\n"
            + "public class Small {\n"
            + "    @State(Scope.Thread)\n"
            + "    public static class Numbers {\n"
            + "        @Param({\"4\", \"16\"}) public int size;\n"
            + "        int[] values;\n"
            + "        @Setup public void fill(BenchmarkParams params) {\n"
            + "            System.out.println(\"setup of \" + params.getBenchmark() + \" size=\" + params.getParam(\"size\"));\n"
            + "            System.err.println(\"agents: \" + java.lang.management.ManagementFactory.getRuntimeMXBean()\n"
            + "                    .getInputArguments().stream().filter(a -> a.startsWith(\"-javaagent\")).count());\n"
            + "            values = new int[size];\n"
            + "            for (int i = 0; i < size; i++) values[i] = i;\n"
            + "        }\n"
            + "        int iterations;\n"
            + "        @Setup(Level.Iteration) public void next() { System.out.println(\"iteration setup \" + ++iterations); }\n"
            + "    }\n"
            + "    @Benchmark @BenchmarkMode(Mode.AverageTime) @OutputTimeUnit(TimeUnit.NANOSECONDS)\n"
            + "    public int sum(Numbers n) { int s = 0; for (int v : n.values) s += v; return s; }\n"
            + "    public static class Inner {\n"
            + "        @Benchmark @BenchmarkMode(Mode.SampleTime) @OutputTimeUnit(TimeUnit.MICROSECONDS)\n"
            + "        public double sampled() { return Math.sqrt(System.nanoTime()); }\n"
            + "    }\n"
            + "}\n";

    @Test
    void jmhsOwnOutputAndJson() throws Exception {
        Path source = dir.resolve("small/Small.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SMALL);
        Path json = dir.resolve("result.json");
        RunCommandIT.Result r = sandprof(dir, "bench", "--engine", "jmh", "-f", "1", "-wi", "1", "-i", "2", "-w", "50ms",
                "-r", "50ms", "-rf", "json", "-rff", json.toString(), "small/Small.java");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        // As JMH's forks, no agent: one changes what the JIT makes of a benchmark.
        assertThat(r.err()).contains("agents: 0").doesNotContain("agents: 1");
        assertThat(r.out()).contains("# JMH version: 1.37").contains("# VM options: <none>")
                .contains("# Warmup: 1 iterations, 50 ms each").contains("# Benchmark: small.Small.sum")
                .contains("# Parameters: (size = 16)").contains("# Fork: 1 of 1")
                .contains("# Benchmark: small.Small.Inner.sampled")
                .contains("setup of small.Small.sum size=4").contains("setup of small.Small.sum size=16")
                // The fixtures run in their iteration, after its heading, as under JMH: the heading
                // is an event on the channel, the lines come through the output ring, and the host
                // keeps their order by the ring's marks.
                .containsPattern("# Warmup Iteration   1: setup of small.Small.sum size=4\niteration setup 1\n[0-9.]+ ns/op")
                .containsPattern("\nIteration   1: iteration setup 2\n[0-9.]+ ns/op")
                .containsPattern("\nIteration   2: iteration setup 3\n[0-9.]+ ns/op")
                .contains("Result \"small.Small.sum\":")
                .containsPattern("Benchmark +\\(size\\) +Mode +Cnt +Score +Error +Units")
                .containsPattern("Small\\.sum +4 +avgt +2 +[0-9.]+ +ns/op")
                .containsPattern("Small\\.Inner\\.sampled:p0\\.999 +N/A +sample +[0-9.]+ +us/op")
                .contains("Benchmark result is saved to " + json);
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize(3);
        JsonNode sampled = find(results, "small.Small.Inner.sampled", null);
        assertThat(sampled.get("jmhVersion").asText()).isEqualTo("1.37");
        assertThat(sampled.get("vmName").asText()).isNotEmpty();
        assertThat(sampled.get("primaryMetric").get("rawDataHistogram")).hasSize(1);
        assertThat(sampled.get("primaryMetric").get("rawDataHistogram").get(0)).hasSize(2);
        JsonNode sum4 = find(results, "small.Small.sum", "4");
        assertThat(sum4.get("primaryMetric").get("rawData").get(0)).hasSize(2);
        assertThat(sum4.get("primaryMetric").get("score").asDouble()).isPositive();
        assertThat(find(results, "small.Small.sum", "16")).isNotNull();
    }

    private static JsonNode find(JsonNode results, String benchmark, String size) {
        for (JsonNode n : results) {
            if (n.get("benchmark").asText().equals(benchmark)
                    && (size == null || n.get("params").get("size").asText().equals(size))) {
                return n;
            }
        }
        throw new AssertionError("no result for " + benchmark + " " + size + " in " + results);
    }
}
