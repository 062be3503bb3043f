package dev.sandprof.agent.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * Whether instrumented methods record themselves, as the JIT sees it: a constant behind an
 * {@code invokedynamic} in each method's entry advice. A volatile field would be read on every
 * call; a call site's target is folded into compiled code, so with recording off the advice
 * compiles to nearly nothing, and switching deoptimizes the code that folded the old value.
 */
public final class RecordingSwitch {

    private static final MutableCallSite SITE = new MutableCallSite(MethodHandles.constant(boolean.class, true));
    private static volatile boolean on = true;

    private RecordingSwitch() {}

    /** The bootstrap of every advice's {@code invokedynamic}: they all share one site. */
    public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type) {
        return SITE;
    }

    /** For class files too old for {@code invokedynamic} (before Java 7): a volatile read. */
    public static boolean on() {
        return on;
    }

    static synchronized void set(boolean recording) {
        if (recording != on) {
            on = recording;
            SITE.setTarget(MethodHandles.constant(boolean.class, recording));
            MutableCallSite.syncAll(new MutableCallSite[] {SITE});
        }
    }
}
