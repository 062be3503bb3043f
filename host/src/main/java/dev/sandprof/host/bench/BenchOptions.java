package dev.sandprof.host.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Threads;

/**
 * What a command line says of a benchmark run, as JMH's {@code Options}: each value absent unless
 * given, so that it can be resolved over the annotations and JMH's defaults
 * ({@link BenchmarkSettings}). Immutable; made with {@link #builder()}. The {@code parse} methods
 * read JMH's spellings of the values, with the errors {@code sandprof bench} and {@code :bench} show.
 */
public final class BenchOptions {

    private final Integer forks;
    private final Integer warmupIterations;
    private final Integer measurementIterations;
    private final Duration warmupTime;
    private final Duration measurementTime;
    private final Integer threads;
    private final List<Mode> modes;
    private final TimeUnit timeUnit;
    private final List<String> jvmArgs;
    /** As given: each is read where it is used, as JMH reads them. */
    private final List<String> params;
    private final List<Pattern> includes;
    /** As given: compiled where they are used, so a bad one is reported there. */
    private final List<String> excludes;
    private final Duration forkTimeout;
    private final BenchProfiler profiler;

    private BenchOptions(Builder b) {
        forks = b.forks;
        warmupIterations = b.warmupIterations;
        measurementIterations = b.measurementIterations;
        warmupTime = b.warmupTime;
        measurementTime = b.measurementTime;
        threads = b.threads;
        modes = List.copyOf(b.modes);
        timeUnit = b.timeUnit;
        jvmArgs = b.jvmArgs == null ? null : List.copyOf(b.jvmArgs);
        params = List.copyOf(b.params);
        includes = List.copyOf(b.includes);
        excludes = List.copyOf(b.excludes);
        forkTimeout = b.forkTimeout;
        profiler = b.profiler;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No option given: annotations and JMH's defaults decide everything. */
    public static BenchOptions none() {
        return builder().build();
    }

    /** {@code -f}. */
    public OptionalInt forks() {
        return optional(forks);
    }

    /** {@code -wi}. */
    public OptionalInt warmupIterations() {
        return optional(warmupIterations);
    }

    /** {@code -i}. */
    public OptionalInt measurementIterations() {
        return optional(measurementIterations);
    }

    /** {@code -w}. */
    public Optional<Duration> warmupTime() {
        return Optional.ofNullable(warmupTime);
    }

    /** {@code -r}. */
    public Optional<Duration> measurementTime() {
        return Optional.ofNullable(measurementTime);
    }

    /** {@code -t}; {@link Threads#MAX} for {@code max}. */
    public OptionalInt threads() {
        return optional(threads);
    }

    /** {@code -bm}, in order, {@code all} spelled out; empty when not given. */
    public List<Mode> modes() {
        return modes;
    }

    /** {@code -tu}. */
    public Optional<TimeUnit> timeUnit() {
        return Optional.ofNullable(timeUnit);
    }

    /** {@code -jvmArgs}: replaces all of {@code @Fork}'s JVM arguments. */
    public Optional<List<String>> jvmArgs() {
        return Optional.ofNullable(jvmArgs);
    }

    /**
     * {@code -p name=v1,v2}: values of {@code @Param} fields, by name; a later {@code -p} of a name
     * replaces an earlier one.
     *
     * @throws IllegalArgumentException for a {@code -p} that is not {@code name=values}
     */
    public Map<String, List<String>> params() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("-p " + p + ": write -p name=value1,value2");
            }
            out.put(p.substring(0, eq), List.of(p.substring(eq + 1).split(",")));
        }
        return out;
    }

    /** Whether a benchmark ({@code Class.method}) is to run: it matches an include (or there is none) and no {@code -e}. */
    public boolean selects(String benchmark) {
        return (includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(benchmark).find()))
                && excludes.stream().noneMatch(e -> Pattern.compile(e).matcher(benchmark).find());
    }

    public List<Pattern> includes() {
        return includes;
    }

    /** {@code -to}: how long a fork may run past its iterations' time. */
    public Optional<Duration> forkTimeout() {
        return Optional.ofNullable(forkTimeout);
    }

    /** {@code -prof}. */
    public Optional<BenchProfiler> profiler() {
        return Optional.ofNullable(profiler);
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** JMH's modes by their short or long names, any case; {@code all} for the four. */
    public static List<Mode> parseModes(String mode) {
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "thrpt": case "throughput": return List.of(Mode.Throughput);
            case "avgt": case "averagetime": return List.of(Mode.AverageTime);
            case "sample": case "sampletime": return List.of(Mode.SampleTime);
            case "ss": case "singleshottime": return List.of(Mode.SingleShotTime);
            case "all": return List.of(Mode.Throughput, Mode.AverageTime, Mode.SampleTime, Mode.SingleShotTime);
            default: throw new IllegalArgumentException("-bm " + mode + ": use thrpt, avgt, sample, ss or all");
        }
    }

    /** {@code ns us ms s m h}, or a {@link TimeUnit}'s name. */
    public static TimeUnit parseTimeUnit(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "ns": return TimeUnit.NANOSECONDS;
            case "us": return TimeUnit.MICROSECONDS;
            case "ms": return TimeUnit.MILLISECONDS;
            case "s": return TimeUnit.SECONDS;
            case "m": return TimeUnit.MINUTES;
            case "h": return TimeUnit.HOURS;
            default:
                try {
                    return TimeUnit.valueOf(unit.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("-tu " + unit + ": use ns, us, ms, s, m or h");
                }
        }
    }

    /** A number of threads of at least 1, or {@code max} ({@link Threads#MAX}), as JMH's {@code -t} takes. */
    public static int parseThreads(String value) {
        if (value.equalsIgnoreCase("max")) {
            return Threads.MAX;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("-t " + value + ": give a number of threads of at least 1, or max");
    }

    /** Collects the options given; what it is not told stays absent. */
    public static final class Builder {
        private Integer forks;
        private Integer warmupIterations;
        private Integer measurementIterations;
        private Duration warmupTime;
        private Duration measurementTime;
        private Integer threads;
        private final List<Mode> modes = new ArrayList<>();
        private TimeUnit timeUnit;
        private List<String> jvmArgs;
        private final List<String> params = new ArrayList<>();
        private final List<Pattern> includes = new ArrayList<>();
        private final List<String> excludes = new ArrayList<>();
        private Duration forkTimeout;
        private BenchProfiler profiler;

        private Builder() {}

        public Builder forks(int n) {
            forks = n;
            return this;
        }

        public Builder warmupIterations(int n) {
            warmupIterations = n;
            return this;
        }

        public Builder measurementIterations(int n) {
            measurementIterations = n;
            return this;
        }

        public Builder warmupTime(Duration time) {
            warmupTime = time;
            return this;
        }

        public Builder measurementTime(Duration time) {
            measurementTime = time;
            return this;
        }

        /** A number of threads, or {@link Threads#MAX}. */
        public Builder threads(int n) {
            threads = n;
            return this;
        }

        public Builder mode(List<Mode> more) {
            modes.addAll(more);
            return this;
        }

        public Builder timeUnit(TimeUnit unit) {
            timeUnit = unit;
            return this;
        }

        public Builder jvmArgs(List<String> args) {
            jvmArgs = List.copyOf(args);
            return this;
        }

        /** {@code -p name=v1,v2} as given (read by {@link BenchOptions#params()}). */
        public Builder param(String nameEqualsValues) {
            params.add(nameEqualsValues);
            return this;
        }

        public Builder include(Pattern p) {
            includes.add(p);
            return this;
        }

        /** {@code -e REGEX}. */
        public Builder exclude(String regex) {
            excludes.add(regex);
            return this;
        }

        public Builder forkTimeout(Duration timeout) {
            forkTimeout = timeout;
            return this;
        }

        public Builder profiler(BenchProfiler p) {
            profiler = p;
            return this;
        }

        public BenchOptions build() {
            return new BenchOptions(this);
        }
    }
}
