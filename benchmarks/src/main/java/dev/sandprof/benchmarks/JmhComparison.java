package dev.sandprof.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandprof.host.cli.SandprofCli;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The bar of {@code sandprof bench}: the six reference benchmarks of
 * {@code dev.sandprof.benchmarks.jmhref} run by real JMH and by {@code sandprof bench} with the
 * same forks, iterations and times, in one run, each score compared with its JMH counterpart
 * (within 5%, or within their joint 99.9% error where that is wider), and the wall time of each
 * whole job compared: JMH's includes its annotation-processing build of the sources (javac with
 * jmh-generator-annprocess, timed here), sandprof's includes its own compilation.
 *
 * <pre>benchmarks/jmh-compare [--quick]</pre>
 */
public final class JmhComparison {

    private JmhComparison() {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int forks = quick ? 1 : 2;
        int warmups = quick ? 2 : 3;
        int iterations = quick ? 3 : 5;
        int millis = quick ? 100 : 200;
        Path root = Path.of(System.getProperty("sandprof.home", ".")).toAbsolutePath().normalize();
        Path dir = root.resolve("benchmarks/src/main/java/dev/sandprof/benchmarks/jmhref");
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        PrintStream out = System.out;
        out.printf("JMH vs sandprof bench on %d reference benchmarks: -f %d -wi %d -i %d -w %dms -r %dms (source tree %s)%n%n",
                sources.size(), forks, warmups, iterations, millis, millis, System.getProperty("sandprof.compare.revision", "?"));

        // JMH: the annotation-processing build a JMH user needs, then the run (of the same classes, built by Maven).
        long t0 = System.nanoTime();
        jmhBuild(sources, Files.createTempDirectory("jmh-build-"));
        long jmhBuild = System.nanoTime() - t0;
        Options options = new OptionsBuilder().include("dev\\.sandprof\\.benchmarks\\.jmhref\\.").forks(forks)
                .warmupIterations(warmups).warmupTime(TimeValue.milliseconds(millis))
                .measurementIterations(iterations).measurementTime(TimeValue.milliseconds(millis))
                .shouldFailOnError(true).build();
        Collection<RunResult> jmh = new Runner(options).run();
        long jmhTotal = System.nanoTime() - t0;

        // sandprof bench: compiles the sources itself, no annotation processing.
        Path json = Files.createTempFile("sandprof-bench-", ".json");
        List<String> command = new ArrayList<>(List.of("bench", "-f", "" + forks, "-wi", "" + warmups, "-i", "" + iterations,
                "-w", millis + "ms", "-r", millis + "ms", "-rf", "json", "-rff", json.toString()));
        sources.forEach(s -> command.add(s.toString()));
        long t1 = System.nanoTime();
        int status = SandprofCli.execute(command.toArray(String[]::new));
        long sandprofTotal = System.nanoTime() - t1;
        if (status != 0) {
            throw new IllegalStateException("sandprof bench failed with status " + status);
        }
        Map<String, double[]> sandprof = new LinkedHashMap<>();
        for (JsonNode r : new ObjectMapper().readTree(json.toFile())) {
            JsonNode metric = r.get("primaryMetric");
            sandprof.put(key(r.get("benchmark").asText(), r.get("mode").asText(), params(r.get("params"))),
                    new double[] {metric.get("score").asDouble(), number(metric.get("scoreError"))});
        }

        out.printf("%n%-40s %-7s %11s %11s %11s %11s %7s  %s%n", "benchmark (params)", "mode", "JMH", "± error", "sandprof",
                "± error", "ratio", "result");
        int met = 0;
        int total = 0;
        for (RunResult r : jmh) {
            String benchmark = r.getParams().getBenchmark();
            Map<String, String> params = new TreeMap<>();
            for (String k : r.getParams().getParamsKeys()) {
                params.put(k, r.getParams().getParam(k));
            }
            String mode = r.getParams().getMode().shortLabel();
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            double[] ours = sandprof.get(key(benchmark, mode, params));
            total++;
            if (ours == null) {
                out.printf("%-40s %-7s %11s   (no sandprof result)%n", label(benchmark, params), mode, format(score));
                continue;
            }
            double ratio = ours[0] / score;
            double joint = (Double.isNaN(error) ? 0 : error) + (Double.isNaN(ours[1]) ? 0 : ours[1]);
            boolean within = Math.abs(ratio - 1) <= 0.05 || Math.abs(ours[0] - score) <= joint;
            met += within ? 1 : 0;
            out.printf("%-40s %-7s %11s %11s %11s %11s %6.3fx  %s %s%n", label(benchmark, params), mode, format(score), format(error),
                    format(ours[0]), format(ours[1]), ratio, within ? "met" : "MISSED", r.getPrimaryResult().getScoreUnit());
        }
        out.printf("%nscores within 5%% or the joint error: %d of %d%n", met, total);
        out.printf("wall time: JMH %.1f s (annotation-processing build %.1f s + run) vs sandprof bench %.1f s: %.2fx (target < 1x: %s)%n",
                jmhTotal / 1e9, jmhBuild / 1e9, sandprofTotal / 1e9, (double) sandprofTotal / jmhTotal,
                sandprofTotal < jmhTotal ? "met" : "MISSED");
    }

    /** What a JMH user's build does with these sources: javac with JMH's annotation processor. */
    private static void jmhBuild(List<Path> sources, Path outDir) throws IOException {
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", outDir.toString(), "-cp", classPath, "-processorpath", classPath,
                "-processor", "org.openjdk.jmh.generators.BenchmarkProcessor", "--release", "17"));
        sources.forEach(s -> args.add(s.toString()));
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the JMH build of the reference benchmarks failed");
        }
        try (Stream<Path> made = Files.walk(outDir)) {
            made.map(Path::toFile).sorted((a, b) -> b.getPath().length() - a.getPath().length()).forEach(File::delete);
        }
    }

    private static Map<String, String> params(JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        if (node != null) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static double number(JsonNode n) {
        return n == null || n.isTextual() ? Double.NaN : n.asDouble();
    }

    private static String key(String benchmark, String mode, Map<String, String> params) {
        return benchmark + " " + mode + " " + new TreeMap<>(params);
    }

    private static String label(String benchmark, Map<String, String> params) {
        String shortName = benchmark.substring("dev.sandprof.benchmarks.jmhref.".length());
        return params.isEmpty() ? shortName : shortName + " " + params.values();
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, v >= 1000 ? "%.1f" : v >= 1 ? "%.3f" : "%.5f", v);
    }
}
