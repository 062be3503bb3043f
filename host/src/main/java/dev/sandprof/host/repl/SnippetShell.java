package dev.sandprof.host.repl;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import jdk.jshell.JShell;

/**
 * The JShell that compiles the snippets, and the sandprof engine whose sandbox runs them, through
 * their lives: the first shell's start-up imports compile while the user types, a shell whose
 * engine ended (its sandbox died) is seen, and a shell is replaced by a fresh one, on the same
 * engine or another (another JDK). Every shell numbers its snippets through the session's
 * {@link SnippetIds} and has the session's class path.
 *
 * <p>One thread uses it; only {@link #stop()} may come from another.
 */
final class SnippetShell implements AutoCloseable {

    /**
     * jshell's default start-up, so that {@code List}, {@code Files} or {@code Stream} need no import
     * here either: that of the JDK whose snippet engine compiles the snippets. Up to 24 it imports
     * ten packages; from 25 on, with module imports final, the whole of {@code java.base}.
     */
    static final List<String> DEFAULT_STARTUP = Runtime.version().feature() >= 25
            ? List.of("import module java.base;")
            : List.of("java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*", "java.util.concurrent.*",
                    "java.util.function.*", "java.util.prefs.*", "java.util.regex.*", "java.util.stream.*")
                    .stream().map(p -> "import " + p + ";").toList();

    private final PrintStream out;
    private final SnippetIds ids;
    private final List<Path> classPath;
    private SandprofExecutionProvider engine;
    private JShell shell;
    /** Set when JShell closes itself: its execution engine ended (the sandbox died). */
    private volatile boolean closed;
    /** The first shell's start-up imports, compiled while the user types: javac's first compilation is slow. */
    private CompletableFuture<Void> startup;

    SnippetShell(PrintStream out, SnippetIds ids, List<Path> classPath, SandprofExecutionProvider engine) {
        this.out = out;
        this.ids = ids;
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
        // JShell asks for an id once it knows whether the snippet took: a rejected one is an error's (e1).
        JShell[] self = new JShell[1];
        JShell made = JShell.builder().out(out).err(System.err).executionEngine(engine, Map.of())
                .idGenerator((snippet, index) -> ids.next(self[0].status(snippet).isActive()))
                .tempVariableNameGenerator(ids::nextTemporary)
                .build();
        self[0] = made;
        closed = false;
        // Only the running shell's end counts: one closed on purpose (:way) is not a dead sandbox.
        made.onShutdown(s -> closed |= s == shell);
        for (Path p : classPath) {
            made.addToClasspath(p.toAbsolutePath().toString());
        }
        return made;
    }

    private void runStartup(JShell target) {
        ids.startup(() -> DEFAULT_STARTUP.forEach(target::eval));
    }

    /** The shell, once its start-up is done. */
    JShell shell() {
        if (startup != null) {
            startup.join();
            startup = null;
        }
        return shell;
    }

    /** The engine that runs the current shell's snippets, started if it was not yet. */
    SandprofExecutionControl engine() {
        JShell current = shell();
        if (engine.last() == null) {
            current.eval(";"); // an empty statement makes JShell start its engine, if it has not yet
        }
        return engine.last();
    }

    /** Whether the current shell has closed itself: its engine ended under a snippet. */
    boolean closed() {
        return closed;
    }

    /** How the last engine's sandbox ended, or {@code null}. */
    String ended() {
        return engine.last() == null ? null : engine.last().ended();
    }

    /** A new shell on the current engine, the old one closed, its start-up run. */
    void replace() {
        JShell old = shell;
        shell = newShell();
        old.close();
        runStartup(shell);
    }

    /** A new shell on the current engine with nothing declared and the numbering started again (jshell's /reset). */
    void reset() {
        shell(); // the first shell's start-up is done before it goes
        ids.reset();
        replace();
    }

    /** A new shell on another engine (another JDK), the old one closed. */
    void replace(SandprofExecutionProvider next) {
        shell(); // the first shell's start-up is done before it goes
        engine = next;
        replace();
    }

    /** Puts a jar or directory on the snippets' class path, now and in every later shell. */
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

    @Override
    public void close() {
        shell.close();
    }
}
