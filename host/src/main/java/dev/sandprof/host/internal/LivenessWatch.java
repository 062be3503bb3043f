package dev.sandprof.host.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Notices a sandbox that no longer answers while a request of the host is pending: every tick it
 * sends a liveness probe (a request the sandbox's channel thread answers at once, even while user
 * code runs), and when one stays unanswered for longer than the bound it reports the sandbox
 * silent, once. When this host was itself stopped (Ctrl-Z stops the host and its sandbox
 * together, and so does a suspended machine), its clock wakes far later than it was scheduled
 * for: the bound then starts again, since the sandbox's silence was this host's own.
 */
final class LivenessWatch {

    private static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sandprof-liveness"));
    /** Sends probes: a send may block behind a large request to a sandbox that reads nothing more. */
    private static final ExecutorService SENDERS = Executors.newCachedThreadPool(r -> daemon(r, "sandprof-liveness-probe"));

    private final long boundNanos;
    /** The bound until the sandbox has answered a first probe: a cold one may take seconds over its first request. */
    private final long firstBoundNanos;
    private boolean answeredOnce;
    private final long tickNanos;
    /** How much later than scheduled a tick may come before this host counts as having been stopped. */
    private final long lateNanos;
    private final BooleanSupplier busy;
    private final Supplier<CompletableFuture<?>> probe;
    private final Runnable silent;
    private ScheduledFuture<?> task;
    private long lastTick;
    private CompletableFuture<?> outstanding;
    private long outstandingSince;
    private boolean reported;

    /**
     * @param bound how long a probe may stay unanswered
     * @param firstBound the same, until a first probe was answered: the start timeout, since
     *     before the first answer the sandbox's channel thread may still be loading its codec or
     *     defining the first classes
     * @param busy whether a request is pending: only then is the sandbox probed
     * @param probe sends a probe; completes when it is answered
     * @param silent called once when a probe stayed unanswered past the bound
     */
    LivenessWatch(Duration bound, Duration firstBound, BooleanSupplier busy, Supplier<CompletableFuture<?>> probe, Runnable silent) {
        this.boundNanos = bound.toNanos();
        this.firstBoundNanos = Math.max(boundNanos, firstBound.toNanos());
        // About ten probes per bound, at most one a second: a long call costs a few bytes a second.
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), boundNanos / 10));
        this.lateNanos = Math.max(tickNanos, TimeUnit.SECONDS.toNanos(2));
        this.busy = busy;
        this.probe = probe;
        this.silent = silent;
    }

    synchronized void start() {
        lastTick = System.nanoTime();
        task = CLOCK.scheduleWithFixedDelay(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private synchronized void tick() {
        long now = System.nanoTime();
        boolean hostWasStopped = now - lastTick > tickNanos + lateNanos;
        lastTick = now;
        if (reported) {
            return;
        }
        if (outstanding != null && outstanding.isDone()) {
            answeredOnce = true;
        }
        if (outstanding != null && outstanding.isDone() || !busy.getAsBoolean()) {
            outstanding = null; // answered, or nothing pending any more: the sandbox did its work
        }
        if (!busy.getAsBoolean()) {
            return;
        }
        if (outstanding == null) {
            outstanding = send();
            outstandingSince = now;
        } else if (hostWasStopped) {
            outstandingSince = now;
        } else if (now - outstandingSince > (answeredOnce ? boundNanos : firstBoundNanos)) {
            reported = true;
            silent.run();
        }
    }

    private CompletableFuture<?> send() {
        CompletableFuture<Object> answered = new CompletableFuture<>();
        SENDERS.execute(() -> probe.get().whenComplete((reply, failure) -> answered.complete(null)));
        return answered;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
