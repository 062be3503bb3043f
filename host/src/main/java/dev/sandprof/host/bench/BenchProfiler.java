package dev.sandprof.host.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A profiler over each fork's measurement iterations, as {@code -prof NAME[:event=E;dir=D]} names
 * it: {@code gc} (allocation and GC counts as secondary results) or a profiling engine
 * ({@code async}, {@code jfr}, {@code agent}) whose profile is written per fork under {@code dir}.
 *
 * @param event the engine's event ({@code cpu} unless given)
 * @param dir   where the engines' profiles go ({@code prof} unless given)
 */
public record BenchProfiler(Kind kind, String event, Path dir) {

    /** The profilers {@code sandprof bench} has. */
    public enum Kind {
        GC, ASYNC, JFR, AGENT;

        /** Its name on the command line and on the wire. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code NAME[:key=value;key=value]}, JMH's spelling ({@code ,} separates too).
     *
     * @throws IllegalArgumentException for a profiler that is not one of {@link Kind}
     */
    public static BenchProfiler parse(String spec) {
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).toLowerCase(Locale.ROOT);
        Kind kind;
        try {
            kind = Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-prof " + name + " is not a profiler sandprof bench has: use gc, async, jfr or agent");
        }
        String options = colon < 0 ? "" : spec.substring(colon + 1);
        return new BenchProfiler(kind, option(options, "event", "cpu"), Path.of(option(options, "dir", "prof")));
    }

    private static String option(String options, String key, String otherwise) {
        for (String kv : options.split("[;,]")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).trim().equals(key)) {
                return kv.substring(eq + 1).trim();
            }
        }
        return otherwise;
    }

    /** Whether it is a profiling engine, whose profile comes back from each fork (not {@code gc}). */
    public boolean isEngine() {
        return kind != Kind.GC;
    }
}
