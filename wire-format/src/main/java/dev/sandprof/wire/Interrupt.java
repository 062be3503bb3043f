package dev.sandprof.wire;

/**
 * Interrupts the thread running user code for the request in progress (what Ctrl-C does in a REPL).
 * Answered at once, out of turn, with {@link Done}; whether the code stops is up to the code.
 */
public final class Interrupt extends Request<Done> {

    private Interrupt() {}

    public Interrupt(long requestId) {
        super(requestId);
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.interrupt(this);
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
