package dev.sandprof.host.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.bench.BenchListener;
import dev.sandprof.host.bench.BenchOptions;
import dev.sandprof.host.bench.BenchResult;
import dev.sandprof.host.bench.BenchmarkRun;
import dev.sandprof.sandbox.SandboxMain;
import dev.sandprof.wire.BenchmarkIteration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The REPL's {@code :bench} in a real sandbox, with Ctrl-C ({@link SnippetSession#stop}, from a
 * thread of its own as a signal comes) at each point of the run, driven from the run's own
 * progress (no sleeps): before the run request is sent (while the stub compiles or a sandbox
 * starts, where no request runs that could be interrupted), as it starts, between iterations, and
 * as the last iteration ends. Each reads as the interrupt, and the session goes on in the same
 * sandbox.
 */
class ReplBenchIT {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final SnippetSession session = new SnippetSession(new PrintStream(printed, true, StandardCharsets.UTF_8),
            List.of(), new SandprofExecutionProvider(SandboxOptions.builder()
                    .jvmArg("-D" + SandboxMain.SIGINT_PROPERTY + "=ignore").build(), false));

    @AfterEach
    void close() {
        session.close();
    }

    /** What the engine told, in order: started, each iteration (w1, m1, ...), and how it ended. */
    private static final class Told implements BenchListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        private final BiConsumer<String, Told> onEvent;

        Told(BiConsumer<String, Told> onEvent) {
            this.onEvent = onEvent;
        }

        private void told(String event) {
            events.add(event);
            onEvent.accept(event, this);
        }

        @Override
        public void started(String jvm, String javaVersion, BenchmarkRun run, int forks) {
            told("started");
        }

        @Override
        public void iteration(BenchmarkRun run, BenchmarkIteration it, double score, TimeUnit unit) {
            told((it.warmup() ? "w" : "m") + it.index());
        }

        @Override
        public void interrupted(BenchmarkRun run) {
            told("interrupted");
        }

        @Override
        public void threw(BenchmarkRun run, UserCodeException e) {
            told("threw " + e.exception().className());
        }

        @Override
        public void ended(BenchResult result) {
            told("ended");
        }
    }

    private static BenchOptions options(int warmups, Duration warmup, int measurements, Duration measurement) {
        return BenchOptions.builder().warmupIterations(warmups).warmupTime(warmup).measurementIterations(measurements)
                .measurementTime(measurement).build();
    }

    /**
     * Ctrl-C as the terminal's signal brings it: {@link SnippetSession#stop} on a thread of its own
     * (the engine's events come on the thread that reads the sandbox's channel, which the interrupt's
     * own reply needs). Returns once it has begun: the command sees it from then on.
     */
    private void ctrlC() {
        Thread signal = new Thread(session::stop, "test-ctrl-c");
        signal.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!session.stopRequested()) {
            assertThat(System.nanoTime() - deadline).as("Ctrl-C taken within a minute").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** The session still works, in the sandbox it had: its variables are there. */
    private void goesOn(int expected) {
        printed.reset();
        session.evalAll("kept * 2");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("==> " + expected);
    }

    @Test
    void ctrlCAtAnyPointOfABenchReadsAsTheInterrupt() {
        session.evalAll("int kept = 21;");
        session.evalAll("int work(int n) { return Integer.bitCount(n * kept); }");
        long pid = session.sandbox().info().pid();
        Duration tenMinutes = Duration.ofMinutes(10);
        Duration short_ = Duration.ofMillis(20);

        // Before the run request: Ctrl-C while the stub compiled or the sandbox started.
        session.inputRead();
        ctrlC();
        Told before = new Told((e, t) -> { });
        new ReplBench(session).run("work(3)", options(1, tenMinutes, 1, tenMinutes), before);
        assertThat(before.events).containsExactly("interrupted");
        goesOn(42);

        // As the run starts: its first warmup iteration (ten minutes) ends at once.
        session.inputRead();
        Told atStart = new Told((e, t) -> {
            if (e.equals("started")) {
                ctrlC();
            }
        });
        new ReplBench(session).run("work(3)", options(1, tenMinutes, 1, tenMinutes), atStart);
        assertThat(atStart.events).containsExactly("started", "interrupted");
        goesOn(42);

        // Between iterations: the warmup iteration has ended, the measurement (ten minutes) is under way or next.
        for (int round = 0; round < 3; round++) {
            session.inputRead();
            Told between = new Told((e, t) -> {
                if (e.equals("w1")) {
                    ctrlC();
                }
            });
            new ReplBench(session).run("work(3)", options(1, short_, 1, tenMinutes), between);
            assertThat(between.events).as("round " + round).containsExactly("started", "w1", "interrupted");
            goesOn(42);
        }

        // As the last iteration ends: the run may have ended in the sandbox already; the user asked it to stop.
        session.inputRead();
        Told atEnd = new Told((e, t) -> {
            if (e.equals("m1")) {
                ctrlC();
            }
        });
        new ReplBench(session).run("work(3)", options(0, short_, 1, short_), atEnd);
        assertThat(atEnd.events).containsExactly("started", "m1", "interrupted");
        goesOn(42);

        // A Ctrl-C for an earlier input does not reach the next bench, which runs to its end.
        session.inputRead();
        Told whole = new Told((e, t) -> { });
        new ReplBench(session).run("work(3)", options(1, short_, 1, short_), whole);
        assertThat(whole.events).containsExactly("started", "w1", "m1", "ended");

        assertThat(session.sandbox().info().pid()).as("the same sandbox throughout").isEqualTo(pid);
    }
}
