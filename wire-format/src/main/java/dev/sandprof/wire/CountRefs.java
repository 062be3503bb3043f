package dev.sandprof.wire;

/** Asks how many objects the sandbox holds for the host; answered with {@link RefCount}. */
public final class CountRefs extends Request<RefCount> {

    private CountRefs() {}

    public CountRefs(long requestId) {
        super(requestId);
    }

    @Override
    public Class<RefCount> replyType() {
        return RefCount.class;
    }

    @Override
    public RefCount dispatchTo(RequestHandler handler) {
        return handler.countRefs(this);
    }

    @Override
    public boolean runsUserCode() {
        return false;
    }
}
