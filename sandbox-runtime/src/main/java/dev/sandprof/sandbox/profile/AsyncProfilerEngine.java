package dev.sandprof.sandbox.profile;

import dev.sandprof.sandbox.RequestRefused;
import java.io.IOException;
import java.util.Map;
import one.profiler.AsyncProfiler;

/**
 * async-profiler through its Java API: the jar carries the native library, which
 * {@link AsyncProfiler#getInstance()} extracts and loads. Its log goes to the program's stdout
 * unless told otherwise (DEPENDENCIES.md), so every command sends it to a file of its own, whose
 * warnings become the profile's note.
 */
final class AsyncProfilerEngine implements ProfileEngine {

    private final String event;
    private final long intervalNanos;
    private final String jfrFile;
    private AsyncProfiler profiler;
    private String started;
    private String note;
    private java.nio.file.Path log;

    AsyncProfilerEngine(String event, long intervalNanos, String jfrFile) {
        this.event = event;
        this.intervalNanos = intervalNanos;
        this.jfrFile = jfrFile;
    }

    @Override
    public void start() {
        try {
            profiler = AsyncProfiler.getInstance();
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            throw new RequestRefused("async-profiler cannot load its native library here (" + e.getMessage()
                    + "): use --engine jfr");
        }
        switch (event) {
            case "cpu":
                try {
                    start("cpu");
                } catch (IllegalStateException e) {
                    // perf_events denied (a container, perf_event_paranoid): the timer signal still works.
                    start("itimer");
                    note = "perf_events is not available here (" + e.getMessage().trim() + "): cpu sampled with itimer";
                }
                break;
            case "wall":
            case "alloc":
            case "lock":
                start(event);
                break;
            default:
                throw new RequestRefused("async-profiler has no event " + event + ": use cpu, wall, alloc or lock");
        }
    }

    /** Where async-profiler writes its messages: never the program's stdout. */
    private String log() {
        if (log == null) {
            try {
                log = java.nio.file.Files.createTempFile("sandprof-async-profiler-", ".log");
            } catch (IOException e) {
                throw new RequestRefused("no temporary file for async-profiler's log: " + e.getMessage());
            }
        }
        return ",loglevel=warn,log=" + log;
    }

    private void start(String engineEvent) {
        StringBuilder command = new StringBuilder("start,event=").append(engineEvent).append(log());
        if (intervalNanos > 0 && (engineEvent.equals("cpu") || engineEvent.equals("itimer") || engineEvent.equals("wall"))) {
            command.append(",interval=").append(intervalNanos);
        }
        if (jfrFile != null) {
            command.append(",jfr,file=").append(jfrFile);
        }
        try {
            profiler.execute(command.toString());
        } catch (IOException | IllegalArgumentException e) {
            throw new RequestRefused("async-profiler refused to start (" + e.getMessage() + ")");
        }
        started = engineEvent;
    }

    @Override
    public Sampled stop() {
        try {
            profiler.execute("stop" + log());
            long samples = profiler.getSamples();
            Map<String, Long> stacks = jfrFile != null
                    ? JfrEngine.stacksOf(java.nio.file.Path.of(jfrFile), JfrEngine.asyncProfilerEvent(started))
                    : dev.sandprof.wire.ProfileReply.parseCollapsed(profiler.execute("collapsed,dot" + log()));
            return new Sampled(started, withLog(note), stacks, samples, jfrFile);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new RequestRefused("async-profiler failed to stop: " + e.getMessage());
        }
    }

    /** The note, with what async-profiler warned of (and the log file gone). */
    private String withLog(String note) {
        try {
            String warned = java.nio.file.Files.readString(log).strip();
            java.nio.file.Files.deleteIfExists(log);
            if (warned.isEmpty()) {
                return note;
            }
            String said = "async-profiler: " + warned.replace("\n", "; ");
            return note == null ? said : note + "; " + said;
        } catch (IOException e) {
            return note;
        }
    }
}
