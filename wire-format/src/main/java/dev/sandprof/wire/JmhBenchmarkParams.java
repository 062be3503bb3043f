package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * JMH's {@code BenchmarkParams} of one fork as data: every field the host's JMH computed, so that
 * the fork's JMH rebuilds the very same object (the benchmark, its generated stub, threads and
 * groups, iterations, mode, {@code @Param} values with their declaration order, the JVM's facts).
 * Times are a count and a {@code TimeUnit} name, as JMH's {@code TimeValue} has them.
 */
public final class JmhBenchmarkParams extends SelfDescribingMarshallable {

    private String benchmark;
    private String generatedTarget;
    private boolean synchIterations;
    private int threads;
    private int[] threadGroups = new int[0];
    private List<String> threadGroupLabels = new ArrayList<>();
    private int forks;
    private int warmupForks;
    private int warmupCount;
    private long warmupTime;
    private String warmupTimeUnit;
    private int warmupBatchSize;
    private int measurementCount;
    private long measurementTime;
    private String measurementTimeUnit;
    private int measurementBatchSize;
    private String mode;
    private List<String> paramKeys = new ArrayList<>();
    private List<String> paramValues = new ArrayList<>();
    private int[] paramOrders = new int[0];
    private String timeUnit;
    private int opsPerInvocation;
    private String jvm;
    private List<String> jvmArgs = new ArrayList<>();
    private String jdkVersion;
    private String vmName;
    private String vmVersion;
    private String jmhVersion;
    private long timeout;
    private String timeoutUnit;

    private JmhBenchmarkParams() {}

    /** @param fields by the names of {@link #asMap()} */
    public static JmhBenchmarkParams of(Map<String, Object> fields) {
        JmhBenchmarkParams p = new JmhBenchmarkParams();
        p.benchmark = (String) fields.get("benchmark");
        p.generatedTarget = (String) fields.get("generatedTarget");
        p.synchIterations = (Boolean) fields.get("synchIterations");
        p.threads = (Integer) fields.get("threads");
        p.threadGroups = ((int[]) fields.get("threadGroups")).clone();
        p.threadGroupLabels = new ArrayList<>(strings(fields.get("threadGroupLabels")));
        p.forks = (Integer) fields.get("forks");
        p.warmupForks = (Integer) fields.get("warmupForks");
        p.warmupCount = (Integer) fields.get("warmupCount");
        p.warmupTime = (Long) fields.get("warmupTime");
        p.warmupTimeUnit = (String) fields.get("warmupTimeUnit");
        p.warmupBatchSize = (Integer) fields.get("warmupBatchSize");
        p.measurementCount = (Integer) fields.get("measurementCount");
        p.measurementTime = (Long) fields.get("measurementTime");
        p.measurementTimeUnit = (String) fields.get("measurementTimeUnit");
        p.measurementBatchSize = (Integer) fields.get("measurementBatchSize");
        p.mode = (String) fields.get("mode");
        p.paramKeys = new ArrayList<>(strings(fields.get("paramKeys")));
        p.paramValues = new ArrayList<>(strings(fields.get("paramValues")));
        p.paramOrders = ((int[]) fields.get("paramOrders")).clone();
        p.timeUnit = (String) fields.get("timeUnit");
        p.opsPerInvocation = (Integer) fields.get("opsPerInvocation");
        p.jvm = (String) fields.get("jvm");
        p.jvmArgs = new ArrayList<>(strings(fields.get("jvmArgs")));
        p.jdkVersion = (String) fields.get("jdkVersion");
        p.vmName = (String) fields.get("vmName");
        p.vmVersion = (String) fields.get("vmVersion");
        p.jmhVersion = (String) fields.get("jmhVersion");
        p.timeout = (Long) fields.get("timeout");
        p.timeoutUnit = (String) fields.get("timeoutUnit");
        return p;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    /** The fields by name, as the fork's runner reads them; lists and arrays are copies. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", benchmark);
        m.put("generatedTarget", generatedTarget);
        m.put("synchIterations", synchIterations);
        m.put("threads", threads);
        m.put("threadGroups", threadGroups.clone());
        m.put("threadGroupLabels", new ArrayList<>(threadGroupLabels));
        m.put("forks", forks);
        m.put("warmupForks", warmupForks);
        m.put("warmupCount", warmupCount);
        m.put("warmupTime", warmupTime);
        m.put("warmupTimeUnit", warmupTimeUnit);
        m.put("warmupBatchSize", warmupBatchSize);
        m.put("measurementCount", measurementCount);
        m.put("measurementTime", measurementTime);
        m.put("measurementTimeUnit", measurementTimeUnit);
        m.put("measurementBatchSize", measurementBatchSize);
        m.put("mode", mode);
        m.put("paramKeys", new ArrayList<>(paramKeys));
        m.put("paramValues", new ArrayList<>(paramValues));
        m.put("paramOrders", paramOrders.clone());
        m.put("timeUnit", timeUnit);
        m.put("opsPerInvocation", opsPerInvocation);
        m.put("jvm", jvm);
        m.put("jvmArgs", new ArrayList<>(jvmArgs));
        m.put("jdkVersion", jdkVersion);
        m.put("vmName", vmName);
        m.put("vmVersion", vmVersion);
        m.put("jmhVersion", jmhVersion);
        m.put("timeout", timeout);
        m.put("timeoutUnit", timeoutUnit);
        return m;
    }

    public String benchmark() {
        return benchmark;
    }
}
