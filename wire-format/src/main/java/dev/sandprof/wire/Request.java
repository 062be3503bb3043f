package dev.sandprof.wire;

/**
 * A message from the host to the sandbox; the sandbox answers each with exactly one {@link Reply}:
 * an {@code R} when it did what was asked, otherwise a {@link UserFailure} (user code threw), a
 * {@link ProtocolError} (the request was refused) or a {@link SandboxBug} (sandprof's own code failed).
 *
 * <p>Each request class is the one place that holds what both ends need to know about it: the
 * reply it is answered with, the {@link RequestHandler} method that serves it, whether it is
 * answered out of turn, and whether serving it runs user code.
 *
 * @param <R> the reply to this request when it succeeds
 */
public abstract class Request<R extends Reply> extends Message {

    protected Request() {}

    protected Request(long requestId) {
        super(requestId);
    }

    /** The class of the reply to this request when it succeeds: what the host checks a reply against. */
    public abstract Class<R> replyType();

    /** Serves this request with the handler's method for it. */
    public abstract R dispatchTo(RequestHandler handler);

    /**
     * Whether the sandbox answers it at once, beside a request that is running user code, rather
     * than after it: looking at the call stacks and interrupting must work while user code runs,
     * and a shutdown must end it.
     */
    public boolean outOfTurn() {
        return false;
    }

    /**
     * Whether serving it may run user code (a static initialiser, a method) or collects what user
     * code did on the sandbox's main thread. A request that does neither may be answered by the
     * sandbox's channel thread itself when nothing else is pending, which saves a thread hand-over
     * on short round trips.
     */
    public boolean runsUserCode() {
        return true;
    }
}
