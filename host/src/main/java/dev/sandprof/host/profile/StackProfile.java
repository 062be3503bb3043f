package dev.sandprof.host.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sampled stacks in collapsed form: each distinct stack (frames root first) with its weight
 * (samples, or bytes for allocations, nanoseconds for locks), as flamegraph.pl and speedscope read
 * them; and per method, its self weight (on top of the stack) and total weight (anywhere on it).
 */
public final class StackProfile {

    private final Map<String, Long> stacks;
    private final long total;

    private StackProfile(Map<String, Long> stacks) {
        this.stacks = Collections.unmodifiableMap(stacks);
        this.total = stacks.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Parses {@code frame;frame;frame weight} lines; malformed lines are skipped, repeats summed. */
    public static StackProfile parse(String collapsed) {
        return new StackProfile(new LinkedHashMap<>(dev.sandprof.wire.ProfileReply.parseCollapsed(collapsed)));
    }

    /** Each distinct stack, frames root first joined by {@code ;}, and its weight. */
    public Map<String, Long> stacks() {
        return stacks;
    }

    /** The weight of all stacks. */
    public long total() {
        return total;
    }

    /** The collapsed form: one {@code frame;frame weight} line per stack. */
    public String collapsed() {
        StringBuilder out = new StringBuilder();
        stacks.forEach((stack, weight) -> out.append(stack).append(' ').append(weight).append('\n'));
        return out.toString();
    }

    /** A method's share of a profile. */
    public static final class MethodWeight {
        private final String method;
        private final long self;
        private final long total;

        MethodWeight(String method, long self, long total) {
            this.method = method;
            this.self = self;
            this.total = total;
        }

        /** The frame's name as the stacks have it. */
        public String method() {
            return method;
        }

        /** The weight of the stacks it is on top of. */
        public long self() {
            return self;
        }

        /** The weight of the stacks it is anywhere on (once per stack, however deep it recurses). */
        public long total() {
            return total;
        }
    }

    /** Every method's self and total weight, heaviest total first. */
    public List<MethodWeight> methods() {
        Map<String, long[]> byMethod = new HashMap<>();
        stacks.forEach((stack, weight) -> {
            String[] frames = stack.split(";");
            byMethod.computeIfAbsent(frames[frames.length - 1], m -> new long[2])[0] += weight;
            Set<String> seen = new HashSet<>();
            for (String f : frames) {
                if (seen.add(f)) {
                    byMethod.computeIfAbsent(f, m -> new long[2])[1] += weight;
                }
            }
        });
        List<MethodWeight> out = new ArrayList<>();
        byMethod.forEach((m, w) -> out.add(new MethodWeight(m, w[0], w[1])));
        out.sort((a, b) -> Long.compare(b.total, a.total));
        return out;
    }

    /** The {@code n} methods with the largest self weight. */
    public List<MethodWeight> topSelf(int n) {
        List<MethodWeight> all = methods();
        all.sort((a, b) -> Long.compare(b.self, a.self));
        return all.subList(0, Math.min(n, all.size()));
    }

    /** The {@code n} methods with the largest total weight. */
    public List<MethodWeight> topTotal(int n) {
        List<MethodWeight> all = methods();
        return all.subList(0, Math.min(n, all.size()));
    }
}
