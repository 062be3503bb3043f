package dev.sandprof.agent;

import java.lang.instrument.Instrumentation;

/**
 * The sandbox's {@code -javaagent}. Its premain only keeps the {@link Instrumentation}: Byte Buddy's
 * set-up is the largest single start-up cost (DEPENDENCIES.md), so it happens after the handshake,
 * when the sandbox runtime asks for it.
 */
public final class SandprofAgent {

    private static volatile Instrumentation instrumentation;

    private SandprofAgent() {}

    public static void premain(String options, Instrumentation inst) {
        instrumentation = inst;
    }

    public static void agentmain(String options, Instrumentation inst) {
        instrumentation = inst;
    }

    private static dev.sandprof.agent.internal.ShippedCodeInstrumentation shippedCode;

    /**
     * Instruments the classes sandprof's loaders define from now on with call-stack recording
     * ({@link CallStack}) and exception hooks ({@link ExceptionTrace}): the classes the host ships
     * as bytes, and those named by {@code patterns}: class names where {@code *} stands for any
     * characters ({@code com.example.*}; a name without {@code *} takes in its package too), or
     * absolute paths of jars and class directories. Classes loaded before are left as they are.
     * The first call sets Byte Buddy up, which takes a while; later calls add patterns.
     *
     * @return false when this JVM runs without the agent
     */
    public static synchronized boolean instrument(java.util.List<String> patterns) {
        if (instrumentation == null) {
            return false;
        }
        if (shippedCode == null) {
            shippedCode = dev.sandprof.agent.internal.ShippedCodeInstrumentation.install(instrumentation);
        }
        shippedCode.include(patterns);
        return true;
    }

    /** The JVM's instrumentation, or {@code null} when this class was loaded without the agent. */
    public static Instrumentation instrumentation() {
        return instrumentation;
    }
}
