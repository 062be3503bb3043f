package dev.sandprof.host.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** bench's JMH command line: JMH's options with JMH's meaning, the inputs taken out of JMH's patterns. */
class JmhCommandLineTest {

    @TempDir
    Path dir;

    private static JmhCommandLine parse(String... args) throws CommandLineOptionException {
        return JmhCommandLine.parse(List.of(args));
    }

    @Test
    void theInputsAreSandprofsAndTheOtherNonOptionsJmhsPatterns() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JmhCommandLine line = parse("-f", "2", "a/Bench.java", "Bench.sum", "b.jar", classes.toString(), "-e", "slow", "Other");
        assertThat(line.sources()).containsExactly(Path.of("a/Bench.java"));
        assertThat(line.compiled()).containsExactly(Path.of("b.jar"), classes);
        assertThat(line.options().getIncludes()).containsExactly("Bench.sum", "Other");
        assertThat(line.options().getExcludes()).containsExactly("slow");
        assertThat(line.options().getForkCount().get()).isEqualTo(2);
    }

    @Test
    void everyOptionHasJmhsMeaning() throws Exception {
        CommandLineOptions o = parse("-f", "0", "-wf", "2", "-wi", "0", "-i", "3", "-w", "50ms", "-r", "2s", "-bm", "avgt,ss",
                "-tu", "us", "-t", "max", "-tg", "1,2", "-bs", "4", "-wbs", "5", "-si", "false", "-to", "7s", "-p", "size=1,2",
                "-jvm", "/opt/java", "-jvmArgs", "-Da=1 -Db=2", "-jvmArgsAppend", "-Dc=3", "-jvmArgsPrepend", "-Dd=4",
                "-rf", "csv", "-rff", "out.csv", "-o", "log.txt", "-foe", "true", "-gc", "true", "-v", "EXTRA", "-opi", "8",
                "X.java").options();
        assertThat(o.getForkCount().get()).isZero();
        assertThat(o.getWarmupForkCount().get()).isEqualTo(2);
        assertThat(o.getWarmupIterations().get()).isZero();
        assertThat(o.getMeasurementIterations().get()).isEqualTo(3);
        assertThat(o.getWarmupTime().get()).isEqualTo(TimeValue.milliseconds(50));
        assertThat(o.getMeasurementTime().get()).isEqualTo(TimeValue.seconds(2));
        assertThat(o.getBenchModes()).containsExactlyInAnyOrder(Mode.AverageTime, Mode.SingleShotTime);
        assertThat(o.getTimeUnit().get()).isEqualTo(TimeUnit.MICROSECONDS);
        assertThat(o.getThreads().get()).isEqualTo(org.openjdk.jmh.annotations.Threads.MAX);
        assertThat(o.getThreadGroups().get()).containsExactly(1, 2);
        assertThat(o.getMeasurementBatchSize().get()).isEqualTo(4);
        assertThat(o.getWarmupBatchSize().get()).isEqualTo(5);
        assertThat(o.shouldSyncIterations().get()).isFalse();
        assertThat(o.getTimeout().get()).isEqualTo(TimeValue.seconds(7));
        assertThat(o.getParameter("size").get()).containsExactly("1", "2");
        assertThat(o.getJvm().get()).isEqualTo("/opt/java");
        assertThat(o.getJvmArgs().get()).containsExactly("-Da=1", "-Db=2");
        assertThat(o.getJvmArgsAppend().get()).containsExactly("-Dc=3");
        assertThat(o.getJvmArgsPrepend().get()).containsExactly("-Dd=4");
        assertThat(o.getResultFormat().get()).isEqualTo(ResultFormatType.CSV);
        assertThat(o.getResult().get()).isEqualTo("out.csv");
        assertThat(o.getOutput().get()).isEqualTo("log.txt");
        assertThat(o.shouldFailOnError().get()).isTrue();
        assertThat(o.shouldDoGC().get()).isTrue();
        assertThat(o.verbosity().get()).isEqualTo(VerboseMode.EXTRA);
        assertThat(o.getOperationsPerInvocation().get()).isEqualTo(8);
        assertThat(o.getIncludes()).isEmpty();
    }

    @Test
    void theListsAndHelpAreJmhs() throws Exception {
        assertThat(parse("-l", "X.java").options().shouldList()).isTrue();
        assertThat(parse("-lp", "X.java").options().shouldListWithParams()).isTrue();
        assertThat(parse("-lprof").options().shouldListProfilers()).isTrue();
        assertThat(parse("-lrf").options().shouldListResultFormats()).isTrue();
        assertThat(parse("-h").options().shouldHelp()).isTrue();
    }

    @Test
    void whatJmhRefusesIsRefusedWithJmhsMessage() {
        assertThatThrownBy(() -> parse("-i", "0", "X.java")).isInstanceOf(CommandLineOptionException.class)
                .hasMessageContaining("i");
        assertThatThrownBy(() -> parse("-f", "-1", "X.java")).isInstanceOf(CommandLineOptionException.class);
        assertThatThrownBy(() -> parse("-tu", "days", "X.java")).hasMessage("Unknown time unit: days");
        // As JMH's own: joptsimple reads -bogus as short options clustered.
        assertThatThrownBy(() -> parse("-bogus", "X.java")).hasMessage("b is not a recognized option");
    }

    @Test
    void whatSandprofCannotDoIsRefusedByName() throws Exception {
        assertThat(parse("-f", "0", "-wf", "1", "-gc", "true", "X.java").refusal()).isNull();
        assertThat(parse("-wm", "BULK", "X.java").refusal()).startsWith("-wm BULK is not supported");
        assertThat(parse("-wm", "INDI", "X.java").refusal()).isNull();
        assertThat(parse("-wmb", "Other", "X.java").refusal()).startsWith("-wmb Other is not supported");
        // -prof is JmhProfilers' to refuse (JmhProfilersTest), once the benchmarks' own classes are known.
        assertThat(parse("-prof", "gc", "-prof", "async:dir=p", "X.java").refusal()).isNull();
    }
}
