package dev.sandprof.host.cli;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.ProfileOptions;
import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.TraceResult;
import dev.sandprof.host.bench.BenchmarkStubs;
import dev.sandprof.host.repl.SandprofExecutionControl;
import dev.sandprof.host.repl.SandprofExecutionProvider;
import dev.sandprof.host.repl.SnippetCommands;
import dev.sandprof.host.repl.SnippetFrames;
import dev.sandprof.host.repl.SnippetSession;
import dev.sandprof.host.TracedException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandprof repl}: Java snippets as JShell takes them, compiled on the host by the JDK's own
 * snippet engine ({@code jdk.jshell}) and run in a sandbox through sandprof's execution engine.
 */
@Command(name = "repl", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "An interactive Java REPL whose snippets run in a sandbox JVM.",
        description = "Reads Java snippets (expressions, statements, declarations, imports) as JShell does, from the terminal "
                + "(line editing, history, Tab completion) or a piped script, runs each in the sandbox and shows its value. "
                + "What it prints is what jshell prints in its normal feedback mode. "
                + "With input piped in, exits with 1 if a snippet failed. Commands: :help, :list, :vars (:refs), :methods, :types, "
                + ":imports, :drop, :reset, :trace, :profile, :bench, :way, :exit (also spelt /list ... as in jshell). Ctrl-C interrupts a running snippet; one that ignores the interrupt has its sandbox "
                + "restarted (declarations replayed). Ctrl-D leaves.%n")
final class ReplCommand implements Callable<Integer> {

    /** The REPL's commands, for :help and Tab. */
    static final List<String> COMMANDS = List.of(":bench", ":drop", ":exit", ":help", ":imports", ":list", ":methods", ":profile",
            ":refs", ":reset", ":trace", ":types", ":vars", ":way");

    /** jshell's commands that sandprof repl does not have: refused by name, not taken for unknown. */
    private static final List<String> JSHELL_ONLY = List.of("/edit", "/save", "/open", "/env", "/reload", "/history", "/debug",
            "/set", "/?", "/!");

    @Option(names = "--java", paramLabel = "PATH", description = "The java launcher the sandbox runs on.")
    Path java;

    @Option(names = {"-cp", "--class-path"}, paramLabel = "PATH", split = ":", description = "Jars and directories snippets can use.")
    List<Path> classPath = new ArrayList<>();

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "A flag for the sandbox JVM (repeatable).")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--in-process", description = "Run the snippets in sandprof's own JVM: no sandbox, no agent (:trace, "
            + ":profile --engine agent and :way are refused), and a System.exit ends sandprof.")
    boolean inProcess;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a sandbox may take to start (default: 30s).")
    Duration startTimeout;

    @Option(names = "--liveness-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Restart the sandbox if it leaves a liveness check unanswered this long while a snippet "
                    + "runs: stopped by a signal, or hung as a whole (default: 30s).")
    Duration livenessTimeout;

    @Option(names = "--history", paramLabel = "FILE", description = "Where the line editor keeps its history "
            + "(default: ~/.sandprof/repl-history).")
    Path history;

    private PrintStream out;
    private SnippetSession session;
    private SnippetCommands commands;
    /** The engine whose sandbox was last instrumented. */
    private SandprofExecutionControl instrumented;

    @Override
    public Integer call() throws IOException {
        if (inProcess && (java != null || !jvmArgs.isEmpty())) {
            System.err.println("sandprof repl: --java and --jvm-arg need a sandbox: drop --in-process");
            return ProgramCommand.COMPILE_ERROR;
        }
        // Flushed at each write: a snippet's output must show while it runs, also through a pipe.
        out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        boolean interactive = TerminalInput.interactive();
        SnippetSession snippets = new SnippetSession(out, classPath, new SandprofExecutionProvider(sandboxOptions(), inProcess));
        session = snippets;
        commands = new SnippetCommands(session, out);
        try (snippets; ReplInput input = interactive
                ? new TerminalInput(session, COMMANDS, historyFile(), session::stop)
                : new ReplInput.Piped(System.in, session)) {
            if (!interactive) {
                // Ctrl-C (or kill -INT) interrupts the running snippet, not sandprof.
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> session.stop());
            }
            String text;
            while ((text = input.next()) != null) {
                session.inputRead();
                String line = text.strip();
                if (isCommand(line)) {
                    // jshell's spelling, /exit, /help, /list, is taken too.
                    if (!command(line)) {
                        break;
                    }
                } else {
                    session.evalInput(text);
                }
            }
        }
        return session.failed() && !interactive ? 1 : 0;
    }

    /**
     * Whether a line is a command: {@code :name ...}, or {@code /name ...} as jshell spells them
     * (no Java snippet starts with a slash but a comment).
     */
    static boolean isCommand(String line) {
        String l = line.stripLeading();
        return l.startsWith(":") || l.startsWith("/") && !l.startsWith("//") && !l.startsWith("/*");
    }

    /** Each line of a report, JShell-style. */
    static String piped(String text) {
        StringBuilder out = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            if (!l.isEmpty() || out.length() > 0) {
                out.append("|  ").append(l).append('\n');
            }
        }
        return out.toString().replaceAll("(\\|  \n)+$", "");
    }

    private Path historyFile() {
        return history != null ? history : Path.of(System.getProperty("user.home"), ".sandprof", "repl-history");
    }

    /** The sandbox this command line (and the last :way) asks for. */
    private SandboxOptions sandboxOptions() {
        SandboxOptions.Builder options = SandboxOptions.builder();
        if (!inProcess) {
            // :bench's timing loops get what JMH gives its forks: compiler blackholes, loops compiled on their own.
            options.jvmArgs(BenchmarkStubs.COMPILER_BLACKHOLES).jvmArgs(BenchmarkStubs.COMPILER_HINTS).jvmArgs(jvmArgs);
        }
        if (java != null) {
            options.java(java);
        }
        if (startTimeout != null) {
            options.startTimeout(startTimeout);
        }
        if (livenessTimeout != null) {
            options.livenessTimeout(livenessTimeout);
        }
        return options.build();
    }

    /** Runs a command; false to leave. */
    private boolean command(String line) {
        String name = line.split("\\s+")[0];
        String rest = line.substring(name.length()).strip();
        CommandArguments arguments = CommandArguments.of(line);
        try {
            switch (":" + name.substring(1)) {
                case ":exit":
                    if (!rest.isEmpty()) {
                        out.println("|  " + name + " takes no exit status in sandprof repl: a piped script exits with 1 if a snippet failed");
                        session.markFailed();
                        return true;
                    }
                    out.println("|  Goodbye");
                    return false;
                // jshell's commands, printing what jshell prints.
                case ":vars":
                case ":refs":
                    // The variables' objects live in the sandbox; these are the REPL's references to them.
                    return done(commands.vars(rest));
                case ":list":
                    return done(commands.list(rest));
                case ":methods":
                    return done(commands.methods(rest));
                case ":types":
                    return done(commands.types(rest));
                case ":imports":
                    return done(commands.imports());
                case ":drop":
                    return done(commands.drop(rest));
                case ":reset":
                    if (!rest.isEmpty()) {
                        out.println("|  " + name + " takes no options in sandprof repl: restart it with other options instead");
                        session.markFailed();
                        return true;
                    }
                    commands.reset();
                    return true;
                case ":trace":
                    trace(arguments);
                    return true;
                case ":profile":
                    profile(arguments);
                    return true;
                case ":bench":
                    new ReplBenchCommand(session, out).run(arguments);
                    return true;
                case ":way":
                    way(arguments);
                    return true;
                case ":help":
                    help();
                    return true;
                default:
                    if (JSHELL_ONLY.contains(name) || name.matches("/-?[0-9]+")) {
                        out.println("|  " + name + " is a jshell command that sandprof repl does not have (:help lists those it has)");
                    } else {
                        out.println("|  No such command: " + name + " (:help lists them)");
                    }
                    session.markFailed();
                    return true;
            }
        } catch (SandboxException | UnsupportedOperationException | IllegalArgumentException e) {
            out.println("|  " + name + ": " + e.getMessage());
            session.markFailed();
            return true;
        }
    }

    /** A command done; one that failed counts as a failed snippet does. */
    private boolean done(boolean ok) {
        if (!ok) {
            session.markFailed();
        }
        return true;
    }

    private void help() {
        out.println("|  Type Java snippets: expressions, statements, declarations, imports. Commands:");
        out.println("|    :list [-all|-start|ID|NAME]  the snippets in force, by the ids their frames show (#3), as jshell's /list");
        out.println("|    :vars, :refs                 the variables so far, with their values (the objects live in the sandbox)");
        out.println("|    :methods, :types, :imports   the methods, types and imports in force");
        out.println("|    :drop ID|NAME                drop a declaration or import");
        out.println("|    :reset                       a fresh sandbox with nothing declared, snippet ids from 1 again");
        out.println("|    :trace EXPR                  every exception EXPR raises, caught or not, with stacks");
        out.println("|    :profile [--engine E] EXPR   EXPR profiled (async, jfr or agent): top methods, prof/flame.html");
        out.println("|    :bench [-wi N -i N -w T -r T -bm MODE -tu UNIT -t N] EXPR");
        out.println("|                                 EXPR timed JMH-style in this sandbox: warmup, iterations, score ± error");
        out.println("|    :way --java PATH             restart the sandbox on another JDK, replaying the declarations");
        out.println("|    :exit                        leave (Ctrl-D too)");
        out.println("|  Commands may start with / as in jshell. Tab completes, Up/Down walk the history, Ctrl-C interrupts a");
        out.println("|  running snippet.");
    }

    /**
     * Turns the agent on in this sandbox: snippets declared from now on are instrumented (those
     * before are not: the agent instruments classes as they are defined).
     */
    private Interpreter instrumented() {
        if (inProcess) {
            throw new UnsupportedOperationException("this needs the sandprof agent, which only a sandbox has: "
                    + "start sandprof repl without --in-process");
        }
        SandprofExecutionControl current = session.engine();
        if (instrumented != current) {
            current.sandbox().instrument();
            instrumented = current;
            out.println("|  The agent instruments the snippets declared from now on.");
        }
        return current.sandbox();
    }

    private void trace(CommandArguments arguments) {
        String expression = arguments.expression();
        if (expression.isEmpty()) {
            out.println("|  :trace needs an expression, e.g. :trace Integer.parseInt(\"x\")");
            session.markFailed();
            return;
        }
        TraceResult trace = instrumented().traceExceptions(i -> session.evalAll(expression));
        List<TracedException> named = new SnippetFrames(session.shell()).exceptions(trace.exceptions());
        out.print(piped(TraceReport.text(named).strip() + "\n"));
    }

    private void profile(CommandArguments arguments) {
        ProfileOptions.Engine chosen = ProfileOptions.Engine.ASYNC;
        String engineName = arguments.options().get("--engine");
        if (engineName != null) {
            try {
                chosen = ProfileOptions.Engine.valueOf(engineName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                out.println("|  :profile --engine takes async, jfr or agent");
                session.markFailed();
                return;
            }
        }
        String expression = arguments.expression();
        if (expression.isEmpty()) {
            out.println("|  :profile needs an expression, e.g. :profile fib(32)");
            session.markFailed();
            return;
        }
        Interpreter sandbox = chosen == ProfileOptions.Engine.AGENT ? instrumented() : session.sandbox();
        ProfileResult profiled = sandbox.profile(ProfileOptions.of(chosen, "cpu"), i -> session.evalAll(expression));
        // Named once the expression's own snippet exists.
        ProfileResult p = new SnippetFrames(session.shell()).profile(profiled);
        out.print(piped(ProfileReport.text(p, 10).strip() + "\n"));
        Path dir = Path.of("prof");
        try {
            out.println("|  wrote " + ProfileFiles.list(ProfileFiles.write(p, dir, expression)));
        } catch (IOException e) {
            out.println("|  cannot write to " + dir + ": " + e.getMessage());
        }
    }

    /** Restarts on another JDK, replaying the declarations. */
    private void way(CommandArguments arguments) {
        String path = arguments.options().get("--java");
        if (path == null || !arguments.expression().isEmpty()) {
            out.println("|  :way --java PATH, e.g. :way --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
            session.markFailed();
            return;
        }
        if (inProcess) {
            throw new UnsupportedOperationException("another JDK needs a sandbox: start sandprof repl without --in-process");
        }
        java = Path.of(path);
        List<String> replayed = session.replaceEngine(new SandprofExecutionProvider(sandboxOptions(), false));
        out.println("|  Now on " + java + " (Java " + session.sandbox().info().javaVersion() + "); replayed " + replayed.size()
                + " declarations" + (replayed.isEmpty() ? "" : ": " + String.join(", ", replayed)) + ".");
    }
}
