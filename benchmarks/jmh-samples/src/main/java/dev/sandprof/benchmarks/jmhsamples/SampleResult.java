package dev.sandprof.benchmarks.jmhsamples;

import java.util.List;
import java.util.Optional;

/**
 * One sample run on both sides: each side's outcome and wall time, its rows paired, sandprof's
 * rows that JMH has not, and, for a pitfall sample, the findings of each side.
 */
record SampleResult(String sample, Outcome jmh, long jmhNanos, Outcome sandprof, long sandprofNanos,
        List<RowComparison> rows, List<ResultRow> sandprofOnly, Optional<Pitfalls.Pitfall> pitfall,
        List<Pitfalls.Finding> jmhFindings, List<Pitfalls.Finding> sandprofFindings) {

    /** Pairs the two sides' rows and evaluates the sample's pitfall, if it is one. */
    static SampleResult of(String sample, Outcome jmh, long jmhNanos, List<ResultRow> jmhRows, Outcome sandprof,
            long sandprofNanos, List<ResultRow> sandprofRows, RowComparison.SpreadRule spreadRule) {
        List<ResultRow> only = new java.util.ArrayList<>();
        List<RowComparison> rows = RowComparison.pair(jmhRows, sandprofRows, spreadRule, only);
        Optional<Pitfalls.Pitfall> pitfall = Pitfalls.of(sample);
        List<Pitfalls.Finding> jf = pitfall.map(p -> p.findings(jmhRows)).orElse(List.of());
        List<Pitfalls.Finding> sf = pitfall.map(p -> p.findings(sandprofRows)).orElse(List.of());
        return new SampleResult(sample, jmh, jmhNanos, sandprof, sandprofNanos, rows, only, pitfall, jf, sf);
    }

    /** Rows both sides scored (the rows the ratios are of). */
    long compared() {
        return rows.stream().filter(r -> r.verdict() != RowComparison.Verdict.MISSING
                && r.verdict() != RowComparison.Verdict.NO_SCORE).count();
    }

    long count(RowComparison.Verdict v) {
        return rows.stream().filter(r -> r.verdict() == v).count();
    }

    /** Rows that meet the bar: within 5%, within the joint error, or (RunToRun) a spread alike. */
    long met() {
        return rows.stream().filter(r -> r.verdict().met).count();
    }

    Optional<String> agreement() {
        return pitfall.map(p -> Pitfalls.Pitfall.agreement(jmhFindings, sandprofFindings));
    }
}
