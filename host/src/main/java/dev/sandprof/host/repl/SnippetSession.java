package dev.sandprof.host.repl;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxStartException;
import dev.sandprof.host.SandboxTimeoutException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.TypeDeclSnippet;

/**
 * A REPL session's snippets: evaluated through JShell on the host (the snippets run in a sandbox
 * through sandprof's engine), what JShell says of each printed as jshell prints it, and the
 * session going on in a fresh sandbox when the old one ends: a new JShell with the declarations
 * that had taken replayed under their old snippet ids. Its state is split by role: the snippet ids
 * ({@link SnippetIds}), the declarations to replay ({@link ReplayLog}), and the shell and its
 * sandbox ({@link SnippetShell}).
 *
 * <p>Not thread-safe: one thread reads and evaluates; only {@link #stop()} may come from another.
 */
public final class SnippetSession implements AutoCloseable {

    private final PrintStream out;
    private final ReplayLog log = new ReplayLog();
    private final SnippetIds ids = new SnippetIds();
    private final SnippetShell shell;
    private boolean failed;
    /** Ctrl-C came since the current input was read: a command of several steps ends at the next. */
    private volatile boolean stopped;

    /**
     * @param out       where snippets' feedback (values, declarations, errors) and their output go
     * @param classPath jars and directories the snippets can use
     * @param engine    the engine the snippets run on
     */
    public SnippetSession(PrintStream out, List<Path> classPath, SandprofExecutionProvider engine) {
        this.out = out;
        this.shell = new SnippetShell(out, ids, classPath, engine);
    }

    /** The shell, once its start-up imports are in: what the snippets in force are, their variables. */
    public JShell shell() {
        return shell.shell();
    }

    public SourceCodeAnalysis analysis() {
        return shell().sourceCodeAnalysis();
    }

    /** The engine that runs the current shell's snippets. */
    public SandprofExecutionControl engine() {
        return shell.engine();
    }

    /** The sandbox the snippets run in now. */
    public Interpreter sandbox() {
        return engine().sandbox();
    }

    /** Whether a snippet failed (did not compile, threw, or ended its sandbox) in this session. */
    public boolean failed() {
        return failed;
    }

    /** A command failed: the session counts as failed, as with a snippet that did. */
    public void markFailed() {
        failed = true;
    }

    /** Whether {@code text} ends inside a snippet: the line editor then reads another line. */
    public boolean needsMore(String text) {
        SourceCodeAnalysis analysis = analysis();
        String rest = text;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) {
                return true;
            }
            rest = info.remaining();
        }
        return false;
    }

    /**
     * Evaluates each snippet of {@code text} in turn, printing what JShell says of it, as the
     * jshell tool does: each without the blanks that end it, and what follows a snippet that failed
     * is dropped. A snippet that ends its sandbox is reported and the session goes on in a fresh
     * one. An incomplete last snippet is evaluated as it is, for JShell to say what it lacks.
     */
    public void evalAll(String text) {
        evalAll(text, false);
    }

    /**
     * Evaluates the user's input as {@link #evalAll(String)} does, except that input that ends
     * inside a snippet (a script's last lines, Ctrl-D) is not evaluated: it is said incomplete, as
     * jshell says it ({@code |  Incomplete input: int f() {}), and fails the session.
     */
    public void evalInput(String text) {
        evalAll(text, true);
    }

    private void evalAll(String text, boolean input) {
        String rest = text;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(rest);
            if (!info.completeness().isComplete() && input) {
                out.println("|  Incomplete input: " + rest.stripTrailing());
                failed = true;
                return;
            }
            if (!info.completeness().isComplete()) {
                eval(rest.stripTrailing());
                return;
            }
            if (!eval(info.source().stripTrailing())) {
                return;
            }
            rest = info.remaining();
        }
    }

    /** Evaluates one snippet; one that does not compile or throws marks the session failed. Returns whether it took. */
    private boolean eval(String source) {
        boolean ok = true;
        JShell current = shell();
        SnippetFeedback feedback = new SnippetFeedback(current, out);
        for (SnippetEvent e : current.eval(source)) {
            Snippet s = e.snippet();
            ok &= !feedback.event(e);
            // Declarations only: a value's temporary variable ($1) would run its expression again.
            if (e.causeSnippet() == null && e.exception() == null && e.status() == Snippet.Status.VALID
                    && s instanceof PersistentSnippet && s.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                log.declared(new ReplayLog.Declaration(s.id(), s.source(), name((PersistentSnippet) s)));
            }
        }
        if (shell.closed()) {
            ok = false;
            restart();
        }
        failed |= !ok;
        return ok;
    }

    /**
     * Drops declarations and imports, as jshell's {@code /drop} does: what depends on them is
     * updated, and each event said as jshell says it. A fresh sandbox replays them no more.
     */
    public void dropByUser(List<Snippet> snippets) {
        JShell current = shell();
        SnippetFeedback feedback = new SnippetFeedback(current, out);
        for (Snippet s : snippets) {
            current.drop(s).forEach(feedback::event);
            log.dropped(s.id());
        }
    }

    /** jshell's {@code /reset}: a fresh sandbox, nothing declared, the numbering started again. */
    public void reset() {
        log.clear();
        shell.reset();
    }

    /** What jshell's {@code /methods} and {@code /types} say under a declaration: what it waits for. */
    public void resolution(jdk.jshell.DeclarationSnippet s) {
        new SnippetFeedback(shell(), out).resolution(s);
    }

    /** As the user knows it: a method with its parameter types ({@code twice(int)}), else its name. */
    private static String name(PersistentSnippet s) {
        if (s instanceof MethodSnippet) {
            return s.name() + "(" + ((MethodSnippet) s).parameterTypes() + ")";
        }
        return s.name();
    }

    /**
     * Runs a request of a command's own (not a snippet) in the snippets' sandbox, interruptible by
     * Ctrl-C as a snippet is; a sandbox that ends under it is reported and replaced, the
     * declarations replayed, and the failure goes on to the caller.
     */
    public <T> T inSandbox(Function<Interpreter, T> request) {
        try {
            return engine().run(request);
        } catch (SandboxDiedException | SandboxTimeoutException | SandboxStartException e) {
            failed = true;
            restart();
            throw e;
        }
    }

    /**
     * Declares a class of sandprof's own among the snippets (it sees their declarations): no
     * feedback, not replayed, and not numbered as the user's snippets are. Drop it when done.
     *
     * @return the snippet, or {@code null} when it did not compile (its errors are printed)
     */
    public Snippet declareInternal(String source) {
        JShell current = shell();
        return ids.internal(() -> {
            Snippet declared = null;
            for (SnippetEvent e : current.eval(source)) {
                if (e.causeSnippet() != null) {
                    continue;
                }
                if (e.status() == Snippet.Status.VALID) {
                    declared = e.snippet();
                    continue;
                }
                failed = true;
                // The class uses what it runs more than once: each error once.
                Set<String> said = new HashSet<>();
                current.diagnostics(e.snippet()).filter(d -> said.add(d.getMessage(Locale.ROOT)))
                        .forEach(d -> SnippetErrors.diagnostics(source, List.of(d), out));
                if (e.snippet() instanceof DeclarationSnippet && e.status().isDefined()) {
                    // Declared, but waiting for names no snippet has declared yet: for this class that is an error.
                    out.println("|  Error: cannot find " + String.join(", ",
                            current.unresolvedDependencies((DeclarationSnippet) e.snippet()).collect(Collectors.toList())));
                    current.drop(e.snippet());
                }
            }
            return declared;
        });
    }

    /** The binary name of a declared class: JShell nests it in its wrapper class. */
    public String className(Snippet typeDeclaration) {
        return analysis().wrapper(typeDeclaration).fullClassName() + "$" + ((TypeDeclSnippet) typeDeclaration).name();
    }

    /** Drops a snippet of the current shell (one of a shell since replaced went with it). */
    public void drop(Snippet snippet) {
        JShell current = shell();
        if (current.snippets().anyMatch(s -> s == snippet)) {
            current.drop(snippet);
        }
    }

    /** Puts a jar or directory on the snippets' class path, now and in every later shell of this session. */
    public void addToClassPath(Path entry) {
        shell.addToClassPath(entry);
    }

    /**
     * Interrupts the running snippet (Ctrl-C); the engine restarts a sandbox that ignores it. A
     * command of several steps ({@code :bench}) also sees it between them ({@link #stopRequested}),
     * so that Ctrl-C while it compiles or a sandbox starts, with no request running to interrupt,
     * is not lost.
     */
    public void stop() {
        stopped = true;
        shell.stop();
    }

    /** Whether {@link #stop()} was called since the current input was read ({@link #inputRead}). */
    public boolean stopRequested() {
        return stopped;
    }

    /** A new line of input was read: a Ctrl-C before it was for what ran then. */
    public void inputRead() {
        stopped = false;
    }

    /**
     * The sandbox ended under a snippet ({@code System.exit}, a crash): JShell has closed. Says how,
     * starts a fresh sandbox, and replays the declarations that had taken, so the session goes on.
     */
    private void restart() {
        String how = shell.ended();
        out.println("|  The sandbox ended" + (how == null ? "" : ": " + how) + ".");
        int total = log.size();
        // The old shell is closed already when JShell saw its engine end; not when a command's own request did.
        shell.replace();
        List<String> replayed = replay();
        out.println("|  A fresh sandbox is up; replayed " + replayed.size() + " of " + total + " declarations"
                + (replayed.isEmpty() ? "" : ": " + String.join(", ", replayed)) + ".");
    }

    /** Goes on with another engine (another JDK): a new shell with the declarations replayed; returns their names. */
    public List<String> replaceEngine(SandprofExecutionProvider next) {
        shell.replace(next);
        return replay();
    }

    /** Evaluates the declarations again, in the new shell, under their ids; returns the names of those that took. */
    private List<String> replay() {
        JShell current = shell.shell();
        return log.replay(d -> {
            boolean[] took = {false};
            ids.replaying(d.id(), () -> {
                for (SnippetEvent e : current.eval(d.source())) {
                    took[0] |= e.causeSnippet() == null && e.status() == Snippet.Status.VALID;
                }
            });
            return took[0];
        });
    }

    @Override
    public void close() {
        shell.close();
    }
}
