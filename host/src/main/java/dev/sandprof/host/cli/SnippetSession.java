package dev.sandprof.host.cli;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxStartException;
import dev.sandprof.host.SandboxTimeoutException;
import dev.sandprof.host.repl.SandprofExecutionControl;
import dev.sandprof.host.repl.SandprofExecutionProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.TypeDeclSnippet;

/**
 * The REPL's snippets: the JShell that compiles them on the host (its engine runs them in a
 * sandbox), what they declared, and what it takes to go on in a fresh sandbox when the old one
 * ends: a new JShell with the declarations that had taken replayed, under their old snippet ids.
 *
 * <p>Not thread-safe: one thread reads and evaluates; only {@link #stop()} may come from another.
 */
final class SnippetSession implements AutoCloseable {

    /** jshell's default start-up imports, so that {@code List}, {@code Files} or {@code Stream} need no import here either. */
    static final List<String> DEFAULT_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*", "java.nio.file.*",
            "java.util.*", "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*", "java.util.regex.*",
            "java.util.stream.*");

    /** A declaration that took, to replay in a fresh sandbox: its snippet id, source and name as the user knows it. */
    private record Declaration(String id, String source, String name) {}

    private final PrintStream out;
    private final List<Path> classPath;
    private SandprofExecutionProvider engine;
    private JShell shell;
    /** Set when JShell closes itself: its execution engine ended (the sandbox died). */
    private volatile boolean shellClosed;
    /** The first shell's start-up imports, compiled while the user types: javac's first compilation is slow. */
    private CompletableFuture<Void> startup;
    private final List<Declaration> declarations = new ArrayList<>();
    private int snippetIds;
    private int startupIds;
    private int temporaries;
    private boolean inStartup;
    private boolean internal;
    private int internalIds;
    /** While replaying: the id the next snippet keeps. */
    private String replayId;
    private boolean failed;

    SnippetSession(PrintStream out, List<Path> classPath, SandprofExecutionProvider engine) {
        this.out = out;
        this.classPath = new ArrayList<>(classPath);
        this.engine = engine;
        this.shell = newShell();
        JShell first = shell;
        startup = CompletableFuture.runAsync(() -> runStartup(first), runnable -> {
            Thread t = new Thread(runnable, "sandprof-repl-startup");
            t.setDaemon(true);
            t.start();
        });
    }

    private JShell newShell() {
        JShell made = JShell.builder().out(out).err(System.err).executionEngine(engine, Map.of())
                .idGenerator((snippet, index) -> nextId())
                // $1, $2, ... across the whole session: a fresh sandbox does not start them again.
                .tempVariableNameGenerator(() -> "$" + ++temporaries)
                .build();
        shellClosed = false;
        // Only the running shell's end counts: one closed on purpose (:way) is not a dead sandbox.
        made.onShutdown(closed -> shellClosed |= closed == shell);
        for (Path p : classPath) {
            made.addToClasspath(p.toAbsolutePath().toString());
        }
        return made;
    }

    /** As jshell numbers them: {@code s1}... for start-up snippets, then 1, 2, ... for the user's. */
    private String nextId() {
        if (inStartup) {
            return "s" + ++startupIds;
        }
        if (internal) {
            return "sandprof" + ++internalIds;
        }
        if (replayId != null) {
            return replayId;
        }
        return Integer.toString(++snippetIds);
    }

    private void runStartup(JShell target) {
        inStartup = true;
        try {
            for (String i : DEFAULT_IMPORTS) {
                target.eval("import " + i + ";");
            }
        } finally {
            inStartup = false;
        }
    }

    /** The shell, once its start-up is done. */
    JShell shell() {
        if (startup != null) {
            startup.join();
            startup = null;
        }
        return shell;
    }

    SourceCodeAnalysis analysis() {
        return shell().sourceCodeAnalysis();
    }

    /** The engine that runs the current shell's snippets. */
    SandprofExecutionControl engine() {
        JShell current = shell();
        if (engine.last() == null) {
            current.eval(";"); // an empty statement makes JShell start its engine, if it has not yet
        }
        return engine.last();
    }

    /** The sandbox the snippets run in now. */
    Interpreter sandbox() {
        return engine().sandbox();
    }

    /** Whether a snippet failed (did not compile, threw, or ended its sandbox) in this session. */
    boolean failed() {
        return failed;
    }

    void markFailed() {
        failed = true;
    }

    /** Whether {@code text} ends inside a snippet: the line editor then reads another line. */
    boolean needsMore(String text) {
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
     * Evaluates each snippet of {@code text} in turn, printing what JShell says of it; a snippet
     * that ends its sandbox is reported and the session goes on in a fresh one. An incomplete
     * last snippet is evaluated as it is, for JShell to say what it lacks.
     */
    void evalAll(String text) {
        String rest = text;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(rest);
            if (!info.completeness().isComplete()) {
                eval(rest);
                return;
            }
            eval(info.source());
            rest = info.remaining();
        }
    }

    /** Evaluates one snippet; one that does not compile or throws marks the session failed. */
    void eval(String source) {
        boolean ok = true;
        for (SnippetEvent e : shell().eval(source)) {
            Snippet s = e.snippet();
            if (e.causeSnippet() != null) {
                continue; // an update of a dependent snippet, not what was typed
            }
            if (e.status() == Snippet.Status.REJECTED) {
                ok = false;
                shell.diagnostics(s).forEach(d -> SnippetFeedback.error(d, s.source(), out));
                continue;
            }
            JShellException thrown = e.exception();
            if (thrown != null) {
                ok = false;
                SnippetFeedback.exception(thrown, out);
                continue;
            }
            // Declarations only: a value's temporary variable ($1) would run its expression again.
            if (e.status() == Snippet.Status.VALID && s instanceof PersistentSnippet
                    && s.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                declared(new Declaration(s.id(), s.source(), name((PersistentSnippet) s)));
            }
            SnippetFeedback.took(e, out);
        }
        if (shellClosed) {
            ok = false;
            restart();
        }
        failed |= !ok;
    }

    /** A redeclaration replaces the one it overwrites, where that stood: what came after may use it. */
    private void declared(Declaration d) {
        for (int i = 0; i < declarations.size(); i++) {
            if (declarations.get(i).name().equals(d.name())) {
                declarations.set(i, d);
                return;
            }
        }
        declarations.add(d);
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
    <T> T inSandbox(Function<Interpreter, T> request) {
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
    Snippet declareInternal(String source) {
        internal = true;
        try {
            Snippet declared = null;
            for (SnippetEvent e : shell().eval(source)) {
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
                shell.diagnostics(e.snippet()).filter(d -> said.add(d.getMessage(Locale.ROOT)))
                        .forEach(d -> SnippetFeedback.error(d, source, out));
                if (e.snippet() instanceof DeclarationSnippet && e.status().isDefined()) {
                    // Declared, but waiting for names no snippet has declared yet: for this class that is an error.
                    out.println("|  Error: cannot find " + String.join(", ", shell.unresolvedDependencies((DeclarationSnippet) e.snippet())
                            .collect(Collectors.toList())));
                    shell.drop(e.snippet());
                }
            }
            return declared;
        } finally {
            internal = false;
        }
    }

    /** The binary name of a declared class: JShell nests it in its wrapper class. */
    String className(Snippet typeDeclaration) {
        return analysis().wrapper(typeDeclaration).fullClassName() + "$" + ((TypeDeclSnippet) typeDeclaration).name();
    }

    /** Drops a snippet of the current shell (one of a shell since replaced went with it). */
    void drop(Snippet snippet) {
        if (shell().snippets().anyMatch(s -> s == snippet)) {
            shell.drop(snippet);
        }
    }

    /** Puts a jar or directory on the snippets' class path, now and in every later shell of this session. */
    void addToClassPath(Path entry) {
        if (!classPath.contains(entry)) {
            classPath.add(entry);
            shell().addToClasspath(entry.toAbsolutePath().toString());
        }
    }

    /** Interrupts the running snippet (Ctrl-C); the engine restarts a sandbox that ignores it. */
    void stop() {
        try {
            shell.stop();
        } catch (RuntimeException e) {
            // nothing runs, or the engine is gone: nothing to stop
        }
    }

    /**
     * The sandbox ended under a snippet ({@code System.exit}, a crash): JShell has closed. Says how,
     * starts a fresh sandbox, and replays the declarations that had taken, so the session goes on.
     */
    private void restart() {
        String how = engine.last() == null ? null : engine.last().ended();
        out.println("|  The sandbox ended" + (how == null ? "" : ": " + how) + ".");
        int total = declarations.size();
        // The old shell is closed already when JShell saw its engine end; not when a command's own request did.
        List<String> replayed = replaceShell();
        out.println("|  A fresh sandbox is up; replayed " + replayed.size() + " of " + total + " declarations"
                + (replayed.isEmpty() ? "" : ": " + String.join(", ", replayed)) + ".");
    }

    /** Goes on with another engine (another JDK): a new shell with the declarations replayed; returns their names. */
    List<String> replaceEngine(SandprofExecutionProvider next) {
        shell(); // the first shell's start-up is done before it goes
        engine = next;
        return replaceShell();
    }

    /** A new shell on the current engine, the old one closed: start-up run, declarations replayed; their names. */
    private List<String> replaceShell() {
        JShell old = shell;
        shell = newShell();
        old.close();
        runStartup(shell);
        return replay();
    }

    /** Evaluates the declarations again, in the new shell, under their ids; returns the names of those that took. */
    private List<String> replay() {
        List<Declaration> replay = new ArrayList<>(declarations);
        declarations.clear();
        List<String> names = new ArrayList<>();
        for (Declaration d : replay) {
            replayId = d.id();
            try {
                for (SnippetEvent e : shell.eval(d.source())) {
                    if (e.causeSnippet() == null && e.status() == Snippet.Status.VALID) {
                        declarations.add(d);
                        names.add(d.name());
                    }
                }
            } finally {
                replayId = null;
            }
        }
        return names;
    }

    @Override
    public void close() {
        shell.close();
    }
}
