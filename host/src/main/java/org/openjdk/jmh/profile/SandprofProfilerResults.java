package org.openjdk.jmh.profile;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.util.HashMultiset;
import org.openjdk.jmh.util.Multiset;
import org.openjdk.jmh.util.SampleBuffer;

/**
 * The results of JMH's own profilers that are classes of theirs (the stack and pauses profilers'),
 * rebuilt on the host from a sandbox's data as the fork made them, so that JMH aggregates and prints
 * them as its own: hence this package, where {@code PausesProfilerResult} is visible. {@code
 * StackProfiler}'s records are of a private class, made by reflection (jmh-core 1.37 is pinned).
 */
public final class SandprofProfilerResults {

    private SandprofProfilerResults() {}

    /** {@code PausesProfiler}'s result: the pauses it saw, in a sample buffer of nanoseconds. */
    public static org.openjdk.jmh.results.Result<?> pauses(SampleBuffer buffer) {
        return new PausesProfiler.PausesProfilerResult(buffer);
    }

    /**
     * {@code StackProfiler}'s result.
     *
     * @param text a line per distinct stack: {@code STATE TAB COUNT TAB FRAME TAB FRAME...}
     * @param top  the number of top stacks it shows
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static org.openjdk.jmh.results.Result<?> stack(String text, int top) {
        Map<Thread.State, Multiset<Object>> stacks = new EnumMap<>(Thread.State.class);
        for (Thread.State s : Thread.State.values()) {
            stacks.put(s, new HashMultiset<>());
        }
        Constructor<?> record;
        try {
            record = Class.forName(StackProfiler.class.getName() + "$StackRecord").getDeclaredConstructor(List.class);
            record.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jmh-core's StackProfiler has no StackRecord(List): not JMH 1.37?", e);
        }
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length < 3) {
                throw new IllegalArgumentException("a stack profile's line has a state, a count and frames, not: " + line);
            }
            try {
                Object r = record.newInstance(new ArrayList<>(Arrays.asList(f).subList(2, f.length)));
                stacks.get(Thread.State.valueOf(f[0])).add(r, Long.parseLong(f[1]));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return new StackProfiler.StackResult((Map) stacks, top);
    }
}
