package dev.sandprof.benchmarks.jmhsamples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final String DEAD_CODE = "JMHSample_08_DeadCode";

    private static SampleResult deadCode() {
        List<ResultRow> jmh = Fixtures.rows("jmh-deadcode.json");
        List<ResultRow> ours = Fixtures.rows("sandprof-deadcode.json");
        return SampleResult.of(DEAD_CODE, Outcome.classify(0, false, "", jmh), 10_000_000_000L, jmh,
                Outcome.classify(0, false, "", ours), 30_000_000_000L, ours, null);
    }

    private static SampleResult refused() {
        List<ResultRow> jmh = Fixtures.rows("jmh-asymmetric.json").subList(0, 3);
        return SampleResult.of("JMHSample_15_Asymmetric", Outcome.classify(0, false, "", jmh), 5_000_000_000L, jmh,
                Outcome.classify(2, false, "sandprof bench: X uses @Group: not supported by sandprof bench\n", List.of()),
                1_000_000_000L, List.of(), null);
    }

    @Test
    void aSampleBlockShowsBothOutcomesEachRowAndThePitfallsConclusions() {
        String block = Report.sampleBlock(deadCode());

        assertThat(block).startsWith("== JMHSample_08_DeadCode\n   JMH:      ran (3 rows) [10.0 s]\n"
                + "   sandprof: ran (3 rows) [30.0 s]\n");
        assertThat(block).containsPattern("baseline +avgt +0\\.4000 +0\\.02000 +0\\.4500 +0\\.1000 +ns/op +1\\.125x +within joint error");
        assertThat(block).containsPattern("measureRight +avgt +20\\.00 +1\\.000 +20\\.50 +0\\.5000 +ns/op +1\\.025x +within 5%");
        assertThat(block).containsPattern("measureWrong +avgt +0\\.4100 +NaN +19\\.00 +30\\.00 +ns/op +46\\.341x +OUTSIDE");
        assertThat(block).contains("sandprof's conclusion: NOT REACHED");
    }

    @Test
    void theSummaryCountsSamplesRowsPitfallsAndWallTime() {
        String summary = Report.summary(List.of(deadCode(), refused()), 37);

        assertThat(summary).contains("samples run: JMH 2 of 37, sandprof 1 of 37 (sandprof refused 1)");
        assertThat(summary).contains("rows compared (both sides scored): 3 of JMH's 6");
        assertThat(summary).contains("within 5%: 1 (33%); within 5% or the joint 99.9% error: 2 (67%)");
        assertThat(summary).contains("of all JMH's rows, met: 2 (33%)");
        assertThat(summary).contains("pitfall samples where sandprof reaches JMH's conclusion: 0 of 1 run (of 7 pitfall samples): "
                + "08_DeadCode NOT REACHED");
        assertThat(summary).contains("wall time: JMH 15.0 s, sandprof bench 31.0 s (2.07x)");
        assertThat(summary).containsPattern("JMHSample_15_Asymmetric +ran +refused +0/3 +0 +0 +5\\.0 +1\\.0 +sandprof bench: X uses @Group");
    }

    @Test
    void numbersReadAsJmhsTableReadsThem() {
        assertThat(Report.number(Double.NaN)).isEqualTo("NaN");
        assertThat(Report.number(2.07e9)).isEqualTo("2.0700e+09");
        assertThat(Report.number(1696.4)).isEqualTo("1696.4");
        assertThat(Report.number(0.000123456)).isEqualTo("0.0001235");
        assertThat(Report.number(0)).isEqualTo("0");
    }
}
