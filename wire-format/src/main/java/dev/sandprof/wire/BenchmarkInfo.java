package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * One {@code @Benchmark} method and what its annotations say (JMH's defaults where they say
 * nothing; -1 where JMH's own default applies and the host decides): modes, output time unit,
 * warmup and measurement, forks, threads, and the {@code @Param} values of its states.
 */
public final class BenchmarkInfo extends SelfDescribingMarshallable {

    private String benchmarkClass;
    private String method;
    private List<String> modes = new ArrayList<>();
    private String timeUnit;
    private int warmupIterations;
    private long warmupNanos;
    private int warmupBatch;
    private int measurementIterations;
    private long measurementNanos;
    private int measurementBatch;
    private int forks;
    private List<String> jvmArgs = new ArrayList<>();
    private List<String> jvmArgsAppend = new ArrayList<>();
    private int threads;
    private int operationsPerInvocation;
    private Map<String, List<String>> params = new LinkedHashMap<>();
    private String receiverType;
    private List<String> parameterTypes = new ArrayList<>();
    private String returnType;

    private BenchmarkInfo() {}

    public BenchmarkInfo(String benchmarkClass, String method, List<String> modes, String timeUnit,
                         int warmupIterations, long warmupNanos, int warmupBatch,
                         int measurementIterations, long measurementNanos, int measurementBatch,
                         int forks, List<String> jvmArgs, List<String> jvmArgsAppend, int threads,
                         int operationsPerInvocation, Map<String, List<String>> params,
                         String receiverType, List<String> parameterTypes, String returnType) {
        this.benchmarkClass = benchmarkClass;
        this.method = method;
        this.modes = new ArrayList<>(modes);
        this.timeUnit = timeUnit;
        this.warmupIterations = warmupIterations;
        this.warmupNanos = warmupNanos;
        this.warmupBatch = warmupBatch;
        this.measurementIterations = measurementIterations;
        this.measurementNanos = measurementNanos;
        this.measurementBatch = measurementBatch;
        this.forks = forks;
        this.jvmArgs = new ArrayList<>(jvmArgs);
        this.jvmArgsAppend = new ArrayList<>(jvmArgsAppend);
        this.threads = threads;
        this.operationsPerInvocation = operationsPerInvocation;
        this.params = new LinkedHashMap<>(params);
        this.receiverType = receiverType;
        this.parameterTypes = new ArrayList<>(parameterTypes);
        this.returnType = returnType;
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

    /** JMH's short names: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}. */
    public List<String> modes() {
        return List.copyOf(modes);
    }

    /** A {@code java.util.concurrent.TimeUnit} name, or {@code null} for the mode's default. */
    public String timeUnit() {
        return timeUnit;
    }

    public int warmupIterations() {
        return warmupIterations;
    }

    public long warmupNanos() {
        return warmupNanos;
    }

    public int warmupBatch() {
        return warmupBatch;
    }

    public int measurementIterations() {
        return measurementIterations;
    }

    public long measurementNanos() {
        return measurementNanos;
    }

    public int measurementBatch() {
        return measurementBatch;
    }

    public int forks() {
        return forks;
    }

    public List<String> jvmArgs() {
        return List.copyOf(jvmArgs);
    }

    public List<String> jvmArgsAppend() {
        return List.copyOf(jvmArgsAppend);
    }

    public int threads() {
        return threads;
    }

    public int operationsPerInvocation() {
        return operationsPerInvocation;
    }

    /** Each {@code @Param} field's name and its declared values, in declaration order. */
    public Map<String, List<String>> params() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }
}
