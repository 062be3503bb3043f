package dev.sandprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.agent.internal.ShadowStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The call-stack advice on classes defined by a sandprof loader, with a real agent attached. */
class CallStackTest {

    @BeforeAll
    static void attach() {
        Shipped.instrument();
    }

    private static final String DEEP = "public class Deep {\n"
            + "    public static Object a() { return b(); }\n"
            + "    static Object b() { return new Deep().c(); }\n"
            + "    Object c() { return dev.sandprof.agent.CallStack.current(); }\n"
            + "    public static Object afterThrow() {\n"
            + "        try { thrower(); } catch (IllegalStateException e) { }\n"
            + "        return dev.sandprof.agent.CallStack.current();\n"
            + "    }\n"
            + "    static void thrower() { throw new IllegalStateException(); }\n"
            + "    Object seen;\n"
            + "    Deep() { }\n"
            + "    Deep(boolean b) { seen = dev.sandprof.agent.CallStack.current(); }\n"
            + "    Deep(int n) { if (n > 0) throw new IllegalStateException(); }\n"
            + "    public static Object inConstructor() { return new Deep(true).seen; }\n"
            + "    public static Object afterConstructorThrew() {\n"
            + "        try { new Deep(1); } catch (IllegalStateException e) { }\n"
            + "        return dev.sandprof.agent.CallStack.current();\n"
            + "    }\n"
            + "}\n";

    @Test
    void shippedMethodsAreOnTheStackInnermostFirst() throws Exception {
        Class<?> deep = new Shipped.Generation("deep-1", Shipped.compile("Deep", DEEP)).loadClass("Deep");
        assertThat(deep.getMethod("a").invoke(null)).isEqualTo(List.of("Deep.c", "Deep.b", "Deep.a"));
    }

    @Test
    void aMethodLeftByAnExceptionIsPopped() throws Exception {
        Class<?> deep = new Shipped.Generation("deep-2", Shipped.compile("Deep", DEEP)).loadClass("Deep");
        assertThat(deep.getMethod("afterThrow").invoke(null)).isEqualTo(List.of("Deep.afterThrow"));
    }

    @Test
    void constructorsAreOnTheStackAndTheirExceptionalExitIsRepaired() throws Exception {
        Class<?> deep = new Shipped.Generation("deep-5", Shipped.compile("Deep", DEEP)).loadClass("Deep");
        assertThat(deep.getMethod("inConstructor").invoke(null)).isEqualTo(List.of("Deep.<init>", "Deep.inConstructor"));
        // The constructor could not pop itself when it threw; the catch in its caller takes it off.
        assertThat(deep.getMethod("afterConstructorThrew").invoke(null)).isEqualTo(List.of("Deep.afterConstructorThrew"));
    }

    @Test
    void eachThreadHasItsOwnStack() throws Exception {
        Class<?> deep = new Shipped.Generation("deep-4", Shipped.compile("Deep", DEEP)).loadClass("Deep");
        java.lang.reflect.Method a = deep.getMethod("a");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Object>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            results.add(pool.submit(() -> {
                Object last = null;
                for (int k = 0; k < 1000; k++) {
                    last = a.invoke(null);
                }
                return last;
            }));
        }
        for (java.util.concurrent.Future<Object> r : results) {
            assertThat(r.get()).isEqualTo(List.of("Deep.c", "Deep.b", "Deep.a"));
        }
        pool.shutdown();
    }

    private static final String FRAMES = "public class Frames {\n"
            + "    static Object seenInInit;\n"
            + "    static class Init { static { seenInInit = dev.sandprof.agent.CallStack.current(); } static void touch() { } }\n"
            + "    public static Object inLambda() {\n"
            + "        java.util.function.Supplier<Object> s = () -> dev.sandprof.agent.CallStack.current();\n"
            + "        return s.get();\n"
            + "    }\n"
            + "    public static Object inStaticInitialiser() { Init.touch(); return seenInInit; }\n"
            + "}\n";

    /** As in the JVM's own stack traces: a lambda's body and a static initialiser are frames of their own. */
    @Test
    void lambdaBodiesAndStaticInitialisersAreFrames() throws Exception {
        Class<?> frames = new Shipped.Generation("sandprof-generation-6", Shipped.compile("Frames", FRAMES)).loadClass("Frames");
        assertThat(frames.getMethod("inLambda").invoke(null)).isEqualTo(List.of("Frames.lambda$inLambda$0", "Frames.inLambda"));
        assertThat(frames.getMethod("inStaticInitialiser").invoke(null))
                .isEqualTo(List.of("Frames$Init.<clinit>", "Frames.inStaticInitialiser"));
    }

    /**
     * A loader the program makes under its own (a script engine's) is the program's: its classes
     * are instrumented. One under the bootstrap loader is not: the agent's classes are not visible there.
     */
    @Test
    void classesOfTheProgramsOwnLoadersAreInstrumented() throws Exception {
        ClassLoader program = new Shipped.Generation("sandprof-generation-7", Map.of());
        Class<?> deep = new Shipped.Generation("scripts", Shipped.compile("Deep", DEEP), program).loadClass("Deep");
        assertThat(deep.getMethod("a").invoke(null)).isEqualTo(List.of("Deep.c", "Deep.b", "Deep.a"));
        // Under the bootstrap loader the agent's classes are not visible: hooks there would throw
        // NoClassDefFoundError into the program's catch. Left alone, it catches its own exception.
        Class<?> alone = new Shipped.Foreign("alone", Shipped.compile("Alone", "public class Alone {\n"
                + "    public static Object a() { try { throw new IllegalStateException(); } catch (IllegalStateException e) { return \"caught\"; } }\n"
                + "}\n"), null).loadClass("Alone");
        assertThat(alone.getMethod("a").invoke(null)).isEqualTo("caught");
    }

    @Test
    void classesOfOtherLoadersAreLeftAlone() throws Exception {
        Class<?> deep = new Shipped.Foreign("someone-else", Shipped.compile("Deep", DEEP)).loadClass("Deep");
        assertThat(deep.getMethod("a").invoke(null)).isEqualTo(List.of());
    }

    @Test
    void recordingCanBeSwitchedOff() throws Exception {
        Class<?> deep = new Shipped.Generation("deep-3", Shipped.compile("Deep", DEEP)).loadClass("Deep");
        ShadowStack.record(false);
        try {
            assertThat(deep.getMethod("a").invoke(null)).isEqualTo(List.of());
        } finally {
            ShadowStack.record(true);
        }
        assertThat(ShadowStack.current().frames()).isEmpty();
    }
}
