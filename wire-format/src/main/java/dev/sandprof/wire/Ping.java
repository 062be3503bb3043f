package dev.sandprof.wire;

/** Asks the sandbox to answer with {@link Done}: a liveness check and the round-trip benchmark. */
public final class Ping extends Request<Done> {

    private Ping() {}

    public Ping(long requestId) {
        super(requestId);
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.ping(this);
    }

    @Override
    public boolean runsUserCode() {
        return false;
    }
}
