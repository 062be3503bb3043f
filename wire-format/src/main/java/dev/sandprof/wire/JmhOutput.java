package dev.sandprof.wire;

/**
 * What a JMH fork's runner printed through its output format ({@code print}, {@code println} or
 * {@code verbosePrintln}: a failure's stack, a warning), for the host's format to print as JMH's
 * host prints what its forks send.
 */
public final class JmhOutput extends Event {

    private String method;
    private String text;

    private JmhOutput() {}

    public JmhOutput(long requestId, String method, String text) {
        super(requestId);
        this.method = method;
        this.text = text;
    }

    /** {@code print}, {@code println} or {@code verbosePrintln}. */
    public String method() {
        return method;
    }

    public String text() {
        return text;
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.jmhOutput(this);
    }
}
