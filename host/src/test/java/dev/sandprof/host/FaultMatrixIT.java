package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: one row per way a sandbox, the program in it or the world around it can go
 * wrong, each with real processes, and the same four checks on every row. The failure is the one
 * expected and says what happened (<em>a clear message</em>); what the program printed before it
 * reached the host (<em>nothing lost</em>); the same interpreter serves the next request, on a
 * fresh sandbox where the old one is gone (<em>the next request served</em>), or, where no sandbox
 * can start, fails the same way again; and once the interpreter is closed, no sandbox JVM of the
 * row is alive (<em>nothing left behind</em>). The host's own death, which needs a host process
 * to kill, is {@code HostDeathIT}'s; thousands of calls across restarts, {@code ConcurrentRestartIT}'s.
 */
class FaultMatrixIT {

    @TempDir
    static Path dir;

    private static final Set<String> ROWS_SURVIVED = ConcurrentHashMap.newKeySet();

    /** What a row does to a sandbox; returns what the failing call threw, or null where nothing should. */
    @FunctionalInterface
    interface Provoke {
        Throwable apply(Row row) throws Exception;
    }

    /** One row's run: its interpreter, the output sinks, and the sandbox pids it saw. */
    static final class Row {
        final SynchronizedBuffer out = new SynchronizedBuffer();
        final SynchronizedBuffer err = new SynchronizedBuffer();
        final List<Long> pids = new ArrayList<>();
        Interpreter sandbox;

        /** Ships one class with a main made of these statements and runs it; returns what it threw. */
        Throwable runMain(String className, String... statements) {
            sandbox.define(Programs.compile(dir, className, Programs.mainOf(className, statements)).classes());
            seePid();
            return catchThrowable(() -> sandbox.runMain(className, List.of()));
        }

        /**
         * Ships a class with a main made of these statements, runs it on another thread and returns
         * once it has printed {@code printed}: the fault then strikes a program that is running.
         */
        CompletableFuture<Throwable> runMainInBackground(String className, String printed, String... statements) {
            sandbox.define(Programs.compile(dir, className, Programs.mainOf(className, statements)).classes());
            seePid();
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(
                    () -> catchThrowable(() -> sandbox.runMain(className, List.of())));
            awaitOutput(printed);
            return run;
        }

        void seePid() {
            pids.add(sandbox.info().pid());
        }

        /** Waits, without sleeping, for the program's output to reach the host; the test's timeout bounds it. */
        void awaitOutput(String expected) {
            while (!out.text().contains(expected)) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }

    /** A fault, the options its interpreter needs, and what must come of it. */
    static final class Fault {
        final String name;
        UnaryOperator<SandboxOptions.Builder> options = UnaryOperator.identity();
        Provoke provoke;
        Class<? extends Throwable> expected;
        final List<String> says = new ArrayList<>();
        String printedBefore;
        boolean noSandboxCanStart;

        Fault(String name) {
            this.name = name;
        }

        Fault options(UnaryOperator<SandboxOptions.Builder> o) {
            this.options = o;
            return this;
        }

        Fault provoke(Provoke p) {
            this.provoke = p;
            return this;
        }

        /** The failure expected, with words its message must hold; {@code null}: the call succeeds. */
        Fault fails(Class<? extends Throwable> type, String... words) {
            this.expected = type;
            this.says.addAll(List.of(words));
            return this;
        }

        Fault keeps(String output) {
            this.printedBefore = output;
            return this;
        }

        Fault startFails() {
            this.noSandboxCanStart = true;
            return this;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fault> faults() throws Exception {
        return FaultRows.all(dir).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void survives(Fault fault) throws Exception {
        Row row = new Row();
        SandboxOptions options = fault.options.apply(SandboxOptions.builder().stdout(row.out).stderr(row.err)).build();
        Throwable failure;
        try {
            row.sandbox = Interpreter.external(options);
            failure = fault.provoke.apply(row);
        } catch (RuntimeException e) {
            failure = e; // a start that fails in the constructor
        }
        try {
            // A clear message.
            if (fault.expected == null) {
                assertThat(failure).as("%s: no failure expected", fault).isNull();
            } else {
                assertThat(failure).as(fault.name).isInstanceOf(fault.expected);
                for (String word : fault.says) {
                    assertThat(failure.getMessage()).as(fault.name).contains(word);
                }
            }
            // Nothing lost.
            if (fault.printedBefore != null) {
                assertThat(row.out.text()).as("%s: what was printed before the fault", fault).contains(fault.printedBefore);
            }
            // The next request served (or refused the same way, where no sandbox can start).
            if (fault.noSandboxCanStart) {
                if (row.sandbox != null) {
                    Throwable again = catchThrowable(row.sandbox::ping);
                    assertThat(again).as(fault.name).isInstanceOf(fault.expected);
                }
            } else {
                long before = row.pids.isEmpty() ? -1 : row.pids.get(row.pids.size() - 1);
                assertThat(row.sandbox.eval("1 + 1").display()).isEqualTo("2");
                row.seePid();
                if (fault.expected != null && !UserCodeException.class.isAssignableFrom(fault.expected)
                        && !RequestRefusedException.class.isAssignableFrom(fault.expected)
                        && !StaleRefException.class.isAssignableFrom(fault.expected)) {
                    assertThat(row.pids.get(row.pids.size() - 1)).as("%s: a fresh sandbox", fault).isNotEqualTo(before);
                }
            }
        } finally {
            if (row.sandbox != null) {
                row.sandbox.close();
            }
        }
        // Nothing left behind.
        for (long pid : row.pids) {
            CompletableFuture<ProcessHandle> gone = ProcessHandle.of(pid).map(ProcessHandle::onExit)
                    .orElse(CompletableFuture.completedFuture(null));
            gone.get(30, TimeUnit.SECONDS);
        }
        ROWS_SURVIVED.add(fault.name);
    }

    @AfterAll
    static void count() {
        System.out.println("FaultMatrixIT: " + ROWS_SURVIVED.size() + " fault cases survived");
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
