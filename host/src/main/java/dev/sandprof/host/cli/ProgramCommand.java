package dev.sandprof.host.cli;

import dev.sandprof.host.CompilationException;
import dev.sandprof.host.CompiledProgram;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SandboxStartException;
import dev.sandprof.host.SandboxTimeoutException;
import dev.sandprof.host.SandboxUnresponsiveException;
import dev.sandprof.host.SourceCompiler;
import dev.sandprof.host.internal.ForwardedSignals;
import dev.sandprof.host.internal.StackTraceFormat;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.internal.ToolInterpreter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the commands that run a program share: its options (sources, class path, sandbox JVM),
 * compiling it on the host, shipping it, and turning how it ended into an exit status.
 *
 * <p>The program's arguments reach its main verbatim, as {@code java} hands them over: everything
 * after its sources ({@code java X.java ARG...}), after {@code -jar JAR} ({@code java -jar}), or,
 * with {@code --main}, every argument after sandprof's options ({@code --} ends those). Nothing
 * there is read as sandprof's: not {@code -v}, not {@code --}, not {@code Y.java}, not
 * {@code @file} (sandprof expands no {@code @file} at all).
 */
abstract class ProgramCommand implements Callable<Integer> {

    static final int COMPILE_ERROR = 2;
    /** A command line sandprof cannot act on: the status java and picocli give a usage error. */
    static final int BAD_COMMAND_LINE = 2;
    static final int TIMED_OUT = 124;
    static final int NO_SANDBOX = 125;
    static final int UNRESPONSIVE = 123;

    @Option(names = "--java", paramLabel = "PATH", description = "The java launcher the sandbox runs on (default: sandprof's own).")
    Path java;

    @Option(names = "--in-process", description = "Run in sandprof's own JVM instead of a sandbox (see below).")
    boolean inProcess;

    @Option(names = {"-cp", "--class-path"}, paramLabel = "PATH", split = ":",
            description = "Jars and class directories to compile against and run with (':'-separated).")
    List<Path> classPath = new ArrayList<>();

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "A flag for the sandbox JVM, e.g. --jvm-arg=-Xmx64m (repeatable).")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "End the sandbox if the program runs longer (500ms, 10s, 2m).")
    Duration timeout;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a sandbox may take to start (default: 30s).")
    Duration startTimeout;

    @Option(names = "--liveness-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "End the sandbox if it leaves a liveness check unanswered this long while the program "
                    + "runs: stopped by a signal, or hung as a whole (default: 30s).")
    Duration livenessTimeout;

    @Option(names = "--main", paramLabel = "CLASS",
            description = "The class whose main to run (default: the first class of the first source file).")
    String mainClass;

    @Option(names = "-jar", paramLabel = "JAR", parameterConsumer = JarThenArguments.class,
            description = "Run an executable jar as java -jar does: its manifest's Main-Class, with its Class-Path; "
                    + "every argument after JAR goes to main.")
    Path jar;

    /** What follows {@code -jar JAR}: the program's, however it looks. */
    final List<String> jarArguments = new ArrayList<>();

    @Parameters(paramLabel = "FILE.java... [ARG...]",
            description = "The program's source files, then the arguments its main gets, verbatim. With --main, all "
                    + "of these are arguments.")
    List<String> parameters = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /**
     * {@code -jar JAR ARG...}: as with {@code java -jar}, the jar ends sandprof's options and
     * everything after it is the program's, however it looks.
     */
    static final class JarThenArguments implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec option, CommandSpec command) {
            if (args.isEmpty()) {
                throw new ParameterException(command.commandLine(), "-jar needs a jar: sandprof "
                        + command.name() + " -jar app.jar [ARG...]");
            }
            ProgramCommand program = (ProgramCommand) command.userObject();
            try {
                program.jar = InputFiles.path(args.pop(), "jar");
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), e.getMessage(), e);
            }
            // Nothing is left for picocli: a second -jar, like everything else here, is the program's.
            while (!args.isEmpty()) {
                program.jarArguments.add(args.pop());
            }
        }
    }

    /** The program a command line names: what to compile, what to run, and its arguments. */
    record Program(List<Path> sources, String mainClass, List<Path> classPath, List<String> manifestJvmArgs,
                   List<String> args) {
    }

    /**
     * Reads the program off the command line and checks what it names, before anything starts.
     *
     * @throws ParameterException naming what is wrong and what to do
     */
    Program program() {
        try {
            if (inProcess) {
                refuseInProcess();
            }
            checkOptions();
            if (jar != null) {
                return jarProgram();
            }
            if (mainClass != null) {
                checkClassPath();
                return new Program(List.of(), mainClass, classPath, List.of(), List.copyOf(parameters));
            }
            List<Path> sources = new ArrayList<>();
            int i = 0;
            while (i < parameters.size() && parameters.get(i).endsWith(".java")) {
                Path source = InputFiles.path(parameters.get(i++), "source file");
                String problem = InputFiles.problem(source, "source file");
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
                sources.add(source);
            }
            if (sources.isEmpty()) {
                throw new IllegalArgumentException(noSources());
            }
            checkClassPath();
            return new Program(sources, null, classPath, List.of(), List.copyOf(parameters.subList(i, parameters.size())));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private String noSources() {
        String how = "name the program's .java files first, or run a class with --class-path PATH --main CLASS, or a jar"
                + " with -jar JAR";
        if (parameters.isEmpty()) {
            return "no program: " + how;
        }
        String first = parameters.get(0);
        if (first.startsWith("@")) {
            return first + ": sandprof expands no @argfiles; write its options on the command line, then " + how;
        }
        return first + " is not a .java file: " + how;
    }

    private Program jarProgram() {
        if (mainClass != null) {
            throw new IllegalArgumentException("-jar runs the Main-Class of the jar's manifest: drop --main, or run"
                    + " --class-path " + jar + " --main " + mainClass);
        }
        if (!classPath.isEmpty()) {
            throw new IllegalArgumentException("-jar takes the class path from the jar's manifest (java -jar ignores -cp):"
                    + " drop --class-path, or run --class-path " + jar + ":... --main CLASS");
        }
        ExecutableJar executable = ExecutableJar.of(jar);
        if (inProcess && !executable.jvmArgs().isEmpty()) {
            throw new IllegalArgumentException("the manifest of " + jar + " asks for " + String.join(" ", executable.jvmArgs())
                    + ", which needs a sandbox JVM: drop --in-process");
        }
        return new Program(List.of(), executable.mainClass(), List.of(jar), executable.jvmArgs(), List.copyOf(jarArguments));
    }

    /** What {@code --in-process} cannot do, refused before anything starts. */
    private void refuseInProcess() {
        List<String> needSandbox = new ArrayList<>();
        if (java != null) {
            needSandbox.add("--java");
        }
        if (!jvmArgs.isEmpty()) {
            needSandbox.add("--jvm-arg");
        }
        if (timeout != null) {
            needSandbox.add("--timeout");
        }
        if (!needSandbox.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", needSandbox) + (needSandbox.size() == 1 ? " needs" : " need")
                    + " an external sandbox, and --in-process runs in sandprof's own JVM: drop one or the other");
        }
    }

    /** sandprof refuses a class path entry that is not there (java would skip it): said before anything starts. */
    private void checkClassPath() {
        for (Path entry : classPath) {
            if (!Files.exists(entry)) {
                throw new IllegalArgumentException("no such class path entry: " + entry + " (--class-path)");
            }
        }
    }

    /**
     * The sandbox options this command line asks for. One program, one sandbox: no spare is
     * started ahead, it would only compete with the program for the CPU.
     */
    SandboxOptions options() {
        return options(List.of());
    }

    /** The same, with the flags an executable jar's manifest asks for after the command line's. */
    SandboxOptions options(List<String> manifestJvmArgs) {
        SandboxOptions.Builder options = SandboxOptions.builder().jvmArgs(jvmArgs).jvmArgs(manifestJvmArgs)
                .timeout(timeout).spare(false);
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

    /** The command's name, for its messages. */
    abstract String name();

    /**
     * Refuses the command's own options that do not go together, before anything starts.
     *
     * @throws IllegalArgumentException naming the problem and what to do
     */
    void checkOptions() {
    }

    /** Set-up before the program's classes are shipped (instrumentation must come first). */
    void beforeShipping(Interpreter sandbox) {
    }

    /** Runs the program's main and returns the exit status; its failures may be thrown. */
    abstract int runMain(Interpreter sandbox, String mainClass, List<String> args);

    @Override
    public Integer call() {
        PrintStream err = System.err;
        Program program = program();
        List<Path> sources = program.sources();
        List<Path> classPath = program.classPath();
        List<String> args = program.args();
        String mainClass = program.mainClass();
        // The program reads sandprof's own stdin, as it would under java; a terminal only once it asks.
        SandboxOptions options = options(program.manifestJvmArgs()).toBuilder()
                .stdin(System.in).stdinOnDemand(HostStdin.isTerminal()).build();
        if (!inProcess) {
            // Ctrl-C, kill -TERM, a hang-up: the program's, as under java (in-process, the JVM's own handling is java's).
            ForwardedSignals.install();
        }
        try (Interpreter sandbox = inProcess ? Interpreter.inProcess(options) : Interpreter.external(options)) {
            ToolInterpreter tools = ToolInterpreter.of(sandbox);
            int feature = tools.sandboxFeature();
            Map<String, byte[]> classes = Map.of();
            String entry = mainClass;
            if (!sources.isEmpty()) {
                List<Path> compileClassPath = new ArrayList<>(classPath);
                compileClassPath.addAll(tools.apiClassPath());
                CompiledProgram compiled = new SourceCompiler().compile(sources, compileClassPath,
                        SourceCompiler.releaseFor(feature));
                classes = compiled.classes();
                entry = mainClass != null ? mainClass : compiled.firstClass();
            }
            beforeShipping(sandbox);
            if (!classPath.isEmpty()) {
                sandbox.addClassPath(classPath);
            }
            if (!classes.isEmpty()) {
                sandbox.define(classes);
            }
            return runMain(sandbox, entry, args);
        } catch (CompilationException e) {
            err.println(e.getMessage());
            err.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors"));
            return COMPILE_ERROR;
        } catch (SandboxException e) {
            return failed(e, err);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            err.println("sandprof " + name() + ": " + e.getMessage());
            return COMPILE_ERROR;
        } catch (java.io.UncheckedIOException e) {
            err.println("sandprof " + name() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Says how the program or its sandbox failed, and returns the exit status that tells it. */
    static int failed(RuntimeException failure, PrintStream err) {
        OptionalInt signal = ForwardedSignals.received();
        if (signal.isPresent() && failure instanceof SandboxStartException) {
            // The signal came while the sandbox was starting and ended it: java, stopped as it starts, says nothing.
            return 128 + signal.getAsInt();
        }
        if (failure instanceof UserCodeException) {
            err.print("Exception in thread \"main\" " + StackTraceFormat.format(((UserCodeException) failure).exception()));
            return 1;
        } else if (failure instanceof SandboxUnresponsiveException) {
            err.println("sandprof: " + failure.getMessage());
            return UNRESPONSIVE;
        } else if (failure instanceof SandboxDiedException) {
            SandboxDiedException e = (SandboxDiedException) failure;
            // A sandbox that exited on the signal passed on to it, after its hooks, or with a status
            // above 128 that the program gave System.exit, as java does: nothing to add.
            boolean onTheSignal = signal.isPresent() && e.exitStatus() == 128 + signal.getAsInt();
            if (e.exitStatus() > 128 && !onTheSignal && !e.exitedItself()) {
                err.println("sandprof: " + e.getMessage());
            }
            return e.exitStatus();
        }
        err.println("sandprof: " + failure.getMessage());
        if (failure instanceof SandboxTimeoutException) {
            return TIMED_OUT;
        } else if (failure instanceof SandboxStartException) {
            return NO_SANDBOX;
        }
        return 1;
    }
}
