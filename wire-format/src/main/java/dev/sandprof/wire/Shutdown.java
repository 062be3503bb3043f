package dev.sandprof.wire;

/** Asks the sandbox to answer with {@link Done} and then exit with status 0. */
public final class Shutdown extends Request<Done> {

    private Shutdown() {}

    public Shutdown(long requestId) {
        super(requestId);
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.shutdown(this);
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
