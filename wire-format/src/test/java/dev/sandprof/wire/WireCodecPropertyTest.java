package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * jqwik properties of the codec: a generated message of every type encodes and decodes to an equal
 * one, whatever its text (any UTF-16 without lone surrogates, empty, long), numbers (extremes,
 * negatives), lists and byte arrays (empty, large), and absent values where the protocol has them.
 */
class WireCodecPropertyTest {

    private final WireCodec codec = new WireCodec();

    @Property(tries = 400)
    void everyMessageRoundTrips(@ForAll("messages") Message message) {
        assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
    }

    @Property(tries = 40)
    void everyMessageTypeIsGenerated(@ForAll("messages") Message ignored) {
        // The generator covers the protocol: checked once, here, against ProtocolClasses.
        List<Class<?>> messages = ProtocolClasses.ALL.stream().filter(Message.class::isAssignableFrom)
                .collect(java.util.stream.Collectors.toList());
        assertThat(GENERATED).containsExactlyInAnyOrderElementsOf(messages);
    }

    /** Every message type that {@link #messages()} makes. */
    private static final List<Class<?>> GENERATED = List.of(
            Ping.class, Shutdown.class, Done.class, CountRefs.class, ThreadStacks.class, StopProfile.class, Interrupt.class, Heartbeat.class, InputWanted.class, Exiting.class,
            DefineClasses.class, RedefineClasses.class, AddClassPath.class, Instrument.class, DescribeBenchmarks.class,
            InvokeMain.class, InvokeStatic.class, Evaluate.class, CallMethod.class, FreeRefs.class, RefCount.class,
            ThreadStacksReply.class, ValueReply.class, UserFailure.class, SandboxBug.class, ProtocolError.class,
            Output.class, TraceExceptions.class, ExceptionsTraced.class, StartProfile.class, ProfileReply.class,
            ProfileCollected.class, BenchmarkList.class, RunBenchmark.class, BenchmarkIteration.class, ReplValue.class,
            RunJmhFork.class, JmhIterationStarted.class, JmhIterationResult.class, JmhOutput.class, JmhForkEnded.class);

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<Long> id = Arbitraries.longs();
        return Arbitraries.oneOf(List.of(
                id.map(Ping::new), id.map(Shutdown::new), id.map(Done::new), id.map(CountRefs::new),
                id.map(ThreadStacks::new), id.map(StopProfile::new), id.map(Interrupt::new), id.map(Heartbeat::new), id.map(InputWanted::new), id.map(Exiting::new),
                Combinators.combine(id, classes()).as(DefineClasses::new),
                Combinators.combine(id, classes()).as(RedefineClasses::new),
                Combinators.combine(id, texts()).as(AddClassPath::new),
                Combinators.combine(id, texts()).as(Instrument::new),
                Combinators.combine(id, texts()).as(DescribeBenchmarks::new),
                Combinators.combine(id, text(), texts(), Arbitraries.of(true, false)).as(InvokeMain::new),
                Combinators.combine(id, text(), text()).as(InvokeStatic::new),
                Combinators.combine(id, classes(), text(), text(), refs()).as(Evaluate::new),
                Combinators.combine(id, ref(), text(), refs()).as(CallMethod::new),
                Combinators.combine(id, Arbitraries.longs(), longArrays()).as(FreeRefs::new),
                Combinators.combine(id, Arbitraries.longs()).as(RefCount::new),
                Combinators.combine(id, threadStack().list().ofMaxSize(4)).as(ThreadStacksReply::new),
                Combinators.combine(id, ref().injectNull(0.3), text(), text(), text()).as(ValueReply::new),
                Combinators.combine(id, exception()).as(UserFailure::new),
                Combinators.combine(id, exception()).as(SandboxBug::new),
                Combinators.combine(id, text()).as(ProtocolError::new),
                Combinators.combine(id, Arbitraries.of(Output.Stream.class), bytes()).as(Output::new),
                Combinators.combine(id, Arbitraries.of(true, false)).as(TraceExceptions::new),
                Combinators.combine(id, traced().list().ofMaxSize(3)).as(ExceptionsTraced::new),
                Combinators.combine(id, text(), text(), Arbitraries.longs(), nullable()).as(StartProfile::new),
                id.flatMap(this::profileReply),
                id.flatMap(i -> profileReply(i).map(p -> new ProfileCollected(i, p))),
                Combinators.combine(id, benchmarkInfo().list().ofMaxSize(3)).as(BenchmarkList::new),
                id.flatMap(this::runBenchmark),
                Combinators.combine(id, Arbitraries.of(true, false), Arbitraries.integers(),
                        Arbitraries.doubles(), Arbitraries.longs(), Arbitraries.longs(), longArrays())
                        .as(BenchmarkIteration::new),
                Combinators.combine(id, text(), text(), Arbitraries.of(true, false)).as(ReplValue::new),
                Combinators.combine(id, jmhParams(), classes(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.of(true, false)).as(RunJmhFork::new),
                Combinators.combine(id, Arbitraries.of(true, false), Arbitraries.integers()).as(JmhIterationStarted::new),
                Combinators.combine(id, Arbitraries.of(true, false), Arbitraries.integers(), Arbitraries.longs(),
                        Arbitraries.longs(), jmhResult().list().ofMaxSize(4)).as(JmhIterationResult::new),
                Combinators.combine(id, text(), text()).as(JmhOutput::new),
                Combinators.combine(id, Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(),
                        Arbitraries.longs()).as(JmhForkEnded::new)));
    }

    static Arbitrary<int[]> intArrays() {
        return Arbitraries.integers().array(int[].class).ofMaxSize(8);
    }

    static Arbitrary<JmhResultData> jmhResult() {
        return Combinators.combine(text(), text(), text(), text(), text(), Arbitraries.doubles(), longArrays(),
                nullable()).flatAs((kind, role, label, unit, policy, value, cells, out) -> nullable()
                .map(timeUnit -> new JmhResultData(kind, role, label, unit, policy, value, cells, out, timeUnit)));
    }

    /** Every field of {@link JmhBenchmarkParams}, absent text included. */
    static Arbitrary<JmhBenchmarkParams> jmhParams() {
        Arbitrary<Integer> n = Arbitraries.integers();
        Arbitrary<Long> l = Arbitraries.longs();
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        Arbitrary<java.util.Map<String, Object>> first = Combinators.combine(nullable(), nullable(), b, n, intArrays(),
                texts(), n, n).as((benchmark, target, synch, threads, groups, labels, forks, warmupForks) -> {
                    java.util.Map<String, Object> f = new java.util.HashMap<>();
                    f.put("benchmark", benchmark);
                    f.put("generatedTarget", target);
                    f.put("synchIterations", synch);
                    f.put("threads", threads);
                    f.put("threadGroups", groups);
                    f.put("threadGroupLabels", labels);
                    f.put("forks", forks);
                    f.put("warmupForks", warmupForks);
                    return f;
                });
        Arbitrary<java.util.Map<String, Object>> second = Combinators.combine(n, l, nullable(), n, n, l, nullable(), n)
                .as((wc, wt, wu, wb, mc, mt, mu, mb) -> {
                    java.util.Map<String, Object> f = new java.util.HashMap<>();
                    f.put("warmupCount", wc);
                    f.put("warmupTime", wt);
                    f.put("warmupTimeUnit", wu);
                    f.put("warmupBatchSize", wb);
                    f.put("measurementCount", mc);
                    f.put("measurementTime", mt);
                    f.put("measurementTimeUnit", mu);
                    f.put("measurementBatchSize", mb);
                    return f;
                });
        Arbitrary<java.util.Map<String, Object>> third = Combinators.combine(nullable(), texts(), texts(), intArrays(),
                nullable(), n, nullable(), texts()).as((mode, keys, values, orders, unit, ops, jvm, args) -> {
                    java.util.Map<String, Object> f = new java.util.HashMap<>();
                    f.put("mode", mode);
                    f.put("paramKeys", keys);
                    f.put("paramValues", values);
                    f.put("paramOrders", orders);
                    f.put("timeUnit", unit);
                    f.put("opsPerInvocation", ops);
                    f.put("jvm", jvm);
                    f.put("jvmArgs", args);
                    return f;
                });
        Arbitrary<java.util.Map<String, Object>> fourth = Combinators.combine(nullable(), nullable(), nullable(), nullable(),
                l, nullable()).as((jdk, vmName, vmVersion, jmh, timeout, timeoutUnit) -> {
                    java.util.Map<String, Object> f = new java.util.HashMap<>();
                    f.put("jdkVersion", jdk);
                    f.put("vmName", vmName);
                    f.put("vmVersion", vmVersion);
                    f.put("jmhVersion", jmh);
                    f.put("timeout", timeout);
                    f.put("timeoutUnit", timeoutUnit);
                    return f;
                });
        return Combinators.combine(first, second, third, fourth).as((a, c, d, e) -> {
            java.util.Map<String, Object> all = new java.util.HashMap<>(a);
            all.putAll(c);
            all.putAll(d);
            all.putAll(e);
            return JmhBenchmarkParams.of(all);
        });
    }

    /** Text with no lone surrogate (UTF-8 cannot carry one), from empty to long. */
    static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMaxLength(40);
    }

    static Arbitrary<String> nullable() {
        return text().injectNull(0.2);
    }

    static Arbitrary<List<String>> texts() {
        return text().list().ofMaxSize(6);
    }

    static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    static Arbitrary<long[]> longArrays() {
        return Arbitraries.longs().array(long[].class).ofMaxSize(50);
    }

    static Arbitrary<List<ClassBytes>> classes() {
        return Combinators.combine(text(), bytes()).as(ClassBytes::new).list().ofMaxSize(4);
    }

    static Arbitrary<RemoteRef> ref() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(RemoteRef::new);
    }

    static Arbitrary<List<RemoteRef>> refs() {
        return ref().list().ofMaxSize(4);
    }

    static Arbitrary<StackFrameData> frame() {
        return Combinators.combine(text(), text(), nullable(), Arbitraries.integers()).as(StackFrameData::new);
    }

    static Arbitrary<ThreadStack> threadStack() {
        return Combinators.combine(text(), Arbitraries.longs(), texts()).as(ThreadStack::new);
    }

    static Arbitrary<ExceptionData> exception() {
        return chained(3);
    }

    /**
     * Causes and suppressed exceptions nested up to {@code depth} deep, with text beyond Latin-1
     * anywhere (such exceptions once ran Chronicle's decoder out of memory: DecodingWire).
     */
    static Arbitrary<ExceptionData> chained(int depth) {
        if (depth == 0) {
            return Combinators.combine(text(), nullable(), frame().list().ofMaxSize(5))
                    .as((c, m, f) -> new ExceptionData(c, m, f, null, List.of()));
        }
        return Combinators.combine(text(), nullable(), frame().list().ofMaxSize(3),
                chained(depth - 1).injectNull(0.4), chained(depth - 1).list().ofMaxSize(2)).as(ExceptionData::new);
    }

    static Arbitrary<TracedExceptionData> traced() {
        return Combinators.combine(text(), Arbitraries.longs(), text(), nullable(), Arbitraries.longs(),
                Arbitraries.of(TracedExceptionData.Outcome.class), frame().list().ofMaxSize(4), frame().injectNull(0.3))
                .flatAs((thread, id, type, message, count, outcome, stack, stoppedAt) -> Arbitraries.of(true, false)
                        .map(jvmTrace -> new TracedExceptionData(thread, id, type, message, count, outcome, stack, stoppedAt, jvmTrace)));
    }

    Arbitrary<ProfileReply> profileReply(long id) {
        return Combinators.combine(text(), text(), nullable(), text(), Arbitraries.longs(), nullable(), nullable())
                .as((engine, event, note, collapsed, samples, jfr, paths) ->
                        new ProfileReply(id, engine, event, note, collapsed, samples, jfr, paths));
    }

    Arbitrary<RunBenchmark> runBenchmark(long id) {
        Arbitrary<Map<String, String>> params = Arbitraries.maps(text(), text()).ofMaxSize(3);
        return Combinators.combine(
                Combinators.combine(text(), text(), text(), text(), Arbitraries.of(TimeUnit.class), Arbitraries.integers(), params)
                        .as(java.util.Arrays::<Object>asList),
                Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), Arbitraries.integers(), Arbitraries.longs(),
                        Arbitraries.integers(), nullable(), nullable(), nullable()).as(java.util.Arrays::<Object>asList))
                .as((a, b) -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> p = (Map<String, String>) a.get(6);
                    return new RunBenchmark(id, (String) a.get(0), (String) a.get(1), (String) a.get(2), (String) a.get(3),
                            (TimeUnit) a.get(4), (Integer) a.get(5), p, (Integer) b.get(0), (Long) b.get(1),
                            (Integer) b.get(2), (Long) b.get(3), (Integer) b.get(4), (String) b.get(5),
                            (String) b.get(6), (String) b.get(7));
                });
    }

    static Arbitrary<BenchmarkInfo> benchmarkInfo() {
        Arbitrary<Map<String, List<String>>> params = Arbitraries.maps(text(), texts()).ofMaxSize(3);
        Arbitrary<Duration> time = Arbitraries.longs().between(0, 1_000_000_000_000L).map(Duration::ofNanos);
        return Combinators.combine(text(), text(), texts(), Arbitraries.of(TimeUnit.class), Arbitraries.integers(), time,
                Arbitraries.integers(), params)
                .as((cls, method, modes, unit, n, t, forks, p) -> BenchmarkInfo.builder(cls, method).modes(modes).timeUnit(unit)
                        .warmupIterations(n).warmupTime(t).measurementIterations(n).measurementTime(t).forks(forks)
                        .jvmArgs(modes, modes).threads(n).operationsPerInvocation(n).params(p)
                        .signature(cls, modes, method).build());
    }
}
