package dev.sandprof.wire;

/** Asks the sandbox to answer with {@link Done}: a liveness check and the round-trip benchmark. */
public final class Ping extends Request {

    private Ping() {}

    public Ping(long requestId) {
        super(requestId);
    }
}
