package dev.sandprof.benchmarks.jmhsamples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.benchmarks.jmhsamples.Pitfalls.Finding;
import dev.sandprof.benchmarks.jmhsamples.Pitfalls.Pitfall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PitfallsTest {

    private static final Pitfall DEAD_CODE = Pitfalls.of("JMHSample_08_DeadCode").orElseThrow();

    @Test
    void theSevenPitfallSamplesHaveClaimsAndNoOtherSampleHas() {
        assertThat(Pitfalls.count()).isEqualTo(7);
        for (String s : List.of("JMHSample_08_DeadCode", "JMHSample_09_Blackholes", "JMHSample_10_ConstantFold",
                "JMHSample_11_Loops", "JMHSample_12_Forking", "JMHSample_16_CompilerControl", "JMHSample_34_SafeLooping")) {
            assertThat(Pitfalls.of(s)).as(s).hasValueSatisfying(p -> assertThat(p.claims()).isNotEmpty());
        }
        assertThat(Pitfalls.of("JMHSample_01_HelloWorld")).isEmpty();
    }

    @Test
    void deadCodeOnJmhsRowsHoldsAndOnRowsWhereTheComputationSurvivedItDoesNot() {
        List<Finding> jmh = DEAD_CODE.findings(Fixtures.rows("jmh-deadcode.json"));
        List<Finding> sandprof = DEAD_CODE.findings(Fixtures.rows("sandprof-deadcode.json"));

        assertThat(jmh).allMatch(Finding::holds);
        assertThat(jmh.get(0).ratio()).isCloseTo(1.025, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(sandprof.get(0).holds()).isFalse();
        assertThat(sandprof.get(1).holds()).isTrue();
        assertThat(Pitfall.agreement(jmh, sandprof)).isEqualTo("NOT REACHED");
        assertThat(Pitfall.agreement(jmh, jmh)).isEqualTo("reached");
        assertThat(jmh.get(0).text()).isEqualTo("measureWrong / baseline < 2.00: 1.03 yes");
    }

    @Test
    void aMissingRowLeavesNoConclusion() {
        List<ResultRow> rows = Fixtures.rows("jmh-deadcode.json");
        List<Finding> jmh = DEAD_CODE.findings(rows);
        List<Finding> partial = DEAD_CODE.findings(rows.subList(0, 2));

        assertThat(partial.get(0).known()).isFalse();
        assertThat(partial.get(0).text()).endsWith(": ?");
        assertThat(Pitfall.agreement(jmh, partial)).isEqualTo("no conclusion");
    }

    @Test
    void termsWithAParamPickThatParamsRow() {
        Pitfall safeLooping = Pitfalls.of("JMHSample_34_SafeLooping").orElseThrow();
        String s = "JMHSample_34_SafeLooping";
        List<ResultRow> rows = List.of(
                Fixtures.row(s, "measureWrong_1", 2.0, 0, Map.of("size", "1"), List.of()),
                Fixtures.row(s, "measureWrong_1", 2.5, 0, Map.of("size", "1000"), List.of()),
                Fixtures.row(s, "measureWrong_2", 2.0, 0, Map.of("size", "1"), List.of()),
                Fixtures.row(s, "measureWrong_2", 100, 0, Map.of("size", "1000"), List.of()),
                Fixtures.row(s, "measureRight_1", 3.0, 0, Map.of("size", "1"), List.of()),
                Fixtures.row(s, "measureRight_1", 1800, 0, Map.of("size", "1000"), List.of()),
                Fixtures.row(s, "measureRight_2", 3.3, 0, Map.of("size", "1"), List.of()),
                // a sink measured as dead code: flat in size
                Fixtures.row(s, "measureRight_2", 0.7, 0, Map.of("size", "1000"), List.of()));

        List<Finding> f = safeLooping.findings(rows);

        assertThat(f).extracting(Finding::holds).containsExactly(true, true, false);
        assertThat(f.get(0).ratio()).isEqualTo(1.25);
        assertThat(f.get(1).ratio()).isEqualTo(600.0);
    }

    @Test
    void secondaryMetricsAreNotTakenForTheBenchmarksScore() {
        String s = "JMHSample_08_DeadCode";
        ResultRow secondary = new ResultRow("org.openjdk.jmh.samples." + s + ".baseline", "avgt", new java.util.TreeMap<>(),
                "gc.alloc.rate", 1000, 0, "MB/sec", List.of());

        List<Finding> f = DEAD_CODE.findings(List.of(secondary, Fixtures.row(s, "measureWrong", 1, 0)));

        assertThat(f.get(0).known()).isFalse();
    }
}
