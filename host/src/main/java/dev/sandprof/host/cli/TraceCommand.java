package dev.sandprof.host.cli;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.TraceResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandprof trace}: run a program as {@code run} does, and list every exception it raised. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Run a program in a sandbox JVM and list every exception raised in its code, caught or not.",
        description = "Runs the program as 'sandprof run' does (its output and exit status are kept), with the "
                + "sandprof agent recording each exception raised in instrumented code: its class and message, the "
                + "call stack at the raise, and where it stopped propagating (caught, and by which catch; or "
                + "escaped). Repeats at the same place that ended the same way are listed once, with a count, in "
                + "one thread or many (in 16 threads: pool-1-thread-1..16); the most raised come first. "
                + "The list goes to stderr after the program ends.%n%n"
                + "Instrumented: the program's own code. For sources, their classes; for -jar or --main, every class "
                + "of its class path (the jar, the jars its manifest's Class-Path names, the --class-path entries), "
                + "never the JDK's or sandprof's; and what --instrument names. Classes the program defines at run time "
                + "in class loaders of its own (a script engine's compiled scripts) are instrumented as its other "
                + "classes are, when the loader's parents lead to the program's class path; those of a loader whose "
                + "parents stop at the JDK's loaders are not (sandprof's hooks are not visible from there). Static "
                + "initialisers and lambda bodies are frames of their own, as in the JVM's stack traces. The stack "
                + "is the one at the raise: an exception made in one place and thrown in another (a factory method "
                + "such as H2's DbException.get, or one made ahead and rethrown) shows where it was thrown; its own "
                + "printStackTrace shows where it was made.%n%n"
                + "Not recorded, by nature: frames of the JDK's methods (an exception the JDK raises inside "
                + "instrumented code, Integer.parseInt's, is attributed to the instrumented caller); frames of hidden "
                + "classes (lambda and proxy classes, Lookup.defineHiddenClass), which the JVM hands to no agent; and "
                + "exceptions raised before the trace starts, or in classes loaded before it (none for a program "
                + "run from its main).%n")
final class TraceCommand extends ProgramCommand {

    @Option(names = "--instrument", paramLabel = "PATTERN", split = ",",
            description = "Also instrument these classes of the class path of a program given as sources (a program run "
                    + "with -jar or --main has all of its class path instrumented already): a class-name pattern (com.example.*, "
                    + "where * stands for any characters; a name without * takes in its package), or a jar or "
                    + "class directory (repeatable, or ','-separated).")
    List<String> instrument = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the exceptions to FILE as JSON, with each thread's count.")
    Path json;

    @Override
    String name() {
        return "trace";
    }

    @Override
    void checkOptions() {
        if (inProcess) {
            throw new IllegalArgumentException("tracing needs the sandprof agent, which runs only in a sandbox: drop --in-process");
        }
    }

    @Override
    void beforeShipping(Interpreter sandbox) {
        List<String> include = new ArrayList<>(instrument);
        if (jar != null || mainClass != null) {
            // The program is its class path: every class sandprof's loaders define from it is its own.
            include.add("*");
        }
        sandbox.instrument(include);
    }

    @Override
    int runMain(Interpreter sandbox, String mainClass, List<String> args) {
        TraceResult trace = sandbox.traceExceptions(i -> i.runMain(mainClass, args));
        PrintStream err = System.err;
        int status = trace.failure().map(f -> failed(f, err)).orElse(0);
        err.print(TraceReport.text(trace.exceptions()));
        if (json != null) {
            try {
                Files.writeString(json, TraceReport.json(trace.exceptions(), status), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("sandprof trace: cannot write " + json + ": " + e.getMessage());
                return status == 0 ? 1 : status;
            }
        }
        return status;
    }
}
