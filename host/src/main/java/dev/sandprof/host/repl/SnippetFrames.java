package dev.sandprof.host.repl;

import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.profile.StackProfile;
import dev.sandprof.host.StackFrame;
import dev.sandprof.host.TracedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Names the frames of snippet classes as JShell names them in exceptions: the sandbox sees
 * {@code REPL.$JShell$12.parse($JShell$12.java:5)}, the user typed snippet 2, so the frame reads
 * {@code parse (#2:1)}. Lines come back through JShell's wrapper of each snippet.
 */
public final class SnippetFrames {

    private static final String WRAPPERS = "REPL.$JShell$";

    private record Wrapped(Snippet snippet, SourceCodeAnalysis.SnippetWrapper wrapper) {}

    private final Map<String, Wrapped> byClass = new HashMap<>();

    /** The frames of {@code shell}'s snippets. */
    public SnippetFrames(JShell shell) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        shell.snippets().forEach(s -> {
            try {
                SourceCodeAnalysis.SnippetWrapper w = analysis.wrapper(s);
                byClass.put(w.fullClassName(), new Wrapped(s, w));
            } catch (RuntimeException e) {
                // a snippet JShell keeps no wrapper for (dropped, rejected): nothing runs from it
            }
        });
    }

    /** The frame as the user knows it, or as it is when it is not a snippet's. */
    public StackFrame frame(StackFrame f) {
        if (f == null || !f.className().startsWith(WRAPPERS)) {
            return f;
        }
        int nested = f.className().indexOf('$', WRAPPERS.length());
        Wrapped w = byClass.get(nested < 0 ? f.className() : f.className().substring(0, nested));
        if (w == null) {
            return f;
        }
        String method = f.methodName().equals("do_it$") ? "" : f.methodName();
        return new StackFrame("", method, "#" + w.snippet().id(), snippetLine(w, f.lineNumber()));
    }

    /** A collapsed-stack frame name ({@code REPL.$JShell$14.fib}) as {@code fib (#3)}. */
    public String method(String frame) {
        int dot = frame.lastIndexOf('.');
        if (!frame.startsWith(WRAPPERS) || dot < 0) {
            return frame;
        }
        StackFrame named = frame(new StackFrame(frame.substring(0, dot), frame.substring(dot + 1), null, -1));
        return named.className().isEmpty() ? (named.methodName() + " (" + named.fileName() + ")").strip() : frame;
    }

    /** Traced exceptions with their snippet frames named by snippet. */
    public List<TracedException> exceptions(List<TracedException> traced) {
        List<TracedException> out = new ArrayList<>();
        for (TracedException e : traced) {
            List<StackFrame> stack = new ArrayList<>();
            e.stack().forEach(f -> stack.add(frame(f)));
            out.add(new TracedException(e.thread(), e.threadId(), e.exceptionClass(), e.message(), e.count(), e.outcome(), stack,
                    frame(e.stoppedAt()), e.hasJvmTrace()));
        }
        return out;
    }

    /** The profile with its snippet frames named by snippet ({@code fib (#3)}): in the report, the flame graph and the .prof. */
    public ProfileResult profile(ProfileResult p) {
        StringBuilder collapsed = new StringBuilder();
        p.stacks().stacks().forEach((stack, weight) -> {
            List<String> renamed = new ArrayList<>();
            for (String frame : stack.split(";")) {
                renamed.add(method(frame));
            }
            collapsed.append(String.join(";", renamed)).append(' ').append(weight).append('\n');
        });
        return new ProfileResult(p.engine(), p.event(), p.note().orElse(null), StackProfile.parse(collapsed.toString()), p.samples(),
                p.jfrFile().orElse(null), p.callPaths().map(paths -> paths.renamed(this::method)).orElse(null),
                p.failure().orElse(null));
    }

    /** The snippet's line that a line of its wrapper class holds, or -1 for the wrapper's own lines. */
    private static int snippetLine(Wrapped w, int wrapperLine) {
        if (wrapperLine < 1) {
            return wrapperLine;
        }
        String wrapped = w.wrapper().wrapped();
        int at = 0;
        for (int line = 1; line < wrapperLine && at >= 0; line++) {
            at = wrapped.indexOf('\n', at) + 1;
            if (at == 0) {
                return -1;
            }
        }
        while (at < wrapped.length() && wrapped.charAt(at) != '\n' && Character.isWhitespace(wrapped.charAt(at))) {
            at++;
        }
        int position = w.wrapper().wrappedToSourcePosition(at);
        String source = w.snippet().source();
        if (position < 0 || position > source.length()) {
            return -1;
        }
        return (int) source.substring(0, position).chars().filter(c -> c == '\n').count() + 1;
    }
}
