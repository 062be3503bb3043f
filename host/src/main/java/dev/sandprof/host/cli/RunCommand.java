package dev.sandprof.host.cli;

import dev.sandprof.host.Interpreter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code sandprof run}: compile a program on the host, run it in a sandbox, exit with its status. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Compile a program on the host and run its main in a sandbox JVM.",
        description = "The program's stdout and stderr appear as it runs; sandprof exits with the program's "
                + "exit status.%n%n"
                + "Exit status: the program's own (System.exit(N) gives N); 1 when main throws; 2 when the "
                + "sources do not compile or the command line is wrong; 123 when the sandbox stopped answering "
                + "(--liveness-timeout) and was ended; 124 when --timeout ends the run; "
                + "125 when no sandbox could be started; 128+N when a signal N killed the sandbox.%n%n"
                + "SIGINT (Ctrl-C), SIGTERM and SIGHUP sent to sandprof go to the program, as under java: its "
                + "shutdown hooks run and the status is 130, 143 or 129 (a sandbox still exiting 60 s later is "
                + "ended: 137).%n",
        footer = "%nWith --in-process the program runs inside sandprof's own JVM: nothing else to start, but a "
                + "program calling System.exit ends sandprof itself (the JVM has no supported way to stop it), "
                + "and --java, --jvm-arg and --timeout, which need a process of their own, are refused.")
final class RunCommand extends ProgramCommand {

    @Override
    String name() {
        return "run";
    }

    @Override
    int runMain(Interpreter sandbox, String mainClass, List<String> args) {
        sandbox.runMain(mainClass, args);
        return 0;
    }
}
