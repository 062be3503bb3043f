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
        CommandLine cli = new CommandLine(new SandprofCli())
                // Everything after the program's first file is its own: "-v" there is the program's flag, not ours.
                .setStopAtPositional(true)
                // An @file among the program's arguments is the program's (a formatter's @argfile): sandprof expands none.
                .setExpandAtFiles(false)
                .setParameterExceptionHandler(SandprofCli::badCommandLine);
        // JMH takes its options before and after the benchmarks' patterns, and bench passes nothing on to a program.
        cli.getSubcommands().get("bench").setStopAtPositional(false)
                // and every option but bench's own is JMH's, read by JMH's own command line
                .setUnmatchedOptionsArePositionalParams(true);
        return cli.execute(args);
    }

    /** A command line sandprof cannot act on: one line naming the problem and what to do, status 2. */
    private static int badCommandLine(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        String message = e.getMessage().replace(System.lineSeparator(), " ").replace('\n', ' ').strip();
        if (e instanceof CommandLine.UnmatchedArgumentException) {
            String unmatched = ((CommandLine.UnmatchedArgumentException) e).getUnmatched().get(0);
            boolean option = unmatched.startsWith("-") && unmatched.length() > 1;
            message = (option ? "unknown option '" : "unexpected argument '") + unmatched + "'";
        }
        if (e instanceof CommandLine.UnmatchedArgumentException || e instanceof CommandLine.MissingParameterException
                || message.startsWith("Invalid value")) {
            message += " (" + name + " --help lists " + (command.getSubcommands().isEmpty() ? "the options)" : "the commands)");
        }
        command.getErr().println(name + ": " + message);
        return 2;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, for example: sandprof run Hello.java");
    }
}
