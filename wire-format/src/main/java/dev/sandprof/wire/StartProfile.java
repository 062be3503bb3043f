package dev.sandprof.wire;

/**
 * Starts a profile of everything the sandbox runs until {@link StopProfile}. Answered with
 * {@link Done} once sampling runs, or a {@link ProtocolError} naming what cannot be profiled here
 * (an unknown engine or event, no agent, a profile already running).
 */
public final class StartProfile extends Request<Done> {

    private String engine;
    private String event;
    private long intervalNanos;
    private String jfrFile;

    private StartProfile() {}

    /**
     * @param engine        {@code async} (async-profiler), {@code jfr} or {@code agent}
     * @param event         {@code cpu}, {@code wall}, {@code alloc} or {@code lock}
     * @param intervalNanos the sampling interval of time-based events; 0 for the engine's default
     * @param jfrFile       an absolute path to write a JFR recording to, or {@code null} for none
     */
    public StartProfile(long requestId, String engine, String event, long intervalNanos, String jfrFile) {
        super(requestId);
        this.engine = engine;
        this.event = event;
        this.intervalNanos = intervalNanos;
        this.jfrFile = jfrFile;
    }

    public String engine() {
        return engine;
    }

    public String event() {
        return event;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    public String jfrFile() {
        return jfrFile;
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.startProfile(this);
    }
}
