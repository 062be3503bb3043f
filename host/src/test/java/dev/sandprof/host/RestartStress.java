package dev.sandprof.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Several threads share one external {@link Interpreter}, each calling {@code eval} and
 * {@code call} with answers it can check, while another thread restarts the interpreter now and
 * then. Every call must either give the right answer or fail with a {@link SandboxException} that
 * says why (a call cut short by a restart, a ref made by the sandbox before it); a wrong answer,
 * any other exception, or a call that does not return within {@link #HANG_BOUND} is counted
 * against sandprof.
 *
 * <p>Used by {@code ConcurrentRestartIT} (briefly) and by the benchmarks' {@code RestartStress}
 * main (for the README's figures).
 */
public final class RestartStress {

    /**
     * A call in flight longer than this is a hang. A restart ends a sandbox in well under a second,
     * but a call may wait for the next sandbox's start, and on a 2-core machine under a load of 35
     * a start and a call took over 60 s (a busy CI run counted 4 such "hangs", all served later).
     */
    public static final Duration HANG_BOUND = Duration.ofSeconds(180);

    private final int threads;
    private final Duration restartEvery;
    private final LongAdder served = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final List<String> wrongSamples = new ArrayList<>();
    private final AtomicLong hangs = new AtomicLong();

    public RestartStress(int threads, Duration restartEvery) {
        this.threads = threads;
        this.restartEvery = restartEvery;
    }

    /** What a run did. */
    public static final class Outcome {
        public final long served;
        public final long wrong;
        /** Calls that failed with an exception that is not a reason (a bug of sandprof's, or any other exception). */
        public final long unexpected;
        public final long hangs;
        public final long restarts;
        /** Failed calls by exception class and the message's first words: each a reason sandprof gave. */
        public final Map<String, Long> failures;
        public final List<String> wrongSamples;
        public final Duration elapsed;

        Outcome(RestartStress s, Duration elapsed) {
            this.served = s.served.sum();
            this.wrong = s.wrong.sum();
            this.unexpected = s.unexpected.sum();
            this.hangs = s.hangs.get();
            this.restarts = s.restarts.sum();
            this.failures = new TreeMap<>();
            s.failures.forEach((k, v) -> failures.put(k, v.sum()));
            synchronized (s.wrongSamples) {
                this.wrongSamples = List.copyOf(s.wrongSamples);
            }
            this.elapsed = elapsed;
        }

        public long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            return String.format("%d calls served, %d wrong results, %d unexpected exceptions, %d hangs, %d restarts,"
                    + " %d calls failed with a reason in %.1f s%s", served, wrong, unexpected, hangs, restarts, failed(),
                    elapsed.toMillis() / 1000.0,
                    failures.isEmpty() ? "" : ": " + failures);
        }
    }

    /**
     * Runs until {@code stop} says so, checked between calls; the caller's condition may look at
     * {@link #progress()}.
     */
    public Outcome run(Interpreter sandbox, java.util.function.BooleanSupplier stop) throws InterruptedException {
        long t0 = System.nanoTime();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        long[] callStarted = new long[threads];
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread t = new Thread(() -> work(sandbox, id, done, callStarted), "stress-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        long nextRestart = System.nanoTime() + restartEvery.toNanos();
        while (!stop.getAsBoolean()) {
            checkHangs(callStarted);
            if (System.nanoTime() >= nextRestart) {
                sandbox.restart();
                restarts.increment();
                nextRestart = System.nanoTime() + restartEvery.toNanos();
            }
            TimeUnit.MILLISECONDS.sleep(20); // the pace of the restarts and of the hang check, not a wait for a result
        }
        done.set(true);
        long joinDeadline = System.nanoTime() + HANG_BOUND.toNanos();
        for (Thread t : workers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            if (t.isAlive()) {
                hangs.incrementAndGet();
            }
        }
        return new Outcome(this, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Calls served and restarts so far. */
    public long[] progress() {
        return new long[] {served.sum(), restarts.sum()};
    }

    private void checkHangs(long[] callStarted) {
        long now = System.nanoTime();
        synchronized (callStarted) {
            for (int i = 0; i < callStarted.length; i++) {
                if (callStarted[i] != 0 && now - callStarted[i] > HANG_BOUND.toNanos()) {
                    hangs.incrementAndGet();
                    callStarted[i] = 0; // counted once
                }
            }
        }
    }

    private void work(Interpreter sandbox, int id, AtomicBoolean done, long[] callStarted) {
        ForeignRef<?> counter = null;
        long expected = 0;
        long n = 0;
        while (!done.get()) {
            n++;
            mark(callStarted, id, System.nanoTime());
            try {
                if (counter == null || n % 7 == 0) {
                    // eval: a fresh expression each time, whose value the host knows.
                    long v = id * 1_000_000_000L + n;
                    ForeignRef<?> r = sandbox.eval(v + "L");
                    check(id, "eval " + v, Long.toString(v), r.display());
                    if (counter == null) {
                        counter = sandbox.eval("new java.util.concurrent.atomic.AtomicLong()");
                        expected = 0;
                    }
                } else {
                    ForeignRef<?> r = sandbox.call(counter, "incrementAndGet");
                    expected++;
                    check(id, "incrementAndGet", Long.toString(expected), r.display());
                }
            } catch (SandprofBugException | UserCodeException e) {
                unexpected(e);
                counter = null;
            } catch (SandboxException e) {
                // A restart cut the call short, or the counter was made by the sandbox before it:
                // either way a new counter, since the old one may or may not have counted the call.
                fail(e);
                counter = null;
            } catch (RuntimeException e) {
                unexpected(e);
                counter = null;
            } finally {
                mark(callStarted, id, 0);
            }
        }
    }

    private static void mark(long[] callStarted, int id, long value) {
        synchronized (callStarted) {
            callStarted[id] = value;
        }
    }

    private void check(int thread, String what, String expected, String actual) {
        if (expected.equals(actual)) {
            served.increment();
        } else {
            wrong.increment();
            synchronized (wrongSamples) {
                if (wrongSamples.size() < 20) {
                    wrongSamples.add("thread " + thread + " " + what + ": expected " + expected + ", got " + actual);
                }
            }
        }
    }

    private void unexpected(RuntimeException e) {
        this.unexpected.increment();
        synchronized (wrongSamples) {
            if (wrongSamples.size() < 20) {
                java.io.StringWriter w = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(w));
                wrongSamples.add("unexpected " + w);
            }
        }
    }

    private void fail(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).replaceAll("[0-9]+", "N");
        String[] words = message.split("\\s+");
        String gist = String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, 14)));
        failures.computeIfAbsent(e.getClass().getSimpleName() + ": " + gist, k -> new LongAdder()).increment();
    }
}
