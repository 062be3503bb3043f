package dev.sandprof.wire;

/**
 * Starts or stops exception tracing in instrumented code. While it is on, each reply to a request
 * that ran user code is preceded by an {@link ExceptionsTraced} event with what that request raised
 * (when it raised anything), and so is the sandbox's end when user code exits the JVM. Stopping
 * sends what the program's other threads have raised since. Answered with {@link Done}, or a
 * {@link ProtocolError} when the sandbox runs without the agent.
 */
public final class TraceExceptions extends Request<Done> {

    private boolean on;

    private TraceExceptions() {}

    public TraceExceptions(long requestId, boolean on) {
        super(requestId);
        this.on = on;
    }

    public boolean on() {
        return on;
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.traceExceptions(this);
    }
}
