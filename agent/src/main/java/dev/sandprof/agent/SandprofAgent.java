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

    private static boolean shippedCodeInstrumented;

    /**
     * Instruments the classes sandprof's loaders define from now on with call-stack recording
     * ({@link CallStack}). Idempotent; the first call sets Byte Buddy up, which takes a while.
     *
     * @return false when this JVM runs without the agent
     */
    public static synchronized boolean instrumentShippedCode() {
        if (instrumentation == null) {
            return false;
        }
        if (!shippedCodeInstrumented) {
            dev.sandprof.agent.internal.ShippedCodeInstrumentation.install(instrumentation);
            shippedCodeInstrumented = true;
        }
        return true;
    }

    /** The JVM's instrumentation, or {@code null} when this class was loaded without the agent. */
    public static Instrumentation instrumentation() {
        return instrumentation;
    }
}
