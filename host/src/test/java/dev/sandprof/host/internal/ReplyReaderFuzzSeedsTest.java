package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.BenchmarkInfo;
import dev.sandprof.wire.BenchmarkIteration;
import dev.sandprof.wire.BenchmarkList;
import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.ExceptionsTraced;
import dev.sandprof.wire.Message;
import dev.sandprof.wire.Output;
import dev.sandprof.wire.ProfileCollected;
import dev.sandprof.wire.ProfileReply;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.RefCount;
import dev.sandprof.wire.RemoteRef;
import dev.sandprof.wire.SandboxBug;
import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.ThreadStack;
import dev.sandprof.wire.ThreadStacksReply;
import dev.sandprof.wire.TracedExceptionData;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.ValueReply;
import dev.sandprof.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link ReplyReaderFuzzTest}, made from the current code in the layout of its
 * {@code Script}: each API call answered well, with events, with user and sandprof failures, with a
 * reply of the wrong type or for no request, with garbage, a lying header and a truncated frame.
 * Checks the committed files are what it makes; rewrites them with
 * {@code -Dsandprof.fuzz.writeSeeds=true}. Files it does not make (crash inputs) are left alone.
 */
class ReplyReaderFuzzSeedsTest {

    private static final Path INPUTS =
            Path.of("src/test/resources/dev/sandprof/host/internal/ReplyReaderFuzzTestInputs/readsAnySandboxOutput");

    /** Builds one input: the calls, then the answers in the order the requests come. */
    private static final class Seed {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final WireCodec codec = new WireCodec();

        Seed(int... ops) {
            out.write(ops.length);
            for (int op : ops) {
                out.write(op);
            }
        }

        /** One request's answer: frames (messages), well-formed replies ({@code null}) or raw bytes (byte[]). */
        Seed answer(Object... entries) {
            out.write(entries.length);
            for (Object e : entries) {
                if (e == null) {
                    word(ReplyReaderFuzzTest.Script.REPLY);
                } else if (e instanceof byte[]) {
                    byte[] raw = (byte[]) e;
                    word(ReplyReaderFuzzTest.Script.RAW | raw.length);
                    out.writeBytes(raw);
                } else if (e instanceof ByteBuffer) {
                    frame((ByteBuffer) e);
                } else {
                    frame(codec.encode((Message) e));
                }
            }
            return this;
        }

        private void frame(ByteBuffer payload) {
            byte[] b = new byte[payload.remaining()];
            payload.duplicate().get(b);
            word(b.length);
            out.writeBytes(b);
        }

        private void word(int w) {
            out.write(w >> 8);
            out.write(w & 0xFF);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static Map<String, byte[]> seeds() {
        ExceptionData boom = new ExceptionData("java.lang.IllegalStateException", "boom",
                List.of(new StackFrameData("App", "main", "App.java", 3)),
                new ExceptionData("java.io.IOException", null, List.of(), null, List.of()), List.of());
        ProfileReply profile = new ProfileReply(3, "agent", "cpu", null, "App.main;App.spin 3\nApp.main 1\n", 4, null,
                "App.main 4 1\nApp.main;App.spin 3 3\n");
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Seed every = new Seed(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        for (int i = 0; i < 40; i++) {
            every.answer((Object) null);
        }
        seeds.put("every-call-answered", every.bytes());
        seeds.put("ping", new Seed(0).answer((Object) null).bytes());
        seeds.put("value-then-call-then-free", new Seed(1, 2, 14, 0)
                .answer(new Output(1, Output.Stream.OUT, "hi\n".getBytes()),
                        new ValueReply(1, new RemoteRef(ReplyReaderFuzzTest.EPOCH, 1), "java.lang.Integer", "42"))
                .answer(new ValueReply(2, new RemoteRef(ReplyReaderFuzzTest.EPOCH, 2), "java.util.ArrayList", "[]", "java.util.List"))
                .answer((Object) null).answer((Object) null).answer((Object) null).bytes());
        seeds.put("run-main-with-output", new Seed(3)
                .answer(new Output(1, Output.Stream.OUT, "out\n".getBytes()), new Output(1, Output.Stream.ERR, "err\n".getBytes()),
                        new Output(0, Output.Stream.OUT, "from a thread left behind\n".getBytes()), null).bytes());
        seeds.put("thread-stacks", new Seed(4)
                .answer(new ThreadStacksReply(1, List.of(new ThreadStack("main", 1, List.of("App.main", "App.spin"))))).bytes());
        seeds.put("live-refs", new Seed(5).answer(new RefCount(1, 3)).bytes());
        seeds.put("benchmarks", new Seed(6).answer(new BenchmarkList(1, List.of(
                BenchmarkInfo.builder("Bench", "run").modes(List.of("thrpt")).build()))).bytes());
        seeds.put("repl-value", new Seed(7).answer(new ValueReply(1, null, "int", "3")).bytes());
        seeds.put("trace", new Seed(8).answer((Object) null)
                .answer(new ExceptionsTraced(2, List.of(new TracedExceptionData("main", 1, "java.lang.RuntimeException", "x", 2,
                        TracedExceptionData.Outcome.CAUGHT, List.of(new StackFrameData("App", "main", null, -1)),
                        new StackFrameData("App", "main", "App.java", 4), false))), null)
                .answer((Object) null).bytes());
        seeds.put("profile", new Seed(9).answer((Object) null).answer((Object) null).answer(profile).bytes());
        seeds.put("benchmark-run", new Seed(12).answer(
                new BenchmarkIteration(1, true, 1, 12.5, 100, 1_000_000, new long[] {1, 2}),
                new ProfileCollected(1, profile), null).bytes());
        seeds.put("user-failure", new Seed(0).answer(new UserFailure(1, boom)).bytes());
        seeds.put("sandbox-bug", new Seed(0).answer(new SandboxBug(1, boom)).bytes());
        seeds.put("refused", new Seed(0).answer(new ProtocolError(1, "no such class")).bytes());
        seeds.put("reply-of-the-wrong-type", new Seed(5).answer(new ValueReply(1, null, "void", "")).bytes());
        seeds.put("reply-for-no-request", new Seed(0).answer(new RefCount(99, 1), new ProtocolError(98, "?"), null).bytes());
        seeds.put("garbage-frame", new Seed(0, 0).answer(ByteBuffer.wrap(new byte[] {(byte) 0xB6, 7, 'x', (byte) 0xFF, 0, 0})).bytes());
        seeds.put("lying-header", new Seed(0, 0).answer((Object) new byte[] {0x03, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 1, 2}).bytes());
        seeds.put("over-the-cap", new Seed(0).answer((Object) new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}).bytes());
        seeds.put("truncated-header", new Seed(0, 0).answer((Object) new byte[] {0, 0}).bytes());
        return seeds;
    }

    @Test
    void committedSeedsAreWhatTheCodeMakes() throws IOException {
        Map<String, byte[]> seeds = seeds();
        if (Boolean.getBoolean("sandprof.fuzz.writeSeeds")) {
            Files.createDirectories(INPUTS);
            for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
                Files.write(INPUTS.resolve(seed.getKey()), seed.getValue());
            }
        }
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Path file = INPUTS.resolve(seed.getKey());
            assertThat(file).as("seed %s is missing: rewrite the seeds with -Dsandprof.fuzz.writeSeeds=true", file).exists();
            assertThat(Files.readAllBytes(file))
                    .as("seed %s is not what the code makes now: rewrite the seeds with -Dsandprof.fuzz.writeSeeds=true", file)
                    .isEqualTo(seed.getValue());
        }
    }
}
