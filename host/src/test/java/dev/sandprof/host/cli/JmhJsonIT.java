package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.sandprof;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandprof.host.StreamText;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandprof bench -rf json} writes the JSON that JMH writes: the same benchmark class, run by
 * real JMH 1.37 (compiled by javac with JMH's annotation processor, run by JMH's {@code Main}, which
 * forks its own JVM) and by {@code sandprof bench} from its source, with the same options; the two
 * files are read back and compared field by field: the same fields at every level, the same
 * settings, parameters, units, metrics and shape of the raw data. Only measured values may differ.
 */
class JmhJsonIT {

    @TempDir
    Path dir;

    static final String SOURCE = "package shapes;\n"
            + "import java.util.concurrent.TimeUnit;\n"
            + "import org.openjdk.jmh.annotations.*;\n"
            + "import org.openjdk.jmh.infra.Blackhole;\n"
            + "@State(Scope.Thread)\n"
            + "public class Shapes {\n"
            + "    @Param({\"3\", \"30\"}) public int n;\n"
            + "    @Benchmark @BenchmarkMode(Mode.AverageTime) @OutputTimeUnit(TimeUnit.NANOSECONDS)\n"
            + "    public void average(Blackhole bh) { for (int i = 0; i < n; i++) bh.consume(i); }\n"
            + "    @Benchmark @BenchmarkMode(Mode.SampleTime) @OutputTimeUnit(TimeUnit.MICROSECONDS)\n"
            + "    public double sampled() { return Math.log(n + System.nanoTime()); }\n"
            + "    @State(Scope.Group) public static class Shared { volatile int v; }\n"
            + "    @Benchmark @Group(\"pair\") @GroupThreads(1) public int reader(Shared s) { return s.v; }\n"
            + "    @Benchmark @Group(\"pair\") @GroupThreads(1) public void writer(Shared s) { s.v++; }\n"
            + "    @AuxCounters(AuxCounters.Type.EVENTS) @State(Scope.Thread)\n"
            + "    public static class Counts { public long evens; }\n"
            + "    @Benchmark @BenchmarkMode(Mode.Throughput)\n"
            + "    public int counted(Counts c) { if ((n & 1) == 0) c.evens++; return n; }\n"
            + "}\n";

    /**
     * With {@code -jvmArgs}: without, JMH gives its forks its own JVM's flags, which are the test's
     * here ({@code -Djmh.ignoreLock=true}, beside another JMH) and sandprof's CLI's there.
     */
    static final List<String> OPTIONS = List.of("-f", "1", "-wi", "1", "-i", "2", "-w", "50ms", "-r", "50ms", "-p", "n=3,30",
            "-jvmArgs", "-Dshapes.fork=1");

    @Test
    void sandprofsJsonIsJmhsForTheSameBenchmarks() throws Exception {
        Path source = dir.resolve("src/shapes/Shapes.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE);

        JsonNode jmh = realJmh(source);
        Path json = dir.resolve("sandprof.json");
        List<String> args = new ArrayList<>(List.of("bench"));
        args.addAll(OPTIONS);
        args.addAll(List.of("-rf", "json", "-rff", json.toString(), "shapes/Shapes.java"));
        RunCommandIT.Result r = sandprof(dir.resolve("src"), args.toArray(String[]::new));
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        JsonNode ours = new ObjectMapper().readTree(json.toFile());

        Map<String, JsonNode> jmhRuns = byRun(jmh);
        Map<String, JsonNode> ourRuns = byRun(ours);
        assertThat(ourRuns.keySet()).as("the runs (benchmark, parameters)").isEqualTo(jmhRuns.keySet());
        assertThat(jmhRuns).hasSize(8);
        for (String run : jmhRuns.keySet()) {
            JsonNode theirs = jmhRuns.get(run);
            JsonNode mine = ourRuns.get(run);
            assertThat(fields(mine, "")).as("%s: every field, at every level", run).isEqualTo(fields(theirs, ""));
            for (String setting : List.of("jmhVersion", "mode", "threads", "forks", "jvm", "jvmArgs", "jdkVersion", "vmName",
                    "vmVersion", "warmupIterations", "warmupTime", "warmupBatchSize", "measurementIterations",
                    "measurementTime", "measurementBatchSize", "params")) {
                assertThat(mine.get(setting)).as("%s: %s", run, setting).isEqualTo(theirs.get(setting));
            }
            assertThat(mine.get("primaryMetric").get("scoreUnit")).as(run).isEqualTo(theirs.get("primaryMetric").get("scoreUnit"));
            assertThat(names(mine.get("secondaryMetrics"))).as("%s: secondary metrics", run)
                    .isEqualTo(names(theirs.get("secondaryMetrics")));
            for (Iterator<String> it = theirs.get("secondaryMetrics").fieldNames(); it.hasNext(); ) {
                String metric = it.next();
                assertThat(mine.get("secondaryMetrics").get(metric).get("scoreUnit")).as("%s: %s", run, metric)
                        .isEqualTo(theirs.get("secondaryMetrics").get(metric).get("scoreUnit"));
            }
            JsonNode raw = theirs.get("primaryMetric").get("rawData");
            if (raw != null) {
                // One row per fork, one value per measurement iteration.
                assertThat(mine.get("primaryMetric").get("rawData")).as(run).hasSize(raw.size());
                assertThat(mine.get("primaryMetric").get("rawData").get(0)).as(run).hasSize(raw.get(0).size());
            }
            JsonNode histogram = theirs.get("primaryMetric").get("rawDataHistogram");
            if (histogram != null) {
                assertThat(mine.get("primaryMetric").get("rawDataHistogram")).as(run).hasSize(histogram.size());
                assertThat(mine.get("primaryMetric").get("rawDataHistogram").get(0)).as(run).hasSize(histogram.get(0).size());
            }
        }
    }

    /** Real JMH on the same source: javac with JMH's annotation processor, then JMH's own {@code Main}. */
    private JsonNode realJmh(Path source) throws Exception {
        String classPath = System.getProperty("java.class.path");
        Path classes = dir.resolve("jmh-classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "17", "-cp", classPath, "-d", classes.toString(),
                source.toString());
        assertThat(status).as("javac with JMH's annotation processor").isZero();
        Path json = dir.resolve("jmh.json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djmh.ignoreLock=true", "-cp", classes + File.pathSeparator + classPath, "org.openjdk.jmh.Main"));
        cmd.addAll(OPTIONS);
        cmd.addAll(List.of("-rf", "json", "-rff", json.toString(), "shapes.Shapes"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("JMH did not finish within 5 minutes: " + out.getNow(""));
        }
        assertThat(p.exitValue()).as(out.get()).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }

    /** The results by benchmark and parameters. */
    private static Map<String, JsonNode> byRun(JsonNode results) {
        Map<String, JsonNode> runs = new TreeMap<>();
        for (JsonNode n : results) {
            runs.put(n.get("benchmark").asText() + " " + n.path("params"), n);
        }
        return runs;
    }

    /**
     * Every field's path and type, objects' fields by name; of an array, its first element's (data
     * arrays differ in length with what was measured).
     */
    private static List<String> fields(JsonNode node, String path) {
        List<String> paths = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = path + "." + e.getKey();
                paths.add(at + ":" + e.getValue().getNodeType());
                paths.addAll(fields(e.getValue(), at));
            }
            paths.sort(null);
        } else if (node.isArray() && node.size() > 0) {
            paths.addAll(fields(node.get(0), path + "[]"));
        }
        return paths;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }
}
