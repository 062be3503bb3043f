package dev.sandprof.host.cli;

import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.repl.SandprofExecutionProvider;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
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
                + "snippet failed. Commands: :help, :vars (:refs), :trace, :profile, :way, :exit. Ctrl-C interrupts a "
                + "running snippet; one that ignores the interrupt has its sandbox restarted (declarations replayed).%n")
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
    /** The engine whose sandbox was last instrumented. */
    private Object instrumented;
    private SandprofExecutionProvider engine;
    private JShell shell;
    /** Set when JShell closes itself: its execution engine ended (the sandbox died). */
    private volatile boolean shellClosed;
    /** The declarations that took (imports, types, methods, variables), to replay in a fresh sandbox. */
    private final List<String> declarations = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        // Flushed at each write: a snippet's output must show while it runs, also through a pipe.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        boolean interactive = System.console() != null;
        engine = new SandprofExecutionProvider(sandboxOptions());
        shell = newShell(out);
        // Ctrl-C interrupts the running snippet (and, if it ignores that, ends its sandbox), not sandprof.
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
            try {
                shell.stop();
            } catch (RuntimeException e) {
                // nothing runs, or the engine is gone: nothing to stop
            }
        });
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

    /** The sandbox this command line (and the last :way) asks for. */
    private SandboxOptions sandboxOptions() {
        SandboxOptions.Builder options = SandboxOptions.builder().jvmArgs(jvmArgs);
        if (java != null) {
            options.java(java);
        }
        if (startTimeout != null) {
            options.startTimeout(startTimeout);
        }
        return options.build();
    }

    private JShell newShell(PrintStream out) {
        JShell made = JShell.builder().out(out).err(System.err).executionEngine(engine, Map.of()).build();
        shellClosed = false;
        // Only the running shell's end counts: one closed on purpose (:way) is not a dead sandbox.
        made.onShutdown(closed -> shellClosed |= closed == shell);
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
        int total = declarations.size();
        int replayed = replay(out);
        out.println("|  A fresh sandbox is up; replayed " + replayed + " of " + total + " declarations.");
    }

    /** Evaluates the declarations again, in the new shell; returns how many took. */
    private int replay(PrintStream out) {
        List<String> replay = new ArrayList<>(declarations);
        declarations.clear();
        for (String source : replay) {
            for (SnippetEvent e : shell.eval(source)) {
                if (e.causeSnippet() == null && e.status() == Snippet.Status.VALID) {
                    declarations.add(source);
                }
            }
        }
        return declarations.size();
    }

    /** Runs a command; false to leave. */
    private boolean command(String line, JShell shell, PrintStream out) {
        String name = line.split("\\s+")[0];
        String rest = line.substring(name.length()).trim();
        switch (name) {
            case ":exit":
                return false;
            case ":vars":
            case ":refs":
                // The variables' objects live in the sandbox; these are the REPL's references to them.
                shell.variables().forEach(v -> out.println("|    " + v.typeName() + " " + v.name() + " = " + shell.varValue(v)));
                return true;
            case ":trace":
                trace(rest, out);
                return true;
            case ":profile":
                profile(rest, out);
                return true;
            case ":way":
                way(rest, out);
                return true;
            case ":help":
                out.println("|  Type Java snippets: expressions, statements, declarations, imports. Commands:");
                out.println("|    :vars, :refs              the variables so far, with their values (the objects live in the sandbox)");
                out.println("|    :trace EXPR               every exception EXPR raises, caught or not, with stacks");
                out.println("|    :profile [--engine E] EXPR  EXPR profiled (async, jfr or agent): top methods, prof/flame.html");
                out.println("|    :way --java PATH          restart the sandbox on another JDK, replaying the declarations");
                out.println("|    :exit                     leave");
                return true;
            default:
                out.println("|  No such command: " + name + " (:help lists them)");
                failed = true;
                return true;
        }
    }

    /** The sandbox now running the snippets. */
    private dev.sandprof.host.Interpreter sandbox() {
        return engine.last().sandbox();
    }

    /**
     * Turns the agent on in this sandbox: snippets declared from now on are instrumented (those
     * before are not: the agent instruments classes as they are defined).
     */
    private void instrument(PrintStream out) {
        if (instrumented != engine.last()) {
            sandbox().instrument();
            instrumented = engine.last();
            out.println("|  The agent instruments the snippets declared from now on.");
        }
    }

    private void trace(String expression, PrintStream out) {
        if (expression.isEmpty()) {
            out.println("|  :trace needs an expression, e.g. :trace Integer.parseInt(\"x\")");
            return;
        }
        instrument(out);
        dev.sandprof.host.TraceResult trace = sandbox().traceExceptions(i -> eval(shell, expression, out));
        out.print(piped(TraceReport.text(trace.exceptions()).strip() + "\n"));
    }

    private void profile(String arguments, PrintStream out) {
        dev.sandprof.host.ProfileOptions.Engine chosen = dev.sandprof.host.ProfileOptions.Engine.ASYNC;
        String expression = arguments;
        if (arguments.startsWith("--engine")) {
            String[] parts = arguments.split("\\s+", 3);
            try {
                chosen = dev.sandprof.host.ProfileOptions.Engine.valueOf(parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "");
            } catch (IllegalArgumentException e) {
                out.println("|  :profile --engine takes async, jfr or agent");
                failed = true;
                return;
            }
            expression = parts.length > 2 ? parts[2] : "";
        }
        if (expression.isEmpty()) {
            out.println("|  :profile needs an expression, e.g. :profile fib(32)");
            return;
        }
        if (chosen == dev.sandprof.host.ProfileOptions.Engine.AGENT) {
            instrument(out);
        }
        String run = expression;
        dev.sandprof.host.ProfileResult p = sandbox().profile(dev.sandprof.host.ProfileOptions.of(chosen, "cpu"), i -> eval(shell, run, out));
        out.print(piped(ProfileReport.text(p, 10).strip() + "\n"));
        Path dir = Path.of("prof");
        try {
            out.println("|  wrote " + ProfileFiles.list(ProfileFiles.write(p, dir, expression)));
        } catch (IOException e) {
            out.println("|  cannot write to " + dir + ": " + e.getMessage());
        }
    }

    /** Restarts on another JDK, replaying the declarations. */
    private void way(String arguments, PrintStream out) {
        String[] parts = arguments.split("\\s+");
        if (parts.length != 2 || !parts[0].equals("--java")) {
            out.println("|  :way --java PATH, e.g. :way --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
            failed = true;
            return;
        }
        java = Path.of(parts[1]);
        engine = new SandprofExecutionProvider(sandboxOptions());
        JShell old = shell;
        shell = newShell(out);
        old.close();
        int replayed = replay(out);
        out.println("|  Now on " + java + " (Java " + sandboxVersion() + "); replayed " + replayed + " declarations.");
    }

    private String sandboxVersion() {
        shell.eval(";"); // an empty statement makes JShell start its engine, if it has not yet
        return engine.last() == null ? "?" : sandbox().info().javaVersion();
    }

    /** Each line of a report, JShell-style. */
    private static String piped(String text) {
        StringBuilder out = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            if (!l.isEmpty() || out.length() > 0) {
                out.append("|  ").append(l).append('\n');
            }
        }
        return out.toString().replaceAll("(\\|  \n)+$", "");
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
            // Declarations only: a value's temporary variable ($1) would run its expression again.
            if (e.status() == Snippet.Status.VALID && s.kind() != Snippet.Kind.EXPRESSION && s.kind() != Snippet.Kind.STATEMENT
                    && s.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
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
