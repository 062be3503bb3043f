package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.host.TracedException.Outcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exception tracing through the host API, in a real sandbox with the real agent. */
class ExceptionTraceIT {

    /** Shared by the tests whose programs leave the sandbox running. */
    private static Interpreter sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = Interpreter.external(SandboxOptions.builder().spare(false).build());
        sandbox.instrument();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void everyExceptionComesBackWithTheReplyAsData() {
        sandbox.define(Programs.compile(dir, "Known", KnownProgram.SOURCE).classes());
        TraceResult trace = sandbox.traceExceptions(i -> i.runMain("Known", List.of()));
        KnownProgram.assertTrace(trace.exceptions());
        assertThat(trace.failure()).get().isInstanceOf(UserCodeException.class);
    }

    @Test
    void threadsOfTheProgramAndAMillionThrowsInALoop() {
        sandbox.define(Programs.compile(dir, "Busy", "public class Busy {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        Thread[] workers = new Thread[2];\n"
                + "        for (int i = 0; i < workers.length; i++) {\n"
                + "            workers[i] = new Thread(Busy::work, \"worker-\" + i);\n"
                + "            workers[i].setUncaughtExceptionHandler((t, e) -> { });\n"
                + "            workers[i].start();\n"
                + "        }\n"
                + "        long caught = 0;\n"
                + "        for (int i = 0; i < 1_000_000; i++) {\n"
                + "            try { check(i); } catch (IllegalArgumentException e) { caught++; }\n"
                + "        }\n"
                + "        for (Thread t : workers) t.join();\n"
                + "        System.out.println(caught);\n"
                + "    }\n"
                + "    static void check(int i) { throw new IllegalArgumentException(\"bad \" + i); }\n"
                + "    static void work() {\n"
                + "        try { Integer.parseInt(Thread.currentThread().getName()); } catch (NumberFormatException e) { }\n"
                + "        throw new UnsupportedOperationException(\"from \" + Thread.currentThread().getName());\n"
                + "    }\n"
                + "}\n").classes());
        List<TracedException> traced = sandbox.traceExceptions(i -> i.runMain("Busy", List.of())).exceptions();
        TracedException loop = traced.stream().filter(e -> e.thread().equals("main")).findFirst().orElseThrow();
        assertThat(loop.count()).isEqualTo(1_000_000);
        assertThat(KnownProgram.frames(loop)).containsExactly("check:16", "main:11");
        assertThat(KnownProgram.at(loop.stoppedAt())).isEqualTo("Busy.main:11");
        for (String worker : List.of("worker-0", "worker-1")) {
            assertThat(traced).filteredOn(e -> e.thread().equals(worker))
                    .extracting(TracedException::exceptionClass, TracedException::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("java.lang.NumberFormatException", Outcome.CAUGHT),
                            org.assertj.core.groups.Tuple.tuple("java.lang.UnsupportedOperationException", Outcome.ESCAPED));
        }
        assertThat(traced).hasSize(5);
    }

    @Test
    void exceptionsWithoutAJvmStackTraceStillHaveTheAgentsStack() {
        sandbox.define(Programs.compile(dir, "Traceless", "public class Traceless {\n"
                + "    public static void main(String[] args) {\n"
                + "        try { quiet(); } catch (RuntimeException e) { }\n"
                + "        int withoutTrace = 0;\n"
                + "        for (int i = 0; i < 300_000; i++) {\n"
                + "            try { length(null); } catch (NullPointerException e) { if (e.getStackTrace().length == 0) withoutTrace++; }\n"
                + "        }\n"
                + "        System.out.println(withoutTrace);\n"
                + "        if (withoutTrace == 0) throw new AssertionError(\"HotSpot never omitted a trace\");\n"
                + "    }\n"
                + "    static void quiet() { raise(); }\n"
                + "    static void raise() { throw new RuntimeException(\"no trace\", null, false, false) { }; }\n"
                + "    static int length(String s) { return s.length(); }\n"
                + "}\n").classes());
        TraceResult trace = sandbox.traceExceptions(i -> i.runMain("Traceless", List.of()));
        assertThat(trace.failure()).isEmpty();
        List<TracedException> traced = trace.exceptions();
        assertThat(traced).hasSize(2);
        assertThat(traced.get(0).hasJvmTrace()).isFalse();
        assertThat(KnownProgram.frames(traced.get(0))).containsExactly("raise:12", "quiet:11", "main:3");
        assertThat(traced.get(1).count()).isEqualTo(300_000);
        assertThat(KnownProgram.frames(traced.get(1))).containsExactly("length:13", "main:6");
    }

    @Test
    void aRedefinedClassIsTracedAtItsNewLinesAndPoolThreadsAreTraced() {
        String v1 = "public class Again {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);\n"
                + "        java.util.concurrent.Future<?> f = pool.submit(Again::task);\n"
                + "        try { f.get(); } catch (java.util.concurrent.ExecutionException e) { }\n"
                + "        pool.shutdown();\n"
                + "    }\n"
                + "    static void task() { throw new IllegalStateException(\"v1\"); }\n"
                + "}\n";
        sandbox.define(Programs.compile(dir, "Again", v1).classes());
        List<TracedException> first = sandbox.traceExceptions(i -> i.runMain("Again", List.of())).exceptions();
        // The task's exception leaves the pool thread's outermost instrumented method (the JDK's
        // FutureTask keeps it); get() raises an ExecutionException in main, which main catches.
        assertThat(first).extracting(TracedException::exceptionClass, TracedException::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("java.lang.IllegalStateException", Outcome.ESCAPED),
                org.assertj.core.groups.Tuple.tuple("java.util.concurrent.ExecutionException", Outcome.CAUGHT));
        TracedException task = first.stream().filter(e -> e.message().equals("v1")).findFirst().orElseThrow();
        assertThat(task.thread()).startsWith("pool-");
        assertThat(KnownProgram.frames(task)).containsExactly("task:8");

        sandbox.define(Programs.compile(dir, "Again", v1.replace("    static void task()", "\n\n    static void task()")
                .replace("\"v1\"", "\"v2\"")).classes());
        List<TracedException> second = sandbox.traceExceptions(i -> i.runMain("Again", List.of())).exceptions();
        TracedException redefined = second.stream().filter(e -> "v2".equals(e.message())).findFirst().orElseThrow();
        assertThat(KnownProgram.frames(redefined)).containsExactly("task:10");
    }

    @Test
    void snippetsAreTracedToo() {
        TraceResult trace = sandbox.traceExceptions(i -> i.eval("Integer.parseInt(\"x\")"));
        assertThat(trace.failure()).get().isInstanceOf(UserCodeException.class);
        assertThat(trace.exceptions()).singleElement().satisfies(e -> {
            assertThat(e.exceptionClass()).isEqualTo("java.lang.NumberFormatException");
            assertThat(e.stack()).singleElement().satisfies(f -> assertThat(f.className()).startsWith("SandprofSnippet"));
            assertThat(e.outcome()).isEqualTo(Outcome.ESCAPED);
        });
    }

    @Test
    void aProgramThatExitsStillReportsWhatItRaised() {
        try (Interpreter own = Interpreter.external(SandboxOptions.builder().spare(false).build())) {
            own.instrument();
            own.define(Programs.compile(dir, "Quits", "public class Quits {\n"
                    + "    public static void main(String[] args) {\n"
                    + "        try { Integer.parseInt(\"no\"); } catch (NumberFormatException e) { System.exit(3); }\n"
                    + "    }\n"
                    + "}\n").classes());
            TraceResult trace = own.traceExceptions(i -> i.runMain("Quits", List.of()));
            assertThat(trace.failure()).get().isInstanceOfSatisfying(SandboxDiedException.class,
                    e -> assertThat(e.exitStatus()).isEqualTo(3));
            assertThat(trace.exceptions()).singleElement().satisfies(e -> {
                assertThat(e.exceptionClass()).isEqualTo("java.lang.NumberFormatException");
                assertThat(e.outcome()).isEqualTo(Outcome.CAUGHT);
            });
        }
    }

    @Test
    void inProcessThereIsNoAgentToTraceWith() {
        try (Interpreter inProcess = Interpreter.inProcess(SandboxOptions.defaults())) {
            assertThatThrownBy(() -> inProcess.traceExceptions(i -> { }))
                    .isInstanceOf(RequestRefusedException.class).hasMessageContaining("external sandbox");
        }
    }
}
