package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/** The exceptions a request raised in instrumented code, in the order of their first raise. */
public final class ExceptionsTraced extends Event {

    private List<TracedExceptionData> exceptions = new ArrayList<>();

    private ExceptionsTraced() {}

    public ExceptionsTraced(long requestId, List<TracedExceptionData> exceptions) {
        super(requestId);
        this.exceptions = new ArrayList<>(exceptions);
    }

    public List<TracedExceptionData> exceptions() {
        return List.copyOf(exceptions);
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.exceptionsTraced(this);
    }
}
