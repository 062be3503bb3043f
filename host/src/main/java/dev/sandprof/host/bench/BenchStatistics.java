package dev.sandprof.host.bench;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * JMH's statistics of a set of scores: mean, sample standard deviation, min and max, percentiles,
 * and the error at 99.9% confidence, half the width of Student's t interval around the mean
 * (NaN for a single score), computed as JMH's {@code ListStatistics} does.
 */
public final class BenchStatistics {

    private final double[] values;
    private final double mean;
    private final double stdev;

    public BenchStatistics(List<Double> scores) {
        values = scores.stream().mapToDouble(Double::doubleValue).toArray();
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        mean = values.length == 0 ? Double.NaN : sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        stdev = values.length < 2 ? Double.NaN : Math.sqrt(squares / (values.length - 1));
    }

    public int n() {
        return values.length;
    }

    public double mean() {
        return mean;
    }

    public double stdev() {
        return stdev;
    }

    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Half the width of the {@code confidence} (0.999 in JMH's tables) interval of the mean. */
    public double error(double confidence) {
        if (values.length < 2) {
            return Double.NaN;
        }
        TDistribution t = new TDistribution(values.length - 1);
        return t.inverseCumulativeProbability(1 - (1 - confidence) / 2) * stdev / Math.sqrt(values.length);
    }

    /** The {@code p}-th percentile (0 to 100), as JMH computes it. */
    public double percentile(double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        return p == 0 ? min() : new Percentile().evaluate(values, p);
    }
}
