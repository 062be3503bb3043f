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
 *
 * <p>The throwable is the user's: its {@code getMessage}, {@code getStackTrace} and
 * {@code getCause} may be overridden to throw, to return nonsense or to return something huge.
 * Every such call is guarded (a throw becomes a note in the data saying so, such as
 * {@code <getStackTrace() threw java.lang.IllegalStateException>}) and everything taken is
 * bounded, so that one report stays far below the frame cap and capture itself never throws:
 * messages, frames per throwable, the nesting of causes and suppressed exceptions, suppressed
 * exceptions per throwable, and the text of the whole report. Where something is cut, the data
 * says how much; a throwable met twice (a cause cycle) is shown as {@code printStackTrace} shows
 * it, {@code [CIRCULAR REFERENCE: ...]}. The caps are far above what real programs raise: the JVM
 * itself keeps at most 1024 frames per throwable by default.
 */
final class ExceptionCapture {

    static final int MAX_MESSAGE_CHARS = 100_000;
    /** Per string of a frame: real class, method and file names are far shorter. */
    static final int MAX_NAME_CHARS = 1_000;
    static final int MAX_FRAMES = 4_096;
    /** How deep causes and suppressed exceptions nest. */
    static final int MAX_DEPTH = 256;
    static final int MAX_SUPPRESSED = 256;
    /** Throwables in one report. */
    static final int MAX_THROWABLES = 4_096;
    /** Characters of text (messages, names) in one report: at most ~12 MB encoded, the frame cap is 64 MiB. */
    static final int MAX_REPORT_CHARS = 4_000_000;

    /** What a frame costs beyond its names, in chars: about what its encoding adds. */
    private static final int FRAME_OVERHEAD_CHARS = 32;

    private final StackTraceElement[] callSite;
    private final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private long chars;
    private int throwables;

    private ExceptionCapture(StackTraceElement[] callSite) {
        this.callSite = callSite;
    }

    /**
     * @param callSite the stack of the thread where the runtime called into user code, taken just
     *     before that call; frames an exception shares with it are not the user's
     * @return the exception as data; never throws, whatever the throwable's methods do
     */
    static ExceptionData capture(Throwable t, StackTraceElement[] callSite) {
        if (t == null) {
            return new ExceptionData("<no exception: null was thrown as the cause>", null, List.of(), null, List.of());
        }
        try {
            try {
                return new ExceptionCapture(callSite).take(t, 0);
            } catch (OutOfMemoryError e) {
                // The program's doing, most often (it filled the heap and died of it): once more, with the reserve.
                MemoryReserve.release();
                return new ExceptionCapture(callSite).take(t, 0);
            }
        } catch (Throwable e) {
            // Out of memory or stack in our own code: the least that can be said, with little allocation.
            return new ExceptionData(t.getClass().getName(), "<sandprof could not capture this exception: "
                    + e.getClass().getName() + ">", List.of(), null, List.of());
        }
    }

    /** {@code t}, not yet seen, at nesting {@code depth}; as {@code printStackTrace} visits them. */
    private ExceptionData take(Throwable t, int depth) {
        seen.add(t);
        throwables++;
        String className = t.getClass().getName();
        String message = messageOf(t);
        spend(className.length() + (message == null ? 0 : message.length()));
        List<StackFrameData> frames = framesOf(t);
        List<ExceptionData> suppressed = new ArrayList<>();
        Throwable[] all = suppressedOf(t, suppressed);
        for (int i = 0; i < all.length; i++) {
            if (i == MAX_SUPPRESSED || depth + 1 >= MAX_DEPTH || !withinBudget()) {
                suppressed.add(note("[" + (all.length - i) + " more suppressed exceptions, cut by sandprof]"));
                break;
            }
            suppressed.add(enclosed(all[i], depth + 1));
        }
        ExceptionData cause = null;
        Throwable c;
        try {
            c = t.getCause();
        } catch (Throwable e) {
            c = null;
            cause = note("<getCause() threw " + e.getClass().getName() + ">");
        }
        if (c != null) {
            cause = depth + 1 >= MAX_DEPTH ? note("[more causes, cut by sandprof after " + MAX_DEPTH + "]")
                    : !withinBudget() ? note("[more causes, cut by sandprof: the report reached its size cap]")
                    : enclosed(c, depth + 1);
        }
        return new ExceptionData(className, message, frames, cause, suppressed);
    }

    /** A cause or suppressed exception: shown as a circular reference when met before. */
    private ExceptionData enclosed(Throwable t, int depth) {
        if (t == null) {
            return note("<null>");
        }
        if (seen.contains(t)) {
            throwables++;
            String message = messageOf(t);
            String className = t.getClass().getName();
            spend(className.length() + (message == null ? 0 : message.length()));
            return note("[CIRCULAR REFERENCE: " + (message == null ? className : className + ": " + message) + "]");
        }
        return take(t, depth);
    }

    private Throwable[] suppressedOf(Throwable t, List<ExceptionData> notes) {
        try {
            Throwable[] all = t.getSuppressed();
            return all == null ? new Throwable[0] : all;
        } catch (Throwable e) {
            notes.add(note("<getSuppressed() threw " + e.getClass().getName() + ">"));
            return new Throwable[0];
        }
    }

    private List<StackFrameData> framesOf(Throwable t) {
        StackTraceElement[] trace;
        try {
            trace = t.getStackTrace();
        } catch (Throwable e) {
            return List.of(noteFrame("<getStackTrace() threw " + e.getClass().getName() + ">", "frames unknown"));
        }
        if (trace == null) {
            return List.of(noteFrame("<getStackTrace() returned null>", "frames unknown"));
        }
        List<StackFrameData> frames = new ArrayList<>();
        int n = userFrames(trace, callSite);
        for (int i = 0; i < n; i++) {
            if (i == MAX_FRAMES || !withinBudget()) {
                frames.add(noteFrame("...", (n - i) + " more frames, cut by sandprof"));
                break;
            }
            StackTraceElement e = trace[i];
            if (e == null) {
                frames.add(noteFrame("<null frame>", "from getStackTrace()"));
                continue;
            }
            String prefix = cut(prefixOf(e), MAX_NAME_CHARS);
            StackFrameData f = new StackFrameData(cut(e.getClassName(), MAX_NAME_CHARS),
                    cut(e.getMethodName(), MAX_NAME_CHARS), cut(e.getFileName(), MAX_NAME_CHARS), e.getLineNumber(), prefix);
            spend(FRAME_OVERHEAD_CHARS + f.className().length() + f.methodName().length()
                    + (f.fileName() == null ? 0 : f.fileName().length()) + (prefix == null ? 0 : prefix.length()));
            frames.add(f);
        }
        return frames;
    }

    /**
     * What the frame's {@code toString} prints before its class name ({@code java.base/} for the
     * JDK's frames, nothing for the program's), taken from {@code toString} itself: it alone knows
     * which loader and module names {@code java} shows (not the app loader's, not a JDK module's
     * version). {@code null} for nothing.
     */
    static String prefixOf(StackTraceElement e) {
        String printed = e.toString();
        int at = printed.indexOf(e.getClassName() + "." + e.getMethodName() + "(");
        return at > 0 ? printed.substring(0, at) : null;
    }

    /** How many frames, from the top, belong to the user. */
    static int userFrames(StackTraceElement[] trace, StackTraceElement[] callSite) {
        int n = trace.length;
        int shared = 0;
        while (shared < callSite.length && shared < n
                && callSite[callSite.length - 1 - shared].equals(trace[n - 1 - shared])) {
            shared++;
        }
        if (shared == 0) {
            return n; // another thread's stack: nothing of ours below it
        }
        n -= shared;
        while (n > 0 && trace[n - 1] != null && isInvocationMachinery(trace[n - 1].getClassName())) {
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

    private String messageOf(Throwable t) {
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable e) {
            return "<getMessage() threw " + e.getClass().getName() + ">";
        }
        int room = (int) Math.max(0, Math.min(MAX_MESSAGE_CHARS, MAX_REPORT_CHARS - chars));
        return cut(message, room);
    }

    private void spend(long n) {
        chars += n;
    }

    private boolean withinBudget() {
        return chars < MAX_REPORT_CHARS && throwables < MAX_THROWABLES;
    }

    /** An exception that stands for what could not be taken; printed as its class name alone. */
    private static ExceptionData note(String text) {
        return new ExceptionData(text, null, List.of(), null, List.of());
    }

    /** A frame that stands for what could not be taken; printed as {@code at WHAT (WHERE)}. */
    private static StackFrameData noteFrame(String what, String where) {
        return new StackFrameData("", what, where, -1);
    }

    /** At most {@code max} chars of {@code s}, and how long it was when cut; never half a surrogate pair. */
    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max > 0 && Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "... (" + s.length() + " chars, cut by sandprof)";
    }
}
