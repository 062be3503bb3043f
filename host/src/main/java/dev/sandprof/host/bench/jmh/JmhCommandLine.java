package dev.sandprof.host.bench.jmh;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.WarmupMode;

/**
 * The part of {@code sandprof bench}'s command line that is JMH's: read by JMH's own
 * {@link CommandLineOptions}, so every option has JMH's name, syntax, bounds and meaning. Among its
 * non-option arguments, the benchmarks' inputs (a {@code .java} file, a {@code .jar}, a class
 * directory) are sandprof's; the others are JMH's include patterns.
 */
public final class JmhCommandLine {

    private final List<Path> sources;
    private final List<Path> compiled;
    private final CommandLineOptions options;

    private JmhCommandLine(List<Path> sources, List<Path> compiled, CommandLineOptions options) {
        this.sources = List.copyOf(sources);
        this.compiled = List.copyOf(compiled);
        this.options = options;
    }

    /**
     * @param args the arguments that are not sandprof's own options, in their order
     * @throws CommandLineOptionException with JMH's message, for what JMH's command line refuses
     */
    public static JmhCommandLine parse(List<String> args) throws CommandLineOptionException {
        CommandLineOptions all = new CommandLineOptions(args.toArray(String[]::new));
        // JMH takes every non-option argument for a pattern; the inputs are taken out, each where JMH found it.
        List<String> inputs = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (String a : all.getIncludes()) {
            (isInput(a) ? inputs : patterns).add(a);
        }
        if (inputs.isEmpty()) {
            return new JmhCommandLine(List.of(), List.of(), all);
        }
        List<String> rest = new ArrayList<>(args);
        for (String input : inputs) {
            rest.remove(rest.lastIndexOf(input)); // the last: an option's value comes before the inputs, if ever equal
        }
        CommandLineOptions jmh = new CommandLineOptions(rest.toArray(String[]::new));
        if (!jmh.getIncludes().equals(patterns)) {
            throw new CommandLineOptionException("cannot tell the inputs " + inputs + " from the options' values: "
                    + "give the inputs after the options");
        }
        List<Path> sources = new ArrayList<>();
        List<Path> compiled = new ArrayList<>();
        for (String input : inputs) {
            (input.endsWith(".java") ? sources : compiled).add(Path.of(input));
        }
        return new JmhCommandLine(sources, compiled, jmh);
    }

    /** A source file, a jar, or a class directory: what sandprof reads; anything else is a pattern of JMH's. */
    static boolean isInput(String argument) {
        return argument.endsWith(".java") || argument.endsWith(".jar") || Files.isDirectory(Path.of(argument));
    }

    /** The {@code .java} files named, in their order. */
    public List<Path> sources() {
        return sources;
    }

    /** The jars and class directories named, in their order. */
    public List<Path> compiled() {
        return compiled;
    }

    /** JMH's options, without the inputs among its patterns. */
    public CommandLineOptions options() {
        return options;
    }

    /**
     * What of these options sandprof does not do, named as the user wrote it; {@code null} when it
     * does them all. Checked before anything is compiled or run.
     */
    public String refusal() {
        WarmupMode wm = options.getWarmupMode().orElse(WarmupMode.INDI);
        if (wm != WarmupMode.INDI) {
            return "-wm " + wm + " is not supported: each benchmark warms up in its own forks (-wm INDI, JMH's default)";
        }
        if (!options.getWarmupIncludes().isEmpty()) {
            return "-wmb " + String.join(",", options.getWarmupIncludes())
                    + " is not supported: each benchmark warms up in its own forks (-wm INDI, JMH's default)";
        }
        return null; // -prof: JmhProfilers refuses by name what it cannot run, once the benchmarks' classes are known
    }

    /**
     * JMH's {@code -lprof}: the profilers {@code -prof} takes, with the engine that runs them.
     *
     * @param sandprofEngine whether {@code --engine sandprof} was asked for
     */
    public static String profilers(boolean sandprofEngine) {
        if (sandprofEngine) {
            return "Supported profilers (--engine sandprof):\n"
                    + "        gc: allocation per operation and GC counts, as JMH's\n"
                    + "     async: async-profiler over each fork's measurement (dir=, event=)\n"
                    + "       jfr: Java Flight Recorder over each fork's measurement (dir=, event=)\n"
                    + "     agent: sandprof's own sampling agent (dir=)\n";
        }
        java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
        JmhProfilers.list(new PrintStream(listed, true, java.nio.charset.StandardCharsets.UTF_8));
        return listed.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
