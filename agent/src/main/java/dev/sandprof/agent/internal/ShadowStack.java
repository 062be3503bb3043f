package dev.sandprof.agent.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One thread's shadow stack of instrumented methods, by the ids {@link MethodIds} gave them when
 * they were instrumented: pushing stores an int and allocates nothing. Only its own thread writes it.
 *
 * <p>A thread finds its stack in a table indexed by its id, checked against the owner, and falls
 * back to a {@link ThreadLocal} when another live thread holds the slot: measured here the table
 * costs about half of a {@code ThreadLocal} lookup per call (DEPENDENCIES.md).
 */
public final class ShadowStack {

    private static final int SLOTS = 1 << 12;
    private static final ShadowStack[] BY_THREAD_ID = new ShadowStack[SLOTS];
    private static final ThreadLocal<ShadowStack> STACKS = ThreadLocal.withInitial(ShadowStack::register);
    /** Every thread's stack, for looking at all of them at once; the dead are dropped when looked at. */
    private static final java.util.Set<ShadowStack> ALL = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Switches recording by instrumented methods on or off, for the calls that begin from now on
     * (methods already running still pop what they pushed).
     */
    public static void record(boolean on) {
        AdviceSwitch.RECORDING.set(on);
    }

    /** Whether instrumented methods record themselves. */
    public static boolean recording() {
        return AdviceSwitch.RECORDING.on();
    }

    final Thread owner = Thread.currentThread();
    int[] methods = new int[64];
    /** While counting: each frame's node in {@link #tree} (0, the root, for frames entered before). */
    int[] nodes = new int[64];
    int depth;
    /** This thread's call-path tree in the agent's profile, and which profile it belongs to. */
    CallTree tree;
    int treeGeneration;
    /** This thread's traced exceptions, made at its first ({@link ExceptionRecorder}). */
    volatile ThreadExceptions exceptions;

    private ShadowStack() {}

    private static ShadowStack register() {
        ShadowStack s = new ShadowStack();
        ALL.add(s);
        return s;
    }

    /**
     * The stacks of all live threads that have run instrumented code, innermost first, read while
     * they run: each is a snapshot that may be a call or two behind its thread.
     */
    public static java.util.Map<Thread, List<String>> allThreads() {
        java.util.Map<Thread, List<String>> all = new java.util.LinkedHashMap<>();
        for (ShadowStack s : ALL) {
            if (s.owner.isAlive()) {
                all.put(s.owner, s.frames());
            } else if (s.tree == null || s.treeGeneration != CallProfiler.generation) {
                ALL.remove(s); // kept while its call tree belongs to the latest agent profile, which reads it
            }
        }
        return all;
    }

    /** This thread's stack. */
    public static ShadowStack current() {
        Thread t = Thread.currentThread();
        ShadowStack s = BY_THREAD_ID[(int) t.getId() & (SLOTS - 1)];
        return s != null && s.owner == t ? s : claim(t);
    }

    /** The slow path: this thread's stack from its ThreadLocal, put in its slot if that is free. */
    private static ShadowStack claim(Thread t) {
        ShadowStack mine = STACKS.get();
        int slot = (int) t.getId() & (SLOTS - 1);
        ShadowStack holder = BY_THREAD_ID[slot];
        if (holder == null || !holder.owner.isAlive()) {
            BY_THREAD_ID[slot] = mine; // a racing thread may win the slot: each checks the owner
        }
        return mine;
    }

    /** Pushes an entered method. */
    public void push(int method) {
        if (depth == methods.length) {
            grow();
        }
        methods[depth++] = method;
    }

    /** Pushes an entered method and counts the entry in the call-path tree of the running profile. */
    public void pushCounted(int method) {
        int d = depth;
        if (d == methods.length) {
            grow();
        }
        CallTree t = tree;
        int generation = CallProfiler.generation;
        if (t == null || treeGeneration != generation) {
            t = newTree(generation);
        }
        int node = t.enter(d == 0 ? 0 : nodes[d - 1], method);
        nodes[d] = node;
        methods[d] = method;
        depth = d + 1;
    }

    private void grow() {
        nodes = Arrays.copyOf(nodes, methods.length * 2);
        methods = Arrays.copyOf(methods, methods.length * 2);
    }

    /** A profile began: a new tree, and the frames already running hang from its root. */
    private CallTree newTree(int generation) {
        CallTree t = new CallTree();
        Arrays.fill(nodes, 0, Math.min(depth, nodes.length), 0);
        treeGeneration = generation;
        tree = t;
        return t;
    }

    /** Every thread's stack (for the agent's profile), the dead ones included until looked at. */
    static Iterable<ShadowStack> all() {
        return ALL;
    }

    /** How many methods are on this stack. */
    public int depth() {
        return depth;
    }

    /**
     * Leaves a method by restoring the depth it was entered at: this also drops the frames of
     * constructors that were left by an exception (their advice cannot see that exit).
     *
     * @param s the stack the method was entered on; {@code null} when that was not recorded
     */
    public static void exitTo(ShadowStack s, int depth) {
        if (s != null) {
            s.depth = depth;
        }
    }

    /** The methods on this stack, innermost first. */
    public List<String> frames() {
        int[] m = methods; // another thread may be pushing: read each field once
        int d = Math.min(depth, m.length);
        List<String> out = new ArrayList<>(d);
        for (int i = d - 1; i >= 0; i--) {
            out.add(MethodIds.name(m[i]));
        }
        return out;
    }
}
