package dev.sandprof.host.repl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

/**
 * A snippet's compile errors and exceptions as the jshell tool prints them: a diagnostic with the
 * snippet's line and a caret under what is wrong, an exception with its frames shortened as the
 * tool shortens them ({@code at Integer.parseInt (Integer.java:668)}, a snippet's {@code at fib
 * (#3:1)}) and its causes, each without the frames it shares with the exception it caused.
 */
final class SnippetErrors {

    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private SnippetErrors() {}

    /** Each diagnostic: {@code |  Error:} or {@code |  Warning:}, its message, the line, the caret. */
    static void diagnostics(String source, List<Diag> diagnostics, PrintStream out) {
        for (Diag d : diagnostics) {
            out.println(d.isError() ? "|  Error:" : "|  Warning:");
            List<String> lines = new ArrayList<>();
            lines(source, d, lines);
            lines.forEach(l -> out.println("|  " + l));
        }
    }

    /**
     * A diagnostic's lines: its message (without javac's {@code location:} line, which names
     * JShell's wrapper class), the snippet's line where it starts, and a caret line under its extent
     * ({@code ^---^}, or {@code ^---...} when it runs over the line).
     */
    static void lines(String source, Diag d, List<String> lines) {
        lines(source, d.getMessage(null), d.getStartPosition(), d.getEndPosition(), lines);
    }

    static void lines(String source, String message, long startPosition, long endPosition, List<String> lines) {
        for (String l : message.split("\\r?\\n")) {
            if (!l.trim().startsWith("location:")) {
                lines.add(l);
            }
        }
        int start = (int) startPosition;
        int end = (int) endPosition;
        if (start < 0 || end < 0) {
            start = 0;
            end = source.length();
        }
        // The line holding start: from after the break before it to the first break at or after it.
        int lineStart = 0;
        int lineEnd = -2;
        Matcher m = LINE_BREAK.matcher(source);
        while (m.find(lineStart)) {
            lineEnd = m.start();
            if (lineEnd >= start) {
                break;
            }
            lineStart = m.end();
        }
        if (lineEnd < lineStart) {
            lineEnd = source.length();
        }
        lines.add(source.substring(lineStart, lineEnd));
        StringBuilder caret = new StringBuilder(" ".repeat(Math.max(0, start - lineStart))).append('^');
        boolean overLine = end > lineEnd;
        int last = (overLine ? lineEnd : end) - lineStart - 1;
        int first = start - lineStart;
        if (last > first) {
            caret.append("-".repeat(Math.max(0, last - first - 1))).append(overLine ? "-..." : "^");
        }
        lines.add(caret.toString());
    }

    /**
     * An exception: {@code |  Exception CLASS: MESSAGE} (a cause: {@code |  Caused by: ...}), its
     * frames, then its cause's.
     *
     * @param caused the frames of the exception this one caused, or {@code null}: frames at the
     *               end that both share are left out and shown as {@code ...}
     */
    static void exception(EvalException e, StackTraceElement[] caused, PrintStream out) {
        String message = e.getMessage();
        out.println("|  " + (caused == null ? "Exception " : "Caused by: ") + e.getExceptionClassName()
                + (message == null ? "" : ": " + message));
        frames(e.getStackTrace(), caused, out);
        JShellException cause = e.getCause();
        if (cause instanceof EvalException) {
            exception((EvalException) cause, e.getStackTrace(), out);
        } else if (cause != null) {
            out.println("|  Unexpected execution exception: " + cause);
        }
    }

    private static void frames(StackTraceElement[] frames, StackTraceElement[] caused, PrintStream out) {
        int shared = 0;
        if (caused != null) {
            while (shared < Math.min(frames.length, caused.length)
                    && frames[frames.length - 1 - shared].equals(caused[caused.length - 1 - shared])) {
                shared++;
            }
        }
        for (int i = 0; i < frames.length - shared; i++) {
            out.println("|        at " + frame(frames[i]));
        }
        if (shared > 0) {
            out.println("|        ...");
        }
    }

    /**
     * A frame as the tool shows it: the class's simple name (after its package), the method, a
     * space, then where: {@code Integer.parseInt (Integer.java:668)}; JShell names a snippet's
     * frame by snippet, with no class: {@code fib (#3:1)}, its top level {@code (#4:1)}.
     */
    static String frame(StackTraceElement f) {
        StringBuilder s = new StringBuilder();
        String className = f.getClassName();
        if (!className.isEmpty()) {
            int dot = className.lastIndexOf('.');
            s.append(dot > 0 ? className.substring(dot + 1) : className).append('.');
        }
        if (!f.getMethodName().isEmpty()) {
            s.append(f.getMethodName()).append(' ');
        }
        String where;
        if (f.isNativeMethod()) {
            where = "Native Method";
        } else if (f.getFileName() == null) {
            where = "Unknown Source";
        } else {
            where = f.getLineNumber() >= 0 ? f.getFileName() + ":" + f.getLineNumber() : f.getFileName();
        }
        return s.append('(').append(where).append(')').toString();
    }
}
