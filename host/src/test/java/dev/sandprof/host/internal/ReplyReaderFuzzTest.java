package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sandprof.host.ForeignRef;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.ProfileOptions;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandboxInfo;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.bench.BenchmarkRun;
import dev.sandprof.wire.BenchmarkList;
import dev.sandprof.wire.Done;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.Framing;
import dev.sandprof.wire.Message;
import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.ProfileReply;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.RefCount;
import dev.sandprof.wire.RemoteRef;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.ThreadStacksReply;
import dev.sandprof.wire.ValueReply;
import dev.sandprof.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the host's reply reader: the real {@link SandboxProcess} reader thread over a real
 * Unix-domain socket, with a real (short-lived) child process, driven through the real
 * {@link RequestingInterpreter} API. A thread plays the sandbox: it reads each request and answers
 * with the frames the input gives (any payload, replies for any id, events for any request, a
 * well-formed reply for the request, raw bytes such as a lying header), then a refusal so that no
 * request waits on an answer the input did not give. Required: every call returns or throws a
 * {@link SandboxException} (the API's declared failures), never another exception; every call and
 * the reader end within a bound (no hang); nothing a length claims is allocated before it comes.
 *
 * <p>Seeds: {@code src/test/resources/dev/sandprof/host/internal/ReplyReaderFuzzTestInputs/readsAnySandboxOutput/}
 * (written by {@link ReplyReaderFuzzSeedsTest}). Input layout: see {@link Script}.
 */
class ReplyReaderFuzzTest {

    /** Past this, a call or the reader counts as hung: far above what one input takes on a busy machine. */
    private static final Duration BOUND = Duration.ofSeconds(30);
    /** The epoch of the fuzzed sandbox: refs of other epochs are stale. */
    static final long EPOCH = 5;

    private static final ExecutorService CALLER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-caller");
        t.setDaemon(true);
        return t;
    });
    private static Path socketDir;

    @AfterAll
    static void cleanUp() throws IOException {
        if (socketDir != null) {
            Files.deleteIfExists(socketDir);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void readsAnySandboxOutput(byte[] input) throws Exception {
        Script script = new Script(input);
        SocketChannel hostSide;
        SocketChannel sandboxSide;
        synchronized (ReplyReaderFuzzTest.class) {
            if (socketDir == null) {
                socketDir = Files.createTempDirectory("sandprof-fuzz-");
            }
            Path socket = socketDir.resolve("channel");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                sandboxSide = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                hostSide = server.accept();
            } finally {
                Files.deleteIfExists(socket);
            }
        }
        Process process = new ProcessBuilder("true").start();
        process.getOutputStream().close();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        SandboxOptions options = SandboxOptions.builder().stdout(stdout).stderr(stderr).build();
        StderrTail tail = new StderrTail();
        Thread outPump = SandboxProcess.pump(process.getInputStream(), stdout, null, "fuzz-stdout");
        Thread errPump = SandboxProcess.pump(process.getErrorStream(), stderr, tail, "fuzz-stderr");
        FuzzedInterpreter interpreter = new FuzzedInterpreter(options);
        SandboxInfo info = new SandboxInfo(process.pid(), "17", 17, EPOCH, List.of());
        SandboxProcess sandbox = new SandboxProcess(process, MessageChannel.over(hostSide, Framing.DEFAULT_MAX_FRAME_BYTES), null,
                info, tail, outPump, errPump, interpreter.inScope);
        interpreter.sandbox = sandbox;
        Thread answering = new Thread(() -> script.answer(sandboxSide), "fuzz-sandbox");
        answering.setDaemon(true);
        answering.start();
        try {
            Future<?> calls = CALLER.submit(() -> script.operations().forEach(op -> perform(op, interpreter)));
            try {
                calls.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("a call hung past " + BOUND + " on input " + script, e);
            } catch (ExecutionException e) {
                throw new AssertionError("a call failed with an undeclared " + e.getCause().getClass().getName()
                        + " on input " + script, e.getCause());
            }
        } finally {
            // As the sandbox's end would: the host reads the end of the stream, and the sandbox
            // thread's blocked read returns (closing alone would wait for that read to end).
            end(sandboxSide);
        }
        try {
            sandbox.death().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the reader did not end within " + BOUND + " of the channel's end", e);
        }
        answering.join(BOUND.toMillis());
        assertThat(answering.isAlive()).as("the sandbox thread ended").isFalse();
    }

    private static void end(SocketChannel socket) throws IOException {
        try {
            socket.shutdownOutput();
            socket.shutdownInput();
        } catch (IOException alreadyClosed) {
            // the sandbox thread closed it
        }
        socket.close();
    }

    /** One call of the API; what it returns is used as a caller would, so that lazy failures show. */
    private static void perform(int op, FuzzedInterpreter in) {
        try {
            switch (op) {
                case 0: in.ping(); break;
                case 1: {
                    ForeignRef<?> value = in.invokeStatic("App", "answer");
                    value.toString();
                    in.refs.add(value);
                    break;
                }
                case 2: {
                    ForeignRef<?> target = in.refs.isEmpty() ? null : in.refs.get(in.refs.size() - 1);
                    if (target != null && ForeignRefs.remote(target).isPresent()) {
                        in.refs.add(in.call(target, "next", target));
                    } else {
                        in.ping();
                    }
                    break;
                }
                case 3: in.runMain("App", List.of("a")); break;
                case 4: in.threadStacks().forEach(s -> s.toString()); break;
                case 5: in.liveRefs(); break;
                case 6: in.describeBenchmarks(List.of("Bench")).forEach(b -> b.toString()); break;
                case 7: in.replValue("REPL.$JShell$1", "x", true); break;
                case 8: in.traceExceptions(Interpreter::ping).toString(); break;
                case 9: in.profile(ProfileOptions.of(ProfileOptions.Engine.AGENT, "cpu"), Interpreter::ping).toString(); break;
                case 10: in.define(Map.of("App", new byte[] {(byte) 0xCA, (byte) 0xFE})); break;
                case 11: in.instrument(List.of("com.example.*")); break;
                case 12: in.runBenchmark(BenchmarkRun.builder("Bench", "run", "Bench_run_Stub").build(),
                        iteration -> iteration.toString(), profile -> profile.toString()); break;
                case 13: in.interrupt(); break;
                case 14: {
                    if (!in.refs.isEmpty()) {
                        in.refs.remove(0).close();
                    }
                    in.ping();
                    break;
                }
                default: in.addClassPath(List.of(Path.of("/tmp/sandprof-fuzz.jar"))); break;
            }
        } catch (SandboxException declared) {
            assertThat(declared.getMessage()).isNotNull();
        }
    }

    /**
     * The input, read as: one byte for the number of calls (low 4 bits), one byte per call (which
     * API call), then one answer per request the sandbox receives: a byte for its number of entries
     * (low 3 bits), each entry a 2-byte word and what it says. A word {@code 0b00LLL...}: a frame
     * whose payload is the next L bytes; {@code 0b01...}: a well-formed reply to this request;
     * {@code 0b1LLL...}: the next L bytes sent raw, then the channel closed. Every answer ends with a
     * refusal of the request. Whatever the input lacks counts as zero.
     */
    static final class Script {
        static final int FRAME = 0, REPLY = 0x4000, RAW = 0x8000;
        private final byte[] input;
        private final List<Integer> ops = new ArrayList<>();
        private int position;

        Script(byte[] input) {
            this.input = input;
            int n = next() & 15;
            for (int i = 0; i < n; i++) {
                ops.add(next() % 16);
            }
        }

        List<Integer> operations() {
            return ops;
        }

        private int next() {
            return position < input.length ? input[position++] & 0xFF : 0;
        }

        private byte[] take(int n) {
            int from = Math.min(position, input.length);
            int to = Math.min(input.length, from + n);
            position = to;
            return java.util.Arrays.copyOfRange(input, from, to);
        }

        /** Plays the sandbox until the host closes the channel or the input closes it. */
        void answer(SocketChannel socket) {
            WireCodec codec = new WireCodec();
            try (socket) {
                MessageChannel requests = MessageChannel.over(socket, Framing.DEFAULT_MAX_FRAME_BYTES);
                Message m;
                while ((m = requests.receive()) != null) {
                    Request<?> request = (Request<?>) m;
                    int entries = next() & 7;
                    for (int i = 0; i < entries; i++) {
                        int word = (next() << 8) | next();
                        if ((word & RAW) != 0) {
                            write(socket, ByteBuffer.wrap(take(word & 0x7FFF)));
                            socket.shutdownOutput();
                            return;
                        } else if ((word & REPLY) != 0) {
                            frame(socket, codec.encode(wellFormedReply(request)));
                        } else {
                            frame(socket, ByteBuffer.wrap(take(word & 0x3FFF)));
                        }
                    }
                    frame(socket, codec.encode(new ProtocolError(request.requestId(), "fuzz: no more answers")));
                }
            } catch (IOException | RuntimeException e) {
                // the host closed the channel, or refused what came: its side is what is tested
            }
        }

        private static void frame(SocketChannel socket, ByteBuffer payload) throws IOException {
            ByteBuffer header = ByteBuffer.allocate(4).putInt(payload.remaining()).flip();
            write(socket, header);
            write(socket, payload);
        }

        private static void write(SocketChannel socket, ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                socket.write(b);
            }
        }

        @Override
        public String toString() {
            StringBuilder hex = new StringBuilder();
            for (byte b : input) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        }
    }

    /** The reply a sound sandbox gives, with the request's own id. */
    static Reply wellFormedReply(Request<?> request) {
        long id = request.requestId();
        Class<?> type = request.replyType();
        if (type == ValueReply.class) {
            return new ValueReply(id, new RemoteRef(EPOCH, id), "java.lang.Integer", "42");
        } else if (type == RefCount.class) {
            return new RefCount(id, 1);
        } else if (type == ThreadStacksReply.class) {
            return new ThreadStacksReply(id, List.of());
        } else if (type == BenchmarkList.class) {
            return new BenchmarkList(id, List.of());
        } else if (type == ProfileReply.class) {
            return new ProfileReply(id, "agent", "cpu", null, "A.b 1\n", 1, null, null);
        }
        return new Done(id);
    }

    /** The interpreter API over one fuzzed sandbox, as {@link ExternalInterpreter} is over a real one. */
    static final class FuzzedInterpreter extends RequestingInterpreter {
        final List<ForeignRef<?>> refs = new ArrayList<>();
        SandboxProcess sandbox;

        FuzzedInterpreter(SandboxOptions options) {
            super(options);
        }

        @Override
        Reply send(Request<?> request, EventListener listener) {
            return sandbox.call(request, listener, null);
        }

        @Override
        void sendAhead(Request<?> request) {
            sandbox.sendAhead(request);
        }

        @Override
        long epoch() {
            return EPOCH;
        }

        @Override
        boolean running() {
            return sandbox.isAlive();
        }

        @Override
        public SandboxInfo info() {
            return sandbox.info();
        }

        @Override
        public boolean isExternal() {
            return true;
        }

        @Override
        public int sandboxFeature() {
            return 17;
        }

        @Override
        public List<Path> benchmarkClassPath() {
            return List.of();
        }

        @Override
        public Object wormhole(ForeignRef<?> ref) {
            throw new UnsupportedOperationException("no wormhole into a fuzzed sandbox");
        }

        @Override
        public void restart() {
            throw new UnsupportedOperationException("a fuzzed sandbox is not restarted");
        }

        @Override
        public void close() {
            sandbox.end();
        }
    }
}
