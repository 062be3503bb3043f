package dev.sandprof.wire;

/**
 * Asks whether the sandbox still answers, while a request of the host is pending: answered at once,
 * out of turn, by the sandbox's channel thread with {@link Done}, even while user code runs. The
 * host sends one now and then during a call and ends a sandbox that leaves it unanswered too long
 * (stopped by a signal, or hung).
 */
public final class Heartbeat extends Request<Done> {

    private Heartbeat() {}

    public Heartbeat(long requestId) {
        super(requestId);
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.heartbeat(this);
    }

    @Override
    public boolean outOfTurn() {
        return true;
    }

    @Override
    public boolean runsUserCode() {
        return false;
    }
}
