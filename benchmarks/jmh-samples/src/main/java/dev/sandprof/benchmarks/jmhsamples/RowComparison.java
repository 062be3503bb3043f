package dev.sandprof.benchmarks.jmhsamples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JMH row beside sandprof's row of the same benchmark, mode, params and metric, and whether
 * they agree: sandprof's score within 5% of JMH's, or the two within their joint 99.9% error
 * (the confidence intervals overlap: |a - b| &lt;= errA + errB). The joint error needs both
 * errors: JMH gives none below three measurements, and a side's missing error is not taken as
 * zero, nor is the other side's alone used.
 *
 * <p>A row whose score is random by design (RunToRun sleeps a random time per fork) is compared
 * by its spread instead: see {@link SpreadRule}.
 *
 * @param sandprof {@code null} when sandprof produced no such row
 */
record RowComparison(ResultRow jmh, ResultRow sandprof, SpreadRule spreadRule) {

    static final double FIVE_PERCENT = 0.05;

    enum Verdict {
        WITHIN_5("within 5%", true),
        JOINT_ERROR("within joint error", true),
        OUTSIDE("OUTSIDE", false),
        SPREAD_MET("spread alike", true),
        SPREAD_MISSED("SPREAD DIFFERS", false),
        UNIT_DIFFERS("UNIT DIFFERS", false),
        NO_SCORE("NO SCORE", false),
        MISSING("NO SANDPROF ROW", false);

        final String text;
        final boolean met;

        Verdict(String text, boolean met) {
            this.text = text;
            this.met = met;
        }
    }

    /**
     * How a row whose score is random by design is compared: sandprof's largest spread within one
     * fork (max - min of its iterations) at most twice JMH's (or 1% of JMH's score, whichever is
     * larger: two near-zero spreads agree), and every score of sandprof's within
     * {@code [0, maxScore]}, the range the sample's design allows.
     */
    record SpreadRule(double maxScore) {

        boolean met(ResultRow jmh, ResultRow sandprof) {
            double allowed = Math.max(2 * withinForkSpread(jmh), 0.01 * Math.abs(jmh.score()));
            boolean inRange = sandprof.rawData().stream().flatMap(List::stream).allMatch(v -> v >= 0 && v <= maxScore)
                    && sandprof.score() >= 0 && sandprof.score() <= maxScore;
            return withinForkSpread(sandprof) <= allowed && inRange;
        }
    }

    /** The largest max - min of one fork's measurements; 0 without raw data. */
    static double withinForkSpread(ResultRow row) {
        double spread = 0;
        for (List<Double> fork : row.rawData()) {
            double min = fork.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = fork.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            spread = Math.max(spread, max - min);
        }
        return spread;
    }

    /** max - min of the forks' means: the run-to-run spread (0 with fewer than two forks). */
    static double betweenForkSpread(ResultRow row) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (List<Double> fork : row.rawData()) {
            double mean = fork.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            min = Math.min(min, mean);
            max = Math.max(max, mean);
        }
        return row.rawData().size() < 2 ? 0 : max - min;
    }

    /**
     * A row of the table's own: a benchmark's primary metric for one mode and params. Secondary
     * metrics (a group member's score, a counter, sample mode's percentiles) are compared and
     * shown, but counted apart.
     */
    boolean primary() {
        return jmh.metric().isEmpty();
    }

    /** One of the percentiles JMH writes as secondary metrics of a sample-mode row ({@code p0.50}). */
    boolean percentile() {
        return jmh.metric().matches("p\\d\\.\\d+");
    }

    double ratio() {
        return sandprof == null ? Double.NaN : sandprof.score() / jmh.score();
    }

    Verdict verdict() {
        if (sandprof == null) {
            return Verdict.MISSING;
        }
        if (!jmh.unit().equals(sandprof.unit())) {
            return Verdict.UNIT_DIFFERS;
        }
        double a = jmh.score();
        double b = sandprof.score();
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Verdict.NO_SCORE;
        }
        if (spreadRule != null) {
            return spreadRule.met(jmh, sandprof) ? Verdict.SPREAD_MET : Verdict.SPREAD_MISSED;
        }
        if (Math.abs(b - a) <= FIVE_PERCENT * Math.abs(a)) {
            return Verdict.WITHIN_5;
        }
        double ea = jmh.error();
        double eb = sandprof.error();
        if (Double.isFinite(ea) && Double.isFinite(eb) && Math.abs(b - a) <= ea + eb) {
            return Verdict.JOINT_ERROR;
        }
        return Verdict.OUTSIDE;
    }

    /**
     * Each JMH row with sandprof's row of the same key, in JMH's order; sandprof's rows that no
     * JMH row has are returned in {@code sandprofOnly}.
     */
    static List<RowComparison> pair(List<ResultRow> jmh, List<ResultRow> sandprof, SpreadRule spreadRule,
            List<ResultRow> sandprofOnly) {
        Map<String, ResultRow> ours = new LinkedHashMap<>();
        sandprof.forEach(r -> ours.put(r.key(), r));
        List<RowComparison> out = new ArrayList<>();
        for (ResultRow j : jmh) {
            out.add(new RowComparison(j, ours.remove(j.key()), spreadRule));
        }
        sandprofOnly.addAll(ours.values());
        return out;
    }
}
