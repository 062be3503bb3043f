package dev.sandprof.wire;

/**
 * Asks for the agent's call stacks of all sandbox threads. Answered at once, even while a request
 * runs user code (that is what it is for), with a {@link ThreadStacksReply}, or a
 * {@link ProtocolError} without the agent.
 */
public final class ThreadStacks extends Request<ThreadStacksReply> {

    private ThreadStacks() {}

    public ThreadStacks(long requestId) {
        super(requestId);
    }

    @Override
    public Class<ThreadStacksReply> replyType() {
        return ThreadStacksReply.class;
    }

    @Override
    public ThreadStacksReply dispatchTo(RequestHandler handler) {
        return handler.threadStacks(this);
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
