package dev.sandprof.host.cli;

import dev.sandprof.host.StackFrame;
import dev.sandprof.host.TracedException;
import java.util.List;

/** How {@code sandprof trace} shows traced exceptions: as text for people, as JSON for tools. */
final class TraceReport {

    /** Frames shown per exception in the text; deep recursion would bury the rest. */
    private static final int MAX_FRAMES = 24;

    private TraceReport() {}

    static String text(List<TracedException> exceptions) {
        StringBuilder out = new StringBuilder();
        long raised = exceptions.stream().mapToLong(TracedException::count).sum();
        out.append("\nsandprof trace: ").append(raised).append(raised == 1 ? " exception" : " exceptions")
                .append(" raised in instrumented code");
        if (raised != exceptions.size()) {
            out.append(", at ").append(exceptions.size()).append(exceptions.size() == 1 ? " place" : " places");
        }
        out.append(raised == 0 ? "\n" : ":\n");
        int n = 0;
        for (TracedException e : exceptions) {
            out.append("\n[").append(++n).append("] ").append(e.exceptionClass());
            if (e.message() != null) {
                out.append(": ").append(e.message().replace("\n", "\n    "));
            }
            if (e.count() > 1) {
                out.append("   (").append(e.count()).append(" times)");
            }
            if (!e.thread().equals("main")) {
                out.append("   in thread \"").append(e.thread()).append('"');
            }
            out.append('\n');
            List<StackFrame> stack = e.stack();
            for (int i = 0; i < Math.min(stack.size(), MAX_FRAMES); i++) {
                out.append("      at ").append(stack.get(i).describe()).append('\n');
            }
            if (stack.size() > MAX_FRAMES) {
                out.append("      ... ").append(stack.size() - MAX_FRAMES).append(" more\n");
            }
            out.append("    ").append(ending(e)).append('\n');
        }
        return out.toString();
    }

    private static String ending(TracedException e) {
        switch (e.outcome()) {
            case CAUGHT:
                return "caught in " + e.stoppedAt().describe();
            case SWALLOWED:
                return "stopped propagating in " + (e.stoppedAt() == null ? "non-instrumented code" : e.stoppedAt().describe())
                        + " without an instrumented catch (a finally, or the JDK)";
            default:
                return "escaped";
        }
    }

    static String json(List<TracedException> exceptions, int exitStatus) {
        StringBuilder out = new StringBuilder("{\n  \"exitStatus\": ").append(exitStatus).append(",\n  \"exceptions\": [");
        String comma = "";
        for (TracedException e : exceptions) {
            out.append(comma).append("\n    {\"thread\": ").append(string(e.thread()))
                    .append(", \"exception\": ").append(string(e.exceptionClass()))
                    .append(", \"message\": ").append(string(e.message()))
                    .append(", \"count\": ").append(e.count())
                    .append(", \"outcome\": ").append(string(e.outcome().name().toLowerCase(java.util.Locale.ROOT)))
                    .append(", \"jvmTrace\": ").append(e.hasJvmTrace())
                    .append(",\n     \"stoppedAt\": ").append(frame(e.stoppedAt()))
                    .append(",\n     \"stack\": [");
            String frameComma = "";
            for (StackFrame f : e.stack()) {
                out.append(frameComma).append("\n       ").append(frame(f));
                frameComma = ",";
            }
            out.append("]}");
            comma = ",";
        }
        return out.append("\n  ]\n}\n").toString();
    }

    private static String frame(StackFrame f) {
        if (f == null) {
            return "null";
        }
        return "{\"class\": " + string(f.className()) + ", \"method\": " + string(f.methodName())
                + ", \"file\": " + string(f.fileName()) + ", \"line\": " + f.lineNumber() + "}";
    }

    private static String string(String s) {
        return Json.string(s);
    }
}
