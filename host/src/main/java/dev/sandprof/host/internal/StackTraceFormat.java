package dev.sandprof.host.internal;

import dev.sandprof.host.ExceptionInfo;
import dev.sandprof.host.StackFrame;
import java.util.List;

/** Prints {@link ExceptionInfo} exactly as {@link Throwable#printStackTrace()} prints a throwable. */
public final class StackTraceFormat {

    private StackTraceFormat() {}

    /** The trace, one line per line, each ending in a newline. */
    public static String format(ExceptionInfo e) {
        StringBuilder out = new StringBuilder();
        out.append(e.headline()).append('\n');
        List<StackFrame> frames = e.frames();
        for (StackFrame f : frames) {
            out.append("\tat ").append(f.printed()).append('\n');
        }
        for (ExceptionInfo s : e.suppressed()) {
            enclosed(out, s, frames, "Suppressed: ", "\t");
        }
        if (e.cause() != null) {
            enclosed(out, e.cause(), frames, "Caused by: ", "");
        }
        return out.toString();
    }

    private static void enclosed(StringBuilder out, ExceptionInfo e, List<StackFrame> enclosing,
                                 String caption, String prefix) {
        List<StackFrame> frames = e.frames();
        int m = frames.size() - 1;
        int n = enclosing.size() - 1;
        while (m >= 0 && n >= 0 && frames.get(m).equals(enclosing.get(n))) {
            m--;
            n--;
        }
        int inCommon = frames.size() - 1 - m;
        out.append(prefix).append(caption).append(e.headline()).append('\n');
        for (int i = 0; i <= m; i++) {
            out.append(prefix).append("\tat ").append(frames.get(i).printed()).append('\n');
        }
        if (inCommon != 0) {
            out.append(prefix).append("\t... ").append(inCommon).append(" more\n");
        }
        for (ExceptionInfo s : e.suppressed()) {
            enclosed(out, s, frames, "Suppressed: ", prefix + "\t");
        }
        if (e.cause() != null) {
            enclosed(out, e.cause(), frames, "Caused by: ", prefix);
        }
    }
}
