package dev.sandprof.host.cli;

import dev.sandprof.host.CompilationException;
import dev.sandprof.host.CompiledProgram;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SandboxStartException;
import dev.sandprof.host.SandboxTimeoutException;
import dev.sandprof.host.SourceCompiler;
import dev.sandprof.host.StackTraceFormat;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.internal.ExternalInterpreter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandprof run}: compile a program on the host, run it in a sandbox, exit with its status. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Compile a program on the host and run its main in a sandbox JVM.",
        description = "The program's stdout and stderr appear as it runs; sandprof exits with the program's "
                + "exit status.%n%n"
                + "Exit status: the program's own (System.exit(N) gives N); 1 when main throws; 2 when the "
                + "sources do not compile or the command line is wrong; 124 when --timeout ends the run; "
                + "125 when no sandbox could be started; 128+N when a signal N killed the sandbox.%n",
        footer = "%nWith --in-process the program runs inside sandprof's own JVM: nothing else to start, but a "
                + "program calling System.exit ends sandprof itself (the JVM has no supported way to stop it), "
                + "and --java, --jvm-arg and --timeout, which need a process of their own, are refused.")
final class RunCommand implements Callable<Integer> {

    static final int COMPILE_ERROR = 2;
    static final int TIMED_OUT = 124;
    static final int NO_SANDBOX = 125;

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

    @Option(names = "--main", paramLabel = "CLASS",
            description = "The class whose main to run (default: the first class of the first source file).")
    String mainClass;

    @Parameters(paramLabel = "FILE.java... [ARG...]",
            description = "The program's source files, then the arguments its main gets.")
    List<String> parameters = new ArrayList<>();

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
        return options.build();
    }

    @Override
    public Integer call() {
        PrintStream err = System.err;
        List<Path> sources = new ArrayList<>();
        int i = 0;
        while (i < parameters.size() && parameters.get(i).endsWith(".java")) {
            sources.add(Path.of(parameters.get(i++)));
        }
        List<String> args = parameters.subList(i, parameters.size());
        if (sources.isEmpty() && mainClass == null) {
            err.println("sandprof run: name the program's .java files, or --main CLASS with --class-path");
            return COMPILE_ERROR;
        }
        SandboxOptions options = options();
        try (Interpreter sandbox = inProcess ? Interpreter.inProcess(options) : Interpreter.external(options)) {
            int feature = sandbox instanceof ExternalInterpreter
                    ? ((ExternalInterpreter) sandbox).sandboxFeature() : Runtime.version().feature();
            Map<String, byte[]> classes = Map.of();
            String entry = mainClass;
            if (!sources.isEmpty()) {
                List<Path> compileClassPath = new ArrayList<>(classPath);
                if (sandbox instanceof ExternalInterpreter) {
                    compileClassPath.addAll(((ExternalInterpreter) sandbox).apiClassPath());
                }
                CompiledProgram program = new SourceCompiler().compile(sources, compileClassPath,
                        SourceCompiler.releaseFor(feature));
                classes = program.classes();
                entry = mainClass != null ? mainClass : program.firstClass();
            }
            if (!classPath.isEmpty()) {
                sandbox.addClassPath(classPath);
            }
            if (!classes.isEmpty()) {
                sandbox.define(classes);
            }
            sandbox.runMain(entry, args);
            return 0;
        } catch (CompilationException e) {
            err.println(e.getMessage());
            err.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors"));
            return COMPILE_ERROR;
        } catch (UserCodeException e) {
            err.print("Exception in thread \"main\" " + StackTraceFormat.format(e.exception()));
            return 1;
        } catch (SandboxDiedException e) {
            if (e.exitStatus() > 128) {
                err.println("sandprof: " + e.getMessage());
            }
            return e.exitStatus();
        } catch (SandboxTimeoutException e) {
            err.println("sandprof: " + e.getMessage());
            return TIMED_OUT;
        } catch (SandboxStartException e) {
            err.println("sandprof: " + e.getMessage());
            return NO_SANDBOX;
        } catch (RequestRefusedException e) {
            err.println("sandprof: " + e.getMessage());
            return 1;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            err.println("sandprof run: " + e.getMessage());
            return COMPILE_ERROR;
        }
    }
}
