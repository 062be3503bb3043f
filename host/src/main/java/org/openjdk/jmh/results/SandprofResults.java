package org.openjdk.jmh.results;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.util.SampleBuffer;
import org.openjdk.jmh.util.SingletonStatistics;

/**
 * JMH's result objects rebuilt on the host from the data a sandbox sent, exactly as the fork made
 * them: the same class, role, label, unit, policy and statistics (the constructors that take those
 * are the package's own, hence this class's package). A kind or combination JMH 1.37 does not make
 * is refused by name, never approximated.
 */
public final class SandprofResults {

    private SandprofResults() {}

    /**
     * @param kind     the result's class, by simple name
     * @param value    the one value of a singleton result (not for samples or text)
     * @param cells    a sample buffer's non-zero cells as (bucket, cell, count) triples, for {@code SampleTimeResult}
     * @param text     a {@code TextResult}'s output
     * @param timeUnit a {@code SampleTimeResult}'s output unit
     */
    public static Result<?> of(String kind, String role, String label, String unit, String policy, double value,
                               long[] cells, String text, String timeUnit) {
        ResultRole r = ResultRole.valueOf(role);
        AggregationPolicy p = AggregationPolicy.valueOf(policy);
        Result<?> made;
        switch (kind) {
            case "ThroughputResult":
                made = new ThroughputResult(r, label, new SingletonStatistics(value), unit, p);
                break;
            case "AverageTimeResult":
                made = new AverageTimeResult(r, label, new SingletonStatistics(value), unit);
                break;
            case "SingleShotResult":
                made = new SingleShotResult(r, label, new SingletonStatistics(value), unit);
                break;
            case "ScalarResult":
                made = new ScalarResult(label, new SingletonStatistics(value), unit, p);
                break;
            case "ScalarDerivativeResult":
                made = new ScalarDerivativeResult(label, new SingletonStatistics(value), unit, p);
                break;
            case "SampleTimeResult":
                made = new SampleTimeResult(r, label, buffer(cells), unit, TimeUnit.valueOf(timeUnit));
                break;
            case "TextResult":
                made = new TextResult(text, label);
                break;
            case "PausesProfilerResult":
                made = org.openjdk.jmh.profile.SandprofProfilerResults.pauses(buffer(cells));
                break;
            case "StackResult":
                made = org.openjdk.jmh.profile.SandprofProfilerResults.stack(text, (int) value);
                break;
            default:
                throw new IllegalArgumentException("a result of kind " + kind + " (" + label + "): not one JMH 1.37 makes"
                        + " that sandprof carries");
        }
        if (made.getRole() != r || made.policy != p || !made.getScoreUnit().equals(unit) || !made.getLabel().equals(label)) {
            throw new IllegalArgumentException("a " + kind + " (" + label + ") with role " + role + ", policy " + policy
                    + " and unit " + unit + ": JMH 1.37 makes none such");
        }
        return made;
    }

    private static SampleBuffer buffer(long[] cells) {
        SampleBuffer b = new SampleBuffer();
        if (cells.length % 3 != 0) {
            throw new IllegalArgumentException("sample cells come in triples, not " + cells.length + " numbers");
        }
        for (int i = 0; i < cells.length; i += 3) {
            long bucket = cells[i];
            long cell = cells[i + 1];
            long count = cells[i + 2];
            // A cell holds the samples (cell << bucket): add() puts such a sample back in that very cell.
            if (bucket < 0 || bucket >= 54 || cell < 0 || cell >= 1024 || (bucket > 0 && cell < 512) || count <= 0
                    || count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("no sample buffer has cell " + cell + " of bucket " + bucket
                        + " with " + count + " samples");
            }
            // A cell holds the samples (cell << bucket): add() makes the cell, then its count is set.
            b.add(cell << bucket);
            cellsOf(b)[(int) bucket][(int) cell] = (int) count;
        }
        return b;
    }

    /** The buffer's cells: set directly, so that a count costs nothing whatever its size (not one add() a sample). */
    private static int[][] cellsOf(SampleBuffer b) {
        try {
            java.lang.reflect.Field hdr = SampleBuffer.class.getDeclaredField("hdr");
            hdr.setAccessible(true);
            return (int[][]) hdr.get(b);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jmh-core's SampleBuffer has no hdr field: not JMH 1.37?", e);
        }
    }
}
