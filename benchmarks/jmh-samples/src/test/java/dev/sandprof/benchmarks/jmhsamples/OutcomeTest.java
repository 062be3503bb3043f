package dev.sandprof.benchmarks.jmhsamples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.benchmarks.jmhsamples.Outcome.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    private static final List<ResultRow> SCORED = Fixtures.rows("jmh-deadcode.json");

    @Test
    void aCleanRunWithScoresRan() {
        Outcome o = Outcome.classify(0, false, "# Fork: 1 of 1\nIteration   1: 0.4 ns/op\n", SCORED);

        assertThat(o.kind()).isEqualTo(Kind.RAN);
        assertThat(o.text()).isEqualTo("ran (3 rows)");
    }

    @Test
    void aRefusalByNameOnTheCommandLineIsARefusalWithItsLine() {
        String out = "sandprof bench: JMHSample_15_Asymmetric.get uses @Group: asymmetric benchmarks (thread groups)"
                + " are not supported by sandprof bench\n";

        Outcome o = Outcome.classify(2, false, out, List.of());

        assertThat(o.kind()).isEqualTo(Kind.REFUSED);
        assertThat(o.reason()).startsWith("sandprof bench: JMHSample_15_Asymmetric.get uses @Group");
    }

    @Test
    void aRefusalFromEveryForkIsARefusalToo() {
        String out = "# Fork: 1 of 1\n<failure: fork 1 of X.baseline: X.setup takes parameters: fixtures with parameters"
                + " are not supported by sandprof bench>\n\n<failure: fork 1 of X.measureRight: same>\n";

        Outcome o = Outcome.classify(1, false, out, List.of());

        assertThat(o.kind()).isEqualTo(Kind.REFUSED);
        assertThat(o.failedBenchmarks()).isEqualTo(2);
        assertThat(o.reason()).startsWith("<failure: fork 1 of X.baseline");
    }

    @Test
    void anErrorThatNamesNothingUnsupportedIsAFailure() {
        Outcome o = Outcome.classify(2, false, "sandprof bench: no @Benchmark method in [JMHSample_24_Inheritance.java]\n",
                List.of());

        assertThat(o.kind()).isEqualTo(Kind.FAILED);
        assertThat(o.text()).isEqualTo("failed: sandprof bench: no @Benchmark method in [JMHSample_24_Inheritance.java]");
    }

    @Test
    void exitStatusZeroWithNaNScoresIsAFailureNotARun() {
        // @Fork(0) under sandprof today: nothing runs, NaN is reported, exit status 0.
        ResultRow nan = Fixtures.row("JMHSample_12_Forking", "measure_1_c1", Double.NaN, Double.NaN);

        Outcome o = Outcome.classify(0, false, "", List.of(nan));

        assertThat(o.kind()).isEqualTo(Kind.FAILED);
        assertThat(o.reason()).isEqualTo("1 benchmark(s) with score NaN, exit status 0");
    }

    @Test
    void someRowsScoredAndSomeBenchmarksFailedIsARunInPart() {
        String out = "<failure: fork 1 of X.b: java.lang.IllegalStateException: boom>\n";

        Outcome o = Outcome.classify(1, false, out, SCORED);

        assertThat(o.kind()).isEqualTo(Kind.PARTIAL);
        assertThat(o.text()).isEqualTo("ran in part (3 rows, 1 failures): <failure: fork 1 of X.b: java.lang.IllegalStateException: boom>");
    }

    @Test
    void noRowsAndNoWordIsAFailureThatSaysSo() {
        assertThat(Outcome.classify(0, false, "", List.of()).reason()).isEqualTo("no result rows, exit status 0");
        assertThat(Outcome.classify(0, true, "", SCORED).kind()).isEqualTo(Kind.TIMED_OUT);
    }

    @Test
    void aLongReasonIsCutToOneShortLine() {
        Outcome o = Outcome.classify(1, false, "sandprof bench: " + "x".repeat(500) + "\nsecond line\n", List.of());

        assertThat(o.reason()).hasSize(200).endsWith("...").doesNotContain("\n");
    }
}
