package dev.sandprof.benchmarks.jmhsamples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultRowTest {

    @Test
    void readsJmhsPrimaryMetricsWithNaNWrittenAsStrings() {
        List<ResultRow> rows = Fixtures.rows("jmh-deadcode.json");

        assertThat(rows).extracting(ResultRow::method).containsExactly("baseline", "measureRight", "measureWrong");
        ResultRow baseline = rows.get(0);
        assertThat(baseline.score()).isEqualTo(0.40);
        assertThat(baseline.error()).isEqualTo(0.02);
        assertThat(baseline.unit()).isEqualTo("ns/op");
        assertThat(baseline.rawData()).containsExactly(List.of(0.39, 0.41, 0.40), List.of(0.40, 0.40, 0.40));
        assertThat(rows.get(2).error()).isNaN();
        assertThat(baseline.label()).isEqualTo("JMHSample_08_DeadCode.baseline");
    }

    @Test
    void secondaryMetricsAreRowsOfTheirOwnAfterTheirPrimary() {
        List<ResultRow> rows = Fixtures.rows("jmh-asymmetric.json");

        assertThat(rows).extracting(ResultRow::metric).containsExactly("", "get", "inc", "");
        assertThat(rows.get(1).label()).isEqualTo("JMHSample_15_Asymmetric.g:get {kind=a, size=1000}");
        assertThat(rows.get(2).score()).isInfinite();
        assertThat(rows.get(0).key()).isNotEqualTo(rows.get(1).key());
    }

    @Test
    void paramsAreSortedByNameSoThatBothSidesKeysAgree() {
        ResultRow g = Fixtures.rows("jmh-asymmetric.json").get(0);

        assertThat(g.params()).containsExactly(java.util.Map.entry("kind", "a"), java.util.Map.entry("size", "1000"));
        assertThat(g.key()).endsWith("avgt {kind=a, size=1000}");
    }

    @Test
    void nestedClassesAreNamedAsJmhNamesThem() {
        ResultRow sin = Fixtures.rows("jmh-asymmetric.json").get(3);

        assertThat(sin.benchmark()).isEqualTo("org.openjdk.jmh.samples.JMHSample_24_Inheritance.BenchmarkSin.bench");
        assertThat(sin.rawData()).isEmpty();
    }

    @Test
    void anEmptyOrNonArrayDocumentHasNoRows() throws Exception {
        assertThat(ResultRow.readAll("[\n\n]")).isEmpty();
        assertThat(ResultRow.readAll("{}")).isEmpty();
    }
}
