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

    /** The JVM's instrumentation, or {@code null} when this class was loaded without the agent. */
    public static Instrumentation instrumentation() {
        return instrumentation;
    }
}
