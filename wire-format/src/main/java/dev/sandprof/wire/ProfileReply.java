package dev.sandprof.wire;

/**
 * A finished profile: its stacks in collapsed form ({@code frame;frame;frame count} lines, root
 * first), trimmed to the user's code: stacks without a frame of the program are dropped (the
 * sandbox's own and the JVM's threads), and frames below the program's first frame are cut.
 */
public final class ProfileReply extends Reply {

    private String engine;
    private String event;
    private String note;
    private String collapsed;
    private long samples;
    private String jfrFile;
    private String callPaths;

    private ProfileReply() {}

    /**
     * @param event   the event sampled, as the engine took it ({@code itimer} where {@code cpu} was asked
     *                but perf_events is denied)
     * @param note    something the user should know about this profile, or {@code null}
     * @param samples the samples the engine took, the dropped ones included
     * @param jfrFile the JFR recording written, or {@code null}
     * @param callPaths for the agent engine, every call path entered with its exact entry count and
     *                  its ticks ({@code frame;frame entries ticks} lines, outermost first); else {@code null}
     */
    public ProfileReply(long requestId, String engine, String event, String note, String collapsed, long samples, String jfrFile,
                        String callPaths) {
        super(requestId);
        this.engine = engine;
        this.event = event;
        this.note = note;
        this.collapsed = collapsed;
        this.samples = samples;
        this.jfrFile = jfrFile;
        this.callPaths = callPaths;
    }

    public String engine() {
        return engine;
    }

    public String event() {
        return event;
    }

    public String note() {
        return note;
    }

    public String collapsed() {
        return collapsed;
    }

    public long samples() {
        return samples;
    }

    public String jfrFile() {
        return jfrFile;
    }

    public String callPaths() {
        return callPaths;
    }

    /**
     * Collapsed stacks ({@code frame;frame weight} lines) as a map from stack to weight, in their
     * order; a stack met twice is summed, a line that is not a stack skipped.
     */
    public static java.util.Map<String, Long> parseCollapsed(String collapsed) {
        java.util.Map<String, Long> stacks = new java.util.LinkedHashMap<>();
        for (String line : collapsed.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                try {
                    stacks.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()), Long::sum);
                } catch (NumberFormatException e) {
                    // not a stack line
                }
            }
        }
        return stacks;
    }
}
