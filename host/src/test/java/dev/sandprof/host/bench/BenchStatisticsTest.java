package dev.sandprof.host.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sandprof.wire.BenchmarkIteration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.AverageTimeResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.ThroughputResult;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jmh.util.Statistics;

/**
 * {@link BenchStatistics} against jmh-core's own statistics on the same raw data, in the manner of
 * jmh-core's {@code TestAverageTimeResult}: mean, standard deviation, error at 99.9%, percentiles.
 */
class BenchStatisticsTest {

    private static final Offset<Double> ACCURACY = within(1e-9);
    private static final double[] PERCENTILES = {0, 50, 90, 95, 99, 99.9, 99.99, 99.999, 99.9999, 100};

    /** Iteration scores as a noisy run gives them: one slow outlier, a few close values. */
    private static final List<Double> SCORES = List.of(12.5, 11.9, 13.2, 12.1, 19.7, 12.4, 12.0, 11.8, 12.9, 12.2);

    private static Statistics jmh(List<Double> values) {
        ListStatistics s = new ListStatistics();
        values.forEach(s::addValue);
        return s;
    }

    @Test
    void meanStandardDeviationMinAndMaxAreJmhs() {
        BenchStatistics ours = new BenchStatistics(SCORES);
        Statistics theirs = jmh(SCORES);
        assertThat(ours.n()).isEqualTo(theirs.getN());
        assertThat(ours.mean()).isCloseTo(theirs.getMean(), ACCURACY);
        assertThat(ours.stdev()).isCloseTo(theirs.getStandardDeviation(), ACCURACY);
        assertThat(ours.min()).isEqualTo(theirs.getMin());
        assertThat(ours.max()).isEqualTo(theirs.getMax());
    }

    @Test
    void theErrorAt999IsJmhsStudentTInterval() {
        for (int n = 3; n <= SCORES.size(); n++) {
            List<Double> some = SCORES.subList(0, n);
            assertThat(new BenchStatistics(some).error(0.999)).as("%d scores", n)
                    .isCloseTo(jmh(some).getMeanErrorAt(0.999), ACCURACY);
        }
        assertThat(new BenchStatistics(SCORES).error(0.99)).isCloseTo(jmh(SCORES).getMeanErrorAt(0.99), ACCURACY);
    }

    @Test
    void everyPercentileJmhReportsIsJmhs() {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            values.add((double) ((i * 7919L) % 1_013)); // a spread of values in no order, with repeats
        }
        BenchStatistics ours = new BenchStatistics(values);
        Statistics theirs = jmh(values);
        for (double p : PERCENTILES) {
            assertThat(ours.percentile(p)).as("p%s", p).isCloseTo(theirs.getPercentile(p), ACCURACY);
        }
    }

    @Test
    void nothingMeasuredIsNaNAsInJmh() {
        BenchStatistics none = new BenchStatistics(List.of());
        assertThat(none.mean()).isNaN();
        assertThat(none.percentile(50)).isNaN();
        assertThat(jmh(List.of()).getMean()).isNaN();
        assertThat(new BenchStatistics(List.of(4.0)).error(0.999)).isNaN();
    }

    /**
     * Where sandprof's table differs from JMH's on purpose: with two scores JMH gives no error
     * (NaN), sandprof gives Student's t interval of one degree of freedom, as its table has always
     * shown it ({@code -i 2} runs are common for quick looks).
     */
    @Test
    void twoScoresHaveAnErrorWhereJmhHasNone() {
        List<Double> two = List.of(10.0, 12.0);
        assertThat(jmh(two).getMeanErrorAt(0.999)).isNaN();
        // t(0.9995, 1 degree of freedom) = 636.619...; sd = sqrt(2); error = t * sd / sqrt(2) = t
        assertThat(new BenchStatistics(two).error(0.999)).isCloseTo(636.6192487, within(1e-6));
    }

    /** Each iteration scored as JMH's result classes score it, then aggregated as its run result does. */
    @Test
    void aRunsAverageTimeScoresAggregateAsJmhsResults() {
        long[][] iterations = {{1_000, 1_200_000}, {1_000, 1_100_000}, {2_000, 2_300_000}, {1_500, 1_650_000}};
        List<AverageTimeResult> theirs = new ArrayList<>();
        IterationCollector collected = new IterationCollector();
        int index = 1;
        for (long[] it : iterations) {
            theirs.add(new AverageTimeResult(ResultRole.PRIMARY, "b", it[0], it[1], TimeUnit.MICROSECONDS));
            double score = (double) it[1] / it[0] / TimeUnit.MICROSECONDS.toNanos(1); // as the sandbox's runner scores it
            collected.add(new BenchmarkIteration(1, false, index++, score, it[0], it[1], new long[0]), score);
        }
        collected.endFork();
        // Aggregated over iterations as JMH's run aggregator does: a ListStatistics of the iterations' scores.
        Statistics aggregated = jmh(theirs.stream().map(Result::getScore).collect(Collectors.toList()));
        BenchStatistics ours = result(Mode.AverageTime, TimeUnit.MICROSECONDS, collected).statistics();
        assertThat(ours.mean()).isCloseTo(aggregated.getMean(), ACCURACY);
        assertThat(ours.error(0.999)).isCloseTo(aggregated.getMeanErrorAt(0.999), ACCURACY);
        assertThat(collected.scoresPerFork().get(0)).zipSatisfy(theirs,
                (score, result) -> assertThat(score).isCloseTo(result.getScore(), ACCURACY));
    }

    @Test
    void aRunsThroughputScoresAggregateAsJmhsResults() {
        long[][] iterations = {{5_000_000, 1_000_000_000}, {5_200_000, 1_000_000_000}, {4_900_000, 1_000_000_000}};
        List<ThroughputResult> theirs = new ArrayList<>();
        IterationCollector collected = new IterationCollector();
        int index = 1;
        for (long[] it : iterations) {
            theirs.add(new ThroughputResult(ResultRole.PRIMARY, "b", it[0], it[1], TimeUnit.MILLISECONDS));
            double score = (double) it[0] / it[1] * TimeUnit.MILLISECONDS.toNanos(1);
            collected.add(new BenchmarkIteration(1, false, index++, score, it[0], it[1], new long[0]), score);
        }
        collected.endFork();
        // Aggregated over iterations as JMH's run aggregator does: a ListStatistics of the iterations' scores.
        Statistics aggregated = jmh(theirs.stream().map(Result::getScore).collect(Collectors.toList()));
        BenchStatistics ours = result(Mode.Throughput, TimeUnit.MILLISECONDS, collected).statistics();
        assertThat(ours.mean()).isCloseTo(aggregated.getMean(), ACCURACY);
        assertThat(ours.error(0.999)).isCloseTo(aggregated.getMeanErrorAt(0.999), ACCURACY);
        assertThat(collected.scoresPerFork().get(0)).zipSatisfy(theirs,
                (score, result) -> assertThat(score).isCloseTo(result.getScore(), ACCURACY));
    }

    /** Sample mode: the statistics are over every sampled call, in the run's unit per operation. */
    @Test
    void sampleModeIsOverEverySampledCallInTheRunsUnit() {
        IterationCollector collected = new IterationCollector();
        collected.add(new BenchmarkIteration(1, true, 1, 9.0, 3, 30, new long[] {999_999}), 9.0); // warmup: not kept
        collected.add(new BenchmarkIteration(1, false, 1, 2.0, 3, 6_000, new long[] {1_000, 2_000, 3_000}), 2.0);
        collected.add(new BenchmarkIteration(1, false, 2, 4.0, 2, 8_000, new long[] {4_000, 4_000}), 4.0);
        collected.endFork();
        BenchResult r = result(Mode.SampleTime, TimeUnit.MICROSECONDS, collected);
        Statistics theirs = jmh(List.of(1.0, 2.0, 3.0, 4.0, 4.0));
        assertThat(r.statistics().n()).isEqualTo(5);
        assertThat(r.statistics().mean()).isCloseTo(theirs.getMean(), ACCURACY);
        assertThat(r.statistics().error(0.999)).isCloseTo(theirs.getMeanErrorAt(0.999), ACCURACY);
        assertThat(r.statistics().percentile(50)).isCloseTo(theirs.getPercentile(50), ACCURACY);
        assertThat(r.scoresPerFork()).containsExactly(List.of(2.0, 4.0));
    }

    @Test
    void aForkThatFailsLeavesItsScoresOut() {
        IterationCollector collected = new IterationCollector();
        collected.startFork();
        collected.add(new BenchmarkIteration(1, false, 1, 1.0, 1, 1, new long[0]), 1.0);
        collected.endFork();
        collected.startFork();
        collected.add(new BenchmarkIteration(1, false, 1, 50.0, 1, 1, new long[0]), 50.0); // then the fork died
        collected.startFork();
        collected.add(new BenchmarkIteration(1, false, 1, 3.0, 1, 1, new long[0]).withSecondary(Map.of("gc.count", 2.0)), 3.0);
        collected.endFork();
        assertThat(collected.scoresPerFork()).containsExactly(List.of(1.0), List.of(3.0));
        assertThat(collected.secondary()).containsEntry("gc.count", List.of(2.0));
    }

    private static BenchResult result(Mode mode, TimeUnit unit, IterationCollector collected) {
        BenchmarkRun run = BenchmarkRun.builder("B", "m", "B_m_SandprofStub").mode(mode).timeUnit(unit)
                .measurement(collected.scoresPerFork().get(0).size(), Duration.ofSeconds(1)).build();
        return BenchResult.of("17", "java", "B.m", run, 1, collected, null);
    }
}
