package dev.sandprof.sandbox.profile;

import dev.sandprof.sandbox.RequestRefused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JDK Flight Recorder in the sandbox: a recording of the asked event's samples, dumped to a file
 * and read back into collapsed stacks. Also reads the JFR files async-profiler writes.
 */
final class JfrEngine implements ProfileEngine {

    private static final Duration DEFAULT_PERIOD = Duration.ofMillis(10);

    private final String event;
    private final long intervalNanos;
    private final String jfrFile;
    private Recording recording;
    private Set<String> eventTypes;

    JfrEngine(String event, long intervalNanos, String jfrFile) {
        this.event = event;
        this.intervalNanos = intervalNanos;
        this.jfrFile = jfrFile;
    }

    @Override
    public void start() {
        Duration period = intervalNanos > 0 ? Duration.ofNanos(intervalNanos) : DEFAULT_PERIOD;
        Recording r = new Recording();
        r.setName("sandprof");
        switch (event) {
            case "cpu":
                r.enable("jdk.ExecutionSample").withPeriod(period).withStackTrace();
                eventTypes = Set.of("jdk.ExecutionSample");
                break;
            case "cputime":
                if (FlightRecorder.getFlightRecorder().getEventTypes().stream().noneMatch(t -> t.getName().equals("jdk.CPUTimeSample"))) {
                    throw new RequestRefused("JFR's cputime event (jdk.CPUTimeSample) needs a JDK 25 sandbox: use --java with one,"
                            + " or --event cpu");
                }
                r.enable("jdk.CPUTimeSample").with("throttle", period.toMillis() + " ms").withStackTrace();
                eventTypes = Set.of("jdk.CPUTimeSample");
                break;
            case "alloc":
                r.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s").withStackTrace();
                eventTypes = Set.of("jdk.ObjectAllocationSample");
                break;
            case "lock":
                r.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ZERO).withStackTrace();
                eventTypes = Set.of("jdk.JavaMonitorEnter");
                break;
            case "wall":
                throw new RequestRefused("JFR has no wall-clock sampler: use --engine async for --event wall");
            default:
                throw new RequestRefused("JFR has no event " + event + ": use cpu, alloc or lock (cputime on JDK 25)");
        }
        r.setToDisk(true);
        r.start();
        recording = r;
    }

    @Override
    public Sampled stop() {
        Path file = null;
        try {
            recording.stop();
            file = jfrFile != null ? Path.of(jfrFile) : Files.createTempFile("sandprof-", ".jfr");
            recording.dump(file);
            Map<String, Long> stacks = stacksOf(file, eventTypes);
            long samples = stacks.values().stream().mapToLong(Long::longValue).sum();
            if (!event.equals("cpu") && !event.equals("cputime")) {
                samples = count(file, eventTypes);
            }
            return new Sampled(event, null, stacks, samples, jfrFile);
        } catch (IOException e) {
            throw new RequestRefused("the JFR recording could not be written or read: " + e.getMessage());
        } finally {
            recording.close();
            if (jfrFile == null && file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** The JFR event types async-profiler writes its samples of an event as. */
    static Set<String> asyncProfilerEvent(String event) {
        switch (event) {
            case "wall":
                return Set.of("profiler.WallClockSample");
            case "alloc":
                return Set.of("jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB");
            case "lock":
                return Set.of("jdk.JavaMonitorEnter", "jdk.ThreadPark");
            default:
                return Set.of("jdk.ExecutionSample");
        }
    }

    /**
     * The stacks of a JFR file's events of the given types, collapsed root first; each weighs one
     * sample, except allocations (their bytes, with the allocated class as the last frame) and
     * lock waits (their nanoseconds).
     */
    static Map<String, Long> stacksOf(Path file, Set<String> eventTypes) throws IOException {
        Map<String, Long> stacks = new LinkedHashMap<>();
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                RecordedStackTrace trace = e.getStackTrace();
                if (trace == null || !eventTypes.contains(e.getEventType().getName())) {
                    continue;
                }
                StringBuilder stack = new StringBuilder();
                List<RecordedFrame> frames = trace.getFrames();
                for (int i = frames.size() - 1; i >= 0; i--) {
                    RecordedFrame f = frames.get(i);
                    if (stack.length() > 0) {
                        stack.append(';');
                    }
                    String type = f.getMethod().getType() == null ? "" : f.getMethod().getType().getName();
                    stack.append(type.isEmpty() ? "" : type + ".").append(f.getMethod().getName());
                }
                long weight = 1;
                if (e.hasField("objectClass") && e.getClass("objectClass") != null) {
                    stack.append(';').append(e.getClass("objectClass").getName());
                    weight = e.hasField("weight") ? e.getLong("weight")
                            : e.hasField("allocationSize") ? e.getLong("allocationSize") : 1;
                } else if (e.getEventType().getName().equals("jdk.JavaMonitorEnter") || e.getEventType().getName().equals("jdk.ThreadPark")) {
                    weight = Math.max(1, e.getDuration().toNanos());
                }
                stacks.merge(stack.toString(), weight, Long::sum);
            }
        }
        return stacks;
    }

    private static long count(Path file, Set<String> eventTypes) throws IOException {
        long n = 0;
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                if (eventTypes.contains(in.readEvent().getEventType().getName())) {
                    n++;
                }
            }
        }
        return n;
    }
}
