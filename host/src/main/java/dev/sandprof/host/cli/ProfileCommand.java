package dev.sandprof.host.cli;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.ProfileOptions;
import dev.sandprof.host.ProfileResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandprof profile}: run a program as {@code run} does, profiled, and report where its time went. */
@Command(name = "profile", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Run a program in a sandbox JVM under a profiler and report where its time (or memory) went.",
        description = "Runs the program as 'sandprof run' does (its output and exit status are kept) with a profiler "
                + "sampling the sandbox, then prints the top methods by total and self samples and writes to --out: "
                + "flame.html (a self-contained flame graph), profile.collapsed (collapsed stacks, for flamegraph.pl or "
                + "speedscope) and, for the jfr engine or with --jfr, profile.jfr (JDK Mission Control, jfr print).%n%n"
                + "Stacks are trimmed to the program: sandprof's own threads and the JVM's do not appear, and frames below "
                + "the program's first frame are cut.%n")
final class ProfileCommand extends ProgramCommand {

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "async",
            description = "async (async-profiler, the default), jfr (JDK Flight Recorder) or agent (sandprof's agent: "
                    + "exact call counts per call path, time sampled; writes profile.prof; instruments what trace does).")
    String engine;

    @Option(names = "--event", paramLabel = "EVENT", defaultValue = "cpu",
            description = "cpu (the default; async falls back to itimer where perf_events is denied), wall (async), "
                    + "alloc, lock; cputime (jfr, JDK 25 sandboxes).")
    String event;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The sampling interval of cpu and wall (default: 10ms).")
    Duration interval;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "prof", description = "Where to write the files (default: prof).")
    Path out;

    @Option(names = "--jfr", description = "With the async engine, also write profile.jfr.")
    boolean jfr;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Methods in each table of the report (default: 10).")
    int top;

    @Override
    String name() {
        return "profile";
    }

    private ProfileOptions.Engine engine() {
        try {
            return ProfileOptions.Engine.valueOf(engine.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no engine " + engine + ": use --engine async, jfr or agent");
        }
    }

    @Override
    void checkOptions() {
        if (engine() == ProfileOptions.Engine.AGENT && inProcess) {
            throw new IllegalArgumentException("the agent engine needs the sandprof agent, which runs only in a sandbox:"
                    + " drop --in-process, or use --engine async or jfr");
        }
        if (top < 1) {
            throw new IllegalArgumentException("--top " + top + " shows nothing: give 1 or more");
        }
    }

    @Override
    void beforeShipping(Interpreter sandbox) {
        if (engine() == ProfileOptions.Engine.AGENT) {
            // Before the classes are shipped: the agent instruments them as they are defined. A program
            // run with -jar or --main is its class path: all of it, as trace instruments it.
            sandbox.instrument(jar != null || mainClass != null ? List.of("*") : List.of());
        }
    }

    @Override
    int runMain(Interpreter sandbox, String mainClass, List<String> args) {
        ProfileOptions.Engine chosen = engine();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        ProfileOptions options = ProfileOptions.of(chosen, event);
        if (interval != null) {
            options = options.interval(interval);
        }
        if (jfr || chosen == ProfileOptions.Engine.JFR) {
            options = options.jfrFile(out.resolve("profile.jfr"));
        }
        ProfileResult profile = sandbox.profile(options, i -> i.runMain(mainClass, args));
        PrintStream err = System.err;
        int status = profile.failure().map(f -> failed(f, err)).orElse(0);
        List<Path> files;
        try {
            files = ProfileFiles.write(profile, out, String.join(" ", concat(mainClass, args)));
        } catch (IOException e) {
            err.println("sandprof profile: cannot write to " + out + ": " + e.getMessage());
            return status == 0 ? 1 : status;
        }
        err.print(ProfileReport.text(profile, top));
        err.println("wrote " + ProfileFiles.list(files));
        return status;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

}
