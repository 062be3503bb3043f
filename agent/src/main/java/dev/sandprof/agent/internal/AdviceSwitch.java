package dev.sandprof.agent.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * A run-time switch of the advice, as the JIT sees it: a constant behind an {@code invokedynamic}
 * in each method's entry advice. A volatile field would be read on every call; a call site's
 * target is folded into compiled code, so a switch that is off compiles to nearly nothing, and
 * switching deoptimizes the code that folded the old value. Two switches: whether calls are
 * recorded at all, and whether they are also counted per call path (the agent's profile).
 */
public final class AdviceSwitch {

    static final AdviceSwitch RECORDING = new AdviceSwitch(true);
    static final AdviceSwitch COUNTING = new AdviceSwitch(false);

    private final MutableCallSite site;
    private volatile boolean on;

    private AdviceSwitch(boolean on) {
        this.on = on;
        this.site = new MutableCallSite(MethodHandles.constant(boolean.class, on));
    }

    /** The bootstrap of the advice's {@code invokedynamic}s, named {@code recording} or {@code counting}. */
    public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type) {
        return (name.equals("counting") ? COUNTING : RECORDING).site;
    }

    /** For class files too old for {@code invokedynamic} (before Java 7): a volatile read. */
    public static boolean recording() {
        return RECORDING.on;
    }

    /** The same for the counting switch. */
    public static boolean counting() {
        return COUNTING.on;
    }

    boolean on() {
        return on;
    }

    synchronized void set(boolean value) {
        if (value != on) {
            on = value;
            site.setTarget(MethodHandles.constant(boolean.class, value));
            MutableCallSite.syncAll(new MutableCallSite[] {site});
        }
    }
}
