package dev.sandprof.benchmarks.jmhsamples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON fixtures beside the tests, and rows made in place. */
final class Fixtures {

    private Fixtures() {}

    static List<ResultRow> rows(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            return ResultRow.readAll(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A primary-metric row of a sample's benchmark, in ns/op, one fork of the given measurements. */
    static ResultRow row(String sample, String method, double score, double error, Map<String, String> params,
            List<List<Double>> raw) {
        return new ResultRow("org.openjdk.jmh.samples." + sample + "." + method, "avgt", new TreeMap<>(params), "", score,
                error, "ns/op", raw);
    }

    static ResultRow row(String sample, String method, double score, double error) {
        return row(sample, method, score, error, Map.of(), List.of());
    }
}
