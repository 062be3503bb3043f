package dev.sandprof.sandbox;

import java.lang.instrument.Instrumentation;

/**
 * The one place that knows whether the sandprof agent runs in this JVM. The sandbox JVM is started
 * with it; the in-process interpreter's JVM normally is not, and may not even have its classes.
 * Code that calls the agent asks here first, so no other place has to catch the
 * {@link NoClassDefFoundError} of a missing agent jar.
 *
 * <p>It claims the agent's {@link Instrumentation} at its first use, which {@link SandboxMain}
 * makes before any user code runs: the agent's classes are within reach of user code, this
 * module's are not (see the README on containment).
 */
public final class AgentPresence {

    private static Instrumentation instrumentation;
    private static boolean claimed;

    private AgentPresence() {}

    /** The agent's {@link Instrumentation}, or {@code null} when the agent does not run here. */
    public static synchronized Instrumentation instrumentation() {
        if (!claimed) {
            claimed = true;
            try {
                instrumentation = dev.sandprof.agent.SandprofAgent.claimInstrumentation();
            } catch (NoClassDefFoundError e) {
                instrumentation = null; // the agent's classes are not even on this class path
            }
        }
        return instrumentation;
    }

    public static boolean present() {
        return instrumentation() != null;
    }

    /**
     * The agent's {@link Instrumentation}.
     *
     * @throws RequestRefused with {@code whyNeeded} when the agent does not run here
     */
    public static Instrumentation require(String whyNeeded) {
        Instrumentation i = instrumentation();
        if (i == null) {
            throw new RequestRefused(whyNeeded);
        }
        return i;
    }
}
