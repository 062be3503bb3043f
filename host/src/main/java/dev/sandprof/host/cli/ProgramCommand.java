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
import dev.sandprof.host.internal.StackTraceFormat;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.internal.ToolInterpreter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the commands that run a program share: its options (sources, class path, sandbox JVM),
 * compiling it on the host, shipping it, and turning how it ended into an exit status.
 */
abstract class ProgramCommand implements Callable<Integer> {

    static final int COMPILE_ERROR = 2;
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

    @Parameters(paramLabel = "FILE.java... [ARG...]",
            description = "The program's source files, then the arguments its main gets (after --: "
                    + "only arguments, for a --main from the class path that takes X.java or -x).")
    List<String> parameters = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /**
     * The sandbox options this command line asks for. One program, one sandbox: no spare is
     * started ahead, it would only compete with the program for the CPU.
     */
    SandboxOptions options() {
        SandboxOptions.Builder options = SandboxOptions.builder().jvmArgs(jvmArgs).timeout(timeout).spare(false);
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

    /**
     * Whether the parameters came after {@code --}: then all of them are the program's arguments,
     * none a source file, as {@code java -cp X Main A.java} passes A.java to main. Picocli consumes
     * the delimiter; with stop-at-positional the parameters are the tail of the command line, so
     * the delimiter is the argument just before them.
     */
    boolean afterEndOfOptions() {
        if (spec == null || spec.commandLine().getParseResult() == null) {
            return false;
        }
        List<String> line = spec.commandLine().getParseResult().expandedArgs();
        int before = line.size() - parameters.size() - 1;
        return before >= 0 && line.get(before).equals(spec.parser().endOfOptionsDelimiter());
    }

    /** The command's name, for its messages. */
    abstract String name();

    /** Set-up before the program's classes are shipped (instrumentation must come first). */
    void beforeShipping(Interpreter sandbox) {
    }

    /** Runs the program's main and returns the exit status; its failures may be thrown. */
    abstract int runMain(Interpreter sandbox, String mainClass, List<String> args);

    @Override
    public Integer call() {
        PrintStream err = System.err;
        List<Path> sources = new ArrayList<>();
        int i = 0;
        while (!afterEndOfOptions() && i < parameters.size() && parameters.get(i).endsWith(".java")) {
            sources.add(Path.of(parameters.get(i++)));
        }
        List<String> args = parameters.subList(i, parameters.size());
        if (sources.isEmpty() && mainClass == null) {
            err.println("sandprof " + name() + ": name the program's .java files, or --main CLASS with --class-path");
            return COMPILE_ERROR;
        }
        SandboxOptions options = options();
        try (Interpreter sandbox = inProcess ? Interpreter.inProcess(options) : Interpreter.external(options)) {
            ToolInterpreter tools = ToolInterpreter.of(sandbox);
            int feature = tools.sandboxFeature();
            Map<String, byte[]> classes = Map.of();
            String entry = mainClass;
            if (!sources.isEmpty()) {
                List<Path> compileClassPath = new ArrayList<>(classPath);
                compileClassPath.addAll(tools.apiClassPath());
                CompiledProgram program = new SourceCompiler().compile(sources, compileClassPath,
                        SourceCompiler.releaseFor(feature));
                classes = program.classes();
                entry = mainClass != null ? mainClass : program.firstClass();
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
        if (failure instanceof UserCodeException) {
            err.print("Exception in thread \"main\" " + StackTraceFormat.format(((UserCodeException) failure).exception()));
            return 1;
        } else if (failure instanceof SandboxUnresponsiveException) {
            err.println("sandprof: " + failure.getMessage());
            return UNRESPONSIVE;
        } else if (failure instanceof SandboxDiedException) {
            SandboxDiedException e = (SandboxDiedException) failure;
            if (e.exitStatus() > 128) {
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
