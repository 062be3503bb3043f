package dev.sandprof.agent.internal;

import dev.sandprof.agent.TracedException;
import dev.sandprof.agent.TracedException.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One thread's exceptions: those in flight, and the finished ones folded by where they were raised
 * and how they ended. Written by its thread through the hooks, read by whoever drains; both under
 * this object's lock, which its own thread nearly always finds free.
 *
 * <p>An exception is in flight from its raise until something else shows where it stopped: a
 * {@code catch} is final once its thread goes on to another exception (a rethrow of the same object
 * in between continues the propagation); a propagating exception stopped in a method its thread
 * has since left without it. Folding then costs a hash over the raise stack's method ids; only a
 * first occurrence builds its stack frames.
 */
final class ThreadExceptions {

    /** Exceptions in flight at once; past this the oldest is taken as stopped where it was. */
    private static final int MAX_IN_FLIGHT = 8;

    final Thread owner;
    private final InFlight[] inFlight = new InFlight[MAX_IN_FLIGHT];
    private int inFlightCount;
    private Folded[] table = new Folded[64];
    private int folded;
    private final List<Folded> finished = new ArrayList<>();
    /** Hashes of the raises seen since the last drain: only a first one may need a stack walk. */
    private int[] raisesSeen = new int[64];
    private int raisesSeenCount;
    /** Set while recording: an exception inside the recorder (a user getMessage) is not recorded. */
    private boolean busy;

    ThreadExceptions(Thread owner) {
        this.owner = owner;
    }

    synchronized void thrown(Throwable thrown, int site, ShadowStack stack) {
        if (busy) {
            return;
        }
        busy = true;
        try {
            int depth = stack.depth;
            InFlight known = find(thrown);
            // The same throw statement again after a catch: a preallocated exception thrown anew.
            known = again(known, depth, known != null && known.caughtAt >= 0 && known.site == site && site >= 0);
            settle(known, depth);
            if (known != null) {
                known.caughtAt = -1; // rethrown: the propagation goes on
                known.depth = depth;
            } else {
                raise(thrown, site, stack);
            }
        } finally {
            busy = false;
        }
    }

    synchronized void caught(Throwable thrown, int site, ShadowStack stack) {
        if (busy) {
            return;
        }
        busy = true;
        try {
            int depth = stack.depth;
            InFlight known = find(thrown);
            // Caught twice with no rethrow between: raised anew (HotSpot's preallocated exceptions).
            known = again(known, depth, known != null && known.caughtAt >= 0);
            settle(known, depth);
            if (known == null) {
                known = raise(thrown, -1, stack); // raised right here, or by the JDK called from here
            }
            known.caughtAt = site;
            known.depth = depth;
        } finally {
            busy = false;
        }
    }

    synchronized void left(Throwable thrown, ShadowStack stack) {
        if (busy) {
            return;
        }
        busy = true;
        try {
            int depth = stack.depth; // the method being left is still on the stack
            InFlight known = find(thrown);
            known = again(known, depth, false);
            settle(known, depth);
            if (known == null) {
                known = raise(thrown, -1, stack);
            }
            known.caughtAt = -1;
            known.depth = depth - 1;
            if (known.depth <= 0) {
                finish(known, Outcome.ESCAPED);
            }
        } finally {
            busy = false;
        }
    }

    /** Moves the finished exceptions out; {@code complete}: this thread runs no more user code now. */
    synchronized void drainInto(List<TracedException> out, boolean complete) {
        // Finishing calls the user's getMessage: what it raises on this thread must not be recorded
        // into the state being drained.
        dropBroken();
        boolean wasBusy = busy;
        busy = true;
        try {
            for (int i = inFlightCount - 1; i >= 0; i--) {
                InFlight f = inFlight[i];
                if (f.caughtAt >= 0) {
                    finish(f, Outcome.CAUGHT);
                } else if (complete) {
                    finish(f, f.depth <= 0 ? Outcome.ESCAPED : Outcome.SWALLOWED);
                }
            }
        } finally {
            busy = wasBusy;
        }
        for (Folded f : finished) {
            out.add(f.record());
        }
        finished.clear();
        Arrays.fill(table, null);
        folded = 0;
        Arrays.fill(raisesSeen, 0);
        raisesSeenCount = 0;
    }

    /**
     * Whether an exception in flight that shows up again is raised anew rather than propagating:
     * when it shows up deeper than the method it had reached (propagation only goes outwards), or
     * when {@code anew} says so. Then the earlier raise is finished and {@code null} returned.
     */
    private InFlight again(InFlight known, int depth, boolean anew) {
        if (known != null && (depth > known.depth || anew)) {
            finish(known, known.caughtAt >= 0 ? Outcome.CAUGHT : Outcome.SWALLOWED);
            return null;
        }
        return known;
    }

    private InFlight find(Throwable thrown) {
        for (int i = 0; i < inFlightCount; i++) {
            if (inFlight[i].thrown == thrown) {
                return inFlight[i];
            }
        }
        return null;
    }

    /** Finishes the other exceptions in flight whose end this event shows, at stack depth {@code depth}. */
    private void settle(InFlight except, int depth) {
        for (int i = inFlightCount - 1; i >= 0; i--) {
            InFlight f = inFlight[i];
            if (f == except) {
                continue;
            }
            if (f.caughtAt >= 0) {
                finish(f, Outcome.CAUGHT);
            } else if (f.depth > depth) {
                finish(f, Outcome.SWALLOWED); // the method it was in has been left without it
            }
        }
    }

    private InFlight raise(Throwable thrown, int site, ShadowStack stack) {
        if (inFlightCount == MAX_IN_FLIGHT) {
            InFlight oldest = inFlight[0];
            finish(oldest, oldest.depth <= 0 ? Outcome.ESCAPED : Outcome.SWALLOWED);
        }
        InFlight f = inFlight[inFlightCount];
        if (f == null) {
            f = inFlight[inFlightCount] = new InFlight();
        }
        inFlightCount++;
        f.set(thrown, site, stack, ExceptionRecorder.nextRaise());
        if (firstRaise(f.hash(null, 0))) {
            // An exception without a JVM trace of its own (writableStackTrace = false): the callers'
            // lines are only known now, while their frames are live. Once per raise site.
            StackTraceElement[] jvm = Folded.jvmTraceOf(thrown);
            f.walked = jvm.length == 0 ? StackFrames.walk() : null;
        }
        return f;
    }

    /** Whether a raise with this hash is new since the last drain (a collision only costs lines). */
    private boolean firstRaise(int hash) {
        int key = hash == 0 ? 1 : hash;
        int mask = raisesSeen.length - 1;
        int slot = key & mask;
        while (raisesSeen[slot] != 0) {
            if (raisesSeen[slot] == key) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        raisesSeen[slot] = key;
        if (++raisesSeenCount * 2 > raisesSeen.length) {
            int[] old = raisesSeen;
            raisesSeen = new int[old.length * 2];
            raisesSeenCount = 0;
            for (int k : old) {
                if (k != 0) {
                    firstRaise(k);
                }
            }
        }
        return true;
    }

    /** Folds {@code f} into the finished exceptions and takes it out of flight. */
    private void finish(InFlight f, Outcome outcome) {
        int where = outcome == Outcome.CAUGHT ? f.caughtAt : outcome == Outcome.SWALLOWED ? f.depth : -1;
        int hash = f.hash(outcome, where);
        int mask = table.length - 1;
        int slot = hash & mask;
        Folded found;
        while ((found = table[slot]) != null && !found.matches(hash, f, outcome, where)) {
            slot = (slot + 1) & mask;
        }
        if (found != null) {
            found.count++;
        } else {
            Folded made = new Folded(hash, f, outcome, where, owner);
            table[slot] = made;
            finished.add(made);
            if (++folded * 2 > table.length) {
                grow();
            }
        }
        int i = 0;
        while (inFlight[i] != f) {
            i++;
        }
        System.arraycopy(inFlight, i + 1, inFlight, i, inFlightCount - i - 1);
        inFlight[--inFlightCount] = f; // kept for reuse, past the live ones
        f.thrown = null; // last: a failure before leaves it in flight, whole
    }

    /**
     * After a failure inside the recorder (a hook run at the edge of the stack by a program that
     * overflows it) left an exception in flight half-finished: drops it, so that the rest goes on.
     */
    synchronized void dropBroken() {
        int kept = 0;
        for (int i = 0; i < inFlightCount; i++) {
            InFlight f = inFlight[i];
            if (f.thrown != null) {
                inFlight[i] = inFlight[kept];
                inFlight[kept++] = f;
            }
        }
        inFlightCount = kept;
    }

    private void grow() {
        Folded[] old = table;
        table = new Folded[old.length * 2];
        int mask = table.length - 1;
        for (Folded f : old) {
            if (f != null) {
                int slot = f.hash & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = f;
            }
        }
    }

    /** An exception between its raise and its end; reused, so that a raise allocates nothing. */
    private static final class InFlight {
        Throwable thrown;
        int site;
        int[] frames = new int[16];
        int frameCount;
        long raise;
        /** The handler's site once caught, else -1. */
        int caughtAt;
        /** The depth of the method it is in now. */
        int depth;
        /** The live stack at a first raise of an exception without a JVM trace, else null. */
        StackTraceElement[] walked;

        void set(Throwable thrown, int site, ShadowStack stack, long raise) {
            this.thrown = thrown;
            this.site = site;
            this.raise = raise;
            int n = stack.depth;
            int[] methods = stack.methods;
            if (frames.length < n) {
                frames = new int[Math.max(n, frames.length * 2)];
            }
            System.arraycopy(methods, 0, frames, 0, Math.min(n, methods.length));
            frameCount = n;
            caughtAt = -1;
            depth = n;
        }

        /** The hash of the raise (class, stack, site) and, unless {@code outcome} is null, of its end. */
        int hash(Outcome outcome, int where) {
            int h = thrown.getClass().hashCode();
            for (int i = 0; i < frameCount; i++) {
                h = 31 * h + frames[i];
            }
            h = 31 * h + site;
            return outcome == null ? h : (h * 31 + outcome.ordinal()) * 31 + where;
        }
    }

    /** Exceptions raised at one place and ended one way: the first one's details and a count. */
    private static final class Folded {
        final int hash;
        final Class<?> type;
        final int[] frames;
        final int site;
        final Outcome outcome;
        final int where;
        final long raise;
        final String thread;
        final long threadId;
        final String message;
        final List<StackTraceElement> stack;
        final StackTraceElement stoppedAt;
        final boolean jvmTrace;
        long count = 1;

        Folded(int hash, InFlight f, Outcome outcome, int where, Thread thread) {
            this.hash = hash;
            this.type = f.thrown.getClass();
            this.frames = Arrays.copyOf(f.frames, f.frameCount);
            this.site = f.site;
            this.outcome = outcome;
            this.where = where;
            this.raise = f.raise;
            this.thread = thread.getName();
            this.threadId = thread.getId();
            this.message = messageOf(f.thrown);
            StackTraceElement[] jvm = jvmTraceOf(f.thrown);
            this.jvmTrace = jvm.length > 0;
            this.stack = jvmTrace ? StackFrames.atRaise(frames, site, jvm, true)
                    : StackFrames.atRaise(frames, site, f.walked == null ? jvm : f.walked, false);
            this.stoppedAt = outcome == Outcome.CAUGHT ? CodeSites.frame(where)
                    : outcome == Outcome.SWALLOWED ? StackFrames.atDepth(stack, frames.length, where) : null;
        }

        boolean matches(int hash, InFlight f, Outcome outcome, int where) {
            if (this.hash != hash || type != f.thrown.getClass() || site != f.site || this.outcome != outcome
                    || this.where != where || frames.length != f.frameCount) {
                return false;
            }
            for (int i = 0; i < frames.length; i++) {
                if (frames[i] != f.frames[i]) {
                    return false;
                }
            }
            return true;
        }

        TracedException record() {
            return new TracedException(raise, thread, threadId, type.getName(), message, count, outcome, stack, stoppedAt,
                    jvmTrace);
        }

        private static String messageOf(Throwable t) {
            try {
                return t.getMessage(); // user code: it may fail, even by overflowing the stack
            } catch (Throwable e) {
                return "<getMessage() threw " + e.getClass().getName() + ">";
            }
        }

        /** The JVM's trace of {@code t}; empty when there is none or the user's override fails. */
        static StackTraceElement[] jvmTraceOf(Throwable t) {
            StackTraceElement[] trace;
            try {
                trace = t.getStackTrace();
            } catch (Throwable e) {
                return new StackTraceElement[0];
            }
            if (trace == null) {
                return new StackTraceElement[0];
            }
            for (StackTraceElement e : trace) {
                if (e == null) {
                    return new StackTraceElement[0]; // an override's nonsense: the shadow stack's frames stand alone
                }
            }
            return trace;
        }
    }
}
