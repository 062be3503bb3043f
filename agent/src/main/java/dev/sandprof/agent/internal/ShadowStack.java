package dev.sandprof.agent.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One thread's shadow stack of instrumented methods, each named by the constant string its advice
 * was given ({@code Class.method}): pushing stores a reference and allocates nothing. Only its own
 * thread writes it.
 */
public final class ShadowStack {

    private static final ThreadLocal<ShadowStack> STACKS = ThreadLocal.withInitial(ShadowStack::new);

    /** Whether instrumented methods record themselves; off costs one volatile read a call. */
    public static volatile boolean recording = true;

    private String[] methods = new String[64];
    private int depth;

    private ShadowStack() {}

    /** This thread's stack. */
    public static ShadowStack current() {
        return STACKS.get();
    }

    /** Enters a method; returns the stack, for the exit advice to pop without a second lookup. */
    public static ShadowStack enter(String method) {
        if (!recording) {
            return null;
        }
        ShadowStack s = STACKS.get();
        s.push(method);
        return s;
    }

    /** Leaves the method {@link #enter} entered; {@code null} when that was not recorded. */
    public static void exit(ShadowStack s) {
        if (s != null && s.depth > 0) {
            s.depth--;
        }
    }

    private void push(String method) {
        if (depth == methods.length) {
            methods = Arrays.copyOf(methods, depth * 2);
        }
        methods[depth++] = method;
    }

    /** The methods on this stack, innermost first. */
    public List<String> frames() {
        List<String> out = new ArrayList<>(depth);
        for (int i = depth - 1; i >= 0; i--) {
            out.add(methods[i]);
        }
        return out;
    }
}
