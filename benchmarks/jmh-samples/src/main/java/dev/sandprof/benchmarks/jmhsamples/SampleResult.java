package dev.sandprof.benchmarks.jmhsamples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One sample run on both sides: each side's outcome and wall time, its rows paired, sandprof's
 * rows that JMH has not, and, for a pitfall sample, the findings of each side. The counts are of
 * primary rows (a benchmark, its params and mode); secondary metrics are counted apart.
 */
record SampleResult(String sample, Outcome jmh, long jmhNanos, Outcome sandprof, long sandprofNanos,
        List<RowComparison> rows, List<ResultRow> sandprofOnly, Optional<Pitfalls.Pitfall> pitfall,
        List<Pitfalls.Finding> jmhFindings, List<Pitfalls.Finding> sandprofFindings) {

    /**
     * Pairs the two sides' rows and evaluates the sample's pitfall, if it is one. A sandprof run
     * that ended well but has no row for some of JMH's benchmarks ran only in part.
     */
    static SampleResult of(String sample, Outcome jmh, long jmhNanos, List<ResultRow> jmhRows, Outcome sandprof,
            long sandprofNanos, List<ResultRow> sandprofRows, RowComparison.SpreadRule spreadRule) {
        List<ResultRow> only = new ArrayList<>();
        List<RowComparison> rows = RowComparison.pair(jmhRows, sandprofRows, spreadRule, only);
        List<String> missing = rows.stream().filter(r -> r.primary() && r.sandprof() == null)
                .map(r -> Report.shortLabel(sample, r.jmh()) + " " + r.jmh().mode()).collect(Collectors.toList());
        Outcome ours = sandprof.withMissing(missing, rows.stream().filter(RowComparison::primary).count());
        Optional<Pitfalls.Pitfall> pitfall = Pitfalls.of(sample);
        List<Pitfalls.Finding> jf = pitfall.map(p -> p.findings(jmhRows)).orElse(List.of());
        List<Pitfalls.Finding> sf = pitfall.map(p -> p.findings(sandprofRows)).orElse(List.of());
        return new SampleResult(sample, jmh, jmhNanos, ours, sandprofNanos, rows, only, pitfall, jf, sf);
    }

    /** JMH's primary rows. */
    long primaryRows() {
        return rows.stream().filter(RowComparison::primary).count();
    }

    /** Primary rows both sides scored (the rows the ratios are of). */
    long compared() {
        return count(RowComparison::primary, r -> r.verdict() != RowComparison.Verdict.MISSING
                && r.verdict() != RowComparison.Verdict.NO_SCORE);
    }

    long count(RowComparison.Verdict v) {
        return count(RowComparison::primary, r -> r.verdict() == v);
    }

    /** Primary rows that meet the bar: within 5%, within the joint error, or (RunToRun) a spread alike. */
    long met() {
        return count(RowComparison::primary, r -> r.verdict().met);
    }

    /** Rows of a kind that pass a test. */
    long count(Predicate<RowComparison> kind, Predicate<RowComparison> test) {
        return rows.stream().filter(kind).filter(test).count();
    }

    Optional<String> agreement() {
        return pitfall.map(p -> Pitfalls.Pitfall.agreement(jmhFindings, sandprofFindings));
    }
}
