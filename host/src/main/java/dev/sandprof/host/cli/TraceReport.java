package dev.sandprof.host.cli;

import dev.sandprof.host.StackFrame;
import dev.sandprof.host.TracedException;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code sandprof trace} shows traced exceptions: as text for people, as JSON for tools. Both
 * fold the same place's exceptions across threads ({@link TracedPlace}), most raised first.
 */
final class TraceReport {

    /** Frames shown per exception in the text; deep recursion would bury the rest. */
    private static final int MAX_FRAMES = 24;

    /** Thread names or ranges shown per exception in the text; the JSON has every thread. */
    private static final int MAX_THREAD_ITEMS = 8;

    private TraceReport() {}

    static String text(List<TracedException> exceptions) {
        List<TracedPlace> places = TracedPlace.fold(exceptions);
        StringBuilder out = new StringBuilder();
        long raised = places.stream().mapToLong(TracedPlace::count).sum();
        out.append("\nsandprof trace: ").append(raised).append(raised == 1 ? " exception" : " exceptions")
                .append(" raised in instrumented code");
        if (raised != places.size()) {
            out.append(", at ").append(places.size()).append(places.size() == 1 ? " place" : " places");
        }
        out.append(raised == 0 ? "\n" : ":\n");
        int n = 0;
        for (TracedPlace e : places) {
            out.append("\n[").append(++n).append("] ").append(e.exceptionClass());
            if (e.message() != null) {
                out.append(": ").append(e.message().replace("\n", "\n    "));
            }
            if (e.count() > 1) {
                out.append("   (").append(e.count()).append(" times)");
            }
            out.append(threads(e.threads()));
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

    /** Nothing for the main thread alone, a quoted name for one other thread, else a count and the names folded. */
    private static String threads(List<TracedPlace.ThreadCount> threads) {
        if (threads.size() == 1) {
            String name = threads.get(0).thread();
            return name.equals("main") ? "" : "   in thread \"" + name + '"';
        }
        List<String> names = new ArrayList<>();
        threads.forEach(t -> names.add(t.thread()));
        return "   in " + threads.size() + " threads: " + ThreadNames.compact(names, MAX_THREAD_ITEMS);
    }

    private static String ending(TracedPlace e) {
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
        for (TracedPlace e : TracedPlace.fold(exceptions)) {
            out.append(comma).append("\n    {\"exception\": ").append(string(e.exceptionClass()))
                    .append(", \"message\": ").append(string(e.message()))
                    .append(", \"count\": ").append(e.count())
                    .append(", \"outcome\": ").append(string(e.outcome().name().toLowerCase(java.util.Locale.ROOT)))
                    .append(", \"jvmTrace\": ").append(e.hasJvmTrace())
                    .append(",\n     \"threads\": [");
            String threadComma = "";
            for (TracedPlace.ThreadCount t : e.threads()) {
                out.append(threadComma).append("\n       {\"thread\": ").append(string(t.thread()))
                        .append(", \"threadId\": ").append(t.threadId())
                        .append(", \"count\": ").append(t.count())
                        .append(", \"message\": ").append(string(t.message())).append('}');
                threadComma = ",";
            }
            out.append("],\n     \"stoppedAt\": ").append(frame(e.stoppedAt()))
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
