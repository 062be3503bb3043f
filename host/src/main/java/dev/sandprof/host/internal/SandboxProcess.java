package dev.sandprof.host.internal;

import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandboxInfo;
import dev.sandprof.host.SandboxTimeoutException;
import dev.sandprof.host.SandboxUnresponsiveException;
import dev.sandprof.sandbox.ChildProcesses;
import dev.sandprof.wire.Event;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.Exiting;
import dev.sandprof.wire.Heartbeat;
import dev.sandprof.wire.InputWanted;
import dev.sandprof.wire.Message;
import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.Output;
import dev.sandprof.wire.OutputRing;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.Shutdown;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One running sandbox JVM and its channel: sends requests, matches replies to them by id, gives each
 * event to the listener of the request it belongs to, delivers the process's own stdout/stderr to
 * the caller's streams, and turns the end of the process into a {@link SandboxDiedException} that
 * says how it ended.
 */
final class SandboxProcess {

    /** Every sandbox not yet ended, so that a host JVM exiting leaves none behind. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread reaper = new Thread(() -> LIVE.forEach(SandboxProcess::endWithItsProcesses), "sandprof-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Ends a sandbox and every process its program started (the members of its session). */
    private static void endWithItsProcesses(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        ChildProcesses.endSession(p.pid(), -1);
    }

    private final Process process;
    private final MessageChannel channel;
    private final OutputRing ring;
    /**
     * Held by whoever reads the ring or gives events on (the channel's reader, the ring's drainer):
     * listeners are called by one thread at a time, and output read from the ring before a reply
     * is given on before it.
     */
    private final Object eventLock = new Object();
    /** Output not yet given on; under {@link #eventLock}. */
    private final OutputBatch output = new OutputBatch();
    private final Thread drainer;
    /**
     * How many messages (all but {@link Output}'s wake-ups) the channel's reader has taken: the ring
     * is read up to the mark of the next ({@link OutputRing#drain}); under {@link #eventLock}.
     */
    private long messagesTaken;
    private volatile boolean drained;
    private final SandboxInfo info;
    private final StderrTail stderrTail;
    /** What the events of a request no longer pending go to (output after its reply, from a thread it left). */
    private final EventListener unclaimed;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean spinning = new java.util.concurrent.atomic.AtomicBoolean();
    private final CompletableFuture<SandboxDiedException> death = new CompletableFuture<>();
    private final CompletableFuture<Void> inputWanted = new CompletableFuture<>();
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private volatile String endedBy;
    /** Whether the sandbox said its JVM began to exit ({@link Exiting}): its shutdown runs. */
    private volatile boolean exiting;
    /** Callers waiting for a reply now: while there are any, the sandbox's liveness is watched. */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    /** Liveness probes have negative ids, apart from the interpreter's requests. */
    private final java.util.concurrent.atomic.AtomicLong probeIds = new java.util.concurrent.atomic.AtomicLong();
    private volatile LivenessWatch liveness;
    /** How the sandbox was seen when it stopped answering, once it has: see {@link #watchLiveness}. */
    private volatile String unresponsive;
    private volatile Duration livenessTimeout;
    /** Why this host shut the sandbox down on purpose (a restart, a close): what cut its calls short. */
    private volatile String cutShortBy;

    /**
     * A request sent and not yet answered: what it asked for, its reply to come, and where its
     * events go meanwhile. It stays pending until its reply comes (or the sandbox dies), even when
     * its caller stopped waiting: a reply comes for it still, and only a reply to a pending request
     * is taken ({@link ReplyAdmission}).
     */
    private static final class Pending {
        final Request<?> request;
        final CompletableFuture<Reply> reply = new CompletableFuture<>();
        volatile EventListener listener;

        Pending(Request<?> request, EventListener listener) {
            this.request = request;
            this.listener = listener;
        }
    }

    /**
     * @param ring where the program's output comes, the sandbox's channel carrying only the wake-ups
     *     when the reader waits; {@code null} when it comes on the channel
     */
    SandboxProcess(Process process, MessageChannel channel, OutputRing ring, SandboxInfo info, StderrTail stderrTail,
                   Thread stdoutPump, Thread stderrPump, EventListener unclaimed) {
        this.stderrTail = stderrTail;
        this.process = process;
        this.channel = channel;
        this.ring = ring;
        this.info = info;
        this.stdoutPump = stdoutPump;
        this.stderrPump = stderrPump;
        this.unclaimed = unclaimed;
        if (ring != null) {
            drainer = new Thread(this::drainLoop, "sandprof-output-" + info.pid());
            drainer.setDaemon(true);
            drainer.start();
        } else {
            drainer = null;
        }
        Thread reader = new Thread(this::readLoop, "sandprof-reader-" + info.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Registers a process being started, so that the host exiting ends it too. */
    static void register(Process p) {
        LIVE.add(p);
    }

    static void unregister(Process p) {
        LIVE.remove(p);
    }

    SandboxInfo info() {
        return info;
    }

    /**
     * From now on, while a call waits for its reply, probes the sandbox out of turn and ends it
     * when a probe stays unanswered for longer than {@code bound}: the calls pending then fail
     * with a {@link SandboxUnresponsiveException} that says the state the process was in.
     * Until the sandbox has answered one probe the bound is {@code firstBound}, if longer.
     */
    synchronized void watchLiveness(Duration bound, Duration firstBound) {
        if (liveness != null || death.isDone()) {
            return;
        }
        livenessTimeout = bound;
        liveness = new LivenessWatch(bound, firstBound, () -> waiting.get() > 0, this::probe, this::silent);
        liveness.start();
        death.whenComplete((e, f) -> liveness.stop());
    }

    private CompletableFuture<?> probe() {
        Heartbeat heartbeat = new Heartbeat(probeIds.decrementAndGet());
        Pending call = submit(heartbeat, unclaimed);
        if (call == null) {
            return CompletableFuture.completedFuture(null);
        }
        call.reply.whenComplete((r, e) -> pending.remove(heartbeat.requestId()));
        return call.reply;
    }

    /** The sandbox left a probe unanswered past the bound: say how it was seen, and end it. */
    private void silent() {
        String state = ProcessState.describe(process.pid());
        unresponsive = "the sandbox (pid " + info.pid() + ") answered no liveness check for "
                + describe(livenessTimeout) + ": " + state + "; it was ended, and the next request gets a fresh one";
        endedBy = "sandprof, because it stopped answering";
        destroy();
    }

    /** The sandbox's stdin pipe, after the launch secret; closed already when there is no stdin to give. */
    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Completes when the program in the sandbox first reads its stdin ({@link InputWanted}). */
    CompletableFuture<Void> inputWanted() {
        return inputWanted;
    }

    boolean isAlive() {
        return !death.isDone();
    }

    /**
     * Sends a request and waits for its reply.
     *
     * @param listener where the request's events go until its reply comes
     * @param timeout the wall-clock limit, or {@code null} for none; past it the sandbox is ended
     * @throws SandboxDiedException when the sandbox ends first
     * @throws SandboxTimeoutException when the timeout passes first
     */
    Reply call(Request<?> request, EventListener listener, Duration timeout) {
        long id = request.requestId();
        waiting.incrementAndGet();
        Pending call = submit(request, listener);
        if (call == null) {
            waiting.decrementAndGet();
            throw death.join();
        }
        try {
            awaitBriefly(call.reply);
            return timeout == null ? call.reply.get() : call.reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw (SandboxException) e.getCause();
        } catch (TimeoutException e) {
            endedBy = "sandprof, because request " + id + " ran past its " + describe(timeout) + " timeout";
            destroy();
            throw new SandboxTimeoutException("the request ran past its " + describe(timeout)
                    + " timeout; its sandbox (pid " + info.pid() + ") was ended and the next request gets a fresh one",
                    timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for the sandbox's reply", e);
        } finally {
            waiting.decrementAndGet();
            if (!call.reply.isDone()) {
                call.listener = unclaimed; // its reply, when it comes, is taken and dropped
            }
        }
    }

    /** Sends a request without waiting for its reply, which the reader then drops. */
    void sendAhead(Request<?> request) {
        submit(request, unclaimed);
    }

    /**
     * Registers the request's reply and sends it.
     *
     * @return the call pending, or {@code null} when the sandbox has died already
     */
    private Pending submit(Request<?> request, EventListener listener) {
        long id = request.requestId();
        Pending call = new Pending(request, listener);
        pending.put(id, call);
        if (death.isDone()) {
            pending.remove(id);
            return null;
        }
        try {
            channel.send(request);
        } catch (IOException e) {
            // The channel broke: the reader sees it too and reports how the sandbox ended.
        }
        return call;
    }

    /** How long a caller spins for a reply before it parks: about one round trip of a short request. */
    private static final long SPIN_NANOS = 50_000;

    /**
     * Most replies come within tens of microseconds; parking and being woken costs about as much
     * again, so a caller first spins that long (the ping benchmark in benchmarks/ measures it).
     */
    private void awaitBriefly(CompletableFuture<Reply> reply) {
        // One spinner at a time: with several callers, spinning threads would take the CPU the
        // sandbox and the reader need to answer them (2 cores here).
        if (!spinning.compareAndSet(false, true)) {
            return;
        }
        try {
            long until = System.nanoTime() + SPIN_NANOS;
            while (!reply.isDone() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        } finally {
            spinning.set(false);
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void readLoop() {
        try {
            Message m;
            while ((m = channel.receive()) != null) {
                synchronized (eventLock) {
                    // What the program wrote before this message was sent is in the ring by now, up
                    // to the message's mark; what it wrote after is past the mark, read once the
                    // message is taken (here: the drainer may have stopped at the mark).
                    drainRing();
                    if (!take(m)) {
                        break;
                    }
                    if (!(m instanceof Output)) {
                        messagesTaken++;
                        drainRing();
                        output.deliver();
                    }
                }
            }
            synchronized (eventLock) {
                messagesTaken = Long.MAX_VALUE;
                drainRing();
                output.deliver();
            }
        } catch (IOException e) {
            // A sandbox that exits (the program's System.exit) while a request of ours is unread in
            // its socket, a liveness probe sent out of turn, resets the connection instead of ending
            // it: as at the channel's end, its exit status is the answer; died() bounds the wait.
            channelError = e.getMessage();
            deliverHeld();
        } catch (RuntimeException | Error e) {
            // Error too: a reader thread that died here would leave every call waiting forever.
            deliverHeld();
            if (endedBy == null && process.isAlive()) {
                endedBy = "sandprof, because the channel broke: " + e.getMessage();
                destroy();
            }
        }
        died();
    }

    /**
     * Takes one message from the channel, under {@link #eventLock}.
     *
     * @return {@code false} when the sandbox broke the protocol and was ended: nothing more is read
     */
    private boolean take(Message m) {
        Pending call = pending.get(m.requestId());
        Optional<String> violation = ReplyAdmission.violation(call != null ? call.request : null, m);
        if (violation.isPresent()) {
            output.deliver(); // what came before it was the program's
            // Nothing after it is trusted either: the sandbox ends, and every pending call
            // fails saying what it sent.
            if (endedBy == null) {
                endedBy = "sandprof, because " + violation.get();
            }
            destroy();
            return false;
        }
        if (m instanceof Output) {
            Output o = (Output) m;
            if (o.bytes().length == 0) {
                // The sandbox woke the ring's drainer, which had gone to wait: the output that follows
                // is read as it comes.
                if (drainer != null) {
                    LockSupport.unpark(drainer);
                }
            } else {
                // Held only while the next frame is here already: see OutputBatch.
                output.add(call != null ? call.listener : unclaimed, o);
            }
            if (!channel.frameReady()) {
                output.deliver();
            }
            return true;
        }
        output.deliver();
        if (m instanceof InputWanted) {
            inputWanted.complete(null); // the sandbox's, not a request's
        } else if (m instanceof Exiting) {
            exiting = true;
            boundTheExit();
        } else if (m instanceof Event) {
            ((Event) m).deliverTo(call != null ? call.listener : unclaimed);
        } else {
            pending.remove(m.requestId(), call);
            call.reply.complete((Reply) m);
        }
        return true;
    }

    /**
     * Reads what the ring holds into {@link #output}, under {@link #eventLock}.
     *
     * @return the bytes of output read from the ring
     * @throws dev.sandprof.wire.ProtocolException when the sandbox broke the ring's layout
     */
    private int drainRing() {
        if (ring == null) {
            return 0;
        }
        return ring.drain((requestId, stream, bytes) -> {
            Pending call = pending.get(requestId);
            output.add(call != null ? call.listener : unclaimed, new Output(requestId, stream, bytes));
        }, messagesTaken);
    }

    /**
     * How often the drainer reads the ring while output comes: one write to the caller's stdout for
     * all that came meanwhile. Every 50 us was measured to slow a program printing a flood on a
     * busy 2-core machine (each wake-up of the host took the program's core from it); the ring
     * holds some 40,000 lines, about a second of them at java's pace.
     */
    private static final long POLL_NANOS = 1_000_000;
    /** A read of at least this much goes on to read again at once: the program writes faster than a poll. */
    private static final int BUSY_BYTES = OutputRing.CAPACITY / 4;
    /** How long the drainer reads the ring after its last output before it waits to be woken instead. */
    private static final long IDLE_NANOS = 5_000_000;

    /**
     * Reads the ring while output comes, every {@link #POLL_NANOS} (at once again after a large
     * read); once none has come for {@link #IDLE_NANOS} it waits until the sandbox wakes it (an
     * empty {@link Output} on the channel, whose reader unparks this thread): a program that prints
     * now and then costs no polling, and one that prints a flood costs no system call a line.
     */
    private void drainLoop() {
        long lastOutput = System.nanoTime();
        try {
            while (!drained) {
                int read;
                synchronized (eventLock) {
                    read = drainRing();
                    output.deliver();
                }
                if (read >= BUSY_BYTES) {
                    lastOutput = System.nanoTime();
                    continue;
                }
                if (read > 0) {
                    lastOutput = System.nanoTime();
                } else if (System.nanoTime() - lastOutput > IDLE_NANOS) {
                    boolean empty;
                    synchronized (eventLock) {
                        ring.announceWait();
                        // Read again after the announcement, which a record published before it
                        // does not answer. A mark whose message is not taken yet holds the rest for
                        // the channel's reader, which reads on once it has taken the message.
                        empty = drainRing() == 0 && (ring.isEmpty() || ring.atMark());
                        output.deliver();
                    }
                    if (empty && !drained) {
                        LockSupport.park(this);
                    }
                    ring.cancelWait();
                    lastOutput = System.nanoTime();
                    continue;
                }
                LockSupport.parkNanos(this, POLL_NANOS);
            }
        } catch (RuntimeException | Error e) {
            // The ring broke its layout (or a listener failed): as a broken channel, the sandbox ends.
            deliverHeld();
            if (endedBy == null && process.isAlive()) {
                endedBy = "sandprof, because " + e.getMessage();
                destroy();
            }
        }
    }

    /** What the program wrote before the channel broke is delivered still, as {@code java} would have. */
    private void deliverHeld() {
        synchronized (eventLock) {
            try {
                output.deliver();
            } catch (RuntimeException | Error e) {
                // the listener that failed already
            }
        }
    }

    /**
     * How long a sandbox that has closed its channel may take to exit (the program's shutdown
     * hooks, a profile's last write) before sandprof ends it. 10 s was too short on a loaded
     * machine: a profiled program's exit took longer and was reported as killed (status 137).
     */
    static final Duration EXIT_BOUND = Duration.ofSeconds(60);

    /**
     * The sandbox's JVM began to exit ({@code System.exit}, a signal): its shutdown hooks run, the
     * program's among them, and the channel stays open for what they print. One that is still
     * there {@link #EXIT_BOUND} later (a hook that never returns) is ended.
     */
    private void boundTheExit() {
        CompletableFuture.delayedExecutor(EXIT_BOUND.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (process.isAlive() && !death.isDone()) {
                if (endedBy == null) {
                    endedBy = "sandprof, because it was still exiting " + describe(EXIT_BOUND)
                            + " after it began (a shutdown hook that did not return)";
                }
                destroy();
            }
        });
    }

    /**
     * Raises a signal in every sandbox of this JVM that is running or starting, as {@code kill -s}
     * does: the host's own SIGINT, SIGTERM or SIGHUP passed on (see {@link ForwardedSignals}).
     *
     * A sandbox the signal cannot be sent to is ended (SIGKILL), saying so on stderr.
     *
     * @param signal the signal's name without {@code SIG}: {@code INT}, {@code TERM}, {@code HUP}
     * @return how many sandboxes were running or starting
     */
    static int raiseInEvery(String signal) {
        int found = 0;
        for (Process p : LIVE) {
            if (p.isAlive()) {
                found++;
                String failed = raise(signal, p.pid());
                if (failed != null && p.isAlive()) {
                    System.err.println("sandprof: SIG" + signal + " could not be passed on to the sandbox (pid " + p.pid()
                            + "): " + failed + "; it is ended instead, and its program's shutdown hooks do not run");
                    endWithItsProcesses(p);
                }
            }
        }
        return found;
    }

    /**
     * The JDK sends no signal but SIGTERM and SIGKILL: the shell's own {@code kill} does.
     *
     * @return null, or why it failed
     */
    private static String raise(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$0\" \"$1\"", signal, Long.toString(pid))
                    .redirectErrorStream(true).start();
            kill.getOutputStream().close();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return "kill did not return within 10 s";
            }
            String said = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return kill.exitValue() == 0 ? null : "kill exited with " + kill.exitValue() + (said.isEmpty() ? "" : ": " + said);
        } catch (IOException e) {
            return "cannot run /bin/sh: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Reads the ring a last time, once the sandbox has ended, and stops its drainer. */
    private void drainLast() {
        drained = true;
        if (drainer != null) {
            LockSupport.unpark(drainer);
        }
        synchronized (eventLock) {
            // No message comes any more: marks hold nothing back.
            messagesTaken = Long.MAX_VALUE;
            try {
                drainRing();
            } catch (RuntimeException e) {
                // a ring the sandbox broke: what was read before is given on all the same
            }
        }
        deliverHeld();
    }

    /** Why reading the channel failed, when it did with an I/O error rather than at its end. */
    private volatile String channelError;

    /** The channel ended: wait for the process, then fail everything pending with how it ended. */
    private void died() {
        int status;
        try {
            if (!process.waitFor(EXIT_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                endedBy = channelError != null ? "sandprof, because the channel broke (" + channelError + ") and it did not exit"
                        : "sandprof, because it closed its channel but did not exit";
                process.destroyForcibly();
            }
            status = process.waitFor();
            // What its last threads wrote after the channel closed (a shutdown hook's line) is in the ring.
            drainLast();
            // The program's processes end with it (a child that inherited its stdout would also
            // keep the pumps below from seeing their end).
            ChildProcesses.endSession(process.pid(), -1);
            stderrPump.join(TimeUnit.SECONDS.toMillis(2));
            stdoutPump.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        LIVE.remove(process);
        try {
            channel.close();
        } catch (IOException ignored) {
            // already broken
        }
        List<String> tail = stderrTail.lines();
        boolean exitedItself = exiting && endedBy == null && unresponsive == null && cutShortBy == null;
        StringBuilder message = new StringBuilder();
        if (unresponsive != null) {
            message.append(unresponsive);
        } else if (cutShortBy != null) {
            message.append("the call was cut short: ").append(cutShortBy).append(", which shut its sandbox (pid ")
                    .append(info.pid()).append(") down");
        } else {
            message.append("the sandbox (pid ").append(info.pid()).append(") ").append(ExitStatus.describe(status, exitedItself));
            if (endedBy != null) {
                message.append(", ended by ").append(endedBy);
            }
        }
        if (!tail.isEmpty()) {
            message.append("; the last lines of its stderr:");
            tail.forEach(l -> message.append("\n  ").append(l));
        }
        SandboxDiedException e = unresponsive != null
                ? new SandboxUnresponsiveException(message.toString(), info.pid(), status, tail, livenessTimeout)
                : new SandboxDiedException(message.toString(), info.pid(), status, tail, exitedItself);
        death.complete(e);
        pending.values().forEach(call -> call.reply.completeExceptionally(e));
    }

    /**
     * Asks the sandbox to exit, and waits until it has and all its output is delivered.
     *
     * @param requestId the shutdown request's id
     * @param why what a call still pending is told cut it short ("this interpreter was restarted ...")
     */
    void shutdown(long requestId, Duration grace, String why) {
        if (death.isDone()) {
            return;
        }
        cutShortBy = why;
        try {
            // What the sandbox still held (output, traced exceptions, a profile) comes with the
            // shutdown's reply: to whoever takes events not asked for by a pending request.
            call(new Shutdown(requestId), unclaimed, grace);
        } catch (SandboxException expected) {
            // dead already, or it did not answer in time and was ended
        }
        try {
            death.get(grace.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            destroy();
        }
    }

    /**
     * Ends the process at once, and the processes its program started; the reader then reports its
     * death. Its descendants are ended first, while they can still be found as such: without a
     * session of its own (no {@code setsid}) an orphan is found no more.
     */
    void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Ends the process at once and waits until it is gone. */
    void end() {
        endedBy = "sandprof, on close";
        cutShortBy = "this interpreter was closed (Interpreter.close(), called in this host)";
        destroy();
        death.join();
    }

    /** How the sandbox ended, once it has. */
    CompletableFuture<SandboxDiedException> death() {
        return death;
    }

    static void write(OutputStream sink, byte[] b, int off, int len) {
        synchronized (sink) {
            try {
                sink.write(b, off, len);
                sink.flush();
            } catch (IOException ignored) {
                // the caller's stream is closed: nowhere to deliver the output
            }
        }
    }

    /** Copies a process stream to a sink (and to the tail, for stderr) until it ends. */
    static Thread pump(InputStream from, OutputStream to, StderrTail tail, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (from) {
                int n;
                while ((n = from.read(buf)) > 0) {
                    if (tail != null) {
                        tail.accept(buf, n);
                    }
                    write(to, buf, 0, n);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
