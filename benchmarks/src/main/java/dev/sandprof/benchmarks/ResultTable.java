package dev.sandprof.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison's output: one row per statistic, sandprof's figure beside its reference's, the
 * ratio of the two and whether the target ratio is met. A row without a target is for information.
 */
final class ResultTable {

    /** Which statistic of the samples a row compares. */
    enum Statistic {
        MEDIAN, P99;

        double of(Samples s) {
            return this == MEDIAN ? s.median() : s.p99();
        }
    }

    private record Row(String name, String stat, int n, double subject, double reference, double maxRatio) {

        double ratio() {
            return subject / reference;
        }

        String target() {
            if (Double.isNaN(maxRatio)) {
                return "-";
            }
            if (maxRatio >= 1) {
                return maxRatio == Math.rint(maxRatio) ? String.format("<= %.0fx", maxRatio) : String.format("<= %.2fx", maxRatio);
            }
            return String.format("<= 1/%.0f", 1 / maxRatio);
        }

        String verdict() {
            if (Double.isNaN(maxRatio)) {
                return "info";
            }
            return ratio() <= maxRatio ? "met" : "MISSED";
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A row with a target: the subject's statistic must be at most {@code maxRatio} times the reference's. */
    void row(String name, Samples subject, Samples reference, Statistic stat, double maxRatio) {
        rows.add(new Row(name, stat.name().toLowerCase(), Math.min(subject.size(), reference.size()),
                stat.of(subject), stat.of(reference), maxRatio));
    }

    /**
     * A row of one figure each, not statistics of samples (a single timing, say): {@code stat}
     * says what the figures are. A reference of {@code NaN} means there is none.
     */
    void row(String name, String stat, int n, double subject, double reference, double maxRatio) {
        rows.add(new Row(name, stat, n, subject, reference, maxRatio));
    }

    /** A row for information only. */
    void info(String name, Samples subject, Samples reference, Statistic stat) {
        row(name, subject, reference, stat, Double.NaN);
    }

    void note(String line) {
        notes.add(line);
    }

    boolean allTargetsMet() {
        return rows.stream().noneMatch(r -> r.verdict().equals("MISSED"));
    }

    void print(PrintStream out) {
        String format = "%-50s %-6s %6s %11s %11s %9s %8s  %s%n";
        out.printf(format, "measurement", "stat", "n", "sandprof", "reference", "ratio", "target", "result");
        out.println("-".repeat(116));
        for (Row r : rows) {
            out.printf(format, r.name, r.stat, r.n, Samples.format(r.subject), Samples.format(r.reference),
                    Double.isNaN(r.ratio()) ? "-" : String.format("%.3fx", r.ratio()), r.target(), r.verdict());
        }
        out.println();
        notes.forEach(out::println);
    }
}
