package dev.sandprof.agent.internal;

import dev.sandprof.agent.TracedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entry points of exception tracing, called from instrumented code: {@link #thrown} before an
 * {@code athrow}, {@link #caught} at a handler's entry (both put in by {@link ExceptionHooks}), and
 * {@link #left} from the call-stack advice when an exception leaves a method. Each finds its
 * thread's {@link ThreadExceptions} through the thread's shadow stack; nothing here may throw into
 * user code.
 */
public final class ExceptionRecorder {

    /** Whether the hooks record; off, each costs one volatile read. */
    public static volatile boolean tracing;

    private static final AtomicLong RAISES = new AtomicLong();
    /** Every thread that has recorded, until it has ended and been drained. */
    private static final Queue<ThreadExceptions> THREADS = new ConcurrentLinkedQueue<>();

    private ExceptionRecorder() {}

    public static void start() {
        ShadowStack.record(true);
        tracing = true;
    }

    public static void stop() {
        tracing = false;
    }

    /** Before an {@code athrow} in instrumented code. */
    public static void thrown(Throwable thrown, int site) {
        if (tracing && thrown != null) {
            ShadowStack stack = null;
            try {
                stack = ShadowStack.current();
                exceptionsOf(stack).thrown(thrown, site, stack);
            } catch (Throwable e) {
                recover(stack); // never into user code
            }
        }
    }

    /** At the entry of a typed exception handler in instrumented code. */
    public static void caught(Throwable thrown, int site) {
        ShadowStack stack = null;
        try {
            stack = ShadowStack.current();
            dropConstructorsLeft(stack, site);
            if (tracing && thrown != null) {
                exceptionsOf(stack).caught(thrown, site, stack);
            }
        } catch (Throwable e) {
            recover(stack); // never into user code
        }
    }

    /**
     * Takes off the frames of constructors above the catching method: a constructor left by an
     * exception could not pop itself (advice cannot see that exit). Only when the catching method
     * is found below them: a method entered while recording was off has no frame, and then the
     * constructors on top are its live callers, not left ones.
     */
    private static void dropConstructorsLeft(ShadowStack stack, int site) {
        int own = CodeSites.methodId(site);
        int depth = stack.depth();
        while (depth > 0 && stack.methods[depth - 1] != own && MethodIds.isConstructor(stack.methods[depth - 1])) {
            depth--;
        }
        if (depth > 0 && stack.methods[depth - 1] == own) {
            ShadowStack.exitTo(stack, depth);
        }
    }

    /**
     * {@code thrown} leaves the method entered on {@code stack} ({@code null}: not recorded) above
     * depth {@code below}.
     */
    public static void left(ShadowStack stack, int below, Throwable thrown) {
        if (tracing && stack != null) {
            try {
                ShadowStack.exitTo(stack, below + 1); // the method on top: drops constructors left by exceptions
                exceptionsOf(stack).left(thrown, stack);
            } catch (Throwable e) {
                recover(stack); // never into user code
            }
        }
    }

    /** After a hook failed (out of stack, say): what it left half-done is dropped, and nothing thrown. */
    private static void recover(ShadowStack stack) {
        try {
            ThreadExceptions mine = stack == null ? null : stack.exceptions;
            if (mine != null) {
                mine.dropBroken();
            }
        } catch (Throwable e) {
            // still at the edge of the stack: the next hook or the drain tries again
        }
    }

    private static ThreadExceptions exceptionsOf(ShadowStack stack) {
        ThreadExceptions mine = stack.exceptions;
        if (mine == null) {
            mine = new ThreadExceptions(stack.owner);
            stack.exceptions = mine;
            THREADS.add(mine);
        }
        return mine;
    }

    static long nextRaise() {
        return RAISES.incrementAndGet();
    }

    /** See {@link dev.sandprof.agent.ExceptionTrace#drain()}. */
    public static List<TracedException> drain() {
        Thread me = Thread.currentThread();
        List<TracedException> all = new ArrayList<>();
        for (ThreadExceptions t : THREADS) {
            boolean ended = !t.owner.isAlive();
            t.drainInto(all, ended || t.owner == me);
            if (ended) {
                THREADS.remove(t);
            }
        }
        all.sort(Comparator.comparingLong(TracedException::sequence));
        return all;
    }
}
