package dev.sandprof.agent;

import dev.sandprof.agent.internal.CallProfiler;
import java.util.List;

/**
 * The agent's exact call-path profile (GHC's {@code +RTS -p}): while it runs, every entry of an
 * instrumented method is counted per call path, exactly, and time is attributed by sampling each
 * running thread's innermost call path at a regular tick. Only classes instrumented by the agent
 * appear, and only entries made while the profile runs are counted.
 */
public final class CallProfile {

    private CallProfile() {}

    /** One call path: instrumented methods from the outermost, with its entries and ticks. */
    public static final class CallPath {
        private final List<String> frames;
        private final long entries;
        private final long ticks;

        public CallPath(List<String> frames, long entries, long ticks) {
            this.frames = List.copyOf(frames);
            this.entries = entries;
            this.ticks = ticks;
        }

        /** {@code Class.method} of each method on the path, outermost first. */
        public List<String> frames() {
            return frames;
        }

        /** How many times the path's last method was entered from exactly this path. */
        public long entries() {
            return entries;
        }

        /** How many ticks found a running thread with exactly this path innermost. */
        public long ticks() {
            return ticks;
        }
    }

    /** Starts counting and ticking every {@code intervalNanos}; throws if a profile runs already. */
    public static void start(long intervalNanos) {
        CallProfiler.start(intervalNanos);
    }

    /** Stops, and gives every call path entered meanwhile, merged across threads. */
    public static List<CallPath> stop() {
        return CallProfiler.stop();
    }
}
