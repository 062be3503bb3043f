package dev.sandprof.benchmarks;

import java.util.Arrays;

/** Durations in nanoseconds, with the statistics the comparison prints. */
final class Samples {

    private long[] values = new long[64];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int size() {
        return size;
    }

    double median() {
        return percentile(50);
    }

    double p99() {
        return percentile(99);
    }

    /** The nearest-rank percentile: the smallest value that at least p% of the samples do not exceed. */
    double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        if (p == 50 && size % 2 == 0) {
            return (sorted[size / 2 - 1] + sorted[size / 2]) / 2.0;
        }
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, rank - 1)];
    }

    /** A duration for a table cell: microseconds below 1 ms, milliseconds above. */
    static String format(double nanos) {
        if (Double.isNaN(nanos)) {
            return "-";
        }
        if (nanos < 1_000_000) {
            return String.format("%.1f us", nanos / 1_000.0);
        }
        return String.format("%.1f ms", nanos / 1_000_000.0);
    }
}
