package org.openjdk.jmh.runner;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.Profiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.profile.StackProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.BenchmarkResultMetaData;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.SampleTimeResult;
import org.openjdk.jmh.results.TextResult;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Multiset;
import org.openjdk.jmh.util.SampleBuffer;

/**
 * One fork's worth of a benchmark, run by JMH's own code: the sandbox's counterpart of JMH's
 * {@code ForkedRunner}, with the plan handed over as plain data instead of over JMH's binary link.
 *
 * <p>Never loaded on the host. The host ships this class's bytes to the sandbox, which defines them
 * in a loader of the fork's own beside a copy of jmh-core (so that it may extend the package's
 * {@link BaseRunner}) and calls {@link #run} through {@code java.base} types only: what goes back is
 * strings, boxed numbers, arrays and lists, never an object of JMH's or of the user's.
 */
public final class SandprofForkRunner extends BaseRunner {

    private SandprofForkRunner(Options options, OutputFormat out) {
        super(options, out);
    }

    /**
     * Runs the fork: warmup and measurement iterations as {@code BaseRunner.runBenchmark} runs them
     * in a forked JVM.
     *
     * @param spec the benchmark's parameters, as the host's {@code BenchmarkParams} has them (see {@link #params})
     * @param sink receives, in order: {@code ("print"|"println"|"verbosePrintln", {text})},
     *     {@code ("iteration", {type, index})}, {@code ("result", {type, index, allOps, measuredOps, results})},
     *     {@code ("meta", {warmupTime, measurementTime, stopTime, warmupOps, measurementOps})};
     *     {@code spec} may also hold {@code profilers} (JMH's internal profilers, {@code NAME[:OPTIONS]}) and
     *     {@code profiling} (a {@code Consumer<Boolean>} starting and stopping sandprof's profile, see {@link SandprofProfiler})
     */
    @SuppressWarnings("unchecked")
    public static void run(Map<String, Object> spec, BiConsumer<String, Object[]> sink) {
        BenchmarkParams params = params(spec);
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .shouldFailOnError((Boolean) spec.get("failOnError"))
                .shouldDoGC((Boolean) spec.get("doGC"));
        for (String p : (List<String>) spec.getOrDefault("profilers", List.of())) {
            int colon = p.indexOf(':');
            String name = colon < 0 ? p : p.substring(0, colon);
            if (name.equals("stack") || name.equals(StackProfiler.class.getName())) {
                name = SandprofStackProfiler.class.getName(); // JMH's, without the sandbox's threads
            }
            builder.addProfiler(name, colon < 0 ? "" : p.substring(colon + 1));
        }
        Consumer<Boolean> profiling = (Consumer<Boolean>) spec.get("profiling");
        if (profiling != null) {
            SandprofProfiler.use(profiling);
            builder.addProfiler(SandprofProfiler.class.getName(), "");
        }
        Options options = builder.build();
        checkProfilers(options);
        SandprofForkRunner runner = new SandprofForkRunner(options, new Forwarding(sink));
        ActionPlan plan = new ActionPlan(ActionType.FORKED);
        plan.add(new Action(params, ActionMode.WARMUP_MEASUREMENT));
        runner.runBenchmarksForked(plan, new IterationResultAcceptor() {
            @Override
            public void accept(IterationResult data) {
                // Sent with out.iterationResult, which BaseRunner calls just before this for every measurement iteration.
            }

            @Override
            public void acceptMeta(BenchmarkResultMetaData md) {
                sink.accept("meta", new Object[] {md.getWarmupTime(), md.getMeasurementTime(), md.getStopTime(),
                        md.getWarmupOps(), md.getMeasurementOps()});
            }
        });
    }

    /**
     * Each profiler made here as JMH's fork makes it ({@code BenchmarkHandler} drops one it cannot
     * make without a word): one that cannot be made, or that is not an internal profiler (JMH runs
     * those from its host, around the forked JVM), fails the fork with JMH's reason.
     */
    private static void checkProfilers(Options options) {
        for (ProfilerConfig c : options.getProfilers()) {
            Profiler p;
            try {
                p = ProfilerFactory.getProfilerOrException(c);
            } catch (ProfilerException e) {
                throw new IllegalArgumentException("-prof " + c.getKlass() + ": " + e.getMessage(), e);
            }
            if (!(p instanceof InternalProfiler)) {
                throw new IllegalArgumentException("-prof " + c.getKlass() + ": an external profiler, which JMH runs from its"
                        + " host around the forked JVM; sandprof bench runs internal profilers only");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static BenchmarkParams params(Map<String, Object> s) {
        org.openjdk.jmh.runner.WorkloadParams workload = new org.openjdk.jmh.runner.WorkloadParams();
        List<String> keys = (List<String>) s.get("paramKeys");
        List<String> values = (List<String>) s.get("paramValues");
        int[] orders = (int[]) s.get("paramOrders");
        for (int i = 0; i < keys.size(); i++) {
            workload.put(keys.get(i), values.get(i), orders[i]);
        }
        return new BenchmarkParams((String) s.get("benchmark"), (String) s.get("generatedTarget"),
                (Boolean) s.get("synchIterations"), (Integer) s.get("threads"), (int[]) s.get("threadGroups"),
                (List<String>) s.get("threadGroupLabels"), (Integer) s.get("forks"), (Integer) s.get("warmupForks"),
                iteration(s, "warmup", IterationType.WARMUP), iteration(s, "measurement", IterationType.MEASUREMENT),
                Mode.deepValueOf((String) s.get("mode")), workload, TimeUnit.valueOf((String) s.get("timeUnit")),
                (Integer) s.get("opsPerInvocation"), (String) s.get("jvm"), (List<String>) s.get("jvmArgs"),
                (String) s.get("jdkVersion"), (String) s.get("vmName"), (String) s.get("vmVersion"),
                (String) s.get("jmhVersion"), time(s, "timeout"));
    }

    private static IterationParams iteration(Map<String, Object> s, String prefix, IterationType type) {
        return new IterationParams(type, (Integer) s.get(prefix + "Count"), time(s, prefix + "Time"),
                (Integer) s.get(prefix + "BatchSize"));
    }

    private static TimeValue time(Map<String, Object> s, String key) {
        return new TimeValue((Long) s.get(key), TimeUnit.valueOf((String) s.get(key + "Unit")));
    }

    /** A result as plain data: {kind, role, label, unit, policy, value, sample cells, text, time unit}. */
    static Object[] data(Result<?> r) {
        String kind = r.getClass().getSimpleName();
        long[] cells = null;
        String text = null;
        String timeUnit = null;
        double value = Double.NaN;
        if (r instanceof SampleTimeResult) {
            cells = cells((SampleBuffer) field(SampleTimeResult.class, "buffer", r));
            timeUnit = ((TimeUnit) field(SampleTimeResult.class, "outputTimeUnit", r)).name();
        } else if (kind.equals("PausesProfilerResult")) {
            cells = cells((SampleBuffer) field(r.getClass(), "buffer", r));
        } else if (r instanceof StackProfiler.StackResult) {
            text = stacks((StackProfiler.StackResult) r);
            value = (Integer) field(StackProfiler.StackResult.class, "topStacks", r);
        } else if (r instanceof TextResult) {
            text = (String) field(TextResult.class, "output", r);
        } else {
            if (r.getStatistics().getN() != 1) {
                throw new IllegalStateException(kind + " " + r.getLabel() + " holds " + r.getStatistics().getN()
                        + " values: sandprof carries one per result of this kind");
            }
            value = r.getStatistics().getMean();
        }
        return new Object[] {kind, r.getRole().name(), r.getLabel(), r.getScoreUnit(),
                ((Enum<?>) field(Result.class, "policy", r)).name(), value, cells, text, timeUnit};
    }

    /** A stack profile as text: a line per distinct stack, {@code STATE TAB COUNT TAB FRAME TAB FRAME...}. */
    @SuppressWarnings("unchecked")
    private static String stacks(StackProfiler.StackResult r) {
        Map<Thread.State, Multiset<Object>> stacks = (Map<Thread.State, Multiset<Object>>) field(StackProfiler.StackResult.class,
                "stacks", r);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Thread.State, Multiset<Object>> e : stacks.entrySet()) {
            for (Object record : e.getValue().keys()) {
                List<String> lines = (List<String>) field(record.getClass(), "lines", record);
                out.append(e.getKey().name()).append('\t').append(e.getValue().count(record));
                for (String l : lines) {
                    out.append('\t').append(l);
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** A sample buffer's non-zero cells as (bucket, cell, count) triples. */
    private static long[] cells(SampleBuffer buffer) {
        int[][] hdr = (int[][]) field(SampleBuffer.class, "hdr", buffer);
        List<Long> out = new ArrayList<>();
        for (int b = 0; b < hdr.length; b++) {
            if (hdr[b] != null) {
                for (int c = 0; c < hdr[b].length; c++) {
                    if (hdr[b][c] != 0) {
                        out.add((long) b);
                        out.add((long) c);
                        out.add((long) hdr[b][c]);
                    }
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static Object field(Class<?> owner, String name, Object of) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(of);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jmh-core has no field " + owner.getName() + "." + name + ": not JMH 1.37?", e);
        }
    }

    /** What the fork prints and measures, forwarded as data, as JMH's link forwards it to the host's format. */
    private static final class Forwarding implements OutputFormat {
        private final BiConsumer<String, Object[]> sink;

        Forwarding(BiConsumer<String, Object[]> sink) {
            this.sink = sink;
        }

        @Override
        public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
            sink.accept("iteration", new Object[] {params.getType().name(), iteration});
        }

        @Override
        public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
            List<Object[]> results = new ArrayList<>();
            for (Result<?> r : data.getRawPrimaryResults()) {
                results.add(data(r));
            }
            for (String label : data.getRawSecondaryResults().keys()) {
                Collection<Result> rs = data.getRawSecondaryResults().get(label);
                for (Result<?> r : rs) {
                    results.add(data(r));
                }
            }
            sink.accept("result", new Object[] {params.getType().name(), iteration, data.getMetadata().getAllOps(),
                    data.getMetadata().getMeasuredOps(), results});
        }

        @Override
        public void startBenchmark(BenchmarkParams benchParams) {
        }

        @Override
        public void endBenchmark(BenchmarkResult result) {
        }

        @Override
        public void startRun() {
        }

        @Override
        public void endRun(Collection<RunResult> result) {
        }

        @Override
        public void print(String s) {
            sink.accept("print", new Object[] {s});
        }

        @Override
        public void println(String s) {
            sink.accept("println", new Object[] {s});
        }

        @Override
        public void verbosePrintln(String s) {
            sink.accept("verbosePrintln", new Object[] {s});
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public void write(int b) {
            sink.accept("print", new Object[] {String.valueOf((char) b)});
        }

        @Override
        public void write(byte[] b) {
            sink.accept("print", new Object[] {new String(b, java.nio.charset.Charset.defaultCharset())});
        }
    }
}
