package dev.sandprof.sandbox.profile;

import dev.sandprof.sandbox.RequestRefused;
import java.util.Map;

/** One way of sampling what the sandbox runs: started, then stopped once for its stacks. */
interface ProfileEngine {

    /** Starts sampling; throws {@link RequestRefused} naming why it cannot. */
    void start();

    /** Stops sampling and gives what was sampled. */
    Sampled stop();

    /**
     * What an engine sampled, before trimming.
     *
     * @param event   the event as sampled ({@code itimer} for a {@code cpu} that fell back)
     * @param note    what the user should know, or {@code null}
     * @param stacks  collapsed stacks (root first, frames joined by {@code ;}) and their weights
     * @param samples how many samples were taken
     * @param jfrFile the JFR recording written, or {@code null}
     * @param callPaths the agent engine's call paths ({@code frame;frame entries ticks} lines), or {@code null}
     */
    final class Sampled {
        final String event;
        final String note;
        final Map<String, Long> stacks;
        final long samples;
        final String jfrFile;
        final String callPaths;

        Sampled(String event, String note, Map<String, Long> stacks, long samples, String jfrFile) {
            this(event, note, stacks, samples, jfrFile, null);
        }

        Sampled(String event, String note, Map<String, Long> stacks, long samples, String jfrFile, String callPaths) {
            this.event = event;
            this.note = note;
            this.stacks = stacks;
            this.samples = samples;
            this.jfrFile = jfrFile;
            this.callPaths = callPaths;
        }
    }
}
