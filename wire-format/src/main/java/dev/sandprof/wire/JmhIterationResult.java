package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * An iteration of a JMH fork ended: JMH's {@code IterationResult} as data, its metadata and its raw
 * results (one primary a worker thread, then the secondary ones), from which the host rebuilds it.
 */
public final class JmhIterationResult extends Event {

    private boolean warmup;
    private int index;
    private long allOps;
    private long measuredOps;
    private List<JmhResultData> results = new ArrayList<>();

    private JmhIterationResult() {}

    public JmhIterationResult(long requestId, boolean warmup, int index, long allOps, long measuredOps,
                              List<JmhResultData> results) {
        super(requestId);
        this.warmup = warmup;
        this.index = index;
        this.allOps = allOps;
        this.measuredOps = measuredOps;
        this.results = new ArrayList<>(results);
    }

    public boolean warmup() {
        return warmup;
    }

    public int index() {
        return index;
    }

    public long allOps() {
        return allOps;
    }

    public long measuredOps() {
        return measuredOps;
    }

    public List<JmhResultData> results() {
        return List.copyOf(results);
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.jmhIterationResult(this);
    }
}
