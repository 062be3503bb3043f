package dev.sandprof.wire;

/** An iteration of a JMH fork begins: JMH's format prints its heading ({@code # Warmup Iteration   1: }) now. */
public final class JmhIterationStarted extends Event {

    private boolean warmup;
    private int index;

    private JmhIterationStarted() {}

    public JmhIterationStarted(long requestId, boolean warmup, int index) {
        super(requestId);
        this.warmup = warmup;
        this.index = index;
    }

    public boolean warmup() {
        return warmup;
    }

    /** 1-based within its phase. */
    public int index() {
        return index;
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.jmhIterationStarted(this);
    }
}
