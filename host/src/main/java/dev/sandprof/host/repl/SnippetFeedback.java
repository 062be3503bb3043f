package dev.sandprof.host.repl;

import java.io.PrintStream;
import java.util.Locale;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.VarSnippet;

/** What the REPL prints of a snippet's events, in JShell's words: values, declarations, errors, exceptions. */
final class SnippetFeedback {

    private SnippetFeedback() {}

    /** A snippet that took: its value ({@code $1 ==> 75025}) or what it declared ({@code |  created method fib(int)}). */
    static void took(SnippetEvent e, PrintStream out) {
        Snippet s = e.snippet();
        switch (s.kind()) {
            case VAR:
            case EXPRESSION:
                String name = s instanceof VarSnippet ? ((VarSnippet) s).name() : ((ExpressionSnippet) s).name();
                if (e.value() != null) {
                    out.println(name + " ==> " + e.value());
                }
                break;
            case METHOD:
                out.println("|  " + verb(e) + " method " + ((MethodSnippet) s).name() + "(" + ((MethodSnippet) s).parameterTypes() + ")");
                break;
            case TYPE_DECL:
                out.println("|  " + verb(e) + " " + s.subKind().name().toLowerCase(Locale.ROOT).replace("_subkind", "").replace('_', ' ')
                        + " " + ((TypeDeclSnippet) s).name());
                break;
            default:
                break; // imports and statements: their effect speaks for itself
        }
    }

    private static String verb(SnippetEvent e) {
        return e.previousStatus() == Snippet.Status.NONEXISTENT ? "created" : "modified";
    }

    /** A compile error, with the snippet's line and a caret under the part that is wrong. */
    static void error(Diag d, String source, PrintStream out) {
        out.println("|  Error:");
        for (String l : d.getMessage(Locale.ROOT).split("\n")) {
            out.println("|  " + l);
        }
        int start = (int) d.getStartPosition();
        int end = (int) Math.max(d.getEndPosition(), start + 1);
        if (start >= 0 && start <= source.length()) {
            int lineStart = source.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
            int lineEnd = source.indexOf('\n', start);
            String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
            out.println("|  " + line);
            int width = Math.max(1, Math.min(end, lineStart + line.length()) - start);
            out.println("|  " + " ".repeat(start - lineStart) + (width == 1 ? "^" : "^" + "-".repeat(width - 2) + "^"));
        }
    }

    /** As JShell prints one: frames of snippets by snippet and line, {@code at fib (#3:1)}. */
    static void exception(JShellException thrown, PrintStream out) {
        String type = thrown instanceof EvalException ? ((EvalException) thrown).getExceptionClassName() : thrown.getClass().getName();
        out.println("|  Exception " + type + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()));
        for (StackTraceElement f : thrown.getStackTrace()) {
            // JShell has already named snippet frames by snippet: no class, file #N.
            if (f.getClassName().isEmpty() || f.getClassName().startsWith("REPL.")) {
                String method = f.getMethodName().isEmpty() || f.getMethodName().equals("do_it$") ? "" : f.getMethodName() + " ";
                out.println("|        at " + method + "(" + f.getFileName() + ":" + f.getLineNumber() + ")");
            } else {
                out.println("|        at " + f);
            }
        }
    }
}
