package dev.sandprof.host.bench.jmh;

import dev.sandprof.wire.JmhBenchmarkParams;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What JMH's {@code Runner} would run: the selected benchmarks in each mode ({@code -bm}, {@code Mode.All})
 * and each combination of their parameters, and the {@code BenchmarkParams} of each, made by JMH's
 * own {@code Runner.newBenchmarkParams} (each value from the command line, else the annotation, else
 * JMH's default). One difference, on purpose: where neither gives JVM arguments, JMH's forks get its
 * host JVM's; sandprof's host is not the user's JVM, so its forks get none, as {@code java -jar
 * benchmarks.jar} with no flags gives.
 *
 * <p>Prototype: it reaches {@code Runner}'s private methods by reflection (jmh-core 1.37 is pinned).
 */
final class JmhPlan {

    private final Options options;
    private final Runner runner;
    /** JMH's runner with sandprof's default java for JMH's own (its host JVM's), when neither -jvm nor @Fork(jvm) says. */
    private final Runner onDefaultJvm;
    private final Method newBenchmarkParams;
    private final Method explodeAllParams;
    private final Object warmupMeasurement;

    /** @param defaultJvm the {@code java} of the forks for which neither {@code -jvm} nor {@code @Fork(jvm)} names one */
    JmhPlan(Options options, OutputFormat out, String defaultJvm) {
        this.options = options;
        this.runner = new Runner(options, out);
        this.onDefaultJvm = new Runner(new OptionsBuilder().parent(options).jvm(defaultJvm).build(), out);
        try {
            Class<?> actionMode = Class.forName("org.openjdk.jmh.runner.ActionMode");
            newBenchmarkParams = Runner.class.getDeclaredMethod("newBenchmarkParams", BenchmarkListEntry.class, actionMode);
            newBenchmarkParams.setAccessible(true);
            explodeAllParams = Runner.class.getDeclaredMethod("explodeAllParams", BenchmarkListEntry.class);
            explodeAllParams.setAccessible(true);
            Field wm = actionMode.getField("WARMUP_MEASUREMENT");
            wm.setAccessible(true);
            warmupMeasurement = wm.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jmh-core is not 1.37: " + e, e);
        }
    }

    /** The runs, in JMH's order, with their parameters. */
    List<BenchmarkParams> params(SortedSet<BenchmarkListEntry> selected) {
        List<BenchmarkListEntry> entries = new ArrayList<>(selected);
        if (!options.getBenchModes().isEmpty()) {
            List<BenchmarkListEntry> moded = new ArrayList<>();
            for (BenchmarkListEntry e : entries) {
                for (Mode m : options.getBenchModes()) {
                    moded.add(e.cloneWith(m));
                }
            }
            entries = moded;
        }
        List<BenchmarkListEntry> all = new ArrayList<>();
        for (BenchmarkListEntry e : entries) {
            if (e.getMode() == Mode.All) {
                for (Mode m : Mode.values()) {
                    if (m != Mode.All) {
                        all.add(e.cloneWith(m));
                    }
                }
            } else {
                all.add(e);
            }
        }
        SortedSet<BenchmarkListEntry> expanded = new TreeSet<>();
        for (BenchmarkListEntry e : all) {
            if (e.getParams().hasValue()) {
                for (WorkloadParams p : this.<List<WorkloadParams>>call(runner, explodeAllParams, e)) {
                    expanded.add(e.cloneWith(p));
                }
            } else {
                expanded.add(e);
            }
        }
        List<BenchmarkParams> params = new ArrayList<>();
        for (BenchmarkListEntry e : expanded) {
            Runner r = options.getJvm().hasValue() || e.getJvm().hasValue() ? runner : onDefaultJvm;
            BenchmarkParams p = call(r, newBenchmarkParams, e, warmupMeasurement);
            if (!options.getJvmArgs().hasValue() && !e.getJvmArgs().hasValue()) {
                List<String> args = new ArrayList<>(options.getJvmArgsPrepend().orElse(e.getJvmArgsPrepend().orElse(List.of())));
                args.addAll(options.getJvmArgsAppend().orElse(e.getJvmArgsAppend().orElse(List.of())));
                p = withJvmArgs(p, args);
            }
            params.add(p);
        }
        return params;
    }

    @SuppressWarnings("unchecked")
    private static <T> T call(Runner runner, Method m, Object... args) {
        try {
            return (T) m.invoke(runner, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BenchmarkParams withJvmArgs(BenchmarkParams p, Collection<String> jvmArgs) {
        return new BenchmarkParams(p.getBenchmark(), p.generatedBenchmark(), p.shouldSynchIterations(), p.getThreads(),
                p.getThreadGroups(), p.getThreadGroupLabels(), p.getForks(), p.getWarmupForks(), p.getWarmup(),
                p.getMeasurement(), p.getMode(), workload(p), p.getTimeUnit(), p.getOpsPerInvocation(), p.getJvm(), jvmArgs,
                p.getJdkVersion(), p.getVmName(), p.getVmVersion(), p.getJmhVersion(), p.getTimeout());
    }

    /** The params' workload, with each value's declaration order (JMH sorts runs by it). */
    private static WorkloadParams workload(BenchmarkParams p) {
        WorkloadParams w = new WorkloadParams();
        orders(p).forEach((k, v) -> w.put(k, p.getParam(k), v));
        return w;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> orders(BenchmarkParams p) {
        Map<String, Integer> orders = new LinkedHashMap<>();
        try {
            Field paramsField = Class.forName("org.openjdk.jmh.infra.BenchmarkParamsL2").getDeclaredField("params");
            paramsField.setAccessible(true);
            WorkloadParams w = (WorkloadParams) paramsField.get(p);
            Field map = WorkloadParams.class.getDeclaredField("params");
            map.setAccessible(true);
            for (Map.Entry<String, Object> e : ((SortedMap<String, Object>) map.get(w)).entrySet()) {
                Field order = e.getValue().getClass().getDeclaredField("order");
                order.setAccessible(true);
                orders.put(e.getKey(), order.getInt(e.getValue()));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jmh-core is not 1.37: " + e, e);
        }
        return orders;
    }

    /** The params as data for the fork, which rebuilds the same object. */
    static JmhBenchmarkParams toWire(BenchmarkParams p) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("benchmark", p.getBenchmark());
        f.put("generatedTarget", p.generatedBenchmark());
        f.put("synchIterations", p.shouldSynchIterations());
        f.put("threads", p.getThreads());
        f.put("threadGroups", p.getThreadGroups());
        f.put("threadGroupLabels", new ArrayList<>(p.getThreadGroupLabels()));
        f.put("forks", p.getForks());
        f.put("warmupForks", p.getWarmupForks());
        iteration(f, "warmup", p.getWarmup());
        iteration(f, "measurement", p.getMeasurement());
        f.put("mode", p.getMode().shortLabel());
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Map<String, Integer> orders = orders(p);
        int[] order = new int[orders.size()];
        for (Map.Entry<String, Integer> e : orders.entrySet()) {
            order[keys.size()] = e.getValue();
            keys.add(e.getKey());
            values.add(p.getParam(e.getKey()));
        }
        f.put("paramKeys", keys);
        f.put("paramValues", values);
        f.put("paramOrders", order);
        f.put("timeUnit", p.getTimeUnit().name());
        f.put("opsPerInvocation", p.getOpsPerInvocation());
        f.put("jvm", p.getJvm());
        f.put("jvmArgs", new ArrayList<>(p.getJvmArgs()));
        f.put("jdkVersion", p.getJdkVersion());
        f.put("vmName", p.getVmName());
        f.put("vmVersion", p.getVmVersion());
        f.put("jmhVersion", p.getJmhVersion());
        f.put("timeout", p.getTimeout().getTime());
        f.put("timeoutUnit", p.getTimeout().getTimeUnit().name());
        return JmhBenchmarkParams.of(f);
    }

    private static void iteration(Map<String, Object> f, String prefix, IterationParams ip) {
        f.put(prefix + "Count", ip.getCount());
        f.put(prefix + "Time", ip.getTime().getTime());
        f.put(prefix + "TimeUnit", ip.getTime().getTimeUnit().name());
        f.put(prefix + "BatchSize", ip.getBatchSize());
    }
}
