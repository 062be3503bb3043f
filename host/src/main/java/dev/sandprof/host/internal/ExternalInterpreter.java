package dev.sandprof.host.internal;

import dev.sandprof.host.ForeignRef;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxInfo;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SandboxTimeoutException;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The interpreter whose code runs in a sandbox JVM. The first sandbox starts as soon as the
 * interpreter is made, so it comes up while the host compiles. With {@link SandboxOptions#spare()}
 * (the default), once a sandbox has died or been restarted, its successor and from then on the one
 * after it are started ahead in the background, so the request after a crash, a timeout or a
 * {@link #restart()} does not wait for a cold start. A spare has never run user code when it is
 * handed out. The program's stdin ({@link SandboxOptions#stdin()}) goes to the sandbox handed
 * out, never to a spare waiting.
 */
public final class ExternalInterpreter extends RequestingInterpreter {

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final SandboxOptions options;
    private final SandboxLauncher launcher;
    /** Copies {@link SandboxOptions#stdin()} into the current sandbox; null without one. */
    private final StdinForwarder stdin;
    private SandboxProcess current;
    private CompletableFuture<SandboxProcess> next;
    private boolean closed;
    private boolean restartsSeen;

    public ExternalInterpreter(SandboxOptions options) {
        super(options);
        this.options = options;
        this.launcher = new SandboxLauncher(options, SandboxLayout.fromSystemProperty());
        this.stdin = options.stdin().map(in -> new StdinForwarder(in, options.stdinOnDemand(), options.stderr())).orElse(null);
        this.next = startAhead(false);
    }

    @Override
    public int sandboxFeature() {
        return launcher.feature();
    }

    /** The command line a sandbox is started with ({@code SOCKET} and {@code EPOCH} stand for its own). */
    public List<String> sandboxCommand() {
        return launcher.command(Path.of("SOCKET"), 0);
    }

    /**
     * Starts a sandbox in the background.
     *
     * @param warm whether to make one round trip before handing it out: right for a spare, which
     *     has time to spare; the first sandbox instead goes to work as soon as its handshake is done
     */
    private CompletableFuture<SandboxProcess> startAhead(boolean warm) {
        long epoch = ThreadLocalRandom.current().nextLong();
        CompletableFuture<SandboxProcess> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                SandboxProcess sandbox = launcher.launch(epoch, inScope);
                sandbox.watchLiveness(options.livenessTimeout(), options.startTimeout());
                if (warm) {
                    // One round trip warms both ends (the sandbox's first message costs tens of
                    // milliseconds of class loading): a spare then answers its first request at once.
                    Ping ping = new Ping(nextId());
                    Replies.expect(ping, sandbox.call(ping, inScope, options.startTimeout()));
                }
                f.complete(sandbox);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "sandprof-launcher");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private synchronized SandboxProcess sandbox() {
        if (closed) {
            throw new IllegalStateException("this interpreter is closed");
        }
        if (current != null && current.isAlive()) {
            return current;
        }
        if (next == null) {
            next = startAhead(false); // needed right now: no time to warm it first
        }
        CompletableFuture<SandboxProcess> starting = next;
        next = null;
        try {
            current = starting.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
        if (stdin != null) {
            stdin.handOut(current.stdin(), current.inputWanted());
        }
        if (options.spare() && restartsSeen) {
            // Sandboxes are being replaced in this session: have the next one ready too.
            next = startAhead(true);
        }
        return current;
    }

    @Override
    public List<Path> apiClassPath() {
        return List.of(launcher.agentJar());
    }

    @Override
    public List<Path> benchmarkClassPath() {
        return launcher.sandboxClassPath();
    }

    @Override
    synchronized boolean running() {
        return !closed && current != null && current.isAlive();
    }

    @Override
    long epoch() {
        return info().epoch();
    }

    @Override
    public Object wormhole(ForeignRef<?> ref) {
        throw new UnsupportedOperationException("wormhole needs the object in this JVM's heap, but it lives in the"
                + " sandbox JVM: work on it there with eval or call, or use Interpreter.inProcess(...) to get live objects");
    }

    @Override
    void sendAhead(Request<?> request) {
        // Its reply (Done) is read and dropped; the request after it is answered after it, in order.
        sandbox().sendAhead(request);
    }

    @Override
    Reply send(Request<?> request, EventListener listener) {
        SandboxProcess sandbox = sandbox();
        try {
            return sandbox.call(request, listener, options.timeout().orElse(null));
        } catch (SandboxDiedException | SandboxTimeoutException e) {
            replaced(sandbox);
            throw e;
        }
    }

    /** A sandbox died or was ended: have its successor start now, if spares are wanted. */
    private synchronized void replaced(SandboxProcess dead) {
        restartsSeen = true;
        if (current == dead) {
            current = null;
        }
        if (options.spare() && next == null && !closed) {
            next = startAhead(true);
        }
    }

    /**
     * Waits until the sandbox that the next request after a restart would get (the spare) is
     * started and warm; returns at once when none is being started. For benchmarks and tests.
     */
    public void awaitSpare() {
        CompletableFuture<SandboxProcess> spare;
        synchronized (this) {
            spare = next;
        }
        if (spare != null) {
            try {
                spare.join();
            } catch (CompletionException e) {
                // it failed to start; the next request reports why
            }
        }
    }

    @Override
    public boolean isExternal() {
        return true;
    }

    @Override
    public SandboxInfo info() {
        return sandbox().info();
    }

    @Override
    public void restart() {
        SandboxProcess old;
        synchronized (this) {
            restartsSeen = true;
            old = current;
            current = null;
            if (next == null) {
                next = startAhead(true);
            }
        }
        if (old != null) {
            old.shutdown(nextId(), SHUTDOWN_GRACE, "this interpreter was restarted (Interpreter.restart(), called in this host)");
        }
    }

    @Override
    public void close() {
        SandboxProcess old;
        CompletableFuture<SandboxProcess> spare;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (stdin != null) {
                stdin.close();
            }
            old = current;
            spare = next;
            current = null;
            next = null;
        }
        if (spare != null) {
            try {
                spare.join().end();
            } catch (CompletionException ignored) {
                // a spare that failed to start left nothing behind
            }
        }
        if (old != null) {
            old.shutdown(nextId(), SHUTDOWN_GRACE, "this interpreter was closed (Interpreter.close(), called in this host)");
        }
    }
}
