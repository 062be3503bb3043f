package dev.sandprof.host.cli;

import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.repl.SandprofExecutionProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandprof repl}: Java snippets as JShell takes them, compiled on the host by the JDK's own
 * snippet engine ({@code jdk.jshell}) and run in a sandbox through sandprof's execution engine.
 */
@Command(name = "repl", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "An interactive Java REPL whose snippets run in a sandbox JVM.",
        description = "Reads Java snippets (expressions, statements, declarations, imports) as JShell does, from the terminal "
                + "or a piped script, runs each in the sandbox and shows its value. With input piped in, exits with 1 if a "
                + "snippet failed. Commands: :help, :vars, :exit.%n")
final class ReplCommand implements Callable<Integer> {

    @Option(names = "--java", paramLabel = "PATH", description = "The java launcher the sandbox runs on.")
    Path java;

    @Option(names = {"-cp", "--class-path"}, paramLabel = "PATH", split = ":", description = "Jars and directories snippets can use.")
    List<Path> classPath = new ArrayList<>();

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "A flag for the sandbox JVM (repeatable).")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a sandbox may take to start (default: 30s).")
    Duration startTimeout;

    private boolean failed;
    private SandprofExecutionProvider engine;
    private JShell shell;
    /** Set when JShell closes itself: its execution engine ended (the sandbox died). */
    private volatile boolean shellClosed;
    /** The declarations that took (imports, types, methods, variables), to replay in a fresh sandbox. */
    private final List<String> declarations = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        boolean interactive = System.console() != null;
        SandboxOptions.Builder options = SandboxOptions.builder().jvmArgs(jvmArgs);
        if (java != null) {
            options.java(java);
        }
        if (startTimeout != null) {
            options.startTimeout(startTimeout);
        }
        engine = new SandprofExecutionProvider(options.build());
        shell = newShell(out);
        try {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            StringBuilder pending = new StringBuilder();
            while (true) {
                if (interactive) {
                    out.print(pending.length() == 0 ? "sandprof> " : "     ...> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null) {
                    break;
                }
                if (pending.length() == 0 && line.trim().startsWith(":")) {
                    if (!command(line.trim(), shell, out)) {
                        break;
                    }
                    continue;
                }
                pending.append(line).append('\n');
                SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(pending.toString());
                while (info.completeness().isComplete()) {
                    eval(shell, info.source(), out);
                    if (shellClosed) {
                        restart(out);
                    }
                    pending = new StringBuilder(info.remaining());
                    if (pending.toString().isBlank()) {
                        pending.setLength(0);
                        break;
                    }
                    info = shell.sourceCodeAnalysis().analyzeCompletion(pending.toString());
                }
            }
            if (pending.length() > 0 && !pending.toString().isBlank()) {
                eval(shell, pending.toString(), out); // the script ended inside a snippet: JShell says what is wrong
            }
        } finally {
            shell.close();
        }
        return failed && !interactive ? 1 : 0;
    }

    private JShell newShell(PrintStream out) {
        JShell made = JShell.builder().out(out).err(System.err).executionEngine(engine, Map.of()).build();
        shellClosed = false;
        made.onShutdown(closed -> shellClosed = true);
        for (Path p : classPath) {
            made.addToClasspath(p.toAbsolutePath().toString());
        }
        return made;
    }

    /**
     * The sandbox ended under a snippet ({@code System.exit}, a crash): JShell has closed. Says how,
     * starts a fresh sandbox, and replays the declarations that had taken, so the session goes on.
     */
    private void restart(PrintStream out) {
        String how = engine.last() == null ? null : engine.last().ended();
        failed = true;
        out.println("|  The sandbox ended" + (how == null ? "" : ": " + how) + ".");
        shell = newShell(out);
        List<String> replay = new ArrayList<>(declarations);
        declarations.clear();
        for (String source : replay) {
            for (SnippetEvent e : shell.eval(source)) {
                if (e.causeSnippet() == null && e.status() == Snippet.Status.VALID) {
                    declarations.add(source);
                }
            }
        }
        out.println("|  A fresh sandbox is up; replayed " + declarations.size() + " of " + replay.size() + " declarations.");
    }

    /** Runs a command; false to leave. */
    private boolean command(String line, JShell shell, PrintStream out) {
        switch (line.split("\\s+")[0]) {
            case ":exit":
                return false;
            case ":vars":
                shell.variables().forEach(v -> out.println("|    " + v.typeName() + " " + v.name() + " = " + shell.varValue(v)));
                return true;
            case ":help":
                out.println("|  Type Java snippets: expressions, statements, declarations, imports. Commands:");
                out.println("|    :vars   the variables declared so far, with their values (they live in the sandbox)");
                out.println("|    :exit   leave");
                return true;
            default:
                out.println("|  No such command: " + line.split("\\s+")[0] + " (:help lists them)");
                failed = true;
                return true;
        }
    }

    private void eval(JShell shell, String source, PrintStream out) {
        for (SnippetEvent e : shell.eval(source)) {
            Snippet s = e.snippet();
            if (e.causeSnippet() != null) {
                continue; // an update of a dependent snippet, not what was typed
            }
            if (e.status() == Snippet.Status.REJECTED) {
                failed = true;
                shell.diagnostics(s).forEach(d -> error(d, s.source(), out));
                continue;
            }
            JShellException thrown = e.exception();
            if (thrown != null) {
                failed = true;
                exception(thrown, out);
                continue;
            }
            if (e.status() == Snippet.Status.VALID && s.kind() != Snippet.Kind.EXPRESSION && s.kind() != Snippet.Kind.STATEMENT) {
                declarations.add(s.source());
            }
            switch (s.kind()) {
                case VAR:
                case EXPRESSION:
                    String name = s instanceof VarSnippet ? ((VarSnippet) s).name()
                            : ((jdk.jshell.ExpressionSnippet) s).name();
                    if (e.value() != null) {
                        out.println(name + " ==> " + e.value());
                    }
                    break;
                case METHOD:
                    out.println("|  " + (e.previousStatus() == Snippet.Status.NONEXISTENT ? "created" : "modified") + " method "
                            + ((jdk.jshell.MethodSnippet) s).name() + "(" + ((jdk.jshell.MethodSnippet) s).parameterTypes() + ")");
                    break;
                case TYPE_DECL:
                    out.println("|  " + (e.previousStatus() == Snippet.Status.NONEXISTENT ? "created" : "modified") + " "
                            + ((jdk.jshell.TypeDeclSnippet) s).subKind().name().toLowerCase(Locale.ROOT).replace("_subkind", "")
                            .replace('_', ' ') + " " + ((jdk.jshell.TypeDeclSnippet) s).name());
                    break;
                default:
                    break; // imports and statements: their effect speaks for itself
            }
        }
    }

    private static void error(Diag d, String source, PrintStream out) {
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
    private static void exception(JShellException thrown, PrintStream out) {
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
