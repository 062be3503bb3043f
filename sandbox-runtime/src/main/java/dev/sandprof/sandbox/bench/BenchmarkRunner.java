package dev.sandprof.sandbox.bench;

import dev.sandprof.sandbox.RequestRefused;
import dev.sandprof.sandbox.profile.Profiling;
import dev.sandprof.sandbox.stub.BenchmarkStub;
import dev.sandprof.sandbox.stub.Control;
import dev.sandprof.sandbox.stub.SampleBuffer;
import dev.sandprof.wire.BenchmarkIteration;
import dev.sandprof.wire.ProfileReply;
import dev.sandprof.wire.StartProfile;
import dev.sandprof.wire.RunBenchmark;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs one benchmark in this sandbox the way JMH's generated code does: states made and their
 * {@code @Param} fields set, fixtures run at their levels, then warmup and measurement iterations,
 * each on {@code threads} worker threads calling the generated {@link BenchmarkStub} until the
 * iteration's time is up. Each iteration's score goes out as an event as it ends.
 */
public final class BenchmarkRunner {

    /** Samples kept per iteration in sample mode: enough for percentiles, small enough for a frame. */
    private static final int MAX_SAMPLES = 20_000;
    private static final String BLACKHOLE_CHALLENGE =
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

    private final Function<String, Class<?>> classes;
    private final Consumer<BenchmarkIteration> events;
    private final Profiling profiling;
    private final Consumer<ProfileReply> profiles;

    /**
     * @param classes   finds a defined class by name
     * @param events    where each iteration's result goes
     * @param profiling the sandbox's profiling engines, for a run with a profiler
     * @param profiles  where the profile of the measurement iterations goes
     */
    public BenchmarkRunner(Function<String, Class<?>> classes, Consumer<BenchmarkIteration> events, Profiling profiling,
                           Consumer<ProfileReply> profiles) {
        this.classes = classes;
        this.events = events;
        this.profiling = profiling;
        this.profiles = profiles;
    }

    /**
     * Runs it; a benchmark or fixture that throws ends the run with that exception.
     *
     * @throws InterruptedException when this thread is interrupted at any point of the run, once
     *     the trial's teardown has run
     */
    public void run(RunBenchmark r) throws Throwable {
        Class<?> c = classes.apply(r.benchmarkClass());
        Method method = null;
        for (Method m : c.getMethods()) {
            if (m.getName().equals(r.method()) && m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                method = m;
            }
        }
        if (method == null) {
            throw new RequestRefused(r.benchmarkClass() + " has no @Benchmark method " + r.method());
        }
        BenchmarkStub stub = (BenchmarkStub) classes.apply(r.stubClass()).getConstructor().newInstance();
        int threads = r.threads();
        Map<Class<?>, Object> shared = new IdentityHashMap<>();
        List<Object[]> argsPerThread = new ArrayList<>();
        List<Blackhole> blackholes = new ArrayList<>();
        // Each thread's states, in creation order: its own (Scope.Thread), and for thread 0 the shared ones
        // too. A thread runs its states' fixtures, as JMH's worker threads do.
        List<List<Object>> statesOf = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Map<Class<?>, Object> mine = new IdentityHashMap<>();
            List<Object> order = new ArrayList<>();
            Blackhole bh = new Blackhole(BLACKHOLE_CHALLENGE);
            Object[] args = new Object[1 + method.getParameterCount()];
            if (!Modifier.isStatic(method.getModifiers())) {
                args[0] = state(c, shared, mine, r.params(), order);
            }
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                args[i + 1] = types[i] == Blackhole.class ? bh : state(types[i], shared, mine, r.params(), order);
            }
            argsPerThread.add(args);
            blackholes.add(bh);
            statesOf.add(order);
        }
        Mode mode = Mode.deepValueOf(r.mode());
        long unitNanos = r.timeUnit().toNanos(1);
        boolean perInvocation = statesOf.stream().anyMatch(states -> hasLevel(states, Level.Invocation));
        boolean gc = "gc".equals(r.profiler());
        boolean engine = r.profiler() != null && !gc;
        boolean profiling = false;
        try (Workers workers = new Workers(threads)) {
            boolean setUp = false;
            try {
                try {
                    workers.fixtures(statesOf, Setup.class, Level.Trial);
                } finally {
                    // Also when an interrupt came while it ran: what the setup made, the teardown frees.
                    setUp = workers.completed();
                }
                for (int phase = 0; phase < 2; phase++) {
                    boolean warmup = phase == 0;
                    int iterations = warmup ? r.warmupIterations() : r.measurementIterations();
                    long nanos = warmup ? r.warmupNanos() : r.measurementNanos();
                    if (!warmup && engine) {
                        this.profiling.start(new StartProfile(r.requestId(), r.profiler(),
                                r.profileEvent() == null ? "cpu" : r.profileEvent(), 0, r.jfrFile()));
                        profiling = true;
                    }
                    for (int i = 1; i <= iterations; i++) {
                        workers.fixtures(statesOf, Setup.class, Level.Iteration);
                        Control control = new Control();
                        GcCounters before = gc && !warmup ? new GcCounters(workers.ids()) : null;
                        long[][] results = workers.run(t -> measure(mode, stub, argsPerThread.get(t), blackholes.get(t), control,
                                perInvocation ? statesOf.get(t) : null), control, mode == Mode.SingleShotTime ? 0 : nanos);
                        BenchmarkIteration result = score(r, mode, warmup, i, results, unitNanos);
                        if (before != null) {
                            result = result.withSecondary(before.since(result.operations() * (long) r.operationsPerInvocation(),
                                    result.nanos()));
                        }
                        workers.fixtures(statesOf, TearDown.class, Level.Iteration);
                        events.accept(result);
                    }
                }
                if (profiling) {
                    profiling = false;
                    profiles.accept(this.profiling.stop(r.requestId()));
                }
            } finally {
                if (profiling) {
                    this.profiling.stop(r.requestId()); // the benchmark failed: its profile is dropped
                }
                // The trial's teardown runs even after an interrupt (a second Ctrl-C, or one that
                // came as the run ended), and then the run ends as interrupted, whatever it was
                // doing when the interrupt came.
                boolean interrupted = Thread.interrupted();
                if (setUp) {
                    workers.fixtures(statesOf, TearDown.class, Level.Trial);
                }
                if (interrupted || Thread.interrupted()) {
                    throw new InterruptedException("the benchmark was interrupted");
                }
            }
        }
    }

    /**
     * One thread's part of an iteration: {ops, nanos, samples...}. For {@code ss} one call; for
     * {@code sample} every call timed; else calls until the iteration's time is up (each one timed
     * apart from its fixtures when there are invocation-level ones).
     */
    private static long[] measure(Mode mode, BenchmarkStub stub, Object[] args, Blackhole bh, Control control,
                                  List<Object> invocationFixtures) throws Throwable {
        if (mode == Mode.SingleShotTime) {
            invocation(invocationFixtures, Setup.class);
            long t0 = System.nanoTime();
            stub.once(args, bh);
            long t1 = System.nanoTime();
            invocation(invocationFixtures, TearDown.class);
            return new long[] {1, t1 - t0};
        }
        if (mode == Mode.SampleTime && invocationFixtures == null) {
            SampleBuffer samples = new SampleBuffer(MAX_SAMPLES);
            long t0 = System.nanoTime();
            long ops = stub.sample(args, bh, control, samples);
            long elapsed = System.nanoTime() - t0;
            long[] kept = samples.samples();
            long[] out = new long[2 + kept.length];
            out[0] = ops;
            out[1] = elapsed;
            System.arraycopy(kept, 0, out, 2, kept.length);
            return out;
        }
        if (mode == Mode.SampleTime || invocationFixtures != null) {
            // Fixtures around every call: each call timed on its own, its fixtures outside the time.
            boolean sample = mode == Mode.SampleTime;
            SampleBuffer samples = new SampleBuffer(MAX_SAMPLES);
            long ops = 0;
            long total = 0;
            do {
                invocation(invocationFixtures, Setup.class);
                long t0 = System.nanoTime();
                stub.once(args, bh);
                long t = System.nanoTime() - t0;
                invocation(invocationFixtures, TearDown.class);
                total += t;
                if (sample) {
                    samples.add(t, 0);
                }
                ops++;
            } while (!control.done);
            long[] kept = samples.samples();
            long[] out = new long[2 + kept.length];
            out[0] = ops;
            out[1] = total;
            System.arraycopy(kept, 0, out, 2, kept.length);
            return out;
        }
        long t0 = System.nanoTime();
        long ops = stub.loop(args, bh, control);
        return new long[] {ops, System.nanoTime() - t0};
    }

    private static BenchmarkIteration score(RunBenchmark r, Mode mode, boolean warmup, int index, long[][] results, long unitNanos) {
        double opsPerCall = r.operationsPerInvocation();
        long ops = 0;
        long nanos = 0;
        double score = 0;
        List<Long> samples = new ArrayList<>();
        for (long[] t : results) {
            ops += t[0];
            nanos = Math.max(nanos, t[1]);
            double operations = t[0] * opsPerCall;
            if (mode == Mode.Throughput) {
                score += operations / t[1] * unitNanos; // threads add up
            } else {
                score += (double) t[1] / operations / unitNanos / results.length; // threads average
            }
            for (int i = 2; i < t.length; i++) {
                samples.add(t[i]);
            }
        }
        return new BenchmarkIteration(r.requestId(), warmup, index, score, ops, nanos,
                samples.stream().mapToLong(Long::longValue).toArray());
    }

    /** The state object of {@code type} for one thread: its own (Scope.Thread) or the shared one. */
    private static Object state(Class<?> type, Map<Class<?>, Object> shared, Map<Class<?>, Object> mine,
                                Map<String, String> params, List<Object> order) throws ReflectiveOperationException {
        State state = type.getAnnotation(State.class);
        Map<Class<?>, Object> scope = state != null && state.value() == Scope.Benchmark ? shared : mine;
        Object existing = scope.get(type);
        if (existing != null) {
            return existing;
        }
        Object made = type.getConstructor().newInstance();
        for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(Param.class)) {
                    String value = params.get(f.getName());
                    if (value == null) {
                        throw new RequestRefused("no value for @Param " + f.getName() + ": give one with -p " + f.getName() + "=...");
                    }
                    f.setAccessible(true);
                    f.set(made, convert(value, f));
                }
            }
        }
        scope.put(type, made);
        order.add(made);
        return made;
    }

    /** A {@code @Param} value as its field's type, as JMH converts them. */
    private static Object convert(String value, Field f) {
        Class<?> t = f.getType();
        try {
            if (t == String.class) {
                return value;
            } else if (t == int.class || t == Integer.class) {
                return Integer.valueOf(value.trim());
            } else if (t == long.class || t == Long.class) {
                return Long.valueOf(value.trim());
            } else if (t == double.class || t == Double.class) {
                return Double.valueOf(value.trim());
            } else if (t == float.class || t == Float.class) {
                return Float.valueOf(value.trim());
            } else if (t == short.class || t == Short.class) {
                return Short.valueOf(value.trim());
            } else if (t == byte.class || t == Byte.class) {
                return Byte.valueOf(value.trim());
            } else if (t == boolean.class || t == Boolean.class) {
                if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException();
                }
                return Boolean.valueOf(value.trim());
            } else if (t == char.class || t == Character.class) {
                if (value.length() != 1) {
                    throw new IllegalArgumentException();
                }
                return value.charAt(0);
            } else if (t.isEnum()) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Object e = Enum.valueOf((Class) t, value.trim());
                return e;
            }
        } catch (IllegalArgumentException e) {
            throw new RequestRefused("@Param " + f.getName() + " = \"" + value + "\" is not a " + t.getSimpleName());
        }
        throw new RequestRefused("@Param " + f.getName() + " has type " + t.getName() + ": JMH's types are primitives, "
                + "their boxes, String and enums");
    }

    private static boolean hasLevel(List<Object> states, Level level) {
        for (Object s : states) {
            for (Method m : s.getClass().getMethods()) {
                Setup setup = m.getAnnotation(Setup.class);
                TearDown tearDown = m.getAnnotation(TearDown.class);
                if (setup != null && setup.value() == level || tearDown != null && tearDown.value() == level) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void invocation(List<Object> states, Class<? extends java.lang.annotation.Annotation> kind) throws Throwable {
        if (states != null) {
            fixtures(states, kind, Level.Invocation);
        }
    }

    /** Runs the {@code kind} fixtures of {@code level} of each state: setups in order, teardowns in reverse. */
    private static void fixtures(List<Object> states, Class<? extends java.lang.annotation.Annotation> kind, Level level) throws Throwable {
        List<Object> order = new ArrayList<>(states);
        if (kind == TearDown.class) {
            java.util.Collections.reverse(order);
        }
        for (Object s : order) {
            for (Method m : s.getClass().getMethods()) {
                java.lang.annotation.Annotation a = m.getAnnotation(kind);
                Level l = a instanceof Setup ? ((Setup) a).value() : a instanceof TearDown ? ((TearDown) a).value() : null;
                if (l == level) {
                    if (m.getParameterCount() != 0) {
                        throw new RequestRefused(s.getClass().getName() + "." + m.getName() + " takes parameters: "
                                + "fixtures with parameters are not supported by sandprof bench");
                    }
                    try {
                        m.invoke(s);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        }
    }

    /** The exception with its trace cut below the benchmark: the stub and the runner are sandprof's. */
    private static Throwable trimmed(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getClassName().endsWith("_SandprofStub")) {
                e.setStackTrace(java.util.Arrays.copyOf(trace, i));
                break;
            }
        }
        return e;
    }

    /**
     * What the {@code gc} profiler measures over an iteration, as JMH's does: bytes the worker
     * threads allocated, and the collections that ran and their time.
     */
    private static final class GcCounters {
        private final long[] threads;
        private final long allocated;
        private final long collections;
        private final long collectionMillis;

        GcCounters(long[] threads) {
            this.threads = threads;
            this.allocated = allocated(threads);
            long count = 0;
            long time = 0;
            for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, b.getCollectionCount());
                time += Math.max(0, b.getCollectionTime());
            }
            this.collections = count;
            this.collectionMillis = time;
        }

        private static long allocated(long[] threads) {
            long sum = 0;
            for (long b : ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                    .getThreadAllocatedBytes(threads)) {
                sum += Math.max(0, b);
            }
            return sum;
        }

        /** The secondary results since this was taken, for {@code operations} over {@code nanos}. */
        Map<String, Double> since(long operations, long nanos) {
            GcCounters now = new GcCounters(threads);
            double bytes = now.allocated - allocated;
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            out.put("gc.alloc.rate", bytes / (nanos / 1e9) / (1024 * 1024));
            out.put("gc.alloc.rate.norm", operations == 0 ? Double.NaN : bytes / operations);
            out.put("gc.count", (double) (now.collections - collections));
            out.put("gc.time", (double) (now.collectionMillis - collectionMillis));
            return out;
        }
    }

    /** What a worker thread does in one iteration. */
    @FunctionalInterface
    private interface Part {
        long[] run(int thread) throws Throwable;
    }

    /**
     * The worker threads of a run, kept across its iterations as JMH's are. The threads meet at a
     * {@link Phaser}, whose waits an interrupt does not break (a {@code CyclicBarrier}'s does, for
     * good): an interrupt (Ctrl-C in the REPL) ends the iteration under way, whatever the
     * coordinating thread was doing when it came, and leaves the workers ready for the fixtures
     * that still run.
     */
    private static final class Workers implements AutoCloseable {
        private final int count;
        private final Thread[] threads;
        /** The workers and the coordinating thread: each iteration is two phases, its start and its end. */
        private final Phaser phaser;
        private volatile Part part;
        private volatile boolean closed;
        /** Whether the last part ran to its end on every worker without throwing. */
        private boolean completed;
        private final long[][] results;
        private final Throwable[] failures;

        long[] ids() {
            long[] ids = new long[count];
            for (int t = 0; t < count; t++) {
                ids[t] = threads[t].getId();
            }
            return ids;
        }

        Workers(int count) {
            this.count = count;
            this.threads = new Thread[count];
            this.phaser = new Phaser(count + 1);
            this.results = new long[count][];
            this.failures = new Throwable[count];
            for (int t = 0; t < count; t++) {
                int id = t;
                threads[t] = new Thread(() -> work(id), "sandprof-bench-worker-" + t);
                threads[t].setDaemon(true);
                threads[t].start();
            }
        }

        private void work(int id) {
            while (true) {
                phaser.arriveAndAwaitAdvance();
                if (closed) {
                    return;
                }
                try {
                    results[id] = part.run(id);
                } catch (Throwable e) {
                    failures[id] = trimmed(e);
                }
                phaser.arriveAndAwaitAdvance();
                // An interrupt meant for the iteration that ended does not reach the next part. (Not
                // cleared before a part: the interrupt of the part starting then would be lost.)
                Thread.interrupted();
            }
        }

        /**
         * Runs one iteration: releases the workers, ends it after {@code nanos} (0: when they
         * finish on their own), and gives each worker's result, or throws the first failure.
         *
         * @throws InterruptedException when this thread is interrupted before or during the
         *     iteration; the workers are interrupted too, and the iteration ends once they have stopped
         */
        long[][] run(Part p, Control control, long nanos) throws Throwable {
            completed = false;
            if (Thread.interrupted()) {
                throw new InterruptedException("the benchmark was interrupted");
            }
            part = p;
            java.util.Arrays.fill(failures, null);
            phaser.arriveAndAwaitAdvance();
            boolean interrupted = false;
            if (nanos > 0) {
                long until = System.nanoTime() + nanos;
                long left;
                try {
                    while ((left = until - System.nanoTime()) > 0) {
                        TimeUnit.NANOSECONDS.sleep(left);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    interruptWorkers();
                }
            }
            control.done = true;
            int end = phaser.arrive();
            while (true) {
                try {
                    phaser.awaitAdvanceInterruptibly(end);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    interruptWorkers(); // a call that does not look at Control (a fixture, a single shot) ends too
                }
            }
            completed = java.util.Arrays.stream(failures).allMatch(java.util.Objects::isNull);
            // An interrupt that came once the workers were done (the wait did not need to look) counts too.
            if (interrupted || Thread.interrupted()) {
                throw new InterruptedException("the benchmark was interrupted");
            }
            for (Throwable f : failures) {
                if (f != null) {
                    throw f;
                }
            }
            return results.clone();
        }

        /** Whether the last part ran to its end on every worker without throwing (an interrupt may have come). */
        boolean completed() {
            return completed;
        }

        private void interruptWorkers() {
            for (Thread t : threads) {
                t.interrupt();
            }
        }

        /** Runs the fixtures of a kind and level, each thread those of its own states, outside any timing. */
        void fixtures(List<List<Object>> statesOf, Class<? extends java.lang.annotation.Annotation> kind, Level level) throws Throwable {
            run(t -> {
                if (kind == TearDown.class) {
                    // An interrupt that reached this worker as the iteration before ended (the
                    // coordinator interrupts the workers it still waits for) is not the teardown's.
                    Thread.interrupted();
                }
                BenchmarkRunner.fixtures(statesOf.get(t), kind, level);
                return new long[0];
            }, new Control(), 0);
        }

        /** Lets the workers, waiting for the next iteration, end. */
        @Override
        public void close() {
            closed = true;
            phaser.arrive();
        }
    }
}
