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
        assertThat(block).contains("sandprof's conclusion: NOT REACHED (the sample's lesson shown: JMH yes, sandprof no)");
    }

    @Test
    void theSummaryCountsSamplesRowsPitfallsAndWallTime() {
        String summary = Report.summary(List.of(deadCode(), refused()), 37);

        assertThat(summary).contains("samples run: JMH 2 of 2, sandprof 1 of 2 (sandprof refused 1); 37 samples in the jar");
        assertThat(summary).contains("rows (benchmark, params, mode) compared, both sides scored: 3 of JMH's 4");
        assertThat(summary).contains("within 5%: 1 (33%); within 5% or the joint 99.9% error: 2 (67%)");
        assertThat(summary).contains("of all JMH's rows, met: 2 (50%)");
        assertThat(summary).contains("pitfall samples where sandprof reaches JMH's conclusion: 0 of 1 run (of 7 pitfall samples): "
                + "08_DeadCode NOT REACHED");
        assertThat(summary).contains("wall time: JMH 15.0 s, sandprof bench 31.0 s (2.07x)");
        assertThat(summary).containsPattern("JMHSample_15_Asymmetric +ran +refused +0/1 +0 +0 +5\\.0 +1\\.0 +sandprof bench: X uses @Group");
    }

    @Test
    void secondaryMetricsAreCountedApartFromTheRows() {
        String summary = Report.summary(List.of(deadCode(), refused()), 37);

        assertThat(summary).contains("secondary metrics (group members, counters), apart: JMH 2 rows, sandprof has 0 of them");
        assertThat(summary).contains("percentiles of sample mode, apart: JMH 0 rows");
    }

    @Test
    void aRunWithoutSomeOfJmhsRowsRanOnlyInPart() {
        List<ResultRow> jmh = Fixtures.rows("jmh-deadcode.json");
        List<ResultRow> ours = Fixtures.rows("sandprof-deadcode.json").subList(1, 3);

        SampleResult s = SampleResult.of(DEAD_CODE, Outcome.classify(0, false, "", jmh), 1, jmh,
                Outcome.classify(0, false, "", ours), 1, ours, null);

        assertThat(s.sandprof().kind()).isEqualTo(Outcome.Kind.PARTIAL);
        assertThat(s.sandprof().text()).isEqualTo("ran in part (2 rows): no result for 1 of JMH's 3 rows: baseline avgt");
        assertThat(s.compared()).isEqualTo(2);
        assertThat(s.agreement()).hasValue("no conclusion");
    }

    @Test
    void percentileRowsSandprofDoesNotWriteShowAsOneLine() {
        ResultRow p50 = new ResultRow("org.openjdk.jmh.samples.S.m", "sample", new java.util.TreeMap<>(), "p0.50", 2, Double.NaN,
                "us/op", List.of());
        ResultRow primary = new ResultRow("org.openjdk.jmh.samples.S.m", "sample", new java.util.TreeMap<>(), "", 2, 0.1,
                "us/op", List.of());
        SampleResult s = SampleResult.of("S", Outcome.classify(0, false, "", List.of(primary, p50)), 1, List.of(primary, p50),
                Outcome.classify(0, false, "", List.of(primary)), 1, List.of(primary), null);

        String block = Report.sampleBlock(s);

        assertThat(block).doesNotContain("m:p0.50").contains("(and 1 percentile rows of JMH's sample mode");
        assertThat(s.sandprof().kind()).isEqualTo(Outcome.Kind.RAN);
        assertThat(s.primaryRows()).isEqualTo(1);
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
