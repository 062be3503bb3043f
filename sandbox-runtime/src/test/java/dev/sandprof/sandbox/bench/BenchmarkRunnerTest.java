package dev.sandprof.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.sandbox.stub.BenchmarkStub;
import dev.sandprof.sandbox.stub.Control;
import dev.sandprof.sandbox.stub.SampleBuffer;
import dev.sandprof.wire.BenchmarkIteration;
import dev.sandprof.wire.RunBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The runner against an interrupt (Ctrl-C in the REPL's {@code :bench}) that comes wherever the
 * running thread is: in the trial's setup, between iterations, while fixtures run, while it waits
 * out an iteration, in a single shot that never returns, in the trial's teardown after the last
 * iteration. Each ends the run with an {@link InterruptedException}, runs the
 * trial's teardown, and leaves no worker thread behind.
 */
class BenchmarkRunnerTest {

    private static final long TEN_MINUTES = TimeUnit.MINUTES.toNanos(10);

    /** The benchmark and its state; what the test makes the run do comes through these statics. */
    @State(Scope.Thread)
    public static class Target {
        static volatile Thread runner;
        static final AtomicBoolean interruptInTrialSetup = new AtomicBoolean();
        static final AtomicBoolean interruptInTrialTearDown = new AtomicBoolean();
        static final AtomicBoolean interruptInIterationSetup = new AtomicBoolean();
        static final AtomicBoolean interruptInBenchmark = new AtomicBoolean();
        static volatile boolean sleepInBenchmark;
        static final List<String> fixtures = new CopyOnWriteArrayList<>();
        int iterationSetups;

        @Setup(Level.Trial)
        public void trialSetup() {
            if (interruptInTrialSetup.compareAndSet(true, false)) {
                runner.interrupt(); // the runner waits for this fixture to end
            }
        }

        @Setup(Level.Iteration)
        public void iterationSetup() {
            if (++iterationSetups == 2 && interruptInIterationSetup.compareAndSet(true, false)) {
                runner.interrupt(); // once, by the first worker here; the runner waits for this fixture to end
            }
        }

        @TearDown(Level.Trial)
        public void trialTearDown() {
            fixtures.add("trial teardown");
            if (interruptInTrialTearDown.compareAndSet(true, false)) {
                runner.interrupt(); // every iteration has ended
            }
        }

        @Benchmark
        public int work() throws InterruptedException {
            if (interruptInBenchmark.compareAndSet(true, false)) {
                runner.interrupt(); // the runner is (or is about to be) waiting out the iteration
            }
            if (sleepInBenchmark) {
                Thread.sleep(Long.MAX_VALUE);
            }
            return iterationSetups;
        }
    }

    /** What the host generates for {@link Target#work}. */
    public static final class TargetStub implements BenchmarkStub {
        @Override
        public long loop(Object[] args, Blackhole bh, Control control) throws Throwable {
            long ops = 0;
            do {
                bh.consume(((Target) args[0]).work());
                ops++;
            } while (!control.done);
            return ops;
        }

        @Override
        public long sample(Object[] args, Blackhole bh, Control control, SampleBuffer samples) throws Throwable {
            return loop(args, bh, control);
        }

        @Override
        public void once(Object[] args, Blackhole bh) throws Throwable {
            bh.consume(((Target) args[0]).work());
        }
    }

    @AfterEach
    void reset() {
        Target.runner = null;
        Target.interruptInTrialSetup.set(false);
        Target.interruptInTrialTearDown.set(false);
        Target.interruptInIterationSetup.set(false);
        Target.interruptInBenchmark.set(false);
        Target.sleepInBenchmark = false;
        Target.fixtures.clear();
    }

    private static RunBenchmark run(String mode, int threads, int warmups, long warmupNanos) {
        return run(mode, threads, warmups, warmupNanos, TEN_MINUTES);
    }

    private static RunBenchmark run(String mode, int threads, int warmups, long warmupNanos, long measurementNanos) {
        return new RunBenchmark(1, Target.class.getName(), "work", TargetStub.class.getName(), mode, TimeUnit.NANOSECONDS,
                threads, Map.of(), warmups, warmupNanos, 1, measurementNanos, 1, null, null, null);
    }

    /** Runs it on this thread; the iterations that ended. */
    private static List<BenchmarkIteration> runInterrupted(RunBenchmark r, Consumer<BenchmarkIteration> onIteration) {
        Target.runner = Thread.currentThread();
        List<BenchmarkIteration> iterations = new ArrayList<>();
        BenchmarkRunner runner = new BenchmarkRunner(name -> name.equals(Target.class.getName()) ? Target.class : TargetStub.class,
                it -> {
                    iterations.add(it);
                    onIteration.accept(it);
                }, null, profile -> { });
        assertThatThrownBy(() -> runner.run(r)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(Target.fixtures).hasSize(r.threads()).containsOnly("trial teardown");
        return iterations;
    }

    private static void assertNoWorkerLeft() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("sandprof-bench-worker-")) {
                t.join(TimeUnit.MINUTES.toMillis(1));
                assertThat(t.isAlive()).as(t.getName() + " still runs").isFalse();
            }
        }
    }

    @Test
    void anInterruptBetweenIterationsEndsTheRunBeforeTheNextOne() throws Exception {
        // The interrupt comes as the warmup iteration's result is sent: before the fixtures and the
        // measurement that follow it.
        List<BenchmarkIteration> done = runInterrupted(run("avgt", 2, 1, TimeUnit.MILLISECONDS.toNanos(50)),
                it -> Thread.currentThread().interrupt());
        assertThat(done).hasSize(1).allMatch(BenchmarkIteration::warmup);
        assertNoWorkerLeft();
    }

    @Test
    void anInterruptInTheTrialsSetupEndsTheRunBeforeAnyIteration() throws Exception {
        Target.interruptInTrialSetup.set(true);
        assertThat(runInterrupted(run("avgt", 2, 1, TEN_MINUTES), it -> { })).isEmpty();
        assertNoWorkerLeft();
    }

    @Test
    void anInterruptInTheTrialsTeardownAfterTheLastIterationStillEndsTheRunAsInterrupted() throws Exception {
        Target.interruptInTrialTearDown.set(true);
        List<BenchmarkIteration> done = runInterrupted(run("avgt", 1, 1, TimeUnit.MILLISECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1)), it -> { });
        assertThat(done).hasSize(2);
        assertNoWorkerLeft();
    }

    @Test
    void anInterruptWhileAFixtureRunsEndsTheRun() throws Exception {
        Target.interruptInIterationSetup.set(true);
        List<BenchmarkIteration> done = runInterrupted(run("thrpt", 2, 1, TimeUnit.MILLISECONDS.toNanos(50)), it -> { });
        assertThat(done).hasSize(1).allMatch(BenchmarkIteration::warmup);
        assertNoWorkerLeft();
    }

    @Test
    void anInterruptDuringAMeasurementEndsItAtOnce() throws Exception {
        Target.interruptInBenchmark.set(true);
        assertThat(runInterrupted(run("avgt", 1, 0, 0), it -> { })).isEmpty();
        assertNoWorkerLeft();
    }

    @Test
    void aSingleShotThatWouldNeverReturnIsInterruptedToo() throws Exception {
        Target.interruptInBenchmark.set(true);
        Target.sleepInBenchmark = true;
        assertThat(runInterrupted(run("ss", 2, 0, 0), it -> { })).isEmpty();
        assertNoWorkerLeft();
    }
}
