package dev.sandprof.benchmarks.jmhsamples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One row of JMH's result table, read from JMH's JSON result format (which {@code sandprof bench
 * -rf json} writes too): a benchmark's primary metric, or one of its secondary metrics (a thread
 * group's member, an {@code @AuxCounters} counter), for one mode and one combination of params.
 *
 * @param benchmark the benchmark's full name, nested classes joined with '.' as JMH names them
 * @param metric {@code ""} for the primary metric, else the secondary metric's label
 * @param error {@code NaN} where the side gave none (JMH gives none below 3 measurements)
 * @param rawData the measurements per fork, as the JSON has them (empty when it has none)
 */
record ResultRow(String benchmark, String mode, SortedMap<String, String> params, String metric, double score,
        double error, String unit, List<List<Double>> rawData) {

    private static final String SAMPLES_PACKAGE = "org.openjdk.jmh.samples.";

    /** What pairs a JMH row with sandprof's. */
    String key() {
        return benchmark + ":" + metric + " " + mode + " " + params;
    }

    /** The benchmark as JMH's table names it: without the samples' package, params in parentheses. */
    String label() {
        String name = benchmark.startsWith(SAMPLES_PACKAGE) ? benchmark.substring(SAMPLES_PACKAGE.length()) : benchmark;
        StringBuilder out = new StringBuilder(name);
        if (!metric.isEmpty()) {
            out.append(':').append(metric);
        }
        if (!params.isEmpty()) {
            out.append(' ').append(params);
        }
        return out.toString();
    }

    /** The method's simple name, what the pitfall conclusions look rows up by. */
    String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** Every row of a JMH JSON result document, primary metrics first within each benchmark. */
    static List<ResultRow> readAll(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        List<ResultRow> rows = new ArrayList<>();
        if (root == null || !root.isArray()) {
            return rows;
        }
        for (JsonNode r : root) {
            String benchmark = r.path("benchmark").asText().replace('$', '.');
            String mode = r.path("mode").asText();
            SortedMap<String, String> params = new TreeMap<>();
            for (Map.Entry<String, JsonNode> p : r.path("params").properties()) {
                params.put(p.getKey(), p.getValue().asText());
            }
            rows.add(row(benchmark, mode, params, "", r.path("primaryMetric")));
            for (Map.Entry<String, JsonNode> s : r.path("secondaryMetrics").properties()) {
                rows.add(row(benchmark, mode, params, s.getKey(), s.getValue()));
            }
        }
        return rows;
    }

    private static ResultRow row(String benchmark, String mode, SortedMap<String, String> params, String metric, JsonNode m) {
        List<List<Double>> raw = new ArrayList<>();
        for (JsonNode fork : m.path("rawData")) {
            List<Double> values = new ArrayList<>();
            fork.forEach(v -> values.add(number(v)));
            raw.add(values);
        }
        return new ResultRow(benchmark, mode, params, metric, number(m.path("score")), number(m.path("scoreError")),
                m.path("scoreUnit").asText(), raw);
    }

    /** JMH writes the numbers it has no value for as strings: "NaN", "Infinity". */
    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
