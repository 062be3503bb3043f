package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.host.bench.BenchOptions;
import dev.sandprof.host.bench.jmh.JmhCommandLine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;

/** --engine sandprof takes JMH's command line too: what it does, mapped; what it does not, refused by name. */
class BenchCommandOptionsTest {

    private static BenchOptions legacy(String... args) throws Exception {
        BenchCommand command = new BenchCommand();
        command.arguments = List.of(args);
        return command.legacyOptions(JmhCommandLine.parse(List.of(args)).options());
    }

    @Test
    void jmhsOptionsMapToSandprofsRunner() throws Exception {
        BenchOptions o = legacy("-f", "2", "-wi", "1", "-i", "3", "-w", "50ms", "-r", "1s", "-t", "2", "-bm", "avgt", "-tu", "us",
                "-p", "size=1,2", "-e", "slow", "-to", "9s", "-jvmArgs", "-Da=1 -Db=2", "B.java", "sum");
        assertThat(o.forks().getAsInt()).isEqualTo(2);
        assertThat(o.warmupIterations().getAsInt()).isEqualTo(1);
        assertThat(o.measurementIterations().getAsInt()).isEqualTo(3);
        assertThat(o.warmupTime()).contains(Duration.ofMillis(50));
        assertThat(o.measurementTime()).contains(Duration.ofSeconds(1));
        assertThat(o.threads().getAsInt()).isEqualTo(2);
        assertThat(o.modes()).containsExactly(Mode.AverageTime);
        assertThat(o.timeUnit()).contains(TimeUnit.MICROSECONDS);
        assertThat(o.params()).containsEntry("size", List.of("1", "2"));
        assertThat(o.jvmArgs()).contains(List.of("-Da=1", "-Db=2"));
        assertThat(o.forkTimeout()).contains(Duration.ofSeconds(9));
        assertThat(o.selects("B.sum")).isTrue();
        assertThat(o.selects("B.slow")).isFalse();
    }

    @Test
    void whatSandprofsRunnerCannotDoIsRefusedByName() {
        assertThatThrownBy(() -> legacy("-f", "0", "B.java")).hasMessageContaining("-f 0");
        assertThatThrownBy(() -> legacy("-wf", "1", "-jvm", "/x", "-foe", "true", "B.java"))
                .hasMessageStartingWith("-foe, -wf, -jvm: not supported by --engine sandprof");
        assertThatThrownBy(() -> legacy("-rf", "csv", "B.java")).hasMessageContaining("-rf csv");
    }
}
