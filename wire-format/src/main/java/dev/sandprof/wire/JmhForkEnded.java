package dev.sandprof.wire;

/** A JMH fork's {@code BenchmarkResultMetaData}: when its phases began and ended, and how many operations each made. */
public final class JmhForkEnded extends Event {

    private long warmupTime;
    private long measurementTime;
    private long stopTime;
    private long warmupOps;
    private long measurementOps;

    private JmhForkEnded() {}

    public JmhForkEnded(long requestId, long warmupTime, long measurementTime, long stopTime, long warmupOps,
                        long measurementOps) {
        super(requestId);
        this.warmupTime = warmupTime;
        this.measurementTime = measurementTime;
        this.stopTime = stopTime;
        this.warmupOps = warmupOps;
        this.measurementOps = measurementOps;
    }

    public long warmupTime() {
        return warmupTime;
    }

    public long measurementTime() {
        return measurementTime;
    }

    public long stopTime() {
        return stopTime;
    }

    public long warmupOps() {
        return warmupOps;
    }

    public long measurementOps() {
        return measurementOps;
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.jmhForkEnded(this);
    }
}
