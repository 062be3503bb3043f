package dev.sandprof.host.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.wire.BenchmarkInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.runner.Defaults;

/**
 * Options resolve as JMH's {@code Runner} resolves them, for each option: the command line's,
 * else the annotation's, else JMH's default ({@code org.openjdk.jmh.runner.Defaults}); in the
 * manner of jmh-core's {@code TestOptions}.
 */
class BenchmarkSettingsTest {

    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    /** No annotation at all. */
    private static final BenchmarkInfo PLAIN = BenchmarkInfo.builder("b.Plain", "run").build();

    /** Every annotation sandprof reads, set. */
    private static final BenchmarkInfo ANNOTATED = BenchmarkInfo.builder("b.Annotated", "run")
            .modes(List.of("avgt", "sample")).timeUnit(TimeUnit.MICROSECONDS)
            .warmupIterations(2).warmupTime(Duration.ofMillis(300)).measurementIterations(7).measurementTime(Duration.ofMillis(400))
            .forks(3).threads(4).operationsPerInvocation(10).jvmArgs(List.of("-Xmx1g", "-Dx=1"), List.of("-Dlast=1"))
            .params(Map.of("size", List.of("10", "100"))).build();

    /** Every option on the command line. */
    private static final BenchOptions CLI = BenchOptions.builder().forks(1).warmupIterations(0).measurementIterations(9)
            .warmupTime(Duration.ofMillis(50)).measurementTime(Duration.ofMillis(60)).threads(2)
            .mode(List.of(Mode.Throughput)).timeUnit(TimeUnit.NANOSECONDS).jvmArgs(List.of("-Xint")).param("size=5").build();

    private static BenchmarkSettings resolve(BenchOptions cli, BenchmarkInfo b) {
        return BenchmarkSettings.resolve(cli, b, Mode.AverageTime);
    }

    @Test
    void withNothingGivenEachValueIsJmhsDefault() {
        BenchmarkSettings s = resolve(BenchOptions.none(), PLAIN);
        assertThat(s.warmupIterations()).isEqualTo(Defaults.WARMUP_ITERATIONS).isEqualTo(5);
        assertThat(s.warmupTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.measurementIterations()).isEqualTo(Defaults.MEASUREMENT_ITERATIONS).isEqualTo(5);
        assertThat(s.measurementTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.forks()).isEqualTo(Defaults.MEASUREMENT_FORKS).isEqualTo(5);
        assertThat(s.threads()).isEqualTo(Defaults.THREADS).isEqualTo(1);
        assertThat(s.timeUnit()).isEqualTo(Defaults.OUTPUT_TIMEUNIT).isEqualTo(TimeUnit.SECONDS);
        assertThat(s.operationsPerInvocation()).isEqualTo(1);
        assertThat(BenchmarkSettings.modes(BenchOptions.none(), PLAIN)).containsExactly(Mode.Throughput);
        assertThat(BenchmarkSettings.jvmArgs(BenchOptions.none(), PLAIN)).isEmpty();
        assertThat(BenchmarkSettings.combinations(BenchOptions.none(), PLAIN)).containsExactly(Map.of());
    }

    @Test
    void aSingleShotDefaultsToNoWarmupAndOneMeasurement() {
        BenchmarkSettings s = BenchmarkSettings.resolve(BenchOptions.none(), PLAIN, Mode.SingleShotTime);
        assertThat(s.warmupIterations()).isEqualTo(Defaults.WARMUP_ITERATIONS_SINGLESHOT).isZero();
        assertThat(s.measurementIterations()).isEqualTo(Defaults.MEASUREMENT_ITERATIONS_SINGLESHOT).isEqualTo(1);
        // An annotation's iterations still count for a single shot, as in JMH.
        assertThat(BenchmarkSettings.resolve(BenchOptions.none(), ANNOTATED, Mode.SingleShotTime).warmupIterations()).isEqualTo(2);
    }

    @Test
    void theAnnotationsOverrideTheDefaults() {
        BenchmarkSettings s = resolve(BenchOptions.none(), ANNOTATED);
        assertThat(s.warmupIterations()).isEqualTo(2);
        assertThat(s.warmupTime()).isEqualTo(Duration.ofMillis(300));
        assertThat(s.measurementIterations()).isEqualTo(7);
        assertThat(s.measurementTime()).isEqualTo(Duration.ofMillis(400));
        assertThat(s.forks()).isEqualTo(3);
        assertThat(s.threads()).isEqualTo(4);
        assertThat(s.timeUnit()).isEqualTo(TimeUnit.MICROSECONDS);
        assertThat(s.operationsPerInvocation()).isEqualTo(10);
        assertThat(BenchmarkSettings.modes(BenchOptions.none(), ANNOTATED)).containsExactly(Mode.AverageTime, Mode.SampleTime);
        assertThat(BenchmarkSettings.jvmArgs(BenchOptions.none(), ANNOTATED)).containsExactly("-Xmx1g", "-Dx=1", "-Dlast=1");
        assertThat(BenchmarkSettings.combinations(BenchOptions.none(), ANNOTATED))
                .containsExactly(Map.of("size", "10"), Map.of("size", "100"));
    }

    @Test
    void theCommandLineOverridesTheAnnotations() {
        BenchmarkSettings s = resolve(CLI, ANNOTATED);
        assertThat(s.warmupIterations()).isZero();
        assertThat(s.warmupTime()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.measurementIterations()).isEqualTo(9);
        assertThat(s.measurementTime()).isEqualTo(Duration.ofMillis(60));
        assertThat(s.forks()).isEqualTo(1);
        assertThat(s.threads()).isEqualTo(2);
        assertThat(s.timeUnit()).isEqualTo(TimeUnit.NANOSECONDS);
        assertThat(BenchmarkSettings.modes(CLI, ANNOTATED)).containsExactly(Mode.Throughput);
        assertThat(BenchmarkSettings.jvmArgs(CLI, ANNOTATED)).containsExactly("-Xint"); // -jvmArgs replaces all of @Fork's
        assertThat(BenchmarkSettings.combinations(CLI, ANNOTATED)).containsExactly(Map.of("size", "5"));
    }

    @Test
    void theCommandLineOverridesTheDefaultsToo() {
        BenchmarkSettings s = resolve(CLI, PLAIN);
        assertThat(s.warmupIterations()).isZero();
        assertThat(s.forks()).isEqualTo(1);
        assertThat(s.timeUnit()).isEqualTo(TimeUnit.NANOSECONDS);
        // A -p for a parameter the benchmark does not have is not one of its parameters.
        assertThat(BenchmarkSettings.combinations(CLI, PLAIN)).containsExactly(Map.of());
    }

    @Test
    void oneOptionGivenLeavesTheOthersToTheAnnotations() {
        BenchmarkSettings s = resolve(BenchOptions.builder().measurementIterations(1).build(), ANNOTATED);
        assertThat(s.measurementIterations()).isEqualTo(1);
        assertThat(s.warmupIterations()).isEqualTo(2);
        assertThat(s.forks()).isEqualTo(3);
        assertThat(s.timeUnit()).isEqualTo(TimeUnit.MICROSECONDS);
    }

    @Test
    void maxThreadsAreOnePerCpuFromTheCommandLineOrTheAnnotation() {
        assertThat(resolve(BenchOptions.builder().threads(BenchOptions.parseThreads("max")).build(), PLAIN).threads()).isEqualTo(CPUS);
        assertThat(resolve(BenchOptions.none(), BenchmarkInfo.builder("b.T", "run").threads(Threads.MAX).build()).threads())
                .isEqualTo(CPUS);
    }

    @Test
    void parametersCombineInJmhsOrderWithEveryValue() {
        BenchmarkInfo b = BenchmarkInfo.builder("b.P", "run")
                .params(new java.util.LinkedHashMap<>(Map.of("z", List.of("1", "2"), "a", List.of("x", "y")))).build();
        assertThat(BenchmarkSettings.combinations(BenchOptions.none(), b)).containsExactly(
                Map.of("a", "x", "z", "1"), Map.of("a", "x", "z", "2"), Map.of("a", "y", "z", "1"), Map.of("a", "y", "z", "2"));
        assertThat(BenchmarkSettings.combinations(BenchOptions.none(), b).get(0).keySet()).containsExactly("a", "z");
        // The last -p of a name counts.
        BenchOptions twice = BenchOptions.builder().param("z=3").param("z=4,5").build();
        assertThat(BenchmarkSettings.combinations(twice, b)).extracting(m -> m.get("z")).containsExactly("4", "5", "4", "5");
    }

    @Test
    void aParameterWithoutValuesAndAMalformedPAreRefusedByName() {
        BenchmarkInfo noValues = BenchmarkInfo.builder("b.E", "run").params(Map.of("text", List.of())).build();
        assertThatThrownBy(() -> BenchmarkSettings.combinations(BenchOptions.none(), noValues))
                .hasMessage("@Param text of b.E has no values: give them with -p text=...");
        assertThatThrownBy(() -> BenchmarkSettings.combinations(BenchOptions.builder().param("size").build(), PLAIN))
                .hasMessage("-p size: write -p name=value1,value2");
    }

    @Test
    void aForkMayRunItsLongestIterationsAndThenTheTimeout() {
        // PLAIN: 5 x 10 s + 5 x 10 s; ANNOTATED: 2 x 0.3 s + 7 x 0.4 s. Then JMH's 10 minutes, or -to.
        assertThat(BenchmarkSettings.forkLimit(BenchOptions.none(), List.of(ANNOTATED, PLAIN)))
                .isEqualTo(Duration.ofSeconds(100).plusMinutes(10));
        assertThat(BenchmarkSettings.forkLimit(BenchOptions.builder().forkTimeout(Duration.ofSeconds(1)).build(), List.of(ANNOTATED)))
                .isEqualTo(Duration.ofMillis(2 * 300 + 7 * 400 + 1000));
    }

    @Test
    void jmhsSpellingsOfModesUnitsThreadsAndProfilersAreRead() {
        assertThat(BenchOptions.parseModes("avgt")).containsExactly(Mode.AverageTime);
        assertThat(BenchOptions.parseModes("SampleTime")).containsExactly(Mode.SampleTime);
        assertThat(BenchOptions.parseModes("all")).containsExactly(Mode.Throughput, Mode.AverageTime, Mode.SampleTime,
                Mode.SingleShotTime);
        assertThatThrownBy(() -> BenchOptions.parseModes("fast")).hasMessage("-bm fast: use thrpt, avgt, sample, ss or all");
        assertThat(BenchOptions.parseTimeUnit("us")).isEqualTo(TimeUnit.MICROSECONDS);
        assertThat(BenchOptions.parseTimeUnit("minutes")).isEqualTo(TimeUnit.MINUTES);
        assertThatThrownBy(() -> BenchOptions.parseTimeUnit("parsecs")).hasMessage("-tu parsecs: use ns, us, ms, s, m or h");
        assertThatThrownBy(() -> BenchOptions.parseThreads("0"))
                .hasMessage("-t 0: give a number of threads of at least 1, or max");
        assertThat(BenchProfiler.parse("gc")).isEqualTo(new BenchProfiler(BenchProfiler.Kind.GC, "cpu", Path.of("prof")));
        assertThat(BenchProfiler.parse("async:event=wall;dir=out"))
                .isEqualTo(new BenchProfiler(BenchProfiler.Kind.ASYNC, "wall", Path.of("out")));
        assertThatThrownBy(() -> BenchProfiler.parse("Perfasm:x=1"))
                .hasMessage("-prof perfasm is not a profiler sandprof bench has: use gc, async, jfr or agent");
    }

    @Test
    void aRunCrossesToTheWireWithItsModeUnitAndProfiler() {
        BenchmarkRun run = BenchmarkRun.builder("b.Annotated", "run", "b.Annotated_run_SandprofStub")
                .settings(resolve(CLI, ANNOTATED)).params(Map.of("size", "5")).profiler(BenchProfiler.parse("jfr:event=alloc"))
                .jfrFile(Path.of("/tmp/p.jfr")).build();
        dev.sandprof.wire.RunBenchmark r = run.request(7);
        assertThat(r.requestId()).isEqualTo(7);
        assertThat(r.mode()).isEqualTo("avgt");
        assertThat(r.timeUnit()).isEqualTo(TimeUnit.NANOSECONDS);
        assertThat(r.warmupNanos()).isEqualTo(50_000_000L);
        assertThat(r.measurementIterations()).isEqualTo(9);
        assertThat(r.params()).containsExactly(Map.entry("size", "5"));
        assertThat(r.profiler()).isEqualTo("jfr");
        assertThat(r.profileEvent()).isEqualTo("alloc");
        assertThat(r.jfrFile()).isEqualTo("/tmp/p.jfr");
        assertThat(run.toBuilder().profiler(BenchProfiler.parse("gc")).jfrFile(null).build().request(8).profileEvent()).isNull();
    }
}
