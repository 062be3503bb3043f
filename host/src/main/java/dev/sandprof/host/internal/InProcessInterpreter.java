package dev.sandprof.host.internal;

import dev.sandprof.host.ForeignRef;
import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxInfo;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.sandbox.RequestRefused;
import dev.sandprof.sandbox.SandboxRuntime;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.RemoteRef;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The interpreter whose code runs in this JVM, on the calling thread, served by the same
 * {@link SandboxRuntime} the sandbox JVM uses, with no serialisation: each request goes to the
 * runtime's handler method for it just as the sandbox JVM dispatches it. Requests are served one
 * at a time, but those answered out of turn (an interrupt) go beside the running one, as in the
 * sandbox; during each, {@code System.out} and {@code System.err} go to the options' streams, and
 * {@code System.in} is the options' stdin (an empty stream without one).
 */
public final class InProcessInterpreter extends RequestingInterpreter {

    private final SandboxOptions options;
    /** The listeners of the requests being served, by id: where the runtime's events go. */
    private final Map<Long, EventListener> listeners = new ConcurrentHashMap<>();
    private volatile SandboxRuntime runtime;
    private volatile boolean closed;

    public InProcessInterpreter(SandboxOptions options) {
        super(options);
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

    private SandboxRuntime newRuntime() {
        ClassLoader root = Thread.currentThread().getContextClassLoader();
        return new SandboxRuntime(ThreadLocalRandom.current().nextLong(),
                root != null ? root : ClassLoader.getSystemClassLoader(),
                event -> event.deliverTo(listeners.getOrDefault(event.requestId(), inScope)));
    }

    @Override
    boolean running() {
        return !closed;
    }

    @Override
    public int sandboxFeature() {
        return Runtime.version().feature();
    }

    @Override
    public List<Path> benchmarkClassPath() {
        throw new UnsupportedOperationException("benchmarks run in a sandbox JVM, not in-process");
    }

    @Override
    long epoch() {
        return runtime.epoch();
    }

    @Override
    public synchronized Object wormhole(ForeignRef<?> ref) {
        RemoteRef r = live(ref);
        try {
            return r == null ? null : runtime.object(r);
        } catch (RequestRefused e) {
            throw new RequestRefusedException(e.getMessage());
        }
    }

    @Override
    Reply send(Request<?> request, EventListener listener) {
        if (closed) {
            throw new IllegalStateException("this interpreter is closed");
        }
        if (request.outOfTurn()) {
            return serve(runtime, request, listener); // beside the running request, which holds the lock
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("this interpreter is closed");
            }
            PrintStream out = System.out;
            PrintStream err = System.err;
            InputStream in = System.in;
            System.setOut(new PrintStream(options.stdout(), true));
            System.setErr(new PrintStream(options.stderr(), true));
            System.setIn(options.stdin().orElseGet(InputStream::nullInputStream)); // as in a sandbox: at its end at once
            try {
                return serve(runtime, request, listener);
            } finally {
                System.out.flush();
                System.err.flush();
                System.setOut(out);
                System.setErr(err);
                System.setIn(in);
            }
        }
    }

    private Reply serve(SandboxRuntime served, Request<?> request, EventListener listener) {
        listeners.put(request.requestId(), listener);
        try {
            return served.handle(request);
        } finally {
            listeners.remove(request.requestId());
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
