package dev.sandprof.sandbox;

import dev.sandprof.wire.Event;
import dev.sandprof.wire.ExceptionsTraced;
import dev.sandprof.wire.Framing;
import dev.sandprof.wire.Handshake;
import dev.sandprof.wire.Exiting;
import dev.sandprof.wire.InputWanted;
import dev.sandprof.wire.MalformedFrameException;
import dev.sandprof.wire.Message;
import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.OutputRing;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProfileCollected;
import dev.sandprof.wire.ProfileReply;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.SandboxBug;
import dev.sandprof.wire.Shutdown;
import dev.sandprof.wire.TracedExceptionData;
import dev.sandprof.wire.WireCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The sandbox JVM's entry point: connects back to the host over the Unix-domain socket named on
 * the command line, sends the handshake, then serves requests in order on the thread named
 * {@code main} until a {@link Shutdown} or until the host closes the channel.
 *
 * <p>Usage: {@code SandboxMain --connect SOCKET --epoch N}, with the launch secret
 * ({@link Handshake#SECRET_BYTES} bytes) on stdin, or {@code SandboxMain --train} for the session
 * that trains a class-data archive ({@link ArchiveTraining}). Its own complaints go to the real
 * stderr (file descriptor 2), which the host keeps for reporting how a sandbox died.
 */
public final class SandboxMain {

    /** The exit status of a sandbox that ended because it could no longer serve. */
    static final int FAILED = 70;
    private static final StackTraceElement[] NO_CALL_SITE = new StackTraceElement[0];

    private final MessageChannel channel;
    private final SandboxRuntime runtime;
    private final BlockingQueue<Request<?>> requests = new LinkedBlockingQueue<>();
    private final PrintStream diagnostics = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
    /** fd 2 without a buffer or an encoder, and a line made in advance: for when nothing can be allocated. */
    private final FileOutputStream lastWords = new FileOutputStream(FileDescriptor.err);
    // Made when the class is: a string literal is made at its first use, which out of memory fails.
    private static final String SERVING_FAILED = String.valueOf("the thread serving requests failed");
    private static final String READING_FAILED = String.valueOf("the thread reading requests failed");
    private static final String DECODING_FAILED = String.valueOf("the thread reading requests could not decode one: the heap stayed full");
    private static final byte[] FAILED_LINE = ("sandprof sandbox: sandprof's own thread ran out of memory"
            + " (java.lang.OutOfMemoryError) with the heap full, ending\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private final OutputCapture output;
    /** Requests handed to the main thread and not yet answered. */
    private final AtomicInteger handedToMain = new AtomicInteger();
    /** The request in turn now, or last: what output and the sandbox's last events are tagged with. */
    private volatile long currentRequest;
    /** Rewrites the JDK's stack-trace methods ({@link AgentRequests#trimProgramStackTraces}); {@code null} once waited for. */
    private Thread traceTrimming;
    private static final long TRACE_TRIMMING_BOUND_NANOS = TimeUnit.SECONDS.toNanos(120);
    /** Set once the sandbox is on its way out, so the channel closing is no longer news. */
    private volatile boolean ending;

    private SandboxMain(MessageChannel channel, OutputRing ring, long epoch) {
        this.channel = channel;
        this.runtime = new SandboxRuntime(epoch, ClassLoader.getSystemClassLoader(), this::sendEvent);
        this.output = new OutputCapture(channel, ring, () -> currentRequest, diagnostics);
    }

    /**
     * {@code -Dsandprof.sandbox.sigint=ignore}: the sandbox ignores SIGINT, which a terminal sends to
     * every process of its foreground group when the user types Ctrl-C.
     */
    public static final String SIGINT_PROPERTY = "sandprof.sandbox.sigint";

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--train")) {
            ArchiveTraining.run();
            return;
        }
        String socket = null;
        String ring = null;
        long epoch = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--connect": socket = args[i + 1]; break;
                case "--epoch": epoch = Long.parseLong(args[i + 1]); break;
                case "--output-ring": ring = args[i + 1]; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (socket == null) {
            throw new IllegalArgumentException("usage: SandboxMain --connect SOCKET --epoch N [--output-ring FILE],"
                    + " with the launch secret on stdin");
        }
        connectAndServe(socket, ring, epoch, readSecret(), true);
    }

    /**
     * The launch secret, read before anything else: the host wrote it to this JVM's stdin as it
     * started it, and the handshake proves it (see {@link Handshake}). Read from file descriptor 0
     * itself, exactly so many bytes, never through {@code System.in}: its buffer would read ahead
     * into whatever the host sends after the secret, which is the program's.
     */
    private static byte[] readSecret() {
        String why;
        try {
            byte[] secret = new byte[Handshake.SECRET_BYTES];
            // Not readNBytes(int): on 17 FileInputStream's asks a pipe for its position ("Illegal seek").
            int got = new FileInputStream(FileDescriptor.in).readNBytes(secret, 0, secret.length);
            if (got == secret.length) {
                return secret;
            }
            why = "stdin ended after " + got + " of the " + Handshake.SECRET_BYTES + " bytes of the launch secret";
        } catch (IOException e) {
            why = "cannot read the launch secret from stdin: " + e.getMessage();
        }
        System.err.println("sandprof sandbox: " + why + ": a sandbox is started by the sandprof host,"
                + " which writes the secret to its stdin (it is on no command line and in no file)");
        System.exit(2);
        throw new IllegalStateException(why); // not reached: exit does not return
    }

    /**
     * Connects back to the host, proves the secret in the handshake and serves until the end.
     *
     * @param ring the file of the ring the program's output goes through, or {@code null} to send it on the channel
     * @param trimTraces whether to have the agent cut sandprof's frames from the program's stack
     *     traces ({@link AgentRequests#trimProgramStackTraces}): not while training an archive, where
     *     JDK 25.0.3 crashed dumping its AOT cache (SIGSEGV in {@code ArchiveBuilder::get_buffered_addr})
     *     after {@code Throwable} and {@code Thread} had been rewritten
     */
    static void connectAndServe(String socket, String ring, long epoch, byte[] secret, boolean trimTraces) throws IOException {
        if ("ignore".equals(System.getProperty(SIGINT_PROPERTY))) {
            // A terminal's Ctrl-C goes to its whole process group, this JVM included; the host that
            // asked for this (the REPL) interrupts the running snippet itself, over the channel.
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        }
        // Chronicle Wire's class initialisation (~100 ms even from an archive) starts at once, beside
        // the connection and the handshake: measured, the first answer came ~15 ms sooner and the
        // handshake ~7 ms later.
        Thread warm = new Thread(SandboxMain::warmCodec, "sandprof-warm-codec");
        warm.setDaemon(true);
        warm.start();
        // Mapped before the handshake: the host deletes the file once it has the handshake.
        OutputRing outputRing = ring == null ? null : OutputRing.open(Path.of(ring));
        SocketChannel sc = SocketChannel.open(StandardProtocolFamily.UNIX);
        sc.connect(UnixDomainSocketAddress.of(socket));
        // The handshake goes out before anything touches Chronicle Wire: its class initialisation
        // is most of a cold start, and the host can go on while this JVM pays for it.
        new Framing(Framing.DEFAULT_MAX_FRAME_BYTES).write(sc, new Handshake(Handshake.PROTOCOL_VERSION,
                ProcessHandle.current().pid(), System.getProperty("java.version"), Runtime.version().feature(),
                epoch, capabilities(), secret).encode());
        MessageChannel channel = MessageChannel.over(sc, Framing.DEFAULT_MAX_FRAME_BYTES);
        new SandboxMain(channel, outputRing, epoch).serve(trimTraces);
    }

    private static void warmCodec() {
        WireCodec codec = new WireCodec();
        codec.decode(codec.encode(new Ping(0)));
    }

    private static List<String> capabilities() {
        List<String> caps = new ArrayList<>();
        if (AgentPresence.present()) {
            caps.add(Handshake.AGENT);
        }
        return caps;
    }

    private void serve(boolean trimTraces) {
        try {
            MemoryReserve.arm();
            // Beside the first requests (class definitions, the host still compiling): it takes
            // 0.1-0.3 s of a loaded machine, and only user code has to wait for it.
            if (trimTraces) {
                traceTrimming = new Thread(() -> AgentRequests.trimProgramStackTraces(diagnostics), "sandprof-stack-traces");
                traceTrimming.setDaemon(true);
                traceTrimming.start();
            }
            output.install();
            ProgramInput.install(output::flush, () -> sendQuietly(new InputWanted(currentRequest)));
            // System.exit in user code, or a signal: the host hears at once that this JVM is exiting
            // (it bounds how long that may take), and what the program printed, also in its own
            // shutdown hooks, and what was recorded, still reach it before the channel closes.
            Runtime.getRuntime().addShutdownHook(new Thread(this::exiting, "sandprof-exiting"));
            if (!LastShutdownHook.register(this::end)) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::end, "sandprof-flush-on-exit"));
            }
            Thread reader = new Thread(this::readLoop, "sandprof-channel");
            reader.setDaemon(true);
            reader.start();
            while (true) {
                answer(take(), true);
                handedToMain.decrementAndGet();
            }
        } catch (Throwable e) {
            fail(SERVING_FAILED, e);
        }
    }

    /**
     * Answers one request: whatever handling it throws (user code's hostile exceptions, an
     * {@code OutOfMemoryError} or {@code StackOverflowError} inside capture, a reply that cannot be
     * encoded or is over the frame cap), the request gets a reply, if only a {@link SandboxBug}
     * saying what went wrong.
     *
     * @param onMain whether on the main thread, which runs user code and reports what it raised
     */
    private void answer(Request<?> request, boolean onMain) {
        long id = request.requestId();
        if (!request.outOfTurn()) {
            currentRequest = id; // a request answered beside the running one must not take its output
        }
        if (onMain) {
            MemoryReserve.arm();
            if (request.runsUserCode()) {
                awaitTraceTrimming();
            }
        }
        Reply reply;
        try {
            reply = runtime.handle(request);
        } catch (OutOfMemoryError e) {
            // The program filled the heap (it may catch that and go on): a request that runs no user
            // code, a liveness check say, is answered with the reserve; any other gets a bug report.
            MemoryReserve.release();
            reply = request.runsUserCode() ? bug(id, e) : replyOnceMore(request);
        } catch (Throwable e) {
            reply = bug(id, e);
        }
        try {
            output.flush();
        } catch (Throwable e) {
            diagnostics.println("sandprof sandbox: output could not be sent, some was lost: " + e.getClass().getName());
        }
        if (onMain) {
            sendTracedExceptions(id);
        }
        if (request instanceof Shutdown) {
            // What is still held goes before the reply, with the shutdown's id: the host is still
            // listening for that request's events until its reply comes.
            deliverLast(id);
            sendReply(request, reply);
            closeChannel();
            // halt, not exit: a user shutdown hook must not keep a sandbox alive after shutdown
            Runtime.getRuntime().halt(0);
        }
        sendReply(request, reply);
    }

    /** User code must see no trace with sandprof's frames: it waits for the rewriting, once, within a bound. */
    private void awaitTraceTrimming() {
        Thread trimming = traceTrimming;
        if (trimming == null) {
            return;
        }
        long deadline = System.nanoTime() + TRACE_TRIMMING_BOUND_NANOS;
        boolean interrupted = false;
        while (trimming.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                diagnostics.println("sandprof sandbox: the JDK's stack-trace methods were not rewritten within "
                        + TimeUnit.NANOSECONDS.toSeconds(TRACE_TRIMMING_BOUND_NANOS)
                        + " s: the program starts, and its stack traces may show sandprof's frames below main");
                break;
            }
            try {
                trimming.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        traceTrimming = null;
    }

    private Reply replyOnceMore(Request<?> request) {
        try {
            return runtime.handle(request);
        } catch (Throwable e) {
            return bug(request.requestId(), e);
        }
    }

    private static Reply bug(long id, Throwable e) {
        return new SandboxBug(id, ExceptionCapture.capture(e, NO_CALL_SITE));
    }

    /** Sends a reply; one that runs out of memory as it is encoded is sent again with the reserve. */
    private void sendReply(Request<?> request, Reply reply) {
        try {
            try {
                RequestDispatch.send(channel, request, reply);
            } catch (OutOfMemoryError e) {
                // Encoding failed before a byte was written (a frame is encoded whole, then written).
                MemoryReserve.release();
                RequestDispatch.send(channel, request, reply);
            }
        } catch (IOException e) {
            // The channel broke: the reader sees it too and ends the sandbox.
        }
    }

    /**
     * The sandbox cannot go on serving: it ends at once, saying why on its real stderr, which the
     * host quotes. Out of memory (the program's heap full, the reserve spent), building the line or
     * even {@code halt} (linked at its first call) can fail: a line made in advance is said instead,
     * and the channel is closed, so that the host, which ends a sandbox that closed its channel
     * and did not exit, is never left waiting on a sandbox that serves no more.
     */
    private void fail(String what, Throwable e) {
        MemoryReserve.release();
        try {
            diagnostics.println("sandprof sandbox: " + what + ", ending: " + e.getClass().getName() + ": "
                    + ExceptionCapture.cut(e.getMessage(), 1_000));
            diagnostics.flush();
        } catch (Throwable notEvenThat) {
            try {
                lastWords.write(FAILED_LINE);
            } catch (Throwable nothingMore) {
                // ending all the same
            }
        }
        for (int attempt = 0; ; attempt++) {
            try {
                Runtime.getRuntime().halt(FAILED);
            } catch (Throwable haltFailed) {
                if (attempt == 0) {
                    closeChannel();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    /** {@code System.exit} in user code: what it printed, raised and profiled last must still reach the host. */
    private void exiting() {
        sendEvent(new Exiting(currentRequest));
    }

    private void end() {
        deliverLast(currentRequest);
        closeChannel();
    }

    private void deliverLast(long requestId) {
        output.flush();
        sendTracedExceptions(requestId);
        ProfileReply profile = runtime.stopProfileAtExit(requestId);
        if (profile != null) {
            sendQuietly(new ProfileCollected(requestId, profile));
        }
    }

    /**
     * Closing matters for speed: the JVM waits about 300 ms at exit for a thread blocked in a native
     * read, such as the channel's reader.
     */
    private void closeChannel() {
        ending = true;
        try {
            channel.close();
        } catch (IOException e) {
            // closed already
        }
    }

    /**
     * Requests answered out of turn are answered by the channel's reader at once. So are those that
     * run no user code when the main thread has nothing pending: order is kept (everything before
     * has been answered) and the hand-over to another thread, the largest part of a short round
     * trip, is saved. The rest go to the main thread, in order.
     */
    private void dispatch(Request<?> request) {
        if (request.outOfTurn() || !request.runsUserCode() && handedToMain.get() == 0) {
            answer(request, false);
        } else {
            handedToMain.incrementAndGet();
            runtime.received(request); // an Interrupt read from now on is for it, even before it starts
            try {
                requests.add(request);
            } catch (OutOfMemoryError e) {
                MemoryReserve.release(); // the program filled the heap: the queue's node gets the reserve
                requests.add(request);
            }
        }
    }

    private Request<?> take() {
        while (true) {
            try {
                return requests.take();
            } catch (InterruptedException e) {
                // user code interrupted the main thread after its request ended; keep serving
            }
        }
    }

    /**
     * Reads requests until the channel ends, then ends the sandbox at once, even while user code
     * runs, and the processes the program started: neither outlives its host's channel.
     */
    private void readLoop() {
        int status = 0;
        try {
            Message m;
            while ((m = receive()) != null) {
                if (m instanceof Request) {
                    dispatch((Request<?>) m);
                } else {
                    sendQuietly(new ProtocolError(m.requestId(), "the sandbox takes requests, not "
                            + m.getClass().getSimpleName() + " messages"));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (ending) {
                return; // this JVM is exiting already, with the status it was given
            }
            diagnostics.println("sandprof sandbox: the channel failed, ending: " + e.getMessage());
            status = 1;
        } catch (Throwable e) {
            // Out of memory or stack while reading or answering: nothing reads the channel any more.
            fail(READING_FAILED, e);
        }
        if (!ending) {
            // The host is gone (killed, say) and cannot end the program's processes: this sandbox does.
            ChildProcesses.endOwn();
            Runtime.getRuntime().halt(status);
        }
    }

    /**
     * The next message; a malformed one is refused and skipped, since it was read whole. One that
     * meets a heap the program filled is decoded again with the reserve, then as the heap has room,
     * for about two seconds: a request lost here would leave its caller waiting.
     */
    private Message receive() throws IOException {
        while (true) {
            try {
                return channel.receive(SandboxMain::makeRoom, 100);
            } catch (MalformedFrameException e) {
                if (e.getCause() instanceof OutOfMemoryError) {
                    fail(DECODING_FAILED, e.getCause());
                }
                // An over-cap or truncated frame is not caught here: the stream is out of step for good.
                sendQuietly(new ProtocolError(0, e.getMessage()));
            }
        }
    }

    private static void makeRoom() {
        MemoryReserve.release();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }

    /**
     * What was raised during a request, in events kept far below the frame cap; never throws, since
     * it runs on the thread that serves requests. What cannot be collected is said on stderr.
     */
    private void sendTracedExceptions(long requestId) {
        try {
            List<TracedExceptionData> raised = runtime.drainTracedExceptions();
            for (List<TracedExceptionData> batch : TracedBatches.of(raised)) {
                sendQuietly(new ExceptionsTraced(requestId, batch));
            }
        } catch (Throwable e) {
            diagnostics.println("sandprof sandbox: the exceptions traced during request " + requestId
                    + " could not be sent: " + e.getClass().getName() + ": " + ExceptionCapture.cut(e.getMessage(), 1_000));
        }
    }

    /** An event of the runtime's (a benchmark's iteration or profile), after what was printed before it. */
    private void sendEvent(Event event) {
        output.flush();
        sendQuietly(event);
    }

    /** Sends an event or a protocol error; one that cannot be sent is said on stderr. */
    private void sendQuietly(Message message) {
        try {
            channel.send(message);
        } catch (IOException e) {
            // The channel broke: the reader sees it too and ends the sandbox.
        } catch (RuntimeException e) {
            // Over the frame cap or not encodable: nothing was written, the channel is still in step.
            diagnostics.println("sandprof sandbox: a " + message.getClass().getSimpleName() + " could not be sent: "
                    + ExceptionCapture.cut(e.getMessage(), 1_000));
        }
    }
}
