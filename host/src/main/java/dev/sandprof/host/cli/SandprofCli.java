package dev.sandprof.host.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sandprof}: runs Java programs in a separate, profiled sandbox JVM. */
@Command(name = "sandprof", mixinStandardHelpOptions = true, version = "sandprof 0.1.0",
        description = "Runs Java code in a separate sandbox JVM and reports what happened there.",
        subcommands = {RunCommand.class, TraceCommand.class, ProfileCommand.class, BenchCommand.class, ReplCommand.class})
public final class SandprofCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        // Everything after the program's first file is its own: "-v" there is the program's flag, not ours.
        return new CommandLine(new SandprofCli()).setStopAtPositional(true).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, for example: sandprof run Hello.java");
    }
}
