package dev.sandprof.benchmarks.jmhsamples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.benchmarks.jmhsamples.RowComparison.SpreadRule;
import dev.sandprof.benchmarks.jmhsamples.RowComparison.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowComparisonTest {

    private static final String S = "JMHSample_01_HelloWorld";

    private static Verdict verdict(double a, double ea, double b, double eb) {
        return new RowComparison(Fixtures.row(S, "m", a, ea), Fixtures.row(S, "m", b, eb), null).verdict();
    }

    @Test
    void withinFivePercentEitherWayWhateverTheErrors() {
        assertThat(verdict(100, Double.NaN, 105, Double.NaN)).isEqualTo(Verdict.WITHIN_5);
        assertThat(verdict(100, 1, 95, 1)).isEqualTo(Verdict.WITHIN_5);
    }

    @Test
    void outsideFivePercentButWithinTheJointErrorWhenTheIntervalsOverlap() {
        assertThat(verdict(100, 6, 110, 4)).isEqualTo(Verdict.JOINT_ERROR);
        assertThat(verdict(100, 6, 110, 3.9)).isEqualTo(Verdict.OUTSIDE);
    }

    @Test
    void aMissingErrorOnEitherSideLeavesOnlyTheFivePercent() {
        // JMH gives no error below three measurements; sandprof's huge one alone must not pass the row.
        assertThat(verdict(100, Double.NaN, 200, 1e9)).isEqualTo(Verdict.OUTSIDE);
        assertThat(verdict(100, 1e9, 200, Double.NaN)).isEqualTo(Verdict.OUTSIDE);
    }

    @Test
    void rowsThatCannotBeComparedSayWhy() {
        ResultRow jmh = Fixtures.row(S, "m", 1, 0.1);
        ResultRow other = new ResultRow(jmh.benchmark(), "avgt", jmh.params(), "", 1, 0.1, "us/op", List.of());

        assertThat(new RowComparison(jmh, other, null).verdict()).isEqualTo(Verdict.UNIT_DIFFERS);
        assertThat(new RowComparison(jmh, null, null).verdict()).isEqualTo(Verdict.MISSING);
        assertThat(verdict(1, 0.1, Double.NaN, Double.NaN)).isEqualTo(Verdict.NO_SCORE);
        assertThat(new RowComparison(jmh, null, null).ratio()).isNaN();
    }

    @Test
    void pairsByBenchmarkModeParamsAndMetricInJmhsOrder() {
        List<ResultRow> jmh = Fixtures.rows("jmh-deadcode.json");
        List<ResultRow> ours = new ArrayList<>(Fixtures.rows("sandprof-deadcode.json"));
        ours.add(Fixtures.row("JMHSample_08_DeadCode", "extra", 1, 0));
        List<ResultRow> only = new ArrayList<>();

        List<RowComparison> pairs = RowComparison.pair(jmh, List.copyOf(ours.subList(1, 4)), null, only);

        assertThat(pairs).extracting(p -> p.jmh().method()).containsExactly("baseline", "measureRight", "measureWrong");
        assertThat(pairs).extracting(RowComparison::verdict)
                .containsExactly(Verdict.MISSING, Verdict.WITHIN_5, Verdict.OUTSIDE);
        assertThat(only).extracting(ResultRow::method).containsExactly("extra");
    }

    @Test
    void aRandomByDesignRowIsComparedByItsSpreadWithinAForkAndItsRange() {
        SpreadRule rule = new SpreadRule(1050);
        // JMH: two forks of 120 and 870 ms; each fork's iterations within 2 ms of each other.
        ResultRow jmh = Fixtures.row(S, "fork_1", 495, 4000, Map.of(), List.of(List.of(120.0, 121.0, 122.0),
                List.of(870.0, 870.5, 869.0)));
        ResultRow alike = Fixtures.row(S, "fork_1", 300, 3000, Map.of(), List.of(List.of(40.0, 42.0), List.of(560.0, 561.0)));
        ResultRow jittery = Fixtures.row(S, "fork_1", 300, 3000, Map.of(), List.of(List.of(40.0, 140.0)));
        ResultRow outOfRange = Fixtures.row(S, "fork_1", 1500, 1, Map.of(), List.of(List.of(1500.0, 1500.0)));

        assertThat(new RowComparison(jmh, alike, rule).verdict()).isEqualTo(Verdict.SPREAD_MET);
        assertThat(new RowComparison(jmh, jittery, rule).verdict()).isEqualTo(Verdict.SPREAD_MISSED);
        assertThat(new RowComparison(jmh, outOfRange, rule).verdict()).isEqualTo(Verdict.SPREAD_MISSED);
        assertThat(RowComparison.withinForkSpread(jmh)).isEqualTo(2.0);
        assertThat(RowComparison.betweenForkSpread(jmh)).isCloseTo(748.83, org.assertj.core.data.Offset.offset(0.01));
        assertThat(RowComparison.betweenForkSpread(jittery)).isZero();
    }
}
