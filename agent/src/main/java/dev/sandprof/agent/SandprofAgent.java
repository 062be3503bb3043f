package dev.sandprof.agent;

import dev.sandprof.agent.internal.ShippedCodeInstrumentation;
import dev.sandprof.agent.internal.StackTraceHooks;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.function.Predicate;

/**
 * The sandbox's {@code -javaagent}. Its premain only keeps the {@link Instrumentation}: Byte Buddy's
 * set-up is the largest single start-up cost (DEPENDENCIES.md), so it happens after the handshake,
 * when the sandbox runtime asks for it.
 *
 * <p>The agent's classes are on the class path, where shipped code can reach them, and an
 * {@code Instrumentation} can open any module ({@link Instrumentation#redefineModule}): so the
 * runtime claims it before any user code runs, and from then on this class holds none.
 */
public final class SandprofAgent {

    /** Until the runtime claims it; {@code null} after. */
    private static Instrumentation unclaimed;

    private SandprofAgent() {}

    public static synchronized void premain(String options, Instrumentation inst) {
        unclaimed = inst;
    }

    public static synchronized void agentmain(String options, Instrumentation inst) {
        unclaimed = inst;
    }

    /**
     * Hands the JVM's instrumentation over, once: later calls get {@code null}.
     *
     * @return the instrumentation, or {@code null} when this class was loaded without the agent or
     *     it was claimed already
     */
    public static synchronized Instrumentation claimInstrumentation() {
        Instrumentation i = unclaimed;
        unclaimed = null;
        return i;
    }

    private static ShippedCodeInstrumentation shippedCode;

    /**
     * Instruments the classes sandprof's loaders ({@code shippedLoaders}) define from now on with call-stack recording
     * ({@link CallStack}) and exception hooks ({@link ExceptionTrace}): the classes the host ships
     * as bytes, and those named by {@code patterns}: class names where {@code *} stands for any
     * characters ({@code com.example.*}; a name without {@code *} takes in its package too), or
     * absolute paths of jars and class directories. Classes loaded before are left as they are.
     * The first call sets Byte Buddy up, which takes a while; later calls add patterns.
     *
     * @param instrumentation the instrumentation {@link #claimInstrumentation} gave
     * @param shippedLoaders which class loaders are sandprof's (taken at the first call)
     */
    public static synchronized void instrument(Instrumentation instrumentation, Predicate<ClassLoader> shippedLoaders,
                                               List<String> patterns) {
        if (shippedCode == null) {
            shippedCode = ShippedCodeInstrumentation.install(instrumentation, shippedLoaders);
        }
        shippedCode.include(patterns);
    }

    /**
     * Makes the stack traces the program sees ({@code Throwable}'s, {@code Thread.getStackTrace},
     * {@code Thread.getAllStackTraces}) end where they would under {@code java}, without the
     * sandbox's frames below the program's entry: {@code Throwable} and {@code Thread} are rewritten
     * to call a class this defines in {@code java.lang} (see {@link StackTraceHooks}).
     *
     * @param javaLang a lookup with package access in {@code java.lang}
     * @throws IllegalStateException saying what failed: the traces then keep sandprof's frames
     */
    public static void trimStackTraces(Instrumentation instrumentation, MethodHandles.Lookup javaLang) {
        StackTraceHooks.install(instrumentation, javaLang);
    }
}
