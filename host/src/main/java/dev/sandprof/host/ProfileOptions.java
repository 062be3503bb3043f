package dev.sandprof.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What to profile with ({@link Interpreter#profile}): an engine, the event it samples, the
 * sampling interval, and whether to keep a JFR recording.
 */
public final class ProfileOptions {

    /** The profilers the sandbox has. */
    public enum Engine {
        /** async-profiler: {@code cpu} (perf_events, or itimer where denied), {@code wall}, {@code alloc}, {@code lock}. */
        ASYNC,
        /** JDK Flight Recorder: {@code cpu}, {@code alloc}, {@code lock}; {@code cputime} on JDK 25. */
        JFR,
        /**
         * The sandprof agent's call-path profile, {@code cpu} only: exact entry counts per call
         * path, time sampled at a tick. Sees the classes shipped after {@link Interpreter#instrument()};
         * needs an external sandbox.
         */
        AGENT
    }

    private final Engine engine;
    private final String event;
    private final Duration interval;
    private final Path jfrFile;

    private ProfileOptions(Engine engine, String event, Duration interval, Path jfrFile) {
        this.engine = engine;
        this.event = event;
        this.interval = interval;
        this.jfrFile = jfrFile;
    }

    /** A profile of {@code event} by {@code engine} at the engine's default interval. */
    public static ProfileOptions of(Engine engine, String event) {
        return new ProfileOptions(engine, event, null, null);
    }

    /** The same, sampling time-based events every {@code interval}. */
    public ProfileOptions interval(Duration interval) {
        return new ProfileOptions(engine, event, interval, jfrFile);
    }

    /** The same, keeping the recording as a JFR file at {@code file} (readable by JDK Mission Control, {@code jfr print}). */
    public ProfileOptions jfrFile(Path file) {
        return new ProfileOptions(engine, event, interval, file);
    }

    /** The engine that samples. */
    public Engine engine() {
        return engine;
    }

    /** What the engine samples, in its own terms (such as {@code cpu}, {@code alloc}, {@code wall}). */
    public String event() {
        return event;
    }

    /** The sampling interval of time-based events; absent for the engine's default. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    /** Where the JFR recording is kept, if it is to be kept. */
    public Optional<Path> jfrFile() {
        return Optional.ofNullable(jfrFile);
    }
}
