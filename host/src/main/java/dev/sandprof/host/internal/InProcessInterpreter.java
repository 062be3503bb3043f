package dev.sandprof.host.internal;

import dev.sandprof.host.ForeignRef;
import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.wire.ThreadStack;
import dev.sandprof.host.SandboxInfo;
import dev.sandprof.wire.RemoteRef;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.sandbox.SandboxRuntime;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The interpreter whose code runs in this JVM, on the calling thread, served by the same
 * {@link SandboxRuntime} the sandbox JVM uses, with no serialisation. Requests are served one at a
 * time; during each, {@code System.out} and {@code System.err} go to the options' streams.
 */
public final class InProcessInterpreter extends RequestingInterpreter {

    private final SandboxOptions options;
    private final AtomicLong nextId = new AtomicLong(1);
    private SandboxRuntime runtime;
    private boolean closed;

    public InProcessInterpreter(SandboxOptions options) {
        refuseWhatNeedsAProcess(options);
        this.options = options;
        this.runtime = newRuntime();
    }

    private static void refuseWhatNeedsAProcess(SandboxOptions options) {
        String needs = null;
        if (options.javaChosen()) {
            needs = "another JDK (--java)";
        } else if (!options.jvmArgs().isEmpty()) {
            needs = "JVM flags (--jvm-arg)";
        } else if (options.timeout().isPresent()) {
            needs = "a request timeout (it ends the sandbox's process; a thread in this JVM cannot be stopped safely)";
        }
        if (needs != null) {
            throw new UnsupportedOperationException(needs + " needs an external sandbox: drop --in-process");
        }
    }

    private static SandboxRuntime newRuntime() {
        ClassLoader root = Thread.currentThread().getContextClassLoader();
        return new SandboxRuntime(ThreadLocalRandom.current().nextLong(),
                root != null ? root : ClassLoader.getSystemClassLoader());
    }

    /** Refused at once: there is no agent here, and a running request must not delay the answer. */
    @Override
    public List<ThreadStack> threadStacks() {
        throw new RequestRefusedException(SandboxRuntime.NO_AGENT);
    }

    @Override
    synchronized boolean running() {
        return !closed;
    }

    @Override
    synchronized long epoch() {
        return runtime.epoch();
    }

    @Override
    public synchronized Object wormhole(ForeignRef<?> ref) {
        RemoteRef r = live(ref);
        return r == null ? null : runtime.object(r);
    }

    @Override
    synchronized Reply send(LongFunction<Request> request) {
        if (closed) {
            throw new IllegalStateException("this interpreter is closed");
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(options.stdout(), true));
        System.setErr(new PrintStream(options.stderr(), true));
        try {
            return runtime.handle(request.apply(nextId.getAndIncrement()));
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Override
    public boolean isExternal() {
        return false;
    }

    @Override
    public synchronized SandboxInfo info() {
        return new SandboxInfo(ProcessHandle.current().pid(), System.getProperty("java.version"),
                Runtime.version().feature(), runtime.epoch(), List.of());
    }

    @Override
    public synchronized void restart() {
        runtime = newRuntime();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
