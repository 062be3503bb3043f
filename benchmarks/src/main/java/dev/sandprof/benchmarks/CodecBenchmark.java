package dev.sandprof.benchmarks;

import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.InvokeMain;
import dev.sandprof.wire.Message;
import dev.sandprof.wire.RemoteRef;
import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.ValueReply;
import dev.sandprof.wire.WireCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link WireCodec} encoding and decoding a typical request (InvokeMain with two arguments) and
 * typical replies (a ValueReply with a ref, a UserFailure carrying a 10-frame exception).
 *
 * <p>Run: {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main CodecBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The forked JVM loads Chronicle, which needs these flags (DEPENDENCIES.md).
@Fork(value = 1, jvmArgsAppend = {
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"})
public class CodecBenchmark {

    private final WireCodec encoder = new WireCodec();
    private final WireCodec decoder = new WireCodec();

    private Message invokeMain;
    private Message valueReply;
    private Message userFailure;
    private ByteBuffer invokeMainFrame;
    private ByteBuffer valueReplyFrame;
    private ByteBuffer userFailureFrame;

    @Setup
    public void setUp() {
        invokeMain = new InvokeMain(42, "com.example.App", List.of("--input", "data.csv"), true);
        valueReply = new ValueReply(42, new RemoteRef(-3_141_592_653L, 17), "java.lang.Integer", "42");
        userFailure = new UserFailure(42, tenFrameException());
        invokeMainFrame = frameOf(invokeMain);
        valueReplyFrame = frameOf(valueReply);
        userFailureFrame = frameOf(userFailure);
    }

    /** The message's encoding in a buffer of its own; checked to decode back to an equal message. */
    private ByteBuffer frameOf(Message m) {
        ByteBuffer encoded = encoder.encode(m);
        ByteBuffer copy = ByteBuffer.allocate(encoded.remaining()).put(encoded).flip();
        for (int i = 0; i < 2; i++) { // twice: decoding must leave the frame as it was
            if (!decoder.decode(copy).equals(m)) {
                throw new IllegalStateException("WireCodec does not round-trip " + m);
            }
        }
        return copy;
    }

    /** What a sandboxed main that threw looks like: user frames under the sandbox's reflective call. */
    private static ExceptionData tenFrameException() {
        List<StackFrameData> frames = new ArrayList<>();
        frames.add(new StackFrameData("com.example.Parser", "parseLine", "Parser.java", 88));
        frames.add(new StackFrameData("com.example.Parser", "parse", "Parser.java", 41));
        frames.add(new StackFrameData("com.example.Loader", "load", "Loader.java", 23));
        frames.add(new StackFrameData("com.example.App", "run", "App.java", 57));
        frames.add(new StackFrameData("com.example.App", "main", "App.java", 12));
        frames.add(new StackFrameData("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2));
        frames.add(new StackFrameData("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke", "NativeMethodAccessorImpl.java", 77));
        frames.add(new StackFrameData("jdk.internal.reflect.DelegatingMethodAccessorImpl", "invoke", "DelegatingMethodAccessorImpl.java", 43));
        frames.add(new StackFrameData("java.lang.reflect.Method", "invoke", "Method.java", 568));
        frames.add(new StackFrameData("dev.sandprof.sandbox.SandboxRuntime", "invoke", "SandboxRuntime.java", 107));
        return new ExceptionData("java.lang.NumberFormatException", "For input string: \"12x\"", frames, null, List.of());
    }

    @Benchmark
    public ByteBuffer encodeInvokeMain() {
        return encoder.encode(invokeMain);
    }

    @Benchmark
    public Message decodeInvokeMain() {
        return decoder.decode(invokeMainFrame);
    }

    @Benchmark
    public ByteBuffer encodeValueReply() {
        return encoder.encode(valueReply);
    }

    @Benchmark
    public Message decodeValueReply() {
        return decoder.decode(valueReplyFrame);
    }

    @Benchmark
    public ByteBuffer encodeUserFailure() {
        return encoder.encode(userFailure);
    }

    @Benchmark
    public Message decodeUserFailure() {
        return decoder.decode(userFailureFrame);
    }
}
