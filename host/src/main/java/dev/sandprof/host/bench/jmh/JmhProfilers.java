package dev.sandprof.host.bench.jmh;

import dev.sandprof.host.bench.BenchProfiler;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.ExternalProfiler;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.Profiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.runner.options.ProfilerConfig;

/**
 * The profilers of {@code sandprof bench --engine jmh}, from JMH's {@code -prof} options:
 * <ul>
 *   <li>JMH's own internal profilers ({@code gc}, {@code stack}, {@code cl}, {@code comp},
 *       {@code mempool}, {@code pauses}, by JMH's name or class name, with JMH's options), which JMH
 *       runs inside the forked JVM around each iteration: they go to the fork's JMH options, and
 *       their results are JMH's secondary results; so is an internal profiler of the user's own
 *       (a class of the compiled sources);</li>
 *   <li>sandprof's profiling engines, by the names {@code sandprof bench} gives them
 *       ({@code async}, {@code jfr}, {@code agent}, options {@code event} and {@code dir}), over
 *       each fork's measurement iterations, their files written per fork as the default engine
 *       writes them; at most one;</li>
 *   <li>refused by name: JMH's external profilers ({@code perf}, {@code perfnorm}, {@code perfasm},
 *       {@code perfc2c}, {@code safepoints}, {@code xperfasm}, {@code dtraceasm}) and JMH's own
 *       async-profiler and JFR profilers, which JMH sets up from its host around the forked JVM
 *       (a command prefix, JVM flags, the fork's output files); an unknown name; one given twice.</li>
 * </ul>
 */
public final class JmhProfilers {

    /** JMH 1.37's internal profilers, by its names: they run in the sandbox as they run in JMH's fork. */
    private static final Map<String, String> INTERNAL = new TreeMap<>(Map.of(
            "cl", "org.openjdk.jmh.profile.ClassloaderProfiler",
            "comp", "org.openjdk.jmh.profile.CompilerProfiler",
            "gc", "org.openjdk.jmh.profile.GCProfiler",
            "mempool", "org.openjdk.jmh.profile.MemPoolProfiler",
            "pauses", "org.openjdk.jmh.profile.PausesProfiler",
            "stack", "org.openjdk.jmh.profile.StackProfiler"));

    /** JMH 1.37's profilers that its host runs around the forked JVM, by its names. */
    private static final Map<String, String> EXTERNAL = new TreeMap<>(Map.of(
            "perf", "org.openjdk.jmh.profile.LinuxPerfProfiler",
            "perfnorm", "org.openjdk.jmh.profile.LinuxPerfNormProfiler",
            "perfasm", "org.openjdk.jmh.profile.LinuxPerfAsmProfiler",
            "perfc2c", "org.openjdk.jmh.profile.LinuxPerfC2CProfiler",
            "safepoints", "org.openjdk.jmh.profile.SafepointsProfiler",
            "xperfasm", "org.openjdk.jmh.profile.WinPerfAsmProfiler",
            "dtraceasm", "org.openjdk.jmh.profile.DTraceAsmProfiler"));

    /** sandprof's engines: their names and what they are. */
    private static final Map<String, String> SANDPROF = new TreeMap<>(Map.of(
            "agent", "sandprof's agent: exact call paths over the measurement iterations (flame.html, profile.prof)",
            "async", "sandprof's async-profiler over the measurement iterations (flame.html, profile.collapsed)",
            "jfr", "sandprof's Java Flight Recorder over the measurement iterations (flame.html, profile.jfr)"));

    private final List<String> jmh;
    private final BenchProfiler engine;

    private JmhProfilers(List<String> jmh, BenchProfiler engine) {
        this.jmh = jmh;
        this.engine = engine;
    }

    /**
     * @param configs       JMH's {@code -prof} options, as its command line read them
     * @param userClasses   the binary names of the compiled sources' classes (a profiler of the user's own)
     * @throws IllegalArgumentException naming a profiler that cannot run, and why
     */
    public static JmhProfilers of(Collection<ProfilerConfig> configs, Set<String> userClasses) {
        List<String> jmh = new ArrayList<>();
        BenchProfiler engine = null;
        Set<String> seen = new HashSet<>();
        for (ProfilerConfig c : configs) {
            String name = c.getKlass();
            String opts = c.getOpts();
            String klass = INTERNAL.getOrDefault(name, EXTERNAL.getOrDefault(name, name));
            if (!seen.add(SANDPROF.containsKey(name) ? name : klass)) {
                throw new IllegalArgumentException("-prof " + name + " is given twice: JMH cannot instantiate the same profiler"
                        + " more than once");
            }
            if (SANDPROF.containsKey(name)) {
                if (engine != null) {
                    throw new IllegalArgumentException("-prof " + engine.kind().label() + " and -prof " + name
                            + ": one of sandprof's profiles at a time (async, jfr or agent)");
                }
                engine = engine(name, opts);
            } else if (EXTERNAL.containsKey(name) || EXTERNAL.containsValue(name)) {
                throw new IllegalArgumentException("-prof " + name + ": an external profiler of JMH's, which JMH runs from its"
                        + " host around the forked JVM; sandprof bench runs JMH's internal profilers (" + String.join(", ",
                        INTERNAL.keySet()) + ") and its own (async, jfr, agent)");
            } else if (name.equals("org.openjdk.jmh.profile.AsyncProfiler")
                    || name.equals("org.openjdk.jmh.profile.JavaFlightRecorderProfiler")) {
                throw new IllegalArgumentException("-prof " + name + ": JMH's own, which JMH sets up from its host (the forked"
                        + " JVM's flags and files); use sandprof's -prof " + (name.endsWith("AsyncProfiler") ? "async" : "jfr"));
            } else if (INTERNAL.containsKey(name) || INTERNAL.containsValue(name)) {
                check(name, klass, opts);
                jmh.add(opts.isEmpty() ? name : name + ":" + opts);
            } else if (userClasses.contains(name)) {
                jmh.add(opts.isEmpty() ? name : name + ":" + opts); // the fork makes it, and refuses it unless internal
            } else {
                throw new IllegalArgumentException("-prof " + name + ": no such profiler (-lprof lists them)");
            }
        }
        return new JmhProfilers(jmh, engine);
    }

    /** A JMH profiler made here as its fork will make it: its options checked, with JMH's message if wrong. */
    private static void check(String name, String klass, String opts) {
        Profiler p;
        try {
            p = ProfilerFactory.getProfilerOrException(new ProfilerConfig(klass, opts));
        } catch (ProfilerException e) {
            throw new IllegalArgumentException("-prof " + name + ": " + e.getMessage(), e);
        }
        if (!(p instanceof InternalProfiler) || p instanceof ExternalProfiler) {
            throw new IllegalStateException(klass + " is not an internal profiler only: not JMH 1.37?");
        }
    }

    private static BenchProfiler engine(String name, String opts) {
        for (String kv : opts.split("[;,]")) {
            String key = kv.contains("=") ? kv.substring(0, kv.indexOf('=')).trim() : kv.trim();
            if (!key.isEmpty() && !key.equals("event") && !key.equals("dir")) {
                throw new IllegalArgumentException("-prof " + name + ": no option " + key + " (sandprof's " + name
                        + " takes event=E and dir=D)");
            }
        }
        return BenchProfiler.parse(name + (opts.isEmpty() ? "" : ":" + opts));
    }

    /** JMH's internal profilers for the fork, each as {@code NAME[:OPTIONS]}. */
    public List<String> jmh() {
        return List.copyOf(jmh);
    }

    /** sandprof's profile over the measurement iterations, or {@code null}. */
    public BenchProfiler engine() {
        return engine;
    }

    /**
     * Where a fork's profile goes, as the default engine puts it:
     * {@code DIR/BENCHMARK[-PARAM=V...]-MODE/fork-N} ({@code warmup-fork-N} for a warmup fork).
     */
    public Path forkDir(BenchmarkParams params, int fork, boolean warmupFork) {
        StringBuilder name = new StringBuilder(params.getBenchmark());
        for (String k : params.getParamsKeys()) {
            name.append('-').append(k).append('=').append(params.getParam(k));
        }
        name.append('-').append(params.getMode().shortLabel());
        return engine.dir().resolve(name.toString()).resolve((warmupFork ? "warmup-fork-" : "fork-") + fork);
    }

    /** {@code -lprof}: what {@code --engine jmh} runs, and what it does not, as JMH lists its profilers. */
    public static void list(PrintStream out) {
        Map<String, String> supported = new TreeMap<>(SANDPROF);
        for (Map.Entry<String, String> e : INTERNAL.entrySet()) {
            try {
                supported.put(e.getKey(), ProfilerFactory.getProfilerOrException(new ProfilerConfig(e.getValue(), ""))
                        .getDescription() + " (JMH's)");
            } catch (ProfilerException ex) {
                supported.put(e.getKey(), "<none> " + ex.getMessage());
            }
        }
        int width = 2 + EXTERNAL.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder yes = new StringBuilder();
        supported.forEach((k, v) -> yes.append(String.format(Locale.ROOT, "%" + width + "s: %s%n", k, v)));
        out.println("Supported profilers:\n" + yes);
        StringBuilder no = new StringBuilder();
        EXTERNAL.forEach((k, v) -> no.append(String.format(Locale.ROOT, "%" + width + "s: %s%n", k,
                "JMH's external profiler, run from JMH's host around the forked JVM: not under sandprof bench")));
        out.println("Unsupported profilers:\n" + no);
    }
}
