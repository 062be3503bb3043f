package org.openjdk.jmh.runner;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.profile.StackProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.util.HashMultiset;
import org.openjdk.jmh.util.Multiset;

/**
 * JMH's {@code -prof stack} in a sandbox: JMH's own {@link StackProfiler}, whose samples leave out
 * the sandbox's threads as JMH's leave out its fork's own (JMH knows them by name: {@code main}
 * runs its runner). The sandbox's threads are known by a frame of sandprof's ({@code dev.sandprof.})
 * or of its wire library's resource releaser; to see that frame under the profiler's {@code lines}
 * (1 by default) it samples whole stacks, and each is cut to {@code lines} after that test, so the
 * result is the one JMH's would be.
 *
 * <p>Never loaded on the host: shipped with {@link SandprofForkRunner}, which names it for {@code stack}.
 */
public final class SandprofStackProfiler extends StackProfiler {

    private static final Field STACK_LINES = field(StackProfiler.class, "stackLines");
    private static final Field TOP_STACKS = field(StackProfiler.class, "topStacks");
    private static final Field STACKS = field(StackProfiler.StackResult.class, "stacks");
    private static final Field RECORD_LINES;
    private static final Constructor<?> RECORD;

    static {
        try {
            Class<?> record = Class.forName(StackProfiler.class.getName() + "$StackRecord");
            RECORD_LINES = record.getDeclaredField("lines");
            RECORD_LINES.setAccessible(true);
            RECORD = record.getDeclaredConstructor(List.class);
            RECORD.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jmh-core's StackProfiler has no StackRecord: not JMH 1.37?", e);
        }
    }

    private final int lines;

    public SandprofStackProfiler(String options) throws ProfilerException {
        super(options);
        try {
            lines = STACK_LINES.getInt(this);
            STACK_LINES.setInt(this, Integer.MAX_VALUE);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        Collection<? extends Result> sampled = super.afterIteration(benchmarkParams, iterationParams, result);
        List<Result> out = new ArrayList<>();
        try {
            for (Result r : sampled) {
                Map<Thread.State, Multiset<Object>> all = (Map<Thread.State, Multiset<Object>>) STACKS.get(r);
                Map<Thread.State, Multiset<Object>> kept = new EnumMap<>(Thread.State.class);
                for (Map.Entry<Thread.State, Multiset<Object>> e : all.entrySet()) {
                    Multiset<Object> records = new HashMultiset<>();
                    for (Object record : e.getValue().keys()) {
                        List<String> frames = (List<String>) RECORD_LINES.get(record);
                        if (frames.stream().noneMatch(SandprofStackProfiler::isSandbox)) {
                            records.add(RECORD.newInstance(new ArrayList<>(frames.subList(0, Math.min(lines, frames.size())))),
                                    e.getValue().count(record));
                        }
                    }
                    kept.put(e.getKey(), records);
                }
                out.add(newResult(kept, TOP_STACKS.getInt(this)));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StackResult newResult(Map<Thread.State, Multiset<Object>> stacks, int top) {
        return new StackResult((Map) stacks, top);
    }

    private static boolean isSandbox(String frame) {
        return frame.startsWith("dev.sandprof.") || frame.startsWith("net.openhft.chronicle.core.io.BackgroundResourceReleaser");
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jmh-core has no field " + owner.getName() + "." + name + ": not JMH 1.37?", e);
        }
    }
}
