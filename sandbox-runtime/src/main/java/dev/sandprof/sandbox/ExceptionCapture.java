package dev.sandprof.sandbox;

import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.StackFrameData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link Throwable} into {@link ExceptionData}, cut to the user's frames: the frames the
 * exception shares with the stack of the runtime's call into user code, and the reflection frames
 * just above them, are sandprof's own and are dropped.
 */
final class ExceptionCapture {

    private static final int MAX_DEPTH = 64;

    private ExceptionCapture() {}

    /**
     * @param callSite the stack of the thread where the runtime called into user code, taken just
     *     before that call; frames an exception shares with it are not the user's
     */
    static ExceptionData capture(Throwable t, StackTraceElement[] callSite) {
        return capture(t, callSite, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static ExceptionData capture(Throwable t, StackTraceElement[] callSite, Set<Throwable> seen, int depth) {
        seen.add(t);
        List<StackFrameData> frames = new ArrayList<>();
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0, n = userFrames(trace, callSite); i < n; i++) {
            frames.add(StackFrameData.of(trace[i]));
        }
        Throwable c = t.getCause();
        ExceptionData cause = c == null || seen.contains(c) || depth >= MAX_DEPTH
                ? null : capture(c, callSite, seen, depth + 1);
        List<ExceptionData> suppressed = new ArrayList<>();
        for (Throwable s : t.getSuppressed()) {
            if (!seen.contains(s) && depth < MAX_DEPTH) {
                suppressed.add(capture(s, callSite, seen, depth + 1));
            }
        }
        return new ExceptionData(t.getClass().getName(), safeMessage(t), frames, cause, suppressed);
    }

    /** How many frames, from the top, belong to the user. */
    static int userFrames(StackTraceElement[] trace, StackTraceElement[] callSite) {
        int n = trace.length;
        int shared = 0;
        while (shared < callSite.length && shared < n
                && trace[n - 1 - shared].equals(callSite[callSite.length - 1 - shared])) {
            shared++;
        }
        if (shared == 0) {
            return n; // another thread's stack: nothing of ours below it
        }
        n -= shared;
        while (n > 0 && isInvocationMachinery(trace[n - 1].getClassName())) {
            n--;
        }
        return n;
    }

    private static boolean isInvocationMachinery(String className) {
        return className.startsWith("dev.sandprof.sandbox.")
                || className.startsWith("java.lang.reflect.")
                || className.startsWith("jdk.internal.reflect.")
                || className.startsWith("java.lang.invoke.");
    }

    private static String safeMessage(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException | Error e) {
            return "<getMessage() threw " + e.getClass().getName() + ">";
        }
    }
}
