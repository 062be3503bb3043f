package dev.sandprof.host.cli;

import dev.sandprof.host.bench.BenchResult;
import dev.sandprof.host.bench.BenchStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.TimeValue;

/** How {@code sandprof bench} shows results: JMH's summary table, and JMH's JSON result format. */
final class BenchReport {

    /** The percentiles JMH reports for sample mode, and in its JSON. */
    private static final double[] PERCENTILES = {0, 50, 90, 95, 99, 99.9, 99.99, 99.999, 99.9999, 100};

    private BenchReport() {}

    /** A mode as JMH's run header names it. */
    static String modeName(Mode mode) {
        switch (mode) {
            case Throughput: return "Throughput";
            case AverageTime: return "Average time";
            case SampleTime: return "Sampling time";
            default: return "Single shot invocation time";
        }
    }

    /** {@code ops/us} for throughput, {@code us/op} for the others, in JMH's names of the units. */
    static String unitLabel(Mode mode, TimeUnit timeUnit) {
        String u = TimeValue.tuToString(timeUnit);
        return mode == Mode.Throughput ? "ops/" + u : u + "/op";
    }

    /** An iteration's time as the run header gives it: whole seconds, else milliseconds. */
    static String describe(Duration time) {
        long nanos = time.toNanos();
        return nanos % 1_000_000_000L == 0 ? nanos / 1_000_000_000L + " s" : nanos / 1_000_000 + " ms";
    }

    /** A score as JMH prints one: three decimals, or the power of ten of a very small one. */
    static String score(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v != 0 && Math.abs(v) < 0.001) {
            return "≈ 10⁻" + superscript((int) -Math.floor(Math.log10(Math.abs(v))));
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String superscript(int n) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder s = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            s.append(digits.charAt(c - '0'));
        }
        return s.toString();
    }

    /** JMH's table: one row per benchmark, mode and parameters (and JVM, when several are compared). */
    static String table(List<BenchResult> results, boolean byJvm) {
        Set<String> paramNames = new LinkedHashSet<>();
        results.forEach(r -> paramNames.addAll(r.run().params().keySet()));
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("Benchmark"));
        if (byJvm) {
            header.add("(jvm)");
        }
        paramNames.forEach(p -> header.add("(" + p + ")"));
        header.addAll(List.of("Mode", "Cnt", "Score", "", "Error", "Units"));
        rows.add(header.toArray(String[]::new));
        for (BenchResult r : results) {
            String mode = r.run().mode().shortLabel();
            String unit = unitLabel(r.run().mode(), r.run().timeUnit());
            List<String> row = new ArrayList<>(List.of(r.benchmark()));
            if (byJvm) {
                row.add(r.javaVersion());
            }
            paramNames.forEach(p -> row.add(r.run().params().getOrDefault(p, "N/A")));
            if (r.failure() != null && r.scoresPerFork().isEmpty()) {
                row.addAll(List.of(mode, "", "failed:", "", r.failure(), ""));
            } else {
                BenchStatistics s = r.statistics();
                double error = s.error(0.999);
                row.addAll(List.of(mode, Integer.toString(s.n()), score(s.mean()), Double.isNaN(error) ? "" : "±",
                        Double.isNaN(error) ? "" : score(error), unit));
            }
            rows.add(row.toArray(String[]::new));
            r.secondary().forEach((name, values) -> {
                BenchStatistics s = new BenchStatistics(values);
                double error = s.error(0.999);
                List<String> sr = new ArrayList<>(List.of(r.benchmark() + ":" + name));
                if (byJvm) {
                    sr.add(r.javaVersion());
                }
                paramNames.forEach(n -> sr.add(r.run().params().getOrDefault(n, "N/A")));
                sr.addAll(List.of(mode, Integer.toString(s.n()), score(s.mean()), Double.isNaN(error) ? "" : "±",
                        Double.isNaN(error) ? "" : score(error), secondaryUnit(name)));
                rows.add(sr.toArray(String[]::new));
            });
            if (r.run().mode() == Mode.SampleTime && !r.samples().isEmpty()) {
                BenchStatistics s = r.statistics();
                for (double p : new double[] {0, 50, 90, 95, 99, 99.9, 99.99, 100}) {
                    List<String> pr = new ArrayList<>(List.of(r.benchmark() + ":p"
                            + String.format(Locale.ROOT, p == 99.9 || p == 99.99 ? "%.4f" : "%.2f", p / 100)));
                    if (byJvm) {
                        pr.add(r.javaVersion());
                    }
                    paramNames.forEach(n -> pr.add(r.run().params().getOrDefault(n, "N/A")));
                    pr.addAll(List.of(mode, "", score(s.percentile(p)), "", "", unit));
                    rows.add(pr.toArray(String[]::new));
                }
            }
        }
        int[] width = new int[header.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(Math.max(1, width[i]), row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                boolean left = i == 0 || i == row.length - 1;
                String cell = left ? String.format("%-" + width[i] + "s", row[i]) : String.format("%" + width[i] + "s", row[i]);
                out.append(i == 0 ? "" : "  ").append(cell);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The unit of a secondary result, as JMH's gc profiler states it. */
    static String secondaryUnit(String name) {
        switch (name) {
            case "gc.alloc.rate": return "MB/sec";
            case "gc.alloc.rate.norm": return "B/op";
            case "gc.count": return "counts";
            case "gc.time": return "ms";
            default: return "";
        }
    }

    /** JMH's JSON result format, as {@code -rf json} writes it. */
    static String json(List<BenchResult> results) {
        StringBuilder out = new StringBuilder("[\n");
        String comma = "";
        for (BenchResult r : results) {
            if (r.scoresPerFork().isEmpty()) {
                continue; // JMH leaves failed benchmarks out of its results
            }
            BenchStatistics s = r.statistics();
            double error = s.error(0.999);
            out.append(comma).append("    {\n");
            field(out, "jmhVersion", Json.string("1.37 (sandprof bench)"));
            field(out, "benchmark", Json.string(r.benchmark()));
            field(out, "mode", Json.string(r.run().mode().shortLabel()));
            field(out, "threads", Integer.toString(r.run().threads()));
            field(out, "forks", Integer.toString(r.forks()));
            field(out, "jvm", Json.string(r.jvm()));
            field(out, "jvmArgs", "[]");
            field(out, "jdkVersion", Json.string(r.javaVersion()));
            field(out, "warmupIterations", Integer.toString(r.run().warmupIterations()));
            field(out, "warmupTime", Json.string(r.run().warmupTime().toMillis() + " ms"));
            field(out, "warmupBatchSize", "1");
            field(out, "measurementIterations", Integer.toString(r.run().measurementIterations()));
            field(out, "measurementTime", Json.string(r.run().measurementTime().toMillis() + " ms"));
            field(out, "measurementBatchSize", "1");
            if (!r.run().params().isEmpty()) {
                StringBuilder p = new StringBuilder("{");
                String c = "";
                for (Map.Entry<String, String> e : r.run().params().entrySet()) {
                    p.append(c).append(Json.string(e.getKey())).append(": ").append(Json.string(e.getValue()));
                    c = ", ";
                }
                field(out, "params", p.append('}').toString());
            }
            StringBuilder metric = new StringBuilder("{\n");
            metric.append("            \"score\": ").append(Json.number(s.mean())).append(",\n");
            metric.append("            \"scoreError\": ").append(Json.number(error)).append(",\n");
            metric.append("            \"scoreConfidence\": [").append(Json.number(s.mean() - error)).append(", ")
                    .append(Json.number(s.mean() + error)).append("],\n");
            metric.append("            \"scorePercentiles\": {");
            String c = "";
            for (double p : PERCENTILES) {
                metric.append(c).append(Json.string(String.format(Locale.ROOT, "%s", trim(p)))).append(": ").append(Json.number(s.percentile(p)));
                c = ", ";
            }
            metric.append("},\n            \"scoreUnit\": ").append(Json.string(unitLabel(r.run().mode(), r.run().timeUnit()))).append(",\n");
            metric.append("            \"rawData\": [");
            String fc = "";
            for (List<Double> fork : r.scoresPerFork()) {
                metric.append(fc).append('[');
                String ic = "";
                for (double v : fork) {
                    metric.append(ic).append(Json.number(v));
                    ic = ", ";
                }
                metric.append(']');
                fc = ", ";
            }
            metric.append("]\n        }");
            field(out, "primaryMetric", metric.toString());
            StringBuilder secondary = new StringBuilder("{");
            String sc = "";
            for (Map.Entry<String, List<Double>> e : r.secondary().entrySet()) {
                BenchStatistics st = new BenchStatistics(e.getValue());
                secondary.append(sc).append("\n            ").append(Json.string(e.getKey())).append(": {\"score\": ")
                        .append(Json.number(st.mean())).append(", \"scoreError\": ").append(Json.number(st.error(0.999)))
                        .append(", \"scoreUnit\": ").append(Json.string(secondaryUnit(e.getKey()))).append("}");
                sc = ",";
            }
            out.append("        \"secondaryMetrics\": ").append(secondary).append(sc.isEmpty() ? "}" : "\n        }").append("\n    }");
            comma = ",\n";
        }
        return out.append("\n]\n").toString();
    }

    private static String trim(double p) {
        return p == Math.rint(p) ? String.format(Locale.ROOT, "%.1f", p) : Double.toString(p);
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append("        ").append(Json.string(name)).append(": ").append(value).append(",\n");
    }
}
