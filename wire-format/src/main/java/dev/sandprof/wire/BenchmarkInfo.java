package dev.sandprof.wire;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * One {@code @Benchmark} method and what its annotations say, the method's over its class's: modes,
 * output time unit, warmup and measurement, forks, threads, operations per invocation, and the
 * {@code @Param} values of its states. A value no annotation gives is absent (JMH's own "blank"
 * annotation values count as absent, as JMH's annotation processor reads them): the host then
 * takes its command line's, else JMH's default, as JMH's {@code Runner} does.
 */
public final class BenchmarkInfo extends SelfDescribingMarshallable {

    private String benchmarkClass;
    private String method;
    /** JMH's short labels ({@code thrpt}, ...); empty without {@code @BenchmarkMode}. */
    private List<String> modes = new ArrayList<>();
    private TimeUnit timeUnit;
    private Integer warmupIterations;
    private Long warmupNanos;
    private Integer measurementIterations;
    private Long measurementNanos;
    private Integer forks;
    private List<String> jvmArgs = new ArrayList<>();
    private List<String> jvmArgsAppend = new ArrayList<>();
    private Integer threads;
    private Integer operationsPerInvocation;
    private List<BenchmarkParam> params = new ArrayList<>();
    private String receiverType;
    private List<String> parameterTypes = new ArrayList<>();
    private String returnType;

    private BenchmarkInfo() {}

    /** A benchmark method's description, to fill in: only what its annotations say. */
    public static Builder builder(String benchmarkClass, String method) {
        BenchmarkInfo b = new BenchmarkInfo();
        b.benchmarkClass = benchmarkClass;
        b.method = method;
        b.returnType = "void";
        return new Builder(b);
    }

    /** The canonical name of the class whose instance the method runs on, or {@code null} when static. */
    public String receiverType() {
        return receiverType;
    }

    /** The canonical names of the method's parameter types. */
    public List<String> parameterTypes() {
        return List.copyOf(parameterTypes);
    }

    /** The canonical name of its return type, {@code void} included. */
    public String returnType() {
        return returnType;
    }

    public String benchmarkClass() {
        return benchmarkClass;
    }

    public String method() {
        return method;
    }

    /**
     * {@code @BenchmarkMode}'s modes by JMH's short labels ({@code thrpt}, {@code avgt},
     * {@code sample}, {@code ss}; {@code Mode.All} stands for the four): empty without the annotation.
     */
    public List<String> modes() {
        return List.copyOf(modes);
    }

    /** {@code @OutputTimeUnit}'s. */
    public Optional<TimeUnit> timeUnit() {
        return Optional.ofNullable(timeUnit);
    }

    /** {@code @Warmup(iterations)}. */
    public OptionalInt warmupIterations() {
        return optional(warmupIterations);
    }

    /** {@code @Warmup(time, timeUnit)}. */
    public Optional<Duration> warmupTime() {
        return Optional.ofNullable(warmupNanos).map(Duration::ofNanos);
    }

    /** {@code @Measurement(iterations)}. */
    public OptionalInt measurementIterations() {
        return optional(measurementIterations);
    }

    /** {@code @Measurement(time, timeUnit)}. */
    public Optional<Duration> measurementTime() {
        return Optional.ofNullable(measurementNanos).map(Duration::ofNanos);
    }

    /** {@code @Fork(value)}. */
    public OptionalInt forks() {
        return optional(forks);
    }

    /** {@code @Fork(jvmArgsPrepend)} then {@code @Fork(jvmArgs)}; empty without them. */
    public List<String> jvmArgs() {
        return List.copyOf(jvmArgs);
    }

    /** {@code @Fork(jvmArgsAppend)}; empty without it. */
    public List<String> jvmArgsAppend() {
        return List.copyOf(jvmArgsAppend);
    }

    /** {@code @Threads}'s, {@code Threads.MAX} included (one thread per CPU, as JMH reads it). */
    public OptionalInt threads() {
        return optional(threads);
    }

    /** {@code @OperationsPerInvocation}'s. */
    public OptionalInt operationsPerInvocation() {
        return optional(operationsPerInvocation);
    }

    /** Each {@code @Param} field's name and its declared values, in declaration order. */
    public Map<String, List<String>> params() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach(p -> copy.put(p.name(), p.values()));
        return copy;
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** Fills in a {@link BenchmarkInfo}, once; what it is not told stays absent. */
    public static final class Builder {
        private BenchmarkInfo info;

        private Builder(BenchmarkInfo info) {
            this.info = info;
        }

        public Builder modes(List<String> shortLabels) {
            info.modes = new ArrayList<>(shortLabels);
            return this;
        }

        public Builder timeUnit(TimeUnit unit) {
            info.timeUnit = unit;
            return this;
        }

        public Builder warmupIterations(int iterations) {
            info.warmupIterations = iterations;
            return this;
        }

        public Builder warmupTime(Duration time) {
            info.warmupNanos = time.toNanos();
            return this;
        }

        public Builder measurementIterations(int iterations) {
            info.measurementIterations = iterations;
            return this;
        }

        public Builder measurementTime(Duration time) {
            info.measurementNanos = time.toNanos();
            return this;
        }

        public Builder forks(int forks) {
            info.forks = forks;
            return this;
        }

        public Builder jvmArgs(List<String> prependedThenArgs, List<String> appended) {
            info.jvmArgs = new ArrayList<>(prependedThenArgs);
            info.jvmArgsAppend = new ArrayList<>(appended);
            return this;
        }

        public Builder threads(int threads) {
            info.threads = threads;
            return this;
        }

        public Builder operationsPerInvocation(int operations) {
            info.operationsPerInvocation = operations;
            return this;
        }

        public Builder params(Map<String, List<String>> params) {
            info.params = new ArrayList<>();
            params.forEach((k, v) -> info.params.add(new BenchmarkParam(k, v)));
            return this;
        }

        /**
         * @param receiverType   the canonical name of the method's class, {@code null} for a static method
         * @param parameterTypes the canonical names of its parameter types
         * @param returnType     the canonical name of its return type, {@code void} included
         */
        public Builder signature(String receiverType, List<String> parameterTypes, String returnType) {
            info.receiverType = receiverType;
            info.parameterTypes = new ArrayList<>(parameterTypes);
            info.returnType = returnType;
            return this;
        }

        /** The description; the builder is done with. */
        public BenchmarkInfo build() {
            BenchmarkInfo built = info;
            info = null;
            return built;
        }
    }
}
