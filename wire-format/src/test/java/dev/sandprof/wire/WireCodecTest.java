package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;
import net.openhft.chronicle.wire.ValueOut;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WireCodecTest {

    private final WireCodec codec = new WireCodec();

    static ExceptionData sampleException() {
        ExceptionData cause = new ExceptionData("java.io.IOException", null,
                List.of(new StackFrameData("Io", "read", null, -1)), null, List.of());
        ExceptionData suppressed = new ExceptionData("java.lang.RuntimeException", "closing",
                List.of(new StackFrameData("Res", "close", "Res.java", 9)), null, List.of());
        return new ExceptionData("java.lang.IllegalStateException", "boom",
                List.of(new StackFrameData("App", "main", "App.java", 3),
                        new StackFrameData("App", "run", "App.java", -2)),
                cause, List.of(suppressed));
    }

    /** One instance of every message type the protocol has. */
    static Stream<Message> everyMessage() {
        return Stream.of(
                new Ping(1), new Shutdown(2), new Done(3),
                new DefineClasses(4, List.of(new ClassBytes("a.B", new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1}),
                        new ClassBytes("a.B$C", new byte[0]))),
                new AddClassPath(5, List.of("/tmp/x.jar", "/tmp/classes")),
                new InvokeMain(6, "App", List.of("one", "two words", ""), true),
                new InvokeStatic(7, "App", "answer"),
                new ValueReply(8, new RemoteRef(123, 456), "java.lang.Integer", "42"),
                new ValueReply(9, null, "void", ""),
                new ValueReply(13, new RemoteRef(1, 2), "java.util.ImmutableCollections$ListN", "[1]", "java.util.List"),
                new Evaluate(14, List.of(new ClassBytes("S1", new byte[] {1})), "S1", "eval",
                        List.of(new RemoteRef(5, 6), new RemoteRef(5, 7))),
                new CallMethod(15, new RemoteRef(5, 6), "add", List.of(new RemoteRef(5, 7))),
                new FreeRefs(16, 5, new long[] {1, 2, 3}),
                new CountRefs(17), new RefCount(18, 42), new Instrument(19, List.of("com.example.*", "/tmp/lib.jar")), new ThreadStacks(20),
                new ThreadStacksReply(21, List.of(new ThreadStack("main", 1, List.of("A.b", "A.a")),
                        new ThreadStack("worker", 9, List.of()))),
                new UserFailure(10, sampleException()),
                new ProtocolError(11, "no class named Foo"),
                new SandboxBug(39, sampleException()),
                new Output(12, Output.Stream.ERR, new byte[] {0, (byte) 0xFF, '\n'}),
                new TraceExceptions(22, true),
                new RedefineClasses(35, List.of(new ClassBytes("REPL.$JShell$3", new byte[] {1, 2}))),
                new Interrupt(38), new Heartbeat(40), new ReplValue(36, "REPL.$JShell$4", "do_it$", false), new ReplValue(37, "REPL.$JShell$5", "xs", true),
                new StartProfile(24, "async", "cpu", 10_000_000, "/tmp/p.jfr"), new StartProfile(25, "jfr", "alloc", 0, null),
                new StopProfile(26),
                new DescribeBenchmarks(29, List.of("ListBench", "b.Other")),
                new BenchmarkList(30, List.of(BenchmarkInfo.builder("ListBench", "add").modes(List.of("thrpt", "avgt"))
                        .timeUnit(java.util.concurrent.TimeUnit.MICROSECONDS).warmupIterations(3)
                        .warmupTime(java.time.Duration.ofMillis(200)).measurementIterations(5)
                        .measurementTime(java.time.Duration.ofMillis(200)).forks(2).jvmArgs(List.of("-Xmx1g"), List.of())
                        .threads(1).operationsPerInvocation(1).params(java.util.Map.of("size", List.of("10", "1000")))
                        .signature("ListBench", List.of("ListBench.Data", "org.openjdk.jmh.infra.Blackhole"), "int").build(),
                        // Nothing annotated: every value absent.
                        BenchmarkInfo.builder("b.Plain", "run").build())),
                new RunBenchmark(31, "ListBench", "add", "ListBench_add_Stub", "thrpt", java.util.concurrent.TimeUnit.SECONDS, 2,
                        java.util.Map.of("size", "10"), 3, 1_000_000_000, 5, 1_000_000_000, 1, null, null, null),
                new BenchmarkIteration(32, false, 1, 1234.5, 1_000_000, 1_000_000_000, new long[] {12, 13}),
                new BenchmarkIteration(33, false, 2, 1.5, 10, 20, new long[0]).withSecondary(java.util.Map.of("gc.count", 2.0)),
                new RunBenchmark(34, "B", "m", "B_m_SandprofStub", "avgt", java.util.concurrent.TimeUnit.NANOSECONDS, 1,
                        java.util.Map.of(), 1, 1, 1, 1, 1, "jfr", "cpu", "/tmp/b.jfr"),
                new ProfileReply(27, "async", "itimer", "perf_events denied", "Hot.main;Hot.spin 97\nHot.main 3\n", 120, null, null),
                new ProfileCollected(28, new ProfileReply(28, "agent", "cpu", null, "A.b 1\n", 1, null, "A.b 3 1\nA.b;A.c 2 0\n")),
                new ExceptionsTraced(23, List.of(
                        new TracedExceptionData("main", 1, "java.lang.NumberFormatException", "For input string: \"x\"", 3,
                                TracedExceptionData.Outcome.CAUGHT,
                                List.of(new StackFrameData("App", "parse", "App.java", 7), new StackFrameData("App", "main", "App.java", 3)),
                                new StackFrameData("App", "parse", "App.java", 8), true),
                        new TracedExceptionData("worker", Long.MAX_VALUE, "java.lang.NullPointerException", null, 1_000_000,
                                TracedExceptionData.Outcome.ESCAPED, List.of(new StackFrameData("App", "run", null, -1)), null, false))),
                new InputWanted(41), new Exiting(42),
                new RunJmhFork(43, sampleJmhParams(), List.of(new ClassBytes("org.openjdk.jmh.runner.SandprofForkRunner",
                        new byte[] {(byte) 0xCA, (byte) 0xFE})), true, false, true),
                new JmhIterationStarted(44, true, 1),
                new JmhIterationResult(45, false, 3, 1_000_000, 999_000, List.of(
                        new JmhResultData("ThroughputResult", "PRIMARY", "add", "ops/s", "SUM", 1234.5, null, null, null),
                        new JmhResultData("SampleTimeResult", "PRIMARY", "add", "s/op", "AVG", 0, new long[] {3, 7, 12},
                                null, "SECONDS"),
                        new JmhResultData("TextResult", "SECONDARY", "log", "", "", 0, null, "printed\n", null))),
                new JmhOutput(46, "println", "# Warmup Iteration   1: ünïcode"),
                new JmhForkEnded(47, 1_000, 2_000, 3_000, 40, 50));
    }

    /** Every field of a fork's {@code BenchmarkParams}, some empty, one absent (the JVM's name of a VM that has none). */
    static JmhBenchmarkParams sampleJmhParams() {
        java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("benchmark", "b.ListBench.add");
        f.put("generatedTarget", "b.jmh_generated.ListBench_add_jmhTest.add_Throughput");
        f.put("synchIterations", true);
        f.put("threads", 2);
        f.put("threadGroups", new int[] {1, 1});
        f.put("threadGroupLabels", List.of("reader", "writer"));
        f.put("forks", 2);
        f.put("warmupForks", 0);
        f.put("warmupCount", 3);
        f.put("warmupTime", 200L);
        f.put("warmupTimeUnit", "MILLISECONDS");
        f.put("warmupBatchSize", 1);
        f.put("measurementCount", 5);
        f.put("measurementTime", 1L);
        f.put("measurementTimeUnit", "SECONDS");
        f.put("measurementBatchSize", 1);
        f.put("mode", "thrpt");
        f.put("paramKeys", List.of("size"));
        f.put("paramValues", List.of("10"));
        f.put("paramOrders", new int[] {0});
        f.put("timeUnit", "SECONDS");
        f.put("opsPerInvocation", 1);
        f.put("jvm", "/usr/lib/jvm/java-17/bin/java");
        f.put("jvmArgs", List.of("-Xmx1g"));
        f.put("jdkVersion", "17.0.15");
        f.put("vmName", null);
        f.put("vmVersion", "17.0.15+6");
        f.put("jmhVersion", "1.37");
        f.put("timeout", 10L);
        f.put("timeoutUnit", "MINUTES");
        return JmhBenchmarkParams.of(f);
    }

    @Test
    void everyProtocolClassHasARoundTrip() {
        List<Class<?>> covered = everyMessage().map(Object::getClass).distinct().collect(java.util.stream.Collectors.toList());
        List<Class<?>> messages = ProtocolClasses.ALL.stream()
                .filter(Message.class::isAssignableFrom).collect(java.util.stream.Collectors.toList());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(messages);
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void roundTripsThroughTheBinaryCodec(Message message) {
        Message back = codec.decode(codec.encode(message));
        assertThat(back).isEqualTo(message).isNotSameAs(message);
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void roundTripsThroughItsYaml(Message message) {
        assertThat((Object) Marshallable.fromString(message.toString())).isEqualTo(message);
    }

    @Test
    void handshakeRoundTripsThroughItsOwnLayout() {
        Handshake h = new Handshake(Handshake.PROTOCOL_VERSION, 77, "25.0.1", 25, 5, List.of("agent", "x"),
                new byte[Handshake.SECRET_BYTES]);
        assertThat(Handshake.decode(h.encode())).isEqualTo(h);
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void onlyOutputStartsWithTheOutputTag(Message message) {
        ByteBuffer encoded = codec.encode(message);
        assertThat(encoded.get(encoded.position()) == WireCodec.OUTPUT_TAG).isEqualTo(message instanceof Output);
    }

    @Test
    void outputHasItsOwnLayoutTagStreamRequestIdThenTheBytes() {
        ByteBuffer b = codec.encode(new Output(0x0102030405060708L, Output.Stream.ERR, new byte[] {'h', 'i'}));
        assertThat(b.remaining()).isEqualTo(WireCodec.OUTPUT_HEADER_BYTES + 2);
        assertThat(b.get()).isEqualTo(WireCodec.OUTPUT_TAG);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.getLong()).isEqualTo(0x0102030405060708L);
        assertThat(b.get()).isEqualTo((byte) 'h');
    }

    @Test
    void outputFramesThatAreTooShortOrNameNoStreamAreRefused() {
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(new byte[] {WireCodec.OUTPUT_TAG, 0, 1})))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("output needs 10 bytes");
        byte[] third = new byte[WireCodec.OUTPUT_HEADER_BYTES];
        third[0] = WireCodec.OUTPUT_TAG;
        third[1] = 2;
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(third)))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("stream 2");
    }

    @Test
    void handshakeOfAnotherVersionNamesBothVersions() {
        ByteBuffer b = new Handshake(99, 1, "17", 17, 1, List.of()).encode();
        assertThatThrownBy(() -> Handshake.decode(b))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("version 99").hasMessageContaining("version " + Handshake.PROTOCOL_VERSION);
    }

    @Test
    void handshakeWithAnotherMagicIsRefused() {
        ByteBuffer b = ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\n".getBytes());
        assertThatThrownBy(() -> Handshake.decode(b))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not a sandprof sandbox");
    }

    @Test
    void truncatedHandshakeIsRefused() {
        ByteBuffer b = new Handshake(Handshake.PROTOCOL_VERSION, 1, "17", 17, 1, List.of()).encode();
        b.limit(b.limit() - 3);
        assertThatThrownBy(() -> Handshake.decode(b)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated");
    }

    /** A class whose construction would be a side effect: decoding must never build one. */
    public static final class Gadget extends SelfDescribingMarshallable {
        static final AtomicInteger CONSTRUCTED = new AtomicInteger();
        String command = "rm -rf /";

        public Gadget() {
            CONSTRUCTED.incrementAndGet();
        }
    }

    /** Writes a frame with Chronicle's default class lookup, which tags any class by its name. */
    private static ByteBuffer forgedFrame(Consumer<ValueOut> writer) {
        Bytes<ByteBuffer> bytes = Bytes.elasticHeapByteBuffer(256);
        Wire wire = WireType.BINARY_LIGHT.apply(bytes);
        writer.accept(wire.getValueOut());
        byte[] out = new byte[(int) bytes.readRemaining()];
        bytes.read(out);
        return ByteBuffer.wrap(out);
    }

    @Test
    void aFrameNamingAnArbitraryClassIsRefusedAndBuildsNothing() {
        ByteBuffer frame = forgedFrame(out -> out.object(new Gadget()));
        int before = Gadget.CONSTRUCTED.get();
        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(Gadget.class.getName())
                .hasMessageContaining("not a sandprof protocol class");
        assertThat(Gadget.CONSTRUCTED.get()).isEqualTo(before);
    }

    @Test
    void aFrameNamingJavaIoFileIsRefused() {
        ByteBuffer frame = forgedFrame(out -> out.typePrefix("java.io.File").text("/etc/passwd"));
        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("java.io.File");
    }

    @Test
    void aGadgetNestedInsideAProtocolMessageIsRefusedAndBuildsNothing() {
        ByteBuffer frame = forgedFrame(out -> out.typePrefix("UserFailure").marshallable(w -> {
            w.write("requestId").int64(1);
            w.write("exception").object(new Gadget());
        }));
        int before = Gadget.CONSTRUCTED.get();
        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOf(ProtocolException.class);
        assertThat(Gadget.CONSTRUCTED.get()).isEqualTo(before);
    }

    @Test
    void anUnknownMessageTypeIsRefused() {
        ByteBuffer frame = forgedFrame(out -> out.typePrefix("LaunchMissiles").marshallable(w -> w.write("requestId").int64(1)));
        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("LaunchMissiles");
    }

    @Test
    void aProtocolValueThatIsNotAMessageIsRefused() {
        ByteBuffer frame = codec.encode(new Ping(1));
        ByteBuffer notAMessage = forgedFrame(out -> out.object(new RemoteRef(1, 2)));
        assertThat(codec.decode(frame)).isEqualTo(new Ping(1));
        // RemoteRef is a protocol class, but only as a field: on its own it is no message.
        assertThatThrownBy(() -> new WireCodec().decode(notAMessage))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void garbageIsRefused() {
        ByteBuffer frame = ByteBuffer.wrap(new byte[] {(byte) 0xB6, 7, 'x', (byte) 0xFF, 0, 0});
        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void encodingAClassOutsideTheProtocolFails() {
        assertThatThrownBy(() -> codec.encode(new Message() {}))
                .hasMessageContaining("not a sandprof protocol class");
    }

    /**
     * Every string of a long trace may go beyond Latin-1: Chronicle's scratch buffer used to double
     * at each such string (26 frames ran a 1 GiB heap out of memory), see {@link DecodingWire}.
     */
    @Test
    void textBeyondLatin1InEveryFrameOfALongTraceRoundTrips() {
        List<StackFrameData> frames = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            frames.add(new StackFrameData("Klasse" + i, "tiefer日本", i % 2 == 0 ? "Nested.java" : "naïve☃.java", i));
        }
        String longMessage = "☃".repeat(3 * DecodingWire.SCRATCH_CHARS) + " and ü";
        ExceptionData cause = new ExceptionData("java.lang.IllegalStateException", longMessage, frames, null, List.of());
        UserFailure failure = new UserFailure(7, new ExceptionData("java.lang.RuntimeException", "naïve ☃ 日本",
                frames, cause, List.of(cause)));

        assertThat(new WireCodec().decode(codec.encode(failure))).isEqualTo(failure);
    }

    /**
     * A frame that WireCodecPropertyTest generated (14,876 bytes: causes and suppressed exceptions
     * with text beyond Latin-1) on which the decoder once ran to OutOfMemoryError.
     */
    @Test
    void theGeneratedNestedExceptionBeyondLatin1Decodes() throws IOException {
        byte[] frame;
        try (InputStream in = getClass().getResourceAsStream("regression/nested-non-latin1-user-failure.bin")) {
            frame = in.readAllBytes();
        }
        Message m = codec.decode(ByteBuffer.wrap(frame));
        assertThat(m).isInstanceOf(UserFailure.class);
        assertThat(new WireCodec().decode(new WireCodec().encode(m))).isEqualTo(m);
    }
}
