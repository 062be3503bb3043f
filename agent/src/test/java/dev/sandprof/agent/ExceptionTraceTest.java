package dev.sandprof.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.agent.TracedException.Outcome;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exception tracing on classes defined by a sandprof loader, with a real agent attached. */
class ExceptionTraceTest {

    @BeforeAll
    static void attach() {
        Shipped.instrument();
    }

    @BeforeEach
    void start() {
        ExceptionTrace.drain();
        ExceptionTrace.start();
    }

    @AfterEach
    void stop() {
        ExceptionTrace.stop();
    }

    private static Object run(Class<?> c, Object... args) throws Exception {
        for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
            if (m.getName().equals("run")) {
                return m.invoke(null, args);
            }
        }
        throw new AssertionError("no run method");
    }

    /** Each frame as Class.method:line. */
    private static List<String> frames(List<StackTraceElement> stack) {
        return stack.stream().map(f -> f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber())
                .collect(Collectors.toList());
    }

    private static String at(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber();
    }

    /**
     * H2's shape: a constructor's call triggers a class's static initialiser, which catches what the
     * JDK raised. Every frame the JVM's stack trace has of the program is there, the initialiser's
     * and the constructors' included (a catch above constructors still running keeps them).
     */
    @Test
    void aCatchInAStaticInitialiserCalledFromConstructorsKeepsEveryFrame() throws Exception {
        Class<?> c = Shipped.load("Conn", "public class Conn {\n"
                + "    static class Mode {\n"
                + "        static final boolean ICU;\n"
                + "        static {\n"
                + "            boolean found;\n"
                + "            try { Class.forName(\"com.example.NoSuch\"); found = true; } catch (ClassNotFoundException e) { found = false; }\n"
                + "            ICU = found;\n"
                + "        }\n"
                + "        static boolean icu() { return ICU; }\n"
                + "    }\n"
                + "    static class Session { final boolean icu; Session() { icu = Mode.icu(); } }\n"
                + "    final Session session;\n"
                + "    Conn() { session = new Session(); }\n"
                + "    public static boolean run() { return new Conn().session.icu; }\n"
                + "}\n");
        assertThat(run(c)).isEqualTo(false);
        List<TracedException> traced = ExceptionTrace.drain();
        assertThat(traced).hasSize(1);
        TracedException cnfe = traced.get(0);
        assertThat(cnfe.exceptionClass()).isEqualTo("java.lang.ClassNotFoundException");
        assertThat(frames(cnfe.stack())).containsExactly("Conn$Mode.<clinit>:6", "Conn$Session.<init>:11", "Conn.<init>:13",
                "Conn.run:14");
        assertThat(cnfe.outcome()).isEqualTo(Outcome.CAUGHT);
        assertThat(at(cnfe.stoppedAt())).isEqualTo("Conn$Mode.<clinit>:6");
    }

    @Test
    void threeCaughtAndOneEscapedAtTheirLines() throws Exception {
        Class<?> known = Shipped.load("Known", "public class Known {\n"
                + "    public static void run() {\n"
                + "        try { Integer.parseInt(\"a\"); } catch (NumberFormatException e) { }\n"
                + "        try { Integer.parseInt(\"b\"); } catch (NumberFormatException e) { }\n"
                + "        try { Integer.parseInt(\"c\"); } catch (NumberFormatException e) { }\n"
                + "        a();\n"
                + "    }\n"
                + "    static void a() { b(); }\n"
                + "    static void b() { c(); }\n"
                + "    static void c() { d(); }\n"
                + "    static void d() { throw new IllegalStateException(\"deep\"); }\n"
                + "}\n");
        assertThatThrownBy(() -> run(known)).isInstanceOf(InvocationTargetException.class);
        List<TracedException> traced = ExceptionTrace.drain();
        assertThat(traced).hasSize(4);
        for (int i = 0; i < 3; i++) {
            TracedException nfe = traced.get(i);
            assertThat(nfe.exceptionClass()).isEqualTo("java.lang.NumberFormatException");
            assertThat(nfe.message()).isEqualTo("For input string: \"" + (char) ('a' + i) + "\"");
            assertThat(frames(nfe.stack())).containsExactly("Known.run:" + (3 + i));
            assertThat(nfe.stack().get(0).getFileName()).isEqualTo("Known.java");
            assertThat(nfe.outcome()).isEqualTo(Outcome.CAUGHT);
            assertThat(at(nfe.stoppedAt())).isEqualTo("Known.run:" + (3 + i));
            assertThat(nfe.count()).isEqualTo(1);
            assertThat(nfe.thread()).isEqualTo(Thread.currentThread().getName());
            assertThat(nfe.threadId()).isEqualTo(Thread.currentThread().getId());
        }
        TracedException escaped = traced.get(3);
        assertThat(escaped.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(escaped.message()).isEqualTo("deep");
        assertThat(frames(escaped.stack())).containsExactly("Known.d:11", "Known.c:10", "Known.b:9", "Known.a:8", "Known.run:6");
        assertThat(escaped.outcome()).isEqualTo(Outcome.ESCAPED);
        assertThat(escaped.stoppedAt()).isNull();
    }

    /**
     * Folding is per site, not per throw: a hundred thousand throws from one place make one record
     * with their count, as a million would (the million took 18 s of the suite on a busy machine).
     */
    @Test
    void aHundredThousandThrowsFoldIntoOneRecord() throws Exception {
        Class<?> loop = Shipped.load("Loop", "public class Loop {\n"
                + "    public static long run(int n) {\n"
                + "        long caught = 0;\n"
                + "        for (int i = 0; i < n; i++) {\n"
                + "            try { fail(i); } catch (IllegalArgumentException e) { caught++; }\n"
                + "        }\n"
                + "        return caught;\n"
                + "    }\n"
                + "    static void fail(int i) { throw new IllegalArgumentException(\"no \" + i); }\n"
                + "}\n");
        assertThat(run(loop, 100_000)).isEqualTo(100_000L);
        List<TracedException> traced = ExceptionTrace.drain();
        assertThat(traced).hasSize(1);
        assertThat(traced.get(0).count()).isEqualTo(100_000);
        assertThat(traced.get(0).message()).isEqualTo("no 0");
        assertThat(frames(traced.get(0).stack())).containsExactly("Loop.fail:9", "Loop.run:5");
        assertThat(at(traced.get(0).stoppedAt())).isEqualTo("Loop.run:5");
    }

    @Test
    void rethrownWrappedAndSwallowed() throws Exception {
        Class<?> flows = Shipped.load("Flows", "public class Flows {\n"
                + "    public static void run() {\n"
                + "        try { rethrow(); } catch (IllegalStateException e) { }\n"
                + "        try { wrap(); } catch (RuntimeException e) { }\n"
                + "        swallow();\n"
                + "        try { new Bad(); } catch (IllegalStateException e) { }\n"
                + "    }\n"
                + "    static void inner() { throw new IllegalStateException(\"inner\"); }\n"
                + "    static void rethrow() { try { inner(); } catch (IllegalStateException e) { throw e; } }\n"
                + "    static void wrap() { try { inner(); } catch (IllegalStateException e) { throw new RuntimeException(\"wrapped\", e); } }\n"
                + "    @SuppressWarnings(\"finally\") static int swallow() { try { inner(); } finally { return 1; } }\n"
                + "    static class Bad { Bad() {\n"
                + "        throw new IllegalStateException(\"ctor\"); } }\n"
                + "}\n");
        run(flows);
        List<TracedException> traced = ExceptionTrace.drain();
        assertThat(traced).extracting(TracedException::message)
                .containsExactly("inner", "inner", "wrapped", "inner", "ctor");
        // A rethrow of the same exception continues its propagation.
        assertThat(frames(traced.get(0).stack())).containsExactly("Flows.inner:8", "Flows.rethrow:9", "Flows.run:3");
        assertThat(at(traced.get(0).stoppedAt())).isEqualTo("Flows.run:3");
        assertThat(at(traced.get(1).stoppedAt())).isEqualTo("Flows.wrap:10");
        assertThat(frames(traced.get(2).stack())).containsExactly("Flows.wrap:10", "Flows.run:4");
        assertThat(traced.get(2).outcome()).isEqualTo(Outcome.CAUGHT);
        assertThat(traced.get(3).outcome()).isEqualTo(Outcome.SWALLOWED);
        assertThat(traced.get(3).stoppedAt().getMethodName()).isEqualTo("swallow");
        // A constructor has no frame on the shadow stack, but its throw site is known.
        assertThat(frames(traced.get(4).stack())).containsExactly("Flows$Bad.<init>:13", "Flows.run:6");
    }

    @Test
    void exceptionsWithoutAJvmTraceStillHaveTheAgentsStack() throws Exception {
        Class<?> quiet = Shipped.load("Quiet", "public class Quiet {\n"
                + "    public static int run(int n) {\n"
                + "        try { a(); } catch (RuntimeException e) { }\n"
                + "        int traceless = 0;\n"
                + "        for (int i = 0; i < n; i++) {\n"
                + "            try { len(null); } catch (NullPointerException e) { if (e.getStackTrace().length == 0) traceless++; }\n"
                + "        }\n"
                + "        return traceless;\n"
                + "    }\n"
                + "    static void a() { b(); }\n"
                + "    static void b() { throw new RuntimeException(\"quiet\", null, false, false) { }; }\n"
                + "    static int len(String s) { return s.length(); }\n"
                + "}\n");
        int traceless = (int) run(quiet, 300_000);
        List<TracedException> traced = ExceptionTrace.drain();
        TracedException noTrace = traced.get(0);
        assertThat(noTrace.hasJvmTrace()).isFalse();
        // The callers' lines come from the live stack at the raise.
        assertThat(frames(noTrace.stack())).containsExactly("Quiet.b:11", "Quiet.a:10", "Quiet.run:3");
        // HotSpot's preallocated NullPointerExceptions carry no trace; they fold with the first ones.
        assertThat(traceless).as("fast-throw NullPointerExceptions").isPositive();
        assertThat(traced).hasSize(2);
        assertThat(traced.get(1).count()).isEqualTo(300_000);
        assertThat(frames(traced.get(1).stack())).containsExactly("Quiet.len:12", "Quiet.run:6");
    }

    @Test
    void eachThreadsExceptionsAreItsOwn() throws Exception {
        Class<?> threads = Shipped.load("Threads", "public class Threads {\n"
                + "    public static void run() throws Exception {\n"
                + "        Thread[] ts = new Thread[3];\n"
                + "        for (int i = 0; i < ts.length; i++) {\n"
                + "            ts[i] = new Thread(Threads::work, \"worker-\" + i);\n"
                + "            ts[i].setUncaughtExceptionHandler((t, e) -> { });\n"
                + "            ts[i].start();\n"
                + "        }\n"
                + "        for (Thread t : ts) t.join();\n"
                + "    }\n"
                + "    static void work() {\n"
                + "        for (int i = 0; i < 1000; i++) { try { Integer.parseInt(\"x\"); } catch (NumberFormatException e) { } }\n"
                + "        throw new IllegalStateException(Thread.currentThread().getName());\n"
                + "    }\n"
                + "}\n");
        run(threads);
        List<TracedException> traced = ExceptionTrace.drain();
        assertThat(traced).hasSize(6);
        for (int i = 0; i < 3; i++) {
            String worker = "worker-" + i;
            assertThat(traced).filteredOn(t -> t.thread().equals(worker)).extracting(TracedException::outcome, TracedException::count)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.CAUGHT, 1000L),
                            org.assertj.core.groups.Tuple.tuple(Outcome.ESCAPED, 1L));
        }
        // Each thread's records carry its own id, so threads of one name stay apart.
        assertThat(traced.stream().map(TracedException::threadId).distinct()).hasSize(3);
        assertThat(traced.stream().map(t -> t.thread() + "#" + t.threadId()).distinct()).hasSize(3);
    }

    @Test
    void nothingIsRecordedWhileTracingIsOff() throws Exception {
        ExceptionTrace.stop();
        Class<?> off = Shipped.load("Off", "public class Off {\n"
                + "    public static void run() { try { throw new IllegalStateException(); } catch (IllegalStateException e) { } }\n"
                + "}\n");
        run(off);
        assertThat(ExceptionTrace.drain()).isEmpty();
    }
}
