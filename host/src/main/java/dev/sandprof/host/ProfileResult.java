package dev.sandprof.host;

import dev.sandprof.host.profile.CallPathProfile;
import dev.sandprof.host.profile.StackProfile;
import java.nio.file.Path;
import java.util.Optional;

/** What {@link Interpreter#profile} sampled, and how the profiled requests failed, if they did. */
public final class ProfileResult {

    private final String engine;
    private final String event;
    private final String note;
    private final StackProfile stacks;
    private final long samples;
    private final Path jfrFile;
    private final RuntimeException failure;
    private final CallPathProfile callPaths;

    public ProfileResult(String engine, String event, String note, StackProfile stacks, long samples, Path jfrFile,
                         CallPathProfile callPaths, RuntimeException failure) {
        this.engine = engine;
        this.event = event;
        this.note = note;
        this.stacks = stacks;
        this.samples = samples;
        this.jfrFile = jfrFile;
        this.failure = failure;
        this.callPaths = callPaths;
    }

    /** For the agent engine, the call-path tree with exact entry counts. */
    public Optional<CallPathProfile> callPaths() {
        return Optional.ofNullable(callPaths);
    }

    /** {@code async}, {@code jfr} or {@code agent}. */
    public String engine() {
        return engine;
    }

    /** The event as sampled: {@code itimer} where {@code cpu} was asked but perf_events is denied. */
    public String event() {
        return event;
    }

    /** What to know about this profile (a fallback, profiling the host in-process), if anything. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** The sampled stacks, trimmed to the program's code. */
    public StackProfile stacks() {
        return stacks;
    }

    /** How many samples the engine took, those of other threads dropped by the trimming included. */
    public long samples() {
        return samples;
    }

    /** The JFR recording, when one was asked for. */
    public Optional<Path> jfrFile() {
        return Optional.ofNullable(jfrFile);
    }

    /**
     * How the profiled requests failed: a {@link UserCodeException} for an exception that escaped,
     * a {@link SandboxDiedException} for a sandbox that ended (the profile of a program that calls
     * {@code System.exit} is still here), another {@link SandboxException} for a timeout.
     */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }
}
