package dev.sandprof.sandbox.profile;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import one.profiler.AsyncProfiler;

/**
 * async-profiler through its Java API: the jar carries the native library, which
 * {@link AsyncProfiler#getInstance()} extracts and loads. Its log goes to the program's stdout
 * unless told otherwise, so every command names a log level (DEPENDENCIES.md).
 */
final class AsyncProfilerEngine implements ProfileEngine {

    private final String event;
    private final long intervalNanos;
    private final String jfrFile;
    private AsyncProfiler profiler;
    private String started;
    private String note;

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
            throw new ProfileRefused("async-profiler cannot load its native library here (" + e.getMessage()
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
                throw new ProfileRefused("async-profiler has no event " + event + ": use cpu, wall, alloc or lock");
        }
    }

    private void start(String engineEvent) {
        StringBuilder command = new StringBuilder("start,event=").append(engineEvent).append(",loglevel=error");
        if (intervalNanos > 0 && (engineEvent.equals("cpu") || engineEvent.equals("itimer") || engineEvent.equals("wall"))) {
            command.append(",interval=").append(intervalNanos);
        }
        if (jfrFile != null) {
            command.append(",jfr,file=").append(jfrFile);
        }
        try {
            profiler.execute(command.toString());
        } catch (IOException | IllegalArgumentException e) {
            throw new ProfileRefused("async-profiler refused to start (" + e.getMessage() + ")");
        }
        started = engineEvent;
    }

    @Override
    public Sampled stop() {
        try {
            profiler.execute("stop,loglevel=error");
            long samples = profiler.getSamples();
            Map<String, Long> stacks = jfrFile != null
                    ? JfrEngine.stacksOf(java.nio.file.Path.of(jfrFile), JfrEngine.asyncProfilerEvent(started))
                    : parse(profiler.execute("collapsed,dot,loglevel=error"));
            return new Sampled(started, note, stacks, samples, jfrFile);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new ProfileRefused("async-profiler failed to stop: " + e.getMessage());
        }
    }

    /** {@code frame;frame count} lines; a stack met twice (frame kinds differ) is summed. */
    static Map<String, Long> parse(String collapsed) {
        Map<String, Long> stacks = new LinkedHashMap<>();
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
